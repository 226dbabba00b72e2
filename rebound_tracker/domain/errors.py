"""Errors that carry what the user needs to correct bad input."""

from __future__ import annotations

import errno
import os
from typing import ClassVar

SHOWN_CHARS = 200


def shown_value(value: object) -> str:
    """``repr(value)`` for a message, at most ~200 characters (a 5,000-digit number or a
    50 kB note is shown by its start and its size)."""
    try:
        text = repr(value)
    except ValueError:  # an int past Python's 4,300-digit conversion limit
        return f"<a number of more than {4300:,} digits>"
    if len(text) <= SHOWN_CHARS:
        return text
    return f"{text[:160]}… ({len(text):,} characters)"


class ReboundError(Exception):
    """Base class of every error the application reports to the user."""


class ValidationError(ReboundError):
    """Bad input: names the field, the value given and what is accepted."""

    def __init__(self, field: str, value: object, accepted: str) -> None:
        self.field = field
        self.value = value
        self.accepted = accepted
        super().__init__(f"{field}: {shown_value(value)} is not accepted; {accepted}")


class NeedsConfirmation(ReboundError):
    """Implausible but possible input (above the label maximum, in the future).

    The caller must ask the person (GUI) or require ``--force`` (CLI) and retry with
    confirmation; nothing has been written.
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {value!r} {reason}")


class NotFound(ReboundError):
    """An entry id that does not exist in the store."""

    def __init__(self, kind: str, entry_id: str) -> None:
        self.kind = kind
        self.entry_id = entry_id
        super().__init__(f"no {kind} with id {shown_value(entry_id)}")


class ImportProblem:
    """One thing wrong in an import file: where (file, row), which field, the value, what fits."""

    __slots__ = ("accepted", "field", "row", "source", "value")

    def __init__(self, source: str, row: int | None, field: str, value: object,
                 accepted: str) -> None:
        self.source = source
        self.row = row
        self.field = field
        self.value = value
        self.accepted = accepted

    def __repr__(self) -> str:
        return f"ImportProblem({self})"

    def __str__(self) -> str:
        where = self.source if self.row is None else f"{self.source} row {self.row}"
        return f"{where}, {self.field}: {shown_value(self.value)} is not accepted; " \
            f"{self.accepted}"


MAX_IMPORT_BYTES = 256 * 1024 * 1024
"""The largest file an import reads: 50 times a 5-year export (~5 MB). A device such as
/dev/zero, or a file of gigabytes, would otherwise be read until memory runs out."""


def input_file_problem(path: str | os.PathLike[str], source: str) -> ImportProblem | None:
    """Why ``path`` cannot be read as an import file (missing, a folder, a FIFO or device,
    larger than MAX_IMPORT_BYTES), or None."""
    import stat

    try:
        info = os.stat(path)
    except FileNotFoundError:
        return ImportProblem(str(path), None, "file", str(path), "an existing file")
    except OSError as exc:
        return ImportProblem(str(path), None, "file", exc.strerror, "a readable file")
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        return ImportProblem(str(path), None, "file", f"{path} ({kind})", "a regular file")
    if info.st_size > MAX_IMPORT_BYTES:
        return ImportProblem(source, None, "file", f"{info.st_size:,} bytes",
                             f"a file of at most {MAX_IMPORT_BYTES // 2**20} MB")
    return None


class ImportRejected(ValidationError):
    """An import file with one or more bad rows. Nothing was written.

    ``problems`` lists every problem found (the message shows the first
    ``SHOWN_PROBLEMS``); the first one also fills ``field``/``value``/``accepted``, so a
    caller that handles any ValidationError still shows something precise.
    """

    SHOWN_PROBLEMS = 20

    def __init__(self, problems: list[ImportProblem]) -> None:
        if not problems:
            raise ValueError("ImportRejected needs at least one problem")
        self.problems = list(problems)
        first = problems[0]
        super().__init__(first.field, first.value, first.accepted)
        shown = [str(p) for p in problems[: self.SHOWN_PROBLEMS]]
        more = len(problems) - len(shown)
        if more:
            shown.append(f"… and {more} more")
        count = len(problems)
        self.args = (f"{count} problem{'s' if count != 1 else ''} in the import:\n  "
                     + "\n  ".join(shown),)

    def __str__(self) -> str:
        return str(self.args[0])


class StoreUnavailable(ReboundError):
    """The store could not take a write (or a read) right now; nothing was changed.

    ``kind`` says why, so every front end can say what to do: ``busy`` (another program —
    the command line, a backup — holds the write lock), ``full`` (the disk is full),
    ``read-only`` (the file or its folder cannot be written), ``unreachable`` (the file or
    its folder cannot be opened: removed, unmounted, no permission).
    """

    ADVICE: ClassVar[dict[str, str]] = {
        "busy": "another program (the command line, a backup or an import) is writing to "
                "your log right now; try again in a moment",
        "full": "the disk that holds your log is full; free some space and try again",
        "read-only": "the file or folder of your log cannot be written (a read-only disk "
                     "or its permissions); nothing was changed",
        "unreachable": "the file or folder of your log cannot be opened (moved, unmounted "
                       "or no permission)",
    }

    def __init__(self, kind: str, detail: str = "") -> None:
        self.kind = kind
        self.detail = detail
        super().__init__(f"Not saved: {self.ADVICE.get(kind, detail)}.")

    HEADLINE: ClassVar[dict[str, str]] = {
        "busy": "is busy", "full": "is on a full disk", "read-only": "cannot be written here",
        "unreachable": "cannot be reached",
    }
    WHAT_TO_DO: ClassVar[dict[str, str]] = {
        "busy": "Another program (the window, a backup or an import) is writing to it right "
                "now. Try again in a moment.",
        "full": "The disk is full: your data is not damaged and nothing was changed. Free "
                "some space on that disk and try again (do not restore a backup: it needs "
                "space too).",
        "read-only": "That disk or folder cannot be written (mounted read-only, or its "
                     "permissions): your data is not damaged and nothing was changed. Make "
                     "it writable, or copy the data directory somewhere writable and use "
                     "--data-dir.",
        "unreachable": "The file or its folder cannot be opened (moved, unmounted or no "
                       "permission). Nothing was changed.",
    }

    def explained(self) -> tuple[str, str]:
        """(what happened, what to do) for a person whose data could not be opened or
        written: the command line's message and the window's start-up dialog."""
        headline = self.HEADLINE.get(self.kind, "cannot be used now")
        what = f"Your data {headline}" + (f" ({self.detail})." if self.detail else ".")
        return what, self.WHAT_TO_DO.get(self.kind, "")

    @property
    def advice(self) -> str:
        """What happened and what to do, without the "Not saved" of a refused entry."""
        return self.ADVICE.get(self.kind, self.detail)


_ERRNO_KINDS = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EFBIG: "full",  # a file-size limit (RLIMIT_FSIZE, a FAT volume): no room either
    errno.EROFS: "read-only",
    errno.EACCES: "read-only",
    errno.EPERM: "read-only",
}


def errno_kind(error: OSError) -> str | None:
    """``full``/``read-only`` (a StoreUnavailable kind) for an OSError that means the file
    system refused a write, else None. Here, not in storage/, so the command line can word
    an OSError of its own output file without reaching the storage layer."""
    return _ERRNO_KINDS.get(error.errno) if error.errno is not None else None
