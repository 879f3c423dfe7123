"""Queries the reader needs beyond tidings.store.entries: the newer neighbour of an entry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, or_, true

from tidings.store.entries import _unread, _visible
from tidings.store.records import entry_record
from tidings.store.tables import entries, entry_states, subscriptions
from tidings.types import EntryRecord


def newer_entry(
    conn: Connection,
    user_id: int,
    after: tuple[datetime, int],
    *,
    feed_id: int | None = None,
    folder_id: int | None = None,
    unread_only: bool = False,
    starred_only: bool = False,
) -> EntryRecord | None:
    """The entry just above ``after`` in the newest-first order of ``list_entries`` (same filters)."""
    sort_at, entry_id = after
    query = _visible(user_id).where(
        or_(entries.c.sort_at > sort_at, and_(entries.c.sort_at == sort_at, entries.c.id > entry_id))
    )
    if feed_id is not None:
        query = query.where(entries.c.feed_id == feed_id)
    if folder_id is not None:
        query = query.where(subscriptions.c.folder_id == folder_id)
    if unread_only:
        query = query.where(_unread())
    if starred_only:
        query = query.where(entry_states.c.starred == true())
    row = conn.execute(query.order_by(entries.c.sort_at, entries.c.id).limit(1)).first()
    return None if row is None else entry_record(row)
