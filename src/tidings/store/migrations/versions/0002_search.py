"""Full-text search over entries.

Why: readers search what they follow. Kept in its own revision because it is
the one part of the schema that differs per database:

* SQLite: an FTS5 table ``entry_search(title, authors, body)`` whose rowid is
  the entry id. It stores its own copy of the plain text (HTML stripped), so
  rows can be deleted by rowid and ``snippet()`` works; SQLite 3.40 has no
  ``contentless_delete``, and an external-content table would need the old
  text supplied on every update. A trigger removes the row when its entry is
  deleted (directly or by cascade from its feed); inserts and updates are made
  by the store in the same transaction as the entry write.
* PostgreSQL: a table of the same plain text with a generated ``tsvector``
  (``simple`` configuration, title weighted A, authors B, body D) and a GIN
  index; rows go with their entry by ``ON DELETE CASCADE``.

Revision ID: 0002_search
Revises: 0001_core
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_search"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE entry_search USING fts5("
            "title, authors, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER entries_search_delete AFTER DELETE ON entries BEGIN"
            " DELETE FROM entry_search WHERE rowid = old.id; END"
        )
        return
    op.create_table(
        "entry_search",
        sa.Column("entry_id", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("authors", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column(
            "document",
            sa.dialects.postgresql.TSVECTOR,
            sa.Computed(
                "setweight(to_tsvector('simple'::regconfig, title), 'A')"
                " || setweight(to_tsvector('simple'::regconfig, authors), 'B')"
                " || to_tsvector('simple'::regconfig, body)",
                persisted=True,
            ),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            ondelete="CASCADE",
            name="fk_entry_search_entry_id_entries",
        ),
        sa.PrimaryKeyConstraint("entry_id", name="pk_entry_search"),
    )
    op.create_index(
        "ix_entry_search_document", "entry_search", ["document"], postgresql_using="gin"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS entries_search_delete")
    op.drop_table("entry_search")
