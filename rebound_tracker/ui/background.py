"""Run slow work on worker threads and deliver the answer back on the main (GUI) thread.

Workers must not touch widgets and must not share sessions or ORM objects: services open
their own sessions, so calling a service function in ``fn`` is fine.

No Qt object is ever released by a worker. The work (``fn``, often a lambda over a widget's
``self``) and its callbacks stay in a table on the main thread until the answer is
delivered; a worker borrows ``fn`` by key, drops it before it reports, and reports through
one long-lived dispatcher that lives on the main thread. Cyclic garbage is collected on the
main thread only (``main_thread_gc``). Destroying a Qt object outside its own thread is
undefined behaviour in Qt, and two full test runs hung with no CPU while a worker allocated.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from rebound_tracker.ui.main_thread_gc import collect_on_main_thread


@dataclass
class _Job:
    fn: Callable[[], Any]
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None


_jobs: dict[int, _Job] = {}
_jobs_lock = threading.Lock()
_keys = itertools.count()
_running: set[futures.Future] = set()
_executor = futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2),
                                       thread_name_prefix="rebound-background")
"""Plain Python threads, not Qt's pool: a Python QRunnable is created on the main thread and
deleted by Qt's pool in a worker. The answer reaches the main thread as a queued signal."""


class _Dispatcher(QObject):
    """One per application, on the main thread; workers' signals are queued to it."""

    finished = Signal(int, object, object)  # key, result, error

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.finished.connect(self._deliver)

    @Slot(int, object, object)
    def _deliver(self, key: int, result: object, error: object) -> None:
        with _jobs_lock:
            job = _jobs.pop(key)
        if job.owner is not None and not shiboken6.isValid(job.owner):
            return  # the widget that asked is gone
        if error is None:
            job.on_done(result)
        elif job.on_error is not None:
            job.on_error(error)  # type: ignore[arg-type]
        else:  # nobody asked to handle it: the window's error handler shows and logs it
            assert isinstance(error, BaseException)
            sys.excepthook(type(error), error, error.__traceback__)


_dispatcher: _Dispatcher | None = None


def _the_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        app = QCoreApplication.instance()
        assert app is not None, "a QApplication exists before background work"
        _dispatcher = _Dispatcher(app)
    return _dispatcher


def _run(key: int, dispatcher: _Dispatcher) -> None:
    with _jobs_lock:
        fn = _jobs[key].fn  # borrowed: the table keeps its own reference until delivery
    try:
        result = fn()
    except Exception as error:  # handed to on_error on the main thread
        del fn
        dispatcher.finished.emit(key, None, error)
    else:
        del fn
        dispatcher.finished.emit(key, result, None)


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None] | None = None, *,
                      owner: QObject | None = None) -> None:
    """Call ``fn()`` on a worker thread; then ``on_done(result)`` or
    ``on_error(exception)`` on the main thread — unless ``owner`` has been deleted."""
    collect_on_main_thread()
    dispatcher = _the_dispatcher()
    key = next(_keys)
    with _jobs_lock:
        _jobs[key] = _Job(fn, on_done, on_error, owner)
    future = _executor.submit(_run, key, dispatcher)
    with _jobs_lock:
        _running.add(future)
    future.add_done_callback(_forget)


def _forget(future: futures.Future) -> None:
    with _jobs_lock:
        _running.discard(future)


def wait_for_background(msecs: int = 5000) -> bool:
    """Block until every queued task has run (shutdown and tests)."""
    with _jobs_lock:
        running = list(_running)
    _done, not_done = futures.wait(running, timeout=msecs / 1000)
    return not not_done
