"""Turn a title and text into weighted lexical features (pure, no state).

Features are strings with a one-letter kind prefix so the kinds never
collide and can be weighted apart:

- ``w:`` a content word, stemmed with the Snowball stemmer of the item's
  language (English by default; see ``word_stem``),
- ``b:`` two adjacent content words (word order carries "who did what"),
- ``e:`` a name-like token: a capitalised phrase inside running text, or a
  number (figures and dates are rare and telling across publishers),
- ``c:`` a character 4-gram inside a word (catches "bankrupt"/"bankruptcy",
  "Plosser"/"Plosser's" and light edits without a real stemmer).

Titles count more than body text: the title is what every publisher writes
about the event; the body drifts into background.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from tidings.stories.wordfreqs import zipf
from tidings.text.stemming import stemmer_for

_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019.&-][A-Za-z0-9\u00C0-\u024F]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_DIGIT = re.compile(r"\d")

# Short list on purpose: headline words such as "says" or "new" carry little,
# but IDF already discounts what is common; this only drops glue words.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "says",
        "said",
        "say",
        "new",
        "via",
        "vs",
        "update",
        "updated",
        "report",
        "reports",
        "video",
        "photos",
        "watch",
        "live",
    ]
)


@dataclass(frozen=True, slots=True)
class FeatureWeights:
    """How much each kind of feature counts, before IDF.

    A kind weighted 0 is not produced at all (cheaper, and no index entry).
    """

    word: float = 1.0
    bigram: float = 0.5
    entity: float = 1.0
    char: float = 0.15
    title: float = 1.0  # multiplier for features from the title
    text: float = 0.35  # multiplier for features from the body
    max_text_words: int = 400  # the lead carries the event; the tail is background
    stemmer: str = "snowball"  # "snowball" (per language, see word_stem) or "light" (stem)
    # A capitalised word rarer than this (Zipf frequency in the language, wordfreq)
    # is name-like wherever it stands, Title Case headlines included; 0 turns it off.
    name_zipf: float = 0.0
    # "a:" acronyms: "BoE", "NSA" as written, and the initials of a run of 2-5
    # capitalised words ("Bank of England" -> "boe", "be"); 0 turns them off.
    acronym: float = 0.0


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A deliberately light English stemmer: possessives and plain plurals.

    A real stemmer conflates too much for names ("Sbarro" stays whole); the
    character n-grams pick up the remaining morphology.
    """
    w = word.lower().replace("\u2019", "'")
    w = w.removesuffix("'s")
    w = w.strip("'.-&")
    if len(w) > 4:
        if w.endswith("ies"):
            w = w[:-3] + "y"
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
    return w


_ELISION = re.compile(r"^(?:[cdjlmnst]|qu)'(?=\w)")  # l'homme, qu'il


def language_code(language: str | None) -> str:
    """The primary subtag of a language tag, lower case; English when unknown."""
    if not language:
        return "en"
    return language.replace("_", "-").split("-", 1)[0].lower() or "en"


@lru_cache(maxsize=1 << 17)
def word_stem(word: str, language: str = "en") -> str:
    """``word`` lower-cased and stemmed with the Snowball stemmer of ``language``.

    "Recalls" and "recall" give "recal", "probes" and "probe" give "probe".
    English drops possessives first ("GM's" -> "gm"); French, Italian and
    Catalan drop elisions ("l'enquête" -> "enquet"). A language without a
    Snowball stemmer (Chinese, Japanese...) is only lower-cased. The stemmer
    is the one full-text search uses (``tidings.text.stemming``), so stems
    lose their diacritics there and here alike.
    """
    w = word.lower().replace("\u2019", "'")
    if language == "en":
        w = w.removesuffix("'s")
    elif language in ("fr", "it", "ca"):
        w = _ELISION.sub("", w)
    w = w.strip("'.-&")
    stemmer = stemmer_for(language)
    return stemmer(w) if stemmer is not None and w else w


_GLUE = frozenset(["of", "and", "for", "the", "&", "de", "du", "der"])


def _is_acronym(tok: str) -> bool:
    return tok.isalpha() and 2 <= len(tok) <= 5 and sum(c.isupper() for c in tok) >= 2


