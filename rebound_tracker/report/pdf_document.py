"""A small flowing-layout PDF writer: headings, paragraphs, tables and drawn blocks.

Text is always drawn as plain text (QPainter.drawText), never parsed as markup, so notes
and names a person typed cannot inject formatting. Fonts are embedded by QPdfWriter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

_BIDI_CONTROLS = dict.fromkeys((*range(0x202a, 0x202f), *range(0x2066, 0x206a), 0x200e,
                                0x200f, 0x061c))
_LONG_WORD = re.compile(r"\S{24,}")
_ZERO_WIDTH_SPACE = "\u200b"


def printable(text: str) -> str:
    """Text as the PDF draws it: bidirectional overrides removed (a U+202E in a note would
    print the rest of the line reversed, and could make a note read as something else), and
    a break opportunity every 16 characters inside very long unbroken words (a URL, a
    pasted hash) so they wrap instead of being clipped at the cell's edge."""
    text = str(text).translate(_BIDI_CONTROLS)
    return _LONG_WORD.sub(lambda m: _ZERO_WIDTH_SPACE.join(
        m.group(0)[i:i + 16] for i in range(0, len(m.group(0)), 16)), text)


PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
DPI = 300
MM = DPI / 25.4
INK = QColor("#111111")
MUTED = QColor("#555555")
RULE = QColor("#999999")
BODY_PT = 9.5


def pt(points: float) -> float:
    """Points to device pixels at the writer's resolution."""
    return points * DPI / 72.0


class FirstPageDone(Exception):
    """Raised by a preview document when content flows past its single page."""


