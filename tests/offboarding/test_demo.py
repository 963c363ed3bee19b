"""The demo's former pilot system: seeded, exported and deleted through the offboarding services,
so the site administrator's offboarding page shows both records."""

import datetime as dt
import random

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.demo.offboarded import LEFT_AGO, PILOT, SITE_ADMIN, seed_offboarded_demo
from commonground.offboarding.models import Action, OffboardingRecord
from commonground.programmes.models import Place, System
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_pilot_left_three_weeks_ago_with_its_export_first_and_nothing_of_it_stays() -> None:
    exported, deleted = seed_offboarded_demo(rng=random.Random(7))
    records = list(OffboardingRecord.objects.order_by("at", "pk"))
    assert [(r.pk, r.action) for r in records] == [(exported.pk, Action.EXPORT), (deleted.pk, Action.DELETION)]
    assert {r.system_name for r in records} == {PILOT.system_name}
    admin = Person.objects.get(email=SITE_ADMIN)
    assert admin.is_superuser and admin.is_staff and {r.by_id for r in records} == {admin.pk}
    assert abs(records[0].at - (timezone.now() - LEFT_AGO)) < dt.timedelta(minutes=1)
    assert records[0].at < records[1].at
    # Its 24 participants, a lead and a facilitator, and the sponsors of the organisations sending most.
    assert records[0].rows["people"] >= 26 and records[0].rows["memberships"] == records[0].rows["people"]
    assert records[0].rows["places"] == 2 and records[0].rows["cohorts"] == 2
    assert len(records[0].sha256) == 64 and records[1].rows
    assert not System.objects.filter(name=PILOT.system_name).exists()
    assert not Place.objects.filter(name__in=[name for name, _ in PILOT.places]).exists()
    # Its people belonged to no other system: erased, every one.
    assert not Person.objects.filter(email__endswith=f"{PILOT.name.lower()}-icb.example").exists()
    assert Person.objects.count() == 1  # the site administrator alone


def test_seeding_again_tells_the_story_once_and_uses_an_existing_site_administrator() -> None:
    operator = factories.PersonFactory(full_name="Ola Operator", email="ops@demo.example", is_staff=True,
                                       is_superuser=True)
    seed_offboarded_demo(rng=random.Random(7))
    seed_offboarded_demo(rng=random.Random(7))
    assert OffboardingRecord.objects.count() == 2
    assert set(OffboardingRecord.objects.values_list("by_id", flat=True)) == {operator.pk}
    assert not Person.objects.filter(email=SITE_ADMIN).exists()


def test_the_site_administrators_page_shows_both_records() -> None:
    seed_offboarded_demo(rng=random.Random(7))
    client = Client()
    client.force_login(Person.objects.get(email=SITE_ADMIN))
    page = client.get(reverse("offboarding:records"))
    assert page.status_code == 200
    assert page.text.count(PILOT.system_name) == 2 and "Sasha Okafor" in page.text
