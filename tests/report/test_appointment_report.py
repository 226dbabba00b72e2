"""Generate appointment PDFs from constructed histories and read them back."""

from __future__ import annotations

import shutil
import stat
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from rebound_tracker.cli import main
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.report.export_pdf import export_pdf

START = date(2026, 3, 2)  # a Monday
END = START + timedelta(days=13)
HOSTILE = '<b>not bold</b> =HYPERLINK("http://x") & \\n %s {0}'


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return attach_local(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def history(services):
    """Two weeks: Concerta 36 mg at 08:00 on weekdays, two check-ins every day."""
    day = START
    while day <= END:
        if day.weekday() < 5:
            services.doses.add("concerta", 36, at(day, 8))
        services.checkins.add({"mood": 6, "focus": 4}, at(day, 10))
        services.checkins.add({"mood": 4, "focus": 2, "irritability": 7}, at(day, 18))
        day += timedelta(days=1)
    services.checkins.add({"mood": 5, "focus": 5}, at(START, 12), note=HOSTILE)
    return services


def read(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def test_page_one_states_period_regimen_and_scales(history, tmp_path):
    out = tmp_path / "summary.pdf"
    result = export_pdf(history, START, END, out)
    reader, text = read(out)
    assert result.pages == len(reader.pages)
    assert 2 <= result.pages <= 6
    first = " ".join(reader.pages[0].extract_text().split())
    assert "02 Mar 2026 – 15 Mar 2026 (14 days)" in first
    assert "not medical advice" in first
    assert "10 doses and 29 check" in first
    assert "Concerta 36 mg 08:00 10 10" in first  # name, strength, usual time, doses, days
    assert "Focus 29 3.1" in first  # (14×4 + 14×2 + 5) / 29 = 3.07
    assert "Weekdays with no dose" not in text  # every weekday had its dose
    assert "Usual regimen (read from your log): Mon–Fri: Concerta 36 mg" in first
    assert "Inside predicted rebound windows vs the usual at the same clock time" in first
    # Check-ins at 10:00 and 18:00, before Concerta's predicted rebound (~19–21 h): no claim.
    assert ("Focus: not enough data to say — no check-in falls inside a predicted rebound "
            "window in this period. No claim is made.") in first
    assert "A typical day" in text and "Key — right axis" in text


def test_hostile_note_is_printed_literally(history, tmp_path):
    out = tmp_path / "summary.pdf"
    export_pdf(history, START, END, out)
    _, text = read(out)
    assert '<b>not bold</b> =HYPERLINK("http://x") & \\n %s {0}' in text


def test_missed_weekday_is_a_notable_day(history, tmp_path):
    (dose,) = history.doses.list(at(START + timedelta(days=2), 0), at(START + timedelta(days=3), 0))
    history.doses.delete(dose.id)
    out = tmp_path / "summary.pdf"
    export_pdf(history, START, END, out)
    assert "Weekdays with no dose logged: Wed 04 Mar" in read(out)[1]


@pytest.mark.parametrize(("size", "points"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_page_sizes(history, tmp_path, size, points):
    out = tmp_path / f"{size}.pdf"
    export_pdf(history, START, END, out, page_size=size)
    box = PdfReader(str(out)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == points


def test_empty_period_still_reports_honestly(services, tmp_path):
    out = tmp_path / "empty.pdf"
    export_pdf(services, START, END, out)
    text = read(out)[1]
    assert "No doses were logged in this period" in text
    assert "No check-ins were logged in this period" in text


def test_cli_report_is_private_and_checks_its_input(history, tmp_path, capsys):
    data = str(history.paths.data_dir)
    history.close()
    out = tmp_path / "cli.pdf"
    code = main(["--data-dir", data, "report", "--from", "2026-03-02", "--to", "2026-03-15",
                 "--out", str(out)])
    assert code == 0 and "page" in capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    for args, field in ((["--from", "2026-03-15", "--to", "2026-03-01"], "to"),
                        (["--from", "2026-03-02", "--to", "2026-03-15", "--page-size", "a5"],
                         "page-size")):
        bad = tmp_path / "bad.pdf"
        code = main(["--data-dir", data, "report", *args, "--out", str(bad)])
        assert code == 2 and capsys.readouterr().err.startswith(f"error: {field}:")
        assert not bad.exists()


def test_csv_attachment_holds_only_the_period(history, tmp_path):
    history.doses.add("vyvanse", 30, at(END + timedelta(days=3), 8))  # outside the period
    result = export_pdf(history, START, END, tmp_path / "visit.pdf", with_csv=True)
    doses_csv, checkins_csv = result.attachments
    assert doses_csv.name == "visit-doses.csv" and checkins_csv.name == "visit-checkins.csv"
    rows = doses_csv.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + 10 and not any("vyvanse" in r for r in rows)
    assert len(checkins_csv.read_text(encoding="utf-8-sig").splitlines()) == 1 + 29


def test_bidi_overrides_and_long_words_print_legibly(history, tmp_path):
    # pdftotext reads glyphs in the order they are drawn on the page, as a person would:
    # a U+202E used to print "evil" as "live", and a long URL ran off the page, clipped.
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    long_word = "https://example.org/" + "abcdefghij" * 12
    history.checkins.add({"mood": 5, "focus": 5}, at(START, 13),
                         note="\u202eevil\u202c and " + long_word)
    out = tmp_path / "summary.pdf"
    export_pdf(history, START, END, out)
    shown = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True,
                           check=True).stdout
    flat = "".join(shown.replace("\u200b", "").split())
    assert "evilandhttps://example.org/" in flat and "liveand" not in flat
    assert long_word in flat  # wrapped onto further lines, every character on the page
