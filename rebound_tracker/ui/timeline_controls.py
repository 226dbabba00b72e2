"""The row above the timeline: range buttons, the curve kind, the check-in scales (or, over
the raster, the scale that colours it) and the loading status."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QComboBox, QHBoxLayout, QLabel, QToolButton

from rebound_tracker.domain.entries import SCALES
from rebound_tracker.report.charts.timeline import DEFAULT_SCALES

RANGE_TEXT = {"day": "Day", "week": "Week", "month": "Month", "all": "All"}


class TimelineControls(QHBoxLayout):
    """``on_range(name)`` when a range button is clicked, ``on_kind()`` when the curve kind
    changes, ``on_scales()`` when a check-in scale is ticked or cleared, ``on_raster_scale(
    scale)`` when the raster's colouring scale is chosen."""

    def __init__(self, on_range: Callable[[str], None], on_kind: Callable[[], None],
                 on_scales: Callable[[], None],
                 on_raster_scale: Callable[[str], None]) -> None:
        super().__init__()
        self.status = QLabel()
        self._add_range_buttons(on_range)
        self.kind = QComboBox()
        self.kind.addItem("Concentration", "concentration")
        self.kind.addItem("Effect (0–1)", "effect")
        self.kind.setAccessibleName("Predicted curve shows")
        self.kind.currentIndexChanged.connect(on_kind)
        self.addSpacing(12)
        self.kind_label = QLabel("Curve:")
        self.addWidget(self.kind_label)
        self.addWidget(self.kind)
        self.addSpacing(12)
        self._add_raster_scale(on_raster_scale)
        self.scale_boxes: dict[str, QCheckBox] = {}
        for scale in SCALES:
            box = QCheckBox(scale.capitalize())
            box.setChecked(scale in DEFAULT_SCALES)
            box.setAccessibleName(f"Show {scale} check-ins")
            box.toggled.connect(on_scales)
            self.addWidget(box)
            self.scale_boxes[scale] = box
        self.addStretch(1)
        self.addWidget(self.status)

    def _add_range_buttons(self, on_range: Callable[[str], None]) -> None:
        self.range_buttons: dict[str, QToolButton] = {}
        self._group = QButtonGroup(self)
        for name, text in RANGE_TEXT.items():
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setAccessibleName(f"Show {name if name != 'all' else 'all history'}")
            button.clicked.connect(lambda _=False, n=name: on_range(n))
            self._group.addButton(button)
            self.addWidget(button)
            self.range_buttons[name] = button
        self.range_buttons["day"].setChecked(True)

    def _add_raster_scale(self, on_raster_scale: Callable[[str], None]) -> None:
        self.raster_scale_label = QLabel("Colour check-ins by:")
        self.raster_scale = QComboBox()
        for scale in SCALES:
            self.raster_scale.addItem(scale.capitalize(), scale)
        self.raster_scale.setAccessibleName("Colour the raster's check-ins by")
        self.raster_scale.setCurrentIndex(SCALES.index(DEFAULT_SCALES[0]))
        self.raster_scale.currentIndexChanged.connect(
            lambda: on_raster_scale(self.raster_scale.currentData()))
        for widget in (self.raster_scale_label, self.raster_scale):
            widget.hide()  # shown with the raster (month and all history)
            self.addWidget(widget)

    def show_raster(self, raster: bool) -> None:
        """The curve's controls for a day or a week; the raster's for a month or more."""
        for widget in (self.kind, self.kind_label, *self.scale_boxes.values()):
            widget.setVisible(not raster)
        for widget in (self.raster_scale_label, self.raster_scale):
            widget.setVisible(raster)
        # Before the window is first shown, hiding a widget does not tell its layout: the
        # row kept the hidden ones' width, and the window opened 75 px wider than asked.
        self.invalidate()
