"""doses.csv and checkins.csv: the spreadsheet-friendly export, and reading them back.

UTF-8 with a byte-order mark (so Excel recognises the encoding; readers that do not want it
skip it), RFC 4180 quoting by the csv module (commas, quotes and line breaks inside a note
stay inside their cell) and every cell passed through
:func:`~rebound_tracker.domain.csv_cells.neutralise_cell`, so nothing runs as a formula.
Row numbers in problems are the ones a spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rebound_tracker.domain.csv_cells import neutralise_cell, restore_cell
from rebound_tracker.domain.entries import CheckIn, Dose
from rebound_tracker.domain.errors import ImportProblem, input_file_problem
from rebound_tracker.domain.records import (
    CHECKIN_FIELDS,
    DOSE_FIELDS,
    checkin_record,
    dose_record,
)

DOSES_FILE, CHECKINS_FILE = "doses.csv", "checkins.csv"
ENCODING = "utf-8-sig"
HEADER_ACCEPTED = {
    "doses": "the columns " + ",".join(DOSE_FIELDS),
    "checkins": "the columns " + ",".join(CHECKIN_FIELDS),
}


@dataclass(frozen=True)
class CsvTable:
    """One CSV file read back: which kind of entries, and its rows keyed by column name."""

    source: str
    kind: str  # "doses" or "checkins"
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, record)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same float
    return neutralise_cell(str(value))


def _render(fields: Sequence[str], records: Iterable[dict]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow([_cell(record[name]) for name in fields])
    return buffer.getvalue().encode(ENCODING)


def render_doses(doses: Iterable[Dose]) -> bytes:
    return _render(DOSE_FIELDS, (dose_record(d) for d in doses))


def render_checkins(checkins: Iterable[CheckIn]) -> bytes:
    return _render(CHECKIN_FIELDS, (checkin_record(c) for c in checkins))


def expand_csv_paths(paths: Sequence[Path]) -> list[Path]:
    """Directories stand for the doses.csv/checkins.csv inside them; files are kept."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = [path / n for n in (DOSES_FILE, CHECKINS_FILE) if (path / n).is_file()]
            files.extend(found or [path / DOSES_FILE])  # missing file: reported when read
        else:
            files.append(path)
    return files


def read_table(path: Path, problems: list[ImportProblem]) -> CsvTable | None:
    """Read one export CSV; None (with problems appended) if it cannot be used at all."""
    source = path.name
    unusable = input_file_problem(path, source)
    if unusable is not None:
        problems.append(unusable)
        return None
    try:
        text = path.read_bytes().decode(ENCODING)
    except FileNotFoundError:
        problems.append(ImportProblem(str(path), None, "file", str(path), "an existing file"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(ImportProblem(source, None, "encoding", f"byte {exc.start}",
                                      "UTF-8 text"))
        return None
    except OSError as exc:
        problems.append(ImportProblem(str(path), None, "file", exc.strerror, "a readable file"))
        return None
    rows = _records(source, text, problems)
    if rows is None:
        return None
    if not rows:
        problems.append(ImportProblem(source, 1, "header", "", "a header row with "
                                      + HEADER_ACCEPTED["doses"] + " or "
                                      + HEADER_ACCEPTED["checkins"]))
        return None
    header = [restore_cell(h).strip() for h in rows[0]]
    kind = _kind_of(header)
    if kind is None:
        problems.append(ImportProblem(source, 1, "header", ",".join(header),
                                      HEADER_ACCEPTED["doses"] + " or "
                                      + HEADER_ACCEPTED["checkins"] + " (id may be left out)"))
        return None
    records = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # blank lines that spreadsheets like to leave at the end
        if len(cells) != len(header):
            problems.append(ImportProblem(source, number, "columns", len(cells),
                                          f"{len(header)} cells, one per header column"))
            continue
        records.append((number, {h: restore_cell(c) for h, c in zip(header, cells,
                                                                      strict=True)}))
    return CsvTable(source, kind, records)


def _records(source: str, text: str, problems: list[ImportProblem]) -> list[list[str]] | None:
    """The file's records; None (with the problem) if its quoting is broken. ``strict``: a
    quote left open would otherwise swallow every following row into one note."""
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        opened = len(rows) + 1  # spreadsheet rows are records, the header being row 1
        problems.append(ImportProblem(
            source, opened, "quoting", str(exc),
            "well-formed CSV: a cell that starts with a double quote ends with one, and a "
            "quote inside it is doubled (\"\")"))
        return None
    return rows


def _kind_of(header: list[str]) -> str | None:
    columns = set(header)
    if len(columns) != len(header):
        return None
    for kind, fields in (("doses", DOSE_FIELDS), ("checkins", CHECKIN_FIELDS)):
        if columns in (set(fields), set(fields) - {"id"}):
            return kind
    return None
