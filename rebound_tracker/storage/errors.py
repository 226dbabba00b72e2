"""Why the database could not be opened or brought up to date. Nothing was overwritten."""

from __future__ import annotations

from pathlib import Path

from rebound_tracker.domain.errors import ReboundError


class DatabaseNotUsable(ReboundError):
    """The database file cannot be used as it is; it was left untouched."""

    newest_backup: Path | None = None
    """Filled in by whoever knows where backups live, so the message can offer one."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UnreadableDatabase(DatabaseNotUsable):
    """Not an SQLite database, damaged, or not readable by this user."""


class NewerSchema(DatabaseNotUsable):
    """Written by a newer version of the app (a schema revision this version does not know)."""

    def __init__(self, path: Path, revision: str) -> None:
        self.revision = revision
        super().__init__(
            path, f"was written by a newer version of Rebound Tracker (schema {revision!r})"
        )


class BackupFailed(DatabaseNotUsable):
    """The pre-migration backup could not be written or did not verify; nothing migrated."""
