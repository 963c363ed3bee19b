"""Challenge teams, comments and the showcase read where people work in the programme's system.

Alice and Bob also work in another system (both at the same organisation there). Their
affiliations in the programme's system say
Surrey Acute and County Council: every page, e-mail, explanation and showcase must say that.
"""

from django.core import mail
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.codesign import queries
from commonground.codesign.models import (
    ChallengeTeam,
    Formation,
    IssueState,
    Outcome,
    TeamMember,
)
from commonground.codesign.services.interest import save_interest
from commonground.codesign.services.teams import form_challenge_teams, move_member, publish_teams
from commonground.programmes.models import Organisation, Role, Sector
from tests import factories
from tests.codesign import objects
from tests.conftest import World

ELSEWHERE = "Elsewhere Housing Trust"


def _work_elsewhere(world: World, *people: Person) -> None:
    """These people also work at one organisation of another system."""
    factories.elsewhere(world.other_programme.system, name=ELSEWHERE, sector=Sector.HOUSING).takes(*people)


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_team_pages_name_the_organisation_in_the_programmes_system(world: World) -> None:
    team = objects.alice_team(world)
    _work_elsewhere(world, world.alice, world.bob)
    pages = [
        _client(world.bob).get(reverse("codesign:team", args=[world.programme.pk, team.pk])),
        _client(world.lena).get(
            reverse("codesign:formation", args=[world.programme.pk, world.east.pk])
        ),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "Surrey Acute" in page.text and "County Council" in page.text
        assert ELSEWHERE not in page.text


def test_a_comment_names_its_authors_organisation_in_the_programmes_system(world: World) -> None:
    comment = objects.comment(world)
    _work_elsewhere(world, world.bob)
    page = _client(world.alice).get(
        reverse("codesign:issue-detail", args=[world.programme.pk, comment.issue_id])
    )
    assert "Bob Council</strong>, County Council" in page.text
    assert ELSEWHERE not in page.text


def test_the_showcase_names_the_organisations_in_the_programmes_system(world: World) -> None:
    team = objects.alice_team(world)
    Outcome.objects.create(
        issue=team.issue,
        team=team,
        what_changed="A discharge coordinator at weekends",
        for_whom="Older people",
        measure="Days waiting",
        story="A story.",
        recorded_by=world.alice,
    )
    _work_elsewhere(world, world.alice, world.bob)
    (row,) = queries.showcase_rows(world.programme)
    assert row.organisations == ["County Council", "Surrey Acute"]
    page = _client(world.lena).get(reverse("codesign:showcase", args=[world.programme.pk]))
    assert ELSEWHERE not in page.text


def test_forming_and_moving_mix_the_organisations_in_the_programmes_system(world: World) -> None:
    first = objects.issue(world, "Discharge delays", state=IssueState.SHORTLISTED)
    second = objects.issue(world, "Digital exclusion", state=IssueState.SHORTLISTED)
    for person in (world.alice, world.bob):
        save_interest(
            programme=world.programme, person=person, cohort=world.east, ranking=[first.pk]
        )
    charity = Organisation.objects.get(name="Community Action")
    colleague = factories.PersonFactory(full_name="Cara Colleague", organisation=charity)
    factories.MembershipFactory(
        person=colleague, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
    )
    # All three work at one organisation there: same-organisation pairs if misread.
    _work_elsewhere(world, world.alice, world.bob, colleague)

    formation = form_challenge_teams(
        cohort=world.east, issues=[first], min_size=1, max_size=15, actor=world.lena
    )

    (team,) = formation.teams.all()
    assert "2 people from 2 organisations and 2 sectors" in team.explanation
    assert formation.summary["same_organisation_pairs"] == 0

    other = ChallengeTeam.objects.create(formation=formation, issue=second)
    TeamMember.objects.create(team=other, formation=formation, person=colleague, choice_rank=None)
    move_member(formation=formation, person_id=world.bob.pk, team_id=other.pk)

    other.refresh_from_db()
    assert other.explanation.startswith("2 people from 2 organisations and 2 sectors")
    assert other.explanation.endswith("0 same-organisation pairs.")


def test_team_emails_name_the_organisation_in_the_programmes_system(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    found = objects.adopted_issue(world)
    formation = Formation.objects.create(cohort=world.east, min_size=1, max_size=15)
    team = ChallengeTeam.objects.create(formation=formation, issue=found)
    for person in (world.alice, world.bob):
        TeamMember.objects.create(team=team, formation=formation, person=person, choice_rank=1)
    _work_elsewhere(world, world.alice, world.bob)

    with django_capture_on_commit_callbacks(execute=True):
        publish_teams(formation=formation, actor=world.lena)

    to_bob = next(m for m in mail.outbox if m.to == [world.bob.email])
    assert "Alice Acute, Surrey Acute" in to_bob.body
    assert ELSEWHERE not in to_bob.body
    assert ELSEWHERE not in to_bob.alternatives[0][0]  # type: ignore[attr-defined]
