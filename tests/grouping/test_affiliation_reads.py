"""Learning sets, placement and cohort moves read where people work in the programme's system.

Alice also works in another system, at Elsewhere Housing Trust. Her affiliation in the programme's system says Surrey Acute, Ward 4, East Surrey: every page, e-mail
and engine input must say that, never the other system's job.
"""

from django.core import mail
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.grouping import inputs, queries
from commonground.grouping.services.cohort_moves import propose_cohort_move
from commonground.grouping.services.placement import place_participants
from commonground.grouping.services.publishing import publish_learning_sets
from commonground.programmes.models import Membership, Organisation, Role, Sector, Team
from tests import factories
from tests.conftest import World
from tests.grouping.objects import east_run, east_sets

ELSEWHERE = "Elsewhere Housing Trust"


def _works_elsewhere(world: World, person: Person) -> None:
    """The person also works in another system."""
    factories.elsewhere(world.other_programme.system, name=ELSEWHERE, sector=Sector.HOUSING).takes(person)


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_sets_pages_name_the_organisation_in_the_programmes_system(world: World) -> None:
    east_sets(world)
    _works_elsewhere(world, world.alice)
    pages = [
        _client(world.lena).get(
            reverse("grouping:sets", args=[world.programme.pk, world.east.pk])
        ),
        _client(world.bob).get(reverse("grouping:my-set", args=[world.programme.pk])),
        _client(world.fred).get(reverse("grouping:my-set", args=[world.programme.pk])),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "Surrey Acute" in page.text
        assert ELSEWHERE not in page.text


def test_set_emails_name_the_organisation_in_the_programmes_system(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    east_sets(world, published=False)
    _works_elsewhere(world, world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        publish_learning_sets(cohort=world.east)
    to_bob = next(m for m in mail.outbox if m.to == [world.bob.email])
    assert "Alice Acute" in to_bob.body and "Surrey Acute" in to_bob.body
    assert ELSEWHERE not in to_bob.body
    assert ELSEWHERE not in to_bob.alternatives[0][0]  # type: ignore[attr-defined]


def test_the_engine_is_told_the_team_and_organisation_in_the_programmes_system(
    world: World,
) -> None:
    east_sets(world)
    _works_elsewhere(world, world.alice)
    acute = Organisation.objects.get(name="Surrey Acute")
    ward = Team.objects.get(name="Ward 4")
    run = east_run(world)
    for facts in (inputs.cohort_people(world.east), queries.cohort_sets(world.east, run).people):
        alice = next(f for f in facts if f.person_id == world.alice.pk)
        assert (alice.organisation_id, alice.team_id, alice.sector) == (
            acute.pk,
            ward.pk,
            Sector.NHS_ACUTE,
        )


def test_placement_search_and_moves_use_the_place_and_organisation_in_the_programmes_system(
    world: World,
) -> None:
    factories.CohortFactory(programme=world.programme, name="East Two cohort", place=world.east.place)
    _works_elsewhere(world, world.alice)
    lead = _client(world.lena)
    found = lead.get(reverse("grouping:placement", args=[world.programme.pk]) + "?q=Alice")
    assert "Alice Acute</a>, Surrey Acute" in found.text
    assert ELSEWHERE not in found.text
    page = lead.get(
        reverse("grouping:placement-move", args=[world.programme.pk, world.alice.pk])
    )
    assert page.status_code == 200
    assert "(Surrey Acute, works in East Surrey)" in page.text
    assert "East Two cohort" in page.text  # another cohort of the place she works in
    assert ELSEWHERE not in page.text and "Elsewhere Place" not in page.text

    two = world.programme.cohorts.get(name="East Two cohort")
    move = propose_cohort_move(
        programme=world.programme, person_id=world.alice.pk, to_cohort_id=two.pk
    )
    assert move.problems == []
    labels = [row.label for row in move.from_rows]
    assert "From Surrey Acute" in labels
    assert not any(ELSEWHERE in label for label in labels)
    same_org = next(row for row in move.from_rows if row.label == "From Surrey Acute")
    assert (same_org.before, same_org.after) == (1, 0)


def test_newcomers_are_placed_by_the_place_they_work_in_for_the_programme(
    world: World,
) -> None:
    charity = Organisation.objects.get(name="Community Action")
    newcomer = factories.PersonFactory(
        full_name="Nina Newcomer", organisation=charity, place=world.west.place
    )
    factories.MembershipFactory(person=newcomer, programme=world.programme, role=Role.PARTICIPANT)
    _works_elsewhere(world, newcomer)

    result = place_participants(programme=world.programme)

    assert result.unplaced == []
    assert Membership.objects.get(person=newcomer, programme=world.programme).cohort == world.west
