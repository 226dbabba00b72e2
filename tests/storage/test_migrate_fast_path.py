"""An ordinary start (the store already at the newest schema) skips Alembic altogether;
the head it reads from the scripts is the one Alembic finds."""

from __future__ import annotations

import subprocess
import sys

from rebound_tracker.storage.migrate import declared_head, head_revision, migrations_dir

CHECK = """
import sys
from rebound_tracker.app import open_services
services = open_services(sys.argv[1])
services.close()
print("alembic" in sys.modules)
"""


def test_declared_head_is_alembics_head():
    assert declared_head() == head_revision()


def test_a_branch_or_unreadable_script_leaves_it_to_alembic(tmp_path):
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (versions / "b.py").write_text('revision = "b"\ndown_revision = "a"\n')
    assert declared_head(tmp_path) == "b"
    (versions / "c.py").write_text('revision = "c"\ndown_revision = "a"\n')  # two heads
    assert declared_head(tmp_path) is None
    (versions / "c.py").write_text("# no revision line\n")
    assert declared_head(tmp_path) is None
    assert (migrations_dir() / "versions").is_dir()


def test_opening_a_store_at_head_does_not_import_alembic(tmp_path):
    data = str(tmp_path / "data")
    first = subprocess.run([sys.executable, "-c", CHECK, data], capture_output=True,
                           text=True, check=True)
    assert first.stdout.strip() == "True"  # a new store is migrated by Alembic
    again = subprocess.run([sys.executable, "-c", CHECK, data], capture_output=True,
                           text=True, check=True)
    assert again.stdout.strip() == "False"


def test_known_revisions_read_from_the_scripts_are_alembics():
    from alembic.script import ScriptDirectory

    from rebound_tracker.storage.migrate import alembic_config, known_revisions

    scripts = ScriptDirectory.from_config(alembic_config())
    assert known_revisions() == {s.revision for s in scripts.walk_revisions()}
