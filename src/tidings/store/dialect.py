"""The few statements that are written differently for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert_for(conn: Connection, table: Table) -> Any:
    """An INSERT supporting ``on_conflict_do_update/nothing`` on the connection's database.

    Both dialects' statements share that API (``excluded``, ``index_elements``).
    """
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
