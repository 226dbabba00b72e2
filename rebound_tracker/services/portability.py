"""Moving a person's data in and out: CSV for spreadsheets, versioned JSON without loss.

Every import reads and validates the whole input first and then writes all of it in one
transaction, or raises :class:`ImportRejected` listing each problem by file, row and field
and writes nothing.

Merging by id (JSON and CSV alike):

- an id the store does not have is added, with the file's created/modified stamps if it has
  them (a JSON export does, so a move to a new machine is exact);
- an entry whose content equals the stored one changes nothing (importing twice is a no-op);
- an entry that differs replaces the stored one if the file's ``modified_at`` is newer; a CSV
  row has no stamps, so it counts as an edit made now (the spreadsheet is the newer copy);
- otherwise the stored entry is newer and is kept. Nothing is ever deleted by an import.

Custom medications (JSON only, ``"custom_medications"``: the stored definitions, verbatim)
are checked with the rest of the file and merged by id: identical to the stored one ->
unchanged; new -> added (it must validate and take no other medication's name); a different
definition under an id the store already has -> a problem naming the id, so an import never
rewrites a medication that logged doses are computed from. Doses in the file may use the
custom medications it defines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.entries import CheckIn, Dose, utc_now
from rebound_tracker.domain.errors import (
    ImportProblem,
    ImportRejected,
    ValidationError,
)
from rebound_tracker.domain.records import (
    MedicationCheck,
    checkin_record,
    dose_record,
    iso,
    read_checkin,
    read_dose,
)
from rebound_tracker.pk.definitions import definition_to_json, definition_to_text, stored_json
from rebound_tracker.pk.library import load_library
from rebound_tracker.services.calibration_portability import (
    merge_calibrations,
    read_calibrations,
)
from rebound_tracker.services.csv_format import (
    CHECKINS_FILE,
    DOSES_FILE,
    expand_csv_paths,
    read_table,
    render_checkins,
    render_doses,
)
from rebound_tracker.services.custom_medications import ImportCheck, check_import
from rebound_tracker.services.import_checks import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ImportNeedsConfirmation,
    check_header,
    implausible_rows,
    load_json,
    read_settings,
)
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.plan_portability import merge_plans, read_plans
from rebound_tracker.storage.calibrations import CalibrationRepository
from rebound_tracker.storage.custom_medications import CustomMedicationRepository
from rebound_tracker.storage.plans import PlanRepository
from rebound_tracker.storage.private_files import private_dir, write_private_file
from rebound_tracker.storage.repositories import (
    CheckInRepository,
    DoseRepository,
    SettingsRepository,
)

Entry = Dose | CheckIn


@dataclass
class ImportSummary:
    """What an import did, per kind of entry."""

    added: dict[str, int] = field(default_factory=lambda: {"doses": 0, "checkins": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"doses": 0, "checkins": 0})
    unchanged: int = 0
    kept_newer_local: int = 0
    settings_added: int = 0
    settings_kept_local: int = 0
    custom_added: int = 0
    custom_unchanged: int = 0
    plans: dict[str, int] = field(default_factory=dict)
    calibrations: dict[str, int] = field(default_factory=dict)
    confirmed: list[str] = field(default_factory=list)
    """Implausible rows (above the label maximum, in the future) the person confirmed, or —
    in a preview — that importing will ask them to confirm."""


@dataclass(frozen=True)
class _Row:
    """A validated entry and where it came from, for problems that span rows."""

    source: str
    number: int
    entry: Entry


@dataclass
class _Batch:
    """A validated import, ready to write."""

    doses: list[_Row] = field(default_factory=list)
    checkins: list[_Row] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    custom: ImportCheck = field(default_factory=ImportCheck)
    plans: list[dict[str, Any]] = field(default_factory=list)
    calibrations: list = field(default_factory=list)


class PortabilityService:
    """Export and import. ``medications``, when given, is the app's MedicationService: an
    import checks custom medications against what it has loaded and reloads it after."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        known_medication: MedicationCheck | None = None,
        clock: Callable[[], datetime] = utc_now,
        *,
        medications: MedicationService | None = None,
    ) -> None:
        self._sessions = session_factory
        self._known_medication = known_medication
        self._clock = clock
        self._medications = medications

    # ----- export -----------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """Everything in the store as the JSON export object (one consistent read)."""
        with self._sessions() as session:
            doses = DoseRepository(session).list()
            checkins = CheckInRepository(session).list()
            settings = SettingsRepository(session).all()
            custom = [stored_json(t) for _, t in CustomMedicationRepository(session).all()]
            plans = PlanRepository(session).all()
            calibrations = CalibrationRepository(session).records()
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "exported_at": iso(self._clock()),
            "doses": [dose_record(d, stamps=True) for d in doses],
            "checkins": [checkin_record(c, stamps=True) for c in checkins],
            "custom_medications": custom,
            "settings": settings,
            "plans": plans,
            "calibrations": calibrations,
        }

    def export_json(self, path: Path) -> Path:
        """Write the lossless JSON export to ``path`` (UTF-8, owner-only); returns it."""
        text = json.dumps(self.snapshot(), ensure_ascii=False, indent=1, allow_nan=False)
        return write_private_file(Path(path), (text + "\n").encode("utf-8"))

    def export_csv(
        self, directory: Path, *, start: datetime | None = None, end: datetime | None = None,
        names: tuple[str, str] = (DOSES_FILE, CHECKINS_FILE),
    ) -> tuple[Path, Path]:
        """Write doses.csv and checkins.csv (entries with start <= time < end, default all)
        into ``directory`` under ``names``; returns their paths."""
        with self._sessions() as session:
            doses = DoseRepository(session).list(start, end)
            checkins = CheckInRepository(session).list(start, end)
        directory = private_dir(Path(directory))
        return (write_private_file(directory / names[0], render_doses(doses)),
                write_private_file(directory / names[1], render_checkins(checkins)))

    # ----- import -----------------------------------------------------------------------

    def import_json(self, path: Path, *, dry_run: bool = False,
                    confirmed: bool = False) -> ImportSummary:
        """Merge a JSON export into the store, all or nothing (see the module docstring).

        With ``dry_run`` nothing is written: the summary says what importing would do.
        Rows a form would ask about (above the label maximum, in the future) raise
        ImportNeedsConfirmation unless ``confirmed`` (a preview lists them instead).
        """
        path = Path(path)
        document = load_json(path)
        problems: list[ImportProblem] = []
        check_header(document, path.name, problems)
        if problems:
            raise ImportRejected(problems)
        custom = self._check_custom(document.get("custom_medications", []))
        known = self._known_medication
        if known is not None and custom.ids:
            file_ids, known_before = custom.ids, known

            def known(medication_id: str) -> bool:
                return medication_id in file_ids or known_before(medication_id)

        batch = _read_json_batch(document, path.name, known, problems)
        batch.custom = custom
        batch.plans = read_plans(document.get("plans", []), path.name, known, problems)
        batch.calibrations = read_calibrations(document.get("calibrations", []), path.name,
                                               problems)
        problems[:0] = [_custom_problem(path.name, number, err)
                        for number, err in custom.problems]
        if problems:
            raise ImportRejected(problems)
        summary = self._apply(batch, dry_run, confirmed)
        if custom.new and not dry_run and self._medications is not None:
            self._medications.reload()
        return summary

    def _check_custom(self, items: list[Any]) -> ImportCheck:
        library = self._medications.library if self._medications else load_library()
        with self._sessions() as session:
            stored = {med_id: stored_json(text)
                      for med_id, text in CustomMedicationRepository(session).all()}
        return check_import(library, stored, items)

    def import_csv(self, paths: Sequence[Path], *, dry_run: bool = False,
                   confirmed: bool = False) -> ImportSummary:
        """Merge doses.csv/checkins.csv files (or directories holding them), all or nothing.

        With ``dry_run`` nothing is written: the summary says what importing would do.
        Implausible rows need ``confirmed``, as in :meth:`import_json`.
        """
        problems: list[ImportProblem] = []
        batch = _Batch()
        for path in expand_csv_paths(paths):
            table = read_table(path, problems)
            if table is None:
                continue
            reader = (read_checkin if table.kind == "checkins"
                      else lambda r, p: read_dose(r, p, self._known_medication))
            target = batch.checkins if table.kind == "checkins" else batch.doses
            target.extend(_read_rows(table.source, table.rows, reader, problems))
        _check_unique_ids(batch, problems)
        if problems:
            raise ImportRejected(problems)
        return self._apply(batch, dry_run, confirmed)

    def _apply(self, batch: _Batch, dry_run: bool, confirmed: bool) -> ImportSummary:
        implausible = implausible_rows(
            [(row.source, row.number, row.entry) for row in (*batch.doses, *batch.checkins)],
            self._medications, self._clock())
        if implausible and not (dry_run or confirmed):
            raise ImportNeedsConfirmation(implausible)
        if dry_run:  # the same merge, rolled back: the preview cannot disagree with the import
            with self._sessions() as session:
                summary = self._merge(session, batch)
                session.rollback()
        else:
            with self._sessions.begin() as session:
                summary = self._merge(session, batch)
        summary.confirmed = implausible
        return summary

    def _merge(self, session: Session, batch: _Batch) -> ImportSummary:
        summary = ImportSummary()
        now = self._clock()
        _merge_custom(CustomMedicationRepository(session), batch.custom, summary)
        for kind, repo, rows in (("doses", DoseRepository(session), batch.doses),
                                 ("checkins", CheckInRepository(session), batch.checkins)):
            _merge_all(repo, [row.entry for row in rows], now, kind, summary)
        settings = SettingsRepository(session)
        for key, value in batch.settings.items():
            if settings.get(key) is None:
                settings.set(key, value)
                summary.settings_added += 1
            elif settings.get(key) != value:
                summary.settings_kept_local += 1
        if batch.plans:
            summary.plans = merge_plans(session, batch.plans)
        if batch.calibrations:
            summary.calibrations = merge_calibrations(session, batch.calibrations)
        return summary


