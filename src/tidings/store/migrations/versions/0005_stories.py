"""Stories: entries grouped into stories, stories linked into storylines.

Why: the clustering pass (``tidings cluster``, services/stories.py) stores its
result so that listing stories is a query, not a re-clustering. An entry is in
at most one story (``story_entries.entry_id`` unique); ``duplicate_of`` names
the entry a near-verbatim copy repeats. Deleting an entry (or its feed)
cascades to its ``story_entries`` row; deleting a story cascades to its rows;
deleting a storyline leaves its stories standing alone.

Revision ID: 0005_stories
Revises: 0004_accounts
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_stories"
down_revision = "0004_accounts"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "storylines",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("first_seen_at", UTC_DATETIME, nullable=False),
        sa.Column("last_seen_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_storylines"),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("first_seen_at", UTC_DATETIME, nullable=False),
        sa.Column("last_seen_at", UTC_DATETIME, nullable=False),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("source_count", sa.Integer, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.Column("storyline_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
        sa.ForeignKeyConstraint(
            ["storyline_id"],
            ["storylines.id"],
            name="fk_stories_storyline_id_storylines",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_stories_last_seen_at", "stories", ["last_seen_at"])
    op.create_index("ix_stories_storyline_id", "stories", ["storyline_id"])
    op.create_table(
        "story_entries",
        sa.Column("story_id", sa.Integer, nullable=False),
        sa.Column("entry_id", sa.Integer, nullable=False),
        sa.Column("duplicate_of", sa.Integer),
        sa.PrimaryKeyConstraint("entry_id", name="pk_story_entries"),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name="fk_story_entries_story_id_stories",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name="fk_story_entries_entry_id_entries",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of"],
            ["entries.id"],
            name="fk_story_entries_duplicate_of_entries",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_story_entries_story_id", "story_entries", ["story_id"])


def downgrade() -> None:
    op.drop_table("story_entries")
    op.drop_table("stories")
    op.drop_table("storylines")
