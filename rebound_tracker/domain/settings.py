"""The person's stored settings: one definition of each, its text form and what it accepts.

Settings are stored as text key/value pairs (the ``settings`` table, the JSON export). Every
place that reads or writes one — the Settings dialog, ``rebound-tracker settings set``, an
import, the model — goes through :data:`DEFINITIONS`, so they accept and refuse the same
values with the same message.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from typing import Any

from rebound_tracker.domain.entries import SCALES
from rebound_tracker.domain.errors import ValidationError

WEIGHT_RANGE_KG = (10.0, 250.0)
"""Body weights the model accepts: from a small child to the heaviest adults in the studies'
allometric range (weight scales clearance and volume, see docs/model.md)."""
DEFAULT_WEIGHT_KG = 70.0
"""The reference adult of most label studies."""
CYP2D6_PHENOTYPES = ("normal", "poor")
"""CYP2D6 metaboliser status; only atomoxetine's clearance depends on it (Strattera label)."""
URINE_PH_CHOICES = ("normal", "acidic", "alkaline")
"""Urinary pH; amphetamine elimination depends on it (Adderall/Dexedrine labels)."""
REGIMEN_MAX_DOSES = 8
MG_RANGE = (0.001, 10_000.0)
"""A regimen dose in label mg: positive and finite; the label range is checked per product."""


@dataclass(frozen=True)
class RegimenDose:
    """One dose of the usual regimen: medication id or name, label mg, clock time, with food."""

    medication: str
    mg: float
    at: time
    fed: bool = False

    def text(self) -> str:
        food = " fed" if self.fed else ""
        return f"{self.medication}:{self.mg:g}@{self.at.strftime('%H:%M')}{food}"


@dataclass(frozen=True)
class QuietHours:
    """A daily span with no reminders or prompts; ``start > end`` runs across midnight."""

    start: time
    end: time

    def text(self) -> str:
        return f"{self.start.strftime('%H:%M')}-{self.end.strftime('%H:%M')}"

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


@dataclass(frozen=True)
class Settings:
    """Every setting, parsed (attribute names are the setting names). Defaults are what a
    new store gets."""

    weight_kg: float = DEFAULT_WEIGHT_KG
    cyp2d6: str = "normal"
    urine_ph: str = "normal"
    regimen: tuple[RegimenDose, ...] = ()
    shown_scales: tuple[str, ...] = SCALES
    quiet_hours: QuietHours | None = None
    # reminders and check-in prompts (services/reminders.py)
    reminders: bool = False
    checkin_prompts: bool = False
    keep_in_tray: bool = True
    start_at_login: bool = False
    realert_minutes: int = 10
    realert_count: int = 4
    dose_window_minutes: int = 120
    waking_hours: QuietHours = field(default_factory=lambda: QuietHours(time(8), time(22)))
    random_prompts: int = 3
    prompt_daily_cap: int = 6
    prompt_min_gap_minutes: int = 45
    snooze_minutes: tuple[int, ...] = (10, 30, 60)
    problems: tuple[ValidationError, ...] = field(default=(), compare=False)
    """Stored values that could not be read (the default is used instead); never written."""


# --- parsers: text -> value, raising ValidationError(name, text, accepted) ---------------

def _parse_weight(name: str, text: str) -> float:
    lo, hi = WEIGHT_RANGE_KG
    accepted = f"a body weight in kg from {lo:g} to {hi:g}"
    value = _finite_number(name, text, accepted)
    if not lo <= value <= hi:
        raise ValidationError(name, text, accepted)
    return value


def _finite_number(name: str, text: str, accepted: str) -> float:
    cleaned = text.strip()
    if len(cleaned) > 40:
        raise ValidationError(name, text, accepted)
    try:
        value = float(cleaned)
    except ValueError:
        raise ValidationError(name, text, accepted) from None
    if not math.isfinite(value):
        raise ValidationError(name, text, accepted)
    return value


def _choice(options: tuple[str, ...]) -> Callable[[str, str], str]:
    def parse(name: str, text: str) -> str:
        value = text.strip().lower()
        if value not in options:
            raise ValidationError(name, text, "one of: " + ", ".join(options))
        return value
    return parse


