"""Full-text index (SQLite): merge segments in larger steps while writing (FTS5 automerge 8).

Why: issue 2's ingestion targets. On a first ingest the FTS5 index is most of
the writer's time, and part of that is FTS5 merging its segments four at a
time (``automerge`` 4, the default) as transactions add them. With 8, the same
70,000 benchmark-farm documents were indexed with ~20 % less CPU (8.6-8.9 s
against 10.7-12.3 s, two runs each, raw sqlite3, 700 documents a transaction),
into an index of the same size (357 vs 358 MB), and the same searches took
the same time (21.9 ms a query, five queries with snippets and bm25). 16 left
more, larger unmerged segments (502 MB) for no further gain.

FTS5 keeps the setting in the table's own configuration, so it applies to
every connection; a later migration that makes ``entry_search`` again must
set it again. PostgreSQL: nothing to do.

Revision ID: 0012_search_automerge
Revises: 0011_list_walk_index
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0012_search_automerge"
down_revision = "0011_list_walk_index"
branch_labels = None
depends_on = None

AUTOMERGE = 8


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"INSERT INTO entry_search (entry_search, rank) VALUES ('automerge', {AUTOMERGE})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO entry_search (entry_search, rank) VALUES ('automerge', 4)")
