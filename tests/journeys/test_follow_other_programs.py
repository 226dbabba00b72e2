"""The open window follows what another program writes to the same store.

A person with the window open types ``rebound-tracker dose add`` in a terminal (or a script
logs a check-in, or they change the usual regimen on the command line): the window shows
it within a couple of seconds, without a restart or a manual refresh. Its own writes do not
make it redraw a second time.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, time

from journeys_helpers import on_modal

FOLLOW_TIMEOUT_MS = 10_000  # two looks are 4 s; the CLI's start-up is ~1 s


def run_cli(services, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "rebound_tracker", "--data-dir",
                           str(services.paths.data_dir), *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_dose_added_on_the_command_line_appears_in_the_open_window(qtbot, app_window,
                                                                    demo_services):
    window = app_window
    today = datetime.now().date()
    window.show_day(today)
    before = {row.entry.id for row in window.history.model.rows}
    at = datetime.combine(today, time(0, 5)).isoformat(timespec="minutes")
    run_cli(demo_services, "dose", "add", "--med", "ritalin", "--mg", "10", "--at", at,
            "--note", "from the terminal")
    stored = [d for d in demo_services.doses.list() if d.note == "from the terminal"]
    assert len(stored) == 1

    def shown() -> bool:
        return stored[0].id in {row.entry.id for row in window.history.model.rows}

    qtbot.waitUntil(shown, timeout=FOLLOW_TIMEOUT_MS)
    assert {row.entry.id for row in window.history.model.rows} - before == {stored[0].id}
    assert "another program" in window.statusBar().currentMessage()
    # The chart drew it too (its data is loaded off the UI thread).
    qtbot.waitUntil(lambda: window.timeline.data is not None
                    and stored[0].id in window.timeline.data.doses.ids, timeout=FOLLOW_TIMEOUT_MS)


def test_a_regimen_set_on_the_command_line_changes_the_quick_dose_buttons(qtbot, app_window,
                                                                       demo_services):
    window = app_window
    run_cli(demo_services, "settings", "set", "regimen", "vyvanse:30@07:00")

    def buttons() -> list[str]:
        return [b.text() for b in window.dose_form.quick_buttons]

    qtbot.waitUntil(lambda: bool(buttons()) and "Vyvanse 30 mg" in buttons()[0],
                    timeout=FOLLOW_TIMEOUT_MS)


def test_the_windows_own_writes_do_not_count_as_someone_elses(qtbot, app_window,
                                                             demo_services):
    window = app_window
    window.follower.look()  # whatever the fixture's set-up wrote is behind us
    refreshed: list[bool] = []
    window.follower.changed.connect(lambda: refreshed.append(True))
    window.dose_form.quick_buttons[0].click()
    window.checkin_form.scales["mood"].setValue(6)
    window.checkin_form.scales["focus"].setValue(5)
    window.checkin_form.log_checkin()
    assert len(demo_services.checkins.list()) and window.undo_stack.count() == 2
    window.undo_stack.undo()  # a delete, written by the window as well
    assert window.follower.look() is False
    assert refreshed == []
    # ... while one from elsewhere, right after, does.
    run_cli(demo_services, "checkin", "add", "--mood", "4", "--focus", "3")
    assert window.follower.look() is True


def test_undo_of_a_dose_deleted_elsewhere_is_refused_with_the_reason(qtbot, app_window,
                                                                     demo_services):
    window = app_window
    window.dose_form.quick_buttons[0].click()
    dose = max(demo_services.doses.list(), key=lambda d: d.created_at)
    run_cli(demo_services, "dose", "delete", dose.id)
    qtbot.waitUntil(lambda: dose.id not in {r.entry.id for r in window.history.model.rows},
                    timeout=FOLLOW_TIMEOUT_MS)
    told: list[str] = []
    driver = on_modal(lambda dialog: (told.append(dialog.text()), dialog.accept()))
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert driver.dialog is not None and "Could not undo" in told[0]
    assert "that dose is no longer stored" in told[0] and dose.id not in told[0]
    assert dose.id not in {d.id for d in demo_services.doses.list()}
