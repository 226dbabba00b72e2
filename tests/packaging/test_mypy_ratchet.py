"""The mypy ratchet: more errors than the baseline fail, fewer fail until it is lowered."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "mypy_ratchet.py"


@pytest.fixture
def ratchet(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("mypy_ratchet", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "BASELINE", tmp_path / "mypy-baseline")
    module.BASELINE.write_text("3\n")
    return module


def report(*paths: str) -> str:
    lines = [f"{p}:{i + 1}: error: something  [misc]" for i, p in enumerate(paths)]
    return "\n".join([*lines, f"Found {len(paths)} errors"]) + "\n"


def use(ratchet, monkeypatch, *paths: str) -> None:
    text = report(*paths)
    monkeypatch.setattr(ratchet, "run_mypy", lambda: (len(paths), text))


def test_equal_count_passes(ratchet, monkeypatch, capsys):
    use(ratchet, monkeypatch, "a.py", "a.py", "b.py")
    assert ratchet.main([]) == 0
    assert "3 errors in 2 files" in capsys.readouterr().out


def test_a_new_error_fails_and_is_shown(ratchet, monkeypatch, capsys):
    use(ratchet, monkeypatch, "a.py", "a.py", "b.py", "new.py")
    assert ratchet.main([]) == 1
    out = capsys.readouterr().out
    assert "new.py:4: error" in out and "baseline is 3" in out


def test_fewer_errors_fail_until_the_baseline_is_lowered(ratchet, monkeypatch):
    use(ratchet, monkeypatch, "a.py")
    assert ratchet.main([]) == 1
    assert ratchet.main(["--update"]) == 0
    assert ratchet.BASELINE.read_text() == "1\n"
    assert ratchet.main([]) == 0


def test_update_never_raises_the_baseline(ratchet, monkeypatch):
    use(ratchet, monkeypatch, *["a.py"] * 5)
    assert ratchet.main(["--update"]) == 1
    assert ratchet.BASELINE.read_text() == "3\n"
