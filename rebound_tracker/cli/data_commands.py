"""export, import, backup and restore: moving the data in and out, and getting it back."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from rebound_tracker.app import Services
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.paths import AppPaths
from rebound_tracker.report.import_words import import_summary_text
from rebound_tracker.services.backups import BackupService, DatabaseNotUsable


def add_data_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser("export", help="write your data as CSV or lossless JSON")
    formats = export.add_subparsers(dest="action", metavar="FORMAT", required=True)
    csv_out = formats.add_parser("csv", help="doses.csv and checkins.csv for spreadsheets")
    csv_out.add_argument("--out", required=True, metavar="DIR", help="directory to write into")
    json_out = formats.add_parser("json", help="everything, losslessly, in one JSON file")
    json_out.add_argument("--out", required=True, metavar="FILE")

    import_ = commands.add_parser("import", help="merge an export back in (all or nothing)")
    formats = import_.add_subparsers(dest="action", metavar="FORMAT", required=True)
    json_in = formats.add_parser("json", help="a JSON export; merged by id, repeatable")
    json_in.add_argument("file", metavar="FILE")
    json_in.add_argument("--force", action="store_true", help="import rows above the label "
                         "maximum or in the future too (the form would ask)")
    csv_in = formats.add_parser("csv", help="doses.csv / checkins.csv, or a directory of them")
    csv_in.add_argument("paths", nargs="+", metavar="DIR-OR-FILE")
    csv_in.add_argument("--force", action="store_true", help="import rows above the label "
                        "maximum or in the future too (the form would ask)")

    backup = commands.add_parser("backup", help="back the database up now")
    backup.add_argument("--out", metavar="FILE",
                        help="where to write it (default: backups/ in the data directory)")
    restore = commands.add_parser(
        "restore", help="replace the data with a backup (the current data is kept first)")
    restore.add_argument("file", metavar="FILE")


def export_csv(services: Services, args: argparse.Namespace) -> int:
    if not args.out.strip():
        raise ValidationError("out", args.out, "a folder to write doses.csv and checkins.csv "
                              "into")
    for path in services.portability.export_csv(Path(args.out)):
        print(path)
    return 0


def export_json(services: Services, args: argparse.Namespace) -> int:
    print(services.portability.export_json(Path(args.out)))
    return 0


def import_json(services: Services, args: argparse.Namespace) -> int:
    print(import_summary_text(services.portability.import_json(Path(args.file),
                                                             confirmed=args.force)))
    return 0


def import_csv(services: Services, args: argparse.Namespace) -> int:
    print(import_summary_text(services.portability.import_csv([Path(p) for p in args.paths],
                                                              confirmed=args.force)))
    return 0


def run_backup_command(args: argparse.Namespace) -> int:
    """backup and restore work on the files directly, so they work on a damaged store too."""
    paths = AppPaths.resolve(args.data_dir)
    paths.ensure()
    backups = BackupService(paths)
    if args.command == "backup":
        try:
            print(backups.backup(None if args.out is None else args.out))
        except DatabaseNotUsable as exc:
            exc.newest_backup = backups.newest_backup()
            raise
        return 0
    result = backups.restore(Path(args.file))
    if result.previous_kept_at:
        print(f"the data you had is kept in {result.previous_kept_at}")
    print(f"restored from {result.restored_from}")
    return 0


DATA_HANDLERS: dict[tuple[str, str | None], Callable[[Services, argparse.Namespace], int]] = {
    ("export", "csv"): export_csv,
    ("export", "json"): export_json,
    ("import", "json"): import_json,
    ("import", "csv"): import_csv,
}
