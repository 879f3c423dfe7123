"""An index on ``story_entries.duplicate_of``: a list page's "also in" finds its copies by it.

Why: every list page asks which of its 50 entries have syndicated copies
(``store/copies.copies_of``: ``duplicate_of IN (...)``). With no index on the
column, SQLite walked every followed entry (through ``subscriptions`` and
``ix_entries_feed_id_sort_at_id``) to reach ``story_entries`` by its key: 20-25
ms a page at 100,000 entries, even with no story at all, most of an ``/unread``
page (bench/web_load.py). Reading an entry (``unread_twins``) and deleting an
entry (the foreign key's ``ON DELETE SET NULL``) look the column up too.

Revision ID: 0010_copies_index
Revises: 0009_sign_in_failures
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0010_copies_index"
down_revision = "0009_sign_in_failures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_story_entries_duplicate_of", "story_entries", ["duplicate_of"])


def downgrade() -> None:
    op.drop_index("ix_story_entries_duplicate_of", table_name="story_entries")
