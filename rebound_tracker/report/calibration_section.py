"""The appointment summary's "Personal timing" section: the calibration the patient accepted
and the curves use, in the words of the Calibration window (report.calibration_words)."""

from __future__ import annotations

from rebound_tracker.domain.calibration import AcceptedCalibration
from rebound_tracker.report import calibration_words as words
from rebound_tracker.report.pdf_document import MUTED, PdfDocument


def calibration_section(doc: PdfDocument, accepted: AcceptedCalibration) -> None:
    """Heading, one sentence of when and from what, and population vs personal values."""
    doc.heading("Personal timing")
    doc.paragraph(words.in_force_text(accepted))
    doc.table(["Parameter", "Population", "Personal (in use)"], words.in_force_rows(accepted),
              [0.5, 0.25, 0.25])
    doc.paragraph("Fitted from the patient's own check-ins by the app (maximum a posteriori "
                  "with population priors; see the app's docs/calibration.md). It changes "
                  "only the predicted curves and windows; it is not a measurement and not a "
                  "recommendation to change any dose.", size=8, italic=True, colour=MUTED)