def parse_clock(name: str, text: str) -> time:
    """``HH:MM`` (24-hour clock) as a time."""
    cleaned = text.strip()
    hours, sep, minutes = cleaned.partition(":")
    accepted = "a clock time HH:MM from 00:00 to 23:59"
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2 \
            or len(hours) > 2:
        raise ValidationError(name, text, accepted)
    h, m = int(hours), int(minutes)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise ValidationError(name, text, accepted)
    return time(h, m)


REGIMEN_ACCEPTED = ("doses as MEDICATION:MG@HH:MM, optionally followed by ' fed', separated "
                    f"by commas (at most {REGIMEN_MAX_DOSES}), e.g. 'concerta:36@07:30', "
                    "or 'none'")


def _parse_regimen(name: str, text: str) -> tuple[RegimenDose, ...]:
    cleaned = text.strip()
    if cleaned.lower() in ("", "none"):
        return ()
    parts = [p.strip() for p in cleaned.split(",")]
    if len(parts) > REGIMEN_MAX_DOSES or any(not p for p in parts):
        raise ValidationError(name, text, REGIMEN_ACCEPTED)
    doses = [_parse_regimen_dose(f"{name}[{i + 1}]", part) for i, part in enumerate(parts)]
    return tuple(sorted(doses, key=lambda d: d.at))


def _parse_regimen_dose(name: str, text: str) -> RegimenDose:
    body, fed = text, False
    if body.lower().endswith(" fed"):
        body, fed = body[:-4].rstrip(), True
    medication, colon, rest = body.partition(":")
    mg_text, at_sign, clock = rest.rpartition("@")
    if not colon or not at_sign or not medication.strip():
        raise ValidationError(name, text, REGIMEN_ACCEPTED)
    lo, hi = MG_RANGE
    mg = _finite_number(f"{name}.mg", mg_text, f"label mg from {lo:g} to {hi:g}")
    if not lo <= mg <= hi:
        raise ValidationError(f"{name}.mg", mg_text, f"label mg from {lo:g} to {hi:g}")
    return RegimenDose(medication.strip(), mg, parse_clock(f"{name}.time", clock), fed)


def _parse_scales(name: str, text: str) -> tuple[str, ...]:
    accepted = "scale names separated by commas, from: " + ", ".join(SCALES)
    chosen = [p.strip().lower() for p in text.split(",") if p.strip()]
    if not chosen or any(c not in SCALES for c in chosen) or len(set(chosen)) != len(chosen):
        raise ValidationError(name, text, accepted + " (at least one, each once)")
    return tuple(s for s in SCALES if s in chosen)


def _parse_quiet_hours(name: str, text: str) -> QuietHours | None:
    cleaned = text.strip()
    if cleaned.lower() in ("", "off", "none"):
        return None
    start, sep, end = cleaned.partition("-")
    if not sep:
        raise ValidationError(name, text, "HH:MM-HH:MM (e.g. 22:00-07:30) or 'off'")
    span = QuietHours(parse_clock(f"{name}.start", start), parse_clock(f"{name}.end", end))
    if span.start == span.end:
        raise ValidationError(name, text, "a start and an end that differ, or 'off'")
    return span


def _parse_on_off(name: str, text: str) -> bool:
    value = text.strip().lower()
    if value in ("on", "yes", "true", "1"):
        return True
    if value in ("off", "no", "false", "0"):
        return False
    raise ValidationError(name, text, "on or off")


def _whole_number(lo: int, hi: int, unit: str) -> Callable[[str, str], int]:
    def parse(name: str, text: str) -> int:
        accepted = f"a whole number of {unit} from {lo} to {hi}"
        cleaned = text.strip()
        if not cleaned.isdigit() or len(cleaned) > 6 or not lo <= int(cleaned) <= hi:
            raise ValidationError(name, text, accepted)
        return int(cleaned)
    return parse


SNOOZE_MAX_CHOICES = 4
SNOOZE_RANGE = (1, 240)
SNOOZE_ACCEPTED = (f"1 to {SNOOZE_MAX_CHOICES} different whole numbers of minutes from "
                   f"{SNOOZE_RANGE[0]} to {SNOOZE_RANGE[1]}, separated by commas "
                   "(e.g. 10, 30, 60)")


