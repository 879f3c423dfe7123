"""Editors' picks (table ``story_picks``, migration 0006).

A pick is anchored to an entry of the story, not to the story row: a
clustering pass deletes and re-inserts the stories of its window, and the pick
follows whichever story holds its entry now (``story_entries``). A pick whose
entry is in no story is left out of every answer; deleting the entry deletes
the pick (ON DELETE CASCADE).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from tidings.errors import PickNotFoundError
from tidings.store.subscriptions import followed_feed_ids
from tidings.store.tables import feeds, story_entries, story_picks, subscriptions, users
from tidings.types import PickRecord


def _picks_query() -> Any:
    return (
        select(
            story_picks.c.id,
            story_picks.c.entry_id,
            story_entries.c.story_id,
            story_picks.c.note,
            story_picks.c.picked_at,
            users.c.username,
        )
        .join(story_entries, story_entries.c.entry_id == story_picks.c.entry_id)
        .outerjoin(users, users.c.id == story_picks.c.picked_by)
    )


def _pick(m: Mapping[str, Any]) -> PickRecord:
    return PickRecord(
        id=m["id"],
        entry_id=m["entry_id"],
        story_id=m["story_id"],
        note=m["note"],
        picked_at=m["picked_at"],
        picked_by=m["username"],
    )


def list_picks(conn: Connection, *, limit: int = 100) -> list[PickRecord]:
    """The newest picks first (several may resolve to one story after a pass merged them)."""
    query = _picks_query().order_by(story_picks.c.picked_at.desc(), story_picks.c.id.desc())
    return [_pick(r._mapping) for r in conn.execute(query.limit(limit))]


def get_pick(conn: Connection, pick_id: int) -> PickRecord:
    row = conn.execute(_picks_query().where(story_picks.c.id == pick_id)).first()
    if row is None:
        raise PickNotFoundError(
            f"There is no pick {pick_id} (GET /api/v1/picks lists the current ones)."
        )
    return _pick(row._mapping)


def picks_of_stories(conn: Connection, story_ids: Collection[int]) -> dict[int, PickRecord]:
    """Story id -> its newest pick, for the stories that are picked."""
    if not story_ids:
        return {}
    query = _picks_query().where(story_entries.c.story_id.in_(list(story_ids)))
    out: dict[int, PickRecord] = {}
    for pick in (_pick(r._mapping) for r in conn.execute(query)):
        current = out.get(pick.story_id)
        if current is None or (pick.picked_at, pick.id) > (current.picked_at, current.id):
            out[pick.story_id] = pick
    return out


def add_pick(
    conn: Connection, *, entry_id: int, picked_by: int, note: str | None, now: datetime
) -> int:
    values = {"entry_id": entry_id, "picked_by": picked_by, "note": note, "picked_at": now}
    return conn.execute(insert(story_picks).returning(story_picks.c.id), values).scalar_one()


def delete_story_picks(conn: Connection, story_id: int) -> int:
    """Delete every pick resolving to ``story_id``; how many there were."""
    of_story = select(story_entries.c.entry_id).where(story_entries.c.story_id == story_id)
    return conn.execute(delete(story_picks).where(story_picks.c.entry_id.in_(of_story))).rowcount


def shared_feeds(conn: Connection, story_ids: Collection[int]) -> dict[int, set[int]]:
    """Story id -> the feeds its picks share: public feeds (no owner, so never someone's
    private documents) that the picking editor follows. One query."""
    if not story_ids:
        return {}
    query = (
        select(story_entries.c.story_id, subscriptions.c.feed_id)
        .select_from(story_picks)
        .join(story_entries, story_entries.c.entry_id == story_picks.c.entry_id)
        .join(subscriptions, subscriptions.c.user_id == story_picks.c.picked_by)
        .join(feeds, feeds.c.id == subscriptions.c.feed_id)
        .where(story_entries.c.story_id.in_(list(story_ids)), feeds.c.owner_user_id.is_(None))
        .distinct()
    )
    out: dict[int, set[int]] = {}
    for r in conn.execute(query):
        out.setdefault(r.story_id, set()).add(r.feed_id)
    return out


def followed_feeds(conn: Connection, user_id: int) -> set[int]:
    return set(conn.scalars(followed_feed_ids(user_id)))
