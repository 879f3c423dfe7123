"""The database handle: opening, connection settings, transactions, schema checks.

Callers hold the transaction: query functions in this package take a
:class:`sqlalchemy.Connection` and never commit. A refresh of one feed is one
``with db.transaction() as conn:`` block.

SQLite connections are set up by an event listener on every new connection:
WAL journal (readers do not block the writer), foreign keys on (they are off by
default in SQLite), ``synchronous=NORMAL`` (safe with WAL: a power cut can lose
the last commits but never corrupts) and a busy timeout. Transactions are
begun by us rather than by the ``sqlite3`` module, so DDL is transactional (a
failed migration leaves nothing behind) and write transactions start with
``BEGIN IMMEDIATE`` (a writer waits for the lock up front instead of failing
with "database is locked" when it upgrades from reading).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import Connection, Engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.sql.dml import UpdateBase

from tidings.errors import SchemaOutOfDateError, StorageError

# Alembic (tidings.store.migrate) is imported only to migrate, or to explain a
# schema that is not the one needed: loading it and every migration script took
# ~0.15 s of each `tidings refresh`, for a check one query answers (issue 2).

SQLITE_BUSY_TIMEOUT_MS = 15_000
SQLITE_POOL_SIZE = 10  # kept open
SQLITE_POOL_OVERFLOW = 30  # opened when busy, closed when returned
# Page cache per connection, in KiB (SQLite's default is 2 MiB). A starred list looks up
# each starred entry's row (2,000 in bench/web_load.py, a 4 KiB page each): with 2 MiB
# they were read again on every page, 5.3 -> 2.9 ms with 16 MiB. It fills as used; the
# server keeps about as many connections as handler threads.
SQLITE_CACHE_KIB = 16 * 1024
_WRITE = "tidings_write"


def normalise_url(url: str) -> URL:
    """Parse ``url``, choosing the psycopg 3 driver for PostgreSQL."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"The database URL {url!r} is not valid: {exc}") from exc
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StorageError(
            f"Tidings stores its data in SQLite or PostgreSQL, not {parsed.get_backend_name()!r}."
            " Use a URL starting with sqlite:/// or postgresql://."
        )
    return parsed


