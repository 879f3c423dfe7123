"""Counting the SQL statements a request runs: pages must be a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from starlette.testclient import TestClient

from tidings.services.session_cache import cache_of
from tidings.store import Database

_TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK")


def count_queries(db: Database, action: Callable[[], object]) -> int:
    """How many statements (transaction control left out) ``action`` runs on ``db``."""
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len([s for s in statements if not s.startswith(_TRANSACTION)])


def page_queries(db: Database, client: TestClient, path: str) -> int:
    """How many statements one successful GET of ``path`` runs, its session looked up in
    the database (a request the per-process session cache answers runs one fewer)."""
    cache_of(db).clear()

    def get() -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    return count_queries(db, get)
