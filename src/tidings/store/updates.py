"""Writing refreshes: :func:`apply_feed_update` (one feed), :func:`apply_feed_updates` (several).

A refresh is one transaction (the caller's) and a fixed number of statements
whatever the number of entries: one UPDATE of the feed row, one upsert of
the entries (``INSERT ... ON CONFLICT (feed_id, key) DO UPDATE``: on SQLite an
``executemany`` of a one-row statement and one query for the ids; on
PostgreSQL ``unnest`` of arrays ``RETURNING id, feed_id, key``), one batched
write to the search index. No query runs inside a per-entry loop.
Several feeds written together (the refresh pipeline's group commit) share
those statements: the feed rows are one ``executemany``, and their entries go
into the same upserts and index write, so a group of 32 feeds costs about as
many statements as one feed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select

from tidings.clock import as_utc
from tidings.errors import FeedNotFoundError
from tidings.store import articles, fulltext
from tidings.store.merge import merge_feed_into
from tidings.store.tables import feeds
from tidings.text.searchtext import search_document_of, with_search_documents
from tidings.types import EntryWrite, FeedUpdate, RefreshStatus

__all__ = [
    "apply_feed_update",
    "apply_feed_updates",
    "search_document_of",
    "with_search_documents",
]

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

    Raises :class:`FeedNotFoundError` when the feed was removed meanwhile. A feed
    that moved permanently to the address of another stored feed is folded into
    that one (:mod:`tidings.store.merge`).
    """
    merge_into = _update_feed_row(conn, update)
    _write_entries(conn, _writes_of([update]))
    if merge_into is not None:
        # It moved permanently to an address another feed already has: one feed now.
        merge_feed_into(conn, update.feed_id, merge_into, update.checked_at)


def apply_feed_updates(conn: Connection, updates: Sequence[FeedUpdate]) -> None:
    """:func:`apply_feed_update` for several feeds, sharing statements (see the module).

    All or nothing, like one: when a feed was removed meanwhile this raises
    :class:`FeedNotFoundError` and the caller's transaction rolls back (the
    pipeline then writes the feeds one by one, to record which one failed).
    """
    moved = [u for u in updates if u.new_url is not None]  # may need merging: one by one
    plain = [u for u in updates if u.new_url is None]
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for update in plain:
        values = _feed_values(update)
        groups.setdefault(tuple(values), []).append({"_feed_id": update.feed_id, **values})
    updated = 0
    for names, rows in groups.items():
        statement = (
            feeds.update()
            .where(feeds.c.id == bindparam("_feed_id"))
            .values({name: bindparam(name) for name in names})
        )
        updated += conn.execute(statement, rows).rowcount
    if updated != len(plain):
        raise FeedNotFoundError(
            f"{len(plain) - updated} of the feeds {[u.feed_id for u in plain]} no longer exist;"
            " they were removed."
        )
    _write_entries(conn, _writes_of(plain))
    for update in moved:
        apply_feed_update(conn, update)


def _writes_of(updates: Sequence[FeedUpdate]) -> list[tuple[int, datetime, EntryWrite]]:
    """(feed id, time of the refresh, write) of each update's entries, search
    documents computed when not done ahead (callers other than the pipeline)."""
    return [
        (update.feed_id, update.checked_at, write)
        for update in updates
        if update.entries
        for write in _unique_by_key(with_search_documents(update).entries)
    ]


def _update_feed_row(conn: Connection, update: FeedUpdate) -> int | None:
    """Update the feed row; returns the id of the feed it must be merged into, if any."""
    values = _feed_values(update)
    merge_into = None
    if update.new_url is not None:
        merge_into = conn.scalar(
            select(feeds.c.id).where(feeds.c.url == update.new_url, feeds.c.id != update.feed_id)
        )
        if merge_into is None:
            values["url"] = update.new_url
    result = conn.execute(feeds.update().where(feeds.c.id == update.feed_id).values(**values))
    if result.rowcount == 0:
        raise FeedNotFoundError(f"Feed {update.feed_id} no longer exists; it was removed.")
    return merge_into


