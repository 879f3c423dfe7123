"""Entries as a user sees them: listing, reading one, read and starred state.

Every function here is scoped to a user: entries of feeds the user does not
follow do not exist for them. State lives in ``entry_states``, one row per
(user, entry) that was ever marked; no row means unread and not starred.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    false,
    func,
    literal,
    null,
    or_,
    select,
    true,
    tuple_,
)

from tidings.errors import EntryNotFoundError
from tidings.store.dialect import insert_for
from tidings.store.records import entry_record, entry_records
from tidings.store.tables import UTCDateTime, entries, entry_states, feeds, subscriptions
from tidings.types import EntryRecord

_CHUNK = 500  # ids per statement, well under SQLite's bound-parameter limit
_ALL_COLUMNS = tuple(entries.c)


def list_entries(
    conn: Connection,
    user_id: int,
    *,
    feed_id: int | None = None,
    folder_id: int | None = None,
    ungrouped: bool = False,
    unread_only: bool = False,
    starred_only: bool = False,
    limit: int = 50,
    before: tuple[datetime, int] | None = None,
    omit: Collection[str] = (),
) -> list[EntryRecord]:
    """Newest first. For the next page pass ``before=last.cursor`` (keyset pagination).

    ``omit``: columns a list does not show, from :data:`NOT_LISTED` (the bodies,
    :data:`BODIES`, and the details only an entry's own page shows): not read, and
    None (or empty) in the records. An entry's HTML is most of its row; the reader's
    lists show titles only, the API's lists the summary.

    One statement: the page's ids are chosen first by walking an index newest
    first and stopping after ``limit`` (``(sort_at, id)``, or ``(feed_id, sort_at,
    id)`` for one feed, or the user's starred states), then only those rows are
    read whole. With 100,000 entries, sorting every followed entry to show 50
    took 40 ms on SQLite; the walk takes well under 1 ms (bench/web_load.py).
    """
    query = _list_statement(
        conn.dialect.name, feed_id is not None, folder_id is not None, ungrouped, unread_only,
        starred_only, before is not None, False, frozenset(omit),
    )
    params = {"user_id": user_id, "feed_id": feed_id, "folder_id": folder_id, "limit": limit}
    if before is not None:
        params["sort_at"], params["entry_id"] = before
    return entry_records(conn.execute(query, params))


def newer_entry(
    conn: Connection,
    user_id: int,
    after: tuple[datetime, int],
    *,
    feed_id: int | None = None,
    folder_id: int | None = None,
    ungrouped: bool = False,
    unread_only: bool = False,
    starred_only: bool = False,
    omit: Collection[str] = (),
) -> EntryRecord | None:
    """The entry just above ``after`` in the newest-first order of :func:`list_entries`."""
    query = _list_statement(
        conn.dialect.name, feed_id is not None, folder_id is not None, ungrouped, unread_only,
        starred_only, True, True, frozenset(omit),
    )
    params = {"user_id": user_id, "feed_id": feed_id, "folder_id": folder_id, "limit": 1}
    params["sort_at"], params["entry_id"] = after
    row = conn.execute(query, params).first()
    return None if row is None else entry_record(row)


@functools.lru_cache(maxsize=512)
def _list_statement(
    dialect: str,
    one_feed: bool,
    in_folder: bool,
    ungrouped: bool,
    unread_only: bool,
    starred_only: bool,
    keyset: bool,
    newer: bool,
    omit: frozenset[str],
) -> Select[Any]:
    """The statement of a list (or of the neighbour above a point, ``newer``), built once
    per shape, with bound parameters ``user_id``, ``feed_id``, ``folder_id``, ``limit``
    and, for ``keyset``, ``sort_at`` and ``entry_id``. Building it per call cost about
    0.5 ms of a list page (SQLAlchemy caches the compiled SQL, not the construct)."""
    user_id = bindparam("user_id", type_=Integer)
    ids = _page_ids(
        dialect, user_id,
        feed_id=bindparam("feed_id", type_=Integer) if one_feed else None,
        folder_id=bindparam("folder_id", type_=Integer) if in_folder else None,
        ungrouped=ungrouped, unread_only=unread_only, starred_only=starred_only,
    )
    limit = bindparam("limit", type_=Integer)
    if keyset:
        # A row-value comparison is a range both databases seek to in the index.
        point: Any = tuple_(
            bindparam("sort_at", type_=UTCDateTime()), bindparam("entry_id", type_=Integer)
        )
    chosen = ids.selected_columns  # entries' own, or the starred states' (_page_ids)
    if keyset:
        row = tuple_(chosen.sort_at, chosen.id)
        ids = ids.where(row > point if newer else row < point)
    if newer:
        page = ids.order_by(chosen.sort_at, chosen.id).limit(limit).subquery()
        return _visible(user_id, page, omit)
    page = ids.order_by(chosen.sort_at.desc(), chosen.id.desc()).limit(limit).subquery()
    return _visible(user_id, page, omit).order_by(page.c.sort_at.desc(), page.c.id.desc())


def _page_ids(
    dialect: str,
    user_id: Any,
    *,
    feed_id: Any,
    folder_id: Any,
    ungrouped: bool,
    unread_only: bool,
    starred_only: bool,
) -> Select[Any]:
    """``(id, sort_at)`` of the user's entries that pass the list filters, unsorted.

    The filters are shared by every listing, so that they cannot drift apart.
    On SQLite, ``feed_id + 0`` in the join keeps the planner from reaching
    entries through each followed feed's index and sorting them all (its choice
    without statistics): it walks the ``(sort_at, id)`` index instead and looks
    each entry's subscription up by ``(user_id, feed_id)``. One feed's list
    still uses ``(feed_id, sort_at, id)`` through the ``feed_id = ?`` filter.
    PostgreSQL plans from its statistics and gets the plain join.
    """
    entry_feed: Any = entries.c.feed_id
    if dialect == "sqlite" and feed_id is None:
        entry_feed = entries.c.feed_id + 0
    if starred_only:
        # A user's starred entries are few: walk their states newest first by the
        # entry's sort_at kept beside each (migration 0015_starred_order), not every entry.
        source = entry_states.join(entries, entries.c.id == entry_states.c.entry_id).join(
            subscriptions, _followed(user_id)
        )
        query = select(
            entry_states.c.entry_id.label("id"), entry_states.c.sort_at.label("sort_at")
        ).select_from(source).where(
            entry_states.c.user_id == user_id, entry_states.c.starred == true()
        )
    else:
        source = entries.join(subscriptions, _followed(user_id, entry_feed)).outerjoin(
            entry_states, _state(user_id)
        )
        query = select(entries.c.id, entries.c.sort_at).select_from(source)
    if feed_id is not None:
        query = query.where(entries.c.feed_id == feed_id)
    if folder_id is not None:
        query = query.where(subscriptions.c.folder_id == folder_id)
    if ungrouped:  # the feeds outside folders
        query = query.where(subscriptions.c.folder_id.is_(None))
    if unread_only:
        query = query.where(_unread())
    return query


def get_entry(conn: Connection, user_id: int, entry_id: int) -> EntryRecord:
    """One entry; :class:`EntryNotFoundError` if it does not exist or the user does not follow its feed."""
    row = conn.execute(_ENTRY, {"user_id": user_id, "entry_id": entry_id}).first()
    if row is None:
        raise EntryNotFoundError(f"There is no entry {entry_id} in the feeds you follow.")
    return entry_record(row)


def set_read(
    conn: Connection, user_id: int, entry_ids: Collection[int], read: bool, now: datetime
) -> int:
    """Mark entries read or unread; returns how many of them the user can see (the others are ignored)."""
    return _set_state(conn, user_id, entry_ids, "read", read, now)


def set_starred(
    conn: Connection, user_id: int, entry_ids: Collection[int], starred: bool, now: datetime
) -> int:
    """Star or unstar entries; returns how many of them the user can see."""
    return _set_state(conn, user_id, entry_ids, "starred", starred, now)


def unread_changes(
    conn: Connection, user_id: int, entry_ids: Collection[int], read: bool
) -> dict[int, int]:
    """What :func:`set_read` with these arguments would do to the user's unread counts:
    feed id -> change (negative: fewer unread). Call it just before, in the same
    transaction, holding the user's counter (``store.reading.lock_user_version``)."""
    counts: dict[int, int] = {}
    # Marking read changes the unread ones; marking unread, the read ones.
    changing = _unread() if read else entry_states.c.read == true()
    for chunk in _chunks(sorted(set(entry_ids))):
        rows = conn.execute(
            select(entries.c.feed_id, func.count())
            .select_from(
                entries.join(subscriptions, _followed(user_id))
                .outerjoin(entry_states, _state(user_id))
            )
            .where(entries.c.id.in_(chunk), changing)
            .group_by(entries.c.feed_id)
        )
        for feed_id, count in rows:
            counts[feed_id] = counts.get(feed_id, 0) + (-count if read else count)
    return counts


def mark_all_read(
    conn: Connection,
    user_id: int,
    now: datetime,
    *,
    feed_id: int | None = None,
    folder_id: int | None = None,
    ungrouped: bool = False,
    up_to: datetime | None = None,
) -> None:
    """Mark every visible entry (of a feed, a folder, the feeds outside folders, or all)
    sorted at or before ``up_to`` read.

    One ``INSERT ... SELECT ... ON CONFLICT`` statement, whatever the number of entries.
    """
    query = (
        select(subscriptions.c.user_id, entries.c.id, true(), literal(now, UTCDateTime()))
        .select_from(
            entries.join(subscriptions, _followed(user_id))
        )
        .where(true())
    )
    if feed_id is not None:
        query = query.where(entries.c.feed_id == feed_id)
    if folder_id is not None:
        query = query.where(subscriptions.c.folder_id == folder_id)
    if ungrouped:
        query = query.where(subscriptions.c.folder_id.is_(None))
    if up_to is not None:
        query = query.where(entries.c.sort_at <= up_to)
    stmt = insert_for(conn, entry_states).from_select(
        ["user_id", "entry_id", "read", "read_at"], query
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[entry_states.c.user_id, entry_states.c.entry_id],
        set_={"read": true(), "read_at": stmt.excluded.read_at},
        where=entry_states.c.read == false(),
    )
    conn.execute(stmt)


def _set_state(
    conn: Connection,
    user_id: int,
    entry_ids: Collection[int],
    column: str,
    value: bool,
    now: datetime,
) -> int:
    changed = 0
    for chunk in _chunks(sorted(set(entry_ids))):
        visible = (
            conn.execute(
                select(entries.c.id)
                .join(subscriptions, _followed(user_id))
                .where(entries.c.id.in_(chunk))
            )
            .scalars()
            .all()
        )
        if not visible:
            continue
        at = f"{column}_at"
        stmt = insert_for(conn, entry_states)
        stmt = stmt.on_conflict_do_update(
            index_elements=[entry_states.c.user_id, entry_states.c.entry_id],
            set_={column: stmt.excluded[column], at: stmt.excluded[at]},
        )
        conn.execute(
            stmt,
            [
                {"user_id": user_id, "entry_id": i, column: value, at: now if value else None}
                for i in visible
            ],
        )
        changed += len(visible)
    return changed


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _unread() -> Any:
    return or_(entry_states.c.read.is_(None), entry_states.c.read == false())


def _followed(user_id: Any, entry_feed: Any = entries.c.feed_id) -> Any:
    """Joins an entry to the user's subscription of its feed: entries of feeds the user
    does not follow do not exist for them (``entry_feed``: ``feed_id + 0`` to steer
    SQLite's planner, see :func:`_page_ids`)."""
    return and_(subscriptions.c.feed_id == entry_feed, subscriptions.c.user_id == user_id)


def _state(user_id: Any) -> Any:
    """Joins (outer) an entry to the user's state of it: no row, unread and not starred."""
    return and_(entry_states.c.entry_id == entries.c.id, entry_states.c.user_id == user_id)


BODIES = frozenset({"summary", "content"})
# What the reader's lists (and an entry's neighbour links) do not show: besides the
# bodies, the dates and lists an entry's page shows. Each datetime or JSON value read is
# converted in Python; a page of 50 converted about 500 it never showed (issue 3).
NOT_LISTED = BODIES | {
    "first_seen_at", "last_changed_at", "published_at", "updated_at", "enclosures",
    "thumbnail", "categories", "language", "transcripts", "comments_url", "read_at",
    "starred_at",
}


def _visible(user_id: Any, page: Any = None, omit: Collection[str] = ()) -> Select[Any]:
    """Entries of the feeds ``user_id`` follows, with the user's state and title for the feed.

    With ``page`` (a subquery of chosen ids), only those entries, read by primary key;
    without the columns in ``omit`` (see :func:`list_entries`).
    """
    base: Any = entries
    entry_feed: Any = entries.c.feed_id
    if page is not None:
        base = page.join(entries, entries.c.id == page.c.id)
        entry_feed = entries.c.feed_id + 0  # start from the page, never from the feeds
    if not NOT_LISTED.issuperset(omit):
        raise ValueError(f"only {sorted(NOT_LISTED)} can be left out, not {sorted(omit)}")
    columns = [
        *_ALL_COLUMNS,
        func.coalesce(subscriptions.c.title, feeds.c.title).label("feed_title"),
        entry_states.c.read,
        entry_states.c.read_at,
        entry_states.c.starred,
        entry_states.c.starred_at,
    ]
    return select(
        # An omitted column is a NULL of no type: nothing read, nothing converted.
        *(null().label(c.name) if c.name in omit else c for c in columns)
    ).select_from(
        base.join(subscriptions, _followed(user_id, entry_feed))
        .join(feeds, feeds.c.id == entry_feed)
        .outerjoin(entry_states, _state(user_id))
    )


# One entry by id, for get_entry: built once (see _list_statement).
_ENTRY = _visible(bindparam("user_id", type_=Integer)).where(
    entries.c.id == bindparam("entry_id", type_=Integer)
)
