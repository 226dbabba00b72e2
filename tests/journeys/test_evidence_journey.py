"""Trends (Ctrl+5) and File ▸ Appointment summary state the same rebound evidence as
``rebound-tracker analyze --json``, on the real window over a 90-day demo store."""

from __future__ import annotations

import json

import pytest
from journeys_helpers import click, on_modal, trigger
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit

from rebound_tracker.cli import main
from rebound_tracker.report.appointment_report import HEADLINE_SCALES


@pytest.fixture
def demo_services(tmp_path):
    """A 90-day demo history: enough check-ins inside the windows for estimates."""
    from rebound_tracker.gui import open_services_offering_restore

    opened = open_services_offering_restore(str(tmp_path / "data"), [])
    opened.demo.fill(days=90)
    yield opened
    opened.close()


def analyze_json(services, first, last, capsys) -> dict:
    capsys.readouterr()
    code = main(["--data-dir", str(services.paths.data_dir), "analyze", "--from", str(first),
                 "--to", str(last), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def flat(text: str) -> str:
    return " ".join(text.split()).replace("- ", "-")  # PDF lines break after a hyphen


def test_trends_and_the_pdf_say_what_analyze_says(qtbot, app_window, demo_services,
                                                  tmp_path, capsys):
    trends = app_window.trends
    with qtbot.waitSignal(trends.computed, timeout=20000) as signal:
        qtbot.keyClick(app_window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    shown = signal.args[0]
    first, last = trends.period_days()
    result = analyze_json(demo_services, first, last, capsys)
    assert result["period"]["to"] == str(last)
    by_scale = {s["scale"]: s for s in result["scales"]}
    summary = flat(trends.summary.toPlainText())
    for scale in trends.scales:
        assert flat(by_scale[scale]["statement"]) in summary
    focus = shown.evidence.scale("focus").estimate
    assert (focus.n_inside, focus.n_baseline) == (by_scale["focus"]["n_inside"],
                                                 by_scale["focus"]["n_baseline"])
    assert trends.comparison_bars["inside"].opts["height"][1] == pytest.approx(
        focus.inside_mean or 0.0)

    trigger(app_window, "Appointment summary")
    qtbot.waitUntil(lambda: app_window.report_dialog is not None)
    dialog = app_window.report_dialog
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20000)
    target = tmp_path / "summary.pdf"

    def choose(file_dialog) -> None:
        assert isinstance(file_dialog, QFileDialog)
        file_dialog.findChild(QLineEdit, "fileNameEdit").setText(str(target))
        file_dialog.accept()

    driver = on_modal(choose)  # kept: the driver polls for the dialog while it lives
    click(dialog.save_button)
    assert driver.dialog is not None
    page_one = flat(PdfReader(target).pages[0].extract_text())
    start, end = dialog.period()
    pdf_result = analyze_json(demo_services, start, end, capsys)
    for entry in pdf_result["scales"]:
        if entry["scale"] in HEADLINE_SCALES:
            assert flat(entry["statement"]) in page_one
            assert entry["verdict"] in page_one
