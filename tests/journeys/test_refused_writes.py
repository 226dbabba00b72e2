"""A write the store refuses is said in the form, keeps what was typed, and is not undoable."""

from __future__ import annotations

from journeys_helpers import LockHolder, click


def test_a_locked_store_refuses_the_log_visibly_and_keeps_the_form(qtbot, app_window,
                                                                   demo_services):
    form = app_window.dose_form
    count = demo_services.doses.count()
    steps = app_window.undo_stack.count()
    qtbot.keyClicks(form.medication.lineEdit(), "Concerta")
    form.mg.setText("36")
    form.note.setText("with breakfast")
    with LockHolder(demo_services.paths.database):
        click(form.submit)  # waits at most the window's short busy timeout (storage)
        assert form.error.isVisible()
        assert "another program" in form.error.text()
        assert demo_services.doses.count() == count
        assert app_window.undo_stack.count() == steps
        assert (form.mg.text(), form.note.text()) == ("36", "with breakfast")
    click(form.submit)  # once the other program is done, the same press logs it
    assert demo_services.doses.count() == count + 1
    assert not form.error.isVisible()
    assert app_window.undo_stack.undoText() == "log Concerta 36 mg"


def test_a_refused_delete_is_said_and_nothing_changes(qtbot, app_window, demo_services,
                                                      monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: told.append(a[2]))
    (dose, *_rest) = demo_services.doses.list()
    app_window.show_day(dose.taken.local.date())
    app_window.history.select_entry(dose.id)
    with LockHolder(demo_services.paths.database):
        click(app_window.history.delete_button)
    assert demo_services.doses.get(dose.id) is not None
    assert app_window.undo_stack.count() == 0
    assert told and "another program" in told[0]
