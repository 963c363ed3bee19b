"""Importing applicants from CSV or XLSX (row-level errors, all or nothing) and exporting the lists."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from commonground.accounts.models import Person
from commonground.recruitment import importing
from commonground.recruitment.models import Application, EligibilityRule
from tests.conftest import World
from tests.recruitment import objects

HEADER = [
    "full_name",
    "email",
    "organisation",
    "team",
    "sector",
    "place",
    "seniority",
    "submitted_on",
    "job_title",
]
GOOD = [
    "Gina Good",
    "gina@example.org",
    "Surrey Acute",
    "Ward 4",
    "nhs_acute",
    "East Surrey",
    "frontline",
    "2026-03-01",
    "Nurse",
]


def csv_file(rows: list[list[str]], name: str = "applicants.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list[str]]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("applicants.xlsx", out.getvalue())


def bad(**changes: str) -> list[str]:
    row = dict(zip(HEADER, GOOD, strict=True))
    row.update(changes)
    return [row[h] for h in HEADER]


# Ten kinds of bad row, each with the column and words its error must name.
BAD_ROWS = [
    (
        bad(email="u1@example.org", organisation="Nowhere Trust", team="", sector=""),
        "organisation",
        "No organisation called “Nowhere Trust”",
    ),
    (bad(email="gina@example.org"), "email", "appears twice in this file (first in row 2)"),
    (bad(email="dana.applicant@example.org"), "email", "has already applied to this programme"),
    (bad(email="u4@example.org", submitted_on="31/02/2026"), "submitted_on", "is not a date"),
    (bad(email="u5@example.org", sector="nhs-acute"), "sector", "is not a sector code"),
    (bad(email="u6@example.org", full_name=""), "full_name", "Empty: this column is required"),
    (bad(email="not-an-email"), "email", "is not an email address"),
    (bad(email="u8@example.org", place="Atlantis"), "place", "No place called “Atlantis”"),
    (
        bad(email="u9@example.org", team="Ward 99"),
        "team",
        "Surrey Acute has no team called “Ward 99”",
    ),
    (bad(email="u10@example.org", seniority="overlord"), "seniority", "is not a seniority band"),
    (
        bad(email="u11@example.org", job_title="x" * 201),
        "job_title",
        "Too long: 201 characters, at most 200",
    ),
]


def test_every_bad_row_is_reported_and_nothing_is_written(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    objects.application(world, "Dana Applicant")
    before = (Person.objects.count(), Application.objects.count())
    client.force_login(world.lena)
    rows = [GOOD] + [row for row, _, _ in BAD_ROWS]
    response = client.post(
        reverse("recruitment:import", args=[world.programme.pk]), {"file": csv_file(rows)}
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    for number, (_, column, words) in enumerate(BAD_ROWS, start=3):
        assert any(e.row == number and e.field == column and words in e.message for e in errors), (
            number,
            column,
            errors,
        )
    assert {e.row for e in errors} == set(range(3, 3 + len(BAD_ROWS)))  # the good row has none
    assert "Nothing was imported" in response.text
    assert (Person.objects.count(), Application.objects.count()) == before


def test_a_valid_file_previews_then_imports_on_confirmation(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    client.force_login(world.lena)
    url = reverse("recruitment:import", args=[world.programme.pk])
    second = bad(
        full_name="Harry Council",
        email="harry@example.org",
        organisation="County Council",
        team="",
        sector="",
    )
    response = client.post(url, {"file": xlsx_file([GOOD, second])})
    assert response.status_code == 200 and "Ready to import 2 applicants" in response.text
    assert not Application.objects.exists()
    assert client.post(url, {"action": "confirm"}).status_code == 302
    gina = Application.objects.get(person__email="gina@example.org")
    assert (
        gina.team
        and gina.team.name == "Ward 4"
        and gina.submitted_at.date().isoformat() == "2026-03-01"
    )
    assert not gina.person.has_usable_password()
    assert Application.objects.count() == 2


def test_the_import_is_checked_again_on_confirmation(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    client.force_login(world.lena)
    url = reverse("recruitment:import", args=[world.programme.pk])
    client.post(url, {"file": csv_file([GOOD])})
    gina = objects.application(world, "Gina Good")  # applies through the form in the meantime
    Person.objects.filter(pk=gina.person_id).update(email="gina@example.org")
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 400 and "already applied" in response.text
    assert Application.objects.count() == 1


def test_a_file_that_is_not_csv_or_xlsx_is_refused() -> None:
    parsed = importing.parse(io.BytesIO(b"PK\x03\x04garbage"), "applicants.xlsx")
    assert parsed.errors and "could not be read" in parsed.errors[0].message
    assert (
        importing.parse(io.BytesIO(b""), "notes.txt").errors[0].message
        == "Upload a .csv or .xlsx file."
    )


def test_a_missing_required_column_is_named() -> None:
    parsed = importing.parse(io.BytesIO(b"full_name,email\nA,a@example.org\n"), "a.csv")
    assert {e.field for e in parsed.errors} == {"organisation", "place", "seniority"}


def test_the_lists_export_as_csv_and_xlsx(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    objects.application(world, "Dana Applicant", access_needs="Hearing loop")
    objects.application(world, "Eve Rejected", status="rejected")
    client.force_login(world.lena)
    response = client.get(
        reverse("recruitment:export", args=[world.programme.pk, "applications", "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["id", "name", "email", "status"]
    assert sorted(r[1] for r in rows[1:]) == ["Dana Applicant", "Eve Rejected"]
    assert "Hearing loop" not in response.content.decode()  # access needs stay in the app
    response = client.get(
        reverse("recruitment:export", args=[world.programme.pk, "review", "xlsx"])
        + "?sector=adult_social_care"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "name" and [v[1] for v in values[1:]] == ["Dana Applicant"]
    assert response["Content-Disposition"].endswith('.xlsx"')
