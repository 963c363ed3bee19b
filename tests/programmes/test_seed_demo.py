"""manage.py seed_demo and demo_signins: deterministic fictional demo data (contract 6)."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, AuditEvent, Person
from commonground.demo.management.commands.seed_demo import Command
from commonground.demo.onboarding import SYSTEM_NAME as ONBOARDING_SYSTEM_NAME
from commonground.demo.programme import DEMO_PROGRAMME_TITLE, DEMO_SYSTEM_NAME
from commonground.demo.scale import MAX_SYSTEMS
from commonground.demo.second_system import SYSTEM_NAME as SECOND_SYSTEM_NAME
from commonground.development.models import Round
from commonground.programmes.models import (
    Cohort,
    Membership,
    Programme,
    Role,
    System,
)
from commonground.programmes.where import attach
from commonground.recruitment.models import Offer
from commonground.schedule.models import Session
from tests import factories

pytestmark = pytest.mark.django_db

SMALL = 80


def seed(*options: str, participants: int = SMALL, seed: int = 7) -> str:
    out = StringIO()
    call_command(
        "seed_demo", "--participants", str(participants), "--seed", str(seed), *options, stdout=out, verbosity=1
    )
    return out.getvalue()


def participants() -> list[Membership]:
    """The demo's participants, each person with where they work in the demo's system attached."""
    found = list(
        Membership.objects.participants().filter(programme__title=DEMO_PROGRAMME_TITLE)
        .select_related("person", "cohort__place", "programme")
    )
    if found:
        attach([m.person for m in found], system_id=found[0].programme.system_id)
    return found


def snapshot() -> list[tuple[object, ...]]:
    """Everything a seed decides about people, in a stable order."""
    return list(
        Membership.objects.order_by("person__email", "role").values_list(
            "person__email", "person__full_name", "person__affiliations__organisation__name",
            "person__affiliations__team__name", "person__affiliations__place__name", "person__profession", "person__seniority", "person__job_title",
            "person__accessibility_needs", "role", "cohort__name",
        )
    )


def test_it_creates_four_place_cohorts_of_a_hundred_and_an_empty_second_intake() -> None:
    call_command("seed_demo", verbosity=0)
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    cohorts = programme.cohorts.annotate(size=Count("memberships")).order_by("name")
    assert [(c.name, c.size) for c in cohorts] == [
        ("East Surrey cohort", 100), ("Guildford & Waverley cohort", 100), ("North West Surrey cohort", 100),
        ("North West Surrey spring cohort", 0), ("Surrey Downs cohort", 100),
    ]
    assert all(c.capacity >= c.size for c in cohorts)
    assert programme.status == "running"
    today = timezone.localdate()
    assert programme.starts_on.weekday() == 0 and 11 * 7 <= (today - programme.starts_on).days < 12 * 7
    assert 7 <= (programme.ends_on - programme.starts_on).days / 30 <= 9
    # A second seed without --reset is refused and changes nothing.
    people = Person.objects.count()
    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_demo", verbosity=0)
    assert Person.objects.count() == people


@pytest.mark.parametrize(
    "day",
    [dt.datetime(2027, 2, 28, 23, 30), dt.datetime(2028, 2, 29, 8), dt.datetime(2030, 6, 2, 12), dt.datetime(2026, 12, 31, 18)],
    ids=["a Sunday night", "a leap day", "years on", "new year's eve"],
)
def test_the_demo_is_twelve_weeks_into_its_programme_whatever_day_it_is_seeded(day: dt.datetime) -> None:
    with time_machine.travel(day.replace(tzinfo=dt.UTC), tick=False):
        seed()
        now = timezone.now()
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    assert 11 * 7 <= (timezone.localdate(now) - programme.starts_on).days < 12 * 7
    sessions = Session.objects.filter(programme=programme)
    assert sessions.filter(ends_at__lt=now).exists() and sessions.filter(starts_at__gt=now).exists()
    assert Round.objects.filter(programme=programme, opens_at__lte=now, closes_at__gt=now).exists()
    assert Offer.objects.filter(deadline__gt=now).exists()


def test_it_splits_any_size_between_the_place_cohorts_and_people_work_in_their_cohorts_place() -> None:
    seed(participants=82)
    sizes = Counter(m.cohort.name for m in participants())
    assert sorted(sizes.values()) == [20, 20, 21, 21]
    assert all(c.capacity >= sizes[c.name] for c in Cohort.objects.all())
    for membership in participants():
        work = membership.person.where
        assert work.place_id == membership.cohort.place_id
        assert work.organisation.places.filter(pk=work.place_id).exists()
        assert work.team is not None and work.team.organisation_id == work.organisation_id












def test_the_same_seed_gives_the_same_people_and_assignments_and_another_seed_different_ones() -> None:
    seed(seed=11)
    first = snapshot()
    seed("--reset", seed=11)
    assert snapshot() == first
    seed("--reset", seed=12)
    second = snapshot()
    assert len(second) == len(first)
    assert second != first


def test_the_demo_participant_sees_who_has_seen_their_data_and_a_reset_replaces_only_the_demo() -> None:
    kept = audit.record(action=AuditAction.VIEWED, what="person", actor_id=1, subject_id=2)  # not the demo's
    other = factories.MembershipFactory(person__email="someone@example.org")
    seed()
    you = Person.objects.get(email="participant@demo.example")
    rows = audit.seen_by_others(you)
    staff = {m.role: m.person.full_name for m in Membership.objects.filter(role__in=[Role.LEAD, Role.FACILITATOR], programme__title=DEMO_PROGRAMME_TITLE).select_related("person").order_by("person__email")}
    assert {(r.who, r.what) for r in rows} >= {
        (staff[Role.LEAD], "your profile"),
        (staff[Role.FACILITATOR], "your profile"),
        (staff[Role.LEAD], "a list of applicants including you"),
    }
    pages = ("session_replies", "register", "table_plan", "attendance_by_person", "learning_sets", "learning_set",
             "network_roster", "challenge_team")
    assert {r.what for r in rows} >= {audit.WHAT[what] for what in pages}
    assert all(r.at < timezone.now() for r in rows)
    old_programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE).pk
    assert AuditEvent.objects.filter(programme_id=old_programme).count() > 10

    seed("--reset", participants=40)
    # The demo is replaced at its new size; the old programme's trail goes with it and the new
    # one's comes back; data that is not the demo's stays.
    assert System.objects.filter(name=DEMO_SYSTEM_NAME).count() == 1
    assert Membership.objects.participants().filter(programme__title=DEMO_PROGRAMME_TITLE).count() == 40
    new_programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE).pk
    assert not AuditEvent.objects.filter(programme_id=old_programme).exists()
    assert AuditEvent.objects.filter(programme_id=new_programme).count() > 10
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    assert Person.objects.filter(email="someone@example.org").exists()
    assert Membership.objects.filter(pk=other.pk).exists()


def test_if_empty_seeds_an_empty_database_and_prints_a_summary() -> None:
    summary = seed("--if-empty", participants=40)
    assert Membership.objects.participants().filter(programme__title=DEMO_PROGRAMME_TITLE).count() == 40
    assert "Seeded 2 demo programmes in 2 systems" in summary  # and the second system's, from the template
    assert "52 participants" in summary  # 40, and an eighth (at least 12) in the second system
    assert "8 cohorts" in summary  # four place cohorts and the empty second intake; the second system's three


def test_if_empty_quietly_does_nothing_when_a_programme_exists() -> None:
    factories.ProgrammeFactory()
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert out.getvalue() == ""
    assert not System.objects.filter(name=DEMO_SYSTEM_NAME).exists()


def test_it_refuses_fewer_participants_than_places() -> None:
    with pytest.raises(CommandError, match="at least 4"):
        seed(participants=3)




def test_demo_signins_only_lists_sign_ins_that_exist() -> None:
    factories.PersonFactory(email="lead@demo.example")
    out = StringIO()
    call_command("demo_signins", stdout=out)
    text = out.getvalue()
    assert "lead@demo.example" in text
    assert "facilitator@demo.example" not in text
    assert "http://127.0.0.1:8000/" in text


def test_the_help_names_the_options() -> None:
    text = Command().create_parser("manage.py", "seed_demo").format_help()
    assert "--programmes N" in text and "--systems M" in text


def test_a_reset_takes_away_the_further_systems_too() -> None:
    out = StringIO()
    call_command("seed_demo", "--participants", "20", "--systems", "2", stdout=out, verbosity=1)
    assert "Seeded 3 demo programmes in 3 systems" in out.getvalue()
    assert Person.objects.filter(email__contains="@eastmere-").exists()
    call_command("seed_demo", "--participants", "20", "--reset", verbosity=0)
    assert list(System.objects.values_list("name", flat=True)) == sorted(
        [DEMO_SYSTEM_NAME, SECOND_SYSTEM_NAME, ONBOARDING_SYSTEM_NAME]  # the one mid-onboarding is seeded again
    )
    assert not Person.objects.filter(email__contains="@eastmere-").exists()


@pytest.mark.parametrize(("option", "value"), [("--programmes", "0"), ("--systems", str(MAX_SYSTEMS + 1))])
def test_it_refuses_numbers_it_cannot_seed(option: str, value: str) -> None:
    with pytest.raises(CommandError, match=r"1 to \d+"):
        call_command("seed_demo", "--participants", "20", option, value, verbosity=0)
    assert not System.objects.exists()
