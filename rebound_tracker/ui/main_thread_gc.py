"""Python's cyclic garbage collector runs on the main (GUI) thread only.

Left to itself the collector runs in whichever thread happens to allocate when a generation
fills up — often a background worker reading the store. A cycle that holds a Qt wrapper (a
dialog whose slot is a lambda over ``self``, say) is then torn down in the worker: a QObject
destroyed outside its own thread, which Qt does not allow. Two full test runs hung that way
with no CPU (the main thread in a Python event filter, a worker allocating inside
SQLAlchemy). The remedy PyQt applications such as Anki and calibre use: turn automatic
collection off and collect from a main-thread timer, generation by generation, when the
allocation counts pass the thresholds the automatic collector would have used.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500
"""How often the counts are looked at: far below a person's notice, and a collection of
generation 0 costs well under a millisecond."""

_collector: MainThreadCollector | None = None


class MainThreadCollector(QObject):
    """Owned by the application object; collects what the automatic collector would have."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.collections = [0, 0, 0]
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()
        gc.disable()

    def collect(self) -> None:
        """Collect the oldest generation whose count passed its threshold (as CPython does)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                gc.collect(generation)
                self.collections[generation] += 1
                return


def collect_on_main_thread() -> MainThreadCollector:
    """Start collecting on the main thread (once per application); call from that thread
    before any background work starts."""
    global _collector
    app = QCoreApplication.instance()
    assert app is not None, "a QApplication exists before background work"
    if _collector is None or not shiboken6.isValid(_collector):
        _collector = MainThreadCollector(app)
    return _collector
