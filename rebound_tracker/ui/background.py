"""Run slow work on a thread pool and deliver the answer back on the main (GUI) thread.

Workers must not touch widgets and must not share sessions or ORM objects: services open
their own sessions, so calling a service function in ``fn`` is fine.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_pending: set[_Delivery] = set()


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


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], delivery: _Delivery) -> None:
        super().__init__()
        self._fn, self._delivery = fn, delivery

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as error:  # handed to on_error on the main thread
            self._delivery.finished.emit(None, error)
        else:
            self._delivery.finished.emit(result, None)


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None] | None = None, *,
                      owner: QObject | None = None, pool: QThreadPool | None = None) -> None:
    """Call ``fn()`` on ``pool`` (the global pool by default); then ``on_done(result)`` or
    ``on_error(exception)`` on the main thread — unless ``owner`` has been deleted."""
    delivery = _Delivery(on_done, on_error, owner)
    _pending.add(delivery)
    (pool or QThreadPool.globalInstance()).start(_Task(fn, delivery))


def wait_for_background(msecs: int = 5000) -> bool:
    """Block until every queued task has run (shutdown and tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
