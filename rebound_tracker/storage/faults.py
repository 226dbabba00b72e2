"""Telling "this place cannot be written now" apart from "this file is damaged".

SQLite reports a full disk in several ways: ``database or disk is full`` when a page write
fails, but ``disk I/O error`` (SQLITE_IOERR_SHMSIZE, _WRITE, _FSYNC …) when the WAL index or
the journal cannot grow, and ``unable to open database file`` when a read-only mount keeps it
from creating the WAL index. None of these says anything about the file's content, so an
I/O-class error is answered by looking at the place itself: a read-only mount, or a small
probe write there that the file system refuses (ENOSPC, EDQUOT, EFBIG, EROFS, EACCES).
Only when the place takes the probe is the error about the file.

Every fault goes through :func:`unavailable_kind`, so the engine's ``handle_error`` hook,
the start-up check and the backup/restore copies all give the same answer.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from rebound_tracker.domain.errors import StoreUnavailable, errno_kind

PROBE_BYTES = 64 * 1024
"""What the probe writes: twice the WAL index's first page, the first thing SQLite grows."""

_MESSAGE_KINDS = (
    ("database is locked", "busy"),
    ("database table is locked", "busy"),
    ("database or disk is full", "full"),
    ("readonly database", "read-only"),
    ("read-only", "read-only"),
    ("unable to open database file", "unreachable"),
)

_PLACE_CODES = ("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_FULL", "SQLITE_READONLY")
"""Error codes that may come from the place rather than the file: these get the probe."""


def place_kind(directory: Path, probe_bytes: int = PROBE_BYTES) -> str | None:
    """Why ``directory`` cannot take a write of ``probe_bytes`` now (``full``, ``read-only``,
    ``unreachable``), or None if it can. Writes and removes a probe file of that size."""
    directory = Path(directory)
    if not directory.is_dir():
        return "unreachable"
    if hasattr(os, "statvfs"):
        try:
            if os.statvfs(directory).f_flag & os.ST_RDONLY:
                return "read-only"
        except OSError:
            return "unreachable"
    try:
        fd, name = tempfile.mkstemp(prefix=".rebound-probe-", suffix=".part", dir=directory)
    except OSError as exc:
        return errno_kind(exc) or "unreachable"
    try:
        left = probe_bytes
        chunk = b"\0" * min(left, 1 << 20)
        while left > 0:  # a write near the limit is short; the next one says why
            left -= os.write(fd, chunk[:left])
    except OSError as exc:
        return errno_kind(exc) or "unreachable"
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name)
    return None


def unavailable_kind(error: BaseException, directory: Path | None = None,
                     probe_bytes: int = PROBE_BYTES) -> str | None:
    """``busy``/``full``/``read-only``/``unreachable`` when ``error`` means the store cannot
    be used right now although the file itself may be fine; None when it is about the file.

    ``directory`` is where the database lives: an I/O-class SQLite error is checked there
    with a probe of ``probe_bytes`` (a copy passes its own size).
    """
    if isinstance(error, StoreUnavailable):
        return error.kind
    if isinstance(error, OSError):
        return errno_kind(error)
    if not isinstance(error, sqlite3.Error):
        return None
    name = getattr(error, "sqlite_errorname", "") or ""
    if directory is not None and name.startswith(_PLACE_CODES):
        kind = place_kind(directory, probe_bytes)
        if kind is not None:
            return kind
    if name.startswith("SQLITE_IOERR"):
        return None  # the place takes writes: the error is about the file
    message = str(error).lower()
    return next((kind for text, kind in _MESSAGE_KINDS if text in message), None)


def raise_if_unavailable(error: BaseException, directory: Path | None,
                         probe_bytes: int = PROBE_BYTES) -> None:
    """Raise StoreUnavailable from ``error`` if it is a fault of the place (see above)."""
    kind = unavailable_kind(error, directory, probe_bytes)
    if kind is not None:
        # SQLite's own words ("disk I/O error") mean nothing to a person: name the place.
        detail = str(directory) if isinstance(error, sqlite3.Error) and directory else str(error)
        raise StoreUnavailable(kind, detail) from error


def require_free_space(directory: Path, needed: int, what: str) -> None:
    """Raise StoreUnavailable("full") unless ``directory`` has ``needed`` bytes free."""
    free = shutil.disk_usage(directory).free
    if free < needed:
        raise StoreUnavailable("full", f"{what} needs {_size(needed)} free in {directory}; "
                               f"there are {_size(free)}")


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count / 1e3:.0f} kB"
