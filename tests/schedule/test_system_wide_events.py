"""A session open to the whole system: the participants of the system's other running programmes are
invited, see it on their own schedule, open it through their own programme and reply as to their own
sessions; nobody else does."""

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.cohorts import join_cohort
from commonground.programmes.models import Programme, ProgrammeStatus, Role
from commonground.schedule.calendar import person_feed
from commonground.schedule.models import Invitation, Reply, Session
from commonground.schedule.services.invitations import sync_invitations
from commonground.schedule.services.sessions import create_session, update_session
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.django_db


def programme_of(w: World, title: str, *, status: str = ProgrammeStatus.RUNNING, system: object = None) -> Programme:
    programme = factories.ProgrammeFactory(system=system or w.programme.system, title=title, status=status)
    factories.CohortFactory(programme=programme, name=f"{title} cohort")
    return programme


def participant(programme: Programme, name: str) -> Person:
    person = factories.PersonFactory(full_name=name, email=f"{name.split()[0].lower()}@example.org")
    factories.MembershipFactory(person=person, programme=programme, role=Role.PARTICIPANT,
                                cohort=programme.cohorts.first())
    return person


def summit(w: World, *, open_to_system: bool = True, capacity: int | None = None) -> Session:
    starts_at = timezone.now() + dt.timedelta(days=14)
    return create_session(
        programme=w.programme, title="System leadership summit", kind="launch", starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=5), venue_name="County Hall", capacity=capacity,
        open_to_system=open_to_system,
    )


@pytest.fixture
def nina(world: World) -> Person:
    """Nina takes part in the system's second running programme."""
    return participant(programme_of(world, "Heartlands Frontline Leaders"), "Nina Nurse")


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_other_running_programmes_participants_are_invited_and_mailed(
    world: World, nina: Person, django_capture_on_commit_callbacks: Any
) -> None:
    past = participant(programme_of(world, "First intake", status=ProgrammeStatus.COMPLETED), "Paul Past")
    far = participant(programme_of(world, "Elsewhere Leaders 2", system=world.other_programme.system), "Xena Far")
    with django_capture_on_commit_callbacks(execute=True):
        session = summit(world)
    invited = set(Invitation.objects.filter(session=session).values_list("person_id", flat=True))
    assert {world.alice.pk, world.bob.pk, world.carol.pk, nina.pk} <= invited
    assert past.pk not in invited and far.pk not in invited
    (to_nina,) = [m for m in mail.outbox if m.to == [nina.email]]
    assert reverse("schedule:session-open", args=[session.pk]) in to_nina.body


def test_a_session_not_open_to_the_system_stays_the_programmes_own(world: World, nina: Person) -> None:
    session = summit(world, open_to_system=False)
    assert not Invitation.objects.filter(session=session, person=nina).exists()
    assert signed_in(nina).get(reverse("schedule:session-open", args=[session.pk])).status_code == 404
    # Opened later, it invites them; closed again, those who did not accept lose the invitation.
    update_session(session=session, open_to_system=True)
    assert Invitation.objects.filter(session=session, person=nina).exists()
    update_session(session=session, open_to_system=False)
    assert not Invitation.objects.filter(session=session, person=nina).exists()


def test_they_see_it_on_their_own_schedule_and_reply_through_their_own_programme(world: World, nina: Person) -> None:
    session = summit(world)
    theirs = nina.memberships.get().programme_id
    client = signed_in(nina)
    schedule = client.get(reverse("schedule:schedule", args=[theirs]))
    assert "System leadership summit" in schedule.text and "Whole system" in schedule.text
    page = client.get(reverse("schedule:session-detail", args=[theirs, session.pk]))
    assert page.status_code == 200 and "An event of Heartlands 500" in page.text
    answer = client.post(reverse("schedule:session-reply", args=[theirs, session.pk]), {"answer": Reply.ATTENDING})
    assert answer.status_code == 302
    assert Invitation.objects.get(session=session, person=nina).reply == Reply.ATTENDING
    assert f"{session.uid}@commonground" in person_feed(nina).decode()


