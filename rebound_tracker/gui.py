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


def launch(data_dir: str | None, argv: list[str], in_tray: bool = False) -> int:
    """Run the window until it closes; a store that cannot be opened is raised afterwards.

    A second launch over the same data directory raises the first window and returns 0;
    ``in_tray`` (start at log-in) starts hidden in the tray when reminders are on."""
    # Importing the store, the model and the charts allocates hundreds of thousands of
    # objects, which set off the cyclic collector again and again over a growing heap:
    # 100–300 ms of a start (benchmarks/startup.py). It stays off until the window is
    # usable, then collects once, freezes what start-up built and runs as usual.
    gc.disable()
    try:
        return _launch(data_dir, argv, in_tray)
    finally:
        gc.enable()


def _launch(data_dir: str | None, argv: list[str], in_tray: bool) -> int:
    import sys

    from rebound_tracker.paths import AppPaths
    from rebound_tracker.ui.single_instance import SingleInstance
    from rebound_tracker.ui.startup_window import ensure_application, run_startup_window

    # Before the single-instance watcher: its notifier needs the application's event loop.
    ensure_application(argv)
    paths = AppPaths.resolve(data_dir)
    paths.ensure()
    instance = SingleInstance(paths.data_dir)
    if not instance.acquire():
        if instance.ask_first_to_raise():
            print("Rebound Tracker is already open: its window was brought forward.")
            return 0
        print(f"error: Rebound Tracker is already open for {paths.data_dir} but did not "
              "answer; close it (or end it) and try again.", file=sys.stderr)
        return 1
    opened: list[Services] = []

    def load() -> MainWindow:
        from PySide6.QtCore import QTimer

        from rebound_tracker.app import open_services_offering_restore
        from rebound_tracker.ui.main_window import MainWindow

        opened.append(open_services_offering_restore(data_dir, argv))
        window = MainWindow(opened[0])
        window.person.welcome_if_first_run()  # a new, empty store: the welcome, once
        instance.raise_requested.connect(window.reminder_host.raise_window)
        if in_tray:
            window.reminder_host.start_in_tray()
        QTimer.singleShot(SETTLE_MS, settle_heap)
        return window

    log_dir = paths.data_dir / "logs"
    try:
        return run_startup_window(load, argv, log_dir)
    finally:
        for services in opened:
            services.close()
        instance.release()


def settle_heap() -> None:
    """Collect start-up's garbage once, then take everything built so far, which lives as
    long as the window, out of the cyclic collector's sight: a full collection during a
    background load (which stops every thread) no longer walks it — 66–74 ms UI pauses
    become 12–14 ms (benchmarks/charts.py)."""
    gc.collect()
    gc.freeze()
    gc.enable()
