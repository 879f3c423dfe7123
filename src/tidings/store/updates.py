"""Writing one refresh: :func:`apply_feed_update`.

A refresh is one transaction (the caller's) and a fixed number of statements
whatever the number of entries: one UPDATE of the feed row, one batched upsert
of the entries (``INSERT ... ON CONFLICT (feed_id, key) DO UPDATE ...
RETURNING id, key``), one batched write to the search index. No query runs
inside a per-entry loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, or_, select

from tidings.clock import as_utc
from tidings.errors import FeedNotFoundError
from tidings.store import fulltext
from tidings.store.dialect import insert_for
from tidings.store.tables import entries, feeds
from tidings.types import EntryWrite, FeedUpdate, RefreshStatus

# Columns an update of an existing entry overwrites (first_seen_at and id stay).
_UPDATED_COLUMNS = (
    "content_hash",
    "title",
    "link",
    "authors",
    "published_at",
    "updated_at",
    "summary",
    "content",
    "enclosures",
    "thumbnail",
    "categories",
    "language",
    "transcripts",
    "comments_url",
    "last_changed_at",
)


def apply_feed_update(conn: Connection, update: FeedUpdate) -> None:
    """Store everything one refresh produced: the feed row and its new or changed entries.

    Raises :class:`FeedNotFoundError` when the feed was removed meanwhile.
    """
    _update_feed_row(conn, update)
    writes = _unique_by_key(update.entries)
    if writes:
        _write_entries(conn, update.feed_id, update.checked_at, writes)


def _update_feed_row(conn: Connection, update: FeedUpdate) -> None:
    values: dict[str, Any] = {
        "last_checked_at": update.checked_at,
        "next_check_at": update.next_check_at,
        "error_count": update.error_count,
        "last_error": update.error,
    }
    if update.status is not RefreshStatus.FAILED:
        values["stale"] = False
    if update.content_changed or update.entries:
        values["last_updated_at"] = update.checked_at
    cache = update.cache
    if cache is not None:
        if update.status is RefreshStatus.NOT_MODIFIED:
            # A 304 may omit the validators; keep the ones we sent.
            if cache.etag is not None:
                values["etag"] = cache.etag
            if cache.last_modified is not None:
                values["last_modified"] = cache.last_modified
        else:
            values["etag"] = cache.etag
            values["last_modified"] = cache.last_modified
        values["fresh_until"] = cache.fresh_until
        values["retry_after_until"] = cache.retry_after
    parsed = update.feed
    if parsed is not None:
        values.update(
            title=parsed.title,
            site_url=parsed.link,
            description=parsed.description,
            language=parsed.language,
            icon_url=parsed.icon,
            author=parsed.author,
            format=str(parsed.format),
            parser=parsed.parser,
            recovered=parsed.recovered,
            problems="\n".join(parsed.problems) or None,
            ttl_minutes=parsed.ttl_minutes,
        )
    if update.disabled_reason is not None:
        values["disabled_at"] = update.checked_at
        values["disabled_reason"] = update.disabled_reason
    if update.new_url is not None:
        taken = conn.execute(
            select(feeds.c.id).where(feeds.c.url == update.new_url, feeds.c.id != update.feed_id)
        ).first()
        # Another feed already has that address: keep ours rather than fail the refresh.
        # (Merging the two feeds is left for later.)
        if taken is None:
            values["url"] = update.new_url
    result = conn.execute(feeds.update().where(feeds.c.id == update.feed_id).values(**values))
    if result.rowcount == 0:
        raise FeedNotFoundError(f"Feed {update.feed_id} no longer exists; it was removed.")


def _unique_by_key(writes: Sequence[EntryWrite]) -> list[EntryWrite]:
    """The first write of each key (a feed listing an entry twice must not fail the upsert)."""
    seen: set[str] = set()
    unique = []
    for write in writes:
        if write.key not in seen:
            seen.add(write.key)
            unique.append(write)
    return unique


def _write_entries(
    conn: Connection, feed_id: int, now: datetime, writes: Sequence[EntryWrite]
) -> None:
    rows = [_entry_row(feed_id, write, now) for write in writes]
    stmt = insert_for(conn, entries)
    excluded = stmt.excluded
    set_: dict[str, Any] = {name: excluded[name] for name in _UPDATED_COLUMNS}
    # Never sort an entry later than when it was first seen (future dates, undated entries).
    set_["sort_at"] = case(
        (
            or_(
                excluded.published_at.is_(None),
                excluded.published_at > entries.c.first_seen_at,
            ),
            entries.c.first_seen_at,
        ),
        else_=excluded.published_at,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[entries.c.feed_id, entries.c.key], set_=set_
    ).returning(entries.c.id, entries.c.key)
    ids = {key: entry_id for entry_id, key in conn.execute(stmt, rows)}
    documents = [
        (
            ids[write.key],
            fulltext.search_document(
                write.entry.title, write.entry.authors, write.entry.summary, write.entry.content
            ),
        )
        for write in writes
    ]
    fulltext.index_entries(conn, documents)


def _entry_row(feed_id: int, write: EntryWrite, now: datetime) -> dict[str, Any]:
    entry = write.entry
    published = as_utc(entry.published) if entry.published is not None else None
    return {
        "feed_id": feed_id,
        "key": write.key,
        "content_hash": write.content_hash,
        "title": entry.title,
        "link": entry.link,
        "authors": list(entry.authors) or None,
        "published_at": published,
        "updated_at": entry.updated,
        "summary": entry.summary,
        "content": entry.content,
        "enclosures": [
            {k: v for k, v in (("url", e.url), ("type", e.type), ("length", e.length),
                               ("duration", e.duration)) if v is not None}
            for e in entry.enclosures
        ]
        or None,
        "thumbnail": entry.thumbnail,
        "categories": list(entry.categories) or None,
        "language": entry.language,
        "transcripts": [
            {k: v for k, v in (("url", t.url), ("type", t.type), ("language", t.language))
             if v is not None}
            for t in entry.transcripts
        ]
        or None,
        "comments_url": entry.comments_url,
        "first_seen_at": now,
        "last_changed_at": now,
        "sort_at": published if published is not None and published < now else now,
    }
