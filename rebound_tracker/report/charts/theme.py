"""Colours and pens for light and dark themes.

Series colours are the Okabe–Ito palette, distinguishable with the common colour-vision
deficiencies; on a dark background the darker blue is swapped for sky blue to keep contrast.
Series also differ by line style or marker shape, so none relies on colour alone.

No two series share a colour: the predicted curves take blues and browns that no check-in
scale uses (with Okabe–Ito's eight colours shared between curves, six scales, doses and the
bands, a few come from Paul Tol's colour-blind-safe "muted" set), and none takes a band's
colour. tests/ui/test_chart_polish.py checks every pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#7a7a7a"
INDIGO = "#332288"  # Paul Tol "muted"
OLIVE = "#999933"   # Paul Tol "muted"
WINE = "#882255"    # Paul Tol "muted"
BROWN = "#8C510A"

SCALE_COLOURS = {
    "focus": GREEN,
    "mood": PURPLE,
    "irritability": VERMILLION,
    "fatigue": GREY,
    "anxiety": OLIVE,
    "restlessness": WINE,
}
DARK_SCALE_COLOURS = {
    "focus": GREEN,
    "mood": PURPLE,
    "irritability": "#E8743B",
    "fatigue": "#a8a8a8",
    "anxiety": "#8FBF3F",
    "restlessness": "#F2F2A0",
}
SCALE_SYMBOLS = {
    "focus": "o", "mood": "s", "irritability": "d", "fatigue": "t", "anxiety": "p",
    "restlessness": "h",
}
WEAR_OFF_RGB = (86, 180, 233)   # sky blue
REBOUND_RGB = (230, 159, 0)     # orange; more opaque for a steeper predicted fall
WHAT_IF = "#000000"


@dataclass(frozen=True)
class ChartTheme:
    name: str
    background: str
    foreground: str
    muted: str
    legend_background: tuple[int, int, int, int]
    analyte_colours: tuple[str, ...]
    what_if: str
    band_alpha: int
    scale_colours: dict[str, str] = field(default_factory=lambda: dict(SCALE_COLOURS))

    def analyte_colour(self, index: int) -> str:
        return self.analyte_colours[index % len(self.analyte_colours)]

    def rgba(self, rgb: tuple[int, int, int], factor: float = 1.0) -> tuple[int, int, int, int]:
        return (*rgb, max(10, min(255, int(self.band_alpha * factor))))


LIGHT = ChartTheme("light", "#ffffff", "#222222", "#5f5f5f", (255, 255, 255, 210),
                   (BLUE, INDIGO, BROWN), "#222222", 60)
DARK = ChartTheme("dark", "#1d1f23", "#e4e4e4", "#a8a8a8", (29, 31, 35, 210),
                  ("#A5B4FF", "#C9A66B", "#7FD4C1"), "#f0f0f0", 70,
                  dict(DARK_SCALE_COLOURS))


def system_theme() -> ChartTheme:
    """The dark theme when the platform says its colour scheme is dark, else light."""
    app = QGuiApplication.instance()
    if app is None:
        return LIGHT
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT
