"""Reading tables, CSV and XLSX, into rows of cells by line number, within the limits of an import.

A fault of the file whose line is known (a forbidden character, a cell too long, too many lines) is added to
the caller's errors with that line; a file that can't be read at all raises FileFormatError.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from allervers.common.spreadsheets import restore_csv_value
from allervers.directory.imports import limits
from allervers.directory.imports.records import FileFormatError, NamedFile
from allervers.directory.imports.report import RowError, Where


def decode_utf8(file: NamedFile) -> str:
    try:
        return file.content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _undecodable(file, exc, "n'est pas en UTF-8", "un fichier JSON l'est toujours") from exc


def _decode(file: NamedFile) -> str:
    try:
        return file.content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel in French saves CSV in Windows-1252.
        return file.content.decode("cp1252")
    except UnicodeDecodeError as exc:
        what, advice = "n'est ni en UTF-8 ni en Windows-1252", "enregistrez-le en « CSV UTF-8 »"
        raise _undecodable(file, exc, what, advice) from exc


def _undecodable(file: NamedFile, error: UnicodeDecodeError, what: str, advice: str) -> FileFormatError:
    line = file.content.count(b"\n", 0, error.start) + 1
    byte = file.content[error.start]
    return FileFormatError(f"le fichier {what} (octet 0x{byte:02X} illisible) : {advice}.", Where(file.name, line))


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of a text one at a time, as a file opened with newline="" gives them: io.StringIO would hold
    the whole text again, four bytes a character."""
    for match in _LINE.finditer(text):
        yield match.group()


def csv_rows(file: NamedFile, errors: list[RowError]) -> Iterator[tuple[int, dict[str, str | None]]]:
    """The rows of a CSV file by line number; a fault of the file (a cell too long, too many lines, a forbidden
    character) is added to `errors` with its line, and ends the reading when nothing after it can be trusted."""
    text = _decode(file)
    end = text.find("\n")
    header_line = text if end < 0 else text[:end]
    delimiter = max(",;\t", key=header_line.count)
    check_characters = limits.forbidden_character(text) is not None
    # The limit is the csv module's, process-wide: set it each time, a library (frictionless) may have raised it.
    csv.field_size_limit(limits.MAX_CELL_CHARS)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    rows = _csv_records(file.name, reader, errors)
    header = [name.strip() for name in next(rows, (0, []))[1]]
    if len(header) > limits.MAX_COLUMNS:
        errors.append(RowError(Where(file.name, 1), "", f"plus de {limits.MAX_COLUMNS} colonnes : fichier refusé."))
        return
    for count, (line, row) in enumerate(rows, start=1):
        if count > limits.MAX_ROWS:
            errors.append(RowError(Where(file.name, line), "", f"plus de {limits.MAX_ROWS} lignes : fichier refusé."))
            return
        if not any(cell.strip() for cell in row):
            continue
        # Our own exports quote a cell that a spreadsheet would run as a formula ('=…): read it back as written.
        cells = {
            name: (restore_csv_value(cell.strip()) or None) for name, cell in zip(header, row, strict=False) if name
        }
        if check_characters:
            _check_characters(Where(file.name, line), cells, errors)
        yield line, cells


