"""Reader speed, part 2: a log of what each read-state change did to the unread counts.

Why: issue 3's targets with ``tidings serve --workers 2`` (bench/web_load.py).

``unread_moves``: opening an unread entry bumps the user's counter
(``reading_versions``, 0008_reading_speed), so every *other* server process
found its cached sidebar stale and counted the unread entries of 2,000 feeds
again (tens of ms on SQLite): opening unread entries ran at 33 pages/s with two
workers against 160 with one. The reader now writes, in the transaction of
the change, one row: the user's counter before and after, the ``entries`` and
``feeds`` counters (unchanged during it), and how many entries each feed
gained or lost unread (``[[feed_id, delta], ...]``, empty for a change that
moved no count, such as a star). A process holding the sidebar of the version
before applies the rows up to the current version instead of counting again;
any gap (a change written without a row: mark all read, the CLI, a merge)
means a full count, as before. Old rows are pruned by the writer.

Revision ID: 0013_reader_writes
Revises: 0012_search_automerge
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_reader_writes"
down_revision = "0012_search_automerge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unread_moves",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("version_before", sa.BigInteger, nullable=False),
        sa.Column("version_after", sa.BigInteger, nullable=False),
        sa.Column("entries_version", sa.BigInteger, nullable=False),
        sa.Column("feeds_version", sa.BigInteger, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_unread_moves_user_id_users",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "version_before", name="pk_unread_moves"),
    )


def downgrade() -> None:
    op.drop_table("unread_moves")
