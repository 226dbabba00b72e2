"""Files the app writes for the person (a PDF, an export): checked before they replace one.

The report layer renders into a temporary file; :func:`publish` then makes sure the disk
really took all of it (flushed, and whole by the format's own measure) before the atomic
rename, so a full disk never puts a truncated file where a good one was.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rebound_tracker.domain.errors import ReboundError, StoreUnavailable
from rebound_tracker.storage.faults import errno_kind, place_kind
from rebound_tracker.storage.private_files import FILE_MODE, check_output_file, fsync_dir


class IncompleteFile(ReboundError):
    """A file came out incomplete for no reason the file system gave; nothing was replaced."""


def publish(temp: Path, out: Path, is_whole: Callable[[Path], bool]) -> Path:
    """Move the finished ``temp`` over ``out`` (mode 0600) once it is on disk and whole.

    Raises StoreUnavailable (``full``/``read-only`` …) or IncompleteFile otherwise, leaving
    ``out`` as it was; ``temp`` is the caller's to remove.
    """
    try:
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
    except OSError as exc:
        kind = errno_kind(exc)
        if kind is None:
            raise
        raise StoreUnavailable(kind, f"{out} could not be written") from exc
    if not is_whole(temp):
        kind = place_kind(Path(out).parent)
        if kind is not None:
            raise StoreUnavailable(kind, f"{out} could not be written whole; the earlier "
                                   "file is kept")
        raise IncompleteFile(f"{out} came out incomplete; the earlier file is kept")
    os.chmod(temp, FILE_MODE)
    os.replace(temp, out)
    fsync_dir(Path(out).parent)
    return Path(out)


def pdf_is_whole(path: Path) -> bool:
    """A PDF ends with its trailer's ``%%EOF`` (after the cross-reference table)."""
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - 1024))
        tail = handle.read()
    return size > 0 and tail.rstrip().endswith(b"%%EOF") and b"startxref" in tail


__all__ = ["IncompleteFile", "check_output_file", "pdf_is_whole", "publish"]
