"""Start the desktop window: paint it first, then load the store and the views into it.

Kept free of heavy imports at module level so ``rebound-tracker`` puts a window on screen
about as fast as a bare Qt program (see benchmarks/startup.py); the Qt side lives in
ui/startup_window.py, the wiring of the store in app.py.
"""

from __future__ import annotations

import gc
import sys
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
        from rebound_tracker.ui.main_window import MainWindow
        from rebound_tracker.ui.startup_window import call_later

        opened.append(open_services_offering_restore(data_dir, argv))
        window = MainWindow(opened[0])
        window.person.welcome_if_first_run()  # a new, empty store: the welcome, once
        instance.raise_requested.connect(window.reminder_host.raise_window)
        if in_tray:
            window.reminder_host.start_in_tray()
        call_later(SETTLE_MS, settle_heap)
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


def open_services_offering_restore(data_dir: str | None, argv: list[str]) -> Services:
    """Open the store for the window; over an unreadable database, offer the newest backup;
    on a full or read-only disk, say so (no restore: the file is fine).

    Declining re-raises the DatabaseNotUsable, so the caller still reports it. Lives here,
    not in app.py, because it asks with a Qt dialog: app.py is shared with the command line.
    """
    from rebound_tracker.app import open_services
    from rebound_tracker.domain.errors import StoreUnavailable
    from rebound_tracker.paths import AppPaths
    from rebound_tracker.services.backups import BackupService
    from rebound_tracker.storage.database import WINDOW_BUSY_TIMEOUT_MS
    from rebound_tracker.storage.errors import UnreadableDatabase

    try:
        return open_services(data_dir, busy_timeout_ms=WINDOW_BUSY_TIMEOUT_MS)
    except StoreUnavailable as exc:
        # A full or read-only disk: the window says so itself (started from a desktop menu,
        # nobody reads the terminal) and the caller still reports it.
        from rebound_tracker.ui.database_problem_dialog import tell_place_problem

        tell_place_problem(*exc.explained(), argv)
        raise
    except UnreadableDatabase as exc:
        from rebound_tracker.ui.database_problem_dialog import ask_to_restore

        backup = exc.newest_backup
        if backup is None or not ask_to_restore(str(exc.path), exc.reason, str(backup), argv):
            raise
        try:
            BackupService(AppPaths.resolve(data_dir)).restore(backup)
        except StoreUnavailable as refused:  # no room for the restore: nothing was moved
            from rebound_tracker.ui.database_problem_dialog import tell_place_problem

            tell_place_problem(*refused.explained(), argv)
            raise
        return open_services(data_dir)


def open_window(data_dir: str | None, argv: list[str], *, self_test: bool = False,
                in_tray: bool = False) -> int:
    """The window (or, with ``self_test``, its offscreen check); what the command line is
    handed to open, so that it never imports window code itself."""
    if self_test:
        from rebound_tracker.self_test import run_self_test

        return run_self_test()
    return launch(data_dir, argv, in_tray=in_tray)


def main(argv: list[str] | None = None) -> int:
    """``rebound-tracker-gui`` (a gui-script: no console window on Windows): the window only.

    Takes the window's options (``--data-dir``, ``--debug``, ``--self-test``, ``--version``);
    errors are reported the way the command line reports them.
    """
    from rebound_tracker.cli import main as run
    from rebound_tracker.cli.parser import build_window_parser

    args = build_window_parser().parse_args(sys.argv[1:] if argv is None else argv)
    forwarded = ["--data-dir", args.data_dir] if args.data_dir else []
    forwarded += ["--debug"] * args.debug + ["--self-test"] * args.self_test
    forwarded += ["--in-tray"] * args.in_tray
    return run(forwarded, open_window=open_window)
