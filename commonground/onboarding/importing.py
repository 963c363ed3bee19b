"""A system's partner organisations from a CSV or XLSX file: read, then check every row, naming
each problem by row, column and reason ("Row 4, sector: “Hospital” is not one of …"). Nothing is
written here; `services.organisations.import_organisations` writes a file only when every row is
right.

Columns (the header row; case, spaces and hyphens do not matter): name, NHS organisation code
(also "ods code"; optional), sector (a sector's name or code), place (a place of the system, or
several separated by semicolons, or "all").
"""

import csv
import io
from dataclasses import dataclass, field
from typing import IO

from openpyxl import load_workbook

from commonground.core.inputs import has_refused_characters
from commonground.programmes.models import Place, Sector, System
from commonground.programmes.system_setup import NewOrganisation, organisation_problems

MAX_ROWS = 2000
COLUMN_NAMES = {
    "name": "name",
    "organisation": "name",
    "nhs_organisation_code": "ods_code",
    "ods_code": "ods_code",
    "ods": "ods_code",
    "sector": "sector",
    "place": "place",
    "places": "place",
}
REQUIRED = ("name", "sector", "place")
LABELS = {"name": "name", "ods_code": "NHS organisation code", "sector": "sector", "place": "place", "places": "place"}
EVERY_PLACE = "all"


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1; 0 is the file as a whole
    field: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}, {LABELS.get(self.field, self.field)}" if self.row else "The file"
        return f"{where}: {self.message}"


@dataclass
class Checked:
    """The organisations of an all-valid file, or the problems with it."""

    organisations: list[NewOrganisation] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _header(value: object) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("-", "_")


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def read_table(upload: IO[bytes], filename: str) -> tuple[list[list[object]], RowError | None]:
    """The file's rows as cells, or why it cannot be read."""
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            workbook = load_workbook(upload, read_only=True, data_only=True)
            table = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
            workbook.close()
            return table, None
        if name.endswith(".csv"):
            text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
            return [list(r) for r in csv.reader(text)], None
    except (UnicodeDecodeError, csv.Error):
        return [], RowError(0, "file", "it could not be read as a CSV file in UTF-8: save it as “CSV UTF-8”.")
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        return [], RowError(0, "file", "it could not be read as an Excel workbook (.xlsx).")
    return [], RowError(0, "file", "upload a .csv or .xlsx file.")


def sector_of(text: str) -> str | None:
    """The sector code for a sector's name or code, in any case; None when it is neither."""
    wanted = text.strip().lower()
    for code, label in Sector.choices:
        if wanted in (code, str(label).lower()):
            return str(code)
    return None


def check(table: list[list[object]], *, system: System) -> Checked:
    """Every problem with the rows of `table` for `system`, or the organisations they describe."""
    if not table or not any(_cell(v) for v in table[0]):
        return Checked(errors=[RowError(0, "file", "it is empty: the first row names the columns.")])
    headers = [COLUMN_NAMES.get(_header(h), "") for h in table[0]]
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        return Checked(errors=[RowError(1, c, "this column is missing from the header row.") for c in missing])
    rows = []
    for number, values in enumerate(table[1:], start=2):
        row = {h: _cell(v) for h, v in zip(headers, values, strict=False) if h}
        if any(row.values()):
            rows.append((number, row))
    if not rows:
        return Checked(errors=[RowError(2, "file", "the file has a header row but no organisations.")])
    if len(rows) > MAX_ROWS:
        return Checked(errors=[RowError(0, "file", f"import at most {MAX_ROWS:,} organisations at a time.")])
    places = {p.name.lower(): p.pk for p in Place.objects.filter(system=system)}
    place_names = ", ".join(sorted(p.name for p in Place.objects.filter(system=system))) or "none yet"
    errors: list[RowError] = []
    new: list[NewOrganisation] = []
    numbers: list[int] = []
    for number, row in rows:
        for column in ("name", "ods_code", "sector", "place"):
            if has_refused_characters(row.get(column, "")):
                errors.append(RowError(number, column, "must be one line of text, without tabs or control characters."))
        sector = sector_of(row.get("sector", ""))
        if not row.get("sector"):
            errors.append(RowError(number, "sector", "empty: every organisation has a sector."))
        elif sector is None:
            errors.append(RowError(number, "sector", f"“{row['sector']}” is not one of {', '.join(map(str, Sector.labels))}."))
        place_ids: list[int] = []
        wanted = [p.strip() for p in row.get("place", "").split(";") if p.strip()]
        if not wanted:
            errors.append(RowError(number, "place", f"empty: name a place of {system.name} ({place_names}), or “all”."))
        elif [w.lower() for w in wanted] == [EVERY_PLACE]:
            place_ids = list(places.values())
        else:
            for name in wanted:
                if name.lower() in places:
                    place_ids.append(places[name.lower()])
                else:
                    errors.append(RowError(number, "place", f"“{name}” is not a place of {system.name} ({place_names})."))
        new.append(NewOrganisation(name=row.get("name", ""), sector=sector or row.get("sector", ""),
                                   ods_code=row.get("ods_code", ""), place_ids=tuple(place_ids)))
        numbers.append(number)
    for problem in organisation_problems(system=system, organisations=new):
        if problem.field == "sector":  # said above, in the file's own words
            continue
        errors.append(RowError(numbers[problem.index], "place" if problem.field == "places" else problem.field,
                               problem.message))
    errors.sort(key=lambda e: (e.row, list(LABELS).index(e.field) if e.field in LABELS else 9))
    return Checked(errors=errors) if errors else Checked(organisations=new)
