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


def launch(data_dir: str | None, argv: list[str]) -> int:
    """Run the window until it closes; a store that cannot be opened is raised afterwards."""
    from rebound_tracker.ui.startup_window import run_startup_window

    opened: list[Services] = []

    def load() -> MainWindow:
        from rebound_tracker.app import open_services_offering_restore
        from rebound_tracker.ui.main_window import MainWindow

        opened.append(open_services_offering_restore(data_dir, argv))
        window = MainWindow(opened[0])
        window.person.welcome_if_first_run()  # a new, empty store: the welcome, once
        # Everything built so far lives as long as the window: take it out of the cyclic
        # collector's sight, so a full collection during a background load (which stops
        # every thread) no longer walks it — 66–74 ms UI pauses become 12–14 ms
        # (benchmarks/charts.py).
        gc.collect()
        gc.freeze()
        return window

    from rebound_tracker.paths import AppPaths

    log_dir = AppPaths.resolve(data_dir).data_dir / "logs"
    try:
        return run_startup_window(load, argv, log_dir)
    finally:
        for services in opened:
            services.close()
