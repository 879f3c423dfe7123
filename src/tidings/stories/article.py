"""The typed input of the story descriptions: one article of a story, with its text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tidings.errors import TidingsError

# What the feed says a source is, when it says (podcast and video feeds do).
KIND_HINTS = frozenset(
    {"wire", "outlet", "blog", "video", "podcast", "press_release", "transcript"}
)


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """One article of a story as perspectives and summaries see it.

    ``text`` is the plain full text (or the feed's summary when that is all
    there is); ``published`` is timezone-aware UTC; ``kind`` is a hint from
    the feed (``"video"`` for a video feed, ``"podcast"``, ``"blog"``, ...)
    or ``None`` to let the text decide.
    """

    id: str
    source: str
    title: str
    text: str
    published: datetime
    url: str | None = None
    kind: str | None = None

    def __post_init__(self) -> None:
        if self.published.tzinfo is None:
            raise TidingsError(
                f"Article {self.id!r} has a naive publication time; pass a UTC-aware datetime."
            )
        if self.kind is not None and self.kind not in KIND_HINTS:
            raise TidingsError(
                f"Article {self.id!r} has an unknown kind {self.kind!r}; use one of {sorted(KIND_HINTS)}."
            )
