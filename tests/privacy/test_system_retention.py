"""A system's administrator manages retention for every programme of the system: sees each one's
periods, what is due now and next and its last run; changes any programme's periods (the lead's
bounds and audit); and runs retention for one programme now, a dry run first, then a confirmed run
recorded under their name. Nobody else reaches these pages, the programmes' leads included.

The clock is frozen where dates matter, at moments derived from the programme's end.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import AuditEvent, Person
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.development.models import JournalEntry
from commonground.privacy import retention
from commonground.privacy.models import DEFAULT_MONTHS, RetentionKind, RetentionPolicy, RetentionRun
from commonground.privacy.retention import add_months
from commonground.programmes.models import Programme
from tests.conftest import World
from tests.identity import objects

LONDON = ZoneInfo(settings.TIME_ZONE)
ENDS_ON = dt.date(2027, 5, 31)


def client_of(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def page_url(world: World) -> str:
    return reverse("privacy:system-retention", args=[world.programme.system_id])


def run_url(world: World, programme: Programme | None = None) -> str:
    return reverse("privacy:system-retention-run", args=[world.programme.system_id, (programme or world.programme).pk])


def periods_url(world: World, programme: Programme | None = None) -> str:
    programme = programme or world.programme
    return reverse("privacy:system-retention-periods", args=[world.programme.system_id, programme.pk])


def periods(**changed: str) -> dict[str, str]:
    return {f"{kind}_months": str(months) for kind, months in DEFAULT_MONTHS.items()} | changed


def two_journals_due(world: World) -> dt.datetime:
    """Two journal entries in the programme, due (six months after its end) at the returned moment."""
    world.programme.starts_on, world.programme.ends_on = ENDS_ON - dt.timedelta(days=270), ENDS_ON
    world.programme.save()
    for person in (world.alice, world.bob):
        JournalEntry.objects.create(person=person, programme=world.programme, body="A hard week.")
    return dt.datetime.combine(add_months(ENDS_ON, 6), dt.time(9), tzinfo=LONDON)


@pytest.fixture
def admin(world: World) -> None:
    """Lena leads the programme and administers its system."""
    objects.lena_administers(world)


def lena(world: World) -> Client:
    """Lena signed in now (a client signed in before the clock moves on would be signed out)."""
    return client_of(world.lena)


def test_the_admin_sees_every_programme_of_the_system_with_what_is_due_and_its_last_run(
    world: World, admin: None
) -> None:
    second = objects.bob_in_a_second_programme(world)
    moment = two_journals_due(world)
    with time_machine.travel(moment, tick=False):
        retention.apply_retention(dry_run=True, trigger="command")
        page = lena(world).get(page_url(world))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert world.programme.title in page.text and second.title in page.text
    assert world.other_programme.title not in page.text  # another system's
    assert "2 records are due now" in page.text
    assert "Deleted 12 months after the programme ends" in page.text  # equality answers' default
    assert "Deleted 6 years after they ended" in page.text  # ended consents' default
    assert "A dry run (nothing changed)" in page.text and "Journal entries: 2 to be deleted" in page.text
    assert run_url(world) in page.text and periods_url(world, second) in page.text


def test_the_profile_links_the_page_for_each_system_administered(world: World, admin: None) -> None:
    assert page_url(world) in lena(world).get(reverse("programmes:profile")).text
    assert page_url(world) not in client_of(world.fred).get(reverse("programmes:profile")).text


def test_the_admin_changes_a_programmes_periods_and_the_change_is_audited(world: World, admin: None) -> None:
    second = objects.bob_in_a_second_programme(world)
    response = lena(world).post(periods_url(world, second), periods(equality_months="6", consents_months="36"))
    assert response.status_code == 302 and response["Location"] == page_url(world)
    policy = RetentionPolicy.objects.get(programme=second)
    assert (policy.equality_months, policy.consents_months, policy.journals_months) == (6, 36, 6)
    event = AuditEvent.objects.get(what="retention_policy")
    assert (event.actor_id, event.programme_id) == (world.lena.pk, second.pk)
    assert set(event.fields) == {"equality_months", "consents_months"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("consents_months", "23", "Enter at least 24"), ("equality_months", "121", "Enter at most 120"),
     ("journals_months", "six", "Enter a whole number of months from 1 to 120, like 6."),
     ("audit_months", "", "Enter a whole number of months from 24 to 240.")],
)
def test_bad_periods_are_refused_naming_the_field_and_nothing_changes(
    world: World, admin: None, field: str, value: str, message: str
) -> None:
    page = lena(world).post(periods_url(world), periods(**{field: value}))
    assert page.status_code == 400 and message in page.text and "There is a problem" in page.text
    assert f'href="#id_{field}"' in page.text
    assert not RetentionPolicy.objects.exists() and not AuditEvent.objects.filter(what="retention_policy").exists()


def test_a_dry_run_first_then_the_confirmed_run_recorded_under_their_name(world: World, admin: None) -> None:
    moment = two_journals_due(world)
    with time_machine.travel(moment, tick=False):
        client = lena(world)
        preview = client.get(run_url(world))
        assert preview.status_code == 200 and "no-store" in preview["Cache-Control"]
        assert "Journal entries: 2 to be deleted" in preview.text
        assert JournalEntry.objects.count() == 2 and not RetentionRun.objects.exists()  # looking changes nothing
        confirm = {kind: "0" for kind in retention.REPORTED} | {RetentionKind.JOURNALS: "2"}
        done = client.post(run_url(world), confirm)
        assert done.status_code == 302 and done["Location"] == page_url(world)
        assert not JournalEntry.objects.exists()
        run = RetentionRun.objects.get()
        assert (run.dry_run, run.programme_id, run.trigger) == (False, world.programme.pk, f"person:{world.lena.pk}")
        assert run.started_by_id == world.lena.pk and run.counts[RetentionKind.JOURNALS] == 2
        event = AuditEvent.objects.get(what="retention_run")
        assert (event.actor_id, event.object_id, event.programme_id) == (world.lena.pk, run.pk, world.programme.pk)
        assert event.fields == [RetentionKind.JOURNALS]
        page = client.get(page_url(world))
        lead_page = client.get(reverse("privacy:retention", args=[world.programme.pk]))
    assert "by Lena Lead" in page.text and "Journal entries: 2 deleted" in page.text
    assert "by Lena Lead" in lead_page.text


def test_a_run_confirmed_on_counts_that_no_longer_hold_does_nothing(world: World, admin: None) -> None:
    moment = two_journals_due(world)
    with time_machine.travel(moment, tick=False):
        confirm = {kind: "0" for kind in retention.REPORTED} | {RetentionKind.JOURNALS: "1"}  # one was added since
        page = lena(world).post(run_url(world), confirm)
    assert page.status_code == 409 and "has changed since you looked" in page.text
    assert "Journal entries: 2 to be deleted" in page.text  # the new counts, to confirm again
    assert JournalEntry.objects.count() == 2
    assert not RetentionRun.objects.exists() and not AuditEvent.objects.filter(what="retention_run").exists()


@pytest.mark.parametrize("value", ["-1", "two", "", "1.5", str(2**63)])
def test_a_confirmation_with_odd_counts_is_refused_and_runs_nothing(world: World, admin: None, value: str) -> None:
    moment = two_journals_due(world)
    with time_machine.travel(moment, tick=False):
        confirm = {kind: "0" for kind in retention.REPORTED} | {RetentionKind.JOURNALS: value}
        page = lena(world).post(run_url(world), confirm)
    assert page.status_code == 400 and "were not understood" in page.text
    assert JournalEntry.objects.count() == 2 and not RetentionRun.objects.exists()


def test_nothing_due_means_nothing_to_confirm(world: World, admin: None) -> None:
    with time_machine.travel(timezone.make_aware(dt.datetime.combine(world.programme.ends_on, dt.time(9))), tick=False):
        page = lena(world).get(run_url(world))
    assert page.status_code == 200 and "There is nothing to run" in page.text
    assert "Apply retention now" not in page.text


def test_only_the_systems_administrators_reach_the_pages(world: World) -> None:
    """Lena leads the programme but does not administer its system yet: 404, as for everyone else."""
    urls = [page_url(world), periods_url(world), run_url(world)]
    for person in (world.lena, world.fred, world.alice, world.sam, world.fiona, world.oscar):
        client = client_of(person)
        for url in urls:
            assert client.get(url).status_code == 404, (person, url)
            if url != urls[0]:  # the list only answers GET
                assert client.post(url, periods()).status_code == 404, (person, url)
    assert not RetentionPolicy.objects.exists() and not RetentionRun.objects.exists()


def test_another_systems_programme_is_not_found_through_this_system(world: World, admin: None) -> None:
    JournalEntry.objects.create(person=world.oscar, programme=world.other_programme, body="Elsewhere.")
    for url in (periods_url(world, world.other_programme), run_url(world, world.other_programme)):
        assert lena(world).get(url).status_code == 404
        assert lena(world).post(url, periods()).status_code == 404
    assert not RetentionPolicy.objects.exists() and JournalEntry.objects.count() == 1


def test_the_demo_lead_finds_the_systems_retention_page_from_their_profile(db: None) -> None:
    call_command("seed_demo", "--participants", "40", verbosity=0)
    lead = Person.objects.get(email="lead@demo.example")
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    client = client_of(lead)
    url = reverse("privacy:system-retention", args=[programme.system_id])
    assert url in client.get(reverse("programmes:profile")).text
    page = client.get(url)
    assert page.status_code == 200 and programme.title in page.text
    assert "Deleted 6 months after the last decision on them" in page.text  # the demo lead's own period
    day = add_months(programme.ends_on, DEFAULT_MONTHS[RetentionKind.EQUALITY])
    assert f"{day.day} {day:%B %Y}" in page.text  # when the equality answers go
    assert "automatically, for every programme" in page.text  # the run made while seeding
    preview = client.get(reverse("privacy:system-retention-run", args=[programme.system_id, programme.pk]))
    assert preview.status_code == 200 and "There is nothing to run" in preview.text
