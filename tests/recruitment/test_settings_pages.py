"""The lead's pages for capacity, quotas and eligibility: validation names the field and changes nothing."""

from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Seniority
from commonground.programmes.models import Cohort, Organisation, Place, Sector
from commonground.recruitment.models import (
    ApplicationStatus,
    EligibilityRule,
    Quota,
    QuotaDimension,
)
from tests.conftest import World
from tests.recruitment import objects


def _cohort_url(world: World) -> str:
    return reverse("recruitment:cohort-quotas", args=[world.programme.pk, world.east.pk])


def test_capacity_cannot_go_below_the_people_who_accepted(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    client.force_login(world.lena)
    response = client.post(_cohort_url(world), {"action": "capacity", "capacity": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Capacity (places): 2 people have already accepted a place in East" in page
    assert Cohort.objects.get(pk=world.east.pk).capacity == world.east.capacity
    response = client.post(_cohort_url(world), {"action": "capacity", "capacity": "0"})
    assert response.status_code == 400
    response = client.post(_cohort_url(world), {"action": "capacity", "capacity": "30"})
    assert response.status_code == 302
    assert Cohort.objects.get(pk=world.east.pk).capacity == 30


def test_raising_capacity_offers_the_new_places_to_the_waiting_list(
    client: Client, world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:
    world.east.capacity = 2
    world.east.save()
    wendy = objects.application(world, "Wendy Waiting", status=ApplicationStatus.WAITLISTED)
    wendy.waitlisted_at = wendy.submitted_at
    wendy.save()
    client.force_login(world.lena)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_cohort_url(world), {"action": "capacity", "capacity": "3"})
    wendy.refresh_from_db()
    assert wendy.status == ApplicationStatus.OFFERED


def _add(client: Client, world: World, **data: str) -> tuple[int, str]:
    response = client.post(
        _cohort_url(world), {"action": "add", **{f"quota-{k}": v for k, v in data.items()}}
    )
    return response.status_code, response.content.decode()


def test_quota_validation_names_the_field(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    client.force_login(world.lena)
    status, page = _add(
        client, world, dimension="sector", sector=Sector.NHS_ACUTE, min_share="40", max_share="20"
    )
    assert (
        status == 400
        and "Minimum share (%): The minimum (40%) cannot be above the maximum (20%)." in page
    )
    status, page = _add(
        client, world, dimension="sector", sector=Sector.NHS_ACUTE, min_share="0", max_share="120"
    )
    assert status == 400 and "Maximum share (%): Enter a share from 0 to 100%." in page
    status, page = _add(client, world, dimension="sector", sector="", min_share="0", max_share="50")
    assert status == 400 and "Sector: Choose the sector this quota is for." in page
    status, page = _add(
        client,
        world,
        dimension="organisation",
        sector=Sector.HOUSING,
        min_share="0",
        max_share="50",
    )
    assert status == 400 and "An organisation quota does not name a sector" in page
    assert not Quota.objects.exists()


def test_adding_changing_and_removing_quotas(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    client.force_login(world.lena)
    status, _ = _add(
        client,
        world,
        dimension="sector",
        sector=Sector.VOLUNTARY_COMMUNITY,
        min_share="60",
        max_share="100",
    )
    assert status == 302
    status, page = _add(
        client, world, dimension="sector", sector=Sector.HOUSING, min_share="50", max_share="100"
    )
    assert status == 400 and "would add up to 110%" in page
    status, page = _add(
        client,
        world,
        dimension="sector",
        sector=Sector.VOLUNTARY_COMMUNITY,
        min_share="10",
        max_share="90",
    )
    assert status == 400 and "already has this quota" in page
    council = Organisation.objects.get(name="County Council")
    status, _ = _add(
        client,
        world,
        dimension="organisation",
        organisation=str(council.pk),
        min_share="0",
        max_share="25",
    )
    assert status == 302
    quota = Quota.objects.get(organisation=council)
    edit = reverse("recruitment:quota-edit", args=[world.programme.pk, quota.pk])
    response = client.post(
        edit,
        {
            "dimension": "organisation",
            "organisation": str(council.pk),
            "min_share": "5",
            "max_share": "30",
        },
    )
    assert response.status_code == 302
    quota.refresh_from_db()
    assert (quota.min_share, quota.max_share) == (5, 30)
    assert client.post(edit, {"action": "delete"}).status_code == 302
    assert not Quota.objects.filter(pk=quota.pk).exists()


def test_the_review_queue_shows_the_quotas(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    Quota.objects.create(
        cohort=world.east, dimension=QuotaDimension.SECTOR, sector=Sector.NHS_ACUTE, max_share=30
    )
    Quota.objects.create(
        cohort=world.east,
        dimension=QuotaDimension.SECTOR,
        sector=Sector.VOLUNTARY_COMMUNITY,
        min_share=10,
    )
    client.force_login(world.lena)
    page = client.get(reverse("recruitment:review", args=[world.programme.pk])).content.decode()
    assert "NHS acute at most 30%" in page and "Voluntary" in page and "at least 10%" in page


def test_eligibility_rules_are_saved_with_clear_errors(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    client.force_login(world.lena)
    url = reverse("recruitment:eligibility", args=[world.programme.pk])
    assert client.get(url).status_code == 200
    east = Place.objects.get(name="East Surrey")
    good = {
        "applications_open": "on",
        "allowed_sectors": [Sector.NHS_ACUTE, Sector.HOUSING],
        "allowed_seniority": [Seniority.FRONTLINE],
        "allowed_places": [str(east.pk)],
        "offer_days": "5",
        "reminder_hours": "24",
        "privacy_notice": "We use your answers to run the programme.",
    }
    response = client.post(url, {**good, "reminder_hours": "200"})
    assert response.status_code == 400
    assert "An offer stays open 120 hours (5 days)" in response.content.decode()
    response = client.post(url, {**good, "offer_days": "0"})
    assert response.status_code == 400 and "at least 1 day" in response.content.decode()
    response = client.post(url, {**good, "privacy_notice": " "})
    assert (
        response.status_code == 400
        and "Privacy notice: Applicants must see a privacy notice" in response.content.decode()
    )
    rule.refresh_from_db()
    assert rule.offer_days == 7 and rule.allowed_sectors == []
    assert client.post(url, good).status_code == 302
    rule.refresh_from_db()
    assert rule.allowed_sectors == [Sector.NHS_ACUTE, Sector.HOUSING]
    assert rule.allowed_seniority == [Seniority.FRONTLINE]
    assert list(rule.allowed_places.all()) == [east] and rule.offer_days == 5


def test_eligibility_page_creates_the_rule_for_a_programme_without_one(
    client: Client, world: World
) -> None:
    client.force_login(world.lena)
    url = reverse("recruitment:eligibility", args=[world.programme.pk])
    assert client.get(url).status_code == 200
    assert not EligibilityRule.objects.filter(programme=world.programme).exists()
    response = client.post(
        url, {"offer_days": "7", "reminder_hours": "48", "privacy_notice": "Notice"}
    )
    assert response.status_code == 302
    assert not EligibilityRule.objects.get(programme=world.programme).applications_open
