"""The lead's review queue: filters, before/after quota figures, bulk decisions, and a fixed number of queries."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Organisation, Sector
from commonground.recruitment.models import (
    Application,
    ApplicationStatus,
    EligibilityRule,
    Offer,
    Quota,
    QuotaDimension,
)
from tests.conftest import World
from tests.recruitment import objects


def test_each_row_shows_how_an_offer_moves_the_figures(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    Quota.objects.create(
        cohort=world.east,
        dimension=QuotaDimension.SECTOR,
        sector=Sector.ADULT_SOCIAL_CARE,
        max_share=50,
    )
    objects.application(world, "Dana Council")
    client.force_login(world.lena)
    response = client.get(reverse("recruitment:review", args=[world.programme.pk]))
    assert response.status_code == 200
    [row] = response.context["rows"]
    changes = {c.label: (c.current, c.after) for c in row["changes"]}
    assert changes == {"Places held": (2, 3), "Adult social care": (1, 2)}
    assert "Adult social care: 1 → <strong>2</strong> (max 50)" in response.text


def test_the_queue_filters_by_sector_with_htmx(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    objects.application(world, "Dana Council")
    objects.application(world, "Vic Voluntary", organisation="Community Action")
    client.force_login(world.lena)
    response = client.get(
        reverse("recruitment:review", args=[world.programme.pk]),
        {"sector": Sector.VOLUNTARY_COMMUNITY},
        headers={"HX-Request": "true"},
    )
    assert response.text.lstrip().startswith('<div id="review-list">')
    assert "Vic Voluntary" in response.text and "Dana Council" not in response.text


def test_the_preview_shows_figures_after_offering_everyone_selected(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    picks = [
        objects.application(world, "Dana Council"),
        objects.application(world, "Vic Voluntary", organisation="Community Action"),
    ]
    client.force_login(world.lena)
    response = client.post(
        reverse("recruitment:decide", args=[world.programme.pk]),
        {"application": [a.pk for a in picks], "preview": "1", "decision": "offer"},
        headers={"HX-Request": "true"},
    )
    assert response.text.lstrip().startswith('<div id="quota-preview"')
    [table] = response.context["preview"]["tables"]
    assert (table["rows"][0].current, table["rows"][0].after) == (2, 4)
    assert not Offer.objects.exists()  # a preview changes nothing


def test_a_bulk_decision_records_the_reason_for_each(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    picks = [objects.application(world, f"Wait Person{i}") for i in range(3)]
    client.force_login(world.lena)
    response = client.post(
        reverse("recruitment:decide", args=[world.programme.pk]),
        {
            "application": [a.pk for a in picks],
            "decision": "waitlist",
            "reason": "East is nearly full",
        },
    )
    assert response.status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {
        ApplicationStatus.WAITLISTED
    }
    assert Application.objects.filter(decisions__reason="East is nearly full").count() == 3


def test_turning_down_without_a_reason_is_refused_on_the_page(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    dana = objects.application(world)
    client.force_login(world.lena)
    response = client.post(
        reverse("recruitment:decide", args=[world.programme.pk]),
        {"application": [dana.pk], "decision": "reject"},
    )
    assert response.status_code == 400 and "Give a reason" in response.text
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.SUBMITTED


def test_a_lead_cannot_decide_on_another_programmes_applications(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    elsewhere = objects.other_programme_application(world)
    client.force_login(world.lena)
    client.post(
        reverse("recruitment:decide", args=[world.programme.pk]),
        {"application": [elsewhere.pk], "decision": "reject", "reason": "x"},
    )
    elsewhere.refresh_from_db()
    assert elsewhere.status == ApplicationStatus.SUBMITTED


def _fill(world: World, count: int) -> None:
    """`count` applicants across organisations, cohorts and states, with quotas and open offers."""
    orgs = list(Organisation.objects.filter(system=world.programme.system))
    places = {o.pk: o.places.first() for o in orgs}
    now = timezone.now()
    Application.objects.filter(programme=world.programme).delete()
    Person.objects.filter(email__startswith="load").delete()
    people = Person.objects.bulk_create(
        [
            Person(email=f"load{i}@example.org", full_name=f"Load Person {i}", password="!")
            for i in range(count)
        ]
    )
    statuses = [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.SPONSOR_SUPPORTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.OFFERED,
        ApplicationStatus.REJECTED,
    ]
    applications = Application.objects.bulk_create(
        [
            Application(
                programme=world.programme,
                person=p,
                organisation=orgs[i % len(orgs)],
                place=places[orgs[i % len(orgs)].pk],
                cohort=(world.east, world.west)[i % 2],
                status=statuses[i % len(statuses)],
                seniority="frontline",
                consented_at=now,
                submitted_at=now - dt.timedelta(minutes=i),
                sponsor_email="sam@example.org" if i % 3 else "",
            )
            for i, p in enumerate(people)
        ]
    )
    Offer.objects.bulk_create(
        [
            Offer(
                application=a,
                cohort_id=a.cohort_id,
                deadline=now + dt.timedelta(days=3),
                link_key=f"k{a.pk}",
            )
            for a in applications
            if a.status == ApplicationStatus.OFFERED
        ]
    )


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_review_queue_runs_the_same_queries_at_400_and_4000_applicants(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    for cohort in (world.east, world.west):
        Quota.objects.create(
            cohort=cohort, dimension=QuotaDimension.SECTOR, sector=Sector.NHS_ACUTE, max_share=40
        )
        Quota.objects.create(cohort=cohort, dimension=QuotaDimension.ORGANISATION, max_share=30)
        Quota.objects.create(
            cohort=cohort,
            dimension=QuotaDimension.SECTOR,
            sector=Sector.VOLUNTARY_COMMUNITY,
            min_share=10,
        )
    client.force_login(world.lena)
    pages = {
        "review": reverse("recruitment:review", args=[world.programme.pk]),
        "review sorted by organisation": reverse("recruitment:review", args=[world.programme.pk])
        + "?sort=organisation&page=2",
        "applications": reverse("recruitment:applications", args=[world.programme.pk]),
        "quotas": reverse("recruitment:quotas", args=[world.programme.pk]),
        "cohort quotas": reverse(
            "recruitment:cohort-quotas", args=[world.programme.pk, world.east.pk]
        ),
        "eligibility": reverse("recruitment:eligibility", args=[world.programme.pk]),
    }
    counts = {}
    for size in (400, 4000):
        _fill(world, size)
        counts[size] = {name: _queries(client, url) for name, url in pages.items()}
    print(f"\nqueries per page: {counts}")
    assert counts[400] == counts[4000]
