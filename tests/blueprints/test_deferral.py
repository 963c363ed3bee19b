"""Deferring a participant to the next intake, keeping their record (blueprints.services.defer_participant)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from commonground.accounts.models import AuditEvent
from commonground.blueprints import services
from commonground.blueprints.models import Deferral
from commonground.programmes.models import Cohort, Membership, Programme, Role
from commonground.recruitment.models import Application, ApplicationStatus
from commonground.schedule.models import Attendance, Invitation, Mark, Session
from commonground.schedule.services.sessions import create_session
from tests.blueprints.objects import template
from tests.conftest import World

pytestmark = pytest.mark.django_db


def second_intake(w: World, **kwargs: object) -> Programme:
    return services.start_programme(
        template(w), system=w.programme.system, title="Heartlands 500, second intake", starts_on=dt.date(2027, 9, 7),
        by=w.lena, **kwargs,  # type: ignore[arg-type]
    )


def test_alice_moves_to_the_next_intake_in_her_place_with_her_record_kept(
    world: World, django_capture_on_commit_callbacks: pytest.FixtureRequest
) -> None:
    new = second_intake(world)
    launch = Session.objects.get(programme=world.programme, title="Launch day: East Surrey cohort")
    Attendance.objects.create(session=launch, person=world.alice, mark=Mark.PRESENT)
    soon = timezone.now() + dt.timedelta(days=30)
    meeting = create_session(programme=world.programme, cohorts=[world.east], title="Learning-set meeting",
                             starts_at=soon, ends_at=soon + dt.timedelta(hours=2))
    assert Invitation.objects.filter(session=meeting, person=world.alice).exists()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        deferral = services.defer_participant(programme=world.programme, person=world.alice, by=world.lena,
                                              reason="Back from leave next year")
    old = Membership.objects.get(programme=world.programme, person=world.alice, role=Role.PARTICIPANT)
    assert old.cohort is None  # out of her cohort, still on the programme's record
    assert Attendance.objects.filter(session=launch, person=world.alice).exists()
    assert not Invitation.objects.filter(session=meeting, person=world.alice).exists()
    joined = Membership.objects.get(programme=new, person=world.alice, role=Role.PARTICIPANT)
    assert joined.cohort == Cohort.objects.get(programme=new, place=world.east.place)
    assert Invitation.objects.filter(session__programme=new, person=world.alice).exists()
    assert (deferral.to_programme, deferral.from_cohort_name, deferral.to_cohort_name) == (
        new, "East Surrey cohort", "East Surrey cohort"
    )
    assert AuditEvent.objects.filter(programme_id=world.programme.pk, what="deferral", subject_id=world.alice.pk,
                                     actor_id=world.lena.pk).exists()
    assert AuditEvent.objects.filter(programme_id=new.pk, what="membership", subject_id=world.alice.pk).exists()
    # Besides the invitations to her new sessions, one message tells her what happened.
    [message] = [m for m in mail.outbox if m.subject == f"Your place moves to {new.title}"]
    assert message.to == [world.alice.email]
    assert "You do not need to apply again" in message.body


def test_an_accepted_application_carries_what_she_told_the_first_intake(world: World) -> None:
    new = second_intake(world)
    services.defer_participant(programme=world.programme, person=world.alice, by=world.lena)
    application = Application.objects.get(programme=new, person=world.alice)
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.organisation.name == "Surrey Acute" and application.place == world.east.place
    assert application.decisions.get().reason == "Deferred from Heartlands 500, keeping their place."


def test_without_a_next_intake_nothing_changes(world: World) -> None:
    with pytest.raises(ValidationError, match="Heartlands 500 has no next intake yet"):
        services.defer_participant(programme=world.programme, person=world.alice, by=world.lena)
    assert Membership.objects.get(programme=world.programme, person=world.alice).cohort == world.east
    assert not Deferral.objects.exists()


def test_a_full_next_intake_refuses_and_changes_nothing(world: World) -> None:
    new = second_intake(world, places=[services.CohortChoice("East Surrey cohort", world.east.place, 1)])
    services.defer_participant(programme=world.programme, person=world.alice, by=world.lena)
    with pytest.raises(ValidationError, match="Every cohort of Heartlands 500, second intake is full"):
        services.defer_participant(programme=world.programme, person=world.bob, by=world.lena)
    assert Membership.objects.get(programme=world.programme, person=world.bob).cohort == world.east
    assert not Membership.objects.filter(programme=new, person=world.bob).exists()


def test_someone_deferred_once_is_not_deferred_again(world: World) -> None:
    second_intake(world)
    services.defer_participant(programme=world.programme, person=world.alice, by=world.lena)
    with pytest.raises(ValidationError, match="Alice Acute has already been deferred from Heartlands 500"):
        services.defer_participant(programme=world.programme, person=world.alice, by=world.lena)
    assert Deferral.objects.count() == 1


def test_only_participants_are_deferred(world: World) -> None:
    second_intake(world)
    with pytest.raises(ValidationError, match="Sam Sponsor is not a participant of Heartlands 500"):
        services.defer_participant(programme=world.programme, person=world.sam, by=world.lena)
