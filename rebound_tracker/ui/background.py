"""Run slow work on a thread pool and deliver the answer back on the main (GUI) thread.

Workers must not touch widgets and must not share sessions or ORM objects: services open
their own sessions, so calling a service function in ``fn`` is fine.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from concurrent import futures
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

_pending: set[_Delivery] = set()
_running: set[futures.Future] = set()
_running_lock = threading.Lock()
_executor = futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2),
                                       thread_name_prefix="rebound-background")
"""Plain Python threads, not Qt's pool: a Python QRunnable makes Qt's pool lock and the GIL
meet in both orders (a worker deleting its Python runnable under the pool's lock while the
main thread, holding the GIL, waits for that lock); test runs under load hung with no CPU.
The answer still reaches the main thread as a queued Qt signal."""


class _Delivery(QObject):
    """Lives in the main thread; signals emitted by the worker are queued to it."""

    finished = Signal(object, object)  # result, error

    def __init__(self, on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None] | None,
                 owner: QObject | None) -> None:
        super().__init__()
        self._on_done, self._on_error, self._owner = on_done, on_error, owner
        self.finished.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, result: object, error: object) -> None:
        _pending.discard(self)
        if self._owner is not None and not shiboken6.isValid(self._owner):
            return  # the widget that asked is gone
        if error is None:
            self._on_done(result)
        elif self._on_error is not None:
            self._on_error(error)  # type: ignore[arg-type]
        else:  # nobody asked to handle it: the window's error handler shows and logs it
            assert isinstance(error, BaseException)
            sys.excepthook(type(error), error, error.__traceback__)


def _run(fn: Callable[[], Any], delivery: _Delivery) -> None:
    try:
        result = fn()
    except Exception as error:  # handed to on_error on the main thread
        delivery.finished.emit(None, error)
    else:
        delivery.finished.emit(result, None)


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None] | None = None, *,
                      owner: QObject | None = None) -> None:
    """Call ``fn()`` on a worker thread; then ``on_done(result)`` or
    ``on_error(exception)`` on the main thread — unless ``owner`` has been deleted."""
    delivery = _Delivery(on_done, on_error, owner)
    _pending.add(delivery)
    future = _executor.submit(_run, fn, delivery)
    with _running_lock:
        _running.add(future)
    future.add_done_callback(_forget)


def _forget(future: futures.Future) -> None:
    with _running_lock:
        _running.discard(future)


def wait_for_background(msecs: int = 5000) -> bool:
    """Block until every queued task has run (shutdown and tests)."""
    with _running_lock:
        running = list(_running)
    _done, not_done = futures.wait(running, timeout=msecs / 1000)
    return not not_done
