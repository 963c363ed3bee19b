"""A system's export: every table as CSV, as a workbook and as JSON, with a manifest of its rows;
the system's own data and nobody else's; formulas made inert in spreadsheets."""

import csv
import hashlib
import io
import json
import zipfile

from django.urls import reverse
from openpyxl import load_workbook

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, AuditEvent, Person
from commonground.offboarding import services
from commonground.offboarding.models import Action, OffboardingRecord, Via
from commonground.offboarding.people import people_of
from commonground.offboarding.tables import TABLES
from commonground.programmes.models import Membership
from commonground.recruitment.models import Application
from commonground.schedule.models import Attendance, Invitation
from tests.offboarding.conftest import signed_in
from tests.offboarding.systems import Built
from tests.test_isolation import text_of


def exported(system: Built, by: Person | None = None) -> tuple[zipfile.ZipFile, OffboardingRecord]:
    made, record = services.export_system(system=system.world.programme.system, by=by, via=Via.COMMAND)
    with made.file:
        return zipfile.ZipFile(io.BytesIO(made.file.read())), record


def csv_rows(archive: zipfile.ZipFile, table: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(archive.read(f"csv/{table}.csv").decode("utf-8"))))


def test_the_export_holds_every_table_three_ways_with_a_manifest_of_its_rows(systems: tuple[Built, Built]) -> None:
    a, _b = systems
    archive, record = exported(a)
    workbook_name = next(n for n in archive.namelist() if n.endswith(".xlsx"))
    assert sorted(archive.namelist()) == sorted(
        [f"csv/{t.name}.csv" for t in TABLES] + [workbook_name, "data.json", "manifest.json", "README.txt"]
    )
    manifest = json.loads(archive.read("manifest.json"))
    workbook = load_workbook(io.BytesIO(archive.read(workbook_name)), read_only=True)
    data = json.loads(archive.read("data.json"))
    assert manifest["personal_data"] is True and manifest["system"] == {"id": a.system_id, "name": a.names.system}
    assert [t["name"] for t in manifest["tables"]] == [t.name for t in TABLES] == workbook.sheetnames
    for table in manifest["tables"]:
        sheet_rows = list(workbook[table["name"]].iter_rows(values_only=True))
        assert len(csv_rows(archive, table["name"])) - 1 == len(sheet_rows) - 1 == len(data["tables"][table["name"]]), table
        assert table["rows"] == len(data["tables"][table["name"]]) == record.rows[table["name"]], table["name"]
    counts = {t["name"]: t["rows"] for t in manifest["tables"]}
    system = a.world.programme.system
    assert counts["memberships"] == Membership.objects.filter(programme__system=system).count() == 7
    assert counts["applications"] == Application.objects.filter(programme__system=system).count() == 1
    assert counts["invitations"] == Invitation.objects.filter(session__programme__system=system).count() == 3
    assert counts["attendance"] == Attendance.objects.filter(session__programme__system=system).count() == 2
    assert counts["people"] == len(people_of(a.system_id)) == 10
    assert counts["places"] == 2 and counts["organisations"] == 3 and counts["teams"] == 1 and counts["programmes"] == 1
    assert counts["cohorts"] == 2 and counts["learning_set_members"] == 2 and counts["survey_answers"] == 1
    assert all(counts[name] > 0 for name in ("sessions", "learning_sets", "survey_rounds", "relationship_rounds"))


def test_memberships_name_each_person_and_the_answers_are_theirs(systems: tuple[Built, Built]) -> None:
    a, _b = systems
    archive, _record = exported(a)
    header, *rows = csv_rows(archive, "memberships")
    people = {(row[header.index("name")], row[header.index("email")], row[header.index("role")]) for row in rows}
    assert (*a.names.people["alice"], "participant") in people
    assert (*a.names.people["lead"], "lead") in people
    answers = json.loads(archive.read("data.json"))["tables"]["survey_answers"]
    assert [row["email"] for row in answers] == [a.names.people["alice"][1]]
    assert answers[0]["answers"] == {"brs1": 4, "brs2": 2, "brs3": 4, "brs4": 2, "brs5": 4, "brs6": 2}


def test_the_export_is_the_systems_own_data_and_no_other(systems: tuple[Built, Built]) -> None:
    a, b = systems
    made, _record = services.export_system(system=a.world.programme.system, by=None)
    with made.file:
        text = text_of(made.file.read()).lower()
    assert all(s.lower() in text for s in a.names.strings())
    assert not [s for s in b.names.strings() if s.lower() in text]


def test_a_spreadsheet_runs_no_formula_from_the_export_but_the_json_keeps_the_text(systems: tuple[Built, Built]) -> None:
    a, _b = systems
    formula = '=HYPERLINK("http://example.org","click")'
    Person.objects.filter(pk=a.world.alice.pk).update(job_title=formula)
    Application.objects.filter(person=a.applicant).update(why_now="@SUM(1,2)")
    archive, _record = exported(a)
    header, *rows = csv_rows(archive, "people")
    alice = next(row for row in rows if row[header.index("id")] == str(a.world.alice.pk))
    assert alice[header.index("job title")] == "'" + formula
    workbook = load_workbook(io.BytesIO(archive.read(next(n for n in archive.namelist() if n.endswith(".xlsx")))))
    sheet = workbook["applications"]
    why_now = [c.value for c in sheet[2]][[c.value for c in sheet[1]].index("why now")]
    assert why_now == "'@SUM(1,2)"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    data = json.loads(archive.read("data.json"))["tables"]
    assert next(p for p in data["people"] if p["id"] == a.world.alice.pk)["job title"] == formula


def test_the_readme_says_the_file_is_personal_data(systems: tuple[Built, Built]) -> None:
    a, _b = systems
    archive, _record = exported(a)
    readme = archive.read("README.txt").decode()
    assert readme.startswith(f"PERSONAL DATA: {a.names.system}")
    assert "manifest.json" in readme and "data.json" in readme


def test_a_download_from_the_page_is_recorded_with_its_digest(systems: tuple[Built, Built], site_admin: Person) -> None:
    a, _b = systems
    response = signed_in(site_admin).post(reverse("offboarding:export", args=[a.system_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"] and ".zip" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    record = OffboardingRecord.objects.get(system_id=a.system_id)
    assert (record.action, record.by_id, record.via, record.system_name) == (
        Action.EXPORT, site_admin.pk, Via.PAGE, a.names.system
    )
    assert record.sha256 == hashlib.sha256(body).hexdigest()
    exported_about = set(
        AuditEvent.objects.filter(action=AuditAction.EXPORTED, what="system_export", actor_id=site_admin.pk)
        .exclude(subject_id=None).values_list("subject_id", flat=True)
    )
    assert exported_about == people_of(a.system_id)
    assert "system_export" in audit.WHAT  # each person reads it on "Who has seen my data"


def test_getting_the_export_address_changes_nothing(systems: tuple[Built, Built], site_admin: Person) -> None:
    a, _b = systems
    assert signed_in(site_admin).get(reverse("offboarding:export", args=[a.system_id])).status_code == 405
    assert not OffboardingRecord.objects.exists()
