"""The appointment summary dialog: period picker, page-1 preview, save (pytest-qt)."""

from __future__ import annotations

import stat
from datetime import date, datetime, time, timedelta

from pypdf import PdfReader

from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.ui.report_dialog import ReportDialog

TODAY = date(2026, 3, 15)


def fill(services, days: int = 14) -> None:
    for i in range(days):
        day = TODAY - timedelta(days=i)
        services.doses.add("concerta", 36, attach_local(datetime.combine(day, time(8))),
                           confirmed=True)
        services.checkins.add({"mood": 6, "focus": 5},
                              attach_local(datetime.combine(day, time(11))), confirmed=True)


def open_dialog(qtbot, services) -> ReportDialog:
    dialog = ReportDialog(services.report_data, services.portability, today=TODAY)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=15000)
    return dialog


def test_defaults_to_the_last_90_days_and_previews_page_one(qtbot, services):
    fill(services)
    dialog = open_dialog(qtbot, services)
    assert dialog.period() == (TODAY - timedelta(days=89), TODAY)
    assert dialog.data.dose_count == 14 and dialog.data.checkin_count == 14
    assert "14 doses and 14 check-ins in 90 days" in dialog.status.text()
    pixmap = dialog.preview.pixmap()
    assert not pixmap.isNull() and pixmap.height() > pixmap.width()  # a portrait page
    assert dialog.save_button.isEnabled()


def test_changing_the_period_recollects(qtbot, services):
    fill(services)
    dialog = open_dialog(qtbot, services)
    dialog.start.setDate(dialog.start.date().addDays(83))  # the last 7 days
    qtbot.waitUntil(lambda: dialog.data.day_count == 7, timeout=15000)
    assert dialog.data.dose_count == 7


def test_bad_period_is_explained_and_cannot_be_saved(qtbot, services):
    dialog = open_dialog(qtbot, services)
    dialog.end.setDate(dialog.start.date().addDays(-1))
    qtbot.waitUntil(lambda: dialog.data is None, timeout=15000)
    assert "To:" in dialog.status.text() and not dialog.save_button.isEnabled()


def test_save_writes_a_private_pdf_and_the_csv_files(qtbot, services, tmp_path):
    fill(services)
    dialog = open_dialog(qtbot, services)
    dialog.with_csv.setChecked(True)
    dialog.page_size.setCurrentIndex(1)  # US Letter
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save(tmp_path / "visit.pdf")
    result = saved.args[0]
    assert result.path == tmp_path / "visit.pdf"
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    box = PdfReader(str(result.path)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert [p.name for p in result.attachments] == ["visit-doses.csv", "visit-checkins.csv"]
    assert "Saved visit.pdf" in dialog.status.text()


def test_ctrl_p_opens_the_summary_from_the_main_window(qtbot, services):
    from PySide6.QtCore import Qt

    from rebound_tracker.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialogs = window.findChildren(ReportDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    qtbot.waitUntil(lambda: dialogs[0].data is not None, timeout=15000)
    dialogs[0].close()
