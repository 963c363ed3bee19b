"""A system's export as one ZIP: one CSV per table, one workbook with a sheet per table, one JSON
document with every table, a manifest of the tables and their rows, and a README saying it is
personal data.

Every CSV and XLSX cell goes through `core.exports` (text a spreadsheet would run as a formula is
made inert); the JSON keeps values as they are, for a machine to load. Each table is read once per
format straight from the database, so the file is written in a temporary file at any size rather
than held in memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import json
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from django.utils.text import slugify

from commonground.core.exports import write_csv_rows, xlsx_bytes
from commonground.offboarding.tables import TABLES, Table
from commonground.programmes.models import System

README = """PERSONAL DATA: {name}

Everything Common Ground held for {name} (system {id}) on {made}, exported for its data controller
({controller}) before the system leaves Common Ground. It names people and holds their answers,
access needs and applications: keep it as you keep your own personal data, and delete it when you
no longer need it.

  manifest.json       the tables, what each holds, its columns and its number of rows
  csv/<table>.csv     one CSV file per table
  {workbook}   every table, one sheet each
  data.json           every table, as JSON

Cells starting with = + - or @ carry an apostrophe in the CSV and XLSX files, so a spreadsheet
shows them as text and runs nothing; data.json keeps every value as it was. People appear by id,
name and email in each table that is about them. Not included: passwords and other secrets, and
each participant's own journal and goals (in their own download from their profile).
"""


@dataclass(frozen=True)
class Export:
    """The ZIP (positioned at its start), its name, its SHA-256 and the rows of each table."""

    file: IO[bytes]
    filename: str
    sha256: str
    rows: dict[str, int]


def plain(value: object) -> object:
    """A value for a spreadsheet or JSON: dates as ISO text, money as text, nested data as JSON."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _cells(table: Table, system_id: int) -> Iterator[list[object]]:
    for row in table.values(system_id):
        yield ["" if value is None else plain(value) for value in row]


class _Counted:
    """Rows passed through, counted."""

    def __init__(self, rows: Iterable[list[object]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[list[object]]:
        for row in self.rows:
            self.count += 1
            yield row


def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _write_json(out: IO[bytes], tables: Iterable[Table], system_id: int, head: dict[str, Any]) -> None:
    """{"system": …, "tables": {name: [{column: value}, …]}}, one row at a time."""
    text = io.TextIOWrapper(out, encoding="utf-8")
    text.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "tables": {')
    for number, table in enumerate(tables):
        text.write(("," if number else "") + json.dumps(table.name) + ": [")
        for index, row in enumerate(table.values(system_id)):
            record = {heading: _json_value(value) for heading, value in zip(table.header, row, strict=True)}
            text.write(("," if index else "") + json.dumps(record, ensure_ascii=False))
        text.write("]")
    text.write("}}")
    text.flush()
    text.detach()


def build(system: System, *, made: dt.datetime | None = None) -> Export:
    """Write the system's export to a temporary file."""
    made = made or timezone.now()
    slug = slugify(system.name) or f"system-{system.pk}"
    workbook = f"{slug}.xlsx"
    rows: dict[str, int] = {}
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, who closes it
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            counted = _Counted(_cells(table, system.pk))
            with archive.open(f"csv/{table.name}.csv", "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                write_csv_rows(text, itertools.chain([table.header], counted))
                text.flush()
                text.detach()
            rows[table.name] = counted.count
        archive.writestr(workbook, xlsx_bytes((t.name, t.header, _cells(t, system.pk)) for t in TABLES))
        head = {"system": {"id": system.pk, "name": system.name}, "made_at": made.isoformat(), "personal_data": True}
        with archive.open("data.json", "w") as raw:
            _write_json(raw, TABLES, system.pk, head)
        manifest = {
            **head,
            "files": {"csv": [f"csv/{t.name}.csv" for t in TABLES], "xlsx": workbook, "json": "data.json"},
            "tables": [
                {"name": t.name, "title": t.title, "columns": t.header, "rows": rows[t.name]} for t in TABLES
            ],
        }
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        archive.writestr("README.txt", README.format(
            name=system.name, id=system.pk, made=f"{timezone.localtime(made):%d %B %Y at %H:%M}",
            controller=system.data_controller or "the organisation responsible for it", workbook=f"{workbook:<17}",
        ))
    out.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: out.read(1 << 20), b""):
        digest.update(chunk)
    out.seek(0)
    return Export(
        file=out, filename=f"{slug}-export-{timezone.localdate(made):%Y-%m-%d}.zip", sha256=digest.hexdigest(), rows=rows
    )
