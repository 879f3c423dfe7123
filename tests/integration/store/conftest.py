"""Fixtures for the store tests: a migrated database on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from tidings.types import (
    EntryWrite,
    FeedFormat,
    FeedUpdate,
    HTTPCacheHints,
    ParsedEntry,
    ParsedFeed,
    RefreshStatus,
)

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def entry(key: str, title: str = "", body: str = "", **fields: object) -> ParsedEntry:
    return ParsedEntry(key=key, title=title or f"Entry {key}", content=body or None, **fields)  # type: ignore[arg-type]


def write(e: ParsedEntry, *, is_new: bool = True, content_hash: str | None = None) -> EntryWrite:
    return EntryWrite(
        key=e.key,
        content_hash=content_hash or f"h-{hash((e.title, e.content, e.summary)) & 0xFFFFFFFF:x}",
        entry=e,
        is_new=is_new,
    )


def update(
    feed_id: int,
    entries: Sequence[ParsedEntry] = (),
    *,
    at: datetime = T0,
    new: bool = True,
    title: str | None = "A feed",
    **fields: object,
) -> FeedUpdate:
    values: dict[str, object] = {
        "feed_id": feed_id,
        "checked_at": at,
        "next_check_at": at + timedelta(hours=1),
        "status": RefreshStatus.UPDATED if entries else RefreshStatus.UNCHANGED,
        "feed": ParsedFeed(format=FeedFormat.ATOM10, title=title, link="https://example.org/"),
        "entries": tuple(write(e, is_new=new) for e in entries),
        "cache": HTTPCacheHints(etag='"v1"', last_modified="Sun, 01 Nov 2026 12:00:00 GMT"),
    }
    values.update(fields)
    return FeedUpdate(**values)  # type: ignore[arg-type]
