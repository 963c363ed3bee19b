"""The demo programme seeds applications in every state, so the lead sees a live review queue in `make run`."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.programmes import demo
from commonground.programmes.models import Programme
from commonground.recruitment.models import Application


@pytest.mark.django_db
def test_the_demo_programme_has_a_live_review_queue(client: Client) -> None:
    demo.seed_demo(participants=400, seed=1, reset=False)
    p = Programme.objects.get(title=demo.DEMO_PROGRAMME_TITLE)
    assert Application.objects.filter(programme=p).count() == 60
    client.force_login(Person.objects.get(email="lead@demo.example"))
    for name in ("review", "applications", "quotas", "import"):
        r = client.get(reverse(f"recruitment:{name}", args=[p.pk]))
        assert r.status_code == 200, name
    r = client.get(reverse("recruitment:review", args=[p.pk]))
    assert client.get(reverse("recruitment:apply", args=[p.pk])).status_code == 200
    client.force_login(Person.objects.get(email="sponsor@demo.example"))
    assert client.get(reverse("recruitment:nominate", args=[p.pk])).status_code == 200
