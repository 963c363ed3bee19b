"""The demo's applications say one thing about their sponsor, on their page and in the review queue."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.demo.seed import seed_demo
from commonground.programmes.models import Programme
from commonground.recruitment.models import REVIEWABLE, Application, ApplicationStatus


@pytest.mark.django_db
def test_every_demo_application_past_the_first_step_was_supported_and_its_page_says_so(client: Client) -> None:
    seed_demo(participants=80, seed=3, reset=False)
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    applications = list(
        Application.objects.filter(programme=programme).select_related("sponsor_request", "nominated_by")
    )
    for application in applications:
        supports = application.sponsor_status.supports
        if application.status == ApplicationStatus.SUBMITTED:
            assert supports is None, application.sponsor_status
        else:
            assert supports is True, (application.status, application.sponsor_status)
    client.force_login(Person.objects.get(email="lead@demo.example"))
    supported = next(a for a in applications if a.status == ApplicationStatus.SPONSOR_SUPPORTED)
    page = client.get(reverse("recruitment:application-detail", args=[programme.pk, supported.pk])).text
    assert "Supported by sponsor" in page and "not answered yet" not in page
    assert 'value="offer">Offer a place</button>' in page
    assert supported.status in REVIEWABLE
