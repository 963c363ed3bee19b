"""Fixtures for personal development: the shipped instruments, open rounds, and enough people
in the East cohort for figures to pass the small-number threshold."""

import pytest

from commonground.accounts.models import Person
from commonground.development import services
from commonground.programmes.models import Cohort, Organisation, Role
from tests import factories
from tests.conftest import World


@pytest.fixture(autouse=True)
def _instruments(db: None) -> None:
    # Transactional tests flush the data migration's rows, so install them again (it is idempotent).
    services.install_builtin_instruments()


def join(world: World, name: str, cohort: Cohort | None = None, organisation: str = "County Council") -> Person:
    person = factories.PersonFactory(
        full_name=name, email=f"{name.split()[0].lower()}@example.org",
        organisation=Organisation.objects.get(name=organisation),
    )
    factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=cohort or world.east)
    return person


@pytest.fixture
def east_colleagues(world: World) -> list[Person]:
    """Six more East participants: with Alice and Bob, eight people who can answer."""
    return [join(world, f"Eastie{i} Colleague") for i in range(6)]


@pytest.fixture
def west_colleagues(world: World) -> list[Person]:
    """Five more West participants: with Carol, six, so neither cohort's size is a small number
    and the participant figures show both (a cohort of one hides its neighbour too)."""
    return [join(world, f"Westie{i} Colleague", world.west, "Community Action") for i in range(5)]
