"""Entries as columns: what a chart of years of history reads, without an object per entry.

One tuple per field, one item per entry, oldest first; instants as stored (UTC microseconds
since the Unix epoch) with the UTC offset (minutes) each entry was logged in. Built by
``storage.read_models`` in one query per kind: reading 16,000 entries as objects left
enough garbage-collector work to stall the window's UI thread for 80-90 ms.
"""

from __future__ import annotations

from dataclasses import dataclass

from rebound_tracker.domain.entries import SCALES


@dataclass(frozen=True)
class DoseColumns:
    """Doses as columns (see the module docstring)."""

    ids: tuple[str, ...]
    medication_ids: tuple[str, ...]
    mg: tuple[float, ...]
    taken_utc_us: tuple[int, ...]
    utc_offset_min: tuple[int, ...]
    fed: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class CheckInColumns:
    """Check-ins as columns; ``scales[name]`` holds None where that scale was not answered."""

    ids: tuple[str, ...]
    at_utc_us: tuple[int, ...]
    utc_offset_min: tuple[int, ...]
    scales: dict[str, tuple[int | None, ...]]

    def __post_init__(self) -> None:
        if tuple(self.scales) != SCALES:
            raise ValueError(f"scales must be {SCALES}, in that order")

    def __len__(self) -> int:
        return len(self.ids)
