"""Snowball stemming for any language Snowball covers: one place for search and stories.

API:

* :func:`snowball_language` ("de-AT" -> "german", "xx" -> None);
* :func:`stemmer_for` a callable ``word -> stem`` for a language tag (None when
  Snowball has no stemmer for it);
* :func:`stem_words` a list of words -> their stems, in the language of a tag
  (words are lower-cased; with an unknown language they come back lower-cased);
* :func:`words` the words of a text, as the search index splits them;
* :func:`stem_text` a text -> its stems joined by spaces;
* :func:`new_stems` a text -> the stems its words do not already give, each
  once (what the search index stores for an entry, beside its words).

Stems have their diacritics removed (``élections`` -> ``elect``), so a stem is
the same whether the database folds accents (SQLite FTS5 ``remove_diacritics``)
or not (PostgreSQL ``simple``).

Speed: PyStemmer (the Snowball C library) with a per-language cache of the
words already seen, so a word is stemmed once per process however often it
occurs; news vocabulary is Zipfian, and the cache hit rate on a refresh is
above 95 %. PyStemmer's stemmer objects are not thread-safe, so each thread
gets its own (the cache dictionaries are shared: CPython's dict get/set are
atomic).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

import Stemmer

__all__ = ["new_stems", "snowball_language", "stem_text", "stem_words", "stemmer_for", "words"]

# ISO 639-1 (and a few 639-2/3) codes of the languages Snowball stems.
_LANGUAGES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "fa": "persian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
    "ms": "indonesian",  # Malay: the Indonesian stemmer's affixes are shared
}  # fmt: skip
_AVAILABLE = frozenset(Stemmer.algorithms())
SNOWBALL_LANGUAGES = frozenset(v for v in _LANGUAGES.values() if v in _AVAILABLE)

_WORD = re.compile(r"[^\W_]+")
_WORD_FAST = re.compile(r"\w+")  # 1.7x faster; used when the text has no underscore
# A cache this large holds a few months of news vocabulary per language (~100 bytes a word).
_CACHE_WORDS = 200_000
_caches: dict[str, dict[str, str]] = {}
_new_stems: dict[str, dict[str, str]] = {}
# new_stems' cache: a piece of text between spaces -> its new stems. Pieces are
# words with their punctuation ("said:", "(2026)"), a few times as many as the
# words; long ones (addresses, numbers) are rarely seen twice and not kept.
_CACHE_PIECES = 100_000
_LONGEST_CACHED_PIECE = 40
_piece_stems: dict[str, dict[str, str]] = {}
_local = threading.local()


@lru_cache(maxsize=1024)
def snowball_language(tag: str | None) -> str | None:
    """The Snowball language of a language tag (``en``, ``de-AT``, ``pt_BR``, ``german``)."""
    if not tag:
        return None
    value = tag.strip().lower().replace("_", "-")
    if value in SNOWBALL_LANGUAGES:
        return value
    return _LANGUAGES.get(value.split("-", 1)[0]) if value else None


def _fold(word: str) -> str:
    """``word`` without diacritics (NFKD, combining marks dropped)."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stemmer(language: str) -> Stemmer.Stemmer:
    stemmers: dict[str, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(language)
    if stemmer is None:
        stemmer = stemmers[language] = Stemmer.Stemmer(language, 0)  # our cache, not its
    return stemmer


@lru_cache(maxsize=64)
def stemmer_for(language_tag: str | None) -> Callable[[str], str] | None:
    """A function stemming one lower-case word in this language, or None (no stemmer).

    The stem has its diacritics removed; results are cached per language.
    """
    language = snowball_language(language_tag)
    if language is None:
        return None
    cache = _caches.setdefault(language, {})

    def stem(word: str) -> str:
        found = cache.get(word)
        if found is None:
            if len(cache) >= _CACHE_WORDS:
                cache.clear()  # rare; cheaper than an LRU's bookkeeping on every word
            found = cache[word] = _fold(_stemmer(language).stemWord(word))
        return found

    return stem


def words(text: str) -> list[str]:
    """The lower-cased words (runs of letters and digits) of ``text``."""
    lowered = text.lower()
    return (_WORD if "_" in lowered else _WORD_FAST).findall(lowered)


def stem_words(items: Iterable[str], language: str | None) -> list[str]:
    """The stems of ``items`` (words) in ``language`` (a tag); lower-cased words when
    Snowball has no stemmer for it."""
    return _stems([w.lower() for w in items], language)


def _stems(lowered: list[str], language: str | None) -> list[str]:
    stem = stemmer_for(language)
    if stem is None:
        return [_fold(w) for w in lowered]
    # The cache lookups at C speed; only the words not seen yet go through Python.
    found = list(map(_caches[snowball_language(language) or ""].get, lowered))
    if None in found:
        found = [s if s is not None else stem(w) for s, w in zip(found, lowered, strict=True)]
    return found  # type: ignore[return-value]


def stem_text(text: str, language: str | None) -> str:
    """The stems of the words of ``text``, joined by spaces."""
    if not text:
        return ""
    if stemmer_for(language) is None:
        return _fold(" ".join(words(text)))  # one pass over the text, not one call per word
    return " ".join(_stems(words(text), language))


def new_stems(text: str, language: str | None) -> str:
    """The stems of the words of ``text`` that differ from the (lower-cased) word,
    each once, in order of first use, joined by spaces.

    What the search index stores beside an entry's words: a search for a stem
    looks in the words as well, so a stem equal to its word (most words: "the",
    "budget", "run") need not be stored again, nor a stem twice. On the
    benchmark farm's English entries that is ~28 stems per entry instead of
    ~355. Positions are lost, so a phrase of stems is matched in the words only.

    The text is cut at whitespace (``str.split``, at C speed) and each piece
    ("elections,", "(the") looked up in a cache of its stems: cutting
    every word out with the regular expression made ~25 million strings on the
    benchmark farm and was most of the time spent on stems (issue 2). A piece
    holds the same words wherever it occurs (``\\w`` never matches whitespace),
    so the result is the same as from :func:`words`.
    """
    if not text:
        return ""
    key = snowball_language(language) or ""
    pieces = _piece_stems.setdefault(key, {})
    # Every piece looked up, repeats too: cheaper than making them unique first
    # (3.5 against 4.4 CPU s on the bench farm's bodies); the few stems found are.
    tokens = text.lower().split()
    found = list(map(pieces.get, tokens))
    if None in found:
        if len(pieces) >= _CACHE_PIECES:
            pieces.clear()  # rare; cheaper than an LRU's bookkeeping on every piece
        missing = list(dict.fromkeys(p for p, f in zip(tokens, found, strict=True) if f is None))
        computed = dict(zip(missing, _pieces_new_stems(missing, key), strict=True))
        for piece, stems in computed.items():
            if len(piece) <= _LONGEST_CACHED_PIECE:
                pieces[piece] = stems
        found = [f if f is not None else computed[p] for p, f in zip(tokens, found, strict=True)]
    joined = " ".join(filter(None, found))
    if " " not in joined:
        return joined
    return " ".join(dict.fromkeys(joined.split(" ")))


def _pieces_new_stems(pieces: list[str], language: str) -> list[str]:
    """For each lower-cased piece of text, the stems of its words that differ from
    the word, joined by spaces ("" when none does)."""
    split = [(_WORD if "_" in piece else _WORD_FAST).findall(piece) for piece in pieces]
    distinct = list(dict.fromkeys(w for piece_words in split for w in piece_words))
    # word -> its stem when that differs, else "": every lookup at C speed.
    news = _new_stems.setdefault(language, {})
    found = dict(zip(distinct, map(news.get, distinct), strict=True))
    missing = [w for w, f in found.items() if f is None]
    if missing:
        if len(news) >= _CACHE_WORDS:
            news.clear()
        for word, stem in zip(missing, _stems(missing, language or None), strict=True):
            found[word] = news[word] = stem if stem != word else ""
    return [" ".join(filter(None, map(found.get, piece_words))) for piece_words in split]
