"""Start at log-in: the per-platform entry that starts Rebound Tracker in the tray.

- Linux (and other freedesktop desktops): ``$XDG_CONFIG_HOME/autostart/rebound-tracker.desktop``
  (XDG Autostart specification). Tested.
- macOS: ``~/Library/LaunchAgents/org.reboundtracker.app.plist`` with ``RunAtLoad``
  (launchd). Written by the code below, **not tested on a Mac**.
- Windows: the ``Rebound Tracker`` value under
  ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``. Written by the code below,
  **not tested on Windows**.

The entry starts the same Python with ``-m rebound_tracker --in-tray``, so it works from a
virtual environment, a wheel or a frozen build alike. Only the entry this module writes is
ever removed.
"""

from __future__ import annotations

import logging
import os
import plistlib
import shlex
import sys
from pathlib import Path

DESKTOP_NAME = "rebound-tracker.desktop"
LAUNCH_AGENT = "org.reboundtracker.app"
RUN_VALUE = "Rebound Tracker"
MARK = "X-Rebound-Tracker-Autostart=true"
log = logging.getLogger(__name__)


def launch_command() -> list[str]:
    """The command that starts the app hidden in the tray."""
    if getattr(sys, "frozen", False):  # a PyInstaller build: the executable is the app
        return [sys.executable, "--in-tray"]
    return [sys.executable, "-m", "rebound_tracker", "--in-tray"]


def autostart_path(platform: str = sys.platform, home: Path | None = None) -> Path | None:
    """Where this platform's entry lives (None on Windows: it is a registry value)."""
    home = home or Path.home()
    if platform == "darwin":
        return home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT}.plist"
    if platform.startswith("win"):
        return None
    config = os.environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    return Path(config) / "autostart" / DESKTOP_NAME


def desktop_entry(command: list[str]) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=Rebound Tracker",
        "Comment=Dose reminders and check-in prompts (in the tray)",
        "Exec=" + " ".join(shlex.quote(part) for part in command),
        "Icon=rebound-tracker",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        MARK,
        "",
    ])


def is_start_at_login(platform: str = sys.platform, home: Path | None = None) -> bool:
    path = autostart_path(platform, home)
    if path is None:
        return _windows_run_value() is not None
    return path.exists()


def apply_start_at_login(enabled: bool, platform: str = sys.platform,
                         home: Path | None = None) -> Path | None:
    """Write (``enabled``) or remove this platform's entry; returns its path, if a file.
    An entry there that this app did not write is left alone (OSError says so)."""
    command = launch_command()
    path = autostart_path(platform, home)
    if path is None:
        _windows_set_run_value(subprocess_line(command) if enabled else None)
        return None
    if platform == "darwin":
        text = plistlib.dumps({"Label": LAUNCH_AGENT, "ProgramArguments": command,
                               "RunAtLoad": True}).decode()
        mark = LAUNCH_AGENT
    else:
        text, mark = desktop_entry(command), MARK
    if path.exists() and mark not in path.read_text(errors="replace"):
        raise OSError(f"{path} was not written by Rebound Tracker; it was left as it is")
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")  # not private: a launcher, no data
    elif path.exists():
        path.unlink()
    return path


def follow_setting(settings) -> None:
    """A settings listener: make the entry match ``settings.start_at_login`` (a failure is
    logged, never raised into the change that triggered it)."""
    try:
        if settings.start_at_login != is_start_at_login():
            apply_start_at_login(settings.start_at_login)
    except OSError as exc:
        log.warning("start at log-in could not be changed: %s", exc)


def subprocess_line(command: list[str]) -> str:
    import subprocess

    return subprocess.list2cmdline(command)


def _windows_run_key():
    if sys.platform != "win32":  # (also tells mypy that winreg is used on Windows only)
        raise OSError("the Windows registry exists on Windows only")
    import winreg

    return winreg.OpenKey(winreg.HKEY_CURRENT_USER,
                          r"Software\Microsoft\Windows\CurrentVersion\Run", 0,
                          winreg.KEY_READ | winreg.KEY_SET_VALUE)


def _windows_run_value() -> str | None:
    if sys.platform != "win32":
        raise OSError("the Windows registry exists on Windows only")
    import winreg

    with _windows_run_key() as key:
        try:
            return winreg.QueryValueEx(key, RUN_VALUE)[0]
        except FileNotFoundError:
            return None


def _windows_set_run_value(line: str | None) -> None:
    if sys.platform != "win32":
        raise OSError("the Windows registry exists on Windows only")
    import winreg

    with _windows_run_key() as key:
        if line is not None:
            winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, line)
        elif _windows_run_value() is not None:
            winreg.DeleteValue(key, RUN_VALUE)
