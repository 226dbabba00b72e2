"""Where data goes, and that the installed package carries its resources."""

from __future__ import annotations

import importlib.metadata
import stat
from pathlib import Path

import pytest

from rebound_tracker.paths import DATA_DIR_ENV, AppPaths


def test_explicit_data_dir_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert AppPaths.resolve(tmp_path / "flag").data_dir == tmp_path / "flag"
    assert AppPaths.resolve(None).data_dir == tmp_path / "env"


def test_default_is_the_platform_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert AppPaths.resolve().data_dir == tmp_path / "rebound-tracker"


def test_data_dir_is_private(tmp_path):
    paths = AppPaths.resolve(tmp_path / "data")
    paths.ensure()
    for directory in (paths.data_dir, paths.backups_dir):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_installed_wheel_ships_the_medication_library():
    """The suite runs against the installed wheel (pytest -P); check what it contains."""
    try:
        files = importlib.metadata.files("rebound-tracker")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("running from a source tree, not an installed wheel")
    import rebound_tracker

    installed = Path(rebound_tracker.__file__).resolve()
    if not any(Path(f.locate()).resolve() == installed for f in files or []):
        pytest.skip("the imported package is not the installed distribution")
    shipped = [str(f) for f in files or [] if "rebound_tracker/medications/" in str(f)]
    assert any(name.endswith(".json") for name in shipped)


def test_the_source_tree_runs_as_checked_out(tmp_path):
    """`python -m rebound_tracker` from a checkout finds the library with no manual step."""
    import os
    import subprocess
    import sys

    import rebound_tracker

    checkout = Path(__file__).resolve().parents[2]
    if not (checkout / "rebound_tracker" / "__main__.py").exists():
        pytest.skip("not run from a checkout")
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run(
        [sys.executable, "-c",
         "import rebound_tracker, runpy, sys; print(rebound_tracker.__file__, flush=True); "
         "sys.argv = ['rebound-tracker', '--data-dir', sys.argv[1], 'meds', 'list']; "
         "runpy.run_module('rebound_tracker', run_name='__main__')", str(tmp_path / "d")],
        cwd=checkout, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    first, rest = out.stdout.split("\n", 1)
    assert Path(first).resolve().is_relative_to(checkout / "rebound_tracker")
    assert "concerta" in rest.lower()
    assert rebound_tracker.__name__ == "rebound_tracker"
