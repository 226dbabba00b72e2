"""Write the appointment summary for a period to a file, atomically and privately."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.report.appointment_report import write_report
from rebound_tracker.report.pdf_document import PAGE_SIZES

if TYPE_CHECKING:
    from rebound_tracker.app import Services


@dataclass(frozen=True)
class ExportedPdf:
    path: Path
    pages: int
    attachments: tuple[Path, ...] = ()


def export_pdf(services: Services, start: date, end: date, out: Path, *,
               page_size: str = "a4", with_csv: bool = False) -> ExportedPdf:
    """Collect the period's data, render it, and move the finished file into place (0o600).

    With ``with_csv`` the period's entries are also written next to it as
    ``<name>-doses.csv`` and ``<name>-checkins.csv``.
    """
    size = page_size.strip().lower()
    if size not in PAGE_SIZES:
        raise ValidationError("page-size", page_size, "a4 or letter")
    if out.suffix.lower() != ".pdf":
        raise ValidationError("out", str(out), "a file name ending in .pdf")
    if not out.parent.is_dir():
        raise ValidationError("out", str(out), "a file in an existing directory")
    data = services.report_data.collect(start, end)
    assumptions = period_assumptions(services, start, end) if data.dose_count else ()
    handle, temp = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=out.parent)
    os.close(handle)
    try:
        pages = write_report(data, Path(temp), page_size=size, assumptions=assumptions)
        os.chmod(temp, 0o600)
        os.replace(temp, out)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    attachments: tuple[Path, ...] = ()
    if with_csv:
        begin, finish = period_bounds(start, end)
        attachments = services.portability.export_csv(
            out.parent, start=begin, end=finish,
            names=(f"{out.stem}-doses.csv", f"{out.stem}-checkins.csv"))
    return ExportedPdf(out, pages, attachments)


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Local midnight of ``start`` to local midnight after ``end``."""
    return (attach_local(datetime.combine(start, time())),
            attach_local(datetime.combine(end + timedelta(days=1), time())))


def period_assumptions(services: Services, start: date, end: date) -> tuple[str, ...]:
    begin, finish = period_bounds(start, end)
    prediction = services.simulation.predict_logged(begin, finish, step_min=10)
    return tuple(prediction.result.assumptions)
