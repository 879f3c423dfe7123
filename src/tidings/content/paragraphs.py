"""Readable paragraphs for text that has none, and signs of a machine transcript.

Pure functions over plain text. Two cases:

- Punctuated text (an article pasted as one block, a human transcript): split
  into sentences and group them, 3-8 sentences or about 60-120 words each.
- Text with little or no punctuation (speech recognition output): split on
  length, preferring a break before a discourse marker ("so", "now", "but
  anyway", ...) once a paragraph has ~60 words, and forcing one at ~120.

Work is linear in the input; callers cap the input size.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

MIN_WORDS = 60
MAX_WORDS = 120
MAX_SENTENCES = 8
# Fewer sentence ends than this per word means the text is not punctuated enough
# to segment on punctuation (one end per 40 words is already a long sentence).
_WORDS_PER_END_PUNCTUATED = 40


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ABBREVIATIONS = _wordset(
    "mr mrs ms dr prof sr jr st mt vs etc inc ltd co corp gen gov sen rep col lt sgt capt "
    "no jan feb mar apr jun jul aug sep sept oct nov dec fig e.g i.e u.s u.k a.m p.m"
)
# A sentence ends at . ! ? or … (with closing quotes/brackets) before white space.
_SENTENCE_END = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s)""")
_WORD = re.compile(r"\S+")

