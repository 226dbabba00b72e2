"""Bring the database schema up to date at start-up, backing the file up first.

The Alembic scripts ship inside the package (``rebound_tracker/storage/migrations``) and are
found through ``importlib.resources``; the Alembic Config is built here in code, so no
``alembic.ini`` is needed at run time.

Alembic itself is imported only when a database is not at head already: on an ordinary
start the revision in the file is compared with the newest script's (read from the scripts'
own ``revision`` lines), which saves about 110 ms of start-up (benchmarks/startup.py).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DatabaseError

from rebound_tracker.storage.backup import copy_database, is_good_backup
from rebound_tracker.storage.database import WRITE_OPTION
from rebound_tracker.storage.errors import (
    BackupFailed,
    DatabaseNotUsable,
    NewerSchema,
    UnreadableDatabase,
)
from rebound_tracker.storage.private_files import private_dir, remove_stale

if TYPE_CHECKING:
    from alembic.config import Config

BACKUP_PREFIX = "pre-migration-"
KEEP_PRE_MIGRATION = 10
"""How many pre-migration backups are kept (the newest)."""


def migrations_dir() -> Path:
    """The directory holding env.py and versions/, inside the installed package."""
    location = resources.files("rebound_tracker.storage").joinpath("migrations")
    # Alembic reads scripts from the file system; a zipped install would need extracting.
    return Path(str(location))


def alembic_config(
    connection: Connection | None = None, script_location: Path | None = None
) -> Config:
    """An Alembic Config built in code; ``connection`` is what env.py migrates."""
    from alembic.config import Config

    config = Config()
    location = str(script_location or migrations_dir())
    # Config options go through configparser interpolation: a '%' in the path must be doubled.
    config.set_main_option("script_location", location.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _scripts(script_location: Path | None = None):
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(None, script_location))


_REVISION_LINE = re.compile(r"""^(down_revision|revision)\b[^=]*=\s*["']([^"']+)["']""", re.M)


def _declared(script_location: Path | None = None) -> tuple[set[str], set[str]] | None:
    """(revisions, the revisions they build on) read from the scripts' ``revision`` and
    ``down_revision`` lines without Alembic; None for a script without a revision line."""
    revisions, parents = set(), set()
    for script in (Path(script_location or migrations_dir()) / "versions").glob("*.py"):
        found = dict((k, v) for k, v in _REVISION_LINE.findall(script.read_text("utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        if "down_revision" in found:
            parents.add(found["down_revision"])
    return revisions, parents


def declared_head(script_location: Path | None = None) -> str | None:
    """The head revision read from the scripts' ``revision``/``down_revision`` lines without
    Alembic: the one revision no script builds on. None if that is not clear-cut (a
    branch, a merge, a script it cannot read), and Alembic is asked instead."""
    declared = _declared(script_location)
    heads = declared[0] - declared[1] if declared else set()
    return next(iter(heads)) if len(heads) == 1 else None


def _stored_revision(engine: Engine) -> str | None:
    """The database's revision read with plain SQL (None without the Alembic table)."""
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        try:
            rows = raw.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.OperationalError:
            return None
    return rows[0][0] if len(rows) == 1 else None


def head_revision(script_location: Path | None = None) -> str:
    """The newest schema revision this version of the app knows."""
    head = _scripts(script_location).get_current_head()
    if head is None:
        raise RuntimeError("no migration scripts found")
    return head


def known_revisions(script_location: Path | None = None) -> frozenset[str]:
    """Every schema revision this version of the app can upgrade from (read from the
    scripts without Alembic when the history is a plain line, as on every start)."""
    declared = _declared(script_location)
    if declared is not None and declared_head(script_location) is not None:
        return frozenset(declared[0])
    scripts = _scripts(script_location)
    return frozenset(script.revision for script in scripts.walk_revisions())


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None if it has never been migrated."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(
    engine: Engine,
    db_path: Path,
    backups_dir: Path,
    *,
    script_location: Path | None = None,
) -> Path | None:
    """Upgrade the database to the newest schema; returns the backup written, if any.

    A database that already holds tables and is not at head is first copied with SQLite's
    online backup API to ``backups_dir/pre-migration-<UTC time>-<revision>.sqlite3``
    (owner-only), and the copy is checked before anything is changed. A new, empty database
    gets no backup. The upgrade runs as one transaction: on failure nothing changes.

    Raises UnreadableDatabase (not SQLite, damaged), NewerSchema (from a newer app version)
    or BackupFailed; in each case the file is left as it was.
    """
    db_path = Path(db_path)
    try:
        fast_head = declared_head(script_location)
        if fast_head is not None and _stored_revision(engine) == fast_head:
            return None  # the ordinary start: nothing to do, Alembic not even imported
    except DatabaseError as exc:
        raise UnreadableDatabase(db_path, f"cannot be read as a database ({exc.orig})") from exc
    except sqlite3.DatabaseError as exc:
        raise UnreadableDatabase(db_path, f"cannot be read as a database ({exc})") from exc
    from alembic.runtime.migration import MigrationContext

    scripts = _scripts(script_location)
    head = scripts.get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            has_tables = bool(inspect(connection).get_table_names())
    except DatabaseError as exc:
        raise UnreadableDatabase(db_path, f"cannot be read as a database ({exc.orig})") from exc
    if current == head:
        return None
    if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
        raise NewerSchema(db_path, current)

    backup = _write_backup(engine, db_path, backups_dir, current) if has_tables else None
    _run_upgrade(engine, alembic_config(None, script_location), db_path)
    return backup


