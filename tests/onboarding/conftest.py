"""A site administrator, and a new system part way through onboarding with its administrator."""

from dataclasses import dataclass

import pytest
from django.test import Client

from commonground.accounts.models import Person
from commonground.onboarding.models import Onboarding
from commonground.programmes.models import Place, System, SystemAdmin
from tests import factories


@pytest.fixture
def site_admin(db: None) -> Person:
    """Sade runs the site: a superuser, with the second factor staff must have."""
    person = factories.PersonFactory(
        full_name="Sade Siteadmin", email="sade@operators.example", is_staff=True, is_superuser=True
    )
    factories.authenticator_app(person)
    return person


@dataclass
class NewSystem:
    system: System
    admin: Person
    north: Place
    south: Place


@pytest.fixture
def northshire(db: None) -> NewSystem:
    """Northshire has just been invited: Asha administers it, and it has two places, nothing else."""
    system = factories.SystemFactory(name="Northshire Health and Care")
    asha = factories.PersonFactory(full_name="Asha Admin", email="asha@northshire.example")
    SystemAdmin.objects.create(system=system, person=asha)
    Onboarding.objects.create(system=system)
    north = factories.PlaceFactory(system=system, name="North Vale")
    south = factories.PlaceFactory(system=system, name="South Downs")
    return NewSystem(system=system, admin=asha, north=north, south=south)


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client
