"""Start at log-in: the entry is written, read back and removed; a foreign one is kept."""

from __future__ import annotations

import plistlib
import shlex

import pytest

from rebound_tracker.services.autostart import apply_start_at_login, is_start_at_login


def test_linux_autostart_entry_is_written_and_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = apply_start_at_login(True, "linux", tmp_path)
    assert path == tmp_path / "config" / "autostart" / "rebound-tracker.desktop"
    text = path.read_text()
    assert "[Desktop Entry]" in text and "Type=Application" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert shlex.split(exec_line[5:])[-3:] == ["-m", "rebound_tracker", "--in-tray"]
    assert is_start_at_login("linux", tmp_path)
    apply_start_at_login(False, "linux", tmp_path)
    assert not path.exists() and not is_start_at_login("linux", tmp_path)


def test_an_entry_the_app_did_not_write_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "config" / "autostart" / "rebound-tracker.desktop"
    path.parent.mkdir(parents=True)
    path.write_text("[Desktop Entry]\nExec=something-else\n")
    with pytest.raises(OSError, match="not written by Rebound Tracker"):
        apply_start_at_login(False, "linux", tmp_path)
    assert path.read_text() == "[Desktop Entry]\nExec=something-else\n"


def test_macos_launch_agent_is_a_valid_plist(tmp_path):
    """The macOS code path, exercised on Linux (launchd itself is untested)."""
    path = apply_start_at_login(True, "darwin", tmp_path)
    agent = plistlib.loads(path.read_bytes())
    assert agent["RunAtLoad"] is True and agent["ProgramArguments"][-1] == "--in-tray"
    apply_start_at_login(False, "darwin", tmp_path)
    assert not path.exists()


def test_the_setting_drives_the_entry_from_the_command_line(tmp_path, monkeypatch):
    from rebound_tracker.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path))
    entry = tmp_path / "config" / "autostart" / "rebound-tracker.desktop"
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "settings", "set", "start_at_login", "on"]) == 0
    assert entry.exists()
    assert main(["--data-dir", data, "settings", "set", "start_at_login", "off"]) == 0
    assert not entry.exists()
