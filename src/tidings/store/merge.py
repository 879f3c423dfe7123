"""Folding one feed into another, when a permanent redirect makes them the same feed.

A feed at address A answers 301/308 to address B, and another stored feed
already has address B: from now on both would fetch the same document. Keeping
two rows would fetch B twice and show its articles twice to anyone following
both, so the redirected feed (``source``) is folded into the one at B
(``target``), in the caller's transaction:

- followers of ``source`` follow ``target`` instead, keeping their folder and
  their name for it (someone already following both keeps their ``target``
  subscription);
- an article both feeds hold (same entry key) keeps ``target``'s row, with
  each person's read and starred marks carried over (read if read in either;
  starred if starred in either) and an editor's pick moved to it;
- articles only ``source`` holds (older ones that B no longer lists) move to
  ``target`` with their ids, so their states, full text, stories and search
  documents come along untouched;
- ``source`` is deleted; nothing a person marked is lost.

The address just answered, so a ``target`` that had been disabled or was
backing off is put back on the schedule.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, bindparam, delete, exists, insert, select, update

from tidings.store.tables import entries, entry_states, feeds, story_picks, subscriptions


def merge_feed_into(conn: Connection, source: int, target: int, now: datetime) -> None:
    """Fold feed ``source`` into feed ``target`` (see the module docstring)."""
    if source == target:
        raise ValueError("A feed cannot be merged into itself.")
    twins = _twin_entries(conn, source, target)
    _carry_states(conn, twins)
    _carry_picks(conn, twins)
    _move_unique_entries(conn, source, target)
    _move_subscriptions(conn, source, target)
    conn.execute(delete(feeds).where(feeds.c.id == source))
    conn.execute(
        update(feeds)
        .where(feeds.c.id == target, feeds.c.disabled_at.is_not(None) | (feeds.c.error_count > 0))
        .values(disabled_at=None, disabled_reason=None, error_count=0, last_error=None,
                next_check_at=now)
    )


def _twin_entries(conn: Connection, source: int, target: int) -> dict[int, int]:
    """source entry id -> target entry id, for the entries both feeds hold."""
    theirs = entries.alias("theirs")
    query = select(entries.c.id, theirs.c.id).join(
        theirs, and_(theirs.c.key == entries.c.key, theirs.c.feed_id == target)
    ).where(entries.c.feed_id == source)
    return {source_id: target_id for source_id, target_id in conn.execute(query)}


def _carry_states(conn: Connection, twins: dict[int, int]) -> None:
    if not twins:
        return
    marked = conn.execute(
        select(entry_states).where(entry_states.c.entry_id.in_(list(twins)))
    ).mappings().all()
    if not marked:
        return
    existing = {
        (m["user_id"], m["entry_id"]): m
        for m in conn.execute(
            select(entry_states).where(entry_states.c.entry_id.in_(list(twins.values())))
        ).mappings()
    }
    inserts, updates = [], []
    for m in marked:
        key = (m["user_id"], twins[m["entry_id"]])
        old = existing.get(key)
        if old is None:
            inserts.append({**m, "entry_id": key[1]})
            continue
        merged = {
            "b_user_id": key[0],
            "b_entry_id": key[1],
            "read": old["read"] or m["read"],
            "read_at": old["read_at"] or m["read_at"],
            "starred": old["starred"] or m["starred"],
            "starred_at": old["starred_at"] or m["starred_at"],
        }
        updates.append(merged)
    if inserts:
        conn.execute(insert(entry_states), inserts)
    if updates:
        conn.execute(
            update(entry_states)
            .where(
                entry_states.c.user_id == bindparam("b_user_id"),
                entry_states.c.entry_id == bindparam("b_entry_id"),
            )
            .values(
                read=bindparam("read"),
                read_at=bindparam("read_at"),
                starred=bindparam("starred"),
                starred_at=bindparam("starred_at"),
            ),
            updates,
        )


def _carry_picks(conn: Connection, twins: dict[int, int]) -> None:
    if not twins:
        return
    picked = conn.execute(
        select(story_picks.c.id, story_picks.c.entry_id).where(
            story_picks.c.entry_id.in_(list(twins))
        )
    ).all()
    already = set(
        conn.scalars(
            select(story_picks.c.entry_id).where(story_picks.c.entry_id.in_(list(twins.values())))
        )
    )
    for pick_id, entry_id in picked:  # picks are few: a handful per merge at most
        if twins[entry_id] not in already:
            conn.execute(
                update(story_picks).where(story_picks.c.id == pick_id)
                .values(entry_id=twins[entry_id])
            )
            already.add(twins[entry_id])


def _move_unique_entries(conn: Connection, source: int, target: int) -> None:
    theirs = entries.alias("theirs")
    held_by_target = exists().where(theirs.c.feed_id == target, theirs.c.key == entries.c.key)
    conn.execute(
        update(entries)
        .where(entries.c.feed_id == source, ~held_by_target)
        .values(feed_id=target)
    )


def _move_subscriptions(conn: Connection, source: int, target: int) -> None:
    theirs = subscriptions.alias("theirs")
    follows_target = exists().where(
        theirs.c.feed_id == target, theirs.c.user_id == subscriptions.c.user_id
    )
    conn.execute(
        update(subscriptions)
        .where(subscriptions.c.feed_id == source, ~follows_target)
        .values(feed_id=target)
    )
