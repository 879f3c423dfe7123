"""Sign-in failures in the database, so every server process shares one rate limit.

Why: the limiter kept its counts in process memory, so ``tidings serve
--workers N`` allowed N times the attempts and a restart forgot them (issue 3).
One row per failed attempt (sign-in, invitation link, registration): the
client's address, the lower-cased name tried (NULL once a correct sign-in with
that name cleared it: it then counts for the address only), and when. Rows
older than the window are deleted as new failures arrive; the table holds at
most a window's failures, which the per-address limit bounds per address.

Revision ID: 0009_sign_in_failures
Revises: 0008_reading_speed
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_sign_in_failures"
down_revision = "0008_reading_speed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("name", sa.String(100)),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_failures"),
    )
    op.create_index(
        "ix_sign_in_failures_address_failed_at", "sign_in_failures", ["address", "failed_at"]
    )
    op.create_index("ix_sign_in_failures_failed_at", "sign_in_failures", ["failed_at"])


def downgrade() -> None:
    op.drop_table("sign_in_failures")
