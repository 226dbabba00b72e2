"""Journeys through the Planner on the real main window over a real store: plan a guanfacine
taper by a rule, a Concerta titration, a too-fast taper step by step (flagged, still saved),
a refused step (named in the form, nothing written), and export the plan as PDF and .ics."""

from __future__ import annotations

from datetime import datetime, timedelta

import vobject
from journeys_helpers import click, on_modal, trigger
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton

from rebound_tracker.ui.plan_editor import PlanEditor


def open_planner(window, qtbot):
    trigger(window, "Dose-change planner")
    planner = window.planner_window
    assert planner is not None and planner.isVisible()
    return planner


def new_editor(planner, qtbot) -> PlanEditor:
    click(planner.new_button)
    editors = [e for e in planner.findChildren(PlanEditor) if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def type_number(qtbot, box, value: str) -> None:
    box.selectAll()
    qtbot.keyClicks(box, value)


def choose(box, data: str) -> None:
    index = box.findData(data)
    assert index >= 0, f"{data} is not offered"
    box.setCurrentIndex(index)


def type_step(qtbot, editor: PlanEditor, doses: str, days: str) -> None:
    click(next(b for b in editor.findChildren(QPushButton) if b.text() == "Add step"))
    row = editor.steps.rowCount() - 1
    for column, text in ((0, doses), (1, days)):
        editor.steps.setCurrentCell(row, column)
        editor.steps.editItem(editor.steps.item(row, column))
        field = editor.steps.viewport().focusWidget() or editor.steps.focusWidget()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)


def fill_by_rule(qtbot, planner, medication: str, rule: str, start: str, target: str,
                 by: str) -> PlanEditor:
    """Open "New plan…", choose the product and rule, type the numbers, fill the steps."""
    editor = new_editor(planner, qtbot)
    choose(editor.medication, medication)
    choose(editor.rule, rule)
    for box, text in ((editor.from_mg, start), (editor.to_mg, target), (editor.by, by)):
        type_number(qtbot, box, text)
    click(editor.fill)
    return editor


def save(qtbot, editor: PlanEditor) -> None:
    with qtbot.waitSignal(editor.saved):
        click(editor.buttons.button(editor.buttons.StandardButton.Save))


def wait_shown(qtbot, planner, plan_id: str):
    qtbot.waitUntil(lambda: planner.summary is not None and planner.summary.plan.id == plan_id,
                    timeout=5000)
    return planner.summary


def log_intuniv(services) -> None:
    services.doses.add("intuniv", 4, datetime.now().astimezone() - timedelta(hours=1))


def test_plan_a_guanfacine_taper_by_a_rule(app_window, demo_services, qtbot):
    log_intuniv(demo_services)
    planner = open_planner(app_window, qtbot)
    editor = fill_by_rule(qtbot, planner, "intuniv", "decrement", "4", "0", "1")
    assert editor.step_texts() == ["4@08:00/7", "3@08:00/7", "2@08:00/7", "1@08:00/7", "0"]
    assert "No step breaks a label rule" in editor.preview.toPlainText()
    save(qtbot, editor)
    (stored,) = demo_services.plans.all()
    assert [s.total_mg for s in stored.steps] == [4, 3, 2, 1, 0]
    summary = wait_shown(qtbot, planner, stored.id)
    assert planner.view.exposure_model.rowCount() == 5
    assert planner.view.exposure_model.cell(4, 1) == "0"
    assert "No step breaks a label rule" in planner.view.flags.toPlainText()
    assert summary.projection.steps[1].daily_auc < summary.projection.steps[0].daily_auc
    assert planner.view.plan_plot.listDataItems()  # the whole-plan chart is drawn


def save_through_the_file_dialog(button, target) -> None:
    """Click ``button`` and type ``target`` into Qt's own file dialog, as a person would."""

    def choose(file_dialog) -> None:
        assert isinstance(file_dialog, QFileDialog)
        file_dialog.findChild(QLineEdit, "fileNameEdit").setText(str(target))
        file_dialog.accept()

    driver = on_modal(choose)
    click(button)
    assert driver.dialog is not None