def _parse_snooze(name: str, text: str) -> tuple[int, ...]:
    parts = [p.strip() for p in text.split(",")]
    lo, hi = SNOOZE_RANGE
    if not 1 <= len(parts) <= SNOOZE_MAX_CHOICES or any(
            not p.isdigit() or len(p) > 4 or not lo <= int(p) <= hi for p in parts):
        raise ValidationError(name, text, SNOOZE_ACCEPTED)
    values = sorted({int(p) for p in parts})
    if len(values) != len(parts):
        raise ValidationError(name, text, SNOOZE_ACCEPTED)
    return tuple(values)


def _parse_waking_hours(name: str, text: str) -> QuietHours:
    accepted = "HH:MM-HH:MM within one day, at least 2 hours long (e.g. 08:00-22:00)"
    start, sep, end = text.strip().partition("-")
    if not sep:
        raise ValidationError(name, text, accepted)
    span = QuietHours(parse_clock(f"{name}.start", start), parse_clock(f"{name}.end", end))
    minutes = (span.end.hour - span.start.hour) * 60 + span.end.minute - span.start.minute
    if minutes < 120:
        raise ValidationError(name, text, accepted)
    return span


# --- the definitions -----------------------------------------------------------------

@dataclass(frozen=True)
class SettingDefinition:
    """One stored setting: its name, label, what it accepts, and its text form."""

    name: str
    label: str
    accepted: str
    parse: Callable[[str, str], Any]
    format: Callable[[Any], str]
    description: str


def _on_off(value: bool) -> str:
    return "on" if value else "off"


WHOLE_NUMBER_RANGES: dict[str, tuple[int, int, str]] = {
    "realert_minutes": (1, 120, "minutes"),
    "realert_count": (0, 20, "times"),
    "dose_window_minutes": (10, 360, "minutes"),
    "random_prompts": (0, 8, "prompts"),
    "prompt_daily_cap": (1, 20, "prompts"),
    "prompt_min_gap_minutes": (0, 600, "minutes"),
}
"""The whole-number settings: lowest, highest, unit (the Settings dialog's fields use the
same bounds)."""


def _whole(name: str) -> tuple[str, Callable[[str, str], int]]:
    lo, hi, unit = WHOLE_NUMBER_RANGES[name]
    return f"a whole number of {unit} from {lo} to {hi}", _whole_number(lo, hi, unit)


_REMINDER_SETTINGS = (
    ("reminders", "Dose reminders", "on or off", _parse_on_off, _on_off,
     "A notification at each dose of the usual regimen, with Taken, Snooze and Skip."),
    ("checkin_prompts", "Check-in prompts", "on or off", _parse_on_off, _on_off,
     "Ask for a check-in at the predicted wear-off and rebound of the doses you log, and "
     "at random times of the waking day (to learn your baseline by clock time)."),
    ("keep_in_tray", "Keep running in the tray", "on or off", _parse_on_off, _on_off,
     "While reminders or prompts are on, closing the window leaves the app in the tray."),
    ("start_at_login", "Start at log-in", "on or off", _parse_on_off, _on_off,
     "Start Rebound Tracker in the tray when you log in (Linux autostart entry; the macOS "
     "and Windows entries are written but untested)."),
    ("realert_minutes", "Re-alert every (minutes)", *_whole("realert_minutes"), str,
     "An ignored dose reminder is shown again after this many minutes."),
    ("realert_count", "Re-alerts", *_whole("realert_count"), str,
     "How many times an ignored dose reminder is shown again."),
    ("dose_window_minutes", "Dose counts as taken within (minutes)",
     *_whole("dose_window_minutes"), str,
     "A regimen dose logged this close to its time needs no reminder."),
    ("waking_hours", "Waking day",
     "HH:MM-HH:MM within one day, at least 2 hours long (e.g. 08:00-22:00)",
     _parse_waking_hours, lambda v: v.text(),
     "Random check-in prompts fall in equal blocks of this span."),
    ("random_prompts", "Random prompts a day", *_whole("random_prompts"), str,
     "One prompt at a random time in each of this many blocks of the waking day."),
    ("prompt_daily_cap", "Most prompts a day", *_whole("prompt_daily_cap"), str,
     "At most this many check-in prompts a day (model-timed ones first)."),
    ("prompt_min_gap_minutes", "No prompt within (minutes) of a check-in",
     *_whole("prompt_min_gap_minutes"), str,
     "No prompt this soon after a check-in or another prompt."),
    ("snooze_minutes", "Snooze choices (minutes)", SNOOZE_ACCEPTED, _parse_snooze,
     lambda v: ",".join(str(m) for m in v),
     "The Snooze buttons a dose reminder offers."),
)


