"""STYLE.md's layers: Qt is imported only in ui/ and report/ (a lazy import inside a function
counts too: gui.py and self_test.py reach Qt through ui.startup_window)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "rebound_tracker"
QT_HOMES = ("ui", "report")


def test_no_module_outside_ui_and_report_imports_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] in QT_HOMES:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph") for n in names):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
