"""Where a number comes from: every number in the medication library is a
:class:`Sourced` value, the number and its :class:`Source` (a label section, a paper, or our
own fit). Standard library only."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rebound_tracker.domain.errors import ValidationError

SOURCE_KINDS: tuple[str, ...] = (
    "LABEL",  # US prescribing information (section named in the citation)
    "PAPER",  # peer-reviewed paper
    "SECONDARY",  # a secondary text quoting a label or paper; weaker
    "FIT",  # our own arithmetic against the facts named in the citation
    "ASSUMPTION",  # a product choice with no published value; says why
    "DEFINITION",  # true by construction (e.g. a fraction that makes components sum to 1)
    "USER",  # entered by the person for a formulation they defined
)
"""Accepted kinds of source. Every number in the library names one of these."""


@dataclass(frozen=True)
class Source:
    """Where a number comes from: a kind from :data:`SOURCE_KINDS` and a citation."""

    kind: str
    citation: str

    def __post_init__(self) -> None:
        if self.kind not in SOURCE_KINDS:
            raise ValidationError("source.kind", self.kind, f"one of: {', '.join(SOURCE_KINDS)}")
        if not self.citation.strip():
            raise ValidationError("source.citation", self.citation, "a non-empty citation")

    @classmethod
    def parse(cls, text: str, field_name: str = "source") -> Source:
        """Parse ``"KIND: citation"`` (e.g. ``"LABEL: Concerta PI 12.3 Table 6"``)."""
        kind, sep, citation = str(text).partition(":")
        kind = kind.strip().upper()
        if not sep or kind not in SOURCE_KINDS or not citation.strip():
            raise ValidationError(
                field_name, text, f"'KIND: citation' with KIND one of {', '.join(SOURCE_KINDS)}"
            )
        return cls(kind, citation.strip())

    def __str__(self) -> str:
        return f"{self.kind}: {self.citation}"


@dataclass(frozen=True)
class Sourced:
    """A number and its source."""

    value: float
    source: Source

    def __post_init__(self) -> None:
        if not isinstance(self.value, int | float) or not math.isfinite(self.value):
            raise ValidationError("value", self.value, "a finite number")


def require(cond: bool, field_name: str, value: object, accepted: str) -> None:
    if not cond:
        raise ValidationError(field_name, value, accepted)


def positive(value: Sourced | None, field_name: str) -> None:
    require(value is not None, field_name, None, "a positive number (required here)")
    assert value is not None
    require(value.value > 0, field_name, value.value, "a positive number")
