"""Alembic environment for Tidings.

Run from code by :mod:`tidings.store.migrate`, which passes an open connection
in ``config.attributes["connection"]``. Run from the alembic command line
(developers writing a revision), it opens ``sqlalchemy.url`` from the ini file.
"""

from __future__ import annotations

from alembic import context

from tidings.store.tables import metadata

config = context.config


def _record_applied(ctx, step, heads, run_args):
    applied = config.attributes.get("applied")
    if applied is not None and step.is_upgrade:
        applied.append(step.up_revision_id)


def _include_object(obj, name, type_, reflected, compare_to):
    # entry_search is dialect-specific (FTS5 on SQLite, tsvector on PostgreSQL)
    # and is not described by ``metadata``; FTS5 also creates shadow tables.
    return not (type_ == "table" and name is not None and name.startswith("entry_search"))


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        transaction_per_migration=True,  # each revision commits on its own
        transactional_ddl=True,  # also on SQLite: engine.py begins transactions itself
        render_as_batch=connection.dialect.name == "sqlite",  # ALTER TABLE via copy on SQLite
        include_object=_include_object,
        on_version_apply=_record_applied,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from tidings.store.engine import Database

    db = Database.open(config.get_main_option("sqlalchemy.url") or "")
    try:
        with db.engine.connect() as conn:
            _run(conn)
            if conn.in_transaction():
                conn.commit()
    finally:
        db.dispose()
