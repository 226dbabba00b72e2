"""Take the README screenshots from the real app on a demo history.

Run under a virtual X screen so the real xcb platform is used:
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots.py
(Debian: apt install xvfb libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1).

Writes docs/screenshots/main-window.png (the day view), timeline-week.png, what-if.png,
trends.png, medications.png (the library with Concerta selected), report-dialog.png and
report-page1.png (page 1 of the real 90-day PDF, rasterised with poppler's pdftoppm: apt
install poppler-utils), raster-month.png (the month as the day-by-hour raster) and
raster-five-years.png (a second window over a 5-year demo history, all of it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
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
    services.demo.fill(days=120)
    window = MainWindow(services)
    window.resize(1380, 880)
    window.move(0, 0)
    window.show()
    day = last_weekday_with_booster(services)
    OUT.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        shown = shots.get("five years", window)
        geometry = shown.frameGeometry()
        image = app.primaryScreen().grabWindow(0, geometry.x(), geometry.y(),
                                               geometry.width(), geometry.height())
        image.save(str(OUT / name))
        print(f"platform {app.platformName()}: wrote {OUT / name}")

    def what_if() -> None:
        window.show_range("day")
        window.timeline.what_if.enabled.setChecked(True)

    def trends() -> None:
        window.timeline.what_if.enabled.setChecked(False)
        window.views.setCurrentWidget(window.trends)

    def report() -> None:
        dialog = window.open_report()
        dialog.move(60, 20)
        shots["report"] = dialog

    def shoot_report() -> None:
        dialog = shots["report"]
        geometry = dialog.frameGeometry()
        app.primaryScreen().grabWindow(0, geometry.x(), geometry.y(), geometry.width(),
                                       geometry.height()).save(str(OUT / "report-dialog.png"))
        pdf = Path(data) / "summary.pdf"
        dialog.save(pdf)
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(OUT / "report-page1")], check=True)
        print(f"wrote {OUT / 'report-dialog.png'} and {OUT / 'report-page1.png'}")
        dialog.close()

    def medications() -> None:
        dialog = window.open_medications()
        dialog.resize(1180, 720)
        dialog.move(60, 20)
        dialog.select("concerta")
        shots["medications"] = dialog

    def shoot_medications() -> None:
        dialog = shots["medications"]
        geometry = dialog.frameGeometry()
        app.primaryScreen().grabWindow(0, geometry.x(), geometry.y(), geometry.width(),
                                       geometry.height()).save(str(OUT / "medications.png"))
        print(f"wrote {OUT / 'medications.png'}")
        dialog.close()

    def month() -> None:
        window.views.setCurrentWidget(window.timeline)
        window.show_day(date.today())
        window.show_range("month")

    def five_years() -> None:
        window.hide()
        long_services = open_services(tempfile.mkdtemp(prefix="rt-shots-5y-"))
        long_services.demo.fill(days=1826)
        other = MainWindow(long_services)
        other.resize(1380, 880)
        other.move(0, 0)
        other.show()
        other.show_range("all")
        shots["five years"] = other

    shots: dict[str, object] = {}

    steps: list[tuple[Callable[[], None], str | None]] = [
        (lambda: window.show_day(day), "main-window.png"),
        (lambda: window.show_range("week"), "timeline-week.png"),
        (what_if, "what-if.png"),
        (trends, None),
        (lambda: None, "trends.png"),
        (medications, None),
        (shoot_medications, None),
        (report, None),
        (shoot_report, None),
        (month, "raster-month.png"),
        (five_years, None),
        (lambda: None, None),  # the whole history loads in the background
        (lambda: None, "raster-five-years.png"),
    ]

    def run(index: int = 0) -> None:
        if index == len(steps):
            app.quit()
            return
        action, name = steps[index]
        action()
        QTimer.singleShot(1200, lambda: (name and shoot(name), run(index + 1)))

    QTimer.singleShot(800, run)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
