"""Feeds: one row per address, fetched once however many people follow it.

Scheduling: a feed is *due* when it is not disabled, its error count is under
the threshold, and either ``next_check_at <= now`` or it has never been checked
(``next_check_at`` and ``last_checked_at`` both null). A checked feed whose
``next_check_at`` is null is out of the schedule until :func:`retry_feed`.
Document sources (kind ``documents``) are never fetched.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, false, func, or_, select

from tidings.errors import AlreadyExistsError, FeedNotFoundError
from tidings.store.dialect import insert_for
from tidings.store.records import feed_record
from tidings.store.tables import entries, entry_states, feeds, subscriptions
from tidings.store.updates import apply_feed_update
from tidings.types import FeedForUpdate, FeedKind, FeedRecord

__all__ = [
    "DEFAULT_MAX_ERRORS",
    "add_feed",
    "apply_feed_update",
    "disable_feed",
    "existing_entry_hashes",
    "feed_by_url",
    "feeds_for_update",
    "get_feed",
    "list_feeds",
    "remove_feed",
    "retry_feed",
    "set_always_fetch_full_text",
    "set_feed_url",
]

DEFAULT_MAX_ERRORS = 10  # Settings.max_consecutive_errors
RATE_WINDOW_DAYS = 28
RATE_WINDOW = timedelta(days=RATE_WINDOW_DAYS)


def add_feed(
    conn: Connection,
    url: str,
    now: datetime,
    *,
    kind: FeedKind | str = FeedKind.FEED,
    owner_user_id: int | None = None,
) -> int:
    """The id of the feed at ``url``, adding it (due at once) when it is new."""
    stmt = insert_for(conn, feeds).values(
        url=url,
        kind=FeedKind(kind).value,
        owner_user_id=owner_user_id,
        created_at=now,
        next_check_at=now,
    )
    stmt = stmt.on_conflict_do_nothing(index_elements=[feeds.c.url]).returning(feeds.c.id)
    row = conn.execute(stmt).first()
    if row is not None:
        return int(row[0])
    return int(conn.execute(select(feeds.c.id).where(feeds.c.url == url)).scalar_one())


def add_feeds(conn: Connection, urls: Sequence[str], now: datetime) -> dict[str, int]:
    """The ids of the feeds at ``urls``, adding the new ones (due at once).

    Two statements per 500 addresses, whatever their number: an OPML file of
    thousands of feeds is not thousands of round trips.
    """
    unique = list(dict.fromkeys(urls))
    ids: dict[str, int] = {}
    insert = insert_for(conn, feeds).on_conflict_do_nothing(index_elements=[feeds.c.url])
    for start in range(0, len(unique), _URLS_PER_STATEMENT):
        chunk = unique[start : start + _URLS_PER_STATEMENT]
        conn.execute(
            insert,
            [
                {"url": url, "kind": FeedKind.FEED.value, "created_at": now, "next_check_at": now}
                for url in chunk
            ],
        )
        found = conn.execute(select(feeds.c.url, feeds.c.id).where(feeds.c.url.in_(chunk)))
        ids.update((url, int(feed_id)) for url, feed_id in found)
    return ids


_URLS_PER_STATEMENT = 500


def get_feed(conn: Connection, feed_id: int) -> FeedRecord:
    row = conn.execute(select(feeds).where(feeds.c.id == feed_id)).first()
    if row is None:
        raise FeedNotFoundError(f"There is no feed with id {feed_id}.")
    return feed_record(row)


def feed_by_url(conn: Connection, url: str) -> FeedRecord | None:
    row = conn.execute(select(feeds).where(feeds.c.url == url)).first()
    return None if row is None else feed_record(row)


def feeds_for_update(
    conn: Connection,
    now: datetime,
    *,
    due_only: bool = True,
    feed_ids: Collection[int] | None = None,
    include_failing: bool = False,
    max_errors: int = DEFAULT_MAX_ERRORS,
) -> list[FeedForUpdate]:
    """Feeds to refresh, in one query (disabled feeds and document sources never).

    ``entries_per_day`` is the number of entries dated in the last
    :data:`RATE_WINDOW_DAYS` days divided by that many days (None for a feed
    never checked), for the scheduler.
    """
    recent = (
        select(func.count())
        .select_from(entries)
        .where(entries.c.feed_id == feeds.c.id, entries.c.sort_at >= now - RATE_WINDOW)
        .scalar_subquery()
        .label("recent")
    )
    query = select(
        feeds.c.id,
        feeds.c.url,
        feeds.c.etag,
        feeds.c.last_modified,
        feeds.c.error_count,
        feeds.c.last_updated_at,
        feeds.c.stale,
        feeds.c.last_checked_at,
        feeds.c.retry_after_until,
        recent,
    ).where(feeds.c.disabled_at.is_(None), feeds.c.kind != FeedKind.DOCUMENTS.value)
    if due_only:
        query = query.where(
            or_(
                feeds.c.next_check_at <= now,
                and_(feeds.c.next_check_at.is_(None), feeds.c.last_checked_at.is_(None)),
            )
        )
    if not include_failing:
        query = query.where(feeds.c.error_count < max_errors)
    if feed_ids is not None:
        query = query.where(feeds.c.id.in_(list(feed_ids)))
    return [
        FeedForUpdate(
            feed_id=r.id,
            url=r.url,
            etag=r.etag,
            last_modified=r.last_modified,
            error_count=r.error_count,
            last_updated=r.last_updated_at,
            stale=bool(r.stale),
            entries_per_day=(None if r.last_checked_at is None else r.recent / RATE_WINDOW_DAYS),
            retry_after_until=r.retry_after_until,
        )
        for r in conn.execute(query.order_by(feeds.c.id))
    ]


def existing_entry_hashes(conn: Connection, feed_id: int) -> dict[str, str]:
    """Every stored entry of the feed: key -> content hash."""
    query = select(entries.c.key, entries.c.content_hash).where(entries.c.feed_id == feed_id)
    return {key: content_hash for key, content_hash in conn.execute(query)}


def retry_feed(conn: Connection, feed_id: int, now: datetime) -> None:
    """Forget the feed's errors and disabled state so it is due now."""
    _update(
        conn,
        feed_id,
        error_count=0,
        last_error=None,
        disabled_at=None,
        disabled_reason=None,
        next_check_at=now,
    )


