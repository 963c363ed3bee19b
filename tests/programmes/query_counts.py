"""Queries per programme page for every demo sign-in. `tests/grouping/test_demo_sets.py` counts them
at 400 and at 1,800 participants beside the grouping pages, from one pair of seeds: a query made per
person would show as a different count (the demo's organisations and cohorts are the same at every
size, so the sizes differ in people, pages of people and their sets). The timings at 20,000 are
measured by `make bench`, not here."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.demo.people import SIGN_INS
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.programmes.models import Cohort, Programme

PAGES = ("overview", "cohort-list", "cohort-detail", "organisation-list")


def programme_query_counts(client: Client) -> dict[tuple[str, str], int]:
    """Queries per (sign-in, page) for every demo sign-in and every programme page."""
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    cohort = Cohort.objects.filter(programme=programme).order_by("name").first()
    assert cohort is not None
    urls = {
        "overview": reverse("programmes:overview", args=[programme.pk]),
        "cohort-list": reverse("programmes:cohort-list", args=[programme.pk]),
        "cohort-detail": reverse("programmes:cohort-detail", args=[programme.pk, cohort.pk]),
        "organisation-list": reverse("programmes:organisation-list", args=[programme.pk]),
    }
    counts = {}
    for email in SIGN_INS:
        client.force_login(Person.objects.get(email=email))
        for page in PAGES:
            client.get(urls[page])  # warm: sessions, content types and template caches
            with CaptureQueriesContext(connection) as queries:
                response = client.get(urls[page])
            assert response.status_code in {200, 404}, (email, page, response.status_code)
            counts[(email, page)] = len(queries)
    return counts
