"""Two systems to offboard one of, and a site administrator to do it."""

import pytest
from django.test import Client

from commonground.accounts.models import Person
from tests import factories
from tests.offboarding.systems import WORDS_PER_SYSTEM, Built, build, names_from, pair, seeded_words


@pytest.fixture
def systems(db: None) -> tuple[Built, Built]:
    """System A (leaving) and system B (staying), each full of data."""
    words = seeded_words(11)
    a, b = build(names_from(words[:WORDS_PER_SYSTEM])), build(names_from(words[WORDS_PER_SYSTEM:]))
    pair(a, b)
    return a, b


@pytest.fixture
def site_admin(db: None) -> Person:
    """Sade runs the site: a superuser, with the second factor staff must have."""
    person = factories.PersonFactory(
        full_name="Sade Siteadmin", email="sade@operators.example", is_staff=True, is_superuser=True
    )
    factories.authenticator_app(person)
    return person


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client
