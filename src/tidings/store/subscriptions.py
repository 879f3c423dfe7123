"""Who follows what: subscriptions and the folders they are filed in.

Unsubscribing keeps the feed (others may follow it) and the user's read and
starred states (subscribing again brings them back).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, false, func, or_, select

from tidings.clock import utcnow
from tidings.errors import FeedNotFoundError, FolderNotFoundError
from tidings.store.dialect import insert_for
from tidings.store.tables import (
    entries,
    entry_states,
    feeds,
    folders,
    subscriptions,
    unread_moves,
)
from tidings.types import FeedKind, FolderRecord, SubscriptionRecord


def followed_feed_ids(user_id: int) -> Select[Any]:
    """A subquery of the ids of the feeds ``user_id`` follows (for scoping other queries)."""
    return select(subscriptions.c.feed_id).where(subscriptions.c.user_id == user_id)


def subscribe(
    conn: Connection,
    user_id: int,
    feed_id: int,
    *,
    folder: str | None = None,
    title: str | None = None,
    now: datetime | None = None,
) -> SubscriptionRecord:
    """Follow a feed (idempotent). ``folder`` is created by name if needed.

    Subscribing again files the subscription in ``folder`` and renames it to
    ``title`` when those are given, and otherwise leaves it as it was.
    """
    now = now or utcnow()
    folder_id = _folder_id(conn, user_id, folder, now) if folder is not None else None
    stmt = insert_for(conn, subscriptions).values(
        user_id=user_id, feed_id=feed_id, folder_id=folder_id, title=title, created_at=now
    )
    changes: dict[str, Any] = {}
    if folder is not None:
        changes["folder_id"] = stmt.excluded.folder_id
    if title is not None:
        changes["title"] = stmt.excluded.title
    index = [subscriptions.c.user_id, subscriptions.c.feed_id]
    if changes:
        stmt = stmt.on_conflict_do_update(index_elements=index, set_=changes)
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=index)
    if conn.execute(select(feeds.c.id).where(feeds.c.id == feed_id)).first() is None:
        raise FeedNotFoundError(f"There is no feed with id {feed_id}.")
    conn.execute(stmt)
    return get_subscription(conn, user_id, feed_id)


def subscribe_many(
    conn: Connection,
    user_id: int,
    follows: Sequence[tuple[int, str | None, str | None]],
    now: datetime,
) -> None:
    """Follow many feeds at once, each ``(feed_id, folder, title)``, in a few statements.

    The same rules as :func:`subscribe`: folders are created by name, and an
    existing subscription moves to the folder and takes the title given, while
    None leaves either as it was.
    """
    names = {name.strip() for _, name, _ in follows if name and name.strip()}
    folder_ids: dict[str, int] = {}
    if names:
        conn.execute(
            insert_for(conn, folders).on_conflict_do_nothing(
                index_elements=[folders.c.user_id, folders.c.name]
            ),
            [{"user_id": user_id, "name": name, "created_at": now} for name in sorted(names)],
        )
        found = conn.execute(
            select(folders.c.name, folders.c.id).where(
                folders.c.user_id == user_id, folders.c.name.in_(names)
            )
        )
        folder_ids = {name: int(folder_id) for name, folder_id in found}
    rows = [
        {
            "user_id": user_id,
            "feed_id": feed_id,
            "folder_id": folder_ids.get(name.strip()) if name else None,
            "title": title,
            "created_at": now,
        }
        for feed_id, name, title in follows
    ]
    if not rows:
        return
    stmt = insert_for(conn, subscriptions)
    stmt = stmt.on_conflict_do_update(
        index_elements=[subscriptions.c.user_id, subscriptions.c.feed_id],
        set_={
            "folder_id": func.coalesce(stmt.excluded.folder_id, subscriptions.c.folder_id),
            "title": func.coalesce(stmt.excluded.title, subscriptions.c.title),
        },
    )
    conn.execute(stmt, rows)


def unsubscribe(conn: Connection, user_id: int, feed_id: int) -> None:
    result = conn.execute(
        subscriptions.delete().where(
            subscriptions.c.user_id == user_id, subscriptions.c.feed_id == feed_id
        )
    )
    if result.rowcount == 0:
        raise FeedNotFoundError(f"You do not follow feed {feed_id}.")


def rename_subscription(conn: Connection, user_id: int, feed_id: int, title: str | None) -> None:
    """Set the user's own title for the feed (None: use the feed's title)."""
    _update(conn, user_id, feed_id, title=(title or None))


def move_subscription(conn: Connection, user_id: int, feed_id: int, folder: str | None) -> None:
    """File the subscription in ``folder`` (created by name if needed), or in none."""
    folder_id = _folder_id(conn, user_id, folder, utcnow()) if folder else None
    _update(conn, user_id, feed_id, folder_id=folder_id)


def get_subscription(conn: Connection, user_id: int, feed_id: int) -> SubscriptionRecord:
    query = _subscription_query(user_id).where(subscriptions.c.feed_id == feed_id)
    row = conn.execute(query).first()
    if row is None:
        raise FeedNotFoundError(f"You do not follow feed {feed_id}.")
    return _record(row)


def list_subscriptions(conn: Connection, user_id: int) -> list[SubscriptionRecord]:
    """The user's subscriptions with folder, feed details and unread counts, in one query."""
    query = _subscription_query(user_id).order_by(
        folders.c.name.is_not(None),
        folders.c.name,
        func.lower(func.coalesce(subscriptions.c.title, feeds.c.title, feeds.c.url)),
        subscriptions.c.id,
    )
    return [_record(r) for r in conn.execute(query)]


