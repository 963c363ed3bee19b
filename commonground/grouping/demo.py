"""Published learning sets for the demo programme, formed by the engine at seed time."""

import random
import time
from itertools import pairwise

from django.utils import timezone

from commonground.accounts.models import Person
from commonground.grouping import inputs
from commonground.grouping.engine import solve
from commonground.grouping.models import (
    GroupingRun,
    KeepApart,
    LearningSet,
    LearningSetMember,
    RunStatus,
)
from commonground.grouping.services import runs
from commonground.network.models import EncounterSource, RosterConsent, RoundKind, TieReport
from commonground.network.services import record_encounters
from commonground.programmes.models import Affiliation, Cohort, Membership, Programme, Role
from commonground.programmes.where import by_person

SEED_TIME_LIMIT = (
    1.0  # seconds of search per hundred people: the demo wants good sets, not proven-best ones
)
PIECE = (
    400  # larger cohorts are dealt into pieces this size, each grouped on its own, to seed quickly
)


def _pieced_sets(
    facts: list[inputs.PersonFacts], known: list[tuple[int, int]], rng: random.Random
) -> tuple[int, ...]:
    """Group a cohort; a very large one is dealt (by organisation and team) into pieces grouped one by one."""
    pieces = max(1, -(-len(facts) // PIECE))
    order = sorted(
        range(len(facts)), key=lambda i: (facts[i].organisation_id or 0, facts[i].team_id or 0, i)
    )
    dealt: list[list[int]] = [order[j::pieces] for j in range(pieces)]
    assignment = [0] * len(facts)
    offset = 0
    limit = SEED_TIME_LIMIT * min(1.0, len(facts) / 100) if pieces == 1 else SEED_TIME_LIMIT / 10
    for members in dealt:
        members.sort()
        inside = {facts[i].person_id for i in members}
        low, high = inputs.fitting_sizes(
            len(members), inputs.DEFAULT_MIN_SIZE, inputs.DEFAULT_MAX_SIZE
        )
        problem = inputs.problem_for_sets(
            people=[facts[i] for i in members],
            known=[(a, b) for a, b in known if a in inside and b in inside],
            min_size=low,
            max_size=high,
        )
        solution = solve(problem, time_limit=limit, seed=rng.randrange(1, 10_000))
        for i, g in zip(members, solution.assignment[0], strict=True):
            assignment[i] = offset + g
        offset += max(solution.assignment[0]) + 1
    return tuple(assignment)


def seed_grouping_demo(
    *, programme: Programme, participants: list[tuple[Person, Cohort]], rng: random.Random
) -> int:
    """Form, publish and hand out to facilitators every cohort's learning sets; returns how many sets."""
    now = timezone.now()
    listed = set(
        RosterConsent.objects.filter(programme=programme, listed=True).values_list(
            "person_id", flat=True
        )
    )
    knows: dict[int, set[tuple[int, int]]] = {}
    for cohort_id, a, b in TieReport.objects.filter(
        round__programme=programme, round__kind=RoundKind.START, knows=True
    ).values_list("round__cohort_id", "reporter_id", "colleague_id"):
        if a in listed and b in listed:
            knows.setdefault(cohort_id, set()).add((min(a, b), max(a, b)))
    facilitators = list(
        Membership.objects.filter(programme=programme, role=Role.FACILITATOR)
        .order_by("person__email", "person_id")
        .values_list("person_id", flat=True)
    )
    by_cohort: dict[int, list[Person]] = {}
    cohorts: dict[int, Cohort] = {}
    # Where each participant works in the programme's system, read once for everyone.
    works = by_person(
        system_id=programme.system_id, person_ids=[person.pk for person, _ in participants]
    )
    empty = Affiliation()
    for person, cohort in participants:
        by_cohort.setdefault(cohort.pk, []).append(person)
        cohorts[cohort.pk] = cohort
    made = 0
    for cohort_id, people in sorted(by_cohort.items()):
        people = sorted(people, key=lambda p: p.pk)
        facts = [
            inputs.PersonFacts(
                p.pk,
                (work := works.get(p.pk, empty)).team_id,
                work.organisation_id,
                work.organisation.sector if work.organisation else "",
                p.profession,
            )
            for p in people
        ]
        ids = {p.pk for p in people}
        known = [
            pair for pair in sorted(knows.get(cohort_id, ())) if pair[0] in ids and pair[1] in ids
        ]
        started = time.perf_counter()
        assignment = _pieced_sets(facts, known, rng)
        low, high = inputs.fitting_sizes(
            len(facts), inputs.DEFAULT_MIN_SIZE, inputs.DEFAULT_MAX_SIZE
        )
        whole = inputs.problem_for_sets(
            people=facts, known=known, n_groups=len(set(assignment)), min_size=low, max_size=high
        )
        cohort = cohorts[cohort_id]
        run = GroupingRun.objects.create(
            cohort=cohort,
            status=RunStatus.QUEUED,
            parameters={
                "min_size": low,
                "max_size": high,
                "time_limit": SEED_TIME_LIMIT,
                "seed": 1,
            },
        )
        sets = runs.save_generated_sets(
            run=run,
            people=facts,
            assignment=assignment,
            result=runs.evaluate(whole, assignment, seconds=time.perf_counter() - started),
            locked={},
        )
        for i, learning_set in enumerate(sets):
            learning_set.published_at = now
            learning_set.facilitator_id = (
                facilitators[(made + i) % len(facilitators)] if facilitators else None
            )
        LearningSet.objects.bulk_update(sets, ["published_at", "facilitator"])
        LearningSetMember.objects.filter(cohort=cohort).update(notified_at=now)
        groups: dict[int, list[int]] = {}
        for p, g in zip(people, assignment, strict=True):
            groups.setdefault(g, []).append(p.pk)
        record_encounters(
            programme=programme,
            groups=list(groups.values()),
            source=EncounterSource.LEARNING_SET,
            source_ref=f"cohort-{cohort_id}-sets",
            source_label=f"Learning set in {cohort.name}",
            occurred_on=cohort.starts_on,
        )
        made += len(sets)
    if cohorts:
        _lead_touches(min(cohorts.values(), key=lambda c: (c.name, c.pk)), works)
    return made


def _lead_touches(cohort: Cohort, works: dict[int, Affiliation]) -> None:
    """What a lead does by hand in the first cohort: two people locked in their sets (kept there when
    the sets are formed again), and two colleagues from one team kept apart (a manager and someone
    they manage, say), already in different sets as the engine placed them."""
    members = list(
        LearningSetMember.objects.filter(cohort=cohort)
        .select_related("learning_set")
        .order_by("learning_set__number", "person__full_name", "person_id")
    )
    firsts: dict[int, LearningSetMember] = {}
    for m in members:
        firsts.setdefault(m.learning_set.number, m)
    LearningSetMember.objects.filter(pk__in=[firsts[n].pk for n in (1, 3) if n in firsts]).update(locked=True)
    by_team: dict[int, list[LearningSetMember]] = {}
    for m in members:
        team = works[m.person_id].team_id if m.person_id in works else None
        if team is not None:
            by_team.setdefault(team, []).append(m)
    pair = next(
        (
            (a.person_id, b.person_id)
            for same in by_team.values()
            for a, b in pairwise(same)
            if a.learning_set_id != b.learning_set_id
        ),
        None,
    )
    if pair:
        KeepApart.objects.create(cohort=cohort, person_a_id=min(pair), person_b_id=max(pair))
