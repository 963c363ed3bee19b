"""The attendance figures page's list of people: filtered by cohort, name and risk, paged with its
filters kept, and downloaded whole (as filtered) as CSV or XLSX, every download in the audit trail.

The programme is `test_attendance_figures.build` with thirty more participants in the West cohort:
East holds Alice, Bob and P1 to P6 (P4 missed their last two sessions), West holds Carol and the
thirty "Crowd" people, so everyone is 39 people and two pages.
"""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.accounts.models import AuditAction, AuditEvent, Person
from commonground.programmes.models import Membership, Role
from commonground.schedule.attendance_people import PEOPLE_PER_PAGE
from commonground.schedule.models import Attendance, Invitation, Mark
from tests import factories
from tests.conftest import World
from tests.schedule.test_attendance_figures import build

CROWD = 30


def figures_url(world: World) -> str:
    return reverse("schedule:attendance-figures", args=[world.programme.pk])


def export_url(world: World, fmt: str) -> str:
    return reverse("schedule:attendance-people-export", args=[world.programme.pk, fmt])


@pytest.fixture
def lena(world: World) -> Client:
    build(world, extra_people=CROWD)
    client = Client()
    client.force_login(world.lena)
    return client


def listed(response: object) -> list[str]:
    return [line.label for line in response.context["people"]]  # type: ignore[attr-defined]


def test_the_list_shows_a_page_of_people_by_name_and_says_how_many(world: World, lena: Client) -> None:
    response = lena.get(figures_url(world))
    assert PEOPLE_PER_PAGE == 25
    assert listed(response)[:3] == ["Alice Acute", "Bob Council", "Carol Charity"]
    assert len(listed(response)) == 25
    assert "1 to 25 of 39 people, by name." in response.text
    second = lena.get(figures_url(world), {"page": "2"})
    assert len(listed(second)) == 39 - 25 and listed(second)[-1] == "P6"


def test_a_cohort_and_part_of_a_name_narrow_the_list_and_its_pages_keep_them(world: World, lena: Client) -> None:
    east = lena.get(figures_url(world), {"cohort": str(world.east.pk)})
    assert listed(east) == ["Alice Acute", "Bob Council", "P1", "P2", "P3", "P4", "P5", "P6"]
    crowd = lena.get(figures_url(world), {"cohort": str(world.west.pk), "name": "crowd 1"})
    assert listed(crowd) == ["Crowd 1", *(f"Crowd 1{i}" for i in range(10))]
    everyone_named_crowd = lena.get(figures_url(world), {"name": "Crowd"})
    assert "1 to 25 of 30 people who match" in everyone_named_crowd.text
    # The next page's link keeps the filters, and comes back to the list.
    assert '?name=Crowd&amp;page=2#people"' in everyone_named_crowd.text
    # So does the download, for the whole filtered list rather than the page.
    assert f'{export_url(world, "csv")}?name=Crowd"' in everyone_named_crowd.text


def test_at_risk_shows_only_the_people_who_missed_their_last_two_sessions(world: World, lena: Client) -> None:
    response = lena.get(figures_url(world), {"show": "at-risk"})
    assert listed(response) == ["P4"]
    (p4,) = response.context["people"]
    assert p4.detail == "Riverside Trust. At risk: missed S3 and S2"  # said in the list of everyone too
    assert "Riverside Trust. At risk: missed S3 and S2" in lena.get(figures_url(world), {"name": "P4"}).text


@pytest.mark.parametrize("query", [
    {"cohort": "abc"}, {"cohort": "99999999999999999999"}, {"cohort": "٣"}, {"page": "٣"}, {"page": "-1"},
    {"show": "everything"}, {"name": "\x00" * 500}, {"cohort": "0", "page": "99999"},
])
def test_odd_filters_show_a_list_never_an_error(world: World, lena: Client, query: dict[str, str]) -> None:
    response = lena.get(figures_url(world), query)
    assert response.status_code == 200
    assert listed(response)


