"""Forming, adjusting and publishing learning sets: what the engine is told and what is saved."""

from itertools import combinations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from commonground.grouping import inputs, queries
from commonground.grouping.engine.explain import (
    STOP_BOUND,
    STOP_ITERATIONS,
    STOP_NOTHING_TO_MOVE,
    STOP_TIME,
    stop_line,
)
from commonground.grouping.models import (
    GroupingRun,
    KeepApart,
    LearningSet,
    LearningSetMember,
    RunStatus,
)
from commonground.grouping.services import hand, placement, publishing, runs
from commonground.network.models import (
    Encounter,
    EncounterSource,
    RoundKind,
    SurveyRound,
    TieReport,
)
from commonground.programmes.models import Affiliation, Membership, Role
from tests import factories
from tests.conftest import World
from tests.factories import where_of
from tests.grouping.objects import fill_east, say_they_know


def _generate(world: World, **kwargs: int) -> GroupingRun:
    return runs.start_learning_sets(
        cohort=world.east,
        requested_by=world.lena,
        min_size=kwargs.get("min_size", 5),
        max_size=kwargs.get("max_size", 7),
    )


def _sets_of(world: World) -> dict[int, set[int]]:
    sets: dict[int, set[int]] = {}
    for number, person_id in LearningSetMember.objects.filter(cohort=world.east).values_list(
        "learning_set__number", "person_id"
    ):
        sets.setdefault(number, set()).add(person_id)
    return sets


def test_the_problem_mixes_team_hardest_then_organisation_sector_and_profession(
    world: World,
) -> None:
    fill_east(world, 24)
    people = inputs.cohort_people(world.east)
    problem = inputs.problem_for_sets(people=people, min_size=8, max_size=10)
    assert [(i.attribute, i.kind, i.weight) for i in problem.intents] == [
        ("team", "mix", inputs.TEAM_WEIGHT),
        ("organisation", "mix", 3.0),
        ("sector", "mix", 2.0),
        ("profession", "mix", 1.0),
    ]
    assert (problem.min_size, problem.max_size, problem.n_groups) == (8, 10, 3)
    alice = next(p for p in problem.people if p.id == f"p{world.alice.pk}")
    assert alice.attributes["team"] == f"t{where_of(world.alice, world.programme).team_id}"
    bob = next(p for p in problem.people if p.id == f"p{world.bob.pk}")
    assert (
        bob.attributes["team"] == f"unknown-{world.bob.pk}"
    )  # no team recorded: shares a team with nobody


def test_known_pairs_come_from_the_start_round_between_listed_people(world: World) -> None:
    people = fill_east(world, 10)
    say_they_know(world, world.alice, people[2])
    midway = SurveyRound.objects.create(
        programme=world.programme,
        cohort=world.east,
        kind=RoundKind.MIDPOINT,
        opens_at=world.east_start.opens_at,
        closes_at=world.east_start.closes_at,
    )
    TieReport.objects.create(round=midway, reporter=world.alice, colleague=people[3], knows=True)
    TieReport.objects.create(
        round=world.east_start, reporter=world.alice, colleague=people[4], knows=True
    )  # unlisted
    ids = {p.pk for p in people}
    assert inputs.known_pairs(world.east, ids) == [tuple(sorted((world.alice.pk, people[2].pk)))]


def test_generating_honours_teams_keep_apart_locks_and_known_pairs(world: World) -> None:
    people = fill_east(world, 24)
    first = _generate(world)
    assert first.status == RunStatus.DONE, first.error
    # Lock Alice where she is, keep two people apart, and say two others know each other.
    alice_set = LearningSetMember.objects.get(
        cohort=world.east, person=world.alice
    ).learning_set.number
    hand.set_locked(cohort=world.east, person_id=world.alice.pk, locked=True)
    hand.add_keep_apart(cohort=world.east, person_a_id=people[2].pk, person_b_id=people[3].pk)
    say_they_know(world, people[4], people[5])

    run = _generate(world)

    assert run.status == RunStatus.DONE, run.error
    assert run.result["constraint_check"] == []
    sets = _sets_of(world)
    assert sorted(len(s) for s in sets.values()) == [6, 6, 6, 6]
    assert sum(len(s) for s in sets.values()) == 24
    assert world.alice.pk in sets[alice_set]
    assert LearningSetMember.objects.get(cohort=world.east, person=world.alice).locked
    assert not any({people[2].pk, people[3].pk} <= s for s in sets.values())
    assert not any({people[4].pk, people[5].pk} <= s for s in sets.values())
    teams = dict(
        Affiliation.objects.filter(
            system_id=world.programme.system_id, person__memberships__cohort=world.east
        ).values_list("person_id", "team_id")
    )
    for members in sets.values():
        assert all(
            teams.get(a) is None or teams.get(a) != teams.get(b)
            for a, b in combinations(members, 2)
        )
    assert run.result["objective"] >= run.result["bound"]
    assert 0 <= run.result["gap"] <= 1
    # The run keeps why its search stopped, in the words the command's report uses.
    assert run.result["stopped"] in (STOP_BOUND, STOP_TIME, STOP_ITERATIONS, STOP_NOTHING_TO_MOVE)
    assert run.result["stopped_because"] == stop_line(run.result["stopped"], run.result["gap"])


