"""The two launchers, the one version number, and the installation self-test."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import rebound_tracker
from rebound_tracker.cli import main as cli_main

CHECKOUT = Path(__file__).resolve().parents[2]


def pyproject() -> dict:
    return tomllib.loads((CHECKOUT / "pyproject.toml").read_text())


def test_console_and_gui_scripts_are_separate_entry_points():
    project = pyproject()["project"]
    assert project["scripts"] == {"rebound-tracker": "rebound_tracker.launcher:main"}
    assert project["gui-scripts"] == {"rebound-tracker-gui": "rebound_tracker.gui:main"}


@pytest.mark.parametrize("command", [
    ["meds", "list"], ["dose", "list"], ["settings"], ["schedule"], ["plan", "list"], ["analyze"],
    ["export", "json", "--out", "export.json"],
])
def test_a_command_never_loads_qt_or_the_window_code(tmp_path, command):
    """`rebound-tracker COMMAND` in a fresh interpreter: no PySide6, no ui, no gui."""
    out_dir = tmp_path / "cwd"
    out_dir.mkdir()
    code = ("import sys; from rebound_tracker.launcher import main; "
            f"rc = main(['--data-dir', {str(tmp_path / 'data')!r}, *{command!r}]); "
            "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', "
            "'rebound_tracker.ui', 'rebound_tracker.self_test'))); "
            "print(rc, bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PYTHONPATH": str(CHECKOUT)},
                         cwd=out_dir)
    assert out.stdout.strip().splitlines()[-1] == "0 []", out.stderr


def test_the_command_line_alone_has_no_window_to_open(capsys):
    assert cli_main([]) == 2
    assert "COMMAND" in capsys.readouterr().err


def test_no_command_hands_the_options_to_the_window_opener():
    seen = []

    def opener(data_dir, argv, *, self_test=False, in_tray=False):
        seen.append((data_dir, self_test, in_tray))
        return 0

    assert cli_main(["--data-dir", "/some/where"], open_window=opener) == 0
    assert cli_main(["--self-test"], open_window=opener) == 0
    assert cli_main(["--in-tray"], open_window=opener) == 0  # start at log-in's entry
    assert seen == [("/some/where", False, False), (None, True, False), (None, False, True)]


def test_gui_script_forwards_the_window_options(monkeypatch):
    import rebound_tracker.gui as gui

    seen = []
    monkeypatch.setattr(gui, "launch", lambda data_dir, argv, in_tray=False:
                        seen.append((data_dir, in_tray)) or 0)
    assert gui.main(["--data-dir", "/x", "--in-tray"]) == 0
    assert seen == [("/x", True)]


def test_gui_script_takes_only_the_window_options(capsys):
    from rebound_tracker.gui import main as gui_main

    with pytest.raises(SystemExit) as exit_:
        gui_main(["dose", "list"])
    assert exit_.value.code == 2
    assert "unrecognized arguments: dose list" in capsys.readouterr().err


def test_one_version_number_everywhere(capsys):
    version = rebound_tracker.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert "version" in pyproject()["project"]["dynamic"]
    with pytest.raises(SystemExit):
        cli_main(["--version"])
    assert capsys.readouterr().out.strip() == f"rebound-tracker {version}"
    changelog = (CHECKOUT / "CHANGELOG.md").read_text()
    assert re.search(r"^## \[?(\d+\.\d+\.\d+)", changelog, re.M).group(1) == version
    metainfo = (CHECKOUT / "resources" / "io.github.rebound_tracker.ReboundTracker"
                ".metainfo.xml").read_text()
    assert re.search(r'<release version="([^"]+)"', metainfo).group(1) == version


def test_self_test_passes_on_a_working_installation(tmp_path):
    """What the bundle and the Flatpak run after a build: a fresh process, no screen, and
    the person's data directory (here: the environment's) is never touched."""
    home = tmp_path / "data-dir-that-must-stay-empty"
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT), "REBOUND_TRACKER_DATA_DIR": str(home)}
    env.pop("QT_QPA_PLATFORM", None)
    out = subprocess.run([sys.executable, "-m", "rebound_tracker", "--self-test"],
                         capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert "Qt platform offscreen" in lines[0]
    assert [line.split(":")[0] for line in lines[1:]] == ["ok"] * 6 + ["self-test passed"]
    assert "wrote the appointment PDF" in out.stdout
    assert "wrote a plan's calendar" in out.stdout
    assert not home.exists()


def test_self_test_names_the_step_that_failed(monkeypatch):
    from rebound_tracker import self_test

    def broken_pdf(services, folder, out):
        raise self_test.SelfTestFailed("the appointment PDF starts b'' with 0 pages")

    monkeypatch.setattr(self_test, "_pdf_step", broken_pdf)
    printed: list[str] = []
    assert self_test.run_self_test(printed.append) == 1
    assert printed[-1] == ("self-test FAILED: SelfTestFailed: the appointment PDF starts b'' "
                           "with 0 pages")
