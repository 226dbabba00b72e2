"""What an import did, in one line: the command line's `import` and the window's Data menu
say it the same way (services.portability counts it)."""

from __future__ import annotations

from rebound_tracker.services.portability import ImportSummary


def import_summary_text(s: ImportSummary) -> str:
    """``added 2 doses and 1 check-ins; updated …``, then each confirmed row on its own line."""
    custom = ""
    if s.custom_added or s.custom_unchanged:
        custom = f"; custom medications: {s.custom_added} added, {s.custom_unchanged} unchanged"
    return (f"added {s.added['doses']} doses and {s.added['checkins']} check-ins; "
            f"updated {s.updated['doses']} doses and {s.updated['checkins']} "
            f"check-ins; {s.unchanged} unchanged; {s.kept_newer_local} kept "
            f"(the stored copy was newer); {s.settings_added} settings added, "
            f"{s.settings_kept_local} kept{custom}{_counts('plans', s.plans)}"
            f"{_counts('calibrations', s.calibrations)}"
            + "".join(f"\n  confirmed: {row}" for row in s.confirmed))


def _counts(what: str, counts: dict[str, int]) -> str:
    """'; plans: 1 added, …', '' when the file had none."""
    if not counts:
        return ""
    return f"; {what}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items())