def disable_feed(conn: Connection, feed_id: int, reason: str, now: datetime) -> None:
    """Take the feed out of the schedule (by hand); :func:`retry_feed` brings it back."""
    _update(conn, feed_id, disabled_at=now, disabled_reason=reason)


def set_feed_url(conn: Connection, feed_id: int, url: str) -> None:
    """Change the feed's address; the old cache validators are forgotten and it is refetched."""
    taken = conn.execute(
        select(feeds.c.id).where(feeds.c.url == url, feeds.c.id != feed_id)
    ).first()
    if taken is not None:
        raise AlreadyExistsError(f"Another feed (id {taken[0]}) already has the address {url}.")
    _update(conn, feed_id, url=url, etag=None, last_modified=None, stale=True)


def set_always_fetch_full_text(conn: Connection, feed_id: int, value: bool) -> None:
    _update(conn, feed_id, always_fetch_full_text=value)


def remove_feed(conn: Connection, feed_id: int) -> None:
    """Delete the feed with its entries, their states, search documents and subscriptions."""
    result = conn.execute(feeds.delete().where(feeds.c.id == feed_id))
    if result.rowcount == 0:
        raise FeedNotFoundError(f"There is no feed with id {feed_id}.")


def list_feeds(conn: Connection, user_id: int | None = None) -> list[FeedRecord]:
    """All feeds (``user_id`` None) or those the user follows, with entry counts, in one query.

    For a user, ``unread_count`` is filled in too.
    """
    entry_count = (
        select(func.count())
        .select_from(entries)
        .where(entries.c.feed_id == feeds.c.id)
        .scalar_subquery()
        .label("entry_count")
    )
    columns = [feeds, entry_count]
    query = select(*columns)
    if user_id is not None:
        unread = (
            select(func.count())
            .select_from(
                entries.outerjoin(
                    entry_states,
                    and_(
                        entry_states.c.entry_id == entries.c.id,
                        entry_states.c.user_id == user_id,
                    ),
                )
            )
            .where(
                entries.c.feed_id == feeds.c.id,
                or_(entry_states.c.read.is_(None), entry_states.c.read == false()),
            )
            .scalar_subquery()
            .label("unread_count")
        )
        query = (
            select(feeds, entry_count, unread)
            .join(subscriptions, subscriptions.c.feed_id == feeds.c.id)
            .where(subscriptions.c.user_id == user_id)
        )
    query = query.order_by(func.lower(func.coalesce(feeds.c.title, feeds.c.url)), feeds.c.id)
    return [feed_record(r) for r in conn.execute(query)]


def _update(conn: Connection, feed_id: int, **values: object) -> None:
    result = conn.execute(feeds.update().where(feeds.c.id == feed_id).values(**values))
    if result.rowcount == 0:
        raise FeedNotFoundError(f"There is no feed with id {feed_id}.")
