"""A number field that shows 0.25 as "0.25", not "0.250000"."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QWidget

from rebound_tracker.ui.medication_definition import NUMBER_DECIMALS
from rebound_tracker.ui.wheel_focus import wheel_only_when_focused


class NumberBox(QDoubleSpinBox):
    """A QDoubleSpinBox keeping ``NUMBER_DECIMALS`` decimals but showing only those needed,
    so a library number such as 0.8648 is shown, and kept, as it is. The wheel steps it only
    while it has focus (ui/wheel_focus.py)."""

    def __init__(self, minimum: float, maximum: float, *, suffix: str = "",
                 accessible_name: str = "", step: float = 0.1,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(NUMBER_DECIMALS)
        self.setRange(minimum, maximum)
        self.setSingleStep(step)
        self.setKeyboardTracking(True)
        if suffix:
            self.setSuffix(suffix)
        if accessible_name:
            self.setAccessibleName(accessible_name)
        wheel_only_when_focused(self)

    def textFromValue(self, value: float) -> str:
        locale = self.locale()
        text = locale.toString(float(value), "f", NUMBER_DECIMALS)
        text = text.replace(locale.groupSeparator(), "")  # valueFromText would not read it
        point = locale.decimalPoint()
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return text
