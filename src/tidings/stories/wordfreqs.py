"""General-language word frequencies (the ``wordfreq`` package), read once per process.

Used for the IDF prior (``prior.py``) and to tell names from common words
in Title Case headlines (``text.py``). wordfreq is by Robyn Speer: code
Apache-2.0, word lists CC BY-SA 4.0 (sources: https://github.com/rspeer/wordfreq).
Tidings ships no copy of the lists; it reads them from the installed package.
"""

from __future__ import annotations

import math
import threading

_lock = threading.Lock()
_lists: dict[str, dict[str, float] | None] = {}


def frequencies(language: str) -> dict[str, float] | None:
    """Lower-case word -> frequency per token for an ISO 639-1 code; None when
    wordfreq has no list for it. The first call per language costs ~0.2 CPU s."""
    found = _lists.get(language, False)
    if found is not False:
        return found  # type: ignore[return-value]
    with _lock:
        if language not in _lists:
            from wordfreq import get_frequency_dict

            try:
                _lists[language] = get_frequency_dict(language, wordlist="best")
            except LookupError:
                _lists[language] = None
        return _lists[language]


def zipf(word: str, language: str) -> float | None:
    """Zipf frequency (log10 per billion words) of a lower-case word; 0.0 when the
    list does not hold it; None when there is no list for the language."""
    table = frequencies(language)
    if table is None:
        return None
    f = table.get(word)
    return math.log10(f) + 9.0 if f else 0.0
