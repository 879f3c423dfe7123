"""Team: reader preferences, invitations, site settings and editors' picks.

Why: the reader is shared by a team. Each person keeps their own display
preferences (``user_preferences``, one row per user, created on first save).
Admins invite people by link (``invitations``: only the sha256 of the token
is stored, as for sessions) and choose whether anyone may register
(``site_settings``, a small key/value table for instance-wide choices).
Editors pin stories to a shared page (``story_picks``). A pick is anchored to
an entry of the story, not to the story row: a clustering pass replaces the
stories of its window, so the pick follows whichever story holds that entry
now, and goes away only when the entry itself does.

Revision ID: 0006_team
Revises: 0005_stories
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_team"
down_revision = "0005_stories"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "user_preferences",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("theme", sa.String(8), nullable=False, server_default="system"),
        sa.Column("density", sa.String(12), nullable=False, server_default="comfortable"),
        sa.Column(
            "mark_read_on_scroll", sa.Boolean, nullable=False, server_default=sa.false()
        ),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_user_preferences"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_user_preferences_user_id_users",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "theme IN ('system', 'light', 'dark')", name="ck_user_preferences_theme"
        ),
        sa.CheckConstraint(
            "density IN ('comfortable', 'compact')", name="ck_user_preferences_density"
        ),
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False, server_default="member"),
        sa.Column("note", sa.String(200)),
        sa.Column("created_by", sa.Integer),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("expires_at", UTC_DATETIME, nullable=False),
        sa.Column("accepted_at", UTC_DATETIME),
        sa.Column("accepted_by", sa.Integer),
        sa.Column("revoked_at", UTC_DATETIME),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name="fk_invitations_created_by_users",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["accepted_by"], ["users.id"], name="fk_invitations_accepted_by_users",
            ondelete="SET NULL",
        ),
        sa.CheckConstraint(
            "role IN ('admin', 'editor', 'member')", name="ck_invitations_role"
        ),
    )
    op.create_table(
        "site_settings",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_site_settings"),
    )
    op.create_table(
        "story_picks",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("entry_id", sa.Integer, nullable=False),
        sa.Column("picked_by", sa.Integer),
        sa.Column("note", sa.String(500)),
        sa.Column("picked_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_story_picks"),
        sa.UniqueConstraint("entry_id", name="uq_story_picks_entry_id"),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name="fk_story_picks_entry_id_entries",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["picked_by"], ["users.id"], name="fk_story_picks_picked_by_users",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_story_picks_picked_at", "story_picks", ["picked_at"])


def downgrade() -> None:
    op.drop_table("story_picks")
    op.drop_table("site_settings")
    op.drop_table("invitations")
    op.drop_table("user_preferences")