def _describe(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _setup_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(_WRITE):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


class Database:
    """One database (SQLite file or PostgreSQL), its engine and its schema."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite has one writer. Threads of this process that want to write queue
        # here, each handing over to the next at once, rather than in SQLite's
        # busy handler, which sleeps between retries (up to 100 ms a time): with 20
        # readers opening entries (each marks one read), p50 was 1.5 s.
        self._writer = threading.RLock() if engine.dialect.name == "sqlite" else None

    @classmethod
    def open(cls, url: str) -> Database:
        """Open the database at ``url`` (creating the SQLite file's directory).

        Raises :class:`StorageError` when the URL is invalid, the driver is
        missing or the server cannot be reached.
        """
        parsed = normalise_url(url)
        backend = parsed.get_backend_name()
        if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database).expanduser()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(
                    f"Cannot create the directory {path.parent} for the database: {exc.strerror}."
                ) from exc
        kwargs: dict[str, Any] = {}
        if backend == "postgresql":
            kwargs["pool_pre_ping"] = True
        elif parsed.database and parsed.database != ":memory:":
            # One connection per thread that may hold one: the web server answers sync
            # routes on up to 40 threads (anyio's default), and the default pool (5 + 10
            # overflow) made the 16th concurrent page wait for a connection.
            kwargs["pool_size"] = SQLITE_POOL_SIZE
            kwargs["max_overflow"] = SQLITE_POOL_OVERFLOW
        try:
            engine = sqlalchemy.create_engine(parsed, **kwargs)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            hint = (
                " (install psycopg: pip install 'tidings[postgres]')"
                if backend == "postgresql"
                else ""
            )
            raise StorageError(f"Cannot use the database {_describe(parsed)}: {exc}{hint}") from exc
        if backend == "sqlite":
            _setup_sqlite(engine)
        db = cls(engine)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StorageError(
                f"Cannot open the database {_describe(parsed)}: {_reason(exc)}"
            ) from exc
        return db

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    # --- schema -------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Upgrade the schema to the newest revision; return the revisions applied, oldest first."""
        from alembic.script.revision import RevisionError
        from alembic.util import CommandError

        from tidings.store import migrate as _migrate

        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{_WRITE: True})
                return _migrate.upgrade(conn)
        except SQLAlchemyError as exc:
            raise StorageError(f"Migrating the database failed: {_reason(exc)}") from exc
        except (CommandError, RevisionError) as exc:  # e.g. a revision from a newer Tidings
            raise SchemaOutOfDateError(
                f"Cannot migrate the database: {exc}. Was it used by a newer Tidings?"
            ) from exc

    def check_schema(self) -> None:
        """Raise :class:`SchemaOutOfDateError` unless the schema is at the revision this code needs."""
        with self.connect() as conn:
            try:
                at = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
            except SQLAlchemyError:
                at = []  # never migrated: alembic says so below
            if conn.in_transaction():
                conn.rollback()
            if at == [migration_head()]:
                return
            from tidings.store import migrate as _migrate

            _migrate.check(conn)

    def current_revision(self) -> str | None:
        from tidings.store import migrate as _migrate

        with self.connect() as conn:
            return _migrate.current(conn)

    def is_empty(self) -> bool:
        """True when the database has no tables at all (safe to initialise automatically)."""
        try:
            with self.engine.connect() as conn:
                return not inspect(conn).get_table_names()
        except SQLAlchemyError as exc:
            raise StorageError(f"Cannot read the database: {_reason(exc)}") from exc

    # --- connections ----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection in a write transaction, committed on success, rolled back on error."""
        queued = self._writer is not None and self._writer.acquire(
            timeout=SQLITE_BUSY_TIMEOUT_MS / 1000  # then wait in SQLite's busy handler as before
        )
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{_WRITE: True})
                with conn.begin():
                    yield conn
        except SQLAlchemyError as exc:
            raise StorageError(
                f"The database could not complete the change: {_reason(exc)}"
            ) from exc
        finally:
            if queued:
                self._writer.release()  # type: ignore[union-attr]

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reading (a transaction begins on first use; call ``commit()`` to write)."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StorageError(f"The database could not answer: {_reason(exc)}") from exc

    def dispose(self) -> None:
        self.engine.dispose()

    def on_write(self, tables: Collection[str], callback: Callable[[], None]) -> None:
        """Call ``callback`` when a statement of this process writes to one of ``tables``,
        and again when its connection goes back to the pool (after the commit or rollback).

        For per-process caches of rows of those tables (``services/session_cache``): a
        reader that looked before the second call may have seen the row as it was and is
        told to drop what it read. Writes made by other processes are not seen.
        """
        watched = frozenset(tables)
        flag = f"tidings_wrote_{id(callback)}"

        @event.listens_for(self.engine, "after_execute")
        def _written(conn: Connection, clause: Any, *_: Any) -> None:
            table = getattr(clause, "table", None) if isinstance(clause, UpdateBase) else None
            if table is not None and table.name in watched:
                conn.info[flag] = True
                callback()

        @event.listens_for(self.engine.pool, "checkin")
        def _returned(_dbapi: Any, record: Any) -> None:
            if record is not None and record.info.pop(flag, False):
                callback()


_MIGRATIONS = Path(__file__).with_name("migrations") / "versions"
_REVISION = re.compile(r"^(down_)?revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


@cache
def migration_head() -> str | None:
    """The newest revision of the migration scripts, read from their text (the
    ``revision`` that is no script's ``down_revision``); None when that is not one.
    ``tidings.store.migrate.head`` is the same as Alembic sees it (a test checks)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in _MIGRATIONS.glob("*.py"):
        for down, revision in _REVISION.findall(script.read_text(encoding="utf-8")):
            (parents if down else revisions).add(revision)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _reason(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
