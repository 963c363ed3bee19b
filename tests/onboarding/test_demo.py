"""The demo's system part way through onboarding: its checklist still names what is missing."""

import time

from django.contrib.auth.hashers import make_password
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.demo.onboarding import ADMIN_SIGN_IN, SYSTEM_NAME, seed_onboarding_demo
from commonground.demo.people import DEMO_PASSWORD
from commonground.onboarding import queries
from commonground.programmes.models import System
from tests.onboarding.conftest import signed_in


def test_the_demo_holds_a_system_mid_onboarding_that_its_administrator_and_the_site_administrator_see(db: None) -> None:
    demo_hash = make_password(DEMO_PASSWORD)
    started = time.perf_counter()
    onboarding = seed_onboarding_demo(demo_hash=demo_hash)
    assert time.perf_counter() - started < 1.0
    missing = queries.missing(queries.checklist(queries.facts(onboarding.system, onboarding)))
    assert [item.title for item in missing] == ["Organisations in every place", "Eligibility: who may apply"]
    assert missing[0].detail == "No organisation works in Fenwick yet."

    seed_onboarding_demo(demo_hash=demo_hash)  # seeding again replaces it
    system = System.objects.get(name=SYSTEM_NAME)
    admin = Person.objects.get(email=ADMIN_SIGN_IN)
    assert admin.check_password(DEMO_PASSWORD)
    assert signed_in(admin).get(reverse("onboarding:checklist", args=[system.pk])).status_code == 200
    site_admin = Person.objects.get(email="admin@demo.example")
    assert SYSTEM_NAME in signed_in(site_admin).get(reverse("onboarding:index")).text
