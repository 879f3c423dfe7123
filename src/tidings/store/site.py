"""Instance-wide settings an admin changes at run time (``site_settings``, name -> text)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from tidings.store.dialect import insert_for
from tidings.store.tables import site_settings


def get_setting(conn: Connection, name: str) -> str | None:
    return conn.execute(
        select(site_settings.c.value).where(site_settings.c.name == name)
    ).scalar_one_or_none()


def set_setting(conn: Connection, name: str, value: str, *, now: datetime) -> None:
    stmt = insert_for(conn, site_settings).values(name=name, value=value, updated_at=now)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[site_settings.c.name], set_={"value": value, "updated_at": now}
        )
    )
