"""Sessions, invitations, replies and the waiting list, through the services."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from commonground.programmes.cohorts import join_cohort
from commonground.programmes.models import Role
from commonground.schedule.models import Invitation, NoticeKind, Reply, SentNotice, Session
from commonground.schedule.queries import attending_count
from commonground.schedule.services.invitations import reply, sync_invitations
from commonground.schedule.services.sessions import (
    cancel_session,
    create_session,
    move_session,
    update_session,
)
from tests import factories
from tests.conftest import World
from tests.schedule.session_permission_cases import module, planned


def _invited(session: Session) -> set[str]:
    return set(
        Invitation.objects.filter(session=session).values_list("person__full_name", flat=True)
    )


def _replies(session: Session) -> dict[str, str]:
    return dict(
        Invitation.objects.filter(session=session).values_list("person__full_name", "reply")
    )


def test_a_cohort_session_invites_its_participants_and_facilitators(world: World) -> None:
    session = planned(world, "East launch", facilitators=[world.fred])
    assert _invited(session) == {"Alice Acute", "Bob Council", "Fred Facilitator"}


def test_a_session_for_no_cohort_invites_the_whole_programme(world: World) -> None:
    session = planned(world, "Celebration", cohorts=[])
    assert _invited(session) == {"Alice Acute", "Bob Council", "Carol Charity"}


def test_invitations_are_mailed_once_however_often_they_are_synced(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        session = planned(world, "East launch")
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert mail.outbox[0].subject == "You are invited: East launch"
    assert "Dorking Halls" in mail.outbox[0].body and mail.outbox[0].alternatives
    with django_capture_on_commit_callbacks(execute=True):
        assert sync_invitations(session) == 0
        assert sync_invitations(session) == 0
    assert len(mail.outbox) == 2


def test_someone_who_joins_a_cohort_later_is_invited_to_its_upcoming_sessions(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    upcoming = planned(world, "East launch")
    past = planned(world, "East past day", days=-3)
    dee = factories.PersonFactory(full_name="Dee Newcomer", email="dee@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        join_cohort(person=dee, cohort=world.east)
    assert "Dee Newcomer" in _invited(upcoming)
    assert "Dee Newcomer" not in _invited(past)
    assert [m.to for m in mail.outbox] == [["dee@example.org"]]


def test_changing_the_cohorts_moves_the_invitations_but_keeps_accepted_places(world: World) -> None:
    session = planned(world, "East launch")
    reply(session=session, person=world.alice, answer=Reply.ATTENDING)
    update_session(session=session, cohorts=[world.west])
    assert _invited(session) == {"Alice Acute", "Carol Charity"}  # Bob had not accepted; Alice had


def test_replying_attending_and_sending_apologies(world: World) -> None:
    session = planned(world, "East launch")
    reply(session=session, person=world.alice, answer=Reply.ATTENDING)
    reply(session=session, person=world.bob, answer=Reply.APOLOGIES, reason="On leave")
    assert _replies(session) == {"Alice Acute": Reply.ATTENDING, "Bob Council": Reply.APOLOGIES}
    assert Invitation.objects.get(session=session, person=world.bob).apology_reason == "On leave"


def test_apologies_need_a_reason_and_change_nothing_without_one(world: World) -> None:
    session = planned(world, "East launch")
    reply(session=session, person=world.alice, answer=Reply.ATTENDING)
    with pytest.raises(ValidationError) as raised:
        reply(session=session, person=world.alice, answer=Reply.APOLOGIES, reason="   ")
    assert "reason" in raised.value.error_dict
    assert _replies(session)["Alice Acute"] == Reply.ATTENDING


def test_only_invited_people_reply_and_only_before_it_starts(world: World) -> None:
    session = planned(world, "East launch")
    with pytest.raises(ValidationError, match="not invited"):
        reply(session=session, person=world.carol, answer=Reply.ATTENDING)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    with pytest.raises(ValidationError, match="started"):
        reply(session=session, person=world.alice, answer=Reply.ATTENDING)


def test_a_full_session_keeps_a_waiting_list_that_promotes_in_order(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    extra = [
        factories.PersonFactory(full_name=f"Extra {i}", email=f"extra{i}@example.org")
        for i in range(2)
    ]
    for person in extra:
        factories.MembershipFactory(
            person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
        )
    session = planned(world, "East launch", capacity=2)
    mail.outbox.clear()
    reply(session=session, person=world.alice, answer=Reply.ATTENDING)
    reply(session=session, person=world.bob, answer=Reply.ATTENDING)
    first = reply(session=session, person=extra[0], answer=Reply.ATTENDING)
    second = reply(session=session, person=extra[1], answer=Reply.ATTENDING)
    assert (first.reply, second.reply) == (Reply.WAITING, Reply.WAITING)

    with django_capture_on_commit_callbacks(execute=True):
        reply(
            session=session, person=world.bob, answer=Reply.APOLOGIES, reason="Clinic overran"
        )
    replies = _replies(session)
    assert (replies["Extra 0"], replies["Extra 1"]) == (Reply.ATTENDING, Reply.WAITING)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["extra0@example.org"], "A place has opened for you: East launch")
    ]

    with django_capture_on_commit_callbacks(execute=True):
        change = update_session(session=session, capacity=3)
    assert change.promoted == 1 and _replies(session)["Extra 1"] == Reply.ATTENDING
    assert len(mail.outbox) == 2
    assert attending_count(session) == 3


def test_the_capacity_cannot_go_below_the_people_holding_a_place(world: World) -> None:
    session = planned(world, "East launch", capacity=5)
    reply(session=session, person=world.alice, answer=Reply.ATTENDING)
    reply(session=session, person=world.bob, answer=Reply.ATTENDING)
    with pytest.raises(ValidationError) as raised:
        update_session(session=session, capacity=1, title="East launch, smaller room")
    assert raised.value.message_dict == {
        "capacity": [
            "2 people already have a place at East launch, so its capacity cannot be below 2. "
            "Ask people who cannot come to send apologies first, or keep the capacity."
        ]
    }
    session.refresh_from_db()
    assert (session.capacity, session.title) == (5, "East launch")
    update_session(session=session, capacity=2)  # exactly the places held is fine
    assert attending_count(session) == 2


def test_moving_a_session_keeps_invitations_and_tells_those_still_expected(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    session = planned(world, "East launch")
    reply(session=session, person=world.bob, answer=Reply.APOLOGIES, reason="On leave")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change = move_session(
            session=session,
            starts_at=session.starts_at + dt.timedelta(days=2),
            ends_at=session.ends_at + dt.timedelta(days=2),
        )
    session.refresh_from_db()
    assert change.moved and session.sequence == 1
    assert _invited(session) == {"Alice Acute", "Bob Council"}
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["alice@example.org"], "New time: East launch")
    ]
    # Changing something else is not a move.
    with django_capture_on_commit_callbacks(execute=True):
        assert not update_session(session=session, venue_name="Epsom Playhouse").moved
    session.refresh_from_db()
    assert session.sequence == 1 and len(mail.outbox) == 1


def test_cancelling_needs_a_reason_and_tells_everyone_expected(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    session = planned(world, "East launch")
    with pytest.raises(ValidationError):
        cancel_session(session=session, reason=" ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session=session, reason="The venue flooded")
    session.refresh_from_db()
    assert session.is_cancelled and session.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert "The venue flooded" in mail.outbox[0].body
    assert SentNotice.objects.filter(session=session, kind=NoticeKind.CANCELLED).count() == 2
    with pytest.raises(ValidationError, match="cancelled"):
        reply(session=session, person=world.alice, answer=Reply.ATTENDING)


def test_a_session_must_end_after_it_starts_and_stay_in_its_programme(world: World) -> None:
    now = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as raised:
        create_session(
            programme=world.programme,
            title="Backwards",
            venue_name="Hall",
            starts_at=now,
            ends_at=now,
        )
    assert "ends_at" in raised.value.error_dict
    with pytest.raises(ValidationError):
        create_session(
            programme=world.programme,
            cohorts=[world.other_cohort],
            title="Stray",
            venue_name="Hall",
            starts_at=now,
            ends_at=now + dt.timedelta(hours=1),
        )
    assert not Session.objects.filter(title__in=["Backwards", "Stray"]).exists()


def test_modules_carry_outcomes_partner_and_facilitators(world: World) -> None:
    m = module(world)
    assert m.outcome_list == [
        "Map who you rely on across the system",
        "Practise a difficult conversation",
    ]
    assert m.partner is not None and m.partner.name == "Community Action"
    assert list(m.facilitators.all()) == [world.fred]