def _feed_values(update: FeedUpdate) -> dict[str, Any]:
    """The feed row's new values (its address apart)."""
    values: dict[str, Any] = {
        "last_checked_at": update.checked_at,
        "next_check_at": update.next_check_at,
        "error_count": update.error_count,
        "last_error": update.error,
    }
    if update.status is not RefreshStatus.FAILED:
        values["stale"] = False
    if update.entries:
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
        # What the feed says about itself; a field it no longer states (or a
        # recovered document that lost it) keeps the stored value.
        described = {
            "title": parsed.title,
            "site_url": parsed.link,
            "description": parsed.description,
            "language": parsed.language,
            "icon_url": parsed.icon,
            "author": parsed.author,
        }
        values.update({name: value for name, value in described.items() if value is not None})
        values.update(
            format=str(parsed.format),
            parser=parsed.parser,
            recovered=parsed.recovered,
            problems="\n".join(parsed.problems) or None,
            ttl_minutes=parsed.ttl_minutes,
        )
    if update.disabled_reason is not None:
        values["disabled_at"] = update.checked_at
        values["disabled_reason"] = update.disabled_reason
    return values


def _unique_by_key(writes: Sequence[EntryWrite]) -> list[EntryWrite]:
    """The first write of each key (a feed listing an entry twice must not fail the upsert)."""
    seen: set[str] = set()
    unique = []
    for write in writes:
        if write.key not in seen:
            seen.add(write.key)
            unique.append(write)
    return unique


def _write_entries(conn: Connection, writes: Sequence[tuple[int, datetime, EntryWrite]]) -> None:
    """Upsert the entries of ``writes`` (feed id, time of its refresh, write) and index them."""
    # The hot path of a refresh, written at the driver level: SQLAlchemy's per-value
    # type processing cost more than the database did (measured: 4,400 vs 15,000+
    # entries/s on SQLite). Values are converted here once, as the column types would.
    if not writes:
        return
    dialect = conn.dialect.name
    stamp = _sqlite_datetime if dialect == "sqlite" else _as_is
    stamped: dict[datetime, Any] = {}
    rows = []
    for feed_id, now, write in writes:
        now_value = stamped.get(now)
        if now_value is None:
            now_value = stamped[now] = stamp(now)
        rows.append(_entry_values(feed_id, write, now, now_value, stamp))
    if dialect == "sqlite":
        # One row per execution, all in one executemany (the statement is prepared
        # once; the loop over rows runs in C), then one query for the ids. A
        # multi-row VALUES upsert with RETURNING needs one statement text per row
        # count, and the sqlite3 module keeps each one prepared, a large program
        # for hundreds of rows: the refresh process grew by ~100 MB once groups
        # of feeds were written together (any count from 1 to 500).
        conn.exec_driver_sql(_SQLITE_UPSERT, rows)
        keys = _encode_json([[feed_id, _text(write.key)] for feed_id, _, write in writes])
        result = conn.exec_driver_sql(_SQLITE_IDS, (keys,))
    else:
        # One array per column: the statement text is the same for any number
        # of rows, so psycopg parses it once and the server prepares it.
        columns = tuple(list(column) for column in zip(*rows, strict=True))
        result = conn.exec_driver_sql(_POSTGRES_UPSERT, columns)
    ids = {(feed_id, key): entry_id for entry_id, feed_id, key in result}
    documents = [
        (ids[feed_id, _text(write.key)], write.search_document or search_document_of(write))
        for feed_id, _, write in writes
    ]
    changed: dict[datetime, list[int]] = {}  # by the time of the refresh that saw the change
    for feed_id, now, write in writes:
        if not write.is_new:
            changed.setdefault(now, []).append(ids[feed_id, _text(write.key)])
    if changed:
        # An updated entry keeps the full text extracted for it in its search document
        # until its article, now stale, is extracted again.
        every = [entry_id for entry_ids in changed.values() for entry_id in entry_ids]
        documents = articles.with_article_texts(conn, documents, every)
        for now, entry_ids in changed.items():
            articles.mark_stale(conn, entry_ids, now)
    fulltext.index_entries(conn, documents)


