"""Applicants' accounts: when retention deletes the last thing that holds a person (an application
not accepted, with no role, other application or other data anywhere), their account goes too,
through erasure, so a database dump no longer holds their name or address.

The clock is frozen at the day the application falls due, derived from its decision.
"""

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings

from commonground.accounts.models import AuditAction, AuditEvent, Person
from commonground.privacy import retention
from commonground.privacy.models import RetentionKind
from commonground.privacy.retention import add_months
from commonground.programmes import affiliations
from commonground.programmes.affiliations import Work
from commonground.programmes.models import Affiliation, Membership, Role, SystemAdmin
from commonground.recruitment.models import Application, ApplicationStatus, Decision, Nomination
from tests.conftest import World
from tests.privacy.test_erasure import _dump
from tests.recruitment import objects as rec

LONDON = ZoneInfo(settings.TIME_ZONE)
DECIDED = dt.datetime(2027, 1, 31, 16, 30, tzinfo=LONDON)
WHY = "Because the night shift and the day centre never meet."


def due_moment() -> dt.datetime:
    return dt.datetime.combine(add_months(DECIDED.date(), 12), dt.time(0, 0, 1), tzinfo=LONDON)


def refused_dana(world: World) -> Application:
    """Dana applied, was not offered a place, and has nothing else on Common Ground but what she gave
    when she applied: where she works, and her account's own sign-in details."""
    world.programme.ends_on = dt.date(2027, 5, 31)
    world.programme.save()
    with time_machine.travel(DECIDED, tick=False):
        application = rec.application(world, "Dana Applicant", status=ApplicationStatus.REJECTED,
                                      submitted_at=DECIDED - dt.timedelta(days=30))
        Application.objects.filter(pk=application.pk).update(why_now=WHY)
        Decision.objects.create(application=application, to_status=ApplicationStatus.REJECTED, at=DECIDED)
        affiliations.record(
            person_id=application.person_id, system_id=world.programme.system_id,
            work=Work(organisation=application.organisation, place=application.place),
        )
        EmailAddress.objects.create(user=application.person, email=application.person.email, verified=True)
    return application


@pytest.mark.django_db(transaction=True)
def test_the_last_application_takes_the_account_with_it_and_no_dump_keeps_them(world: World) -> None:
    application = refused_dana(world)
    dana = application.person
    secrets = ("Dana Applicant", "dana.applicant@example.org", WHY)
    before = _dump()
    assert all(secret in before for secret in secrets)
    with time_machine.travel(due_moment(), tick=False):
        dry = retention.apply_retention(dry_run=True)
        assert dry.counts[retention.ACCOUNTS] == 1 and Person.objects.filter(pk=dana.pk).exists()
        result = retention.apply_retention()
    assert result.counts[RetentionKind.APPLICATIONS] == 1 and result.counts[retention.ACCOUNTS] == 1
    assert "  Applicants' accounts left with nothing: 1 erased" in result.lines()
    assert not Person.objects.filter(pk=dana.pk).exists()
    assert not Affiliation.objects.filter(person_id=dana.pk).exists()
    assert not EmailAddress.objects.filter(user_id=dana.pk).exists()
    after = _dump()
    assert [secret for secret in secrets if secret in after] == []
    # The trail says she was erased, in this programme, by nobody in particular (the periodic rule).
    (row,) = AuditEvent.objects.filter(action=AuditAction.ERASED, subject_id=dana.pk)
    assert (row.actor_id, row.programme_id) == (None, world.programme.pk)


def _another_application(world: World, dana: Person) -> None:
    Application.objects.create(
        programme=world.other_programme, person=dana, organisation=Application.objects.get(person=dana).organisation,
        place=Application.objects.get(person=dana).place, seniority="frontline", consented_at=DECIDED,
    )


def _a_role_elsewhere(world: World, dana: Person) -> None:
    Membership.objects.create(person=dana, programme=world.other_programme, role=Role.PARTICIPANT)


def _system_admin(world: World, dana: Person) -> None:
    SystemAdmin.objects.create(system=world.other_programme.system, person=dana)


def _staff(world: World, dana: Person) -> None:
    Person.objects.filter(pk=dana.pk).update(is_staff=True)


def _someones_sponsor(world: World, dana: Person) -> None:
    other = rec.application(world, "Eli Applicant")
    Application.objects.filter(pk=other.pk).update(sponsor_name="Dana", sponsor_email="DANA.applicant@example.org")


def _nominated_elsewhere(world: World, dana: Person) -> None:
    Nomination.objects.create(
        programme=world.other_programme, sponsor=world.oscar, nominee_name="Dana Applicant",
        nominee_email="dana.applicant@example.org", token_digest="e" * 64, expires_at=DECIDED,
    )


@pytest.mark.parametrize(
    "holds",
    [_another_application, _a_role_elsewhere, _system_admin, _staff, _someones_sponsor, _nominated_elsewhere],
    ids=["another application", "a role elsewhere", "a system's administrator", "staff", "someone's sponsor",
         "nominated elsewhere"],
)
def test_an_applicant_held_by_anything_else_keeps_their_account(
    world: World, holds: Callable[[World, Person], None]
) -> None:
    application = refused_dana(world)
    holds(world, application.person)
    with time_machine.travel(due_moment(), tick=False):
        result = retention.apply_retention()
    assert result.counts[RetentionKind.APPLICATIONS] == 1 and result.counts[retention.ACCOUNTS] == 0
    assert not Application.objects.filter(pk=application.pk).exists()
    assert Person.objects.filter(pk=application.person_id).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ERASED).exists()


def test_people_of_the_programme_are_never_erased_by_retention(world: World) -> None:
    """Alice applied again after taking part: her application goes, she stays (she is a participant)."""
    refused_dana(world)
    with time_machine.travel(DECIDED, tick=False):
        hers = rec.application(world, "Ann Applicant", status=ApplicationStatus.WITHDRAWN)
        Application.objects.filter(pk=hers.pk).update(person=world.alice)
        Decision.objects.create(application=hers, to_status=ApplicationStatus.WITHDRAWN, at=DECIDED)
    people = Person.objects.count()
    with time_machine.travel(due_moment(), tick=False):
        result = retention.apply_retention()
    assert result.counts[RetentionKind.APPLICATIONS] == 2 and result.counts[retention.ACCOUNTS] == 1  # Dana only
    assert Person.objects.filter(pk=world.alice.pk).exists()
    assert Person.objects.count() == people - 1