class PdfDocument:
    """Lays content out top to bottom, starting a new page when the next block won't fit.

    With ``path=None`` it paints page 1 only, into :attr:`image` (a preview at the same
    resolution and layout as the PDF); moving on to page 2 raises :class:`FirstPageDone`.
    """

    def __init__(self, path: Path | None, *, page_size: str = "a4", title: str = "",
                 footer: str = "") -> None:
        if page_size not in PAGE_SIZES:
            raise ValueError(f"page size {page_size!r}: one of {', '.join(PAGE_SIZES)}")
        layout = QPageLayout(
            QPageSize(PAGE_SIZES[page_size]), QPageLayout.Orientation.Portrait,
            QMarginsF(16, 14, 16, 16), QPageLayout.Unit.Millimeter)
        self.writer: QPdfWriter | None = None
        self.image: QImage | None = None
        if path is None:
            self.image = QImage(layout.fullRectPixels(DPI).size(), QImage.Format.Format_RGB32)
            self.image.setDotsPerMeterX(round(DPI / 0.0254))
            self.image.setDotsPerMeterY(round(DPI / 0.0254))
            self.image.fill(Qt.GlobalColor.white)
            self.painter = QPainter(self.image)
            self.painter.translate(layout.paintRectPixels(DPI).topLeft())
        else:
            self.writer = QPdfWriter(str(path))
            self.writer.setResolution(DPI)
            self.writer.setTitle(title)
            self.writer.setCreator("Rebound Tracker")
            self.writer.setPageLayout(layout)
            self.painter = QPainter(self.writer)
        self.page_rect = QRectF(layout.paintRectPixels(DPI))
        self.page_rect.moveTo(0, 0)
        self.footer_text = footer
        self.footer_height = pt(BODY_PT) * 2.2
        self.page = 1
        self.y = 0.0

    # --- geometry ----------------------------------------------------------------------
    @property
    def width(self) -> float:
        return self.page_rect.width()

    @property
    def bottom(self) -> float:
        return self.page_rect.height() - self.footer_height

    def page_height_mm(self) -> float:
        """The usable height of a whole page, for blocks that should fill at most one."""
        return self.bottom / MM

    def remaining(self) -> float:
        return self.bottom - self.y

    def ensure_space(self, height: float) -> None:
        if self.y > 0 and height > self.remaining():
            self.new_page()

    def new_page(self) -> None:
        self._draw_footer()
        if self.writer is None:
            raise FirstPageDone
        self.writer.newPage()
        self.page += 1
        self.y = 0.0

    def space(self, mm: float) -> None:
        self.y += mm * MM

    # --- text --------------------------------------------------------------------------
    def font(self, size: float = BODY_PT, *, bold: bool = False, italic: bool = False) -> QFont:
        font = QFont("DejaVu Sans")
        font.setStyleHint(QFont.StyleHint.SansSerif)
        font.setPointSizeF(size)
        font.setBold(bold)
        font.setItalic(italic)
        return font

    def text_height(self, text: str, width: float, font: QFont) -> float:
        self.painter.setFont(font)
        flags = int(Qt.TextFlag.TextWordWrap)
        return self.painter.boundingRect(QRectF(0, 0, width, 1e6), flags,
                                         printable(text)).height()

    def paragraph(self, text: str, *, size: float = BODY_PT, bold: bool = False,
                  italic: bool = False, colour: QColor = INK, indent_mm: float = 0.0,
                  after_mm: float = 1.6) -> None:
        font = self.font(size, bold=bold, italic=italic)
        x = indent_mm * MM
        width = self.width - x
        height = self.text_height(text, width, font)
        self.ensure_space(height)
        self.painter.setFont(font)
        self.painter.setPen(colour)
        self.painter.drawText(QRectF(x, self.y, width, height),
                              int(Qt.TextFlag.TextWordWrap), printable(text))
        self.y += height + after_mm * MM

    def heading(self, text: str, level: int = 1) -> None:
        size = {0: 17.0, 1: 12.5, 2: 10.5}[level]
        self.ensure_space(pt(size) * 4)  # keep a heading with what follows it
        if level == 1 and self.y > 0:
            self.space(2.5)
        self.paragraph(text, size=size, bold=True, after_mm=1.2 if level else 0.6)
        if level == 1:
            self.rule()

    def bullets(self, items: Sequence[str], *, size: float = BODY_PT) -> None:
        for item in items:
            self.paragraph(f"•  {item}", size=size, indent_mm=2.0, after_mm=0.8)

    def rule(self) -> None:
        self.painter.setPen(QPen(RULE, pt(0.5)))
        self.painter.drawLine(0, int(self.y), int(self.width), int(self.y))
        self.space(1.5)

    # --- tables ------------------------------------------------------------------------
    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float], *, size: float = 8.5) -> None:
        """A simple grid; ``widths`` are fractions of the text width. Rows never split."""
        columns = [w * self.width for w in widths]
        self._table_row(headers, columns, self.font(size, bold=True), header=True)
        for row in rows:
            self._table_row(row, columns, self.font(size), header=False, headers=headers)
        self.space(2.0)

    def _table_row(self, cells: Sequence[str], columns: Sequence[float], font: QFont, *,
                   header: bool, headers: Sequence[str] = ()) -> None:
        pad = 1.0 * MM
        height = max(self.text_height(str(c), w - 2 * pad, font)
                     for c, w in zip(cells, columns, strict=True)) + 2 * pad
        if self.y > 0 and height > self.remaining():
            self.new_page()
            if not header and headers:
                self._table_row(headers, columns, self.font(font.pointSizeF(), bold=True),
                                header=True)
        x = 0.0
        self.painter.setFont(font)
        for cell, w in zip(cells, columns, strict=True):
            self.painter.setPen(INK)
            self.painter.drawText(QRectF(x + pad, self.y + pad, w - 2 * pad, height),
                                  int(Qt.TextFlag.TextWordWrap), printable(cell))
            x += w
        self.y += height
        self.painter.setPen(QPen(RULE if header else QColor("#dddddd"), pt(0.4)))
        self.painter.drawLine(0, int(self.y), int(sum(columns)), int(self.y))

    # --- drawings ----------------------------------------------------------------------
    def block(self, height_mm: float, draw: Callable[[QPainter, QRectF], None]) -> None:
        """Reserve ``height_mm`` and let ``draw`` paint into that rectangle."""
        height = height_mm * MM
        self.ensure_space(height)
        rect = QRectF(0, self.y, self.width, height)
        self.painter.save()
        draw(self.painter, rect)
        self.painter.restore()
        self.y += height + 2.0 * MM

    # --- end ---------------------------------------------------------------------------
    def _draw_footer(self) -> None:
        font = self.font(7.5)
        self.painter.setFont(font)
        self.painter.setPen(MUTED)
        rect = QRectF(0, self.page_rect.height() - self.footer_height + pt(4), self.width,
                      self.footer_height)
        self.painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                              self.footer_text)
        self.painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight), f"Page {self.page}")

    def finish(self) -> int:
        """Close the file; returns the number of pages."""
        self._draw_footer()
        self.painter.end()
        return self.page
