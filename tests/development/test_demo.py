"""The demo programme's development data: enough for My progress and the evaluation to show something real."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.development.models import Goal, JournalEntry, Response
from commonground.programmes import demo
from commonground.programmes.models import Programme


@pytest.mark.django_db
def test_the_demo_participant_and_lead_have_something_to_see(client: Client) -> None:
    demo.seed_demo(participants=80, seed=7, reset=False)
    programme = Programme.objects.get()
    alice = Person.objects.get(email="participant@demo.example")
    kinds = sorted(Response.objects.filter(person=alice).values_list("round__instrument_version__instrument__kind", "round__kind"))
    assert kinds == [("resilience", "baseline"), ("resilience", "check_in"), ("self_assessment", "baseline"),
                     ("wellbeing", "baseline")]
    assert Goal.objects.filter(person=alice).count() == 2
    assert JournalEntry.objects.filter(person=alice).count() == 1

    client.force_login(alice)
    progress = client.get(reverse("development:progress", args=[programme.pk])).context["progress"]
    assert len(progress.resilience) == 2 and progress.self_assessment is not None

    client.force_login(Person.objects.get(email="lead@demo.example"))
    evaluation = client.get(reverse("development:evaluation", args=[programme.pk])).context["evaluation"]
    assert any(not row.suppressed for row in evaluation.changes)
