"""The starred list in order from an index: a starred state carries its entry's sort_at.

Why: issue 3's targets. ``/starred`` found the user's starred states (about
2,000 of 100,000 entries in bench/web_load.py), looked each entry up for its
date and sorted them all to show 50: 1.7 ms of SQL even through a covering
index of ``(id, sort_at, feed_id)``, the slowest list (p95 94 ms at 20 clients). With
the entry's ``sort_at`` beside the state, ``(user_id, starred, sort_at,
entry_id)`` is walked newest first and stops after a page, as the other lists
walk theirs.

Kept by triggers, so that no writer (the reader, merges, the CLI) can forget it,
and only for starred states (marking 100,000 entries read does no extra work):
a state starred (inserted or updated) takes its entry's ``sort_at``; an entry
whose ``sort_at`` changes (a feed corrected a date) moves its starred states.
An unstarred state keeps its last value, unused. That covering index, which
0013_reader_writes built in development stores before it was taken out of it,
is dropped where it exists.

Revision ID: 0015_starred_order
Revises: 0014_article_standfirst
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_starred_order"
down_revision = "0014_article_standfirst"
branch_labels = None
depends_on = None

_TAKE = (
    "UPDATE entry_states SET sort_at = (SELECT sort_at FROM entries WHERE id = NEW.entry_id)"
    " WHERE user_id = NEW.user_id AND entry_id = NEW.entry_id"
)
_MOVE = "UPDATE entry_states SET sort_at = NEW.sort_at WHERE entry_id = NEW.id AND starred"


def upgrade() -> None:
    op.add_column("entry_states", sa.Column("sort_at", sa.DateTime(timezone=True)))
    op.execute(
        "UPDATE entry_states SET sort_at = (SELECT sort_at FROM entries"
        " WHERE entries.id = entry_states.entry_id) WHERE starred"
    )
    op.create_index("ix_entry_states_user_id_starred_sort_at_entry_id", "entry_states",
                    ["user_id", "starred", "sort_at", "entry_id"])
    op.drop_index("ix_entry_states_user_id_starred_entry_id", table_name="entry_states")
    op.execute("DROP INDEX IF EXISTS ix_entries_id_sort_at_feed_id")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER starred_sort_at_insert AFTER INSERT ON entry_states"
            f" WHEN NEW.starred BEGIN {_TAKE}; END"
        )
        op.execute(
            "CREATE TRIGGER starred_sort_at_update AFTER UPDATE OF starred ON entry_states"
            f" WHEN NEW.starred BEGIN {_TAKE}; END"
        )
        op.execute(
            "CREATE TRIGGER starred_sort_at_move AFTER UPDATE OF sort_at ON entries"
            f" WHEN OLD.sort_at IS NOT NEW.sort_at BEGIN {_MOVE}; END"
        )
    else:
        op.execute(
            "CREATE FUNCTION tidings_starred_sort_at() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN NEW.sort_at := (SELECT sort_at FROM entries WHERE id = NEW.entry_id);"
            " RETURN NEW; END $$"
        )
        op.execute(
            "CREATE TRIGGER starred_sort_at BEFORE INSERT OR UPDATE OF starred ON entry_states"
            " FOR EACH ROW WHEN (NEW.starred) EXECUTE FUNCTION tidings_starred_sort_at()"
        )
        op.execute(
            "CREATE FUNCTION tidings_starred_sort_at_move() RETURNS trigger LANGUAGE plpgsql"
            f" AS $$ BEGIN {_MOVE}; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER starred_sort_at_move AFTER UPDATE OF sort_at ON entries"
            " FOR EACH ROW WHEN (OLD.sort_at IS DISTINCT FROM NEW.sort_at)"
            " EXECUTE FUNCTION tidings_starred_sort_at_move()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("starred_sort_at_insert", "starred_sort_at_update", "starred_sort_at_move"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS starred_sort_at ON entry_states")
        op.execute("DROP TRIGGER IF EXISTS starred_sort_at_move ON entries")
        op.execute("DROP FUNCTION IF EXISTS tidings_starred_sort_at()")
        op.execute("DROP FUNCTION IF EXISTS tidings_starred_sort_at_move()")
    op.create_index("ix_entry_states_user_id_starred_entry_id", "entry_states",
                    ["user_id", "starred", "entry_id"])
    op.drop_index("ix_entry_states_user_id_starred_sort_at_entry_id", table_name="entry_states")
    op.drop_column("entry_states", "sort_at")