def test_plan_a_concerta_titration_and_export_it(app_window, demo_services, qtbot, tmp_path):
    planner = open_planner(app_window, qtbot)
    editor = fill_by_rule(qtbot, planner, "concerta", "titrate", "18", "54", "18")
    save(qtbot, editor)
    (stored,) = demo_services.plans.all()
    wait_shown(qtbot, planner, stored.id)
    assert [planner.view.steps_model.cell(r, 3) for r in range(3)] == ["18", "36", "54"]
    assert "wear-off" in planner.view.exposure_model.cell(2, 7)
    for suffix in ("ics", "pdf"):
        target = tmp_path / f"titration.{suffix}"
        save_through_the_file_dialog(planner.ics_button if suffix == "ics"
                                     else planner.pdf_button, target)
        assert target.exists(), planner.status.text()
        assert f"Saved {target}" in planner.status.text()
    calendar = vobject.readOne((tmp_path / "titration.ics").read_text())
    assert sorted(e.summary.value for e in calendar.vevent_list) == [
        "Step 1 of 3: Concerta 18 mg/day", "Step 2 of 3: Concerta 36 mg/day",
        "Step 3 of 3: Concerta 54 mg/day"]
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "titration.pdf").pages)
    assert "Concerta titration" in " ".join(text.split())


def test_a_too_fast_taper_is_flagged_and_a_bad_step_refused(app_window, demo_services, qtbot):
    log_intuniv(demo_services)
    planner = open_planner(app_window, qtbot)
    editor = new_editor(planner, qtbot)
    choose(editor.medication, "intuniv")
    type_step(qtbot, editor, "2.5@08:00", "7")
    click(editor.buttons.button(editor.buttons.StandardButton.Save))
    assert "steps[1].doses[1].mg" in editor.error.text()
    assert demo_services.plans.all() == [] and editor.isVisible()
    editor.steps.setRowCount(0)
    type_step(qtbot, editor, "4@08:00", "7")
    type_step(qtbot, editor, "2@08:00", "2")
    type_step(qtbot, editor, "0", "")
    click(editor.check_button)
    preview = editor.preview.toPlainText()
    assert "Step 2: lowers guanfacine ER (Intuniv) by 2 mg/day after 7 days" in preview
    assert "Discuss with your prescriber" in preview and "Step 3:" in preview
    save(qtbot, editor)
    (stored,) = demo_services.plans.all()
    wait_shown(qtbot, planner, stored.id)
    flags = planner.view.flags.toPlainText()
    assert "2 step(s) break a label rule" in flags and "Intuniv PI" in flags


def test_delete_a_plan_from_the_planner(app_window, demo_services, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    planner = open_planner(app_window, qtbot)
    editor = new_editor(planner, qtbot)
    choose(editor.medication, "concerta")
    type_step(qtbot, editor, "36@08:00", "")
    save(qtbot, editor)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(planner.delete_button)
    assert demo_services.plans.all() == []
    assert planner.list.count() == 0 and "Deleted" in planner.status.text()





def test_a_logged_plan_in_the_planner_and_the_appointment_summary(app_window, demo_services,
                                                                  qtbot, tmp_path):
    """A plan that began two weeks ago, with doses and check-ins logged under it."""
    from datetime import date, time

    from rebound_tracker.domain.plans import PlanDose, PlanStep
    from rebound_tracker.domain.timeparse import attach_local
    from rebound_tracker.services.plans import PlanService
    from rebound_tracker.storage.database import make_session_factory

    services = demo_services
    start = date.today() - timedelta(days=14)

    def at(day, hour):
        return attach_local(datetime.combine(day, time(hour)))

    services.doses.add("intuniv", 2, at(start - timedelta(days=1), 8))
    past = PlanService(make_session_factory(services.engine), services.medications,
                       services.simulation, clock=lambda: at(start, 7))
    plan, _ = past.create(past.draft("intuniv", start, [
        PlanStep((PlanDose(2, time(8)),), 7), PlanStep((PlanDose(1, time(8)),), None)],
        name="Guanfacine 2 to 1"))
    for d in range(14):
        services.doses.add("intuniv", 2 if d < 7 else 1, at(start + timedelta(days=d), 8))
    planner = open_planner(app_window, qtbot)
    wait_shown(qtbot, planner, plan.id)
    outcomes = planner.view.outcomes.toPlainText()
    assert "step 2" in outcomes and "planned 1 mg/day, logged 1 mg/day on 7 of" in outcomes
    assert "focus:" in outcomes and "check-ins on" in outcomes  # the demo's check-ins
    trigger(app_window, "Appointment summary")
    qtbot.waitUntil(lambda: app_window.report_dialog is not None)
    dialog = app_window.report_dialog
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10000)
    target = tmp_path / "summary.pdf"
    save_through_the_file_dialog(dialog.save_button, target)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
    for ligature, letters in (("ﬁ", "fi"), ("ﬀ", "ff"), ("ﬂ", "fl")):
        text = text.replace(ligature, letters)
    assert "What each step did: Guanfacine 2 to 1" in text
    assert "Check-ins vs the step before" in text and "focus:" in text


