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
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(directory: Path) -> Path:
    """Create ``directory`` (and parents) owner-only if missing; an existing one is left as is.

    An existing directory may be the person's own choice (``--out ~/Documents``), so its
    permissions are theirs to decide.
    """
    directory = Path(directory)
    if not directory.is_dir():
        directory.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        os.chmod(directory, DIR_MODE)  # mkdir's mode is filtered by the umask
    return directory


def write_private_file(path: Path, data: bytes) -> Path:
    """Atomically replace ``path`` with ``data``, mode 0o600."""
    path = Path(path)
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
