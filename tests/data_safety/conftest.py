"""Data-safety fixtures: real SQLite files in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from safety_helpers import Store


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator:
    opened: list[Store] = []

    def make(name: str = "data") -> Store:
        store = Store(tmp_path / name)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store) -> Store:
    return make_store()
