"""Edit ▸ Settings ▸ Reminders and prompts, in the real window over a real store: what is
saved reaches the database, the ``schedule`` command and the running reminders at once."""

from __future__ import annotations

import json

import pytest
from journeys_helpers import click, trigger
from PySide6.QtCore import QTime
from reminder_fakes import DAY

from rebound_tracker.cli import main as cli_main
from rebound_tracker.services.autostart import autostart_path


@pytest.fixture
def services(tmp_path, clock):
    from rebound_tracker.app import open_services

    opened = open_services(str(tmp_path / "data"), clock=clock)
    opened.settings.update({"regimen": "concerta:36@07:30"})  # reminders still off
    yield opened
    opened.close()


def _reminder_page(qtbot, window):
    trigger(window, "Settings")
    dialog = window.person.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.tabs.setCurrentWidget(dialog.reminders)
    return dialog, dialog.reminders


def _save(dialog):
    click(dialog.buttons.button(dialog.buttons.StandardButton.Save))


def _schedule(services, capsys) -> dict:
    capsys.readouterr()
    assert cli_main(["--data-dir", str(services.paths.data_dir), "schedule", "--date",
                     DAY.isoformat(), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _set_time(edit, hh: int, mm: int = 0) -> None:
    edit.setTime(QTime(hh, mm))


def test_reminder_settings_saved_reach_the_database_schedule_and_running_reminders(
        qtbot, window, services, notifications, clock, capsys):
    assert notifications.shown == []  # reminders are off: nothing due is shown
    assert _schedule(services, capsys)["items"] == []
    dialog, page = _reminder_page(qtbot, window)
    assert not page.numbers["realert_minutes"].isEnabled()  # greyed while reminders are off
    page.switches["reminders"].setChecked(True)
    page.switches["checkin_prompts"].setChecked(True)
    assert page.numbers["realert_minutes"].isEnabled()
    page.numbers["realert_minutes"].setValue(5)
    page.numbers["realert_count"].setValue(2)
    page.snooze.clear()
    qtbot.keyClicks(page.snooze, "15, 5")
    page.numbers["random_prompts"].setValue(2)
    page.numbers["prompt_daily_cap"].setValue(4)
    page.numbers["prompt_min_gap_minutes"].setValue(60)
    _set_time(page.waking_start, 9)
    _set_time(page.waking_end, 21)
    page.quiet.setChecked(True)
    _set_time(page.quiet_start, 23)
    _set_time(page.quiet_end, 6, 30)
    page.switches["keep_in_tray"].setChecked(False)
    page.switches["start_at_login"].setChecked(True)
    _save(dialog)
    assert not dialog.isVisible()

    stored = services.settings.stored_text()
    assert {k: stored[k] for k in ("reminders", "checkin_prompts", "realert_minutes",
                                   "realert_count", "snooze_minutes", "random_prompts",
                                   "prompt_daily_cap", "prompt_min_gap_minutes",
                                   "waking_hours", "quiet_hours", "keep_in_tray",
                                   "start_at_login")} == {
        "reminders": "on", "checkin_prompts": "on", "realert_minutes": "5",
        "realert_count": "2", "snooze_minutes": "5,15", "random_prompts": "2",
        "prompt_daily_cap": "4", "prompt_min_gap_minutes": "60",
        "waking_hours": "09:00-21:00", "quiet_hours": "23:00-06:30", "keep_in_tray": "off",
        "start_at_login": "on"}
    # The running reminders follow without a restart: the 07:30 dose is shown now, with
    # the chosen snooze buttons, and re-alerted after 5 minutes, twice.
    [notice] = [n for n in notifications.shown if n.kind == "dose"]
    assert [label for _a, label in notice.actions] == [
        "Taken", "Snooze 5 min", "Snooze 15 min", "Skip"]
    for _ in range(2):
        clock.advance(5)
        window.reminder_host.runner.check()
    clock.advance(5)
    window.reminder_host.runner.check()
    assert len([n for n in notifications.shown if n.kind == "dose"]) == 3
    assert services.reminders.get(notice.key).state == "ignored"
    assert "last reminder" in notifications.shown[-1].body
    # The command line plans with the same settings: two random prompts inside 09:00-21:00.
    plan = _schedule(services, capsys)
    randoms = [i for i in plan["items"] if i["kind"] == "random"]
    assert len(randoms) == 2 and all("09:00-21:00" in i["reason"] for i in randoms)
    assert all("09:00" <= i["time"][11:16] < "21:00" for i in randoms)
    assert [i["kind"] for i in plan["items"]].count("dose") == 1
    # Closing the window now ends the app; the log-in entry was written.
    assert not window.reminder_host.keeps_running()
    entry = autostart_path()
    assert entry is not None and entry.exists() and "--in-tray" in entry.read_text()

    dialog, page = _reminder_page(qtbot, window)
    assert page.snooze.text() == "5, 15" and page.numbers["realert_count"].value() == 2
    page.switches["checkin_prompts"].setChecked(False)
    page.switches["start_at_login"].setChecked(False)
    _save(dialog)
    assert [i["kind"] for i in _schedule(services, capsys)["items"]] == ["dose"]
    assert not entry.exists()


def test_a_refused_reminder_setting_is_named_on_its_page_and_nothing_is_saved(
        qtbot, window, services, notifications):
    before = services.settings.stored_text()
    dialog, page = _reminder_page(qtbot, window)
    page.switches["reminders"].setChecked(True)
    page.snooze.clear()
    qtbot.keyClicks(page.snooze, "0, 500")
    dialog.tabs.setCurrentIndex(0)
    _save(dialog)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text().startswith(
        "Snooze choices (minutes): “0, 500” is not accepted — 1 to 4 different whole "
        "numbers of minutes from 1 to 240")
    assert dialog.tabs.currentWidget() is page  # turned to the page of the refused field
    assert services.settings.stored_text() == before
    page.snooze.setText("10, 30")
    page.switches["checkin_prompts"].setChecked(True)
    _set_time(page.waking_start, 9)
    _set_time(page.waking_end, 10)
    _save(dialog)
    assert dialog.error.text().startswith("Waking day: “09:00-10:00” is not accepted — "
                                          "HH:MM-HH:MM within one day, at least 2 hours")
    assert services.settings.stored_text() == before
    assert notifications.shown == []  # reminders stayed off
    click(dialog.buttons.button(dialog.buttons.StandardButton.Cancel))
