"""No export carries a live formula: text a person typed is neutralised in every CSV and XLSX.

Applicants called `=HYPERLINK("http://x","y")`, `+1-2`, `@SUM(A1)`, `-3+4` and names starting
with a tab or a carriage return; a session-feedback round with a hostile title; ids on the grouping
command line. Every export is opened the way a spreadsheet would: no XLSX cell is a formula, and
no CSV field starts with =, +, -, @, a tab or a carriage return unless it is a plain number.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from commonground.core.exports import csv_text, safe_cell, xlsx_bytes
from commonground.development import services as development
from commonground.grouping.engine.cli import main
from commonground.recruitment.models import Application
from tests.conftest import World
from tests.recruitment import objects
from tests.schedule.session_permission_cases import planned

HOSTILE = ['=HYPERLINK("http://x","y")', "+1-2", "@SUM(A1)", "-3+4", "\tTab Leading", "\rReturn Leading"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1-2", "'+1-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-3+4", "'-3+4"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Dana Applicant", "Dana Applicant"),
        ("-5", "-5"),  # text that is only a number is a number to a spreadsheet, not a formula
        (-3, -3),  # negative numbers stay numbers
        (2.5, 2.5),
        (None, None),
        ("", ""),
    ],
)
def test_safe_cell_neutralises_formulas_and_keeps_numbers(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def assert_csv_has_no_formula(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for field in row:
            assert not field.startswith(FORMULA_START) or PLAIN_NUMBER.fullmatch(field), repr(field)
    return rows


def assert_xlsx_has_no_formula(content: bytes) -> list[object]:
    workbook = load_workbook(io.BytesIO(content))
    values: list[object] = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert not cell.value.startswith(FORMULA_START), repr(cell.value)
                values.append(cell.value)
    return values


def test_the_writers_neutralise_every_hostile_value() -> None:
    rows = [["name", "n"], *([value, -3] for value in HOSTILE)]
    assert_csv_has_no_formula(csv_text(rows))
    values = assert_xlsx_has_no_formula(xlsx_bytes([("Sheet", rows[0], rows[1:])]))
    assert -3 in values  # a negative number is still a number


def _hostile_applicants(world: World) -> None:
    for name in HOSTILE:
        objects.application(world, name)
    Application.objects.update(job_title="=1+1")


@pytest.mark.parametrize("which", ["applications", "review"])
def test_the_applications_exports_carry_no_formula(client: Client, world: World, which: str) -> None:
    _hostile_applicants(world)
    client.force_login(world.lena)
    url = reverse("recruitment:export", args=[world.programme.pk, which, "csv"])
    rows = assert_csv_has_no_formula(client.get(url).content.decode())
    assert sorted(r[1] for r in rows[1:]) == sorted("'" + name for name in HOSTILE)
    url = reverse("recruitment:export", args=[world.programme.pk, which, "xlsx"])
    values = assert_xlsx_has_no_formula(client.get(url).content)
    assert "'" + HOSTILE[0] in values


def test_the_evaluation_exports_carry_no_formula(client: Client, world: World) -> None:
    development.install_builtin_instruments()
    development.open_session_feedback(
        programme=world.programme, cohort=world.east, session=planned(world, "Launch day", days=-1),
        title='=HYPERLINK("http://x","y")', held_at=timezone.now(),
    )
    client.force_login(world.lena)
    text = client.get(reverse("development:evaluation-export", args=[world.programme.pk, "csv"])).content.decode()
    fields = [field for row in assert_csv_has_no_formula(text) for field in row]
    assert '\'=HYPERLINK("http://x","y")' in fields
    content = client.get(reverse("development:evaluation-export", args=[world.programme.pk, "xlsx"])).content
    assert '\'=HYPERLINK("http://x","y")' in assert_xlsx_has_no_formula(content)


def test_the_grouping_command_writes_no_formula(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    ids = ["=1+2", "@x", "-3+4", "+5", "plain", "-6"]
    people.write_text("id,org\n" + "".join(f"{i},o{n % 2}\n" for n, i in enumerate(ids)))
    out = tmp_path / "groups.csv"
    assert main(["group", str(people), "--size", "3", "--time-limit", "0.2", "--out", str(out)]) == 0
    rows = assert_csv_has_no_formula(out.read_text())
    assert sorted(r[0] for r in rows[1:]) == sorted(["'=1+2", "'@x", "'-3+4", "+5", "plain", "-6"])
