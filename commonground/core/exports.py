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
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell import WriteOnlyCell

# openpyxl is imported where a workbook is written, not here: it takes a fifth of a second to
# load, and the grouping engine's command line, which writes CSV only, waits for every import.

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


# The content type of each format a table downloads as.
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_file(fmt: str, *, title: str, header: Sequence[object], rows: Iterable[Sequence[object]]) -> str | bytes:
    """One table as CSV text or as a workbook of one sheet called `title` (`fmt` a key of CONTENT_TYPES)."""
    if fmt == "csv":
        return csv_text(_chain(header, rows))
    return xlsx_bytes([(title, header, rows)])


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per (title, header, rows), every cell made safe and typed."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in _chain(header, rows):
            sheet.append([_typed(WriteOnlyCell, sheet, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _chain(header: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterable[Sequence[object]]:
    yield header
    yield from rows


def _typed(make: type[WriteOnlyCell], sheet: object, value: object) -> WriteOnlyCell:
    cell = make(sheet, value=safe_cell(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # text, whatever it starts with: never a formula
    return cell


# -- Workbooks with tables and charts (report packs) -----------------------------------------------

HIDDEN_NOTE = "not shown"  # the comment on a figure cell left empty because the figure is hidden


@dataclass(frozen=True)
class SheetChart:
    """A native chart over a table's own cells: `series` are value columns (0 is the first after the
    label column); "bar" draws horizontal bars, "col" columns."""

    kind: str
    series: Sequence[int]
    title: str
    stacked: bool = False


@dataclass(frozen=True)
class SheetTable:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]  # the label, then the figures; None is a hidden figure
    formats: Sequence[str] = ()  # an Excel number format per figure column ("" for General)
    chart: SheetChart | None = None


@dataclass(frozen=True)
class ChartSheet:
    title: str
    lines: Sequence[str]  # text above the tables (a heading, an introduction, notes)
    tables: Sequence[SheetTable]


def workbook_with_charts(sheets: Sequence[ChartSheet]) -> bytes:
    """A workbook of sheets of tables, each table optionally with a native chart drawn from its
    cells. Text is made safe and stored as text; a hidden figure is an empty cell carrying the
    comment "not shown" (so a chart leaves a gap there rather than drawing a zero)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = workbook.create_sheet(_sheet_title(spec.title))
        row = 1
        for number, line in enumerate(spec.lines):
            cell = sheet.cell(row=row, column=1)
            _put(cell, line)
            if number == 0:
                cell.font = Font(bold=True, size=14)
            row += 1
        row += 1
        widest = 1
        for table in spec.tables:
            _put(sheet.cell(row=row, column=1), table.title)
            sheet.cell(row=row, column=1).font = bold
            top = row
            row += 1
            for col, heading in enumerate(table.header, start=1):
                _put(sheet.cell(row=row, column=col), heading)
                sheet.cell(row=row, column=col).font = bold
            header_row = row
            for values in table.rows:
                row += 1
                for col, value in enumerate(values, start=1):
                    cell = sheet.cell(row=row, column=col)
                    if value is None:
                        cell.comment = Comment(HIDDEN_NOTE, "Common Ground")
                        continue
                    _put(cell, value)
                    fmt = table.formats[col - 2] if 2 <= col < 2 + len(table.formats) else ""
                    if fmt and not isinstance(value, str):
                        cell.number_format = fmt
            widest = max(widest, len(table.header))
            if table.chart is not None and table.rows:
                _chart(sheet, table, header_row, row, anchor=f"{get_column_letter(len(table.header) + 2)}{top}")
                row = max(row, top + 16)
            row += 2
        sheet.column_dimensions["A"].width = 48
        for col in range(2, widest + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 16
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _put(cell: object, value: object) -> None:
    value = safe_cell(value)
    cell.value = value  # type: ignore[attr-defined]
    if isinstance(value, str):
        cell.data_type = "s"  # type: ignore[attr-defined]  # text, whatever it starts with: never a formula


def _chart(sheet: object, table: SheetTable, header_row: int, last_row: int, *, anchor: str) -> None:
    spec = table.chart
    assert spec is not None
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar" if spec.kind == "bar" else "col"
    chart.title = spec.title[:120]
    chart.style = 10
    chart.height, chart.width = 7.5, 16
    if spec.stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    for index in spec.series:
        col = index + 2
        chart.add_data(Reference(sheet, min_col=col, min_row=header_row, max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_row))
    chart.display_blanks = "gap"
    sheet.add_chart(chart, anchor)  # type: ignore[attr-defined]


def _sheet_title(title: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet"