def _fmt_regimen(doses: tuple[RegimenDose, ...]) -> str:
    return ", ".join(d.text() for d in doses) if doses else "none"


DEFINITIONS: dict[str, SettingDefinition] = {d.name: d for d in (
    SettingDefinition(
        "weight_kg", "Body weight (kg)",
        f"a body weight in kg from {WEIGHT_RANGE_KG[0]:g} to {WEIGHT_RANGE_KG[1]:g}",
        _parse_weight, lambda v: f"{v:g}",
        "Scales the model's clearance and volume (allometry); default 70 kg."),
    SettingDefinition(
        "cyp2d6", "CYP2D6 metaboliser status", "one of: " + ", ".join(CYP2D6_PHENOTYPES),
        _choice(CYP2D6_PHENOTYPES), str,
        "Atomoxetine only: poor metabolisers clear it about 10 times more slowly (label)."),
    SettingDefinition(
        "urine_ph", "Urine pH", "one of: " + ", ".join(URINE_PH_CHOICES),
        _choice(URINE_PH_CHOICES), str,
        "Amphetamines only: acidic urine speeds their elimination, alkaline slows it (label)."),
    SettingDefinition(
        "regimen", "Usual regimen", REGIMEN_ACCEPTED, _parse_regimen, _fmt_regimen,
        "Your usual doses: the one-click buttons, the what-if and reminders start from it."),
    SettingDefinition(
        "shown_scales", "Scales shown",
        "scale names separated by commas, from: " + ", ".join(SCALES),
        _parse_scales, ",".join,
        "Which check-in scales the forms and charts show."),
    SettingDefinition(
        "quiet_hours", "Quiet hours", "HH:MM-HH:MM (e.g. 22:00-07:30) or 'off'",
        _parse_quiet_hours, lambda v: "off" if v is None else v.text(),
        "No reminders or check-in prompts in this span."),
    *(
        SettingDefinition(name, label, accepted, parse, fmt, description)
        for name, label, accepted, parse, fmt, description in _REMINDER_SETTINGS
    ),
)}

def definition(name: str) -> SettingDefinition:
    """The definition of setting ``name``; an unknown name is bad input listing the known."""
    key = name.strip().lower().replace("-", "_")
    found = DEFINITIONS.get(key)
    if found is None:
        raise ValidationError("setting", name, "one of: " + ", ".join(DEFINITIONS))
    return found


def parse_setting(name: str, text: str) -> tuple[str, Any]:
    """Check ``text`` for setting ``name``: its canonical stored text and its parsed value."""
    found = definition(name)
    if not isinstance(text, str):
        raise ValidationError(found.name, text, found.accepted + " (as text)")
    value = found.parse(found.name, text)
    return found.format(value), value


def settings_from_stored(stored: Mapping[str, str]) -> Settings:
    """Settings from stored text; a value that cannot be read keeps the default and is listed
    in ``problems`` (stored text is never rewritten here). Unknown keys are ignored."""
    values: dict[str, Any] = {}
    problems: list[ValidationError] = []
    for name in DEFINITIONS:
        text = stored.get(name)
        if text is None:
            continue
        try:
            values[name] = parse_setting(name, text)[1]
        except ValidationError as err:
            problems.append(err)
    return replace(Settings(**values), problems=tuple(problems))


def settings_to_stored(settings: Settings) -> dict[str, str]:
    """Every setting as its canonical stored text."""
    return {name: d.format(getattr(settings, name)) for name, d in DEFINITIONS.items()}
