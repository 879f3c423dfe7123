"""An article's standfirst (dek) as a field of its own.

Why: the standfirst, the sentence or two under the headline that sums the story
up, is shown to readers at the head of the reading HTML but is not the story's
body; like schema.org's ``articleBody`` (and trafilatura's ``description``,
Mercury's ``dek``), the plain ``text`` used for analysis leaves it out. The
column keeps it so that ``tidings extract`` and the API can show it. Rows
written before this revision have none (NULL).

Revision ID: 0014_article_standfirst
Revises: 0013_reader_writes
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_article_standfirst"
down_revision = "0013_reader_writes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entry_articles") as batch:
        batch.add_column(sa.Column("standfirst", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("entry_articles") as batch:
        batch.drop_column("standfirst")
