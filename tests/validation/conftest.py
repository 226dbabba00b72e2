"""The seeded small runs import the validation scripts (validation/ is a folder of scripts,
not a package) by name through one fixture."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

VALIDATION = Path(__file__).resolve().parents[2] / "validation"


@pytest.fixture(scope="session")
def validation_scripts() -> Callable[..., tuple[ModuleType, ...]]:
    """``load("rebound_evidence", "synthetic_people")``: those scripts as modules."""
    def load(*names: str) -> tuple[ModuleType, ...]:
        sys.path.insert(0, str(VALIDATION))
        try:
            return tuple(importlib.import_module(name) for name in names)
        finally:
            sys.path.remove(str(VALIDATION))
    return load
