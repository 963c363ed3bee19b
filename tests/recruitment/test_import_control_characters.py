"""An import refuses line breaks in one-line columns and control characters anywhere, by row and column."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.recruitment.models import Application, EligibilityRule
from tests.conftest import World
from tests.recruitment.test_import_export import GOOD, HEADER, bad, csv_file, xlsx_file

ROWS = [
    (bad(email="u1@example.org", full_name="Ann Other\r\nBcc: everyone@example.org"), "full_name"),
    (bad(email="u2@example.org", job_title="Nurse\tlead"), "job_title"),
    (bad(email="u3@example.org", full_name="Ann\u2028Other"), "full_name"),
]


def test_a_name_with_a_line_break_is_refused_by_row_and_column_and_nothing_is_written(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    before = (Person.objects.count(), Application.objects.count())
    client.force_login(world.lena)
    rows = [GOOD] + [row for row, _ in ROWS]
    for upload in (csv_file(rows), xlsx_file(rows)):
        response = client.post(reverse("recruitment:import", args=[world.programme.pk]), {"file": upload})
        assert response.status_code == 400
        errors = {(e.row, e.field): e.message for e in response.context["errors"]}
        for number, (_, column) in enumerate(ROWS, start=3):
            assert errors[(number, column)].startswith("Must be one line of text"), errors
        assert {row for row, _ in errors} == {3, 4, 5}  # the good row has none
        assert "Nothing was imported" in response.text
        assert (Person.objects.count(), Application.objects.count()) == before


def test_text_of_several_lines_keeps_its_line_breaks_but_not_a_nul(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [
            [*HEADER, "why_now"],
            [*GOOD, "To learn.\nTo meet people."],
            [*bad(email="nul@example.org"), "To learn\x00"],
        ]
    )
    upload = SimpleUploadedFile("applicants.csv", buffer.getvalue().encode(), content_type="text/csv")
    client.force_login(world.lena)
    response = client.post(reverse("recruitment:import", args=[world.programme.pk]), {"file": upload})
    assert response.status_code == 400
    assert [(e.row, e.field) for e in response.context["errors"]] == [(3, "why_now")]
    assert "control character" in response.context["errors"][0].message
    assert not Application.objects.exists()
