"""Files only their owner can read, written so that a crash never leaves half a file.

Health data leaves the database only through these helpers: exports and backups are created
with mode 0o600 inside directories made with 0o700. A file is written under a temporary name
in the same directory, flushed to disk and then renamed over the target, so the target is
either the old file or the complete new one, never a torn mixture.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from rebound_tracker.domain.errors import ValidationError

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(directory: Path) -> Path:
    """Create ``directory`` and every missing parent owner-only (0700, whatever the umask);
    an existing one is left as it is.

    An existing directory may be the person's own choice (``--out ~/Documents``), so its
    permissions are theirs to decide.
    """
    directory = Path(directory)
    missing = []
    for folder in (directory, *directory.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another instance
            folder.mkdir(mode=DIR_MODE)
            os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    return directory


SQLITE_HEADER = b"SQLite format 3\x00"
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")


def check_output_file(path: Path | str, field: str, *, may_replace_database: bool = False,
                      protected: Iterable[Path] = ()) -> Path:
    """``path`` as a file the app may write (create or atomically replace), else
    ValidationError naming ``field``, before anything is written. Refused: an empty name, a
    folder, something that is not a regular file (a FIFO, a device), an SQLite database
    (unless ``may_replace_database``: a backup over an older backup) or the journal of one,
    and any of ``protected`` (the live database)."""
    text = str(path)
    if not text.strip():
        raise ValidationError(field, text, "a file name")
    path = Path(path)
    if path.is_dir():
        raise ValidationError(field, text, "a file name, not a folder (e.g. "
                              f"{path / 'backup.sqlite3'})")
    if path.exists() and not path.is_file():
        raise ValidationError(field, text, "a regular file or a new name (this is a FIFO, "
                              "device or socket, which would be replaced)")
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise ValidationError(field, text, f"a file in a folder ({folder} is a file)")
            break
    resolved = path.resolve()
    for own in protected:
        own = Path(own).resolve()
        if resolved == own or (resolved.name in (own.name + s for s in JOURNAL_SUFFIXES) \
                and resolved.parent == own.parent):
            raise ValidationError(field, text, "a file other than your Rebound Tracker "
                                  "database (this is it)")
    for suffix in JOURNAL_SUFFIXES:
        if path.name.endswith(suffix) and path.with_name(path.name[:-len(suffix)]).is_file():
            raise ValidationError(field, text, "a file that is not part of an SQLite "
                                  "database (this is the journal of "
                                  f"{path.name[:-len(suffix)]}, which would lose its data)")
    if not may_replace_database and _is_database(path):
        raise ValidationError(field, text, "a new file or one that is not a database (this "
                              "is an SQLite database, which would be replaced: choose "
                              "another name)")
    return path


def _is_database(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def write_private_file(path: Path, data: bytes) -> Path:
    """Atomically replace ``path`` with ``data``, mode 0o600."""
    path = check_output_file(path, "out")
    private_dir(path.parent)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        # mkstemp already creates 0o600; chmod says so explicitly for other platforms.
        os.chmod(temp_name, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_dir(path.parent)
    return path


STALE_S = 3600
"""A temporary file older than this was left by a process that was killed."""


def remove_stale(directory: Path, pattern: str) -> list[Path]:
    """Delete files matching ``pattern`` in ``directory`` not touched for STALE_S seconds:
    temporary copies (``.…part``, a restore's staging copy) a killed process left behind.
    Younger ones may belong to another instance at work and are left alone."""
    removed = []
    now = time.time()
    for path in Path(directory).glob(pattern):
        with contextlib.suppress(OSError):
            if path.is_file() and now - path.stat().st_mtime > STALE_S:
                path.unlink()
                removed.append(path)
    return removed


def fsync_dir(directory: Path) -> None:
    """Make renames and creations in ``directory`` durable."""
    # Makes the rename itself durable on POSIX; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