_ENTRY_COLUMNS = (
    "feed_id",
    "key",
    "sort_at",
    "first_seen_at",
    *_UPDATED_COLUMNS,
)
_ENTRY_WIDTH = len(_ENTRY_COLUMNS)
_ENTRY_ARRAY_TYPES = (  # PostgreSQL array types of _ENTRY_COLUMNS, in order
    "integer[]", "text[]", "timestamptz[]", "timestamptz[]",
    "varchar[]", "text[]", "text[]", "json[]", "timestamptz[]", "timestamptz[]", "text[]",
    "text[]", "json[]", "text[]", "json[]", "varchar[]", "json[]", "text[]", "timestamptz[]",
)  # fmt: skip


def _upsert_sql(dialect: str) -> str:
    """The upsert for SQLite (one row, for executemany) or PostgreSQL (``unnest`` of
    arrays, returning the ids)."""
    if dialect == "sqlite":
        source = "VALUES (" + ", ".join(["?"] * _ENTRY_WIDTH) + ")"
    else:
        arrays = ", ".join(f"%s::{array_type}" for array_type in _ENTRY_ARRAY_TYPES)
        source = f"SELECT * FROM unnest({arrays})"
    updates = ", ".join(f"{name} = excluded.{name}" for name in _UPDATED_COLUMNS)
    return (
        f"INSERT INTO entries ({', '.join(_ENTRY_COLUMNS)}) {source}"
        f" ON CONFLICT (feed_id, key) DO UPDATE SET {updates},"
        # Never sort an entry later than when it was first seen (future or missing dates).
        " sort_at = CASE WHEN excluded.published_at IS NULL"
        " OR excluded.published_at > entries.first_seen_at"
        " THEN entries.first_seen_at ELSE excluded.published_at END"
        + ("" if dialect == "sqlite" else " RETURNING id, feed_id, key")
    )


def _sqlite_datetime(value: datetime | None) -> str | None:
    """The text SQLAlchemy's SQLite DATETIME stores (naive UTC, fixed width)."""
    if value is None:
        return None
    return as_utc(value).replace(tzinfo=None).isoformat(" ", "microseconds")


def _as_is(value: datetime | None) -> datetime | None:
    return value


def _text(value: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL; a stray one must not fail every refresh of a feed."""
    return value.replace("\x00", "") if value and "\x00" in value else value


_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json(items: list[Any]) -> str | None:
    return _encode_json(items) if items else None


def _entry_values(
    feed_id: int,
    write: EntryWrite,
    now: datetime,
    now_value: Any,
    stamp: Callable[[datetime | None], Any],
) -> tuple[Any, ...]:
    """One row in the order of ``_ENTRY_COLUMNS``."""
    entry = write.entry
    published = as_utc(entry.published) if entry.published is not None else None
    enclosures = [
        {
            k: v
            for k, v in (
                ("url", e.url),
                ("type", e.type),
                ("length", e.length),
                ("duration", e.duration),
            )
            if v is not None
        }
        for e in entry.enclosures
    ]
    transcripts = [
        {
            k: v
            for k, v in (("url", t.url), ("type", t.type), ("language", t.language))
            if v is not None
        }
        for t in entry.transcripts
    ]
    return (
        feed_id,
        _text(write.key),
        stamp(published) if published is not None and published < now else now_value,
        now_value,
        # _UPDATED_COLUMNS, in order
        write.content_hash,
        _text(entry.title),
        _text(entry.link),
        _json(list(entry.authors)),
        stamp(published),
        stamp(entry.updated),
        _text(entry.summary),
        _text(entry.content),
        _json(enclosures),
        entry.thumbnail,
        _json(list(entry.categories)),
        entry.language,
        _json(transcripts),
        entry.comments_url,
        now_value,
    )


_SQLITE_UPSERT = _upsert_sql("sqlite")
_POSTGRES_UPSERT = _upsert_sql("postgresql")
# The ids of the (feed id, key) pairs of a JSON array: one statement whatever their number.
_SQLITE_IDS = (
    "SELECT e.id, e.feed_id, e.key FROM json_each(?) AS j JOIN entries AS e"
    " ON e.feed_id = json_extract(j.value, '$[0]') AND e.key = json_extract(j.value, '$[1]')"
)
