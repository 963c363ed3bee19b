"""Shared fixtures: a small programme with a named person in every role.

- Lena leads the programme; Fred facilitates it.
- Alice (Surrey Acute, ward team) and Bob (County Council) are participants in the East cohort;
  Carol (Community Action) is a participant in the West cohort.
- Sam sponsors Surrey Acute (a lead granted it), so he may see Alice but not Bob or Carol.
- Fiona represents a funder: aggregate pages only.
- Oscar leads a different programme and must see nothing of this one.

The East cohort's start-of-programme relationship survey is open; Alice and Bob chose to be
listed in it, Carol has not decided.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.identity import gate
from commonground.network.models import RosterConsent, RoundKind, SurveyRound
from commonground.programmes.models import Cohort, Programme, Role, Sector
from tests import factories
from tests.flush import flush_quickly
from tests.seeded import demo_of_module, order_by_demo, use_demo

flush_quickly()

PASSWORD = "correct horse battery"


@dataclass
class World:
    programme: Programme
    other_programme: Programme
    east: Cohort
    west: Cohort
    other_cohort: Cohort
    east_start: SurveyRound
    west_start: SurveyRound
    lena: Person
    fred: Person
    alice: Person
    bob: Person
    carol: Person
    sam: Person
    fiona: Person
    oscar: Person


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()
    factories.USED_TOTP_STEPS.clear()  # the cache forgot which codes were used


_force_login_without_second_factor = Client.force_login


def _force_login(self: Client, user: Person, backend: str | None = None) -> None:
    """The test client's sign-in stands for one that gave its second factor too (staff must);
    `sign_in_without_second_factor` is the plain one, for the tests of the gate itself."""
    _force_login_without_second_factor(self, user, backend)
    session = self.session
    session[gate.PASSED] = "test sign-in"
    session.save()


Client.force_login = _force_login  # type: ignore[method-assign]


def sign_in_without_second_factor(client: Client, user: Person) -> None:
    _force_login_without_second_factor(client, user)


@pytest.fixture
def world(db: None) -> World:
    system = factories.SystemFactory(name="Surrey Heartlands Test System")
    east_place = factories.PlaceFactory(system=system, name="East Surrey")
    west_place = factories.PlaceFactory(system=system, name="Guildford and Waverley")
    acute = factories.OrganisationFactory(system=system, name="Surrey Acute", sector=Sector.NHS_ACUTE)
    council = factories.OrganisationFactory(system=system, name="County Council", sector=Sector.ADULT_SOCIAL_CARE)
    charity = factories.OrganisationFactory(system=system, name="Community Action", sector=Sector.VOLUNTARY_COMMUNITY)
    ward = factories.TeamFactory(organisation=acute, name="Ward 4")

    programme = factories.ProgrammeFactory(system=system, title="Heartlands 500")
    east = factories.CohortFactory(programme=programme, name="East Surrey cohort", place=east_place)
    west = factories.CohortFactory(programme=programme, name="Guildford and Waverley cohort", place=west_place)

    def person(name: str, email: str, **kwargs: object) -> Person:
        return factories.PersonFactory(full_name=name, email=email, **kwargs)

    lena = person("Lena Lead", "lena@example.org")
    fred = person("Fred Facilitator", "fred@example.org")
    alice = person("Alice Acute", "alice@example.org", organisation=acute, team=ward, place=east_place,
                   accessibility_needs="Step-free access, please")
    bob = person("Bob Council", "bob@example.org", organisation=council, place=east_place)
    carol = person("Carol Charity", "carol@example.org", organisation=charity, place=west_place)
    sam = person("Sam Sponsor", "sam@example.org", organisation=acute)
    fiona = person("Fiona Funder", "fiona@example.org")
    oscar = person("Oscar Outsider", "oscar@example.org")

    factories.MembershipFactory(person=lena, programme=programme, role=Role.LEAD)
    factories.MembershipFactory(person=fred, programme=programme, role=Role.FACILITATOR)
    factories.MembershipFactory(person=alice, programme=programme, role=Role.PARTICIPANT, cohort=east)
    factories.MembershipFactory(person=bob, programme=programme, role=Role.PARTICIPANT, cohort=east)
    factories.MembershipFactory(person=carol, programme=programme, role=Role.PARTICIPANT, cohort=west)
    factories.MembershipFactory(person=sam, programme=programme, role=Role.SPONSOR, organisation=acute)
    factories.MembershipFactory(person=fiona, programme=programme, role=Role.FUNDER)
    funder = factories.FunderFactory(system=system, name="Heartlands Charitable Trust")
    factories.ContributionFactory(funder=funder, programme=programme, amount_committed=60000)

    other_system = factories.SystemFactory(name="Elsewhere System")
    other_programme = factories.ProgrammeFactory(system=other_system, title="Elsewhere Leaders")
    other_cohort = factories.CohortFactory(programme=other_programme, name="Elsewhere cohort")
    factories.MembershipFactory(person=oscar, programme=other_programme, role=Role.LEAD)
    for staff in (lena, fred, oscar):  # staff must have a second factor; the browser's sign-in types its code
        factories.authenticator_app(staff)

    now = timezone.now()
    east_start = SurveyRound.objects.create(
        programme=programme, cohort=east, kind=RoundKind.START,
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=13),
    )
    west_start = SurveyRound.objects.create(
        programme=programme, cohort=west, kind=RoundKind.START,
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=13),
    )
    for listed in (alice, bob):
        RosterConsent.objects.create(person=listed, programme=programme, listed=True)

    return World(
        programme=programme, other_programme=other_programme, east=east, west=west, other_cohort=other_cohort,
        east_start=east_start, west_start=west_start,
        lena=lena, fred=fred, alice=alice, bob=bob, carol=carol, sam=sam, fiona=fiona, oscar=oscar,
    )


@pytest.fixture
def elsewhere(world: World) -> factories.Elsewhere:
    """Somewhere to work in the other system (nobody works there until `takes`)."""
    return factories.elsewhere(world.other_programme.system)


# Tests that read neither the database nor the date: the pure engines and analyses, static checks of
# the code, and commands run in a subprocess with a database of their own. They would run exactly the
# same under the PostgreSQL run's shifted clock, so CI runs them once, in the SQLite run (the
# PostgreSQL run deselects `-m "not database_free"`). A test here that asks for the database fails.
DATABASE_FREE = (
    "tests/grouping/engine/",
    "tests/grouping/test_matching.py",
    "tests/grouping/test_buddies.py",
    "tests/grouping/test_match_cli.py",
    "tests/network/test_analysis.py",
    "tests/core/test_charts.py",
    "tests/core/test_codec.py",
    "tests/test_disclosure_module.py",
    "tests/test_dependencies.py",
    "tests/test_layers.py",
    "tests/test_demo_mode.py",
    "tests/test_cluster_script.py",
    "tests/test_faults_script.py",
)
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "world", "client", "admin_client"}


@pytest.fixture(scope="module", autouse=True)
def _no_shared_demo_here(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """A module that does not share the demo seeded for the modules before it runs without it."""
    if demo_of_module(request.module) is None:
        with django_db_blocker.unblock():
            use_demo(None)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    # Once pytest-django has ordered the tests and markers have deselected some (so not in
    # pytest_collection_modifyitems, where `database_free` is marked before -m reads it).
    order_by_demo(session.items)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = config.rootpath
    for item in items:
        where = item.path.relative_to(root).as_posix() if item.path.is_relative_to(root) else ""
        if not where.startswith(DATABASE_FREE):
            continue
        asked = DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if asked or item.get_closest_marker("django_db"):
            raise pytest.UsageError(f"{item.nodeid} is listed as database-free but asks for {sorted(asked) or 'django_db'}")
        item.add_marker(pytest.mark.database_free)
