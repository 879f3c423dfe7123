"""Syndicated copies in the reading lists: "also in" and reading a story once.

The clustering pass marks an entry that repeats another near-verbatim (a wire
story re-posted by a paper, an aggregator's copy) with ``story_entries.duplicate_of``.
A reader who follows both feeds sees the story once: the copy is folded under
the original in a list ("also in: ..."), and reading either marks the other
read. Only feeds the reader follows are ever looked at.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, Integer, and_, bindparam, or_, select

from tidings.store.tables import entries, entry_states, feeds, story_entries, subscriptions


def copies_of(
    conn: Connection, user_id: int, entry_ids: Collection[int]
) -> dict[int, list[tuple[int, str]]]:
    """Original entry id -> its copies in feeds the user follows, as (entry id, source
    name), for the originals among ``entry_ids``; one query."""
    if not entry_ids:
        return {}
    query = _COPIES_OF
    out: dict[int, list[tuple[int, str]]] = {}
    for row in conn.execute(query, {"user_id": user_id, "ids": list(entry_ids)}):
        name = row.title or row.feed_title or row.url
        out.setdefault(row.duplicate_of, []).append((row.entry_id, name))
    return out


def unread_twins(conn: Connection, user_id: int, entry_ids: Collection[int]) -> list[int]:
    """The unread entries, in feeds the user follows, that are copies of ``entry_ids`` or
    whose copies (or originals) ``entry_ids`` are: what reading ``entry_ids`` also reads.
    One query."""
    if not entry_ids:
        return []
    ids = list(entry_ids)
    originals = select(story_entries.c.duplicate_of).where(
        story_entries.c.entry_id.in_(ids), story_entries.c.duplicate_of.is_not(None)
    )
    family = or_(
        story_entries.c.duplicate_of.in_(ids),  # copies of what was read
        story_entries.c.duplicate_of.in_(originals),  # the original's other copies
        story_entries.c.entry_id.in_(originals),  # the original itself (it may be no copy)
    )
    candidates = select(story_entries.c.entry_id.label("id")).where(family).subquery()
    query = (
        select(entries.c.id)
        .join(candidates, candidates.c.id == entries.c.id)
        .join(
            subscriptions,
            and_(
                subscriptions.c.feed_id == _from_entry(entries.c.feed_id),
                subscriptions.c.user_id == user_id,
            ),
        )
        .outerjoin(
            entry_states,
            and_(entry_states.c.entry_id == entries.c.id, entry_states.c.user_id == user_id),
        )
        .where(
            entries.c.id.not_in(ids),
            or_(entry_states.c.read.is_(None), entry_states.c.read.is_(False)),
        )
    )
    return sorted(set(conn.scalars(query)))


def _from_entry(feed_id: Any) -> Any:
    """``entries.feed_id + 0``: start from the few story rows and reach each entry's feed by
    key. Given a plain ``feed_id``, SQLite (no statistics) chose, from about 20 ids on, to
    walk every followed feed's entries to find the page's copies: 20-25 ms a list page at
    100,000 entries with no story at all (bench/web_load.py)."""
    return feed_id + 0


_ENTRY_FEED = _from_entry(entries.c.feed_id)
# Built once (every list page runs it), with the user and the page's ids bound.
_COPIES_OF = (
    select(
        story_entries.c.duplicate_of,
        story_entries.c.entry_id,
        subscriptions.c.title,
        feeds.c.title.label("feed_title"),
        feeds.c.url,
    )
    .join(entries, entries.c.id == story_entries.c.entry_id)
    .join(
        subscriptions,
        and_(
            subscriptions.c.feed_id == _ENTRY_FEED,
            subscriptions.c.user_id == bindparam("user_id", type_=Integer),
        ),
    )
    .join(feeds, feeds.c.id == _ENTRY_FEED)
    .where(story_entries.c.duplicate_of.in_(bindparam("ids", expanding=True)))
    .order_by(story_entries.c.duplicate_of, story_entries.c.entry_id)
)
