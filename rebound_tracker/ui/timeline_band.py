"""The personal calibration on the timeline: its 95% band, computed off the UI thread,
and the note that says the curves use it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from rebound_tracker.domain.errors import ReboundError
from rebound_tracker.services.timeline import BAND_MAX_SPAN, TimelineData, TimelineService
from rebound_tracker.ui.background import run_in_background
from rebound_tracker.ui.feedback import wrapping_label

PERSONAL_TIMING = "Personal timing, calibrated on"
"""How the model's assumptions begin the sentence of a calibration in force."""


class BandController(QObject):
    """Loads the band for the data drawn and keeps ``note`` (the calibration's caption
    and where its band shows) true for it; ``loaded`` when a load has finished."""

    loaded = Signal()

    def __init__(self, timeline: TimelineService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeline = timeline
        self.note = wrapping_label("font-style: italic;")
        self.note.setAccessibleName("Personal timing")
        self.note.hide()

    def load(self, data: TimelineData, is_current: Callable[[TimelineData], bool],
             on_band: Callable[[object], None], on_error: Callable[[str], None]) -> None:
        """The personal calibration's band, computed off the UI thread after the curves
        are drawn (it re-runs the model per parameter draw); ``on_band(band)`` if ``data``
        is still the one drawn, then ``loaded``."""
        def done(band) -> None:
            if is_current(data):  # nothing newer was drawn meanwhile
                on_band(band)
            self.loaded.emit()

        def failed(error: BaseException) -> None:
            if not isinstance(error, ReboundError):
                raise error  # a defect: the window's error handler shows and logs it
            on_error(f"Could not compute the band: {error}")

        run_in_background(lambda: self._timeline.band(data), done, failed, owner=self)

    def show_note(self, data: TimelineData, kind: str) -> None:
        """Say when the curves use a personal calibration (the band is its 95% range)."""
        caption = data.band.caption if data.band is not None else next(
            (a.split(":")[0].rstrip(".") for a in data.assumptions
             if a.startswith(PERSONAL_TIMING)), None)
        if caption is None:
            self.note.hide()
            return
        if data.band is None:
            where = (f"the 95% band is drawn for spans up to {BAND_MAX_SPAN.days} days"
                     if data.end - data.start > BAND_MAX_SPAN else "computing its 95% band…")
        elif kind == "effect":
            where = ("the shaded band around the effect curve is its 95% range, the dotted "
                     "line the population timing; hatching marks where each window may start "
                     "or end")
        else:
            where = ("hatching marks where each window may start or end; Ctrl+E shows the "
                     "effect curve with its 95% band and the population timing")
        self.note.setText(f"{caption}: {where}.")
        self.note.show()
