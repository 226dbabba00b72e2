"""ORM rows. They never leave ``storage/``: repositories translate them to domain dataclasses.

Instants (``*_utc``, ``created_at``, ``modified_at``) are INTEGER microseconds since the Unix
epoch, UTC; see :mod:`rebound_tracker.storage.instants`. The offset the person's clock showed
is kept beside the instant in ``utc_offset_min`` (minutes east of UTC).

Every constraint has a name (through the naming convention) so a later batch migration can
drop or alter it on SQLite, where constraints are only reachable by name.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    Integer,
    MetaData,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from rebound_tracker.domain.entries import SCALE_MAX, SCALE_MIN, SCALES

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

OFFSET_LIMIT_MIN = 18 * 60
"""Largest |UTC offset| accepted, in minutes (the ±18:00 that ISO 8601 and Python allow)."""

ENTRY_ID_LENGTH = 36
"""Canonical UUID text: 8-4-4-4-12 hex digits."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _offset_check() -> CheckConstraint:
    return CheckConstraint(
        f"utc_offset_min BETWEEN {-OFFSET_LIMIT_MIN} AND {OFFSET_LIMIT_MIN}", name="offset_range"
    )


def _scale_check(name: str) -> CheckConstraint:
    return CheckConstraint(f"{name} BETWEEN {SCALE_MIN} AND {SCALE_MAX}", name=f"{name}_range")


class DoseRow(Base):
    __tablename__ = "doses"
    __table_args__ = (
        CheckConstraint("mg > 0", name="mg_positive"),
        CheckConstraint("fed IN (0, 1)", name="fed_bool"),
        _offset_check(),
    )

    id: Mapped[str] = mapped_column(String(ENTRY_ID_LENGTH), primary_key=True)
    medication_id: Mapped[str] = mapped_column(Text, index=True)
    mg: Mapped[float] = mapped_column(Float)
    taken_at_utc: Mapped[int] = mapped_column(BigInteger, index=True)
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    fed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[int] = mapped_column(BigInteger)
    modified_at: Mapped[int] = mapped_column(BigInteger)


class CheckInRow(Base):
    __tablename__ = "checkins"
    __table_args__ = (
        _offset_check(),
        *(_scale_check(name) for name in SCALES),
    )

    id: Mapped[str] = mapped_column(String(ENTRY_ID_LENGTH), primary_key=True)
    at_utc: Mapped[int] = mapped_column(BigInteger, index=True)
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    mood: Mapped[int] = mapped_column(Integer)
    focus: Mapped[int] = mapped_column(Integer)
    irritability: Mapped[int | None] = mapped_column(Integer)
    fatigue: Mapped[int | None] = mapped_column(Integer)
    anxiety: Mapped[int | None] = mapped_column(Integer)
    restlessness: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[int] = mapped_column(BigInteger)
    modified_at: Mapped[int] = mapped_column(BigInteger)
    prompt: Mapped[str | None] = mapped_column(Text)
    """The kind of prompt this check-in answered (domain PROMPT_KINDS) or NULL."""


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CustomMedicationRow(Base):
    """A formulation the person defined, kept as the JSON text of its definition.

    The definition is validated into a domain Formulation by the services before it is
    stored and every time it is read; storage keeps it verbatim so nothing is lost.
    """

    __tablename__ = "custom_medications"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    definition: Mapped[str] = mapped_column(Text)
    created_at: Mapped[int] = mapped_column(BigInteger)
    modified_at: Mapped[int] = mapped_column(BigInteger)


class ReminderRow(Base):
    """A dose reminder or check-in prompt of a day's schedule, and what became of it.

    Kept so that a restart (or a crash) re-fires what was due while the app was not running.
    ``id`` is the schedule item's key (day, kind, slot), so planning a day twice is idempotent.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        CheckConstraint("kind IN ('dose', 'wear-off', 'rebound', 'random')", name="kind"),
        CheckConstraint("state IN ('pending', 'snoozed', 'taken', 'skipped', 'dismissed', "
                        "'answered', 'ignored', 'withdrawn')", name="state"),
        CheckConstraint("alerts >= 0", name="alerts_nonnegative"),
        _offset_check(),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    day: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(Text)
    due_utc: Mapped[int] = mapped_column(BigInteger)
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    medication_id: Mapped[str | None] = mapped_column(Text)
    mg: Mapped[float | None] = mapped_column(Float)
    fed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    state: Mapped[str] = mapped_column(Text, default="pending", server_default="pending")
    next_alert_utc: Mapped[int] = mapped_column(BigInteger, index=True)
    alerts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    entry_id: Mapped[str | None] = mapped_column(Text)
    """The dose logged by Taken, or the check-in that answered the prompt."""
    modified_at: Mapped[int] = mapped_column(BigInteger)


class PlanRow(Base):
    """A dose-change plan, kept as the JSON text of its record (domain.plans.plan_record).

    ``medication_id`` is copied out of the record so plans of a product can be found; the
    services validate the record into a domain Plan before storing it and on every read.
    """

    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(ENTRY_ID_LENGTH), primary_key=True)
    medication_id: Mapped[str] = mapped_column(Text, index=True)
    definition: Mapped[str] = mapped_column(Text)
    created_at: Mapped[int] = mapped_column(BigInteger)
    modified_at: Mapped[int] = mapped_column(BigInteger)


class CalibrationRow(Base):
    """An accepted (or reverted) personal calibration: one row of the history, never edited.

    ``record`` is the JSON text of ``domain.calibration_record.calibration_record``;
    ``family`` and ``at_utc`` are copied out of it so the one in force (the newest per
    family) is found by the index."""

    __tablename__ = "calibrations"

    id: Mapped[str] = mapped_column(String(ENTRY_ID_LENGTH), primary_key=True)
    family: Mapped[str] = mapped_column(Text, index=True)
    at_utc: Mapped[int] = mapped_column(BigInteger)
    record: Mapped[str] = mapped_column(Text)