def list_folders(conn: Connection, user_id: int) -> list[FolderRecord]:
    query = select(folders.c.id, folders.c.user_id, folders.c.name).where(
        folders.c.user_id == user_id
    )
    return [
        FolderRecord(r.id, r.user_id, r.name) for r in conn.execute(query.order_by(folders.c.name))
    ]


def delete_folder(conn: Connection, user_id: int, name: str) -> None:
    """Delete a folder; its subscriptions stay, filed in no folder."""
    result = conn.execute(
        folders.delete().where(folders.c.user_id == user_id, folders.c.name == name)
    )
    if result.rowcount == 0:
        raise FolderNotFoundError(f"You have no folder named {name!r}.")


# --- what changes did to the unread counts (table unread_moves, migration 0013) ---------

MOVES_KEPT = 512  # per user: a process whose sidebar is older than this counts again
_PRUNE_EVERY = 64


@dataclass(frozen=True, slots=True)
class UnreadMove:
    """One change of a user's read states: their counter went from ``before`` to
    ``after`` while the ``entries`` and ``feeds`` counters stayed at ``others``,
    and each feed's unread count moved by ``counts[feed_id]``."""

    before: int
    after: int
    others: tuple[int, int]
    counts: Mapping[int, int]


def record_unread_move(conn: Connection, user_id: int, move: UnreadMove) -> None:
    """Log ``move`` in the transaction that made it (the user's counter held)."""
    conn.execute(unread_moves.insert().values(
        user_id=user_id, version_before=move.before, version_after=move.after,
        entries_version=move.others[0], feeds_version=move.others[1],
        counts=[[feed_id, delta] for feed_id, delta in move.counts.items() if delta],
    ))
    if move.after // _PRUNE_EVERY != move.before // _PRUNE_EVERY:  # now and then
        conn.execute(unread_moves.delete().where(
            unread_moves.c.user_id == user_id,
            unread_moves.c.version_after < move.after - MOVES_KEPT,
        ))


def unread_moves_between(conn: Connection, user_id: int, since: int,
                         until: int) -> list[UnreadMove]:
    """The moves logged from the user's counter ``since`` up to ``until``, oldest first."""
    rows = conn.execute(
        select(unread_moves).where(
            unread_moves.c.user_id == user_id,
            unread_moves.c.version_before >= since,
            unread_moves.c.version_before < until,
        ).order_by(unread_moves.c.version_before)
    )
    return [
        UnreadMove(r.version_before, r.version_after, (r.entries_version, r.feeds_version),
                   {int(feed_id): int(delta) for feed_id, delta in r.counts})
        for r in rows
    ]


def _folder_id(conn: Connection, user_id: int, name: str, now: datetime) -> int:
    name = name.strip()
    if not name:
        raise ValueError("A folder name cannot be empty.")
    stmt = insert_for(conn, folders).values(user_id=user_id, name=name, created_at=now)
    conn.execute(stmt.on_conflict_do_nothing(index_elements=[folders.c.user_id, folders.c.name]))
    return int(
        conn.execute(
            select(folders.c.id).where(folders.c.user_id == user_id, folders.c.name == name)
        ).scalar_one()
    )


def _update(conn: Connection, user_id: int, feed_id: int, **values: object) -> None:
    result = conn.execute(
        subscriptions.update()
        .where(subscriptions.c.user_id == user_id, subscriptions.c.feed_id == feed_id)
        .values(**values)
    )
    if result.rowcount == 0:
        raise FeedNotFoundError(f"You do not follow feed {feed_id}.")


def _subscription_query(user_id: int) -> Select[Any]:
    unread = (
        select(func.count())
        .select_from(
            entries.outerjoin(
                entry_states,
                and_(entry_states.c.entry_id == entries.c.id, entry_states.c.user_id == user_id),
            )
        )
        .where(
            entries.c.feed_id == subscriptions.c.feed_id,
            or_(entry_states.c.read.is_(None), entry_states.c.read == false()),
        )
        .scalar_subquery()
    )
    return (
        select(
            subscriptions.c.id,
            subscriptions.c.user_id,
            subscriptions.c.feed_id,
            subscriptions.c.title,
            subscriptions.c.created_at,
            subscriptions.c.folder_id,
            folders.c.name.label("folder_name"),
            feeds.c.url.label("feed_url"),
            feeds.c.title.label("feed_title"),
            feeds.c.site_url.label("feed_site_url"),
            feeds.c.icon_url.label("feed_icon_url"),
            feeds.c.kind.label("feed_kind"),
            feeds.c.last_error.label("feed_error"),
            feeds.c.disabled_at.label("feed_disabled_at"),
            unread.label("unread_count"),
        )
        .select_from(
            subscriptions.join(feeds, feeds.c.id == subscriptions.c.feed_id).outerjoin(
                folders, folders.c.id == subscriptions.c.folder_id
            )
        )
        .where(subscriptions.c.user_id == user_id)
    )


def _record(row: Any) -> SubscriptionRecord:
    return SubscriptionRecord(
        id=row.id,
        user_id=row.user_id,
        feed_id=row.feed_id,
        feed_url=row.feed_url,
        created_at=row.created_at,
        title=row.title,
        feed_title=row.feed_title,
        feed_site_url=row.feed_site_url,
        feed_icon_url=row.feed_icon_url,
        feed_kind=FeedKind(row.feed_kind),
        feed_error=row.feed_error,
        feed_disabled=row.feed_disabled_at is not None,
        folder_id=row.folder_id,
        folder_name=row.folder_name,
        unread_count=int(row.unread_count or 0),
    )
