"""The timeline's what-if: which plan the bar starts from, and the curve it draws."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.settings import RegimenDose
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.timeline import TimelineData, TimelineService, WhatIfPlan
from rebound_tracker.ui.feedback import describe
from rebound_tracker.ui.what_if_bar import WhatIfBar

NO_DOSE_YET = ("Log a dose first (or set your usual regimen in Settings): a what-if shows "
               "one of your own days with other doses or times.")

Draw = Callable[[TimelineData | None, str], None]


class WhatIfController:
    """Owns the what-if bar; ``shown()`` says which day and range the panel shows, and
    ``draw(data, label)`` puts the what-if curve on its chart (``None``: none)."""

    def __init__(self, timeline: TimelineService, medications: MedicationService,
                 shown: Callable[[], tuple[date, str]], draw: Draw) -> None:
        self._timeline = timeline
        self._shown, self._draw = shown, draw
        self.regimen: tuple[RegimenDose, ...] = ()
        self._usual: WhatIfPlan | bool | None = False  # False: not worked out yet
        self.bar = WhatIfBar(medications)
        self.bar.changed.connect(self.update)
        # Switched on, it starts from the usual day, or a contrast to a day taken as usual.
        self.bar.enabled.toggled.connect(self._switched)
        self.bar.suggest_requested.connect(self.suggest)

    def forget(self) -> None:
        """The log changed: the usual plan is worked out again when next needed."""
        self._usual = False

    def day_changed(self) -> None:
        if self.bar.enabled.isChecked():
            self.suggest()
        else:
            self.preset()

    def set_regimen(self, regimen: tuple[RegimenDose, ...]) -> None:
        """The usual regimen (Settings): the what-if starts from it on days not taken so."""
        if tuple(regimen) == self.regimen:
            return
        self.regimen, self._usual = tuple(regimen), False
        if not self.bar.enabled.isChecked():
            self.preset()

    def _switched(self, on: bool) -> None:
        if on:
            self.suggest()

    def suggest(self) -> None:
        plan = self._timeline.usual_what_if(self._shown()[0], self.regimen)
        if plan is not None:
            self.bar.set_plan(plan)
        self.update()

    def preset(self) -> None:
        """Start the what-if from the person's own medication, never the library's first;
        with no dose logged yet there is nothing to re-imagine, and the bar says so."""
        day = self._shown()[0]
        if self._usual is False:  # worked out once per change of the log, not per day step
            self._usual = self._timeline.usual_plan(day, self.regimen)
        plan = self._usual if isinstance(self._usual, WhatIfPlan) else None
        if plan is not None:
            plan = replace(plan, times=tuple(attach_local(datetime.combine(day, t.time()))
                                             for t in plan.times))
        self.bar.setEnabled(plan is not None)
        self.bar.setToolTip("" if plan is not None else NO_DOSE_YET)
        if plan is not None and not self.bar.enabled.isChecked():
            self.bar.set_plan(plan)

    def update(self) -> None:
        """Draw the what-if of the day shown (only a single day is re-imagined)."""
        self.bar.show_error("")
        day, shown_range = self._shown()
        if not self.bar.enabled.isChecked() or shown_range != "day":
            self._draw(None, "What if")
            return
        try:
            plan = self.bar.plan(day)
            data = self._timeline.what_if(day, plan)
        except ValidationError as error:
            self.bar.show_error(describe(error, saving=False))
            self._draw(None, "What if")
            return
        name = self.bar.medication.currentText().split(" (")[0]
        self._draw(data, plan.label(name))
