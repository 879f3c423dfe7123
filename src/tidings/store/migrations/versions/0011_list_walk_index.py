"""The newest-first walk of a list reads the entry's feed from the index too.

Why: a list walks ``(sort_at, id)`` newest first and, for each entry, looks its
subscription up by ``(user_id, feed_id)``; ``feed_id`` was not in the index, so
every entry walked cost a read of its table row (a page each: the row holds the
entry's HTML). A folder holding a twelfth of the feeds walked ~600 entries for a
page of 50: 8 ms on SQLite at 100,000 entries; with ``feed_id`` in the index the
walk touches no row (under 1 ms), and only the 50 shown are read whole. The
same holds for unread lists below read entries and for ``/ungrouped``.
``(sort_at, id, feed_id)`` replaces ``(sort_at, id)``: every query that used
that prefix can use the new index.

Revision ID: 0011_list_walk_index
Revises: 0010_copies_index
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0011_list_walk_index"
down_revision = "0010_copies_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_entries_sort_at_id_feed_id", "entries", ["sort_at", "id", "feed_id"])
    op.drop_index("ix_entries_sort_at_id", table_name="entries")


def downgrade() -> None:
    op.create_index("ix_entries_sort_at_id", "entries", ["sort_at", "id"])
    op.drop_index("ix_entries_sort_at_id_feed_id", table_name="entries")
