"""factory_boy factories for the programme model."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from commonground.accounts.models import Person, Profession, Seniority
from commonground.programmes.models import (
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
    units = 1
    unit_value = 10000
