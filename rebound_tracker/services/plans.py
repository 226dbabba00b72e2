"""Dose-change plans: make (by hand or by a rule), check, store, list, end a hold, delete.

Bad input is refused with the field named and nothing written: a plan that starts in the
past, a dose the product's strengths cannot make, a plan for a product the person has not
logged (and is not in their usual regimen), two plans changing the same product at the
same time. A dose above the label maximum asks for confirmation (NeedsConfirmation).
Label rules on the size and pace of changes are only flagged (domain.plan_rules).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.entries import new_id
from rebound_tracker.domain.errors import NeedsConfirmation, NotFound, ValidationError
from rebound_tracker.domain.medication import Formulation
from rebound_tracker.domain.plan_generate import StepRule, dose_amounts, generate_steps
from rebound_tracker.domain.plan_rules import Flag, check_plan
from rebound_tracker.domain.plans import (
    NAME_MAX_CHARS,
    Plan,
    PlanStep,
    end_hold,
    plan_from_record,
    plan_record,
)
from rebound_tracker.domain.settings import settings_from_stored
from rebound_tracker.domain.timeparse import attach_local, local_now
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.plan_outcomes import StepOutcome, step_outcomes
from rebound_tracker.services.plan_projection import PlanProjection, project_plan
from rebound_tracker.services.plan_zone import local_zone_name
from rebound_tracker.services.simulation import SimulationService
from rebound_tracker.storage.plans import PlanRepository
from rebound_tracker.storage.repositories import (
    CheckInRepository,
    DoseRepository,
    SettingsRepository,
)

ID_PREFIX_MIN = 4


class PlanService:
    def __init__(self, session_factory: sessionmaker[Session], medications: MedicationService,
                 simulation: SimulationService,
                 clock: Callable[[], datetime] = local_now) -> None:
        self._sessions = session_factory
        self._medications = medications
        self._simulation = simulation
        self._clock = clock

    def today(self) -> date:
        return self._clock().date()

    # ----- what a plan does ------------------------------------------------------------

    def projection(self, plan: Plan) -> PlanProjection:
        """The model's exposure per step (services.plan_projection), for the saved person."""
        return project_plan(plan, self._simulation)

    def outcomes(self, plan: Plan) -> list[StepOutcome]:
        """Each begun step's logged doses and check-ins vs the step before."""
        today = self.today()
        first = attach_local(datetime.combine(plan.start, time()))
        end = attach_local(datetime.combine(today + timedelta(days=1), time()))
        if first >= end:
            return []
        with self._sessions() as session:
            doses = DoseRepository(session).list(first, end)
            checkins = CheckInRepository(session).list(first, end)
        return step_outcomes(plan, doses, checkins, today)

    # ----- drafts (nothing stored) -----------------------------------------------------

    def draft(self, medication: str, start: date, steps: Sequence[PlanStep], *,
              name: str = "", kind: str = "custom", timezone: str = "") -> Plan:
        """A plan from steps made by hand (validated as stored plans are)."""
        formulation = self._medications.resolve(medication)
        record = plan_record(Plan(
            id=new_id(), name=name.strip() or _default_name(formulation, kind),
            medication_id=formulation.id, kind=kind, start=start, steps=tuple(steps),
            timezone=timezone or local_zone_name()))
        return plan_from_record(record)

    def generate(self, medication: str, start: date, rule: StepRule, *, name: str = "",
                 timezone: str = "") -> Plan:
        """A plan from a start, a target and a rule, rounded to the product's strengths."""
        formulation = self._medications.resolve(medication)
        steps = generate_steps(rule, formulation.strengths_mg)
        kind = "titration" if rule.rule == "titrate" else "taper"
        return self.draft(formulation.id, start, steps, name=name, kind=kind,
                          timezone=timezone)

    def formulation(self, plan: Plan) -> Formulation:
        return self._medications.get(plan.medication_id)

    def flags(self, plan: Plan) -> list[Flag]:
        """The label rules the plan breaks (informational; never refused)."""
        return check_plan(plan)

    # ----- checks ----------------------------------------------------------------------

    def check(self, plan: Plan, *, confirmed: bool = False) -> list[Flag]:
        """Refuse bad input (ValidationError / NeedsConfirmation); return the label flags."""
        with self._sessions() as session:
            self._check(session, plan, confirmed)
        return self.flags(plan)

    def _check(self, session: Session, plan: Plan, confirmed: bool) -> None:
        formulation = self._medications.get(plan.medication_id)
        today = self._clock().date()
        if plan.start < today:
            raise ValidationError("start", plan.start.isoformat(),
                                  f"today ({today.isoformat()}) or a later day: a plan's "
                                  "steps cannot begin in the past")
        if len(plan.name) > NAME_MAX_CHARS:
            raise ValidationError("name", plan.name[:40], f"at most {NAME_MAX_CHARS} "
                                  "characters")
        if not any(step.doses for step in plan.steps):
            raise ValidationError("steps", "(no doses)", "at least one step with a dose")
        self._check_logged(session, formulation)
        _check_strengths(plan, formulation)
        self._check_overlap(session, plan)
        if not confirmed:
            _check_label_max(plan, formulation)

    def plannable(self) -> list[tuple[str, str]]:
        """(id, name) of the products a plan can be made for: logged or in the regimen."""
        with self._sessions() as session:
            ids = self._plannable_ids(session)
        return [(m.id, m.name) for m in self._medications.all() if m.id in ids]

    def _plannable_ids(self, session: Session) -> set[str]:
        settings = settings_from_stored(SettingsRepository(session).all())
        ids = set()
        for dose in settings.regimen:
            try:
                ids.add(self._medications.resolve(dose.medication).id)
            except (KeyError, ValidationError):
                continue
        repo = DoseRepository(session)
        return ids | {m.id for m in self._medications.all()
                      if repo.count_for_medication(m.id)}

    def _check_logged(self, session: Session, formulation: Formulation) -> None:
        if DoseRepository(session).count_for_medication(formulation.id):
            return
        ids = self._plannable_ids(session)
        if formulation.id in ids:
            return
        raise ValidationError(
            "medication", formulation.id,
            "a product you have logged doses of or have in your usual regimen"
            + (f" ({', '.join(sorted(ids))})" if ids else " (none yet: log a dose first)"))

    def _check_overlap(self, session: Session, plan: Plan) -> None:
        for record in PlanRepository(session).all():
            other = plan_from_record(record)
            if plan.overlaps(other):
                raise ValidationError("start", plan.start.isoformat(),
                                      plan.overlap_text(other))

    # ----- stored plans ------------------------------------------------------------------

    def create(self, plan: Plan, *, confirmed: bool = False) -> tuple[Plan, list[Flag]]:
        """Store a new plan (checked first, in the same transaction); returns it and its
        flags."""
        with self._sessions.begin() as session:
            self._check(session, plan, confirmed)
            repo = PlanRepository(session)
            if repo.get(plan.id) is not None:
                raise ValidationError("id", plan.id, "an id no stored plan has")
            repo.put(plan_record(plan))
            stored = plan_from_record(repo.get(plan.id))
        return stored, self.flags(stored)

    def all(self) -> list[Plan]:
        with self._sessions() as session:
            return [plan_from_record(r) for r in PlanRepository(session).all()]

    def get(self, plan_id: str) -> Plan:
        """A plan by id or by a unique prefix of at least 4 characters."""
        with self._sessions() as session:
            return plan_from_record(self._record(session, plan_id))

    def _record(self, session: Session, plan_id: str) -> dict[str, Any]:
        repo = PlanRepository(session)
        record = repo.get(plan_id)
        if record is not None:
            return record
        if len(plan_id) >= ID_PREFIX_MIN:
            matches = [r for r in repo.all() if r["id"].startswith(plan_id)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise ValidationError("id", plan_id, "a prefix only one plan's id starts with")
        raise NotFound("plan", plan_id)

    def delete(self, plan_id: str) -> Plan:
        with self._sessions.begin() as session:
            record = self._record(session, plan_id)
            PlanRepository(session).delete(record["id"])
        return plan_from_record(record)

    def end_hold(self, plan_id: str, step: int, on: date) -> Plan:
        """End held step ``step`` (1-based) on ``on``; the next step starts that day."""
        with self._sessions.begin() as session:
            plan = plan_from_record(self._record(session, plan_id))
            changed = end_hold(plan, step - 1, on)
            self._check_overlap(session, changed)
            PlanRepository(session).put(plan_record(replace(changed, modified_at=None)))
            return plan_from_record(PlanRepository(session).get(plan.id))

    def records(self) -> list[dict[str, Any]]:
        """Every plan's record (the JSON export's ``plans``)."""
        with self._sessions() as session:
            return PlanRepository(session).all()


def _default_name(formulation: Formulation, kind: str) -> str:
    what = {"taper": "taper", "titration": "titration"}.get(kind, "plan")
    return f"{formulation.name} {what}"


def _check_strengths(plan: Plan, formulation: Formulation) -> None:
    amounts = dose_amounts(formulation.strengths_mg)
    for i, step in enumerate(plan.steps):
        for j, dose in enumerate(step.doses):
            if not any(abs(dose.mg - a) < 1e-6 for a in amounts):
                shown = ", ".join(f"{a:g}" for a in amounts[:14])
                raise ValidationError(
                    f"steps[{i + 1}].doses[{j + 1}].mg", dose.mg,
                    f"an amount {formulation.name}'s strengths make with one or two units: "
                    f"{shown}{'…' if len(amounts) > 14 else ''} mg")


def _check_label_max(plan: Plan, formulation: Formulation) -> None:
    high = formulation.label_max_mg
    for i, step in enumerate(plan.steps):
        for j, dose in enumerate(step.doses):
            if high and dose.mg > high:
                raise NeedsConfirmation(
                    f"steps[{i + 1}].doses[{j + 1}].mg", dose.mg,
                    f"is above the label maximum of {high:g} mg for {formulation.name}")