def _csv_records(name: str, reader: Any, errors: list[RowError]) -> Iterator[tuple[int, list[str]]]:
    """The csv reader's records, each with the line it starts on; a csv error is the file's last."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger" in str(exc):
                message = (
                    f"une cellule dépasse {limits.MAX_CELL_CHARS} caractères : un guillemet n'est sans doute "
                    "pas refermé."
                )
            else:
                message = "ligne illisible en CSV (guillemets mal placés ?)."
            errors.append(RowError(Where(name, start), "", message))
            return
        yield reader.line_num, row


def _check_characters(where: Where, cells: dict[str, str | None], errors: list[RowError]) -> None:
    """A forbidden character is an error of its cell, and is taken out of the value: the checks that follow
    query the database with the values, and PostgreSQL refuses such a text even in a query."""
    for name, value in cells.items():
        if value and (character := limits.forbidden_character(value)):
            errors.append(RowError(where, name, limits.forbidden_message(character)))
            cells[name] = limits.without_forbidden(value)


def xlsx_rows(file: NamedFile, errors: list[RowError]) -> Iterator[tuple[int, dict[str, str | None]]]:
    """The first sheet's rows, once the workbook has passed the archive checks (limits.check_workbook)."""
    try:
        limits.check_workbook(file.content)
    except limits.Unreadable as exc:
        raise FileFormatError(f"{file.name} n'est pas un classeur XLSX lisible.") from exc
    except limits.Refused as exc:
        raise FileFormatError(exc.message, Where(file.name, 1)) from exc
    workbook = _open_workbook(file)
    try:
        if not workbook.worksheets:
            raise FileFormatError(f"{file.name} ne contient aucune feuille.")
        sheet = workbook.worksheets[0]
        first = _parsed(file.name, sheet.iter_rows(max_row=1, max_col=limits.MAX_COLUMNS + 1, values_only=True))
        header = [str(cell).strip() if cell is not None else "" for cell in next(first, ())]
        if len([name for name in header if name]) > limits.MAX_COLUMNS:
            raise FileFormatError(f"plus de {limits.MAX_COLUMNS} colonnes : classeur refusé.", Where(file.name, 1))
        # openpyxl pads a row to the width asked for: read no further than the last named column.
        width = max((index + 1 for index, name in enumerate(header) if name), default=1)
        header = header[:width]
        rows = sheet.iter_rows(min_row=2, max_row=limits.MAX_ROWS + 2, max_col=width, values_only=True)
        for line, row in enumerate(_parsed(file.name, rows), start=2):
            if not any(cell is not None for cell in row):
                continue
            if line > limits.MAX_ROWS + 1:
                errors.append(RowError(Where(file.name, line), "", f"plus de {limits.MAX_ROWS} lignes : refusé."))
                return
            cells = {name: _xlsx_text(name, cell) for name, cell in zip(header, row, strict=False) if name}
            if any(value for value in cells.values()):
                _check_characters(Where(file.name, line), cells, errors)
                yield line, cells
    finally:
        workbook.close()


def _open_workbook(file: NamedFile) -> Any:
    import openpyxl.xml
    from openpyxl import load_workbook

    if not openpyxl.xml.DEFUSEDXML:
        # openpyxl parses with defusedxml when it is installed and OPENPYXL_DEFUSEDXML isn't "False".
        raise FileFormatError("La lecture des classeurs XLSX est désactivée sur ce serveur (defusedxml absent).")
    try:
        return load_workbook(io.BytesIO(file.content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl's parsers raise whatever a damaged part makes them raise
        raise FileFormatError(f"{file.name} n'est pas un classeur XLSX lisible.") from exc


def _parsed(name: str, rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """openpyxl's rows, its failures on a damaged sheet turned into the French error."""
    iterator = iter(rows)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # the sheet's XML is parsed as the rows are read
            raise FileFormatError(f"{name} n'est pas un classeur XLSX lisible (feuille abîmée).") from exc
        yield row


def _xlsx_text(column: str, cell: Any) -> str | None:
    """A spreadsheet cell as the text a person typed: Excel turns codes and phone numbers into numbers."""
    if cell is None:
        return None
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, bool):
        return "oui" if cell else "non"
    if isinstance(cell, float) and cell.is_integer() and not column.endswith(("latitude", "longitude")):
        cell = int(cell)
    text = str(cell).strip()
    if isinstance(cell, int):
        if column.endswith(("code_postal", "code_insee")) and len(text) == 4:
            return "0" + text
        if "telephone" in column and len(text) == 9:
            return "0" + text
    return text or None
