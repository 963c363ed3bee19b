"""Ranked interest, team formation, review, moving, publishing (encounters and mail)."""

from django.core import mail
from django.test import Client
from django.urls import reverse

from commonground.codesign.models import ChallengeTeam, Formation, Interest, IssueState, TeamMember
from commonground.codesign.services.interest import save_interest
from commonground.network.models import Encounter, EncounterSource
from commonground.programmes.models import Organisation, Role, Sector
from tests import factories
from tests.codesign import objects
from tests.conftest import World


def _client(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


def _east_people(world: World, n: int) -> list:  # type: ignore[type-arg]
    orgs = [
        factories.OrganisationFactory(system=world.programme.system, name=f"Org {i}", sector=s)
        for i, s in enumerate([Sector.NHS_ACUTE, Sector.HOUSING, Sector.FAITH])
    ]
    people = []
    for i in range(n):
        person = factories.PersonFactory(full_name=f"East {i:02d}", organisation=orgs[i % 3])
        factories.MembershipFactory(
            person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
        )
        people.append(person)
    return [world.alice, world.bob, *people]


def test_a_participant_ranks_shortlisted_issues_and_may_change_the_order(world: World) -> None:
    a = objects.issue(world, "Discharge delays", state=IssueState.SHORTLISTED)
    b = objects.issue(world, "Digital exclusion", state=IssueState.SHORTLISTED)
    objects.issue(world, "Only proposed")
    objects.issue(world, "West only", state=IssueState.SHORTLISTED, west=True)  # not Alice's place
    client = _client(world.alice)
    url = reverse("codesign:interest", args=[world.programme.pk])
    form = client.get(url).context["form"]
    assert sorted(form.fields) == sorted([f"issue_{a.pk}", f"issue_{b.pk}"])
    assert client.post(url, {f"issue_{a.pk}": "2", f"issue_{b.pk}": "1"}).status_code == 302
    assert list(
        Interest.objects.filter(person=world.alice).values_list("issue__title", "rank")
    ) == [("Digital exclusion", 1), ("Discharge delays", 2)]
    assert client.post(url, {f"issue_{a.pk}": "1", f"issue_{b.pk}": ""}).status_code == 302
    assert list(
        Interest.objects.filter(person=world.alice).values_list("issue__title", "rank")
    ) == [("Discharge delays", 1)]


def test_two_issues_in_the_same_place_are_refused_and_nothing_changes(world: World) -> None:
    a = objects.issue(world, "Discharge delays", state=IssueState.SHORTLISTED)
    b = objects.issue(world, "Digital exclusion", state=IssueState.SHORTLISTED)
    response = _client(world.alice).post(
        reverse("codesign:interest", args=[world.programme.pk]),
        {f"issue_{a.pk}": "1", f"issue_{b.pk}": "1"},
    )
    assert response.status_code == 400
    assert "You gave 1st choice to two issues" in response.text
    assert not Interest.objects.exists()


def _rank_everyone(people: list, first: list, second: list) -> None:  # type: ignore[type-arg]
    for i, person in enumerate(people):
        save_interest(
            programme=first[0].programme,
            person=person,
            cohort=None,
            ranking=[first[i % len(first)].pk, second[i % len(second)].pk],
        )


def test_leads_form_review_move_and_publish_teams(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    people = _east_people(world, 10)
    a = objects.issue(world, "Discharge delays", state=IssueState.SHORTLISTED)
    b = objects.issue(world, "Digital exclusion", state=IssueState.SHORTLISTED)
    for i, person in enumerate(people):
        order = [a.pk, b.pk] if i % 3 else [b.pk, a.pk]
        save_interest(
            programme=world.programme, person=person, cohort=world.east, ranking=order
        )
    client = _client(world.lena)
    page = client.get(reverse("codesign:formation", args=[world.programme.pk, world.east.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("codesign:formation-run", args=[world.programme.pk, world.east.pk]),
        {"issues": [str(a.pk), str(b.pk)], "min_size": "4", "max_size": "8"},
    )
    assert response.status_code == 302
    formation = Formation.objects.get(cohort=world.east)
    sizes = sorted(
        ChallengeTeam.objects.filter(formation=formation).values_list(
            "members__person_id", flat=True
        )
    )
    assert len(sizes) == 12
    assert formation.summary["top_two_share"] == 1.0
    assert all(4 <= t.members.count() <= 8 for t in formation.teams.all())
    review = client.get(reverse("codesign:formation", args=[world.programme.pk, world.east.pk]))
    assert "got their 1st choice" in review.text and "Their choice" in review.text

    alice = TeamMember.objects.get(person=world.alice)
    other = formation.teams.exclude(pk=alice.team_id).get()
    client.post(
        reverse("codesign:formation-move", args=[world.programme.pk, world.east.pk]),
        {"person": world.alice.pk, "team": other.pk},
    )
    alice.refresh_from_db()
    assert alice.team_id == other.pk and alice.choice_rank in (1, 2)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("codesign:formation-publish", args=[world.programme.pk, world.east.pk])
        )
    assert response.status_code == 302
    formation.refresh_from_db()
    assert formation.is_published
    assert len(mail.outbox) == 12
    message = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    assert message.subject == f"Your challenge team: {other.issue.title}"
    assert message.alternatives and "workspace" in message.alternatives[0][0]
    team_size = other.members.count()
    assert (
        Encounter.objects.filter(source=EncounterSource.CHALLENGE_TEAM).count()
        >= team_size * (team_size - 1) // 2
    )
    # Preferences are fixed once the teams are published.
    locked = _client(world.alice).post(reverse("codesign:interest", args=[world.programme.pk]), {})
    assert "your preferences are fixed" in locked.text


def test_impossible_sizes_are_refused_naming_the_field(world: World) -> None:
    a = objects.issue(world, "Discharge delays", state=IssueState.SHORTLISTED)
    save_interest(
        programme=world.programme, person=world.alice, cohort=world.east, ranking=[a.pk]
    )
    response = _client(world.lena).post(
        reverse("codesign:formation-run", args=[world.programme.pk, world.east.pk]),
        {"issues": [str(a.pk)], "min_size": "5", "max_size": "8"},
    )
    assert response.status_code == 400
    assert "cannot fill 1 teams of at least 5" in response.text
    assert not ChallengeTeam.objects.exists()


def test_a_move_that_would_empty_a_team_below_its_minimum_is_refused(world: World) -> None:
    team = objects.alice_team(world)
    formation = team.formation
    formation.published_at = None
    formation.min_size = 2
    formation.save()
    other = ChallengeTeam.objects.create(formation=formation, issue=objects.issue(world, "Other"))
    response = _client(world.lena).post(
        reverse("codesign:formation-move", args=[world.programme.pk, world.east.pk]),
        {"person": world.alice.pk, "team": other.pk},
        follow=True,
    )
    assert "Their team would fall below the fewest allowed (2)." in response.text
    assert TeamMember.objects.get(person=world.alice).team_id == team.pk


def test_organisations_outside_the_system_cannot_be_partners(world: World) -> None:
    team = objects.alice_team(world)
    elsewhere = Organisation.objects.create(
        system=world.other_programme.system, name="Far Trust", sector=Sector.NHS_ACUTE
    )
    response = _client(world.alice).post(
        reverse("codesign:team-partner", args=[world.programme.pk, team.pk]),
        {"partner": elsewhere.pk},
    )
    assert response.status_code == 400
    team.refresh_from_db()
    assert team.partner is None
