"""Which stored story each entry of the clustering window is in (for incremental passes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from tidings.store.tables import stories, story_entries


def active_story_members(conn: Connection, since: datetime) -> dict[int, int]:
    """Entry id -> story id, for every story active (last seen) at or after ``since``.

    The same stories ``entries_for_clustering`` reads whole. One query.
    """
    query = (
        select(story_entries.c.entry_id, story_entries.c.story_id)
        .join(stories, stories.c.id == story_entries.c.story_id)
        .where(stories.c.last_seen_at >= since)
    )
    return {r.entry_id: r.story_id for r in conn.execute(query)}
