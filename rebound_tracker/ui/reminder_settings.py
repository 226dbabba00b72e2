"""The Settings dialog's Reminders and prompts page: every setting that drives dose
reminders and check-in prompts (``domain/settings.py``), including quiet hours.

The whole-number fields take their bounds from the definitions (``WHOLE_NUMBER_RANGES``);
the snooze lengths are free text checked on Save by the same definition as
``rebound-tracker settings set snooze_minutes``. A saved change reaches the running
reminders at once (the window's ReminderHost follows every settings change).
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.settings import DEFINITIONS, WHOLE_NUMBER_RANGES, Settings

SWITCHES = ("reminders", "checkin_prompts", "keep_in_tray", "start_at_login")
SWITCH_TEXT = {
    "reminders": "&Dose reminders at the times of the usual regimen",
    "checkin_prompts": "&Check-in prompts timed by the model, and at random times",
    "keep_in_tray": "&Keep running in the tray when the window is closed",
    "start_at_login": "Start at &log-in (in the tray)",
}
REMINDER_NUMBERS = ("realert_minutes", "realert_count", "dose_window_minutes")
PROMPT_NUMBERS = ("random_prompts", "prompt_daily_cap", "prompt_min_gap_minutes")


def clock_edit(accessible: str, default: QTime) -> QTimeEdit:
    edit = QTimeEdit(default)
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(accessible)
    return edit


def clock_text(edit: QTimeEdit) -> str:
    value = edit.time()
    return f"{time(value.hour(), value.minute()):%H:%M}"


def set_clock(edit: QTimeEdit, value: time) -> None:
    edit.setTime(QTime(value.hour, value.minute))


def _number(name: str) -> QSpinBox:
    lo, hi, unit = WHOLE_NUMBER_RANGES[name]
    box = QSpinBox()
    box.setRange(lo, hi)
    if unit == "minutes":
        box.setSuffix(" min")
    box.setAccessibleName(DEFINITIONS[name].label)
    box.setToolTip(DEFINITIONS[name].description)
    return box


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class ReminderFields(QWidget):
    """Reminders, prompts, quiet hours, the tray and log-in: load, and the changes as
    setting text (checked on Save by the SettingsService)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.switches = {name: QCheckBox(SWITCH_TEXT[name]) for name in SWITCHES}
        for name, box in self.switches.items():
            box.setToolTip(DEFINITIONS[name].description)
        self.numbers = {name: _number(name) for name in REMINDER_NUMBERS + PROMPT_NUMBERS}
        self.snooze = QLineEdit()
        self.snooze.setAccessibleName(DEFINITIONS["snooze_minutes"].label)
        self.snooze.setPlaceholderText("10, 30, 60")
        self.snooze.setToolTip(DEFINITIONS["snooze_minutes"].description)
        self.snooze.setMaximumWidth(160)
        self.waking_start = clock_edit("Waking day start", QTime(8, 0))
        self.waking_end = clock_edit("Waking day end", QTime(22, 0))
        self.quiet = QCheckBox("No reminders or check-in prompts from")
        self.quiet_start = clock_edit("Quiet hours start", QTime(22, 0))
        self.quiet_end = clock_edit("Quiet hours end", QTime(7, 0))
        self._build()
        self.switches["reminders"].toggled.connect(self._enable)
        self.switches["checkin_prompts"].toggled.connect(self._enable)
        self.quiet.toggled.connect(self._enable)
        self._enable()

    def _build(self) -> None:
        """One line per setting (the description is its tooltip): wrapped hints would be
        cut short in a page sized before it is shown."""
        n = self.numbers
        doses = QGroupBox("Dose reminders")
        dose_form = QFormLayout(doses)
        dose_form.addRow(self.switches["reminders"])
        dose_form.addRow("Re-alert &every", _row(n["realert_minutes"], QLabel("up to"),
                                                 n["realert_count"],
                                                 QLabel("times when ignored")))
        dose_form.addRow("&Snooze choices", _row(self.snooze, QLabel("minutes, up to 4")))
        dose_form.addRow("Already &taken within", _row(
            n["dose_window_minutes"], QLabel("of its time: no reminder")))
        prompts = QGroupBox("Check-in prompts")
        prompt_form = QFormLayout(prompts)
        prompt_form.addRow(self.switches["checkin_prompts"])
        prompt_form.addRow("&Waking day", _row(self.waking_start, QLabel("to"),
                                               self.waking_end))
        prompt_form.addRow("&Random prompts", _row(
            n["random_prompts"], QLabel("a day, one in each block of the waking day")))
        prompt_form.addRow("&At most", _row(
            n["prompt_daily_cap"], QLabel("prompts a day (model-timed ones kept first)")))
        prompt_form.addRow("No prompt &within", _row(n["prompt_min_gap_minutes"],
                                                     QLabel("of a check-in or prompt")))
        quiet = QGroupBox("Quiet hours")
        quiet_layout = QVBoxLayout(quiet)
        quiet_layout.addWidget(_row(self.quiet, self.quiet_start, QLabel("to"),
                                    self.quiet_end))
        app = QGroupBox("While they are on")
        app_layout = QVBoxLayout(app)
        app_layout.addWidget(self.switches["keep_in_tray"])
        app_layout.addWidget(self.switches["start_at_login"])
        app_layout.addWidget(hint("Linux: an autostart entry. The macOS and Windows entries "
                                  "are written but untested."))
        layout = QVBoxLayout(self)
        for box in (doses, prompts, quiet, app):
            layout.addWidget(box)
        layout.addStretch(1)

    def load(self, settings: Settings) -> None:
        for name, switch in self.switches.items():
            switch.setChecked(getattr(settings, name))
        for name, number in self.numbers.items():
            number.setValue(getattr(settings, name))
        self.snooze.setText(", ".join(str(m) for m in settings.snooze_minutes))
        set_clock(self.waking_start, settings.waking_hours.start)
        set_clock(self.waking_end, settings.waking_hours.end)
        quiet = settings.quiet_hours
        self.quiet.setChecked(quiet is not None)
        if quiet is not None:
            set_clock(self.quiet_start, quiet.start)
            set_clock(self.quiet_end, quiet.end)
        self._enable()

    def changes(self) -> dict[str, str]:
        """Every field as setting text (checked on Save, not here)."""
        out = {name: "on" if box.isChecked() else "off" for name, box in self.switches.items()}
        out.update({name: str(box.value()) for name, box in self.numbers.items()})
        out["snooze_minutes"] = self.snooze.text()
        out["waking_hours"] = f"{clock_text(self.waking_start)}-{clock_text(self.waking_end)}"
        out["quiet_hours"] = (f"{clock_text(self.quiet_start)}-{clock_text(self.quiet_end)}"
                              if self.quiet.isChecked() else "off")
        return out

    def _enable(self, _checked: bool = False) -> None:
        """Fields of a feature that is off are greyed out (their values are kept)."""
        doses = self.switches["reminders"].isChecked()
        prompts = self.switches["checkin_prompts"].isChecked()
        for name in REMINDER_NUMBERS:
            self.numbers[name].setEnabled(doses)
        self.snooze.setEnabled(doses)
        for widget in (*(self.numbers[name] for name in PROMPT_NUMBERS), self.waking_start,
                       self.waking_end):
            widget.setEnabled(prompts)
        for widget in (self.quiet_start, self.quiet_end):
            widget.setEnabled(self.quiet.isChecked())


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return row
