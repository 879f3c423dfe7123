"""Full-text extraction: an article page's main text and metadata, clean of site chrome."""

from .article import extract_article
from .boilerplate import clean_text, fingerprint, learn_site_lines
from .limits import MAX_DEPTH, MAX_ELEMENTS, MAX_HTML_CHARS
from .types import ExtractedArticle, ExtractionStatus

__all__ = [
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_HTML_CHARS",
    "ExtractedArticle",
    "ExtractionStatus",
    "clean_text",
    "extract_article",
    "fingerprint",
    "learn_site_lines",
]
