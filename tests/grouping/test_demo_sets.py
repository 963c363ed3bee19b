"""Learning sets on the demo programme: seeded and published, formed again in seconds; the grouping
and programme pages with fixed query counts."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.demo.people import SIGN_INS
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.demo.seed import seed_demo
from commonground.grouping.models import GroupingRun, LearningSet, LearningSetMember, RunStatus
from commonground.programmes.models import Cohort, Programme
from tests.programmes.query_counts import programme_query_counts

pytestmark = pytest.mark.django_db


def _demo_cohort() -> tuple[Programme, Cohort]:
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    cohort = Cohort.objects.filter(programme=programme).order_by("name").first()
    assert cohort is not None
    return programme, cohort


def test_the_demo_participant_sees_a_published_set_and_a_100_person_cohort_regenerates_in_seconds(
    client: Client,
) -> None:
    seed_demo(participants=400, seed=1, reset=False)
    programme, cohort = _demo_cohort()
    participant = Person.objects.get(email="participant@demo.example")
    assert LearningSet.objects.filter(
        members__person=participant, published_at__isnull=False
    ).exists()
    assert LearningSetMember.objects.filter(cohort=cohort).count() == 100

    client.force_login(Person.objects.get(email="lead@demo.example"))
    started = time.perf_counter()
    response = client.post(
        reverse("grouping:generate", args=[programme.pk, cohort.pk]),
        {"min_size": 8, "max_size": 10},
    )
    seconds = time.perf_counter() - started

    assert response.status_code == 302
    run = GroupingRun.objects.filter(cohort=cohort).latest("created_at")
    assert run.status == RunStatus.DONE, run.error
    assert run.result["constraint_check"] == []
    assert (
        run.result["figures"]["same_team_pairs"]
        == run.result["figures"]["same_team_pairs_min"]
        == 0
    )
    sizes = [s.members.count() for s in LearningSet.objects.filter(cohort=cohort)]
    assert sum(sizes) == 100 and all(8 <= n <= 10 for n in sizes)
    print(
        f"\n100-person demo cohort: sets formed {seconds:.2f} s from the click "
        f"(engine {run.result['seconds']} s, objective {run.result['objective']}, bound {run.result['bound']}, "
        f"gap {run.result['gap']:.3f})"
    )


def _counts(client: Client) -> dict[tuple[str, str], int]:
    programme, cohort = _demo_cohort()
    pages = {
        "sets": reverse("grouping:sets", args=[programme.pk, cohort.pk]),
        "my-set": reverse("grouping:my-set", args=[programme.pk]),
        "placement": reverse("grouping:placement", args=[programme.pk]),
        "placement search": reverse("grouping:placement", args=[programme.pk]) + "?q=a",
        "placement move": reverse(
            "grouping:placement-move",
            args=[
                programme.pk,
                Person.objects.get(email="participant@demo.example").pk,
            ],
        ),
    }
    counts = {}
    for email in SIGN_INS:
        client.force_login(Person.objects.get(email=email))
        for name, url in pages.items():
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code in {200, 404}, (email, name, response.status_code)
            counts[(email, name)] = len(queries)
    return counts


def test_the_grouping_and_programme_pages_run_the_same_queries_at_400_and_1800_participants(
    client: Client,
) -> None:
    """One pair of seeds serves both page families: a query made per person would show as a
    different count at four and a half times the size."""
    seed_demo(participants=400, seed=1, reset=False)
    small = _counts(client) | programme_query_counts(client)
    started = time.perf_counter()
    seed_demo(participants=1_800, seed=1, reset=True)  # 450 a cohort: dealt into pieces of at most 400
    seconds = time.perf_counter() - started
    large = _counts(client) | programme_query_counts(client)
    assert large == small
    assert small[("lead@demo.example", "overview")] > 0
    print(f"\nseeded 1,800 (with sets) in {seconds:.1f} s; queries per page: {small}")
