"""Forming challenge teams and moving people between them are recorded for the people whose team
changed: who, which fields, from where; one insert however many people."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, AuditEvent, Person
from commonground.codesign.models import ChallengeTeam, Formation, IssueState, TeamMember
from commonground.codesign.services import teams
from commonground.codesign.services.interest import save_interest
from commonground.programmes.models import Role
from tests import factories
from tests.accounts.test_changes_recorded import request_by
from tests.codesign import objects
from tests.conftest import World


def _about(person: Person) -> list[tuple[object, ...]]:
    return list(
        AuditEvent.objects.filter(subject_id=person.pk, what="challenge_team_member")
        .order_by("pk")
        .values_list("action", "actor_id", "object_id", "fields", "programme_id", "address")
    )


def _unpublished_team(world: World) -> tuple[ChallengeTeam, ChallengeTeam]:
    """Alice and Bob's team (their first choice) and an empty one, before publishing."""
    team = objects.alice_team(world)
    Formation.objects.filter(pk=team.formation_id).update(published_at=None, min_size=1, max_size=5)
    other = ChallengeTeam.objects.create(formation=team.formation, issue=objects.issue(world, "Other"))
    return team, other


def test_a_move_between_teams_is_recorded_for_the_person_moved(world: World) -> None:
    team, other = _unpublished_team(world)
    teams.move_member(formation=team.formation, person_id=world.alice.pk, team_id=other.pk,
                      actor=world.lena, request=request_by(world.lena))
    assert _about(world.alice) == [
        (AuditAction.CHANGED, world.lena.pk, other.pk, ["choice_rank", "team"], world.programme.pk, "10.0.0.9")
    ]
    assert _about(world.bob) == []
    (seen,) = audit.seen_by_others(world.alice)
    assert (seen.who, seen.what) == ("Lena Lead", "your place in a challenge team")


def test_a_refused_move_and_ones_own_move_record_nothing(world: World) -> None:
    team, other = _unpublished_team(world)
    with pytest.raises(ValidationError):
        teams.move_member(formation=team.formation, person_id=world.alice.pk, team_id=team.pk, actor=world.lena)
    Formation.objects.filter(pk=team.formation_id).update(min_size=2)
    with pytest.raises(ValidationError, match="fewest allowed"):
        teams.move_member(formation=team.formation, person_id=world.alice.pk, team_id=other.pk, actor=world.lena)
    Formation.objects.filter(pk=team.formation_id).update(min_size=1)
    teams.move_member(formation=team.formation, person_id=world.bob.pk, team_id=other.pk,
                      request=request_by(world.bob))
    assert TeamMember.objects.get(person=world.bob).team_id == other.pk
    assert not AuditEvent.objects.filter(what="challenge_team_member").exists()


def test_forming_teams_records_each_person_placed_in_one_insert_and_again_only_who_changed(world: World) -> None:
    orgs = [factories.OrganisationFactory(system=world.programme.system, name=f"Org {i}") for i in range(3)]
    people = [world.alice, world.bob]
    for i in range(10):
        person = factories.PersonFactory(full_name=f"East {i:02d}", organisation=orgs[i % 3])
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
        people.append(person)
    a = objects.issue(world, "Discharge delays", state=IssueState.SHORTLISTED)
    b = objects.issue(world, "Digital exclusion", state=IssueState.SHORTLISTED)
    for i, person in enumerate(people):
        save_interest(programme=world.programme, person=person, cohort=world.east,
                      ranking=[a.pk, b.pk] if i % 3 else [b.pk, a.pk])

    def form(min_size: int, max_size: int) -> dict[int, tuple[int, int | None]]:
        with CaptureQueriesContext(connection) as queries:
            formation = teams.form_challenge_teams(cohort=world.east, issues=[a, b], min_size=min_size,
                                                   max_size=max_size, actor=world.lena, request=request_by(world.lena),
                                                   time_limit=30.0, max_iterations=20_000)  # the same every time
        assert len([q for q in queries if q["sql"].startswith('INSERT INTO "accounts_auditevent"')]) <= 1
        return {m.person_id: (m.team.issue_id, m.choice_rank) for m in TeamMember.objects.filter(formation=formation)}

    first = form(4, 8)
    rows = list(AuditEvent.objects.values_list("subject_id", "actor_id", "fields", "address"))
    assert sorted(rows) == sorted((p.pk, world.lena.pk, ["choice_rank", "team"], "10.0.0.9") for p in people)
    AuditEvent.objects.all().purge()
    second = form(6, 6)
    changed = {pid for pid in first if first[pid] != second[pid]}
    assert changed and len(changed) < len(people)  # some moved, some stayed
    assert set(AuditEvent.objects.values_list("subject_id", flat=True)) == changed
    for fields, pid in AuditEvent.objects.values_list("fields", "subject_id"):
        assert ("team" in fields) == (first[pid][0] != second[pid][0])
        assert ("choice_rank" in fields) == (first[pid][1] != second[pid][1])
