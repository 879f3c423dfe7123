"""The typed result of full-text extraction (the border of this package)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ExtractionStatus(StrEnum):
    """Why an :class:`ExtractedArticle` has the text it has.

    Only ``OK`` carries article text; every other status comes with empty
    ``text`` and ``html`` and a ``reason`` a person can read.
    """

    OK = "ok"
    NO_ARTICLE = "no_article"  # parsed fine, but no main text was found
    NOT_HTML = "not_html"  # plain text, JSON, an image, ...
    BINARY = "binary"  # control bytes: not a text document at all
    TOO_LARGE = "too_large"  # over the size or element limit (see limits.py)
    TOO_DEEP = "too_deep"  # elements nested deeper than the limit
    LOGIN_WALL = "login_wall"  # the page asks to sign in (set by tidings.content.pages)


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """The main text and metadata of one article page.

    ``html`` is sanitised reading HTML (paragraphs, headings, lists, quotes,
    figures with captions, tables, links, images); ``text`` is plain text with
    paragraphs separated by blank lines. ``published`` is UTC-aware.
    """

    status: ExtractionStatus
    text: str = ""
    html: str = ""
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    site_name: str | None = None
    lead_image: str | None = None
    language: str | None = None  # ISO 639-1 code
    canonical_url: str | None = None
    word_count: int = 0
    reading_minutes: int = 0
    reason: str | None = None  # set when status is not OK

    @property
    def ok(self) -> bool:
        return self.status is ExtractionStatus.OK
