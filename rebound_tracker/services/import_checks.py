"""Checks an import makes before anything is merged: the file itself (a regular file, JSON
that parses, our format and a version we read), the settings it carries (each by its
definition in domain/settings.py), and the rows a form would ask about."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from rebound_tracker.domain.entries import CheckIn, Dose
from rebound_tracker.domain.errors import (
    ImportProblem,
    ImportRejected,
    NeedsConfirmation,
    ValidationError,
    input_file_problem,
)
from rebound_tracker.domain.settings import definition as setting_definition
from rebound_tracker.domain.settings import parse_setting
from rebound_tracker.services.doses import check_not_future
from rebound_tracker.services.medications import MedicationService

FORMAT_NAME = "rebound-tracker"
FORMAT_VERSION = 1
"""Version of the JSON export. A reader accepts every version up to its own."""


class ImportNeedsConfirmation(NeedsConfirmation):
    """Rows a form would ask about (above the label maximum, in the future); nothing was
    written. The person confirms the whole import (``--force``, or Import after the
    preview that lists them)."""

    SHOWN = 20

    def __init__(self, rows: list[str]) -> None:
        self.rows = rows
        count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
        super().__init__("import", count, "would be asked about in the form")
        shown = rows[: self.SHOWN] + ([f"… and {len(rows) - self.SHOWN} more"]
                                      if len(rows) > self.SHOWN else [])
        self.args = (f"{count} of the import would be asked about in the form:\n  "
                     + "\n  ".join(shown),)

    def __str__(self) -> str:
        return str(self.args[0])


def implausible_rows(rows: list[tuple[str, int, Dose | CheckIn]],
                     medications: MedicationService | None, now: datetime) -> list[str]:
    """The rows (source, number, entry) a form would ask about — a dose above its label
    maximum, a time in the future, the same checks as DoseService/CheckInService — as
    "source row N: why"."""
    found = []
    for source, number, entry in rows:
        when = entry.taken if isinstance(entry, Dose) else entry.at
        try:
            if isinstance(entry, Dose):
                _check_label_maximum(entry, medications)
            check_not_future(when.instant, now, "taken_at" if isinstance(entry, Dose) else "at")
        except NeedsConfirmation as why:
            found.append(f"{source} row {number}: {why}")
    return found


def _check_label_maximum(dose: Dose, medications: MedicationService | None) -> None:
    if medications is None:
        return
    try:
        formulation = medications.resolve(dose.medication_id)
    except (KeyError, ValidationError):
        return  # a custom medication the file itself defines: checked when added
    medications.check_plausible(formulation, dose.mg)


def load_json(path: Path) -> Any:
    unusable = input_file_problem(path, path.name)
    if unusable is not None:
        raise ImportRejected([unusable])
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise ImportRejected([ImportProblem(str(path), None, "file", str(path),
                                            "an existing file")]) from None
    except UnicodeDecodeError as exc:
        raise ImportRejected([ImportProblem(path.name, None, "encoding", f"byte {exc.start}",
                                            "UTF-8 text")]) from None
    except json.JSONDecodeError as exc:
        raise ImportRejected([ImportProblem(path.name, exc.lineno, "json", exc.msg,
                                            "a JSON export written by Rebound Tracker")]) from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, nesting 50,000 deep
        raise ImportRejected([ImportProblem(path.name, None, "json", str(exc)[:80],
                                            "a JSON export written by Rebound Tracker")]) from None
    except OSError as exc:
        raise ImportRejected([ImportProblem(str(path), None, "file", exc.strerror,
                                            "a readable file")]) from None


def check_header(document: Any, source: str, problems: list[ImportProblem]) -> None:
    def problem(name: str, value: object, accepted: str) -> None:
        problems.append(ImportProblem(source, None, name, value, accepted))

    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        value = document.get("format") if isinstance(document, dict) else type(document).__name__
        problem("format", value, f'a Rebound Tracker JSON export ("format": "{FORMAT_NAME}")')
        return
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problem("version", version, f"a whole number from 1 to {FORMAT_VERSION}")
    elif version > FORMAT_VERSION:
        problem("version", version, f"at most {FORMAT_VERSION}: the file was written by a "
                "newer Rebound Tracker; update this one to import it")
    for name in ("doses", "checkins", "custom_medications"):
        if not isinstance(document.get(name, []), list):
            problem(name, type(document[name]).__name__, "a JSON list")
    if not isinstance(document.get("settings", {}), dict):
        problem("settings", type(document["settings"]).__name__, "a JSON object")


def read_settings(raw: Any, source: str, problems: list[ImportProblem]) -> dict[str, str]:
    """Each setting checked by its definition (domain/settings.py), as a form or ``settings
    set`` would: a value the model could not read later is refused here, naming the setting,
    and what is stored is its canonical text."""
    settings: dict[str, str] = {}
    if not isinstance(raw, dict):
        return settings
    where = f"{source} settings"
    for key, value in raw.items():
        try:
            text, _value = parse_setting(key, value)
        except ValidationError as err:
            problems.append(ImportProblem(where, None, key if err.field != "setting"
                                          else "setting", value if err.field != "setting"
                                          else key, err.accepted))
        else:
            settings[setting_definition(key).name] = text
    return settings
