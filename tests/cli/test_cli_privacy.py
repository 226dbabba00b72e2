"""Health data stays private: owner-only files and directories, and no network at all."""

from __future__ import annotations

import ast
import os
import socket
import stat
from pathlib import Path

import pytest

import rebound_tracker
from rebound_tracker.cli import main

NETWORK_MODULES = {"socket", "ssl", "http", "urllib", "requests", "httpx", "aiohttp", "ftplib",
                   "smtplib", "xmlrpc", "QtNetwork", "PySide6.QtNetwork"}


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network use attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def permissive_umask():
    """A typical umask (0o022): the app must not rely on a strict one."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_everything_the_app_writes_is_owner_only_and_offline(tmp_path, capsys, no_network,
                                                             permissive_umask):
    data, out = tmp_path / "data", tmp_path / "exports"

    def run(*args: str) -> str:
        assert main(["--data-dir", str(data), *args]) == 0, capsys.readouterr().err
        return capsys.readouterr().out.strip()

    run("dose", "add", "--med", "concerta", "--mg", "36", "--at", "2026-03-02T08:00+01:00")
    run("checkin", "add", "--at", "2026-03-02T10:00+01:00", "--mood", "5", "--focus", "5")
    run("export", "json", "--out", str(out / "all.json"))
    run("export", "csv", "--out", str(out / "csv"))
    backup = run("backup")
    run("backup", "--out", str(out / "copy.sqlite3"))
    run("restore", backup)
    run("import", "json", str(out / "all.json"))

    written = [data, *data.rglob("*"), out, *out.rglob("*")]
    assert len(written) > 8
    for path in written:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"


def test_no_module_of_the_app_imports_a_network_library():
    package = Path(rebound_tracker.__file__).parent
    offenders = []
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text("utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            offenders += [f"{source.name}: {n}" for n in names
                          if n.split(".")[0] in NETWORK_MODULES or n in NETWORK_MODULES]
    assert offenders == []
