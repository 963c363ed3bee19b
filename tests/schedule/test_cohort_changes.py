"""Invitations follow a participant's cohort at once, however they moved: a lead's move by hand, the
engine's placement, an accepted offer or the admin. No periodic run is needed."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.grouping.services.placement import place_participants
from commonground.programmes import cohorts
from commonground.programmes.models import Membership, Role
from commonground.recruitment.services import offers as recruitment
from commonground.schedule.models import Attendance, Invitation, Mark, Reply
from commonground.schedule.services.invitations import reply, sync_invitations
from commonground.schedule.services.notices import send_session_notices
from tests import factories
from tests.conftest import World
from tests.factories import where_of
from tests.recruitment import objects
from tests.schedule.session_permission_cases import planned


def _sessions_of(person: Person) -> set[str]:
    return set(Invitation.objects.filter(person=person).values_list("session__title", flat=True))


def _participant(world: World, name: str, *, cohort_of: str = "") -> Membership:
    person = factories.PersonFactory(
        full_name=name,
        email=f"{name.split()[0].lower()}@example.org",
        place=world.west.place if cohort_of == "west" else world.east.place,
    )
    return factories.MembershipFactory(
        person=person,
        programme=world.programme,
        role=Role.PARTICIPANT,
        cohort=getattr(world, cohort_of) if cohort_of else None,
    )


def test_a_lead_moving_alice_from_east_to_west_moves_her_invitations_at_once(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    dee = _participant(world, "Dee Waiting", cohort_of="east").person
    east_day = planned(world, "East module day", capacity=2)
    east_past = planned(world, "East past day", days=-3)
    Invitation.objects.create(session=east_past, person=world.alice, reply=Reply.ATTENDING)
    east_checked_in = planned(world, "East evening", days=0.01)  # starts in a quarter of an hour
    west_day = planned(world, "West module day", cohorts=[world.west])
    both = planned(world, "East and West together", cohorts=[world.east, world.west])
    everyone = planned(world, "Celebration", cohorts=[])
    for person in (world.alice, world.bob, dee):
        reply(session=east_day, person=person, answer=Reply.ATTENDING)
    assert Invitation.objects.get(session=east_day, person=dee).reply == Reply.WAITING
    Attendance.objects.create(session=east_checked_in, person=world.alice, mark=Mark.PRESENT)
    factories.affiliate(  # she has taken a job in Guildford
        world.alice, organisation=where_of(world.alice, world.programme).organisation, place=world.west.place
    )
    mail.outbox.clear()

    client = Client()
    client.force_login(world.lena)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("grouping:placement-move", args=[world.programme.pk, world.alice.pk]),
            {"to_cohort": world.west.pk},
        )
    assert response.status_code == 302

    assert _sessions_of(world.alice) == {
        west_day.title,  # invited to West's sessions
        both.title,  # still for her
        everyone.title,  # still for her
        east_past.title,  # history is kept
        east_checked_in.title,  # she is on its register already
    }
    assert not Invitation.objects.filter(session=east_day, person=world.alice).exists()
    # Her place at the full East day went to the waiting list, as after apologies.
    assert Invitation.objects.get(session=east_day, person=dee).reply == Reply.ATTENDING
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("alice@example.org", "You are invited: West module day"),
        ("dee@example.org", "A place has opened for you: East module day"),
    ]
    # The periodic run finds nothing left to do.
    assert send_session_notices().invited == 0


def test_the_engine_placing_people_invites_them_at_once_in_a_fixed_number_of_queries(
    world: World,
) -> None:
    sessions = [
        planned(world, "East launch"),
        planned(world, "West launch", cohorts=[world.west]),
        planned(world, "Celebration", cohorts=[]),
    ]

    def place(count: int) -> tuple[list[Membership], int]:
        newcomers = [
            _participant(world, f"New{count}x{i} Person", cohort_of="")
            for i in range(count)
        ]
        for i, membership in enumerate(newcomers):  # half work in the west
            if i % 2:
                factories.affiliate(membership.person, place=world.west.place)
        for session in sessions:  # already invited to the whole programme's day, as before placement
            sync_invitations(session)
        with CaptureQueriesContext(connection) as queries:
            placement = place_participants(programme=world.programme)
        assert sum(placement.placed.values()) == count and not placement.unplaced
        return newcomers, len(queries)

    few, few_queries = place(5)
    many, many_queries = place(50)
    assert many_queries == few_queries
    for membership in few + many:
        own = "East launch" if where_of(membership.person, world.programme).place == world.east.place else "West launch"
        assert _sessions_of(membership.person) == {own, "Celebration"}


def test_accepting_an_offer_invites_them_at_once(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    planned(world, "East launch")
    planned(world, "West launch", cohorts=[world.west])
    planned(world, "Celebration", cohorts=[])
    offer, _ = objects.offer(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as after_commit:
        result = recruitment.accept_offer(offer_id=offer.pk)
        olly = offer.application.person
        # Written with the membership, in the same transaction: nothing waits for a commit hook.
        assert result.accepted and _sessions_of(olly) == {"East launch", "Celebration"}
    for callback in after_commit:
        callback()
    assert sorted(m.subject for m in mail.outbox if m.to == [olly.email]) == [
        "You are invited: Celebration",
        "You are invited: East launch",
    ]


def test_a_move_in_the_admin_moves_the_invitations_too(world: World) -> None:
    planned(world, "East launch")
    planned(world, "West launch", cohorts=[world.west])
    world.lena.is_staff = world.lena.is_superuser = True
    world.lena.save()
    membership = Membership.objects.get(person=world.carol, role=Role.PARTICIPANT)
    client = Client()
    client.force_login(world.lena)
    response = client.post(
        reverse("admin:programmes_membership_change", args=[membership.pk]),
        {
            "person": world.carol.pk,
            "programme": world.programme.pk,
            "role": Role.PARTICIPANT,
            "cohort": world.east.pk,
        },
    )
    assert response.status_code == 302
    assert _sessions_of(world.carol) == {"East launch"}


def test_a_move_is_one_transaction_with_what_follows(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    planned(world, "West launch", cohorts=[world.west])
    membership = Membership.objects.get(person=world.alice, role=Role.PARTICIPANT)

    def broken(changes: object, *, now: dt.datetime) -> None:
        raise RuntimeError("a follower failed")

    monkeypatch.setitem(cohorts._handlers, "tests.broken", broken)
    with pytest.raises(RuntimeError):
        cohorts.set_cohort(membership=membership, cohort=world.west)
    assert Membership.objects.get(pk=membership.pk).cohort_id == world.east.pk
    assert "West launch" not in _sessions_of(world.alice)


def test_only_participants_join_cohorts_and_only_of_their_own_programme(world: World) -> None:
    lead = Membership.objects.get(person=world.lena, role=Role.LEAD)
    with pytest.raises(ValidationError, match="Only participants belong to a cohort"):
        cohorts.set_cohort(membership=lead, cohort=world.east)
    alice = Membership.objects.get(person=world.alice, role=Role.PARTICIPANT)
    with pytest.raises(ValidationError, match="only join a cohort of their own programme"):
        cohorts.set_cohort(membership=alice, cohort=world.other_cohort)
    assert Membership.objects.get(pk=alice.pk).cohort_id == world.east.pk
