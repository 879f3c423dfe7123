"""Display preferences: theme, density, mark-as-read-on-scroll (each person their own).

Pages do not call :func:`get_preferences`: the session lookup reads the
preferences in the same query (``SessionRecord.preferences``). This is for
the API and the command line.
"""

from __future__ import annotations

from datetime import datetime

from tidings.store import Database
from tidings.store import preferences as store
from tidings.types import Preferences


def get_preferences(db: Database, user_id: int) -> Preferences:
    with db.connect() as conn:
        return store.get_preferences(conn, user_id)


def save_preferences(
    db: Database, user_id: int, preferences: Preferences, *, now: datetime
) -> Preferences:
    with db.transaction() as conn:
        store.save_preferences(conn, user_id, preferences, now=now)
    return preferences
