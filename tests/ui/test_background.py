"""run_in_background delivers results and errors on the main thread, never to a dead owner."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QWidget

from rebound_tracker.ui.background import run_in_background, wait_for_background


def test_result_arrives_on_the_main_thread(qtbot):
    seen = []
    worker = []
    run_in_background(lambda: worker.append(threading.get_ident()) or 42,
                      lambda r: seen.append((r, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(42, threading.get_ident())]
    assert worker and worker[0] != threading.get_ident()


def test_error_is_handed_to_on_error(qtbot):
    errors = []

    def boom():
        raise ValueError("bad period")

    run_in_background(boom, lambda r: errors.append("done?"), errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "bad period"


def test_nothing_is_delivered_to_a_deleted_owner(qtbot):
    owner = QWidget()
    gate = threading.Event()
    delivered = []
    run_in_background(lambda: gate.wait(5) and 1, delivered.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(owner))
    gate.set()
    assert wait_for_background()
    QApplication.processEvents()  # run the queued delivery (it must do nothing)
    assert delivered == []
