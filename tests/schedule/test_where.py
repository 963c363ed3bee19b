"""Schedule pages and figures read where people work in the programme's system.

Alice and Bob also work in another system (for "Elsewhere Trust", a primary care organisation):
the session page, the register, the attendance
figures, the at-risk list and table plans must still show Surrey Acute and County Council.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Organisation, Sector
from commonground.schedule import attendance, tables
from commonground.schedule.attendance_figures import attendance_figures
from commonground.schedule.attendance_people import at_risk
from commonground.schedule.models import Attendance, Mark
from tests import factories
from tests.conftest import World
from tests.factories import Elsewhere
from tests.schedule.attendance_permission_cases import east_session, make_session


@pytest.fixture
def elsewhere(world: World) -> Elsewhere:
    """Alice and Bob also work in the other system."""
    there = factories.elsewhere(world.other_programme.system)
    there.takes(world.alice, world.bob)
    return there


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_session_page_lists_invited_people_by_the_programmes_system(world: World, elsewhere: Elsewhere) -> None:
    session = make_session(
        world, "East launch", starts_at=timezone.now() + dt.timedelta(days=3), invite=[world.alice, world.bob]
    )
    page = _client(world.lena).get(reverse("schedule:session-detail", args=[world.programme.pk, session.pk]))
    assert page.status_code == 200
    assert "Surrey Acute" in page.text and "County Council" in page.text
    assert "Elsewhere Trust" not in page.text


def test_the_register_shows_the_organisation_in_the_programmes_system(world: World, elsewhere: Elsewhere) -> None:
    session = east_session(world)
    client = _client(world.fred)
    page = client.get(reverse("schedule:register", args=[world.programme.pk, session.pk]))
    assert [(r.name, r.organisation) for r in page.context["rows"]] == [
        ("Alice Acute", "Surrey Acute"),
        ("Bob Council", "County Council"),
    ]
    assert "Elsewhere Trust" not in page.text
    row = client.post(
        reverse("schedule:register-mark", args=[world.programme.pk, session.pk, world.bob.pk]),
        {"mark": "present"},
        headers={"HX-Request": "true"},
    )
    assert row.status_code == 200 and "Elsewhere Trust" not in row.text  # a tap's answer leaves the row's name as it was


def test_attendance_figures_count_people_by_the_programmes_system(world: World, elsewhere: Elsewhere) -> None:
    now = timezone.now()
    for days in (20, 10):
        session = make_session(world, f"Day {days}", starts_at=now - dt.timedelta(days=days), invite=[world.alice, world.bob])
        Attendance.objects.create(session=session, person=world.alice, mark=Mark.PRESENT)
        Attendance.objects.create(session=session, person=world.bob, mark=Mark.ABSENT)
    offered = attendance.offered_invitations(world.programme)

    published = attendance_figures(offered)
    assert sorted(line.label for line in published.organisations) == ["County Council", "Surrey Acute"]
    assert [line.label for line in published.sectors] == ["Adult social care", "NHS acute"]
    people = attendance.person_lines(attendance.person_figures(offered))
    assert [(line.label, line.detail) for line in people] == [
        ("Alice Acute", "Surrey Acute"),
        ("Bob Council", "County Council"),
    ]
    assert [(r.name, r.organisation) for r in at_risk(offered)] == [("Bob Council", "County Council")]

    page = _client(world.lena).get(reverse("schedule:attendance-figures", args=[world.programme.pk]))
    assert "County Council" in page.text
    assert "Elsewhere Trust" not in page.text and "Primary care" not in page.text


def test_table_plans_mix_and_show_organisations_of_the_programmes_system(world: World, elsewhere: Elsewhere) -> None:
    session = make_session(world, "Tables", invite=[world.alice, world.bob], facilitators=[world.fred])
    guests = tables._guests([world.alice.pk, world.bob.pk], system_id=world.programme.system_id)
    acute, council = Organisation.objects.get(name="Surrey Acute"), Organisation.objects.get(name="County Council")
    assert [(g.organisation, g.sector) for g in guests] == [
        (f"o{acute.pk}", Sector.NHS_ACUTE),
        (f"o{council.pk}", Sector.ADULT_SOCIAL_CARE),
    ]
    plan = tables.generate_table_plan(session=session, table_size=2, time_limit=0.1)
    seats = [(s.name, s.organisation, s.sector) for card in tables.table_cards(plan) for s in card.seats]
    assert seats == [("Alice Acute", "Surrey Acute", "NHS acute"), ("Bob Council", "County Council", "Adult social care")]
    page = _client(world.fred).get(reverse("schedule:table-plan-print", args=[world.programme.pk, session.pk]))
    assert "County Council" in page.text and "Elsewhere Trust" not in page.text
