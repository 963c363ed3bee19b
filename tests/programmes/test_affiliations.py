"""Where a person works, one affiliation per system: the migration that copies it, and its checks."""

import pytest
from django.core.exceptions import ValidationError
from django.db.migrations.executor import MigrationExecutor

from commonground.accounts.models import Person
from commonground.programmes import affiliations, figures, queries, where
from commonground.programmes.models import Affiliation, ChangeStatus, OrganisationChange, Role
from commonground.programmes.permissions import programme_access
from tests import factories
from tests.scratch_db import migrate, scratch_database


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_where_people_work_into_one_affiliation_per_system() -> None:
    before = [
        ("programmes", "0004_affiliation_and_organisation_change"),
        ("accounts", "0005_organisation_change"),
    ]
    after = [("programmes", "0005_copy_affiliations_and_changes")]
    with scratch_database() as scratch:
        old = migrate(scratch, before)
        systems = old.get_model("programmes", "System").objects
        north, south = systems.create(name="North"), systems.create(name="South")
        organisations = old.get_model("programmes", "Organisation").objects
        trust = organisations.create(system=north, name="North Trust", sector="nhs_acute")
        ward = old.get_model("programmes", "Team").objects.create(organisation=trust, name="Ward 1")
        places = old.get_model("programmes", "Place").objects
        town, city = (
            places.create(system=north, name="Town"),
            places.create(system=south, name="City"),
        )
        people = old.get_model("accounts", "Person").objects
        people.create(
            email="one@example.org", full_name="One", organisation=trust, team=ward, place=town
        )
        two = people.create(
            email="two@example.org", full_name="Two", organisation=trust, place=city
        )
        people.create(email="three@example.org", full_name="Three", place=city)
        people.create(email="four@example.org", full_name="Four")
        changes = old.get_model("accounts", "OrganisationChange").objects
        changes.create(person=two, organisation=None, status="pending")
        changes.create(person=two, organisation=trust, team=ward, status="declined")

        new = migrate(scratch, after)
        rows = set(
            new.get_model("programmes", "Affiliation").objects.values_list(
                "person__email", "system__name", "organisation__name", "team__name", "place__name"
            )
        )
        copied = set(
            new.get_model("programmes", "OrganisationChange").objects.values_list(
                "person__email", "system__name", "organisation__name", "team__name", "status"
            )
        )
    assert rows == {
        ("one@example.org", "North", "North Trust", "Ward 1", "Town"),
        ("two@example.org", "North", "North Trust", None, None),
        ("two@example.org", "South", None, None, "City"),
        ("three@example.org", "South", None, None, "City"),
    }
    assert copied == {
        ("two@example.org", "North", None, None, ChangeStatus.PENDING),
        ("two@example.org", "North", "North Trust", "Ward 1", ChangeStatus.DECLINED),
    }


@pytest.mark.django_db(transaction=True)
def test_before_the_old_fields_go_anyone_without_an_affiliation_gets_one() -> None:
    """Rows written around the mirror (raw SQL, a restore) keep where they work; an affiliation
    already there is left as it is."""
    with scratch_database() as scratch:
        # Accounts stops before the fields went; programmes goes to its newest, so the rows made here
        # match its tables.
        graph = MigrationExecutor(scratch).loader.graph
        newest = [node for node in graph.leaf_nodes() if node[0] == "programmes"]
        before = [("accounts", "0006_organisation_change_moves_to_programmes"), *newest]
        after = [("accounts", "0008_remove_person_organisation_team_place"), *newest]
        old = migrate(scratch, before)
        system = old.get_model("programmes", "System").objects.create(name="North")
        organisations = old.get_model("programmes", "Organisation").objects
        trust = organisations.create(system=system, name="North Trust", sector="nhs_acute")
        council = organisations.create(system=system, name="North Council", sector="adult_social_care")
        ward = old.get_model("programmes", "Team").objects.create(organisation=trust, name="Ward 1")
        town = old.get_model("programmes", "Place").objects.create(system=system, name="Town")
        people = old.get_model("accounts", "Person").objects
        people.create(email="one@example.org", full_name="One", organisation=trust, team=ward, place=town)
        kept = people.create(email="two@example.org", full_name="Two", organisation=trust)
        old.get_model("programmes", "Affiliation").objects.create(person=kept, system=system, organisation=council)
        people.create(email="three@example.org", full_name="Three")

        new = migrate(scratch, after)
        rows = set(
            new.get_model("programmes", "Affiliation").objects.values_list(
                "person__email", "organisation__name", "team__name", "place__name"
            )
        )
    assert rows == {
        ("one@example.org", "North Trust", "Ward 1", "Town"),
        ("two@example.org", "North Council", None, None),
    }


