"""Settings, the first-run welcome and About, walked through the assembled window."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pytest
from journeys_helpers import click, trigger
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rebound_tracker import __version__
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.ui import error_reporting
from rebound_tracker.ui.main_window import MainWindow
from rebound_tracker.ui.startup_window import StartupWindow


def _settings_dialog(qtbot, window):
    trigger(window, "Settings")
    dialog = window.person.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _add_regimen_dose(dialog_regimen, medication: str, mg: str, hour: int, minute: int = 0):
    row = dialog_regimen.add_row()
    row.medication.setCurrentIndex(row.medication.findData(medication))
    row.mg.clear()
    row.mg.insert(mg)
    row.at.setTime(row.at.time().fromString(f"{hour:02d}:{minute:02d}", "HH:mm"))
    return row


def _peak(window) -> float:
    data = window.timeline.data
    return float(max(c.concentration.max() for c in data.curves))


def test_settings_change_the_model_buttons_and_database(qtbot, app_window, demo_services):
    app_window.show_day(date.today() - timedelta(days=1))
    qtbot.waitUntil(lambda: app_window.timeline.data is not None
                    and bool(app_window.timeline.data.curves))
    before = _peak(app_window)
    dialog = _settings_dialog(qtbot, app_window)
    qtbot.keyClicks(dialog.person.weight, "50")
    dialog.person.cyp2d6.setCurrentIndex(dialog.person.cyp2d6.findData("poor"))
    row = _add_regimen_dose(dialog.regimen, "methylphenidate-ir", "5", 12, 30)
    row.fed.setChecked(True)
    old = app_window.timeline.data
    click(dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert not dialog.isVisible()
    stored = demo_services.settings.stored_text()
    assert stored["weight_kg"] == "50" and stored["cyp2d6"] == "poor"
    assert stored["regimen"] == "methylphenidate-ir:5@12:30 fed"
    # The model follows: a lighter person, a higher predicted concentration.
    qtbot.waitUntil(lambda: app_window.timeline.data is not old)
    assert _peak(app_window) > before * 1.2
    # The usual dose comes first on the one-click buttons and logs with food, now.
    first = app_window.dose_form.quick_buttons[0]
    assert first.text() == "Ritalin 5 mg now"
    count = demo_services.doses.count()
    click(first)
    assert demo_services.doses.count() == count + 1
    newest = demo_services.doses.list()[-1]
    assert (newest.medication_id, newest.mg, newest.fed) == ("methylphenidate-ir", 5.0, True)


def test_a_refused_value_is_named_and_nothing_is_saved(qtbot, app_window, demo_services):
    before = demo_services.settings.stored_text()
    dialog = _settings_dialog(qtbot, app_window)
    qtbot.keyClicks(dialog.person.weight, "700")
    _add_regimen_dose(dialog.regimen, "concerta", "36", 7, 30)
    click(dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text().startswith("Body weight (kg): “700” is not accepted")
    assert "from 10 to 250" in dialog.error.text()
    assert demo_services.settings.stored_text() == before  # the regimen was not saved either
    second = _add_regimen_dose(dialog.regimen, "concerta", "", 8, 0)
    second.mg.clear()
    dialog.person.weight.clear()
    click(dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert dialog.error.text().startswith("Usual regimen, dose 2, mg: (empty) is not accepted")
    assert demo_services.settings.stored_text() == before
    click(dialog.buttons.button(dialog.buttons.StandardButton.Cancel))
    assert not dialog.isVisible()


def test_ctrl_comma_opens_settings_and_the_chosen_scales_are_drawn(qtbot, app_window,
                                                                    demo_services):
    qtbot.keyClick(app_window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = app_window.person.settings_dialog
    assert dialog is not None and dialog.isVisible()
    for scale, box in dialog.scale_boxes.items():
        box.setChecked(scale in ("focus", "fatigue"))
    click(dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert demo_services.settings.stored_text()["shown_scales"] == "focus,fatigue"
    shown = {s for s, box in app_window.timeline.scale_boxes.items() if box.isChecked()}
    assert shown == {"focus", "fatigue"}
    assert set(app_window.timeline.chart.checkins.shown) == {"focus", "fatigue"}
    # The check-in form asks for the chosen optional scales (mood and focus always).
    form = app_window.checkin_form
    asked = {s for s, box in form.scales.items() if box.isVisibleTo(form)}
    assert asked == {"mood", "focus", "fatigue"}


def test_the_what_if_starts_from_the_usual_regimen(qtbot, app_window, demo_services):
    demo_services.settings.update({"regimen": "ritalin:10@08:00, ritalin:10@12:00"})
    day = next(date.today() - timedelta(days=n) for n in range(1, 10)
               if demo_services.doses.list(*_day(date.today() - timedelta(days=n))))
    app_window.show_day(day)
    app_window.timeline.what_if.enabled.setChecked(True)
    bar = app_window.timeline.what_if
    assert bar.medication.currentData() == "methylphenidate-ir"
    assert bar.mg.value() == 10.0 and bar.times.text() == "08:00, 12:00"
    assert "Ritalin 10 mg × 2" in app_window.timeline.chart.what_if_label


def _day(day: date):
    return (attach_local(datetime.combine(day, time())),
            attach_local(datetime.combine(day + timedelta(days=1), time())))


def test_about_lists_version_assumptions_and_sources_in_words(qtbot, app_window):
    trigger(app_window, "About and assumptions")
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.windowTitle().startswith("About Rebound Tracker") and w.isVisible())
    text = dialog.text.toPlainText()
    assert f"Rebound Tracker {__version__}" in text and "not medical advice" in text
    assert "Wearing off" in text and "rebound risk" in text and "(weight/70)^0.75" in text
    assert "Drug label (strong" in text and "Our fit (derived" in text
    assert "d-amphetamine" in text and "half-life (h) when cyp2d6 is poor" in text
    for marker in ("label_facts.csv", "NOT FOUND", "to verify", "FIT:", "LABEL:"):
        assert marker not in text
    assert "For the period shown" in text  # the demo day has doses: its own assumptions
    dialog.close()


@pytest.fixture
def first_run(qtbot, tmp_path, monkeypatch):
    """A new, empty store opened as ``gui.launch`` opens it (welcome check included)."""
    from rebound_tracker.gui import open_services_offering_restore

    shown: list[str] = []
    monkeypatch.setattr(error_reporting.ErrorDialog, "exec",
                        lambda self: shown.append(self.details) or 0)
    opened = open_services_offering_restore(str(tmp_path / "new"), [])
    windows = []

    def launch() -> MainWindow:
        startup = StartupWindow()
        qtbot.addWidget(startup)
        startup.show()
        window = MainWindow(opened)
        startup.host(window)
        window.person.welcome_if_first_run()
        windows.append(startup)
        qtbot.wait(1)
        return window

    yield opened, launch
    for startup in windows:
        startup.close()
    opened.close()
    assert not shown, "\n".join(shown)


def test_first_run_welcome_explains_the_example_and_can_be_skipped(qtbot, first_run):
    services, launch = first_run
    window = launch()
    welcome = window.person.welcome
    assert welcome is not None and welcome.isVisible()
    text = welcome.findChild(type(welcome.example_title), None)  # the intro label exists
    assert text is not None
    assert welcome.example.mark_texts() == ["① predicted effect", "② wearing off",
                                            "③ rebound risk"]
    assert "Concerta 36 mg" in welcome.example_title.text()
    chart = welcome.example.chart
    assert chart.wear_off.windows() and chart.rebound.windows()
    # In order: wearing off ends where the rebound risk starts.
    assert chart.wear_off.windows()[0][1] == chart.rebound.windows()[0][0]
    click(welcome.skip)
    assert not welcome.isVisible()
    assert services.settings.stored_names() == set()  # skipping writes nothing
    second = launch()
    assert second.person.welcome is None  # once skipped, not again for this store
    trigger(second, "Welcome and example day")
    assert second.person.welcome is not None and second.person.welcome.isVisible()


def test_first_run_welcome_saves_weight_and_regimen(qtbot, first_run):
    services, launch = first_run
    window = launch()
    welcome = window.person.welcome
    qtbot.keyClicks(welcome.weight, "61")
    _add_regimen_dose(welcome.regimen, "vyvanse", "30", 7, 0)
    assert "Your usual day" in welcome.example_title.text()
    assert "Vyvanse 30 mg" in welcome.example_title.text()
    curve = welcome.example.chart.data.curves[0]
    assert curve.analyte == "d-amphetamine" and np.max(curve.effect) > 0.1
    click(welcome.save)
    assert not welcome.isVisible()
    stored = services.settings.stored_text()
    assert stored["weight_kg"] == "61" and stored["regimen"] == "vyvanse:30@07:00"
    assert [b.text() for b in window.dose_form.quick_buttons] == ["Vyvanse 30 mg now"]
    assert launch().person.welcome is None  # no longer a new store
