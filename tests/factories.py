"""factory_boy factories for the programme model."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from commonground.accounts.models import Person, Profession, Seniority
from commonground.programmes import affiliations, where
from commonground.programmes.models import (
    Affiliation,
    Cohort,
    Contribution,
    ContributionKind,
    Funder,
    Membership,
    Organisation,
    Place,
    Programme,
    ProgrammeStatus,
    Role,
    Sector,
    System,
    Team,
)


class SystemFactory(DjangoModelFactory):
    class Meta:
        model = System

    name = factory.Sequence(lambda n: f"Test Integrated Care System {n}")


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place

    system = factory.SubFactory(SystemFactory)
    name = factory.Sequence(lambda n: f"Place {n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    system = factory.SubFactory(SystemFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.NHS_ACUTE


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    profession = Profession.NURSE
    seniority = Seniority.FRONTLINE
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        """`organisation`, `team` and `place` become the person's affiliations: one in the
        organisation's system, and one in the place's when that is another system."""
        organisation = kwargs.pop("organisation", None)
        team = kwargs.pop("team", None)
        place = kwargs.pop("place", None)
        person = super()._create(model_class, *args, **kwargs)
        if team is not None and organisation is None:
            organisation = team.organisation
        affiliate(person, organisation=organisation, team=team, place=place)
        return person


def affiliate(
    person: Person,
    *,
    organisation: Organisation | None = None,
    team: Team | None = None,
    place: Place | None = None,
) -> None:
    """Say where a person works, through the one writer: in the organisation's system, with the
    place there too when it is in the same system, else the place in a system of its own."""
    org_system = organisation.system_id if organisation else None
    place_system = place.system_id if place else None
    if org_system is not None:
        same = place if place_system == org_system else None
        affiliations.record(
            person_id=person.pk,
            system_id=org_system,
            work=affiliations.Work(organisation=organisation, team=team, place=same),
        )
    if place is not None and place_system != org_system:
        affiliations.record(person_id=person.pk, system_id=place.system_id, work=affiliations.Work(place=place))


@dataclass(frozen=True)
class Elsewhere:
    """An organisation, team and place in another system, for tests that check a page reads where
    people work in its programme's system and not anywhere else they work."""

    organisation: Organisation
    team: Team
    place: Place

    def takes(self, *people: Person) -> None:
        """These people also work here."""
        work = affiliations.Work(organisation=self.organisation, team=self.team, place=self.place)
        for person in people:
            affiliations.record(person_id=person.pk, system_id=self.organisation.system_id, work=work)


def elsewhere(system: System, *, name: str = "Elsewhere Trust", sector: str = Sector.PRIMARY_CARE) -> Elsewhere:
    """A place to work in `system`: an organisation called `name`, its team and a place."""
    organisation = OrganisationFactory(system=system, name=name, sector=sector)
    return Elsewhere(
        organisation=organisation,
        team=TeamFactory(organisation=organisation, name="Elsewhere Team"),
        place=PlaceFactory(system=system, name="Elsewhere Place"),
    )


def where_of(person: Person, of: System | Programme | int) -> Affiliation:
    """Where a person works in a system (given itself, by a programme, or by id)."""
    system_id = of if isinstance(of, int) else of.system_id if isinstance(of, Programme) else of.pk
    return where.where(person.pk, system_id=system_id)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    system = factory.SubFactory(SystemFactory)
    title = factory.Sequence(lambda n: f"Collaborative Leadership Programme {n}")
    starts_on = dt.date(2026, 9, 1)
    ends_on = dt.date(2027, 5, 31)
    status = ProgrammeStatus.RUNNING


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    capacity = 100
    starts_on = dt.date(2026, 9, 1)
    ends_on = dt.date(2027, 5, 31)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    role = Role.PARTICIPANT


class FunderFactory(DjangoModelFactory):
    class Meta:
        model = Funder

    system = factory.SubFactory(SystemFactory)
    name = factory.Sequence(lambda n: f"Funder {n}")


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    funder = factory.SubFactory(FunderFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    kind = ContributionKind.CASH
    description = "Grant"
    amount_committed = Decimal("10000")
    committed_on = factory.LazyAttribute(lambda c: c.programme.starts_on)


# The key of the authenticator app the test staff hold (a browser sign-in types its current code).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def authenticator_app(person: Person, secret: str = TEST_TOTP_SECRET) -> None:
    """Give `person` an authenticator app with `secret`, and recovery codes."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(person, secret)
    RecoveryCodes.activate(person)


def totp_code(secret: str = TEST_TOTP_SECRET, *, steps_ahead: int = 0) -> str:
    """The code an app with `secret` shows now (or `steps_ahead` 30-second steps later)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + steps_ahead))


# Steps whose code a test has typed since the cache (which remembers used codes) was last cleared.
USED_TOTP_STEPS: set[tuple[str, int]] = set()


def unused_totp_code(who: str, secret: str = TEST_TOTP_SECRET) -> str:
    """A code the server accepts now that `who` has not typed yet in this test: of the current step, the
    one before or the one after; when all three are used, wait for the next step."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    while True:
        now = int(time.time()) // 30
        for step in (now, now + 1, now - 1):
            if (who, step) not in USED_TOTP_STEPS:
                USED_TOTP_STEPS.add((who, step))
                return format_hotp_value(hotp_value(secret, step))
        time.sleep(30 - time.time() % 30 + 0.5)
