"""Real file-system faults for the data-safety tests: a tiny tmpfs that can be filled to the
last few kilobytes or remounted read-only (needs root and ``mount``; tests skip cleanly
otherwise), and a file-size limit (RLIMIT_FSIZE) that works for any user."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

FILLER = "filler.bin"


def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


class TinyDisk:
    """A mounted tmpfs of ``size`` bytes at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fill(self, leave: int = 0) -> None:
        """Fill the disk, then give back ``leave`` bytes (rounded to the 4 KiB pages)."""
        filler = self.path / FILLER
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\xff" * 65536)
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\xff" * 512)
            size = os.fstat(fd).st_size
            os.ftruncate(fd, max(0, size - leave))
        finally:
            os.close(fd)

    def free(self) -> None:
        (self.path / FILLER).unlink(missing_ok=True)

    @property
    def free_bytes(self) -> int:
        return shutil.disk_usage(self.path).free

    @contextlib.contextmanager
    def read_only(self) -> Iterator[None]:
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(self.path)], check=True)


@contextlib.contextmanager
def tiny_disk(where: Path, size: str = "2m") -> Iterator[TinyDisk]:
    if not can_mount():
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                           str(where)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield TinyDisk(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def run_cli_limited(data_dir: Path, *args: str, max_file_bytes: int | None = None,
                    env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``rebound-tracker --data-dir DATA_DIR ARGS`` in a child whose files cannot grow past
    ``max_file_bytes`` (RLIMIT_FSIZE: writes beyond it fail with EFBIG, as on a full disk;
    Python ignores SIGXFSZ). Works for any user."""

    def limit() -> None:
        if max_file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    return subprocess.run(
        [sys.executable, "-m", "rebound_tracker", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, preexec_fn=limit, env=env, timeout=120)
