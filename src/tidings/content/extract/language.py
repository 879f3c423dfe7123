"""Language of a text, with py3langid (its 4.5 MB model ships in the wheel)."""

from __future__ import annotations

from functools import lru_cache

# py3langid counts features in a Python loop, so cost grows with the sample;
# 250 characters (a long sentence or two) is where accuracy levels off.
_SAMPLE_CHARS = 250
# Below this the statistics are too thin; the page's declared language is used instead.
_MIN_CHARS = 20


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``; ``declared`` wins when the text is short or ambiguous."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.strip()) < _MIN_CHARS:
        return declared
    code, probability = _identifier().classify(sample)
    if declared and declared != code and probability < 0.9:
        return declared
    return str(code)