def test_clashing_rules_fail_the_run_naming_the_people(world: World) -> None:
    fill_east(world, 12)
    assert _generate(world, min_size=6, max_size=6).status == RunStatus.DONE
    alice_set = LearningSetMember.objects.get(cohort=world.east, person=world.alice).learning_set
    other = (
        LearningSetMember.objects.filter(learning_set=alice_set).exclude(person=world.alice).first()
    )
    assert other is not None
    for person_id in (world.alice.pk, other.person_id):
        hand.set_locked(cohort=world.east, person_id=person_id, locked=True)
    hand.add_keep_apart(
        cohort=world.east, person_a_id=world.alice.pk, person_b_id=other.person_id
    )

    run = _generate(world, min_size=6, max_size=6)

    assert run.status == RunStatus.FAILED
    assert "Alice Acute" in run.error and other.person.full_name in run.error
    assert f"p{world.alice.pk}" not in run.error
    assert (
        LearningSet.objects.filter(cohort=world.east).count() == 2
    )  # the earlier sets are untouched


def test_a_second_run_is_refused_while_one_is_under_way(world: World) -> None:
    GroupingRun.objects.create(cohort=world.east, requested_by=world.lena, status=RunStatus.RUNNING)
    with pytest.raises(ValidationError, match="already being formed"):
        _generate(world)


def test_the_preview_score_is_the_score_after_saving(world: World) -> None:
    fill_east(world, 24)
    run = _generate(world)
    data = queries.cohort_sets(world.east, run)
    assert queries.score(data).objective == pytest.approx(run.result["objective"])
    mover = data.members[data.sets[0].pk][0]
    preview = hand.propose_move(data, person_id=mover.person_id, to_number=2)
    assert (
        LearningSetMember.objects.get(pk=mover.pk).learning_set.number == 1
    )  # a preview saves nothing

    hand.move_person(cohort=world.east, run=run, person_id=mover.person_id, to_number=2)

    after = queries.score(queries.cohort_sets(world.east, run))
    assert after.objective == pytest.approx(preview.after.objective)
    assert after.sets[2].explanation == preview.after.sets[2].explanation
    assert "7 people" in after.sets[2].explanation
    assert after.broken == ()  # 5 and 7 are within the 5-7 sizes asked for


def test_a_move_that_puts_a_keep_apart_pair_together_is_refused(world: World) -> None:
    people = fill_east(world, 12)
    run = _generate(world, min_size=6, max_size=6)
    sets = _sets_of(world)
    a = people[2].pk
    target = next(n for n, members in sets.items() if a not in members)
    b = next(iter(sets[target]))
    hand.add_keep_apart(cohort=world.east, person_a_id=a, person_b_id=b)
    with pytest.raises(ValidationError, match="keep apart"):
        hand.move_person(cohort=world.east, run=run, person_id=a, to_number=target)
    assert _sets_of(world) == sets


def test_a_locked_person_cannot_be_moved(world: World) -> None:
    fill_east(world, 12)
    run = _generate(world, min_size=6, max_size=6)
    hand.set_locked(cohort=world.east, person_id=world.alice.pk, locked=True)
    with pytest.raises(ValidationError, match="locked"):
        hand.move_person(cohort=world.east, run=run, person_id=world.alice.pk, to_number=2)


