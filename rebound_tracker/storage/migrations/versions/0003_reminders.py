"""Reminders and check-in prompts: the pending schedule, and which prompt a check-in answered.

``reminders`` holds each dose reminder and check-in prompt of a day once planned, with what
became of it, so a restart or a crash re-fires what was due meanwhile. ``checkins.prompt``
says which kind of prompt (wear-off, rebound, random) a check-in answered, NULL for one the
person made unprompted; the evidence analysis can tell them apart.

Revision ID: 0003
Revises: 0002
Created: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(sa.Column("prompt", sa.Text(), nullable=True))
    op.create_table(
        "reminders",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("day", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("due_utc", sa.BigInteger(), nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("medication_id", sa.Text(), nullable=True),
        sa.Column("mg", sa.Float(), nullable=True),
        sa.Column("fed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("state", sa.Text(), server_default="pending", nullable=False),
        sa.Column("next_alert_utc", sa.BigInteger(), nullable=False),
        sa.Column("alerts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("entry_id", sa.Text(), nullable=True),
        sa.Column("modified_at", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("kind IN ('dose', 'wear-off', 'rebound', 'random')",
                           name=op.f("ck_reminders_kind")),
        sa.CheckConstraint("state IN ('pending', 'snoozed', 'taken', 'skipped', 'dismissed', "
                           "'answered', 'ignored', 'withdrawn')",
                           name=op.f("ck_reminders_state")),
        sa.CheckConstraint("alerts >= 0", name=op.f("ck_reminders_alerts_nonnegative")),
        sa.CheckConstraint("utc_offset_min BETWEEN -1080 AND 1080",
                           name=op.f("ck_reminders_offset_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
    )
    op.create_index(op.f("ix_reminders_day"), "reminders", ["day"])
    op.create_index(op.f("ix_reminders_next_alert_utc"), "reminders", ["next_alert_utc"])


def downgrade() -> None:
    op.drop_index(op.f("ix_reminders_next_alert_utc"), table_name="reminders")
    op.drop_index(op.f("ix_reminders_day"), table_name="reminders")
    op.drop_table("reminders")
    with op.batch_alter_table("checkins") as batch:
        batch.drop_column("prompt")
