"""A month-calendar overview of the period: one cell per day, shaded by average focus."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from rebound_tracker.domain.timeparse import WEEKDAYS
from rebound_tracker.services.report_data import DaySummary


def calendar_rows(days: Sequence[DaySummary]) -> int:
    if not days:
        return 0
    first = days[0].day - timedelta(days=days[0].day.weekday())
    return (days[-1].day - first).days // 7 + 1


def focus_shade(focus: float | None) -> QColor:
    """Lighter is lower focus; prints as a grey ramp, no colour needed."""
    if focus is None:
        return QColor("#ffffff")
    level = int(250 - 9 * max(0.0, min(10.0, focus)))
    return QColor(level, level, level)


def draw_calendar(painter: QPainter, rect: QRectF, days: Sequence[DaySummary],
                  font: QFont) -> None:
    """Weeks as rows, Monday first; each cell: date, doses (●), average focus."""
    if not days:
        return
    rows = calendar_rows(days)
    header = rect.height() * 0.06
    cell_w = rect.width() / 7
    cell_h = (rect.height() - header) / rows
    first = days[0].day - timedelta(days=days[0].day.weekday())
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.8)
    painter.setFont(small)
    painter.setPen(QColor("#444444"))
    for i, name in enumerate(WEEKDAYS):
        painter.drawText(QRectF(rect.x() + i * cell_w, rect.y(), cell_w, header),
                         int(Qt.AlignmentFlag.AlignCenter), name)
    for summary in days:
        offset = (summary.day - first).days
        row, column = divmod(offset, 7)
        cell = QRectF(rect.x() + column * cell_w, rect.y() + header + row * cell_h,
                      cell_w, cell_h)
        painter.fillRect(cell, focus_shade(summary.mean_focus))
        painter.setPen(QPen(QColor("#bbbbbb"), 1))
        painter.drawRect(cell)
        painter.setPen(QColor("#111111"))
        painter.setFont(small)
        inner = cell.adjusted(cell_w * 0.05, cell_h * 0.04, -cell_w * 0.05, -cell_h * 0.04)
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         f"{summary.day:%d %b}")
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                         "●" * min(summary.doses, 4) if summary.doses else "no dose")
        painter.setFont(font)
        focus = "–" if summary.mean_focus is None else f"{summary.mean_focus:.1f}"
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignBottom),
                         f"focus {focus}")
