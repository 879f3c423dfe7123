"""Stemmed search in each entry's language; every entry indexed again.

Why: searching "elections" must find "election", and "Wahlen" "Wahl", in the
entry's own language (issues 2 and 4). SQLite's ``porter`` tokenizer is
English-only and PostgreSQL's per-language configurations would stem the
query differently from SQLite, so Tidings stems in Python (Snowball, see
``tidings.text.stemming``) for both databases and stores the stems beside the
plain text, which phrases ("exact words") still search:

* SQLite: ``entry_search`` becomes ``fts5(title, authors, body, title_stems,
  body_stems)``. FTS5 cannot add columns, so the table is made again (its
  delete trigger on ``entries`` names it, and stays).
* PostgreSQL: two text columns and a generated ``stems`` tsvector (``simple``
  over the stems: title A, body D) with its own GIN index; ``document`` stays.
* ``search_languages``: the Snowball languages the index holds, so a query
  word is stemmed in those languages only.

Every entry is then indexed again, 500 at a time (memory stays bounded; the
whole rebuild is one transaction, as every revision is). It runs the
application's indexing code (``tidings.store.fulltext.rebuild_index``) so the
stored stems are exactly what new entries get. Cost: stemming runs at about
8 MB of text per second, language detection (entries whose feed states no
language) at about 60 us per entry.

Revision ID: 0007_stemming
Revises: 0006_team
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_stemming"
down_revision = "0006_team"
branch_labels = None
depends_on = None

_FTS5 = (
    "CREATE VIRTUAL TABLE entry_search USING fts5("
    "{columns}, tokenize = 'unicode61 remove_diacritics 2')"
)


def upgrade() -> None:
    op.create_table(
        "search_languages",
        sa.Column("language", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("language", name="pk_search_languages"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE entry_search")
        op.execute(_FTS5.format(columns="title, authors, body, title_stems, body_stems"))
    else:
        op.add_column(
            "entry_search", sa.Column("title_stems", sa.Text, nullable=False, server_default="")
        )
        op.add_column(
            "entry_search", sa.Column("body_stems", sa.Text, nullable=False, server_default="")
        )
        op.alter_column("entry_search", "title_stems", server_default=None)
        op.alter_column("entry_search", "body_stems", server_default=None)
        op.add_column(
            "entry_search",
            sa.Column(
                "stems",
                sa.dialects.postgresql.TSVECTOR,
                sa.Computed(
                    "setweight(to_tsvector('simple'::regconfig, title_stems), 'A')"
                    " || to_tsvector('simple'::regconfig, body_stems)",
                    persisted=True,
                ),
            ),
        )
        op.create_index("ix_entry_search_stems", "entry_search", ["stems"], postgresql_using="gin")
    from tidings.store.fulltext import rebuild_index

    last: int | None = 0
    while last is not None:
        last = rebuild_index(bind, after_id=last, batch=500)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE entry_search RENAME TO entry_search_stemmed")
        op.execute(_FTS5.format(columns="title, authors, body"))
        op.execute(
            "INSERT INTO entry_search (rowid, title, authors, body)"
            " SELECT rowid, title, authors, body FROM entry_search_stemmed"
        )
        op.execute("DROP TABLE entry_search_stemmed")
    else:
        op.drop_index("ix_entry_search_stems", table_name="entry_search")
        for column in ("stems", "body_stems", "title_stems"):
            op.drop_column("entry_search", column)
    op.drop_table("search_languages")
