"""The typed result of full-text extraction (the border of this package)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tidings.types import ArticleStatus

# One enum for every outcome of getting an article, stored as it is. The
# extractor produces OK, NO_ARTICLE, NOT_HTML, BINARY, TOO_LARGE, TOO_DEEP and
# LOGIN_WALL (set by tidings.content.pages); the fetching pipeline the rest.
# Only OK carries text; every other status comes with empty ``text`` and
# ``html`` and a ``reason`` a person can read.
ExtractionStatus = ArticleStatus


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """The main text and metadata of one article page.

    ``html`` is sanitised reading HTML (paragraphs, headings, lists, quotes,
    figures with captions, tables, links, images); ``text`` is the story's body
    as plain text, paragraphs separated by blank lines. ``standfirst`` is the
    sentence or two under the headline that sums the story up: it opens
    ``html`` but, like schema.org's ``articleBody``, is not part of ``text``.
    ``published`` is UTC-aware.
    """

    status: ExtractionStatus
    text: str = ""
    html: str = ""
    standfirst: str = ""  # the dek under the headline: leads ``html``, not part of ``text``
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