@pytest.mark.django_db
def test_recording_keeps_one_affiliation_per_system_and_drops_an_empty_one() -> None:
    trust = factories.OrganisationFactory()
    place = factories.PlaceFactory(system=trust.system)
    person = factories.PersonFactory(organisation=trust)
    affiliations.record(
        person_id=person.pk, system_id=trust.system_id, work=affiliations.Work(place=place), fill_only=True
    )
    assert list(person.affiliations.values_list("system_id", "organisation_id", "place_id")) == [
        (trust.system_id, trust.pk, place.pk)
    ]
    affiliations.record(person_id=person.pk, system_id=trust.system_id, work=affiliations.Work())
    assert not person.affiliations.exists()


@pytest.mark.django_db
def test_recording_refuses_an_organisation_of_another_system_and_changes_nothing() -> None:
    trust = factories.OrganisationFactory()
    elsewhere = factories.OrganisationFactory()
    person = factories.PersonFactory(organisation=trust)
    with pytest.raises(ValidationError) as caught:
        affiliations.record(
            person_id=person.pk, system_id=trust.system_id, work=affiliations.Work(organisation=elsewhere)
        )
    assert "is not an organisation of this system" in str(caught.value)
    assert list(person.affiliations.values_list("organisation_id", flat=True)) == [trust.pk]


@pytest.mark.django_db
def test_an_affiliation_checks_its_organisation_team_and_place_belong_to_its_system() -> None:
    trust = factories.OrganisationFactory()
    elsewhere = factories.OrganisationFactory()
    team = factories.TeamFactory(organisation=elsewhere)
    affiliation = Affiliation(
        person=factories.PersonFactory(),
        system=trust.system,
        organisation=trust,
        team=team,
        place=factories.PlaceFactory(),
    )
    with pytest.raises(ValidationError) as caught:
        affiliation.full_clean()
    assert set(caught.value.message_dict) == {"team", "place"}


@pytest.mark.django_db
def test_a_confirmed_change_moves_the_affiliation() -> None:
    trust = factories.OrganisationFactory()
    council = factories.OrganisationFactory(system=trust.system)
    person = factories.PersonFactory(organisation=trust)
    lead = factories.PersonFactory()
    change = OrganisationChange.objects.create(
        person=person, system=trust.system, organisation=council
    )
    affiliations.confirm_organisation_change(change_id=change.pk, by=lead)
    assert Affiliation.objects.get(person=person).organisation == council


@pytest.mark.django_db
def test_where_reads_one_system_in_one_query(django_assert_num_queries) -> None:
    trust = factories.OrganisationFactory()
    elsewhere = factories.OrganisationFactory()
    one, two = (
        factories.PersonFactory(organisation=trust),
        factories.PersonFactory(organisation=elsewhere),
    )
    with django_assert_num_queries(1):
        found = where.by_person(system_id=trust.system_id, person_ids=[one.pk, two.pk])
        assert {pk: a.organisation.name for pk, a in found.items()} == {one.pk: trust.name}
    with django_assert_num_queries(1):
        attached = where.attach([one, two], system_id=trust.system_id)
    assert [p.where.organisation for p in attached] == [trust, None]
    assert where.where(two.pk, system_id=trust.system_id).pk is None
    team = factories.TeamFactory(organisation=elsewhere)
    Affiliation.objects.filter(person=two).update(team=team)
    Affiliation.objects.create(person=two, system=trust.system, organisation=trust)
    rows = (
        Person.objects.filter(pk__in=[one.pk, two.pk])
        .alias(work=where.here(trust.system_id, through=""))
        .values_list("pk", "work__organisation__name", "work__team")
        .order_by("pk")
    )
    assert list(rows) == [(one.pk, trust.name, None), (two.pk, trust.name, None)]


@pytest.mark.django_db
def test_a_person_working_in_two_systems_is_counted_once_and_by_the_programmes_system() -> None:
    programme = factories.ProgrammeFactory()
    trust = factories.OrganisationFactory(system=programme.system, name="Home Trust")
    away = factories.OrganisationFactory(name="Away Trust")
    people = factories.PersonFactory.create_batch(12, organisation=trust)
    Affiliation.objects.create(person=people[0], system=away.system, organisation=away)
    for person in people:
        factories.MembershipFactory(person=person, programme=programme, role=Role.PARTICIPANT)
    sponsor = factories.MembershipFactory(
        programme=programme, role=Role.SPONSOR, organisation=trust
    ).person
    assert queries.organisations_taking_part(programme) == 1
    published = figures.reach(programme)
    assert published.total == 12
    assert {o.name: o.count for o in published.organisations.values()} == {"Home Trust": 12}
    access = programme_access(sponsor, programme.pk)
    assert access.visible_participants().count() == 12
