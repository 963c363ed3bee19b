"""The attendance figures page reads its tables from the figure store.

A register mark made through the service is in the page's figures at once (the test task backend
runs the refresh immediately), and the page says when they were computed; the page's queries do
not grow with the programme, and a second load computes nothing.
"""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.core import figure_store
from commonground.core.models import StoredFigures
from commonground.programmes.models import Affiliation, Membership, Organisation, Role, Sector
from commonground.schedule import attendance, stored_figures
from commonground.schedule.models import Attendance, Invitation, Mark, Session
from tests import factories
from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session

pytestmark = pytest.mark.django_db


def _computed_line(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"Figures computed at {local:%H:%M} on {local.day} {local:%B %Y}."


def _six_in_east(world: World) -> tuple[Session, list[Person]]:
    """Six East participants of one organisation invited to a session that has ended; five were present."""
    trust = factories.OrganisationFactory(system=world.programme.system, name="Riverside Trust", sector=Sector.NHS_ACUTE)
    people = [factories.PersonFactory(full_name=f"Riverside {i}", organisation=trust) for i in range(6)]
    for person in people:
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
    session = make_session(world, "Ended", starts_at=timezone.now() - dt.timedelta(days=2), invite=people)
    Attendance.objects.bulk_create([Attendance(session=session, person=p, mark=Mark.PRESENT) for p in people[:5]])
    return session, people


def test_a_mark_is_in_the_figures_at_once_and_the_page_says_when_they_were_computed(world: World) -> None:
    session, people = _six_in_east(world)
    client = Client()
    client.force_login(world.lena)
    url = reverse("schedule:attendance-figures", args=[world.programme.pk])
    opened = timezone.now().replace(second=0, microsecond=0)
    with time_machine.travel(opened, tick=False):
        before = client.get(url)
    assert before.context["totals"][0].attended != 6  # five present and one absent, the absent one hidden
    assert _computed_line(opened) in before.text
    assert "being updated" not in before.text

    marked = opened + dt.timedelta(days=1, hours=3, minutes=7)
    with time_machine.travel(marked, tick=False):
        attendance.mark_attendance(session=session, person_id=people[5].pk, mark=Mark.PRESENT, marked_by=world.lena)
    after = client.get(url)
    assert after.context["totals"][0].attended == 6
    assert _computed_line(marked) in after.text
    assert "being updated" not in after.text


def test_the_page_says_when_new_data_is_on_its_way(world: World) -> None:
    _six_in_east(world)
    client = Client()
    client.force_login(world.lena)
    url = reverse("schedule:attendance-figures", args=[world.programme.pk])
    client.get(url)
    # As a writer's refresh waits in the queue: the stored figures are stale and a refresh queued.
    StoredFigures.objects.filter(programme_id=world.programme.pk).update(stale=True, queued=True)
    assert "New data has arrived: these figures are being updated." in client.get(url).text


def test_a_facilitator_s_figures_are_stored_under_their_cohorts(world: World) -> None:
    session, _ = _six_in_east(world)
    session.facilitators.set([world.fred])
    client = Client()
    client.force_login(world.fred)
    assert client.get(reverse("schedule:attendance-figures", args=[world.programme.pk])).status_code == 200
    scope = figure_store.cohort_scope({world.east.pk})
    assert sorted(StoredFigures.objects.filter(scope=scope).values_list("kind", flat=True)) == [
        "attendance", "attendance_at_risk", "attendance_months", "completion",
    ]
    stored = {
        kind: figure_store.read(world.programme.pk, kind, scope).value
        for kind in (stored_figures.ATTENDANCE, stored_figures.COMPLETION)
    }
    assert [line.label for line in stored[stored_figures.ATTENDANCE].cohorts] == ["East Surrey cohort"]
    assert [line.label for line in stored[stored_figures.COMPLETION].cohorts] == ["East Surrey cohort"]


def _grow(world: World, people: int) -> None:
    """More West participants, each invited to the ended session and marked present."""
    trust = Organisation.objects.get(name="Riverside Trust")
    crowd = Person.objects.bulk_create(
        [Person(email=f"crowd{i}@example.org", full_name=f"Crowd {i}") for i in range(people)]
    )
    Affiliation.objects.bulk_create([Affiliation(person=p, system=world.programme.system, organisation=trust) for p in crowd])
    Membership.objects.bulk_create(
        [Membership(person=p, programme=world.programme, role=Role.PARTICIPANT, cohort=world.west) for p in crowd]
    )
    session = Session.objects.get(title="Ended")
    session.cohorts.add(world.west)
    Invitation.objects.bulk_create([Invitation(session=session, person=p) for p in crowd])
    Attendance.objects.bulk_create([Attendance(session=session, person=p, mark=Mark.PRESENT) for p in crowd])
    figure_store.refresh_all(world.programme.pk)  # bulk writes say nothing: compute again by hand


def test_the_page_runs_the_same_queries_at_any_size_and_computes_nothing_when_read_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _six_in_east(world)
    client = Client()
    client.force_login(world.lena)
    url = reverse("schedule:attendance-figures", args=[world.programme.pk])
    client.get(url)  # computes and stores the figures; warms sessions and templates

    def not_on_a_request(*args: object, **kwargs: object) -> None:
        raise AssertionError("the attendance figures were computed on a page load")

    def queries() -> int:
        with monkeypatch.context() as patched:
            patched.setattr(stored_figures, "attendance_figures", not_on_a_request)
            patched.setattr(stored_figures, "completion_figures", not_on_a_request)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
        return len(captured)

    small = queries()
    _grow(world, 60)
    assert queries() == small


def test_who_is_at_risk_is_stored_without_names_and_follows_a_register_mark(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = timezone.now()
    sessions = [
        make_session(world, f"Day {days}", starts_at=now - dt.timedelta(days=days), invite=[world.alice, world.bob])
        for days in (20, 10)
    ]
    for session in sessions:
        attendance.mark_attendance(session=session, person_id=world.alice.pk, mark=Mark.ABSENT, marked_by=world.lena)
        attendance.mark_attendance(session=session, person_id=world.bob.pk, mark=Mark.PRESENT, marked_by=world.lena)
    client = Client()
    client.force_login(world.lena)
    url = reverse("schedule:attendance-figures", args=[world.programme.pk])
    assert [p.name for p in client.get(url).context["at_risk"]] == ["Alice Acute"]
    stored = StoredFigures.objects.get(programme_id=world.programme.pk, kind=stored_figures.AT_RISK)
    assert str(world.alice.pk) in str(stored.payload) and "Alice" not in str(stored.payload)

    def not_on_a_request(*args: object, **kwargs: object) -> None:
        raise AssertionError("who is at risk was worked out on a page load")

    with monkeypatch.context() as patched:  # a page load reads the store
        patched.setattr(stored_figures, "missed_twice", not_on_a_request)
        assert [p.name for p in client.get(url).context["at_risk"]] == ["Alice Acute"]
    # Marked present at the last session: the worker's refresh (at once here) takes her off the list.
    attendance.mark_attendance(session=sessions[1], person_id=world.alice.pk, mark=Mark.PRESENT, marked_by=world.lena)
    assert client.get(url).context["at_risk"] == []
