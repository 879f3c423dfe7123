"""A user's Documents source: the feed that holds the documents they import.

Each user has at most one, created on first use: a feed of kind ``documents``
owned by the user, at the internal address ``tidings:documents:<user id>``
(never fetched: :func:`tidings.store.feeds.feeds_for_update` leaves the kind
out), followed by that user only. Its entries are written by the ordinary
refresh write path (:func:`tidings.store.updates.apply_feed_update`), so they
are listed, searched and grouped into stories like any other entry, and are
visible only to those who follow the feed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from tidings.store.feeds import add_feed
from tidings.store.subscriptions import subscribe
from tidings.store.tables import entries, feeds
from tidings.types import FeedKind

__all__ = ["DOCUMENTS_TITLE", "document_entry", "documents_feed", "documents_feed_url"]

DOCUMENTS_TITLE = "Documents"


def documents_feed_url(user_id: int) -> str:
    return f"tidings:documents:{user_id}"


def documents_feed(conn: Connection, user_id: int, now: datetime) -> int:
    """The id of the user's Documents feed, created on first use, and followed by the user."""
    url = documents_feed_url(user_id)
    row = conn.execute(select(feeds.c.id).where(feeds.c.url == url)).first()
    if row is not None:
        feed_id = int(row[0])
    else:
        feed_id = add_feed(conn, url, now, kind=FeedKind.DOCUMENTS, owner_user_id=user_id)
        conn.execute(
            feeds.update()
            .where(feeds.c.id == feed_id, feeds.c.title.is_(None))
            .values(title=DOCUMENTS_TITLE, next_check_at=None)
        )
    # Every time: a user who unfollowed the source still sees what they import next.
    subscribe(conn, user_id, feed_id, now=now)
    return feed_id


def document_entry(conn: Connection, feed_id: int, key: str) -> tuple[int, str] | None:
    """``(entry id, content hash)`` of the document stored under ``key``, or None."""
    row = conn.execute(
        select(entries.c.id, entries.c.content_hash).where(
            entries.c.feed_id == feed_id, entries.c.key == key
        )
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))
