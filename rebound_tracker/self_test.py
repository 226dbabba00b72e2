"""``rebound-tracker --self-test``: check an installation (a wheel, a bundle, a Flatpak) with
no screen and without touching the person's data.

Opens the real main window on Qt's offscreen platform over a fresh store in a temporary
directory, logs a dose through the dose form, waits for the timeline to draw its prediction,
simulates the day, writes the appointment PDF and reads it back, and writes a titration
plan's calendar (.ics, with its time zone) and parses it back. Prints one line per step;
exit status 0 when every step worked, 1 (with the failing step named) otherwise.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rebound_tracker.app import Services

SELF_TEST_MEDICATION = "concerta"
SELF_TEST_MG = "36"
LOAD_TIMEOUT_S = 60.0


class SelfTestFailed(Exception):
    """A step of the self-test did not do what it should."""


def run_self_test(out: Callable[[str], None] = print) -> int:
    """Run every step; returns the process exit status."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication exists
    with tempfile.TemporaryDirectory(prefix="rebound-tracker-self-test-") as folder:
        try:
            _run_steps(Path(folder), out)
        except Exception as exc:  # the report of a self-test is the failure, named
            out(f"self-test FAILED: {exc.__class__.__name__}: {exc}")
            traceback.print_exc()  # a self-test is a diagnosis: the details go to stderr
            return 1
    out("self-test passed")
    return 0


def _run_steps(folder: Path, out: Callable[[str], None]) -> None:
    from rebound_tracker import __version__
    from rebound_tracker.app import open_services
    from rebound_tracker.ui.startup_window import ensure_application, platform_name

    ensure_application([sys.argv[0]])
    out(f"Rebound Tracker {__version__}, Qt platform {platform_name()}, "
        f"Python {sys.version.split()[0]}")
    services = open_services(str(folder / "data"))
    try:
        out(f"ok: store opened and migrated ({services.paths.database.name}), "
            f"{len(services.medications.all())} medications in the library")
        _window_steps(services, out)
        _pdf_step(services, folder, out)
        _calendar_step(services, folder, out)
    finally:
        services.close()


def _window_steps(services: Services, out: Callable[[str], None]) -> None:
    from rebound_tracker.ui.main_window import MainWindow
    from rebound_tracker.ui.startup_window import process_events, process_events_until

    window = MainWindow(services)
    window.show()
    try:
        form = window.dose_form
        form.medication.setCurrentIndex(form.medication.findData(SELF_TEST_MEDICATION))
        form.mg.setText(SELF_TEST_MG)
        form.submit.click()
        logged = services.doses.list()
        if len(logged) != 1 or logged[0].medication_id != SELF_TEST_MEDICATION:
            raise SelfTestFailed(f"logging {SELF_TEST_MEDICATION} {SELF_TEST_MG} mg through "
                                 f"the dose form stored {logged!r}")
        out(f"ok: logged {SELF_TEST_MEDICATION} {SELF_TEST_MG} mg through the window's form")
        if not process_events_until(lambda: window.timeline.data is not None, LOAD_TIMEOUT_S):
            raise SelfTestFailed(f"timed out after {LOAD_TIMEOUT_S:g} s waiting for the "
                                 "timeline to load")
        out("ok: the timeline drew the day's prediction")
        prediction = services.simulation.predict_day(logged[0].taken.local.date())
        if prediction is None:
            raise SelfTestFailed("no prediction for the day of the logged dose")
        curve = prediction.result.analytes[0]
        peak = float(curve.concentration.max())
        if not peak > 0:
            raise SelfTestFailed(f"the predicted {curve.analyte} concentration peaks at {peak}")
        out(f"ok: simulated the day: {curve.analyte} peaks at {peak:.1f} {curve.unit}")
    finally:
        window.close()
        window.deleteLater()
        process_events()


def _pdf_step(services: Services, folder: Path, out: Callable[[str], None]) -> None:
    from rebound_tracker.report.export_pdf import export_pdf

    today = date.today()
    target = folder / "self-test.pdf"
    result = export_pdf(services, today - timedelta(days=6), today, target)
    head = target.read_bytes()[:5]
    if head != b"%PDF-" or result.pages < 1:
        raise SelfTestFailed(f"the appointment PDF starts {head!r} with {result.pages} pages")
    out(f"ok: wrote the appointment PDF ({result.pages} pages, "
        f"{target.stat().st_size // 1024} KiB)")


def _calendar_step(services: Services, folder: Path, out: Callable[[str], None]) -> None:
    """A plan's .ics: icalendar and the time-zone data (tzdata) are in the installation."""
    from datetime import time as clock

    from icalendar import Calendar

    from rebound_tracker.domain.plan_generate import StepRule
    from rebound_tracker.services.plan_calendar import write_plan_calendar

    rule = StepRule("titrate", 18, 54, 18, 7, (clock(8, 0),))
    plan = services.plans.generate(SELF_TEST_MEDICATION, date.today() + timedelta(days=1),
                                   rule, timezone="Europe/Berlin")
    target = write_plan_calendar(plan, services.plans.formulation(plan),
                                 folder / "self-test.ics")
    calendar = Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    zones = [str(c["TZID"]) for c in calendar.walk("VTIMEZONE")]
    if not events or zones != ["Europe/Berlin"]:
        raise SelfTestFailed(f"the plan's calendar has {len(events)} events, zones {zones}")
    out(f"ok: wrote a plan's calendar ({len(events)} events, time zone {zones[0]})")