def test_publishing_records_encounters_and_mails_each_person_once(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    fill_east(world, 12)
    _generate(world, min_size=6, max_size=6)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        told = publishing.publish_learning_sets(cohort=world.east)
    assert told == 12
    assert len(mail.outbox) == 12
    alice_mail = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    assert "Your learning set" in alice_mail.subject
    assert "/sets/mine/" in alice_mail.body
    assert alice_mail.alternatives and alice_mail.alternatives[0][1] == "text/html"
    assert (
        Encounter.objects.filter(
            programme=world.programme, source=EncounterSource.LEARNING_SET
        ).count()
        == 2 * 15
    )
    assert not LearningSet.objects.filter(cohort=world.east, published_at__isnull=True).exists()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert publishing.publish_learning_sets(cohort=world.east) == 0  # nobody is told twice
    assert len(mail.outbox) == 12


def test_a_facilitator_must_belong_to_the_programme(world: World) -> None:
    fill_east(world, 12)
    _generate(world, min_size=6, max_size=6)
    learning_set = LearningSet.objects.filter(cohort=world.east).select_related("cohort").first()
    assert learning_set is not None
    with pytest.raises(ValidationError):
        hand.set_facilitator(learning_set=learning_set, facilitator_id=world.oscar.pk)
    hand.set_facilitator(learning_set=learning_set, facilitator_id=world.fred.pk)
    assert LearningSet.objects.get(pk=learning_set.pk).facilitator == world.fred


def test_keep_apart_needs_two_people_from_the_cohort(world: World) -> None:
    with pytest.raises(ValidationError):
        hand.add_keep_apart(
            cohort=world.east, person_a_id=world.alice.pk, person_b_id=world.carol.pk
        )
    with pytest.raises(ValidationError):
        hand.add_keep_apart(
            cohort=world.east, person_a_id=world.alice.pk, person_b_id=world.alice.pk
        )
    pair = hand.add_keep_apart(
        cohort=world.east, person_a_id=world.bob.pk, person_b_id=world.alice.pk
    )
    assert (pair.person_a_id, pair.person_b_id) == tuple(sorted((world.alice.pk, world.bob.pk)))
    assert KeepApart.objects.count() == 1


def test_placement_puts_people_without_a_cohort_into_their_places_cohorts_within_capacity(
    world: World,
) -> None:
    second_east = factories.CohortFactory(
        programme=world.programme, name="East Surrey cohort 2", place=world.east.place, capacity=6
    )
    world.east.capacity = 6
    world.east.save()
    orgs = [
        factories.OrganisationFactory(system=world.programme.system, name=f"Placement Org {i}")
        for i in range(3)
    ]
    newcomers = []
    for i in range(12):
        person = factories.PersonFactory(
            full_name=f"New {i}",
            email=f"new{i}@example.org",
            organisation=orgs[i % 3],
            place=world.east.place,
        )
        newcomers.append(
            factories.MembershipFactory(
                person=person, programme=world.programme, role=Role.PARTICIPANT
            )
        )
    nowhere = factories.PersonFactory(full_name="No Place", email="noplace@example.org")
    factories.MembershipFactory(person=nowhere, programme=world.programme, role=Role.PARTICIPANT)

    result = placement.place_participants(programme=world.programme, time_limit=0.5)

    east_count = Membership.objects.filter(cohort=world.east).count()
    second_count = Membership.objects.filter(cohort=second_east).count()
    assert east_count <= 6 and second_count <= 6
    assert (
        sum(result.placed.values()) == east_count + second_count - 2
    )  # Alice and Bob were there already
    assert (
        Membership.objects.filter(
            programme=world.programme, role=Role.PARTICIPANT, cohort__isnull=True
        ).count()
        == 3
    )
    assert any("no free places" in why for why in result.unplaced)
    assert any("no cohort for their place" in why for why in result.unplaced)


def test_a_run_whose_worker_vanished_no_longer_blocks_the_cohort(world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    fill_east(world, 18)
    lost = GroupingRun.objects.create(
        cohort=world.east, requested_by=world.lena, status=RunStatus.RUNNING
    )
    GroupingRun.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=11)
    )
    run = _generate(world)
    lost.refresh_from_db()
    assert lost.status == RunStatus.FAILED
    assert "worker stopped" in lost.error
    assert run.status == RunStatus.DONE


def test_a_recent_run_still_blocks_a_second_one(world: World) -> None:
    GroupingRun.objects.create(cohort=world.east, requested_by=world.lena, status=RunStatus.RUNNING)
    with pytest.raises(ValidationError, match="already being formed"):
        _generate(world)


def test_a_run_loads_the_kernels_before_its_clock_and_logs_when_it_had_to_compile(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from commonground.grouping import tasks
    from commonground.grouping.engine.warm import WarmUp

    calls: list[str] = []
    run_learning_sets = runs.run_learning_sets

    def cold_warm_up() -> WarmUp:
        calls.append("warm up")
        return WarmUp(seconds=20.0, compiled=49)

    def run(*, run_id: int) -> GroupingRun:
        calls.append("run")
        return run_learning_sets(run_id=run_id)

    monkeypatch.setattr(tasks, "warm_up", cold_warm_up)
    monkeypatch.setattr(runs, "run_learning_sets", run)
    fill_east(world, 12)
    with caplog.at_level("INFO", logger="commonground.grouping.tasks"):
        run = _generate(world, min_size=4, max_size=6)
    assert calls == ["warm up", "run"]
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert [r.getMessage() for r in caplog.records if r.name == "commonground.grouping.tasks"] == [
        "Compiled the grouping engine's kernels first (49 signatures in 20.0 s; the compiled code "
        "is cached, so later runs only load it). That time is not counted in the time limit."
    ]
