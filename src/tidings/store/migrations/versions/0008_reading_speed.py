"""Reading speed: list indexes, and change counters that let the sidebar be cached.

Why: with 2,000 feeds and 100,000 entries every page counted the unread
entries of every feed (35 ms on SQLite) and sorted the whole list to show 50
of them (40 ms); `bench/web_load.py` measured a p95 of 2 s at 20 clients.

- ``ix_entries_sort_at_id`` lets a list walk entries newest first and stop after
  a page; ``ix_entries_feed_id_sort_at_id`` does the same within one feed (it
  replaces ``(feed_id, sort_at)``: PostgreSQL needs the id for the tie-break);
  ``ix_entry_states_user_id_starred_entry_id`` finds a user's starred entries.
- ``reading_versions`` holds counters that triggers bump in the transaction of
  any change the sidebar shows: ``entries`` (an entry added, deleted or moved to
  another feed), ``feeds`` (a feed's title, address, icon, kind, error or
  stopped state changed, or a feed deleted) and ``u<user id>`` (that user's read
  states, subscriptions or folders). The reader caches a user's sidebar (unread
  counts included) under the counters it read before computing it, so a cached
  sidebar is used only while nothing it shows has changed, whichever process
  made the change (the worker, the CLI, another server process). Triggers,
  rather than calls in the store code, so that no writer can forget them.

On PostgreSQL the per-user triggers are statement-level with transition
tables, so marking 100,000 entries read bumps a counter once, not 100,000
times; SQLite only has row-level triggers (an extra row update each, cheap).

Revision ID: 0008_reading_speed
Revises: 0007_stemming
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_reading_speed"
down_revision = "0007_stemming"
branch_labels = None
depends_on = None

# The feed columns the sidebar shows (SubscriptionRecord): a change to one of them
# invalidates cached sidebars; the refresh bookkeeping (last_checked_at, etag, ...) does not.
FEED_COLUMNS = ("url", "title", "site_url", "icon_url", "kind", "last_error", "disabled_at")
USER_TABLES = ("entry_states", "subscriptions", "folders")

_BUMP = "UPDATE reading_versions SET version = version + 1 WHERE scope = '{scope}'"
_BUMP_USER_SQLITE = (
    "INSERT INTO reading_versions (scope, version) VALUES ('u' || {row}.user_id, 1)"
    " ON CONFLICT (scope) DO UPDATE SET version = version + 1"
)


def upgrade() -> None:
    op.drop_index("ix_entries_feed_id_sort_at", table_name="entries")
    op.create_index("ix_entries_feed_id_sort_at_id", "entries", ["feed_id", "sort_at", "id"])
    op.create_index("ix_entries_sort_at_id", "entries", ["sort_at", "id"])
    op.create_index(
        "ix_entry_states_user_id_starred_entry_id", "entry_states",
        ["user_id", "starred", "entry_id"],
    )
    op.create_table(
        "reading_versions",
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("scope", name="pk_reading_versions"),
    )
    op.execute("INSERT INTO reading_versions (scope, version) VALUES ('entries', 0), ('feeds', 0)")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    else:
        _postgresql_triggers()


def _sqlite_triggers() -> None:
    entries = _BUMP.format(scope="entries")
    feeds = _BUMP.format(scope="feeds")
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in FEED_COLUMNS)
    statements = [
        f"CREATE TRIGGER rv_entries_insert AFTER INSERT ON entries BEGIN {entries}; END",
        f"CREATE TRIGGER rv_entries_delete AFTER DELETE ON entries BEGIN {entries}; END",
        (
            "CREATE TRIGGER rv_entries_move AFTER UPDATE OF feed_id ON entries"
            f" WHEN OLD.feed_id IS NOT NEW.feed_id BEGIN {entries}; END"
        ),
        f"CREATE TRIGGER rv_feeds_update AFTER UPDATE ON feeds WHEN {changed} BEGIN {feeds}; END",
        f"CREATE TRIGGER rv_feeds_delete AFTER DELETE ON feeds BEGIN {feeds}; END",
        # A deleted user's id can be given again by SQLite: move the counter on.
        (
            "CREATE TRIGGER rv_users_delete AFTER DELETE ON users BEGIN"
            " INSERT INTO reading_versions (scope, version) VALUES ('u' || OLD.id, 1)"
            " ON CONFLICT (scope) DO UPDATE SET version = version + 1; END"
        ),
        (
            "CREATE TRIGGER rv_entry_states_update AFTER UPDATE OF read ON entry_states"
            f" WHEN OLD.read IS NOT NEW.read BEGIN {_BUMP_USER_SQLITE.format(row='NEW')}; END"
        ),
    ]
    for table in USER_TABLES:
        statements.append(
            f"CREATE TRIGGER rv_{table}_insert AFTER INSERT ON {table} BEGIN"
            f" {_BUMP_USER_SQLITE.format(row='NEW')}; END"
        )
        statements.append(
            f"CREATE TRIGGER rv_{table}_delete AFTER DELETE ON {table} BEGIN"
            f" {_BUMP_USER_SQLITE.format(row='OLD')}; END"
        )
    for table in ("subscriptions", "folders"):
        statements.append(
            f"CREATE TRIGGER rv_{table}_update AFTER UPDATE ON {table} BEGIN"
            f" {_BUMP_USER_SQLITE.format(row='NEW')};"
            f" {_BUMP_USER_SQLITE.format(row='OLD')}; END"
        )
    for statement in statements:
        op.execute(statement)


def _postgresql_triggers() -> None:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in FEED_COLUMNS)
    op.execute(
        "CREATE FUNCTION tidings_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN UPDATE reading_versions SET version = version + 1 WHERE scope = TG_ARGV[0];"
        " RETURN NULL; END $$"
    )
    op.execute(
        "CREATE FUNCTION tidings_bump_user_versions() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN INSERT INTO reading_versions (scope, version)"
        " SELECT DISTINCT 'u' || user_id, 1 FROM changed"
        " ON CONFLICT (scope) DO UPDATE SET version = reading_versions.version + 1;"
        " RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER rv_entries AFTER INSERT OR DELETE OR UPDATE OF feed_id ON entries"
        " FOR EACH STATEMENT EXECUTE FUNCTION tidings_bump_version('entries')"
    )
    op.execute(
        f"CREATE TRIGGER rv_feeds_update AFTER UPDATE ON feeds FOR EACH ROW WHEN ({changed})"
        " EXECUTE FUNCTION tidings_bump_version('feeds')"
    )
    op.execute(
        "CREATE TRIGGER rv_feeds_delete AFTER DELETE ON feeds"
        " FOR EACH STATEMENT EXECUTE FUNCTION tidings_bump_version('feeds')"
    )
    for table in USER_TABLES:
        for event, which in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            op.execute(
                f"CREATE TRIGGER rv_{table}_{event.lower()} AFTER {event} ON {table}"
                f" REFERENCING {which} TABLE AS changed FOR EACH STATEMENT"
                " EXECUTE FUNCTION tidings_bump_user_versions()"
            )
    # An UPDATE that moves a subscription or folder to another user (none does today)
    # would bump only the new owner; PostgreSQL ids are never given again, so a
    # deleted user needs no trigger.


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        names = [
            "rv_entries_insert", "rv_entries_delete", "rv_entries_move", "rv_feeds_update",
            "rv_feeds_delete", "rv_users_delete", "rv_entry_states_update",
            *(f"rv_{t}_{e}" for t in USER_TABLES for e in ("insert", "delete")),
            "rv_subscriptions_update", "rv_folders_update",
        ]
        for name in names:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for table, name in [("entries", "rv_entries"), ("feeds", "rv_feeds_update"),
                            ("feeds", "rv_feeds_delete"),
                            *((t, f"rv_{t}_{e}") for t in USER_TABLES
                              for e in ("insert", "update", "delete"))]:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS tidings_bump_user_versions()")
        op.execute("DROP FUNCTION IF EXISTS tidings_bump_version()")
    op.drop_table("reading_versions")
    op.drop_index("ix_entry_states_user_id_starred_entry_id", table_name="entry_states")
    op.drop_index("ix_entries_sort_at_id", table_name="entries")
    op.drop_index("ix_entries_feed_id_sort_at_id", table_name="entries")
    op.create_index("ix_entries_feed_id_sort_at", "entries", ["feed_id", "sort_at"])