def _acronyms(tokens: list[str]) -> list[str]:
    """Acronyms as written, and the initials of runs of 2-5 capitalised words."""
    out: list[str] = []
    run: list[str] = []

    def close() -> None:
        while run and run[-1].islower():
            run.pop()
        caps = [w for w in run if not w.islower()]
        if 2 <= len(caps) <= 5:
            out.append("".join(w[0] for w in caps).lower())
            if len(caps) != len(run):
                out.append("".join(w[0] for w in run).lower())
        run.clear()

    for tok in tokens:
        if _is_acronym(tok):
            close()
            out.append(tok.lower())
        elif tok[0].isupper() and tok.isalpha():
            run.append(tok)
        elif run and tok.lower() in _GLUE:
            run.append(tok.lower())
        else:
            close()
    close()
    return out


def _rare(low: str, language: str, weights: FeatureWeights) -> bool:
    z = zipf(low.replace("\u2019", "'").removesuffix("'s"), language)
    return z is not None and z < weights.name_zipf


def words(text: str) -> list[str]:
    """The word tokens of ``text``, as written."""
    return _WORD.findall(text)


def _is_title_case(tokens: list[str]) -> bool:
    # In Title Case headlines capitals say nothing about names.
    alpha = [t for t in tokens if t[0].isalpha() and t.lower() not in STOPWORDS]
    if len(alpha) < 3:
        return False
    caps = sum(1 for t in alpha if t[0].isupper())
    return caps / len(alpha) > 0.6


def _add_features(
    tokens: list[str],
    scale: float,
    weights: FeatureWeights,
    out: dict[str, float],
    chars: bool = True,
    language: str = "en",
) -> None:
    title_case = _is_title_case(tokens)
    stem_word = (lambda t: word_stem(t, language)) if weights.stemmer == "snowball" else stem
    content: list[str] = []
    phrase: list[str] = []

    def close_phrase() -> None:
        if phrase and weights.entity:
            key = "e:" + " ".join(phrase)
            out[key] = out.get(key, 0.0) + weights.entity * scale
        phrase.clear()

    for i, tok in enumerate(tokens):
        low = tok.lower()
        if not tok.isalpha() and _DIGIT.search(tok):
            close_phrase()
            if weights.entity:
                key = "e:" + low
                out[key] = out.get(key, 0.0) + weights.entity * scale
            content.append(low)
            continue
        if low in STOPWORDS or len(low) < 2:
            close_phrase()
            content.append("")  # a gap: no bigram across glue words
            continue
        s = stem_word(tok)
        content.append(s)
        if weights.word:
            key = "w:" + s
            out[key] = out.get(key, 0.0) + weights.word * scale
        if chars and weights.char and len(low) >= 4:
            padded = f"<{low}>"
            cw = weights.char * scale
            for j in range(len(padded) - 3):
                key = "c:" + padded[j : j + 4]
                out[key] = out.get(key, 0.0) + cw
        # A capitalised word not opening a sentence, in running text, is name-like.
        if tok[0].isupper() and (
            (not title_case and i > 0) or (weights.name_zipf and _rare(low, language, weights))
        ):
            phrase.append(s)
        else:
            close_phrase()
    close_phrase()
    if weights.acronym:
        for a in _acronyms(tokens):
            key = "a:" + a
            out[key] = out.get(key, 0.0) + weights.acronym * scale
    if weights.bigram:
        for a, b in itertools.pairwise(content):
            if a and b:
                key = f"b:{a} {b}"
                out[key] = out.get(key, 0.0) + weights.bigram * scale


def features(
    title: str, text: str | None, weights: FeatureWeights, language: str | None = None
) -> dict[str, float]:
    """Raw weighted feature counts of one article (before sublinear tf and IDF).

    ``language`` is the article's language tag (``en``, ``fr-CA``...); words
    are stemmed for it, English when it is not given.
    """
    lang = language_code(language)
    out: dict[str, float] = {}
    _add_features(words(title), weights.title, weights, out, language=lang)
    if text and weights.text:
        budget = weights.max_text_words
        for sentence in _SENTENCE_END.split(text):
            toks = words(sentence)[:budget]
            if not toks:
                continue
            # No character n-grams from the body: a body has words enough that
            # morphology matters less, and they were half the cost per item.
            _add_features(toks, weights.text, weights, out, chars=False, language=lang)
            budget -= len(toks)
            if budget <= 0:
                break
    return out


def term_presence(feats: dict[str, float]) -> Counter[str]:
    """Document-frequency contribution of one article: each feature once."""
    return Counter(feats.keys())
