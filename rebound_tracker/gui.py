"""Start the desktop window: paint it first, then load the store and the views into it.

Kept free of heavy imports at module level so ``rebound-tracker`` puts a window on screen
about as fast as a bare Qt program (see benchmarks/startup.py); the Qt side lives in
ui/startup_window.py, the wiring of the store in app.py.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rebound_tracker.app import Services
    from rebound_tracker.ui.main_window import MainWindow


SETTLE_MS = 500
"""The cyclic collector stays off until this long after the window is usable."""


def launch(data_dir: str | None, argv: list[str]) -> int:
    """Run the window until it closes; a store that cannot be opened is raised afterwards."""
    # Importing the store, the model and the charts allocates hundreds of thousands of
    # objects, which set off the cyclic collector again and again over a growing heap:
    # 100–300 ms of a start (benchmarks/startup.py). It stays off until the window is
    # usable, then collects once, freezes what start-up built and runs as usual.
    gc.disable()
    from rebound_tracker.ui.startup_window import run_startup_window

    opened: list[Services] = []

    def load() -> MainWindow:
        from PySide6.QtCore import QTimer

        from rebound_tracker.app import open_services_offering_restore
        from rebound_tracker.ui.main_window import MainWindow

        opened.append(open_services_offering_restore(data_dir, argv))
        window = MainWindow(opened[0])
        QTimer.singleShot(SETTLE_MS, settle_heap)
        return window

    from rebound_tracker.paths import AppPaths

    log_dir = AppPaths.resolve(data_dir).data_dir / "logs"
    try:
        return run_startup_window(load, argv, log_dir)
    finally:
        gc.enable()
        for services in opened:
            services.close()


def settle_heap() -> None:
    """Collect start-up's garbage once, then take everything built so far, which lives as
    long as the window, out of the cyclic collector's sight: a full collection during a
    background load (which stops every thread) no longer walks it — 66–74 ms UI pauses
    become 12–14 ms (benchmarks/charts.py)."""
    gc.collect()
    gc.freeze()
    gc.enable()
