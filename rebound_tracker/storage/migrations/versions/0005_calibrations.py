"""Personal calibrations: the history of accepted (and reverted) personal timing.

Revision ID: 0005
Revises: 0004
Created: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calibrations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("family", sa.Text(), nullable=False),
        sa.Column("at_utc", sa.BigInteger(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calibrations")),
    )
    op.create_index(op.f("ix_calibrations_family"), "calibrations", ["family"])


def downgrade() -> None:
    op.drop_index(op.f("ix_calibrations_family"), table_name="calibrations")
    op.drop_table("calibrations")
