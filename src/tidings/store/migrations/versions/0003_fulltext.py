"""Full text of articles: extracted pages, per-site rules, learned site lines.

Why: many feeds carry only a summary. Tidings fetches the article page in the
background after ingestion and keeps what it extracted beside the entry, never
in place of the feed's own content (a failed or poor extraction must not lose
what the feed said). One row per entry the extractor looked at:

* ``entry_articles``: the outcome (``status`` + ``reason`` in plain words),
  sanitised reading HTML, plain text, metadata, and the retry schedule
  (``attempts``, ``next_attempt_at``). ``host`` is the article's host, so the
  lines a site repeats can be learned from its pages already fetched.
* ``site_rules``: an admin's CSS selectors to keep or drop per host.
* ``site_lines``: fingerprints of lines that repeat across a host's pages
  (a bounded JSON list), learned from the pages fetched.

Revision ID: 0003_fulltext
Revises: 0002_search
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_fulltext"
down_revision = "0002_search"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "entry_articles",
        sa.Column("entry_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("source", sa.String(16)),
        sa.Column("host", sa.String(253)),
        sa.Column("html", sa.Text),
        sa.Column("text", sa.Text),
        sa.Column("word_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reading_minutes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("title", sa.Text),
        sa.Column("authors", sa.JSON),
        sa.Column("published", UTC_DATETIME),
        sa.Column("site_name", sa.Text),
        sa.Column("lead_image", sa.Text),
        sa.Column("language", sa.String(35)),
        sa.Column("canonical_url", sa.Text),
        sa.Column("fetched_url", sa.Text),
        sa.Column("extracted_at", UTC_DATETIME),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", UTC_DATETIME),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            ondelete="CASCADE",
            name="fk_entry_articles_entry_id_entries",
        ),
        sa.PrimaryKeyConstraint("entry_id", name="pk_entry_articles"),
    )
    # Learning a site's repeated lines reads its latest pages.
    op.create_index("ix_entry_articles_host", "entry_articles", ["host"])

    op.create_table(
        "site_rules",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("host", sa.String(253), nullable=False),
        sa.Column("keep_selector", sa.Text),
        sa.Column("drop_selector", sa.Text),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_by", sa.Integer),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], ondelete="SET NULL", name="fk_site_rules_updated_by_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_site_rules"),
        sa.UniqueConstraint("host", name="uq_site_rules_host"),
    )
    op.create_table(
        "site_lines",
        sa.Column("host", sa.String(253), nullable=False),
        sa.Column("fingerprints", sa.JSON, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("host", name="pk_site_lines"),
    )


def downgrade() -> None:
    for table in ("site_lines", "site_rules", "entry_articles"):
        op.drop_table(table)
