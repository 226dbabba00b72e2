"""run_in_background delivers results and errors on the main thread, never to a dead owner."""

from __future__ import annotations

import gc
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


class _Witness:
    """Notes the thread that releases it."""

    def __init__(self, seen: list[int]) -> None:
        self.seen = seen

    def __call__(self) -> int:
        return 1

    def __del__(self) -> None:
        self.seen.append(threading.get_ident())


def test_the_work_is_released_on_the_main_thread_not_the_worker(qtbot):
    released: list[int] = []
    delivered = []
    run_in_background(_Witness(released), delivered.append)  # the only reference is ours
    assert wait_for_background()
    qtbot.waitUntil(lambda: bool(delivered))
    assert delivered == [1]
    assert released == [threading.get_ident()]


def test_cyclic_garbage_is_collected_on_the_main_thread_only(qtbot):
    released: list[int] = []
    run_in_background(lambda: None, lambda _r: None)  # (starts the main-thread collector)
    assert wait_for_background()
    gc.collect()
    witness = _Witness(released)
    witness.me = witness  # a cycle: only the cyclic collector frees it
    del witness
    kept: list[list[int]] = []
    # A worker that allocates far past generation 0's threshold while the main thread waits:
    run_in_background(lambda: kept.extend([i] for i in range(20_000)), lambda _r: None)
    assert wait_for_background()
    assert released == []  # not collected in the worker
    assert not gc.isenabled()
    qtbot.waitUntil(lambda: bool(released), timeout=5000)  # the main thread's timer did
    assert released == [threading.get_ident()]
