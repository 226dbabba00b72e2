"""Command line: parse arguments, call services, print. See PRODUCT.md for the contract."""

from __future__ import annotations

import os
import sys
import traceback
from typing import TYPE_CHECKING, Protocol

from rebound_tracker.cli.parser import build_parser
from rebound_tracker.domain.errors import NeedsConfirmation, NotFound, ValidationError

if TYPE_CHECKING:
    from rebound_tracker.storage.errors import DatabaseNotUsable

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2


class WindowOpener(Protocol):
    """Opens the window (or runs its offscreen self-test) and returns the exit status; handed
    in by the launcher, so the command line never imports window code."""

    def __call__(self, data_dir: str | None, argv: list[str], *,
                 self_test: bool = False, in_tray: bool = False) -> int: ...


def _database_not_usable() -> type[DatabaseNotUsable]:
    """Imported only when an error is being matched: opening the window must not wait for
    SQLAlchemy to load before anything is on screen."""
    from rebound_tracker.storage.errors import DatabaseNotUsable

    return DatabaseNotUsable


def database_message(exc: DatabaseNotUsable) -> str:
    """What to tell a person whose database cannot be opened: which file, that it is kept,
    and the way back to their newest backup."""
    from rebound_tracker.storage.errors import BackupFailed, NewerSchema

    lines = [f"error: the database {exc.path} {exc.reason}.",
             "It has been left exactly as it is; nothing was written."]
    if isinstance(exc, BackupFailed):
        # The database is fine; only the copy failed. Restoring would be the wrong advice.
        lines[0] = f"error: {exc.path} {exc.reason}."
        lines[1] = "Your database was not changed."
    elif isinstance(exc, NewerSchema):
        lines.append("Install the newer version of Rebound Tracker that wrote it.")
    elif exc.newest_backup:
        lines.append(f"The newest backup is {exc.newest_backup}. To go back to it (your current"
                     f" file is kept in the backups folder):")
        lines.append(f"  rebound-tracker restore {exc.newest_backup}")
    else:
        lines.append("No backup was found in the backups folder of the data directory.")
    return "\n".join(lines)


def unavailable_message(kind: str, detail: str) -> str:
    """What to tell a person whose store (or output file) cannot be written or read now."""
    from rebound_tracker.domain.errors import StoreUnavailable

    what, to_do = StoreUnavailable(kind, detail).explained()
    return "\n".join(line for line in (f"error: {what[0].lower()}{what[1:]}", to_do) if line)


def _place_fault(exc: BaseException) -> tuple[str, str] | None:
    """(kind, detail) for a StoreUnavailable or an OSError the file system gave."""
    from rebound_tracker.domain.errors import StoreUnavailable, errno_kind

    if isinstance(exc, StoreUnavailable):
        return exc.kind, exc.detail
    if isinstance(exc, OSError):
        kind = errno_kind(exc)
        if kind is not None:
            where = f"{exc.filename}: " if exc.filename else ""
            return kind, f"{where}{exc.strerror}"
    return None


def main(argv: list[str] | None = None, open_window: WindowOpener | None = None) -> int:
    """Run the command line; returns the process exit status.

    With no command (or ``--self-test``) it calls ``open_window``; without one (the command
    line used as a library) that is bad input.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None or args.self_test:
            if open_window is None:
                print("error: COMMAND: none given; this entry point has no window. "
                      "Give a command (see --help), or run rebound-tracker-gui.",
                      file=sys.stderr)
                return EXIT_BAD_INPUT
            return open_window(args.data_dir, [sys.argv[0]], self_test=args.self_test,
                               in_tray=args.in_tray)
        from rebound_tracker.cli.commands import run_command

        return run_command(args)
    except NeedsConfirmation as exc:
        print(f"error: {exc}. Nothing was written; repeat with --force if it is right.",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    except _database_not_usable() as exc:
        print(database_message(exc), file=sys.stderr)
        return EXIT_ERROR
    except (ValidationError, NotFound) as exc:
        print(f"error: {exc}. Nothing was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped reading (`dose list | head -1`): not an error
        _silence_stdout()
        return 0
    except Exception as exc:  # the last line of defence: a message, not a traceback
        fault = _place_fault(exc)
        if fault is not None:
            print(unavailable_message(*fault), file=sys.stderr)
            return EXIT_ERROR
        if args.debug or os.environ.get("REBOUND_TRACKER_DEBUG"):
            traceback.print_exc()
        else:
            print(f"error: {exc.__class__.__name__}: {exc} (run with --debug for details)",
                  file=sys.stderr)
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at the null device so the interpreter's final flush of what the closed
    pipe did not take raises nothing more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
