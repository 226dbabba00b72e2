"""Start the desktop window: paint it first, then load the store and the views into it.

Kept free of heavy imports at module level so ``rebound-tracker`` puts a window on screen
about as fast as a bare Qt program; see benchmarks/startup.py.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rebound_tracker.app import Services


def launch(data_dir: str | None, argv: list[str]) -> int:
    """Run the window until it closes; a store that cannot be opened is raised afterwards."""
    from PySide6.QtWidgets import QApplication

    from rebound_tracker.ui.startup_window import APPLICATION, ORGANISATION, StartupWindow

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName("Rebound Tracker")
    window = StartupWindow()
    window.show()
    opened: list[Services] = []

    def load() -> QWidget:
        from rebound_tracker.app import open_services_offering_restore
        from rebound_tracker.ui.main_window import MainWindow

        opened.append(open_services_offering_restore(data_dir, argv))
        window = MainWindow(opened[0])
        # Everything built so far lives as long as the window: take it out of the cyclic
        # collector's sight, so a full collection during a background load (which stops
        # every thread) no longer walks it — 66–74 ms UI pauses become 12–14 ms
        # (benchmarks/charts.py).
        gc.collect()
        gc.freeze()
        return window

    window.load_later(load)
    try:
        code = app.exec()
    finally:
        for services in opened:
            services.close()
    if window.error is not None:
        raise window.error
    return code
