"""The register: who is on it, one tap per mark (HTMX or a plain post), counts, and refusals."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Affiliation, Membership, Role
from commonground.schedule.models import (
    Attendance,
    CheckInMethod,
    Invitation,
    Mark,
    Module,
    Reply,
    SessionStatus,
)
from tests import factories
from tests.conftest import World
from tests.factories import where_of
from tests.schedule.attendance_permission_cases import east_session, make_session


def fred(world: World) -> Client:
    client = Client()
    client.force_login(world.fred)
    return client


def mark_url(world: World, session_id: int, person: Person) -> str:
    return reverse("schedule:register-mark", args=[world.programme.pk, session_id, person.pk])


def test_the_register_lists_invited_people_with_apologies_filled_in(world: World) -> None:
    session = make_session(
        world, "Module 1", invite=[world.alice, world.bob, world.carol], facilitators=[world.fred]
    )
    Invitation.objects.filter(session=session, person=world.bob).update(
        reply=Reply.APOLOGIES, apology_reason="On call"
    )
    Invitation.objects.filter(session=session, person=world.carol).update(reply=Reply.WAITING)
    response = fred(world).get(reverse("schedule:register", args=[world.programme.pk, session.pk]))
    rows = response.context["rows"]
    assert [r.name for r in rows] == ["Alice Acute", "Bob Council"]  # Carol is on the waiting list
    assert [r.shown for r in rows] == ["", "apologies"]
    assert "Sent apologies: On call" in response.text
    counts = response.context["counts"]
    assert (counts.present, counts.apologies, counts.unmarked, counts.total) == (0, 1, 1, 2)


def test_a_tap_without_scripts_saves_the_mark_and_comes_back_to_the_person(world: World) -> None:
    session = east_session(world)
    response = fred(world).post(mark_url(world, session.pk, world.alice), {"mark": "late"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/register/#person-{world.alice.pk}")
    attendance = Attendance.objects.get(session=session, person=world.alice)
    assert (attendance.mark, attendance.method, attendance.marked_by) == (
        Mark.LATE,
        CheckInMethod.REGISTER,
        world.fred,
    )
    fred(world).post(mark_url(world, session.pk, world.alice), {"mark": "present"})
    assert Attendance.objects.get(session=session, person=world.alice).mark == Mark.PRESENT
    assert Attendance.objects.filter(session=session).count() == 1


def test_an_htmx_tap_answers_with_the_notes_the_new_counts_and_the_mark_that_stands(world: World) -> None:
    session = east_session(world)
    response = fred(world).post(
        mark_url(world, session.pk, world.bob), {"mark": "absent"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.text
    assert "<li " not in html and "<button" not in html, "the row's buttons stay: a second tap may be waiting"
    assert f'id="notes-{world.bob.pk}" hx-swap-oob="true"' in html
    assert 'id="register-counts"' in html and 'hx-swap-oob="true"' in html
    assert '<dd data-count="absent">1</dd>' in html and '<dd data-count="unmarked">1</dd>' in html
    assert "<html" not in html
    assert json.loads(response["HX-Trigger"]) == {"register:marked": {"person": world.bob.pk, "mark": "absent"}}


def test_a_refused_htmx_tap_says_why_and_names_the_mark_that_still_stands(world: World) -> None:
    session = east_session(world)
    fred(world).post(mark_url(world, session.pk, world.bob), {"mark": "late"})
    response = fred(world).post(
        mark_url(world, session.pk, world.bob), {"mark": "maybe"}, headers={"HX-Request": "true"}
    )
    assert 'role="alert"' in response.text and "Choose present, late, absent or apologies." in response.text
    assert json.loads(response["HX-Trigger"]) == {"register:marked": {"person": world.bob.pk, "mark": "late"}}
    assert Attendance.objects.get(session=session, person=world.bob).mark == Mark.LATE


@pytest.mark.parametrize("mark", ["", "maybe"])
def test_a_bad_mark_names_the_field_and_changes_nothing(world: World, mark: str) -> None:
    session = east_session(world)
    response = fred(world).post(mark_url(world, session.pk, world.alice), {"mark": mark})
    assert response.status_code == 400
    assert "Alice Acute: Choose present, late, absent or apologies." in response.text
    assert not Attendance.objects.exists()


def test_someone_not_invited_cannot_be_marked(world: World) -> None:
    session = east_session(world)
    response = fred(world).post(mark_url(world, session.pk, world.carol), {"mark": "present"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_the_register_opens_30_minutes_before_and_a_cancelled_session_has_none(
    world: World,
) -> None:
    later = make_session(
        world, "Tomorrow", starts_at=timezone.now() + dt.timedelta(days=1), invite=[world.alice]
    )
    response = fred(world).post(mark_url(world, later.pk, world.alice), {"mark": "present"})
    assert response.status_code == 400 and "The register opens at" in response.text
    cancelled = make_session(world, "Off", invite=[world.alice], status=SessionStatus.CANCELLED)
    response = fred(world).post(mark_url(world, cancelled.pk, world.alice), {"mark": "present"})
    assert response.status_code == 400 and "cancelled" in response.text
    assert not Attendance.objects.exists()


def test_facilitators_named_on_the_module_take_its_registers(world: World) -> None:
    frida = factories.PersonFactory(full_name="Frida Facilitator")
    factories.MembershipFactory(person=frida, programme=world.programme, role=Role.FACILITATOR)
    module = Module.objects.create(programme=world.programme, title="Systems thinking")
    module.facilitators.add(frida)
    session = make_session(world, "Systems thinking 1", invite=[world.alice], module=module)
    url = reverse("schedule:register", args=[world.programme.pk, session.pk])
    assert fred(world).get(url).status_code == 404
    client = Client()
    client.force_login(frida)
    assert client.get(url).status_code == 200
    unnamed = make_session(world, "Launch", invite=[world.alice])
    assert (
        fred(world)
        .get(reverse("schedule:register", args=[world.programme.pk, unnamed.pk]))
        .status_code
        == 200
    )


@pytest.mark.parametrize("size", [5, 60])
def test_the_register_runs_a_fixed_number_of_queries(world: World, size: int) -> None:
    people = Person.objects.bulk_create(
        [
            Person(email=f"r{i}@example.org", full_name=f"Reg {i}")
            for i in range(size)
        ]
    )
    Affiliation.objects.bulk_create(
        [
            Affiliation(person=p, system=world.programme.system, organisation=where_of(world.alice, world.programme).organisation)
            for p in people
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                person=p, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
            )
            for p in people
        ]
    )
    session = make_session(world, "Big day", invite=people, facilitators=[world.fred])
    Attendance.objects.bulk_create(
        [Attendance(session=session, person=p, mark=Mark.PRESENT) for p in people[::2]]
    )
    url = reverse("schedule:register", args=[world.programme.pk, session.pk])
    client = fred(world)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 14, [q["sql"][:100] for q in queries]


def test_find_a_person_narrows_the_register_by_name_or_organisation(world: World) -> None:
    session = make_session(world, "Module 1", invite=[world.alice, world.bob, world.carol], facilitators=[world.fred])
    url = reverse("schedule:register", args=[world.programme.pk, session.pk])
    by_organisation = fred(world).get(url, {"q": "  COUNTY "})
    assert [r.name for r in by_organisation.context["rows"]] == ["Bob Council"]
    assert "1 of 3 people match “COUNTY”." in by_organisation.text
    assert by_organisation.context["counts"].total == 3  # the counts are the whole register's
    assert [r.name for r in fred(world).get(url, {"q": "acute"}).context["rows"]] == ["Alice Acute"]
    nobody = fred(world).get(url, {"q": "Zoë\x00"})
    assert nobody.status_code == 200 and "Nobody on the register matches “Zoë”." in nobody.text


def test_a_long_register_comes_a_page_at_a_time_and_a_tap_comes_back_to_its_page(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commonground.schedule.views import attendance as views

    monkeypatch.setattr(views, "REGISTER_PAGE", 2)
    session = make_session(world, "Module 1", invite=[world.alice, world.bob, world.carol], facilitators=[world.fred])
    url = reverse("schedule:register", args=[world.programme.pk, session.pk])
    first = fred(world).get(url)
    assert [r.name for r in first.context["rows"]] == ["Alice Acute", "Bob Council"]
    assert "Showing 1 to 2 of 3, by name." in first.text
    assert 'href="?page=2"' in first.text
    second = fred(world).get(url, {"page": "2"})
    assert [r.name for r in second.context["rows"]] == [world.carol.full_name]
    assert second.context["counts"].total == 3  # the counts stay the whole register's
    # Carol is third by name: a tap on her row without scripts comes back to page 2.
    tapped = fred(world).post(mark_url(world, session.pk, world.carol), {"mark": "present"})
    assert tapped["Location"].endswith(f"/register/?page=2#person-{world.carol.pk}")
    for odd in ("99", "0", "x", "٢"):
        assert fred(world).get(url, {"page": odd}).status_code == 200
