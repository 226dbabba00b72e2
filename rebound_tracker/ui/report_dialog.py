"""The appointment summary: pick a period, see page 1, save the PDF (and the raw data)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.errors import ReboundError
from rebound_tracker.report.appointment_report import preview_first_page
from rebound_tracker.report.export_pdf import ExportedPdf, render_to_file, write_attachments
from rebound_tracker.services.portability import PortabilityService
from rebound_tracker.services.report_data import ReportData, ReportDataService
from rebound_tracker.ui.background import run_in_background
from rebound_tracker.ui.feedback import describe
from rebound_tracker.ui.time_edit import python_date

DEFAULT_DAYS = 90
PREVIEW_WIDTH = 520


class ReportDialog(QDialog):
    """Collects the period's figures off the UI thread; draws and saves on it (charts)."""

    saved = Signal(object)  # ExportedPdf

    def __init__(self, report_data: ReportDataService, portability: PortabilityService,
                 parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Appointment summary")
        self._report_data, self._portability = report_data, portability
        self.data: ReportData | None = None
        self._busy = False
        today = today or date.today()
        self.start = _date_edit(today - timedelta(days=DEFAULT_DAYS - 1), "First day")
        self.end = _date_edit(today, "Last day")
        self.page_size = QComboBox()
        self.page_size.addItem("A4", "a4")
        self.page_size.addItem("US Letter", "letter")
        self.page_size.setAccessibleName("Page size")
        self.with_csv = QCheckBox("Also save the period's doses and check-ins as CSV files")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Preparing the summary")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setAccessibleName("Preview of page 1")
        self.save_button = QPushButton("Save PDF…")
        self.save_button.setDefault(True)
        self._build_layout()
        self._refresh_timer = QTimer(self, singleShot=True, interval=300)
        self._refresh_timer.timeout.connect(self.refresh)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._refresh_timer.start)
        self.page_size.currentIndexChanged.connect(self._show_preview)
        self.save_button.clicked.connect(lambda: self.save())  # clicked(bool) is no path
        self.refresh()

    def _build_layout(self) -> None:
        form = QFormLayout()
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(QLabel("to"))
        period.addWidget(self.end)
        form.addRow("Period", period)
        form.addRow("Paper", self.page_size)
        form.addRow("", self.with_csv)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setMinimumSize(PREVIEW_WIDTH + 30, 560)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def period(self) -> tuple[date, date]:
        return python_date(self.start), python_date(self.end)

    def refresh(self) -> None:
        """Recollect the figures for the chosen period (in the background)."""
        start, end = self.period()
        self._set_busy(True, "Collecting the period's figures…")
        run_in_background(lambda: self._report_data.collect(start, end), self._collected,
                          self._failed, owner=self)

    def _collected(self, data: ReportData) -> None:
        if (data.start, data.end) != self.period():
            return  # the period changed meanwhile; a newer collection is on its way
        self.data = data
        self._set_busy(False, f"{data.dose_count} doses and {data.checkin_count} check-ins "
                              f"in {data.day_count} days.")
        self._show_preview()

    def _failed(self, error: BaseException) -> None:
        self.data = None
        self.preview.clear()
        self._set_busy(False, describe(error) if isinstance(error, ReboundError)
                       else f"The summary could not be prepared: {error}")
        self.save_button.setEnabled(False)

    def _show_preview(self) -> None:
        if self.data is None:
            return
        image = preview_first_page(self.data, page_size=self.page_size.currentData())
        self.preview.setPixmap(QPixmap.fromImage(image).scaledToWidth(
            PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation))

    def save(self, path: Path | None = None) -> ExportedPdf | None:
        """Ask where (unless ``path`` is given) and write the PDF and any CSV files."""
        if self.data is None or self._busy:
            return None
        if path is None:
            start, end = self.period()
            name, _ = QFileDialog.getSaveFileName(
                self, "Save the appointment summary",
                str(Path.home() / f"rebound-summary-{start}-to-{end}.pdf"), "PDF (*.pdf)")
            if not name:
                return None
            path = Path(name if name.lower().endswith(".pdf") else f"{name}.pdf")
        return self._write(path)

    def _write(self, path: Path) -> ExportedPdf | None:
        assert self.data is not None
        try:
            pages = render_to_file(self.data, path, self.page_size.currentData())
            attachments = (write_attachments(self._portability, self.data.start,
                                             self.data.end, path)
                           if self.with_csv.isChecked() else ())
        except (ReboundError, OSError) as error:
            self.status.setText(describe(error) if isinstance(error, ReboundError)
                                else f"Could not write {path}: {error}")
            return None
        result = ExportedPdf(path, pages, attachments)
        names = ", ".join(p.name for p in (path, *attachments))
        self.status.setText(f"Saved {names} ({pages} pages) in {path.parent}.")
        self.saved.emit(result)
        return result

    def _set_busy(self, busy: bool, text: str) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.save_button.setEnabled(not busy and self.data is not None)
        self.status.setText(text)


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setAccessibleName(name)
    return edit
