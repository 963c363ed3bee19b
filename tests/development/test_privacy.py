"""Journal entries, goals and individual resilience and wellbeing answers are their owner's alone:
not another participant's, not a lead's or facilitator's, not a superuser's through the app."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.development import models
from commonground.programmes.models import Role
from tests import factories
from tests.conftest import World
from tests.development import objects


@pytest.fixture
def superuser(world: World) -> Person:
    """A site administrator who also leads the programme and takes part in the East cohort."""
    person = factories.PersonFactory(full_name="Sue Superuser", email="sue@example.org", is_staff=True, is_superuser=True)
    factories.MembershipFactory(person=person, programme=world.programme, role=Role.LEAD)
    factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
    return person


def _private_urls(world: World) -> dict[str, str]:
    pid = world.programme.pk
    return {
        "journal entry": reverse("development:journal-entry", args=[pid, objects.alice_journal_entry(world).pk]),
        "resilience answers": reverse("development:response-detail", args=[pid, objects.alice_resilience_response(world).pk]),
        "goal": reverse("development:goal-edit", args=[pid, objects.alice_goal(world).pk]),
    }


@pytest.mark.parametrize("viewer", ["bob", "lena", "fred", "sam", "fiona", "oscar", "superuser"])
def test_nobody_else_can_open_alices_private_pages(client: Client, world: World, superuser: Person, viewer: str) -> None:
    urls = _private_urls(world)
    client.force_login(superuser if viewer == "superuser" else getattr(world, viewer))
    for what, address in urls.items():
        assert client.get(address).status_code == 404, what


def test_alice_opens_her_own_private_pages(client: Client, world: World) -> None:
    urls = _private_urls(world)
    client.force_login(world.alice)
    for what, address in urls.items():
        assert client.get(address).status_code == 200, what
    answers = client.get(urls["resilience answers"])
    assert "I have a hard time making it through stressful events." in answers.text


@pytest.mark.parametrize("viewer", ["bob", "superuser"])
def test_nobody_else_can_change_or_delete_alices_journal(client: Client, world: World, superuser: Person, viewer: str) -> None:
    entry = objects.alice_journal_entry(world)
    client.force_login(superuser if viewer == "superuser" else getattr(world, viewer))
    pid = world.programme.pk
    assert client.post(reverse("development:journal-entry", args=[pid, entry.pk]), {"body": "x"}).status_code == 404
    assert client.post(reverse("development:journal-delete", args=[pid, entry.pk])).status_code == 404
    entry.refresh_from_db()
    assert entry.body.startswith("I found it hard to trust")


def test_other_peoples_lists_never_show_alices_entries_or_scores(client: Client, world: World, superuser: Person) -> None:
    entry = objects.alice_journal_entry(world)
    objects.alice_resilience_response(world)
    objects.alice_goal(world)
    for viewer in (world.bob, superuser):
        client.force_login(viewer)
        pid = world.programme.pk
        journal = client.get(reverse("development:journal", args=[pid]))
        assert entry.body not in journal.text and not journal.context["entries"]
        assert not client.get(reverse("development:goals", args=[pid])).context["goals"]
        progress = client.get(reverse("development:progress", args=[pid])).context["progress"]
        assert progress.resilience == [] and progress.goals == [] and progress.journal_count == 0


def test_private_answers_never_reach_the_evaluation_of_a_small_group(client: Client, world: World) -> None:
    objects.alice_resilience_response(world)
    client.force_login(world.lena)
    page = client.get(reverse("development:evaluation", args=[world.programme.pk]))
    rates = page.context["evaluation"].rates
    assert [r.responded for r in rates if r.round.instrument.is_health_data] == [None]


@pytest.mark.parametrize("model", [models.Response, models.JournalEntry, models.Goal, models.HealthDataConsent])
def test_private_records_are_not_in_the_admin(model: type) -> None:
    assert model not in admin.site._registry


def test_instruments_are_in_the_admin() -> None:
    assert models.Instrument in admin.site._registry