def test_one_waiting_list_for_everyone_invited(world: World, nina: Person) -> None:
    session = summit(world, capacity=1)
    alice = signed_in(world.alice)
    alice.post(reverse("schedule:session-reply", args=[world.programme.pk, session.pk]), {"answer": Reply.ATTENDING})
    theirs = nina.memberships.get().programme_id
    signed_in(nina).post(reverse("schedule:session-reply", args=[theirs, session.pk]), {"answer": Reply.ATTENDING})
    assert Invitation.objects.get(session=session, person=nina).reply == Reply.WAITING
    alice.post(reverse("schedule:session-reply", args=[world.programme.pk, session.pk]),
               {"answer": Reply.APOLOGIES, "reason": "A clinic I cannot move"})
    assert Invitation.objects.get(session=session, person=nina).reply == Reply.ATTENDING


def test_the_link_in_mail_and_calendars_leads_each_person_through_their_own_programme(
    world: World, nina: Person
) -> None:
    session = summit(world)
    url = reverse("schedule:session-open", args=[session.pk])
    theirs = nina.memberships.get().programme_id
    assert signed_in(nina).get(url)["Location"] == reverse(
        "schedule:session-detail", args=[theirs, session.pk])
    assert signed_in(world.alice).get(url)["Location"] == reverse(
        "schedule:session-detail", args=[world.programme.pk, session.pk])
    assert signed_in(world.oscar).get(url).status_code == 404  # another system's lead
    assert Client().get(url).status_code == 302  # to sign in


def test_nobody_else_opens_it_through_their_programme(world: World, nina: Person) -> None:
    session = summit(world)
    own = Session.objects.create(programme=world.programme, title="East learning set", starts_at=session.starts_at,
                                 ends_at=session.ends_at, venue_name="Room 2")
    own.cohorts.set([world.east])
    theirs = nina.memberships.get().programme_id
    client = signed_in(nina)
    assert client.get(reverse("schedule:session-detail", args=[theirs, own.pk])).status_code == 404
    # Someone made a participant behind the cohort's owner's back is not invited until the periodic sync.
    stray = participant(Programme.objects.get(pk=theirs), "Omar Stray")
    assert signed_in(stray).get(reverse("schedule:session-detail", args=[theirs, session.pk])).status_code == 404
    sync_invitations(session)
    assert signed_in(stray).get(reverse("schedule:session-detail", args=[theirs, session.pk])).status_code == 200


def test_someone_joining_a_cohort_of_another_running_programme_is_invited_at_once(
    world: World, nina: Person, django_capture_on_commit_callbacks: Any
) -> None:
    session = summit(world)
    theirs = Programme.objects.get(pk=nina.memberships.get().programme_id)
    cohort = theirs.cohorts.get()
    newcomer = factories.PersonFactory(full_name="Omar Newcomer", email="omar@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        join_cohort(person=newcomer, cohort=cohort)
    assert Invitation.objects.get(session=session, person=newcomer).reply == Reply.INVITED
    assert [m.subject for m in mail.outbox if m.to == [newcomer.email]] == ["You are invited: System leadership summit"]
    # A completed programme's newcomer is not (nobody joins one, but the rule is the running programmes').
    past = programme_of(world, "First intake", status=ProgrammeStatus.COMPLETED)
    late = factories.PersonFactory(full_name="Lily Late", email="lily@example.org")
    join_cohort(person=late, cohort=past.cohorts.get())
    assert not Invitation.objects.filter(session=session, person=late).exists()


def test_their_schedule_costs_the_same_queries_however_many_events_are_open(world: World, nina: Person) -> None:
    theirs = nina.memberships.get().programme_id
    client = signed_in(nina)
    url = reverse("schedule:schedule", args=[theirs])
    summit(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get(url)
    one = queries()
    for _ in range(4):
        summit(world)
    assert queries() == one
    assert len(re.findall("System leadership summit", client.get(url).text)) == 5