def _run_upgrade(engine: Engine, config: Config, db_path: Path) -> None:
    from alembic import command

    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        # Batch migrations rebuild tables (copy, drop, rename). With foreign keys on, dropping
        # a referenced table would fire ON DELETE actions, so they are off for the upgrade and
        # checked at the end instead. The PRAGMA is ignored inside a transaction, hence here,
        # before SQLAlchemy begins one.
        raw.execute("PRAGMA foreign_keys = OFF")
        # BEGIN IMMEDIATE: a second instance starting at the same moment waits for this
        # upgrade instead of interleaving with it.
        connection.execution_options(**{WRITE_OPTION: True})
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseNotUsable(
                        db_path, f"migration would break {len(broken)} foreign key references"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def _write_backup(engine: Engine, db_path: Path, backups_dir: Path, revision: str | None) -> Path:
    backups_dir = private_dir(Path(backups_dir))
    target = _backup_name(backups_dir, revision or "base")
    try:
        with engine.connect() as connection:
            source = connection.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)
            written = copy_database(source, target, unique=True)
    except BackupFailed as exc:
        raise BackupFailed(db_path, f"was not upgraded: its backup {exc.reason}") from exc
    except (sqlite3.Error, DatabaseError, OSError) as exc:
        raise BackupFailed(db_path, f"was not upgraded: a backup to {target} could not be "
                           f"written ({exc})") from exc
    prune_backups(backups_dir, BACKUP_PREFIX, KEEP_PRE_MIGRATION)
    return written


def prune_backups(backups_dir: Path, prefix: str, keep: int, *,
                  protect: Iterable[Path] = ()) -> list[Path]:
    """Keep the newest ``keep`` good backups named ``prefix*.sqlite3``; returns those deleted.

    Only a file that opens and passes ``integrity_check`` counts as a backup: older good ones
    and empty files under such a name are deleted, a non-empty file that does not verify is
    neither counted nor deleted (it may hold something), nor is any file in ``protect`` (one
    that an operation in progress has chosen, such as the source of a restore). Names carry a
    sortable UTC stamp, so name order is age order whatever the file times say.
    """
    backups_dir = Path(backups_dir)
    protected = {Path(p).resolve() for p in protect}
    found = sorted(backups_dir.glob(f"{prefix}*.sqlite3"), key=_backup_sort_key, reverse=True)
    doomed, good = [], 0
    for path in found:
        try:
            empty = path.stat().st_size == 0
        except OSError:
            continue
        if path.resolve() in protected:
            continue
        if empty:
            doomed.append(path)
        elif is_good_backup(path):
            good += 1
            if good > keep:
                doomed.append(path)
    doomed += remove_stale(backups_dir, f".{prefix}*.part")
    for path in doomed:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return doomed


def _backup_sort_key(path: Path) -> tuple[str, int]:
    # "...Z-0001.sqlite3" < "...Z-0001-2.sqlite3": the counter breaks ties within a second.
    stem = path.name.removesuffix(".sqlite3")
    head, _, counter = stem.rpartition("-")
    return (head, int(counter)) if counter.isdigit() and len(counter) < 3 else (stem, 1)


def _backup_name(backups_dir: Path, revision: str, now: datetime | None = None) -> Path:
    """The name a pre-migration backup gets (``copy_database(unique=True)`` adds ``-2`` …)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return backups_dir / f"{BACKUP_PREFIX}{stamp}-{revision}.sqlite3"


__all__ = [
    "alembic_config",
    "current_revision",
    "head_revision",
    "known_revisions",
    "migrations_dir",
    "upgrade_to_head",
]
