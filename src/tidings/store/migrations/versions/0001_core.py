"""Core tables: users, feeds, folders, subscriptions, entries, entry states.

Why: the first schema of Tidings, designed for the whole product (many users
following shared feeds, per-user documents, read/starred state that can be set
in bulk) so later features add tables instead of redesigning these.

Revision ID: 0001_core
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime(timezone=True)  # timestamptz on PostgreSQL; naive UTC text on SQLite


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("display_name", sa.String(200)),
        sa.Column("role", sa.String(16), nullable=False, server_default="member"),
        sa.Column("password_hash", sa.Text),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.CheckConstraint("role IN ('admin', 'editor', 'member')", name="ck_users_role"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False, server_default="feed"),
        sa.Column("owner_user_id", sa.Integer),
        sa.Column("title", sa.Text),
        sa.Column("site_url", sa.Text),
        sa.Column("description", sa.Text),
        sa.Column("language", sa.String(35)),
        sa.Column("icon_url", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("format", sa.String(16)),
        sa.Column("parser", sa.String(16)),
        sa.Column("recovered", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("problems", sa.Text),
        sa.Column("ttl_minutes", sa.Integer),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("fresh_until", UTC_DATETIME),
        sa.Column("retry_after_until", UTC_DATETIME),
        sa.Column("stale", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("last_checked_at", UTC_DATETIME),
        sa.Column("next_check_at", UTC_DATETIME),
        sa.Column("last_updated_at", UTC_DATETIME),
        sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("disabled_at", UTC_DATETIME),
        sa.Column("disabled_reason", sa.Text),
        sa.Column("always_fetch_full_text", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint("kind IN ('feed', 'documents', 'page')", name="ck_feeds_kind"),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["users.id"],
            ondelete="CASCADE",
            name="fk_feeds_owner_user_id_users",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_feeds"),
        sa.UniqueConstraint("url", name="uq_feeds_url"),
    )
    # "Which feeds are due?" is asked on every scheduler tick.
    op.create_index("ix_feeds_next_check_at", "feeds", ["next_check_at"])

    op.create_table(
        "folders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_folders_user_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_folders"),
        sa.UniqueConstraint("user_id", "name", name="uq_folders_user_id_name"),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("feed_id", sa.Integer, nullable=False),
        sa.Column("folder_id", sa.Integer),
        sa.Column("title", sa.Text),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_subscriptions_user_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["feed_id"], ["feeds.id"], ondelete="CASCADE", name="fk_subscriptions_feed_id_feeds"
        ),
        sa.ForeignKeyConstraint(
            ["folder_id"],
            ["folders.id"],
            ondelete="SET NULL",
            name="fk_subscriptions_folder_id_folders",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_subscriptions"),
        sa.UniqueConstraint("user_id", "feed_id", name="uq_subscriptions_user_id_feed_id"),
    )
    # Deleting a feed cascades to its subscriptions; without this it scans them all.
    op.create_index("ix_subscriptions_feed_id", "subscriptions", ["feed_id"])

    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("feed_id", sa.Integer, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("link", sa.Text),
        sa.Column("authors", sa.JSON),
        sa.Column("published_at", UTC_DATETIME),
        sa.Column("updated_at", UTC_DATETIME),
        sa.Column("summary", sa.Text),
        sa.Column("content", sa.Text),
        sa.Column("enclosures", sa.JSON),
        sa.Column("thumbnail", sa.Text),
        sa.Column("categories", sa.JSON),
        sa.Column("language", sa.String(35)),
        sa.Column("transcripts", sa.JSON),
        sa.Column("comments_url", sa.Text),
        sa.Column("first_seen_at", UTC_DATETIME, nullable=False),
        sa.Column("last_changed_at", UTC_DATETIME, nullable=False),
        sa.Column("sort_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["feed_id"], ["feeds.id"], ondelete="CASCADE", name="fk_entries_feed_id_feeds"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_entries"),
        # The entry's identity within its feed; also serves lookups by feed_id.
        sa.UniqueConstraint("feed_id", "key", name="uq_entries_feed_id_key"),
    )
    # Listing a feed newest first with cursor pagination on (sort_at, id).
    op.create_index("ix_entries_feed_id_sort_at", "entries", ["feed_id", "sort_at"])

    op.create_table(
        "entry_states",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("entry_id", sa.Integer, nullable=False),
        sa.Column("read", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("read_at", UTC_DATETIME),
        sa.Column("starred", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("starred_at", UTC_DATETIME),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_entry_states_user_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            ondelete="CASCADE",
            name="fk_entry_states_entry_id_entries",
        ),
        sa.PrimaryKeyConstraint("user_id", "entry_id", name="pk_entry_states"),
    )
    # Deleting entries cascades to their states; without this each delete scans them all.
    op.create_index("ix_entry_states_entry_id", "entry_states", ["entry_id"])


def downgrade() -> None:
    for table in ("entry_states", "entries", "subscriptions", "folders", "feeds", "users"):
        op.drop_table(table)
