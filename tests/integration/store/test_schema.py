"""Opening, migrating and refusing an old schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from tidings.errors import SchemaOutOfDateError, StorageError
from tidings.store import Database
from tidings.store.migrate import head
from tidings.store.tables import metadata


def test_migrate_from_empty(database_url: str) -> None:
    db = Database.open(database_url)
    assert db.is_empty()
    applied = db.migrate()
    assert applied == ["0001_core", "0002_search", "0003_fulltext", "0004_accounts", "0005_stories", "0006_team", "0007_stemming", "0008_reading_speed", "0009_sign_in_failures", "0010_copies_index", "0011_list_walk_index", "0012_search_automerge", "0013_reader_writes", "0014_article_standfirst", "0015_starred_order"]
    assert applied[-1] == head()
    assert not db.is_empty()
    db.check_schema()  # does not raise
    assert db.migrate() == []  # nothing left to do
    db.dispose()


def test_migrations_match_tables(db: Database) -> None:
    """What the migrations build is what ``tables.py`` describes (no drift)."""

    def include(obj, name, type_, reflected, compare_to):
        return not (type_ == "table" and name and name.startswith(("entry_search", "alembic")))

    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": include, "compare_type": False}
        )
        assert compare_metadata(ctx, metadata) == []


def test_check_schema_refuses_a_database_never_migrated(database_url: str) -> None:
    db = Database.open(database_url)
    with pytest.raises(SchemaOutOfDateError) as info:
        db.check_schema()
    assert "Run `tidings migrate`" in str(info.value)
    assert head() in str(info.value)
    db.dispose()


def test_check_schema_refuses_an_older_revision(db: Database) -> None:
    with db.transaction() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001_core'"))
    with pytest.raises(SchemaOutOfDateError) as info:
        db.check_schema()
    assert str(info.value) == (
        f"The database schema is at 0001_core but this Tidings needs {head()}."
        " Run `tidings migrate`."
    )


def test_check_schema_refuses_when_alembic_version_is_missing(db: Database) -> None:
    with db.transaction() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    with pytest.raises(SchemaOutOfDateError, match="Run `tidings migrate`"):
        db.check_schema()


def test_check_schema_refuses_a_newer_schema(db: Database) -> None:
    with db.transaction() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaOutOfDateError, match="newer version. Upgrade Tidings"):
        db.check_schema()
    with pytest.raises(SchemaOutOfDateError, match="newer Tidings"):
        db.migrate()


def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'new' / 'dir' / 'db.sqlite3'}")
    assert (tmp_path / "new" / "dir").is_dir()
    db.migrate()
    for _ in range(2):  # every pooled connection, not just the first
        with db.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    db.dispose()


def test_open_wraps_driver_errors() -> None:
    with pytest.raises(StorageError, match="Cannot open the database"):
        Database.open("postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2")
    with pytest.raises(StorageError, match="SQLite or PostgreSQL"):
        Database.open("mysql://localhost/x")
