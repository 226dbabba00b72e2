"""File ▸ Appointment summary, as a person uses it: the PDF lands on disk and reads back."""

from __future__ import annotations

from journeys_helpers import click, on_modal, trigger
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QLineEdit


def test_save_pdf_from_the_menu_writes_the_summary(qtbot, app_window, tmp_path):
    trigger(app_window, "Appointment summary")
    qtbot.waitUntil(lambda: app_window.report_dialog is not None)
    dialog = app_window.report_dialog
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10000)
    target = tmp_path / "summary.pdf"

    def choose(file_dialog) -> None:
        assert isinstance(file_dialog, QFileDialog)
        name = file_dialog.findChild(QLineEdit, "fileNameEdit")  # typed, as a person would
        name.setText(str(target))
        file_dialog.accept()

    driver = on_modal(choose)
    click(dialog.save_button)
    assert driver.dialog is not None
    assert target.exists()
    text = " ".join(PdfReader(target).pages[0].extract_text().split())
    assert "not medical advice" in text and "(90 days)" in text
    assert "Saved summary.pdf" in dialog.status.text()
    assert "summary.pdf" in app_window.statusBar().currentMessage()
