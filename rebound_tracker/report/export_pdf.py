"""Write the appointment summary for a period to a file, atomically and privately."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Protocol

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.report.appointment_report import write_report
from rebound_tracker.report.pdf_document import PAGE_SIZES
from rebound_tracker.services.output_files import check_output_file, pdf_is_whole, publish
from rebound_tracker.services.portability import PortabilityService
from rebound_tracker.services.report_data import ReportData, ReportDataService


class ReportServices(Protocol):
    """What writing a summary needs of the app's services (``app.Services`` has both)."""

    @property
    def report_data(self) -> ReportDataService: ...
    @property
    def portability(self) -> PortabilityService: ...


@dataclass(frozen=True)
class ExportedPdf:
    path: Path
    pages: int
    attachments: tuple[Path, ...] = ()


def check_output(out: Path, page_size: str) -> str:
    """Validate the destination and page size before any work; returns the size key."""
    size = page_size.strip().lower()
    if size not in PAGE_SIZES:
        raise ValidationError("page-size", page_size, "a4 or letter")
    if out.suffix.lower() != ".pdf":
        raise ValidationError("out", str(out), "a file name ending in .pdf")
    if not out.parent.is_dir():
        raise ValidationError("out", str(out), "a file in an existing directory")
    check_output_file(out, "out")  # not a folder named x.pdf, a FIFO or a device
    return size


def render_to_file(data: ReportData, out: Path, page_size: str = "a4") -> int:
    """Render to a temporary file beside ``out``, then move it into place (mode 0600).

    Draws charts with pyqtgraph, so it runs on the thread that owns the QApplication.
    """
    return render_atomically(
        lambda path, size: write_report(data, path, page_size=size), out, page_size)


def render_atomically(write: Callable[[Path, str], int], out: Path,
                      page_size: str = "a4") -> int:
    """``write(temporary path, page size)`` beside ``out``, then move it into place (0600);
    returns its page count. ``out`` and the page size are checked first."""
    size = check_output(out, page_size)
    handle, temp = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=out.parent)
    os.close(handle)
    try:
        pages = write(Path(temp), size)
        # Qt's PDF writer does not report a write that failed (a full disk): check the file
        # is whole before it may replace an earlier, good one.
        publish(Path(temp), out, pdf_is_whole)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return pages


def export_pdf(services: ReportServices, start: date, end: date, out: Path, *,
               page_size: str = "a4", with_csv: bool = False) -> ExportedPdf:
    """Collect the period's data, render it, and move the finished file into place (0o600).

    With ``with_csv`` the period's entries are also written next to it as
    ``<name>-doses.csv`` and ``<name>-checkins.csv``.
    """
    check_output(out, page_size)
    data = services.report_data.collect(start, end)
    pages = render_to_file(data, out, page_size)
    attachments = write_attachments(services.portability, start, end, out) if with_csv else ()
    return ExportedPdf(out, pages, attachments)


def write_attachments(portability: PortabilityService, start: date, end: date,
                      out: Path) -> tuple[Path, ...]:
    """The period's doses and check-ins as ``<name>-doses.csv`` / ``-checkins.csv``."""
    begin, finish = period_bounds(start, end)
    return portability.export_csv(
        out.parent, start=begin, end=finish,
        names=(f"{out.stem}-doses.csv", f"{out.stem}-checkins.csv"))


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Local midnight of ``start`` to local midnight after ``end``."""
    return (attach_local(datetime.combine(start, time())),
            attach_local(datetime.combine(end + timedelta(days=1), time())))
