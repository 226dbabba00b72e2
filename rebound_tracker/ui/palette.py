"""Colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies."""

from __future__ import annotations

BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#6b6b6b"

ANALYTE_COLOURS = (BLUE, VERMILLION, GREEN, PURPLE, SKY)
SCALE_COLOURS = {
    "focus": GREEN,
    "mood": PURPLE,
    "irritability": VERMILLION,
    "fatigue": GREY,
    "anxiety": ORANGE,
    "restlessness": SKY,
}
WEAR_OFF_RGBA = (86, 180, 233, 45)   # sky blue, translucent
REBOUND_RGBA = (230, 159, 0, 70)     # orange, translucent (alpha grows with severity)
