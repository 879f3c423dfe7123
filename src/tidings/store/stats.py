"""Counts for ``tidings status`` and the admin page, in one query."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, select

from tidings.clock import as_utc
from tidings.store.tables import entries, feeds, subscriptions, users
from tidings.types import StoreStats


def store_stats(conn: Connection) -> StoreStats:
    def count(table, *where):  # type: ignore[no-untyped-def]
        return select(func.count()).select_from(table).where(*where).scalar_subquery()

    row = conn.execute(
        select(
            count(feeds).label("feeds"),
            count(entries).label("entries"),
            count(feeds, feeds.c.error_count > 0).label("feeds_in_error"),
            count(feeds, feeds.c.disabled_at.is_not(None)).label("feeds_disabled"),
            count(subscriptions).label("subscriptions"),
            count(users).label("users"),
        )
    ).one()
    return StoreStats(
        feeds=row.feeds,
        entries=row.entries,
        feeds_in_error=row.feeds_in_error,
        feeds_disabled=row.feeds_disabled,
        subscriptions=row.subscriptions,
        users=row.users,
    )


def oldest_entry_time(conn: Connection) -> datetime | None:
    """When the oldest stored entry is dated (its sort time), or None for an empty store."""
    return as_utc(conn.scalar(select(func.min(entries.c.sort_at))))
