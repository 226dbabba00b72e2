"""Take the README screenshots from the real app on a demo history.

Run under a virtual X screen so the real xcb platform and window manager-less X window are
used:  xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots.py
(Debian: apt install xvfb libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from rebound_tracker.app import open_services
from rebound_tracker.ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def last_weekday_with_booster(services) -> date:
    day = date.today() - timedelta(days=1)
    for _ in range(30):
        doses = [d for d in services.doses.list() if d.taken.local.date() == day]
        if len(doses) >= 2:
            return day
        day -= timedelta(days=1)
    return date.today() - timedelta(days=1)


def main() -> int:
    app = QApplication(sys.argv)
    data = tempfile.mkdtemp(prefix="rt-shots-")
    services = open_services(data)
    services.demo.fill(days=90)
    window = MainWindow(services)
    window.resize(1360, 860)
    window.move(0, 0)
    window.show()
    window.show_day(last_weekday_with_booster(services))
    OUT.mkdir(parents=True, exist_ok=True)

    def shoot() -> None:
        screen = app.primaryScreen()
        geometry = window.frameGeometry()
        image = screen.grabWindow(0, geometry.x(), geometry.y(), geometry.width(),
                                  geometry.height())
        image.save(str(OUT / "main-window.png"))
        print(f"platform {app.platformName()}: wrote {OUT / 'main-window.png'}")
        app.quit()

    QTimer.singleShot(1500, shoot)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
