"""The demo programme seeds applications in every state, so the lead sees a live review queue in `make run`."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.demo.seed import seed_demo
from commonground.programmes.models import Cohort, Programme
from commonground.recruitment.models import Application, ApplicationStatus


@pytest.mark.django_db
def test_the_demo_programme_has_a_live_review_queue(client: Client) -> None:
    seed_demo(participants=400, seed=1, reset=False)
    p = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    assert Application.objects.filter(programme=p).count() == 65  # and two waiting for the demo sponsor
    statuses = set(Application.objects.filter(programme=p).values_list("status", flat=True))
    assert statuses == set(ApplicationStatus.values)  # every state is alive
    client.force_login(Person.objects.get(email="lead@demo.example"))
    for name in ("review", "applications", "quotas", "import", "eligibility"):
        r = client.get(reverse(f"recruitment:{name}", args=[p.pk]))
        assert r.status_code == 200, name
    cohort = Cohort.objects.filter(programme=p).order_by("name").first()
    assert cohort is not None
    page = client.get(reverse("recruitment:cohort-quotas", args=[p.pk, cohort.pk])).content.decode()
    assert "Voluntary" in page and "Each organisation" in page
    client.force_login(Person.objects.get(email="participant@demo.example"))
    page = client.get(reverse("recruitment:mine")).content.decode()
    assert "My applications" in page and "Accepted" in page and "Withdraw this application" in page
    r = client.get(reverse("recruitment:review", args=[p.pk]))
    assert client.get(reverse("recruitment:apply", args=[p.pk])).status_code == 200
    client.force_login(Person.objects.get(email="sponsor@demo.example"))
    assert client.get(reverse("recruitment:nominate", args=[p.pk])).status_code == 200
