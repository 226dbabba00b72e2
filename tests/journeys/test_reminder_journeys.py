"""Reminders and prompts in the real window, over a real store, with an injected clock.

The desktop's notification service is replaced by a recorder that answers the way a
person pressing a notification's button does (the D-Bus side is run for real under
dunst by scripts/reminder_screenshot.sh); the in-app fallback is used as it is.
"""

from __future__ import annotations

import pytest
from journeys_helpers import click, press
from PySide6.QtCore import Qt
from reminder_fakes import DAY, at

from rebound_tracker.ui.reminder_host import ReminderHost


@pytest.fixture
def services(tmp_path, clock):
    from rebound_tracker.app import open_services

    opened = open_services(str(tmp_path / "data"), clock=clock)
    opened.settings.update({"regimen": "concerta:36@07:30", "reminders": "on",
                            "checkin_prompts": "on", "quiet_hours": "22:30-07:00"})
    yield opened
    opened.close()


def dose_notices(recorder):
    return [n for n in recorder.shown if n.kind == "dose"]


def test_a_due_dose_reminder_taken_logs_the_dose_and_ctrl_z_takes_it_back(
        window, services, notifications, qtbot):
    [notice] = dose_notices(notifications)
    assert notice.title == "Time for your dose"
    assert "Concerta" in notice.body and "36 mg" in notice.body and "07:30" in notice.body
    assert [label for _a, label in notice.actions] == [
        "Taken", "Snooze 10 min", "Snooze 30 min", "Snooze 60 min", "Skip"]

    notifications.press(notice, "Taken")

    [dose] = services.doses.list()
    assert (dose.medication_id, dose.mg) == ("concerta", 36)
    assert dose.taken.local == at(7, 30)
    assert services.reminders.get(notice.key).state == "taken"
    assert services.reminders.get(notice.key).entry_id == dose.id
    assert notice.key in notifications.closed
    assert "Logged Concerta 36 mg at 07:30" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: any(r.entry.id == dose.id for r in window.history.model.rows))

    press(qtbot, window.history.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert services.doses.list() == []
    qtbot.waitUntil(lambda: services.reminders.get(notice.key).state == "pending")


def test_snooze_shows_the_reminder_again_after_the_chosen_time(
        window, services, notifications, clock):
    [notice] = dose_notices(notifications)
    notifications.press(notice, "Snooze 30 min")
    assert services.reminders.get(notice.key).state == "snoozed"

    clock.advance(29)
    window.reminder_host.runner.check()
    assert len(dose_notices(notifications)) == 1
    clock.advance(1)
    window.reminder_host.runner.check()

    again = dose_notices(notifications)
    assert len(again) == 2 and again[1].key == notice.key
    assert services.doses.list() == []


def test_skip_settles_the_reminder_and_logs_nothing(window, services, notifications, clock):
    [notice] = dose_notices(notifications)
    notifications.press(notice, "Skip")
    clock.advance(60)
    window.reminder_host.runner.check()
    assert services.reminders.get(notice.key).state == "skipped"
    assert len(dose_notices(notifications)) == 1
    assert services.doses.list() == []


def wear_off_time(services):
    [item] = [i for i in services.schedule.plan(DAY).items if i.kind == "wear-off"]
    return item.at


def wear_off_prompt(window, services, notifications, clock):
    """The person takes the dose reminded of; at its predicted wear-off the prompt comes."""
    notifications.press(dose_notices(notifications)[0], "Taken")
    clock.now = wear_off_time(services)
    window.reminder_host.runner.check()
    [prompt] = [n for n in notifications.shown if n.kind == "wear-off"]
    return prompt


def test_a_wear_off_prompt_opens_the_popup_and_the_check_in_keeps_its_kind(
        window, services, notifications, clock, qtbot):
    prompt = wear_off_prompt(window, services, notifications, clock)
    assert [label for _a, label in prompt.actions] == ["Check in", "Dismiss"]

    notifications.press(prompt, "Check in")

    popup = window.reminder_host.popups[prompt.key]
    qtbot.waitUntil(popup.isActiveWindow)
    mood = popup.scales["mood"]
    assert popup.focusWidget() is mood  # the first scale has the keyboard
    qtbot.keyClicks(mood, "6")
    qtbot.keyClick(mood, Qt.Key.Key_Tab)
    focused = popup.focusWidget()
    assert focused is popup.scales["focus"]
    qtbot.keyClicks(focused, "4")
    qtbot.keyClick(focused, Qt.Key.Key_Return)

    [checkin] = services.checkins.list()
    assert (checkin.mood, checkin.focus, checkin.prompt) == (6, 4, "wear-off")
    assert checkin.at.local == clock.now
    assert services.reminders.get(prompt.key).state == "answered"
    assert not popup.isVisible()


def test_escape_dismisses_the_prompt_and_stores_nothing(
        window, services, notifications, clock, qtbot):
    prompt = wear_off_prompt(window, services, notifications, clock)
    popup = window.reminder_host.open_checkin(prompt.key)
    qtbot.waitUntil(popup.isVisible)

    qtbot.keyClick(popup.scales["mood"], Qt.Key.Key_Escape)

    assert services.checkins.list() == []
    assert services.reminders.get(prompt.key).state == "dismissed"


def test_a_bad_check_in_names_the_field_and_stores_nothing(
        window, services, notifications, clock, qtbot):
    prompt = wear_off_prompt(window, services, notifications, clock)
    popup = window.reminder_host.open_checkin(prompt.key)
    qtbot.keyClicks(popup.scales["mood"], "7")
    click(popup.log_button)  # focus left empty
    assert popup.isVisible()
    assert "Focus" in popup.error.text()
    assert services.checkins.list() == []
    assert services.reminders.get(prompt.key).state == "pending"


@pytest.fixture
def no_service(monkeypatch):
    monkeypatch.setattr(ReminderHost, "notifications_factory",
                        staticmethod(lambda parent: None))


def test_without_a_notification_service_the_in_app_notice_answers(
        host_window, services, no_service, qtbot, monkeypatch):
    start = ReminderHost.start  # started once the window is up, as the fixture expects
    monkeypatch.setattr(ReminderHost, "start", lambda self: None)
    window = host_window(services)
    host = window.reminder_host
    start(host)
    qtbot.waitUntil(lambda: bool(host.dialogs))
    [dialog] = host.dialogs.values()
    assert dialog.isVisible() and "Concerta 36 mg" in dialog.notice.body

    click(dialog.buttons["taken"])

    [dose] = services.doses.list()
    assert dose.medication_id == "concerta"
    assert not host.dialogs and not dialog.isVisible()


@pytest.fixture
def a_tray(monkeypatch):
    """A desktop with a system tray (the offscreen platform has none)."""
    from rebound_tracker.ui.tray import Tray

    monkeypatch.setattr(Tray, "available", staticmethod(lambda: True))
    monkeypatch.setattr(Tray, "visible", property(lambda self: True))


def test_closing_the_window_keeps_the_app_in_the_tray_until_quit(
        a_tray, window, services, notifications, qtbot):
    top = window.window()
    host = window.reminder_host
    menu = [a.text() for a in host.tray.menu.actions()]
    assert menu == ["Open Rebound Tracker", "Log a check-in…", "Quit"]

    top.close()
    assert not top.isVisible() and host.runner.timer.isActive()  # still reminding

    host.tray.actions["Log a check-in…"].trigger()
    assert top.isVisible()
    mood = window.checkin_form.scales["mood"]  # has the keyboard once the window is active
    assert top.focusWidget() in (mood, mood.lineEdit())

    services.settings.update({"keep_in_tray": "off"})
    assert not host.keeps_running()
    services.settings.update({"keep_in_tray": "on"})
    host.tray.actions["Quit"].trigger()
    assert not top.isVisible() and not host.runner.timer.isActive()
