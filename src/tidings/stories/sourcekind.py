"""What kind of source an article comes from, and whether its text is a machine transcript.

Pure heuristics with their evidence, so a reader can see why a label was given.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from tidings.stories.article import StoryArticle
from tidings.stories.neardup import shingles

_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z .,'-]{1,40})?\s*\((?P<wire>Reuters|AP|AFP|Associated Press|Bloomberg|PA|dpa|[A-Z][A-Za-z]+ (?:Wire|News Agency|Press))\)\s*[-–—]",
)
_PRESS = re.compile(
    r"for immediate release|media contact|press contact|^#{3}\s*$|\babout [A-Z][\w ]{1,40}\n|prnewswire|business wire|globe newswire|"
    r"\(nasdaq: |\(nyse: |forward-looking statements",
    re.IGNORECASE | re.MULTILINE,
)
_FILLERS = re.compile(
    r"\b(um+|uh+|erm|you know|i mean|kind of|sort of|like,? you know|okay so|so yeah)\b",
    re.IGNORECASE,
)
_SOUND_TAGS = re.compile(r"\[(?:music|applause|laughter|inaudible|crosstalk|__)\]", re.IGNORECASE)

WIRE_COPY_JACCARD = 0.5


@dataclass(frozen=True, slots=True)
class TextQuality:
    """``machine_transcript`` is set when the text reads like unedited speech recognition."""

    machine_transcript: bool
    score: float  # 0 = clean edited prose, 1 = certainly raw recognition output
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceKind:
    kind: str  # "wire", "wire copy", "outlet", "blog", "video", "video transcript", "podcast", "press release"
    evidence: tuple[str, ...]
    copy_of: str | None = None  # the article id this one repeats, for wire copies


def _ratio_per_100(count: int, words: int) -> float:
    return 100.0 * count / max(words, 1)


def text_quality(text: str, known_names: Sequence[str] = ()) -> TextQuality:
    """Tell edited prose from raw speech recognition.

    Evidence counted: sentence punctuation per 100 words, filler words,
    sound tags like ``[Music]``, a lower-case ``i``, sentences opening in lower
    case, a word repeated twice in a row, and words that look like a
    misrecognised name from ``known_names`` (the other sources' names: a
    lower-case near-miss such as ``ovechinin`` for ``Ovchinin``).
    """
    words = re.findall(r"[A-Za-z']+", text)
    n = len(words)
    if n < 30:
        return TextQuality(False, 0.0, ())
    evidence: list[str] = []
    score = 0.0
    stops = len(re.findall(r"[.!?](?=\s|$)", text))
    per100 = _ratio_per_100(stops, n)
    if per100 < 1.5:
        evidence.append(f"{per100:.1f} sentence ends per 100 words")
        score += 0.4 if per100 < 0.8 else 0.2
    fillers = _FILLERS.findall(text)
    if _ratio_per_100(len(fillers), n) >= 0.5:
        evidence.append(
            f"{len(fillers)} filler words ({', '.join(sorted({f.lower() for f in fillers})[:4])})"
        )
        score += 0.25
    tags = _SOUND_TAGS.findall(text)
    if tags:
        evidence.append(f"sound tags: {', '.join(sorted(set(tags))[:3])}")
        score += 0.3
    lower_i = len(re.findall(r"(?:^|\s)i(?:\s|')", text))
    if lower_i >= 2:
        evidence.append(f"lower-case 'i' x{lower_i}")
        score += 0.15
    repeats = re.findall(r"\b(\w+) \1\b", text, re.IGNORECASE)
    repeats = [r for r in repeats if r.lower() not in ("that", "had", "is", "bye", "very")]
    if len(repeats) >= 2:
        evidence.append(f"repeated words x{len(repeats)} ({repeats[0]} {repeats[0]})")
        score += 0.1
    misheard = []
    if known_names:
        common = _common_words()
        vocab = {w.lower() for w in words}
        targets = {
            t for name in known_names for t in name.split() if len(t) >= 5 and t[0].isupper()
        }
        lower_targets = {t.lower() for t in targets}
        for w in sorted({w for w in words if w.islower() and len(w) >= 5 and w not in common}):
            if w in lower_targets:
                misheard.append(f"'{w}' for '{next(t for t in targets if t.lower() == w)}'")
                continue
            close = difflib.get_close_matches(w, lower_targets, n=1, cutoff=0.8)
            if close and close[0] not in vocab:
                misheard.append(f"'{w}' for '{next(t for t in targets if t.lower() == close[0])}'")
        if misheard and score >= 0.2:  # only where the text already reads like speech
            evidence.append("names likely misrecognised: " + ", ".join(misheard[:4]))
            score += min(0.15 * len(misheard), 0.3)
    score = min(score, 1.0)
    return TextQuality(score >= 0.5, round(score, 2), tuple(evidence))


@cache
def _common_words() -> frozenset[str]:
    # The clickbait model's word unigrams: ~10k words common in headlines, a
    # free dictionary that keeps "power" from counting as a misheard "Power".
    from tidings.stories.headline import load_clickbait_model

    return frozenset(
        k[2:] for k in load_clickbait_model().weights if k.startswith("w:") and " " not in k
    )


def _jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def source_kinds(articles: Sequence[StoryArticle]) -> dict[str, SourceKind]:
    """The kind of each article's source, by article id.

    A wire story names its agency in a dateline (``(Reuters) -``); a wire
    copy shares most of its word 3-shingles (Jaccard >= 0.5) with an earlier
    article of another source; a press release has release boilerplate; a
    feed's own kind hint decides between video, podcast and blog; otherwise an
    outlet.
    """
    sh = {a.id: shingles(a.text) for a in articles}
    ordered = sorted(articles, key=lambda a: (a.published, a.id))
    out: dict[str, SourceKind] = {}
    for i, a in enumerate(ordered):
        ev: list[str] = []
        m = _DATELINE.match(a.text)
        if m:
            ev.append(f"dateline names {m.group('wire')}")
        copy_of = None
        best = 0.0
        for b in ordered[:i]:
            if b.source == a.source:
                continue
            j = _jaccard(sh[a.id], sh[b.id])
            if j > best:
                best, copy_of = j, b.id
        if best >= WIRE_COPY_JACCARD and copy_of:
            src = next(b.source for b in ordered if b.id == copy_of)
            out[a.id] = SourceKind(
                "wire copy", (*ev, f"{best:.0%} of its text matches {src}"), copy_of
            )
            continue
        if m:
            out[a.id] = SourceKind("wire", tuple(ev))
            continue
        press = _PRESS.findall(a.text)
        if a.kind == "press_release" or len(press) >= 2:
            out[a.id] = SourceKind(
                "press release",
                tuple(ev + [f"release boilerplate: {p.strip()!r}" for p in press[:2]]),
            )
        elif a.kind == "transcript":
            out[a.id] = SourceKind("video transcript", ("feed says transcript",))
        elif a.kind == "video":
            # A video item's text is its description, unless it reads like a transcript
            # (compare_sources then calls it "video transcript").
            out[a.id] = SourceKind("video", ("feed says video",))
        elif a.kind == "podcast":
            out[a.id] = SourceKind("podcast", ("feed says podcast",))
        elif a.kind == "blog":
            out[a.id] = SourceKind("blog", ("feed says blog",))
        elif a.kind == "wire":
            out[a.id] = SourceKind("wire", ("feed says wire",))
        else:
            first_person = len(re.findall(r"\b(I|we|my|our)\b", a.text))
            words = max(len(a.text.split()), 1)
            if _ratio_per_100(first_person, words) >= 2.0:
                out[a.id] = SourceKind(
                    "blog", (f"written in the first person ({first_person} x I/we/my/our)",)
                )
            else:
                out[a.id] = SourceKind("outlet", ())
    return out
