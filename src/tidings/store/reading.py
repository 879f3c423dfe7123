"""What the reader needs besides entries: the counters that say whether a cached sidebar is current.

``reading_versions`` (migration 0008_reading_speed) is kept by triggers: scope
``entries`` moves when an entry is added, deleted or moved to another feed,
``feeds`` when a feed's title, address, icon, kind, error or stopped state
changes, ``u<user id>`` when that user's read states, subscriptions or folders
change. Together they say whether anything a user's sidebar shows (unread
counts included) may have changed, whichever process changed it.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select

from tidings.store.tables import reading_versions

SidebarVersion = tuple[int, int, int]

# Built once: every reader page asks for it, and building the IN (...) afresh was a
# tenth of a list page's CPU (bench/web_load.py --cpu).
_VERSIONS = select(reading_versions.c.scope, reading_versions.c.version).where(
    reading_versions.c.scope.in_([bindparam("entries"), bindparam("feeds"), bindparam("user")])
)


def sidebar_version(conn: Connection, user_id: int) -> SidebarVersion:
    """``(entries, feeds, user)`` counters, in one primary-key read.

    Read it in the same connection *before* the data it guards: the data is
    then at least as new as the version (never older), so a cache keyed by it
    can only miss when it need not, never serve stale counts.
    """
    user_scope = f"u{user_id}"
    scopes = {"entries": "entries", "feeds": "feeds", "user": user_scope}
    rows = dict(conn.execute(_VERSIONS, scopes).all())
    return int(rows.get("entries", 0)), int(rows.get("feeds", 0)), int(rows.get(user_scope, 0))


def lock_user_version(conn: Connection, user_id: int) -> None:
    """In a write transaction: hold the user's counter until commit (PostgreSQL; SQLite has one writer).

    Two of the user's own changes then never interleave between reading the
    counters before and after one of them, so the difference is that change alone.
    """
    conn.execute(
        select(reading_versions.c.version)
        .where(reading_versions.c.scope == f"u{user_id}")
        .with_for_update()
    )
