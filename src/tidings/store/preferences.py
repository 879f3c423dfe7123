"""Display preferences, one row per user (created on first save; defaults until then)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from tidings.store.dialect import insert_for
from tidings.store.tables import user_preferences
from tidings.types import Density, Preferences, Theme


def preferences_of(theme: Any, density: Any, mark_read_on_scroll: Any) -> Preferences:
    """Preferences from stored values; None (no row yet, an outer join) gives the defaults."""
    if theme is None:
        return Preferences()
    return Preferences(Theme(theme), Density(density), bool(mark_read_on_scroll))


def get_preferences(conn: Connection, user_id: int) -> Preferences:
    row = conn.execute(
        select(user_preferences.c.theme, user_preferences.c.density,
               user_preferences.c.mark_read_on_scroll)
        .where(user_preferences.c.user_id == user_id)
    ).first()
    return preferences_of(*row) if row is not None else Preferences()


def save_preferences(
    conn: Connection, user_id: int, preferences: Preferences, *, now: datetime
) -> None:
    values = {
        "theme": preferences.theme.value,
        "density": preferences.density.value,
        "mark_read_on_scroll": preferences.mark_read_on_scroll,
        "updated_at": now,
    }
    stmt = insert_for(conn, user_preferences).values(user_id=user_id, **values)
    conn.execute(
        stmt.on_conflict_do_update(index_elements=[user_preferences.c.user_id], set_=values)
    )