def test_the_planner_words_an_open_last_step_shows_assumptions_and_offers_only_real_holds(
        app_window, demo_services, qtbot):
    """Found using the real window under Xvfb: the editor's check called the open last step
    'hold' (every other view: 'from then on'), 'End the hold…' was offered for plans with no
    held step, and the projected exposure showed no assumptions (the PDF did)."""
    log_intuniv(demo_services)
    planner = open_planner(app_window, qtbot)
    editor = fill_by_rule(qtbot, planner, "intuniv", "decrement", "4", "0", "1")
    preview = editor.preview.toPlainText()
    assert "from then on" in preview and "hold" not in preview
    save(qtbot, editor)
    (taper,) = demo_services.plans.all()
    wait_shown(qtbot, planner, taper.id)
    assert not planner.hold_button.isEnabled()
    assumptions = planner.view.assumptions.toPlainText()
    assert "Held and open-ended steps are shown for 14 days" in assumptions
    assert "guanfacine: half-life" in assumptions and "not medical advice" in assumptions
    planner.view.tabs.setCurrentIndex(1)
    day_plot = planner.view.day_plot
    assert_legend_clear_of_the_curves(day_plot, qtbot)
    before = day_plot.vb.height()
    planner.resize(1180, 600)  # a laptop screen leaves the day chart ~160 px tall
    qtbot.waitUntil(lambda: day_plot.vb.height() < before - 20)
    assert_legend_clear_of_the_curves(day_plot, qtbot)
    editor = new_editor(planner, qtbot)
    choose(editor.medication, "concerta")
    for doses, days in (("18@08:00", "7"), ("36@08:00", "hold"), ("54@08:00", "")):
        type_step(qtbot, editor, doses, days)
    click(editor.check_button)
    assert "until you end it" in editor.preview.toPlainText()
    save(qtbot, editor)
    held = next(p for p in demo_services.plans.all() if p.medication_id == "concerta")
    wait_shown(qtbot, planner, held.id)
    assert planner.hold_button.isEnabled()
    assert planner.view.steps_model.cell(1, 4) == "until you end it"
    assert planner.view.steps_model.cell(2, 1) == "after the hold"


def assert_legend_clear_of_the_curves(plot, qtbot) -> None:
    """No curve of the one-day-per-step chart runs under its legend (five steps: two rows
    of legend, which covered the first step's peak)."""
    import numpy as np

    legend = plot.legend
    qtbot.waitUntil(lambda: legend.sceneBoundingRect().height() > 0)
    box = plot.vb.mapSceneToView(legend.sceneBoundingRect()).boundingRect()
    left, right, bottom = box.left(), box.right(), min(box.top(), box.bottom())
    for item in plot.listDataItems():
        x, y = item.getData()
        under = (x >= left) & (x <= right)
        assert not np.any(y[under] >= bottom), item.name()