def test_another_programme_s_cohort_is_ignored_rather_than_shown(world: World, lena: Client) -> None:
    response = lena.get(figures_url(world), {"cohort": str(world.other_cohort.pk)})
    assert response.context["chosen"].cohort_id is None and len(listed(response)) == 25


def test_the_csv_holds_everyone_the_filters_chose_and_is_recorded_as_an_export(world: World, lena: Client) -> None:
    response = lena.get(export_url(world, "csv"), {"cohort": str(world.east.pk)})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith(f'attachment; filename="attendance-by-person-programme-{world.programme.pk}-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "Organisation", "Cohort", "Offered", "Attended", "Apologies", "Absent", "Not recorded",
                       "Attendance rate %", "Missed their last two sessions"]
    by_name = {row[0]: row for row in rows[1:]}
    assert list(by_name) == ["Alice Acute", "Bob Council", "P1", "P2", "P3", "P4", "P5", "P6"]
    assert by_name["P4"] == ["P4", "Riverside Trust", "East Surrey cohort", "4", "0", "0", "3", "1", "0", "S3 and S2"]
    assert by_name["P2"][3:9] == ["4", "2", "1", "0", "1", "67"]
    assert by_name["Alice Acute"][3:9] == ["0", "0", "0", "0", "0", ""]  # nothing offered yet
    exported = AuditEvent.objects.filter(action=AuditAction.EXPORTED, what="attendance_by_person")
    assert exported.filter(subject_id__isnull=True).count() == 1  # the export itself
    assert set(exported.exclude(subject_id__isnull=True).values_list("subject_id", flat=True)) == {
        m.person_id for m in world.programme.memberships.filter(role="participant", cohort=world.east)
    }


def test_the_xlsx_holds_the_whole_list_not_one_page(world: World, lena: Client) -> None:
    response = lena.get(export_url(world, "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet.title == "Attendance by person"
    assert sheet.max_row == 1 + 39


def test_a_facilitator_downloads_only_the_cohorts_of_their_sessions(world: World) -> None:
    build(world)
    east_only = world.programme.sessions.get(title="S1")
    east_only.cohorts.set([world.east])
    # A session that names nobody is anyone's to take: name someone else on every other one.
    frida = factories.PersonFactory(full_name="Frida Facilitator")
    for session in world.programme.sessions.all():
        session.facilitators.set([world.fred] if session.pk == east_only.pk else [frida])
    client = Client()
    client.force_login(world.fred)
    rows = list(csv.reader(io.StringIO(client.get(export_url(world, "csv"), {"cohort": str(world.west.pk)}).content.decode())))
    # The West cohort is not Fred's to choose: he gets his own cohort's people, and nobody else.
    assert [row[2] for row in rows[1:]] == ["East Surrey cohort"] * 8


def _more_people(world: World, count: int) -> None:
    """`count` more West participants invited to every session so far, and marked present."""
    people = Person.objects.bulk_create(
        [Person(email=f"more{i}@example.org", full_name=f"Crowd more {i}") for i in range(count)]
    )
    Membership.objects.bulk_create(
        [Membership(person=p, programme=world.programme, role=Role.PARTICIPANT, cohort=world.west) for p in people]
    )
    for session in world.programme.sessions.all():
        Invitation.objects.bulk_create([Invitation(session=session, person=p) for p in people])
        Attendance.objects.bulk_create([Attendance(session=session, person=p, mark=Mark.PRESENT) for p in people])


@pytest.mark.parametrize("query", [{}, {"name": "Crowd", "cohort": "WEST", "page": "2"}, {"show": "at-risk"}])
def test_a_filtered_page_runs_as_many_queries_at_any_size(world: World, lena: Client, query: dict[str, str]) -> None:
    query = {key: str(world.west.pk) if value == "WEST" else value for key, value in query.items()}
    counts = []
    for more in (0, 40):
        _more_people(world, more)
        lena.get(figures_url(world), query)  # computes and stores the figures after the change
        with CaptureQueriesContext(connection) as queries:
            assert lena.get(figures_url(world), query).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
