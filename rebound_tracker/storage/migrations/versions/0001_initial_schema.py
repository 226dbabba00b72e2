"""Initial schema: doses, check-ins, settings.

Constraint names are given in full and wrapped in op.f() so the naming convention on the
models' metadata is not applied a second time.

Instants are INTEGER microseconds since the Unix epoch (UTC); the UTC offset the entry was
logged in sits beside each in minutes. Written out in full rather than from the models, so
this revision stays what it was when the models move on.

Revision ID: 0001
Revises:
Created: 2026-03-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SCALES = ("mood", "focus", "irritability", "fatigue", "anxiety", "restlessness")


def _offset_check(table: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(
        "utc_offset_min BETWEEN -1080 AND 1080", name=op.f(f"ck_{table}_offset_range")
    )


def upgrade() -> None:
    op.create_table(
        "doses",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("medication_id", sa.Text(), nullable=False),
        sa.Column("mg", sa.Float(), nullable=False),
        sa.Column("taken_at_utc", sa.BigInteger(), nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False),
        sa.Column("fed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("modified_at", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("mg > 0", name=op.f("ck_doses_mg_positive")),
        sa.CheckConstraint("fed IN (0, 1)", name=op.f("ck_doses_fed_bool")),
        _offset_check("doses"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doses")),
    )
    op.create_index(op.f("ix_doses_medication_id"), "doses", ["medication_id"])
    op.create_index(op.f("ix_doses_taken_at_utc"), "doses", ["taken_at_utc"])

    op.create_table(
        "checkins",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("at_utc", sa.BigInteger(), nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False),
        sa.Column("mood", sa.Integer(), nullable=False),
        sa.Column("focus", sa.Integer(), nullable=False),
        sa.Column("irritability", sa.Integer(), nullable=True),
        sa.Column("fatigue", sa.Integer(), nullable=True),
        sa.Column("anxiety", sa.Integer(), nullable=True),
        sa.Column("restlessness", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("modified_at", sa.BigInteger(), nullable=False),
        _offset_check("checkins"),
        *(
            sa.CheckConstraint(f"{name} BETWEEN 0 AND 10", name=op.f(f"ck_checkins_{name}_range"))
            for name in _SCALES
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
    )
    op.create_index(op.f("ix_checkins_at_utc"), "checkins", ["at_utc"])

    op.create_table(
        "settings",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_index(op.f("ix_checkins_at_utc"), table_name="checkins")
    op.drop_table("checkins")
    op.drop_index(op.f("ix_doses_taken_at_utc"), table_name="doses")
    op.drop_index(op.f("ix_doses_medication_id"), table_name="doses")
    op.drop_table("doses")
