"""Errors that carry what the user needs to correct bad input."""

from __future__ import annotations


class ReboundError(Exception):
    """Base class of every error the application reports to the user."""


class ValidationError(ReboundError):
    """Bad input: names the field, the value given and what is accepted."""

    def __init__(self, field: str, value: object, accepted: str) -> None:
        self.field = field
        self.value = value
        self.accepted = accepted
        super().__init__(f"{field}: {value!r} is not accepted; {accepted}")


class NeedsConfirmation(ReboundError):
    """Implausible but possible input (above the label maximum, in the future).

    The caller must ask the person (GUI) or require ``--force`` (CLI) and retry with
    confirmation; nothing has been written.
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {value!r} {reason}")


class NotFound(ReboundError):
    """An entry id that does not exist in the store."""

    def __init__(self, kind: str, entry_id: str) -> None:
        self.kind = kind
        self.entry_id = entry_id
        super().__init__(f"no {kind} with id {entry_id!r}")