def _merge_custom(repo: CustomMedicationRepository, custom: ImportCheck,
                  summary: ImportSummary) -> None:
    summary.custom_unchanged = custom.unchanged
    for med_id, definition in custom.new:
        stored = repo.get(med_id)  # stored meanwhile by someone else?
        if stored is not None and stored_json(stored) != definition_to_json(definition):
            raise ImportRejected([ImportProblem("custom_medications", None, "id", med_id,
                                                "an id this store does not use yet")])
        if stored is None:
            repo.put(med_id, definition_to_text(definition))
            summary.custom_added += 1
        else:
            summary.custom_unchanged += 1


def _custom_problem(source: str, number: int, err: ValidationError) -> ImportProblem:
    return ImportProblem(f"{source} custom_medications", number, err.field, err.value,
                         err.accepted)


def _content(entry: Entry) -> Entry:
    return replace(entry, created_at=None, modified_at=None)


def _merge_all(repo, entries: list[Entry], now: datetime, kind: str,
               summary: ImportSummary) -> None:
    """Add the new entries in bulk; replace, keep or skip the ones the store already has."""
    stored = repo.get_many(entry.id for entry in entries)
    new = []
    for entry in entries:
        mine = stored.get(entry.id)
        if mine is None:
            created = entry.created_at or now
            new.append(replace(entry, created_at=created,
                               modified_at=entry.modified_at or created))
        elif _content(mine) == _content(entry):
            summary.unchanged += 1
        elif entry.modified_at is None or entry.modified_at > mine.modified_at:
            modified = entry.modified_at or max(now, mine.modified_at + timedelta(microseconds=1))
            repo.put(replace(entry, created_at=mine.created_at, modified_at=modified))
            summary.updated[kind] += 1
        else:
            summary.kept_newer_local += 1
    summary.added[kind] += repo.insert_many(new)


