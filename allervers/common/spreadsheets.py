"""Cells of the CSV and XLSX files we write, safe to open in a spreadsheet (OWASP "CSV injection").

A spreadsheet reads a cell that starts with = + - @, a tab or a carriage return as a formula: a structure name or a
fiche title typed by anyone would then run in the reader's spreadsheet (=HYPERLINK(...) leaks the sheet's data, DDE
runs a command). A CSV cell has no type, so such a text is neutralised by a leading single quote — except a number
or a phone number (digits, spaces, dots, hyphens, parentheses, one leading +), which cannot carry a formula and stays
true. An XLSX cell has a type: every string is written as a text cell, never a formula, and keeps its exact text.

The CSV quoting is reversible: `restore_csv_value(safe_csv_value(text)) == text` for every text, so that an import
of our own export gives back what was exported (a text already starting with quotes before a formula character
gets one more).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# Text that a spreadsheet may read as a formula but that can compute nothing: no letter, so no function, no cell
# reference, no command. A phone number ("+33 4 74 12 34 56", "(0)4 74…"), or a number ("-12.5", "-1.5e-05").
_PHONE = re.compile(r"\+?[0-9 .()-]*[0-9][0-9 .()-]*")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet read this text as a formula that can do something?"""
    return text.startswith(FORMULA_STARTS) and not (_PHONE.fullmatch(text) or _NUMBER.fullmatch(text))


def _needs_quote(text: str) -> bool:
    # Quotes already in front of a formula-like text are quoted once more, so that restoring is exact.
    return is_formula_like(text.lstrip(QUOTE))


def safe_csv_value(value: Any) -> Any:
    """The value to write in a CSV cell: a formula-like text behind a single quote, anything else unchanged."""
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return QUOTE + text if _needs_quote(text) else text


def restore_csv_value(text: str) -> str:
    """The text `safe_csv_value` was given, for an import that reads one of our CSV exports back."""
    if text.startswith(QUOTE) and _needs_quote(text[1:]):
        return text[1:]
    return text


class SafeDictWriter:
    """`csv.DictWriter` whose every cell, the header's too, goes through `safe_csv_value`."""

    def __init__(self, stream: IO[str], fieldnames: Sequence[str], **options: Any) -> None:
        self.fieldnames = list(fieldnames)
        self._writer = csv.DictWriter(stream, fieldnames=self.fieldnames, **options)

    def writeheader(self) -> None:
        self._writer.writerow({name: safe_csv_value(name) for name in self.fieldnames})

    def writerow(self, row: Mapping[str, Any]) -> None:
        self._writer.writerow({key: safe_csv_value(value) for key, value in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(fieldnames: Sequence[str], rows: Iterable[Mapping[str, Any]], **options: Any) -> str:
    """A whole CSV file, header first, every cell safe; `options` go to `csv.DictWriter` (delimiter…)."""
    output = io.StringIO()
    writer = SafeDictWriter(output, fieldnames, **options)
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue()


def set_cell(cell: Cell, value: Any) -> None:
    """Write a value in a worksheet cell: a string always as text (never a formula nor an error code)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # openpyxl is loaded only by the code that writes XLSX

    if not isinstance(value, str):
        cell.value = value
        return
    # Control characters cannot be stored in a worksheet at all (openpyxl refuses the whole file).
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        # Stays text when someone edits the cell in Excel or LibreOffice; the quote is not part of the value.
        cell.quotePrefix = True


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)`, each string written as a text cell."""
    from openpyxl.cell.cell import Cell

    cells = []
    for value in values:
        cell = Cell(sheet)
        set_cell(cell, value)
        cells.append(cell)
    sheet.append(cells)
