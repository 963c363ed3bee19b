"""Spreadsheet exports that cannot carry a formula: one path for every CSV and XLSX we write.

Anything a person typed (a name, a job title, an organisation) ends up in exports that staff open
in a spreadsheet. A value starting with =, +, -, @, a tab or a carriage return would be read as a
formula there (`=HYPERLINK("http://…","click")`, `@SUM(…)`, `-3+4`), so `safe_cell` puts an
apostrophe before such text, which spreadsheets show as the text itself. Numbers stay numbers
(a negative number is not a formula), and so does text that is only a number ("-5", "+3.5").
XLSX cells are also written with their type set explicitly, so text is stored as text, never
as a formula. No Django import: the grouping engine's command line uses it too.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")

Sheet = tuple[str, Sequence[object], Iterable[Sequence[object]]]  # title, header, rows


def safe_cell(value: object) -> object:
    """The value, with text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]


def write_csv_rows(out: IO[str], rows: Iterable[Iterable[object]]) -> None:
    """Write rows to a text stream as CSV, every cell made safe."""
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(safe_row(row))


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    write_csv_rows(buffer, rows)
    return buffer.getvalue()


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per (title, header, rows), every cell made safe and typed."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in _chain(header, rows):
            sheet.append([_typed(sheet, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _chain(header: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterable[Sequence[object]]:
    yield header
    yield from rows


def _typed(sheet: object, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=safe_cell(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # text, whatever it starts with: never a formula
    return cell