def _read_rows(source: str, rows, reader, problems: list[ImportProblem]) -> list[_Row]:
    """Validate each (row number, record); every problem is kept, bad rows are left out."""
    read = []
    for number, record in rows:
        found: list[ValidationError] = []
        entry = reader(record, found)
        problems.extend(ImportProblem(source, number, e.field, e.value, e.accepted)
                        for e in found)
        if entry is not None:
            read.append(_Row(source, number, entry))
    return read


def _check_unique_ids(batch: _Batch, problems: list[ImportProblem]) -> None:
    for rows in (batch.doses, batch.checkins):
        first_seen: dict[str, _Row] = {}
        for row in rows:
            earlier = first_seen.setdefault(row.entry.id, row)
            if earlier is not row:
                problems.append(ImportProblem(
                    row.source, row.number, "id", row.entry.id,
                    f"an id used once per file (also on {earlier.source} row {earlier.number})"))


def _read_json_batch(document: dict[str, Any], source: str,
                     known_medication: MedicationCheck | None,
                     problems: list[ImportProblem]) -> _Batch:
    """Doses, check-ins and settings of a JSON export whose header has been checked;
    every problem is appended to ``problems``."""
    batch = _Batch()
    for kind, reader, target in (
        ("doses", lambda r, p: read_dose(r, p, known_medication), batch.doses),
        ("checkins", read_checkin, batch.checkins),
    ):
        items = document.get(kind, [])
        rows = []
        for number, item in enumerate(items, start=1):
            if isinstance(item, dict):
                rows.append((number, item))
            else:
                problems.append(ImportProblem(f"{source} {kind}", number, "entry",
                                              item, "a JSON object"))
        target.extend(_read_rows(f"{source} {kind}", rows, reader, problems))
    batch.settings = read_settings(document.get("settings", {}), source, problems)
    _check_unique_ids(batch, problems)
    return batch


