"""Alembic, run from code: users never need an ``alembic.ini``.

The migration scripts live in ``tidings/store/migrations/versions``; each runs
in its own transaction (DDL is transactional on both databases, see
``engine.py``), so a failing migration leaves the schema at the previous one.

Developers can still use the alembic command line with
``alembic -c src/tidings/store/migrations/alembic.ini`` (see store/README.md) to
write a new revision.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy import Connection

from tidings.errors import SchemaOutOfDateError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    """The revision this code needs."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:  # pragma: no cover - a packaging mistake, caught by the tests
        raise RuntimeError(f"Tidings migrations must have one head, found {heads}")
    return heads[0]


def current(conn: Connection) -> str | None:
    """The revision the database is at; None when it has never been migrated."""
    heads = MigrationContext.configure(conn).get_current_heads()
    if conn.in_transaction():
        conn.rollback()
    return heads[0] if heads else None


def upgrade(conn: Connection) -> list[str]:
    """Upgrade to head on ``conn`` (not in a transaction); return the applied revision ids."""
    applied: list[str] = []
    config = alembic_config(conn)
    config.attributes["applied"] = applied
    command.upgrade(config, "head")
    if conn.in_transaction():
        conn.commit()
    return applied


def check(conn: Connection) -> None:
    """Raise :class:`SchemaOutOfDateError` unless the database is at head."""
    needed = head()
    at = current(conn)
    if at == needed:
        return
    script = ScriptDirectory.from_config(alembic_config())
    if at is not None and not _known(script, at):
        raise SchemaOutOfDateError(
            f"The database schema is at {at}, which this Tidings ({needed}) does not know:"
            " it was written by a newer version. Upgrade Tidings."
        )
    shown = at if at is not None else "no revision (it has never been migrated)"
    raise SchemaOutOfDateError(
        f"The database schema is at {shown} but this Tidings needs {needed}. Run `tidings migrate`."
    )


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except (RevisionError, CommandError):  # an id this code has no script for
        return False
