"""Where the app keeps its files: platformdirs by default, or an explicit data directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "rebound-tracker"
DATA_DIR_ENV = "REBOUND_TRACKER_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    """All the paths the app writes, derived from one data directory."""

    data_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        """``--data-dir`` first, then ``REBOUND_TRACKER_DATA_DIR``, then platformdirs."""
        chosen = data_dir or os.environ.get(DATA_DIR_ENV)
        if chosen:
            return cls(Path(chosen).expanduser().resolve())
        import platformdirs

        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))

    @property
    def database(self) -> Path:
        return self.data_dir / "rebound-tracker.sqlite3"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    def ensure(self) -> None:
        """Create the data and backup directories, readable by the owner only (every folder
        made on the way to them too: ``--data-dir a/b/c`` makes a, b and c 0700)."""
        missing = [d for d in (self.backups_dir, self.data_dir, *self.data_dir.parents)
                   if not d.is_dir()]
        for directory in reversed(missing):
            try:
                directory.mkdir(exist_ok=True, mode=0o700)
            except (FileExistsError, NotADirectoryError, FileNotFoundError) as exc:
                from rebound_tracker.domain.errors import ValidationError

                raise ValidationError("data-dir", str(self.data_dir),
                                      f"a folder (or a place to make one); {directory} "
                                      f"{'is a file' if directory.exists() else 'cannot be made'}"
                                      ) from exc
            os.chmod(directory, 0o700)  # mkdir's mode is filtered by the umask
