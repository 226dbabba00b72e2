"""Text cells that a spreadsheet would run as a formula, and how to make them inert.

Excel, LibreOffice and Google Sheets treat a cell starting with ``=``, ``+``, ``-`` or ``@``
(and, in some versions, a leading tab or carriage return) as a formula, so a note such as
``=HYPERLINK("http://…")`` in an exported file could run when the file is opened ("CSV
injection"). The usual defence, and ours, is a leading apostrophe: spreadsheets show the
text as it was and never evaluate it.

To keep the round trip lossless, a cell that already starts with an apostrophe gets one more,
and :func:`restore_cell` removes exactly one apostrophe from any cell that
:func:`neutralise_cell` would have produced. Quoting of commas, quotes and line breaks is the
csv module's job; this is only about what a cell *means* to a spreadsheet.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_STARTS = (*FORMULA_STARTS, "'")


def neutralise_cell(text: str) -> str:
    """``text`` with an apostrophe in front if a spreadsheet could read it as a formula."""
    return "'" + text if text.startswith(_ESCAPED_STARTS) else text


def restore_cell(text: str) -> str:
    """The inverse of :func:`neutralise_cell`: ``restore_cell(neutralise_cell(t)) == t``.

    A cell typed in a spreadsheet as ``'hello`` (no formula character after the apostrophe)
    is kept as it is.
    """
    if text.startswith("'") and text[1:].startswith(_ESCAPED_STARTS):
        return text[1:]
    return text
