"""``rebound-tracker`` and ``python -m rebound_tracker``: a command runs the command line,
no command opens the window.

The one place that knows both front ends: the ``cli`` package is handed the window opener
and never imports window code (an import-linter contract checks it, indirect imports too).
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    from rebound_tracker.cli import main as run
    from rebound_tracker.gui import open_window

    return run(argv, open_window=open_window)
