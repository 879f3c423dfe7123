"""A background IDF from general-language word frequencies (``wordfreq``).

A store's own IDF knows nothing at first: after ten headlines every word
looks rare, and "stocks" weighs as much as "Sbarro". This prior gives the
clusterer's features the document frequencies they would have in ``docs``
pseudo-documents of ``words_per_doc`` words drawn from the language as a
whole (wordfreq: Wikipedia, subtitles, news, books, web text, Twitter,
Reddit), so a name that is rare in English outweighs a common word from the
very first headline. The clusterer adds its own counts on top
(``IncrementalIdf``: document frequencies and the number of documents add
up), so the store's statistics take over as it grows past ``docs`` items.

Covered: ``w:`` words (each stem gets the summed frequency of the word forms
that stem to it), one-word ``e:`` names and numbers, ``c:`` character
4-grams. Not covered: bigrams and multi-word names, which count as unseen
(rare), as they would in any background corpus of headlines.

Data: wordfreq by Robyn Speer (code Apache-2.0; word lists CC BY-SA 4.0,
built from sources listed at https://github.com/rspeer/wordfreq). Only the
package is used at run time; Tidings ships no copy of the lists.
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache

from tidings.stories.text import STOPWORDS, FeatureWeights, stem, word_stem
from tidings.stories.vectors import IncrementalIdf
from tidings.text.stemming import snowball_language

_lock = threading.Lock()
PRIOR_KINDS = ("w:", "e:", "c:")  # bigrams are weighed on the items' own counts


def _doc_rate(freq: float, words_per_doc: float) -> float:
    # Chance that a document of n words holds a token of frequency f.
    return -math.expm1(-words_per_doc * freq)


@lru_cache(maxsize=4)
def _prior_table(
    language: str,
    stemmer: str,
    chars: bool,
    docs: float,
    words_per_doc: float,
    min_freq: float,
) -> dict[str, float]:
    """Expected document frequency of each covered feature (built once, shared)."""
    from wordfreq import get_frequency_dict, word_frequency

    try:
        freqs = get_frequency_dict(language, wordlist="best")
    except LookupError:
        return {}
    words: dict[str, float] = {}
    grams: dict[str, float] = {}
    snowball = stemmer == "snowball" and snowball_language(language) is not None
    for word, f in freqs.items():
        # Rarer words would get an expected document frequency of a few
        # hundredths, the same IDF as a word never seen: leave them out.
        if f < min_freq:
            continue
        if not word.replace("'", "").replace("-", "").isalpha():
            continue
        s = word_stem(word, language) if snowball else stem(word)
        if not s:
            continue
        words[s] = words.get(s, 0.0) + f
        if chars and len(word) >= 4:
            padded = f"<{word}>"
            for j in range(len(padded) - 3):
                g = padded[j : j + 4]
                grams[g] = grams.get(g, 0.0) + f
    # Numbers: wordfreq folds digits together, so ask for the common ones.
    for n in range(2101):
        key = str(n)
        f = word_frequency(key, language)
        if f >= min_freq:
            words[key] = f
    df: dict[str, float] = {}
    for s, f in words.items():
        if s in STOPWORDS:
            continue
        d = docs * _doc_rate(f, words_per_doc)
        df["w:" + s] = d
        df["e:" + s] = d
    for g, f in grams.items():
        df["c:" + g] = docs * _doc_rate(f, words_per_doc)
    return df


def wordfreq_prior(
    language: str = "en",
    weights: FeatureWeights | None = None,
    *,
    docs: float = 20000,
    words_per_doc: float = 12.0,
    min_freq: float = 1e-7,
) -> IncrementalIdf | None:
    """An IDF prior for ``language`` from wordfreq, worth ``docs`` documents.

    ``None`` when wordfreq has no list for the language (then the clusterer
    learns its IDF from the store alone). The table is built once per process
    and setting (about 2 CPU s and 40 MB for English) and shared by every
    clusterer, which adds its own counts on top.
    """
    weights = weights or FeatureWeights()
    with _lock:
        table = _prior_table(
            language, weights.stemmer, weights.char > 0, docs, words_per_doc, min_freq
        )
    if not table:
        return None
    return IncrementalIdf(table, docs, prior_kinds=PRIOR_KINDS)