# Words and phrases that often open a new thought in speech. Lower case, matched
# at a word boundary on the lower-cased text.
_DISCOURSE_MARKERS = (
    "so",
    "now",
    "but",
    "well",
    "okay",
    "ok",
    "alright",
    "all right",
    "anyway",
    "however",
    "meanwhile",
    "first",
    "second",
    "third",
    "finally",
    "next",
    "then",
    "today",
    "also",
    "and now",
    "and so",
    "in fact",
    "in other words",
    "on the other hand",
    "after that",
    "let's",
    "let me",
    "the thing is",
    "the point is",
    "moving on",
    "by the way",
    "at the same time",
    "in the end",
    "to be fair",
    "what's more",
    "this is",
    "that's why",
    "because of this",
    "since then",
)
_MARKER_FIRST_WORDS = {m.split()[0] for m in _DISCOURSE_MARKERS}


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (white space normalised), on . ! ? … but not after abbreviations."""
    text = " ".join(text.split())
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        token = text[text.rfind(" ", start, match.start()) + 1 : match.start()].lower()
        if match.group().startswith(".") and (
            token.strip("\"'(“‘") in _ABBREVIATIONS or len(token) == 1  # "J. Smith"
        ):
            continue
        following = text[end + 1 : end + 2]
        if following and following.islower():
            continue  # "e.g. this", "3 p.m. yesterday": not a sentence end
        sentences.append(text[start:end].strip())
        start = end
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return [s for s in sentences if s]


def sentence_ends(text: str) -> int:
    return len(_SENTENCE_END.findall(text + " "))


def is_punctuated(text: str) -> bool:
    """Enough sentence ends to segment on them (one per 40 words or more)."""
    words = len(_WORD.findall(text))
    if words < MIN_WORDS:
        return True  # too short to need splitting either way
    return sentence_ends(text) * _WORDS_PER_END_PUNCTUATED >= words


# A marker right after one of these is inside a phrase ("the next valley", "was so").
_BOUND_BEFORE = _wordset(
    "a an the this that these those my your his her its our their to of in on at by for "
    "from with into about than is was are were be been am and or not very just even and"
)


def _marker_at(words: Sequence[str], index: int) -> bool:
    first = words[index].lower().strip(",.;:!?\"'")
    if first not in _MARKER_FIRST_WORDS:
        return False
    if index and words[index - 1].lower() in _BOUND_BEFORE:
        return False
    window = " ".join(w.lower().strip(",.;:!?\"'") for w in words[index : index + 4])
    return any(window == m or window.startswith(m + " ") for m in _DISCOURSE_MARKERS)


def split_unpunctuated(text: str) -> list[str]:
    """Paragraphs of ~60-120 words, broken before discourse markers where possible."""
    words = _WORD.findall(text)
    paragraphs: list[str] = []
    start = 0
    marker = -1  # the last discourse marker seen past half the minimum length
    for index in range(len(words)):
        size = index - start
        at_marker = size >= MIN_WORDS // 2 and _marker_at(words, index)
        if at_marker and size < MIN_WORDS:
            marker = index
        if (at_marker and size >= MIN_WORDS) or size >= MAX_WORDS:
            # Over the maximum with no marker since the minimum: break at an earlier marker.
            cut = index if at_marker or marker <= start else marker
            paragraphs.append(" ".join(words[start:cut]))
            start, marker = cut, -1
    if start < len(words):
        tail = words[start:]
        if paragraphs and len(tail) < MIN_WORDS // 3:
            paragraphs[-1] += " " + " ".join(tail)  # no one-line orphan at the end
        else:
            paragraphs.append(" ".join(tail))
    return paragraphs


def group_sentences(sentences: Sequence[str]) -> list[str]:
    """Sentences grouped into paragraphs of 3-8 sentences or ~60-120 words."""
    paragraphs: list[str] = []
    current: list[str] = []
    words = 0
    for sentence in sentences:
        n = len(_WORD.findall(sentence))
        if n > MAX_WORDS:
            # A run-on sentence (punctuated transcript): it gets split on length.
            if current:
                paragraphs.append(" ".join(current))
                current, words = [], 0
            paragraphs.extend(split_unpunctuated(sentence))
            continue
        if current and (
            words + n > MAX_WORDS
            or len(current) >= MAX_SENTENCES
            or (words >= MIN_WORDS and len(current) >= 3)
        ):
            paragraphs.append(" ".join(current))
            current, words = [], 0
        current.append(sentence)
        words += n
    if current:
        if paragraphs and words < MIN_WORDS // 3 and len(current) == 1:
            paragraphs[-1] += " " + current[0]
        else:
            paragraphs.append(" ".join(current))
    return paragraphs


def make_paragraphs(text: str) -> list[str]:
    """Readable paragraphs for one block of text without paragraph structure."""
    text = " ".join(text.split())
    if not text:
        return []
    if len(_WORD.findall(text)) <= MAX_WORDS:
        return [text]
    if is_punctuated(text):
        return group_sentences(split_sentences(text))
    return split_unpunctuated(text)


def resplit_paragraphs(paragraphs: Sequence[str]) -> list[str]:
    """Keep short paragraphs as they are; split the ones far over the target length."""
    out: list[str] = []
    for paragraph in paragraphs:
        if len(_WORD.findall(paragraph)) > 2 * MAX_WORDS:
            out.extend(make_paragraphs(paragraph))
        else:
            out.append(paragraph)
    return out


# --- machine transcript evidence ------------------------------------------------

_SOUND_TAG = re.compile(
    r"[\[(](?:music|applause|laughter|laughs|inaudible|crosstalk|silence|noise|foreign|"
    r"cheering|background noise|sound|__)[\])]",
    re.IGNORECASE,
)
_FILLERS = re.compile(
    r"\b(?:um+|uh+|erm|hmm+|uh-huh|you know|i mean|kind of|sort of)\b", re.IGNORECASE
)
_LOWER_I = re.compile(r"(?:^|\s)i(?:'m|'ve|'d|'ll)?\s")


@dataclass(frozen=True, slots=True)
class TranscriptEvidence:
    """Why a text looks like speech-recognition output (empty ``reasons``: it does not)."""

    reasons: tuple[str, ...]

    @property
    def machine(self) -> bool:
        return bool(self.reasons)


def machine_transcript_evidence(text: str) -> TranscriptEvidence:
    """Signs that ``text`` is an automatic transcript, each as a readable reason.

    Two independent signs are needed (or one sound tag such as "[Music]", which
    captioning software writes and people rarely type in an article).
    """
    words = _WORD.findall(text)
    n = len(words)
    if n < 40:
        return TranscriptEvidence(())
    signs: list[str] = []
    strong = False
    tags = _SOUND_TAG.findall(text)
    if tags:
        strong = True
        signs.append(f"sound tags such as {tags[0]!r} ({len(tags)})")
    ends = sentence_ends(text)
    if ends * _WORDS_PER_END_PUNCTUATED < n:
        per = n // max(ends, 1)
        signs.append(f"little punctuation: {ends} sentence ends in {n} words (1 per {per})")
    fillers = _FILLERS.findall(text)
    if len(fillers) * 100 >= n:  # one filler per 100 words
        signs.append(f"filler words ({len(fillers)}, e.g. {fillers[0].lower()!r})")
    lower_i = len(_LOWER_I.findall(text))
    if lower_i >= 3:
        signs.append(f"lower-case 'i' as a pronoun ({lower_i} times)")
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) >= 3:
        # Lines that start in lower case after a break: captions cut mid-sentence.
        lower_starts = sum(1 for ln in lines[1:] if ln[:1].islower())
        if lower_starts * 4 >= len(lines) - 1:
            signs.append(f"{lower_starts} of {len(lines) - 1} lines start in lower case")
        else:
            # A break inside a sentence after a long line is no hard wrap: pasted captions.
            breaks = sum(
                1
                for before, line in itertools.pairwise(lines)
                if len(before) >= 200 and before[-1:].isalpha() and line[:1].islower()
            )
            if breaks:
                signs.append(f"{breaks} line break(s) inside a sentence")
    capitals_after = sum(
        1 for s in split_sentences(text)[1:] if s[:1].isupper() or not s[:1].isalpha()
    )
    if ends >= 5 and capitals_after * 2 < ends:
        signs.append("sentences do not start with capitals")
    longest = max((len(ln) for ln in lines), default=0)
    if longest > 3000 and ends * _WORDS_PER_END_PUNCTUATED < n:
        signs.append(f"a {longest:,}-character line without paragraph breaks")
    if strong or len(signs) >= 2:
        return TranscriptEvidence(tuple(signs))
    return TranscriptEvidence(())
