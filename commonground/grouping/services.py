"""The one bridge between the database and the grouping engine: learning sets and cohort placement.

Everything the engine sees is built here from memberships, teams, survey answers and the lead's
choices (locks, keep-apart pairs); everything it answers is saved here, atomically. Person ids go
to the engine as ``p<pk>`` so that its messages can be turned back into names.
"""

import datetime as dt
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.grouping.engine import (
    GroupingProblem,
    InfeasibleError,
    Intent,
    ProblemError,
    Solution,
    solve,
)
from commonground.grouping.engine import Person as EnginePerson
from commonground.grouping.engine import evaluate as engine_evaluate
from commonground.grouping.models import (
    GroupingRun,
    KeepApart,
    LearningSet,
    LearningSetMember,
    RunStatus,
)
from commonground.network.models import (
    Encounter,
    EncounterSource,
    RosterConsent,
    RoundKind,
    TieReport,
)
from commonground.network.services import record_encounters
from commonground.programmes.cohorts import set_cohort, set_cohorts
from commonground.programmes.models import Cohort, Membership, Programme, Role

# Never two from the same team: a weight far above anything the other goals can trade against it,
# so the search treats it as hard whenever it can be met and otherwise keeps such pairs fewest.
TEAM_WEIGHT = 1000.0
SET_INTENTS = (
    Intent("team", "mix", TEAM_WEIGHT),
    Intent("organisation", "mix", 3.0),
    Intent("sector", "mix", 2.0),
    Intent("profession", "mix", 1.0),
)
KNOWN_WEIGHT = 2.0
DEFAULT_MIN_SIZE = 8
DEFAULT_MAX_SIZE = 10
DEFAULT_TIME_LIMIT = 5.0
PROGRESS_EVERY = 0.5  # seconds between progress writes to the run row
PLACEMENT_INTENTS = (Intent("organisation", "mix", 3.0), Intent("sector", "mix", 2.0))


# -- What the engine is told --------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    """What mixing looks at for one person."""

    person_id: int
    team_id: int | None
    organisation_id: int | None
    sector: str
    profession: str


def engine_id(person_id: int) -> str:
    return f"p{person_id}"


def _attributes(facts: PersonFacts) -> dict[str, str]:
    # An unknown value is the person's own, so it never counts as shared with anyone.
    own = f"unknown-{facts.person_id}"
    return {
        "team": f"t{facts.team_id}" if facts.team_id else own,
        "organisation": f"o{facts.organisation_id}" if facts.organisation_id else own,
        "sector": facts.sector or own,
        "profession": facts.profession or own,
    }


def set_count(people: int, min_size: int, max_size: int) -> int:
    """How many sets of min_size..max_size suit this many people (nearest the middle size)."""
    low = max(1, -(-people // max_size))
    high = max(1, people // min_size)
    wanted = max(1, round(people / ((min_size + max_size) / 2)))
    return min(max(wanted, low), high)


def fitting_sizes(people: int, min_size: int, max_size: int) -> tuple[int, int]:
    """The asked-for sizes, with the smallest lowered until some number of sets fits (21 people: 7-10)."""
    low = min_size
    while low > 1 and -(-people // max_size) > people // low:
        low -= 1
    return min(low, max(people, 1)), max_size


def size_problem(people: int, min_size: int, max_size: int) -> str:
    """Why this many people cannot be split into sets of min_size..max_size, with bounds that would work
    (empty when they can)."""
    if people == 0 or -(-people // max_size) <= people // min_size:
        return ""
    if people < 2:
        return "This cohort has only 1 participant, and a set needs at least 2 people."
    if people < min_size:
        return (
            f"{people} people are fewer than the smallest set you asked for ({min_size}). "
            f"Try sets of {people} to {max_size} (one set of all {people})."
        )
    fewer, more = people // min_size, -(-people // max_size)
    lower = next(m for m in range(min_size - 1, 0, -1) if -(-people // max_size) <= people // m)
    ideas = [f"{lower} to {max_size} ({more} sets)"]
    higher = next((m for m in range(max_size + 1, 51) if -(-people // m) <= fewer), None)
    if higher is not None:
        ideas.append(f"{min_size} to {higher} ({fewer} {'set' if fewer == 1 else 'sets'})")
    return (
        f"{people} people cannot be split into sets of {min_size} to {max_size}: "
        f"{fewer} {'set holds' if fewer == 1 else 'sets hold'} at most {fewer * max_size} people and "
        f"{more} sets need at least {more * min_size}. Try sets of {' or '.join(ideas)}."
    )


def problem_for_sets(
    *,
    people: list[PersonFacts],
    known: Iterable[tuple[int, int]] = (),
    apart: Iterable[tuple[int, int]] = (),
    locked: dict[int, int] | None = None,
    min_size: int = DEFAULT_MIN_SIZE,
    max_size: int = DEFAULT_MAX_SIZE,
    n_groups: int | None = None,
) -> GroupingProblem:
    """The engine's problem for one cohort's learning sets (locked maps person id to 0-based set)."""
    locked = locked or {}
    if n_groups is None:
        n_groups = set_count(len(people), min_size, max_size)
        if locked:
            n_groups = max(n_groups, max(locked.values()) + 1)
    return GroupingProblem(
        people=tuple(EnginePerson(engine_id(f.person_id), _attributes(f)) for f in people),
        intents=SET_INTENTS,
        n_groups=n_groups,
        min_size=min_size,
        max_size=max_size,
        apart=tuple((engine_id(a), engine_id(b)) for a, b in apart),
        locked={engine_id(pid): g for pid, g in locked.items()},
        known=tuple((engine_id(a), engine_id(b)) for a, b in known),
        known_weight=KNOWN_WEIGHT,
    )


def _facts_from_rows(rows: Iterable[tuple[Any, ...]]) -> list[PersonFacts]:
    return [
        PersonFacts(pid, team, org, sector or "", profession or "")
        for pid, team, org, sector, profession in rows
    ]


def cohort_people(cohort: Cohort) -> list[PersonFacts]:
    """The cohort's participants, in person id order (one query)."""
    return _facts_from_rows(
        Membership.objects.participants()
        .filter(cohort=cohort)
        .order_by("person_id")
        .values_list(
            "person_id",
            "person__team_id",
            "person__organisation_id",
            "person__organisation__sector",
            "person__profession",
        )
    )


def known_pairs(cohort: Cohort, ids: set[int]) -> list[tuple[int, int]]:
    """Pairs who said at the start that they already knew each other (listed people only; two queries)."""
    listed = set(
        RosterConsent.objects.filter(
            programme_id=cohort.programme_id, listed=True, person_id__in=ids
        ).values_list("person_id", flat=True)
    )
    rows = (
        TieReport.objects.filter(
            round__programme_id=cohort.programme_id, round__kind=RoundKind.START, knows=True
        )
        .filter(Q(round__cohort=cohort) | Q(round__cohort__isnull=True))
        .values_list("reporter_id", "colleague_id")
    )
    return sorted(
        {(min(a, b), max(a, b)) for a, b in rows if a in listed and b in listed and a != b}
    )


def apart_pairs(cohort: Cohort, ids: set[int]) -> list[tuple[int, int]]:
    rows = KeepApart.objects.filter(cohort=cohort).values_list("person_a_id", "person_b_id")
    return [(a, b) for a, b in rows if a in ids and b in ids]


def _names(person_ids: Iterable[int]) -> dict[int, str]:
    return dict(Person.objects.filter(pk__in=list(person_ids)).values_list("pk", "full_name"))


def _in_words(messages: Iterable[str], names: dict[int, str]) -> str:
    """The engine's messages with ``p<pk>`` replaced by names and groups called sets."""

    def name(match: re.Match[str]) -> str:
        return names.get(int(match.group(1)), "someone")

    text = "; ".join(re.sub(r"\bp(\d+)\b", name, m) for m in messages)
    text = re.sub(r"\bapart:? ", "keep apart: ", text)
    text = re.sub(r"\blocked:? ", "locked in place: ", text)
    return text.replace("group", "set")


# -- Generating sets (the background task calls run_learning_sets) -------------------------------


# No run is allowed more than a minute of search, so ten minutes means its worker has gone.
STALE_AFTER = dt.timedelta(minutes=10)


def start_learning_sets(
    *,
    cohort: Cohort,
    requested_by: Person,
    min_size: int = DEFAULT_MIN_SIZE,
    max_size: int = DEFAULT_MAX_SIZE,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> GroupingRun:
    """Record a run and queue the task that forms the sets (under tests it runs at once)."""
    from commonground.grouping import tasks  # tasks import this module

    if not 2 <= min_size <= max_size <= 50:
        raise ValidationError("Set sizes must be between 2 and 50, smallest first.")
    unfinished = GroupingRun.objects.filter(
        cohort=cohort, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    )
    # A run far past its time limit lost its worker (a restart, a crash): fail it rather than block the cohort.
    for stale in unfinished.filter(created_at__lt=timezone.now() - STALE_AFTER):
        _fail(stale, "The background worker stopped before this run finished. Start it again.")
    if unfinished.exists():
        raise ValidationError(
            "Sets for this cohort are already being formed. Wait for that to finish."
        )
    problem = size_problem(
        Membership.objects.participants().filter(cohort=cohort).count(), min_size, max_size
    )
    if problem:
        raise ValidationError(problem)
    run = GroupingRun.objects.create(
        cohort=cohort,
        requested_by=requested_by,
        parameters={
            "min_size": min_size,
            "max_size": max_size,
            "time_limit": time_limit,
            "seed": 1,
        },
    )
    tasks.generate_learning_sets.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _fail(run: GroupingRun, message: str) -> GroupingRun:
    run.status = RunStatus.FAILED
    run.error = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return run


def run_learning_sets(*, run_id: int) -> GroupingRun:
    """Form a cohort's learning sets with the engine, writing progress to the run as it goes."""
    run = GroupingRun.objects.select_related("cohort").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run  # a repeated task does the work once
    GroupingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=0.0)
    run.status = RunStatus.RUNNING
    params = run.parameters
    min_size, max_size = (
        int(params.get("min_size", DEFAULT_MIN_SIZE)),
        int(params.get("max_size", DEFAULT_MAX_SIZE)),
    )
    cohort = run.cohort
    people = cohort_people(cohort)
    ids = {f.person_id for f in people}
    locked = {
        pid: number - 1
        for pid, number in LearningSetMember.objects.filter(
            cohort=cohort, locked=True, person_id__in=ids
        ).values_list("person_id", "learning_set__number")
    }
    apart = apart_pairs(cohort, ids)
    if not people:
        return _fail(run, "This cohort has no participants yet.")
    last_write = [0.0]

    def progress(fraction: float, best: float) -> None:
        now = time.monotonic()
        if now - last_write[0] >= PROGRESS_EVERY:
            last_write[0] = now
            GroupingRun.objects.filter(pk=run.pk).update(
                progress=min(fraction, 0.99), best_value=-best
            )

    try:
        problem = problem_for_sets(
            people=people,
            known=known_pairs(cohort, ids),
            apart=apart,
            locked=locked,
            min_size=min_size,
            max_size=max_size,
        )
        solution = solve(
            problem,
            time_limit=float(params.get("time_limit", DEFAULT_TIME_LIMIT)),
            seed=int(params.get("seed", 1)),
            progress=progress,
        )
    except InfeasibleError as exc:
        involved = {int(n) for m in exc.conflicts for n in re.findall(r"\bp(\d+)\b", m)}
        return _fail(
            run, "These rules cannot all hold: " + _in_words(exc.conflicts, _names(involved)) + "."
        )
    except ProblemError as exc:
        return _fail(run, f"The sets could not be formed: {exc}.")
    except Exception:
        _fail(run, "Something went wrong while forming the sets. Please try again.")
        raise
    if solution.constraint_check:
        return _fail(
            run,
            "The result broke rules, so it was not saved: " + "; ".join(solution.constraint_check),
        )
    save_generated_sets(
        run=run,
        people=people,
        assignment=solution.assignment[0],
        result=result_of(solution),
        locked=locked,
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def save_generated_sets(
    *,
    run: GroupingRun,
    people: list[PersonFacts],
    assignment: tuple[int, ...],
    result: dict[str, Any],
    locked: dict[int, int],
) -> list[LearningSet]:
    """Replace the cohort's sets with the engine's answer (facilitators stay with their set numbers)."""
    cohort = run.cohort
    facilitators = dict(
        LearningSet.objects.filter(cohort=cohort).values_list("number", "facilitator_id")
    )
    # What each person was last told (set number and set-mates): told people whose set is unchanged are
    # not mailed again when the new sets are published; everyone whose set changed is.
    before = _placements(cohort)
    told = dict(
        LearningSetMember.objects.filter(cohort=cohort, notified_at__isnull=False).values_list(
            "person_id", "notified_at"
        )
    )
    LearningSet.objects.filter(cohort=cohort).delete()
    groups = sorted(set(assignment))
    sets = LearningSet.objects.bulk_create(
        [
            LearningSet(
                cohort=cohort,
                number=g + 1,
                name=f"Set {g + 1}",
                run=run,
                facilitator_id=facilitators.get(g + 1),
            )
            for g in groups
        ]
    )
    by_number = {s.number: s for s in sets}
    after = _mates({f.person_id: g + 1 for f, g in zip(people, assignment, strict=True)})
    LearningSetMember.objects.bulk_create(
        [
            LearningSetMember(
                learning_set=by_number[g + 1],
                cohort=cohort,
                person_id=f.person_id,
                locked=f.person_id in locked,
                notified_at=told.get(f.person_id)
                if before.get(f.person_id) == after[f.person_id]
                else None,
            )
            for f, g in zip(people, assignment, strict=True)
        ],
        batch_size=2000,
    )
    run.result = {**result, "sets": len(sets), "people": len(people)}
    run.status = RunStatus.DONE
    run.progress = 1.0
    run.best_value = result["objective"]
    run.finished_at = timezone.now()
    run.save(update_fields=["result", "status", "progress", "best_value", "finished_at"])
    return sets


def _mates(placement: dict[int, int]) -> dict[int, tuple[int, frozenset[int]]]:
    """Person id -> (set number, the other people in that set)."""
    by_set: dict[int, set[int]] = defaultdict(set)
    for person_id, number in placement.items():
        by_set[number].add(person_id)
    return {pid: (n, frozenset(by_set[n] - {pid})) for pid, n in placement.items()}


def _placements(cohort: Cohort) -> dict[int, tuple[int, frozenset[int]]]:
    return _mates(
        dict(
            LearningSetMember.objects.filter(cohort=cohort).values_list(
                "person_id", "learning_set__number"
            )
        )
    )


def result_of(solution: Solution) -> dict[str, Any]:
    """The figures a run keeps: objective, bound, gap, the worst set, seconds and the rules check."""
    worst = max(solution.groups, key=lambda g: g.score, default=None)
    return {
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": solution.gap,
        "worst_group": worst.group + 1 if worst else None,
        "worst_group_score": solution.worst_group_score,
        "seconds": round(solution.seconds, 2),
        "constraint_check": list(solution.constraint_check),
        "figures": dict(solution.figures),
    }


def evaluate(
    problem: GroupingProblem, assignment: tuple[int, ...], *, seconds: float
) -> dict[str, Any]:
    """The same figures for a grouping made some other way (the demo's pieced-together sets)."""
    result = result_of(engine_evaluate(problem, assignment))
    result["seconds"] = round(seconds, 2)
    return result


# -- Reading and scoring the current sets --------------------------------------------------------


@dataclass(frozen=True)
class SetScore:
    number: int
    size: int
    score: float
    explanation: str


@dataclass(frozen=True)
class Arrangement:
    """The engine's figures for sets as they stand (or as a proposed move would leave them)."""

    objective: float
    bound: float | None
    gap: float | None
    worst_group_score: float
    broken: tuple[str, ...]
    sets: dict[int, SetScore]

    @property
    def gap_percent(self) -> float | None:
        return None if self.gap is None else 100 * self.gap


@dataclass(frozen=True)
class CohortSets:
    """Everything the sets page needs, fetched with a fixed number of queries."""

    cohort: Cohort
    sets: list[LearningSet]
    members: dict[int, list[LearningSetMember]]  # set id -> members
    placement: dict[int, int]  # person id -> set number
    people: list[PersonFacts]
    known: list[tuple[int, int]]
    apart: list[tuple[int, int]]
    min_size: int
    max_size: int
    bound: float | None


def cohort_sets(cohort: Cohort, run: GroupingRun | None) -> CohortSets:
    sets = list(
        LearningSet.objects.filter(cohort=cohort).select_related("facilitator").order_by("number")
    )
    rows = list(
        LearningSetMember.objects.filter(cohort=cohort)
        .select_related("person__organisation", "learning_set")
        .order_by("learning_set__number", "person__full_name", "person_id")
    )
    members: dict[int, list[LearningSetMember]] = defaultdict(list)
    for row in rows:
        members[row.learning_set_id].append(row)
    people = sorted(
        (
            PersonFacts(
                r.person_id,
                r.person.team_id,
                r.person.organisation_id,
                r.person.organisation.sector if r.person.organisation else "",
                r.person.profession,
            )
            for r in rows
        ),
        key=lambda f: f.person_id,
    )
    ids = {f.person_id for f in people}
    params = run.parameters if run else {}
    bound = run.result.get("bound") if run and run.status == RunStatus.DONE else None
    return CohortSets(
        cohort=cohort,
        sets=sets,
        members=members,
        placement={r.person_id: r.learning_set.number for r in rows},
        people=people,
        known=known_pairs(cohort, ids),
        apart=apart_pairs(cohort, ids),
        min_size=int(params.get("min_size", DEFAULT_MIN_SIZE)),
        max_size=int(params.get("max_size", DEFAULT_MAX_SIZE)),
        bound=bound,
    )


def score(data: CohortSets, placement: dict[int, int] | None = None) -> Arrangement:
    """Score a placement (person id -> set number) with the engine's own objective and checks."""
    placement = placement if placement is not None else data.placement
    numbers = sorted({s.number for s in data.sets})
    if not data.people or not numbers:
        return Arrangement(0.0, data.bound, None, 0.0, (), {})
    index = {n: i for i, n in enumerate(numbers)}
    problem = problem_for_sets(
        people=data.people,
        known=data.known,
        apart=data.apart,
        n_groups=len(numbers),
        min_size=data.min_size,
        max_size=data.max_size,
    )
    assignment = (tuple(index[placement[f.person_id]] for f in data.people),)
    evaluated = engine_evaluate(problem, assignment)
    figures, objective, broken = evaluated.groups, evaluated.objective, evaluated.constraint_check
    gap = None
    if data.bound is not None:
        gap = abs(objective - data.bound) / max(abs(objective), abs(data.bound), 1.0)
    involved = {pid for a, b in data.apart for pid in (a, b)}
    names = {
        m.person_id: m.person.full_name
        for ms in data.members.values()
        for m in ms
        if m.person_id in involved
    }
    return Arrangement(
        objective=objective,
        bound=data.bound,
        gap=gap,
        worst_group_score=max((f.score for f in figures), default=0.0),
        broken=tuple(_in_words([b.removeprefix("round 1: ")], names) for b in broken),
        sets={
            numbers[f.group]: SetScore(numbers[f.group], f.size, f.score, f.explanation)
            for f in figures
        },
    )


# -- Adjusting by hand ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    person: Person
    from_number: int
    to_number: int
    before: Arrangement
    after: Arrangement

    @property
    def change(self) -> float:
        return self.after.objective - self.before.objective

    @property
    def improvement(self) -> float:
        return -self.change

    @property
    def changed_sets(self) -> list[SetScore]:
        return [
            self.after.sets[n] for n in (self.from_number, self.to_number) if n in self.after.sets
        ]

    @property
    def hard_breaks(self) -> tuple[str, ...]:
        return tuple(
            b for b in self.after.broken if "keep apart" in b and b not in self.before.broken
        )


def propose_move(data: CohortSets, *, person_id: int, to_number: int) -> Move:
    """What moving one person would do to the figures; nothing is saved."""
    member = next((m for ms in data.members.values() for m in ms if m.person_id == person_id), None)
    if member is None:
        raise ValidationError("That person is not in a learning set of this cohort.")
    if to_number not in {s.number for s in data.sets}:
        raise ValidationError("Choose one of this cohort's sets.")
    if member.locked:
        raise ValidationError(f"{member.person.full_name} is locked in place. Unlock them first.")
    after = dict(data.placement)
    after[person_id] = to_number
    return Move(
        member.person, data.placement[person_id], to_number, score(data), score(data, after)
    )


@transaction.atomic
def move_person(*, cohort: Cohort, run: GroupingRun | None, person_id: int, to_number: int) -> Move:
    """Move one person to another set, refusing a move that would put a keep-apart pair together."""
    data = cohort_sets(cohort, run)
    move = propose_move(data, person_id=person_id, to_number=to_number)
    if move.hard_breaks:
        raise ValidationError("Not moved: " + "; ".join(move.hard_breaks) + ".")
    target = LearningSet.objects.get(cohort=cohort, number=to_number)
    if move.from_number == to_number:
        return move
    LearningSetMember.objects.filter(cohort=cohort, person_id=person_id).update(learning_set=target)
    # Their set changed, and so did the sets they left and joined: all of them are told when the lead
    # publishes again. Nobody else is.
    LearningSetMember.objects.filter(
        cohort=cohort, learning_set__number__in=[move.from_number, to_number]
    ).update(notified_at=None)
    if LearningSet.objects.filter(cohort=cohort, published_at__isnull=False).exists():
        sync_encounters(
            cohort=cohort
        )  # participants see the new sets at once, so the record follows
    return move


def set_locked(*, cohort: Cohort, person_id: int, locked: bool) -> None:
    """Lock a person in their set (generating again leaves them there) or unlock them."""
    if not LearningSetMember.objects.filter(cohort=cohort, person_id=person_id).update(
        locked=locked
    ):
        raise ValidationError("That person is not in a learning set of this cohort.")


def add_keep_apart(*, cohort: Cohort, person_a_id: int, person_b_id: int) -> KeepApart:
    """Two participants of the cohort who must be in different sets."""
    if person_a_id == person_b_id:
        raise ValidationError("Choose two different people.")
    ids = set(
        Membership.objects.participants()
        .filter(cohort=cohort, person_id__in=[person_a_id, person_b_id])
        .values_list("person_id", flat=True)
    )
    if len(ids) != 2:
        raise ValidationError("Both people must be participants in this cohort.")
    a, b = sorted((person_a_id, person_b_id))
    pair, _ = KeepApart.objects.get_or_create(cohort=cohort, person_a_id=a, person_b_id=b)
    return pair


def remove_keep_apart(*, cohort: Cohort, pair_id: int) -> None:
    KeepApart.objects.filter(cohort=cohort, pk=pair_id).delete()


def set_facilitator(*, learning_set: LearningSet, facilitator_id: int | None) -> None:
    """Give a set a facilitator (one of the programme's facilitators or leads), or none."""
    if (
        facilitator_id is not None
        and not Membership.objects.filter(
            programme_id=learning_set.cohort.programme_id,
            person_id=facilitator_id,
            role__in=[Role.FACILITATOR, Role.LEAD],
        ).exists()
    ):
        raise ValidationError("Choose one of the programme's facilitators.")
    learning_set.facilitator_id = facilitator_id
    learning_set.save(update_fields=["facilitator"])


# -- Publishing ----------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def publish_learning_sets(
    *, cohort: Cohort, notify: bool = True, now: dt.datetime | None = None
) -> int:
    """Show the sets to participants, record who meets whom, and mail everyone not yet told their set.

    After sets were regenerated or people moved, "not yet told" is exactly the people whose set changed
    (see `save_generated_sets` and `move_person`), so publishing again mails only them. Returns how many
    people were mailed.
    """
    now = now or timezone.now()
    data = cohort_sets(cohort, latest_run(cohort))
    if not data.sets:
        raise ValidationError("There are no sets to publish. Generate them first.")
    broken = [b for b in score(data).broken if "keep apart" in b]
    if broken:
        raise ValidationError(
            "Not published: " + "; ".join(broken) + ". Move someone or generate again."
        )
    LearningSet.objects.filter(cohort=cohort, published_at__isnull=True).update(published_at=now)
    sync_encounters(
        cohort=cohort,
        groups=[[m.person_id for m in data.members[s.pk]] for s in data.sets],
        now=now,
    )
    told = 0
    if notify:
        link = _absolute(reverse("grouping:my-set", args=[cohort.programme_id]))
        for learning_set in data.sets:
            members = data.members[learning_set.pk]
            for member in members:
                if member.notified_at is None:
                    _mail_set(
                        member=member,
                        learning_set=learning_set,
                        members=members,
                        cohort=cohort,
                        link=link,
                    )
                    told += 1
    LearningSetMember.objects.filter(cohort=cohort, notified_at__isnull=True).update(
        notified_at=now
    )
    return told


def encounter_ref(cohort: Cohort) -> str:
    return f"cohort-{cohort.pk}-sets"


def sync_encounters(
    *, cohort: Cohort, groups: list[list[int]] | None = None, now: dt.datetime | None = None
) -> tuple[int, int]:
    """Make the cohort's learning-set encounters match its current sets: pairs no longer together are
    removed, new pairs added. Returns (added, removed)."""
    now = now or timezone.now()
    if groups is None:
        by_set: dict[int, list[int]] = defaultdict(list)
        for set_id, person_id in LearningSetMember.objects.filter(cohort=cohort).values_list(
            "learning_set_id", "person_id"
        ):
            by_set[set_id].append(person_id)
        groups = list(by_set.values())
    current = {pair for group in groups for pair in combinations(sorted(set(group)), 2)}
    existing = Encounter.objects.filter(
        programme_id=cohort.programme_id,
        source=EncounterSource.LEARNING_SET,
        source_ref=encounter_ref(cohort),
    )
    stale = [
        pk
        for pk, a, b in existing.values_list("pk", "person_a_id", "person_b_id")
        if (a, b) not in current
    ]
    for start in range(0, len(stale), 500):
        Encounter.objects.filter(pk__in=stale[start : start + 500]).delete()
    added = record_encounters(
        programme=cohort.programme,
        groups=groups,
        source=EncounterSource.LEARNING_SET,
        source_ref=encounter_ref(cohort),
        source_label=f"Learning set in {cohort.name}",
        occurred_on=timezone.localdate(now),
    )
    return added, len(stale)


def leave_learning_sets(*, cohort_id: int, person_id: int, now: dt.datetime | None = None) -> None:
    """Take someone out of a cohort's sets (they withdrew or moved cohort): their keep-apart pairs go,
    their former set-mates will be told at the next publish, and the encounters follow the sets."""
    place = (
        LearningSetMember.objects.filter(cohort_id=cohort_id, person_id=person_id)
        .select_related("learning_set__cohort__programme")
        .first()
    )
    KeepApart.objects.filter(cohort_id=cohort_id).filter(
        Q(person_a_id=person_id) | Q(person_b_id=person_id)
    ).delete()
    if place is None:
        return
    learning_set = place.learning_set
    place.delete()
    LearningSetMember.objects.filter(learning_set=learning_set).update(notified_at=None)
    if learning_set.published_at is not None:
        sync_encounters(cohort=learning_set.cohort, now=now)


def _mail_set(
    *,
    member: LearningSetMember,
    learning_set: LearningSet,
    members: list[LearningSetMember],
    cohort: Cohort,
    link: str,
) -> None:
    context = {
        "person": member.person,
        "learning_set": learning_set,
        "cohort": cohort,
        "programme": cohort.programme,
        "mates": [m for m in members if m.person_id != member.person_id],
        "link": link,
    }
    to = member.person.email

    def send() -> None:
        message = EmailMultiAlternatives(
            subject=f"Your learning set in {cohort.name}",
            body=render_to_string("grouping/email/set_published.txt", context),
            to=[to],
        )
        message.attach_alternative(
            render_to_string("grouping/email/set_published.html", context), "text/html"
        )
        message.send()

    transaction.on_commit(send)


def latest_run(cohort: Cohort) -> GroupingRun | None:
    return GroupingRun.objects.filter(cohort=cohort).order_by("-created_at", "-pk").first()


# -- Cohort placement ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    placed: dict[str, int]  # cohort name -> people placed there
    unplaced: list[str]  # why some people could not be placed


@transaction.atomic
def place_participants(*, programme: Programme, time_limit: float = 2.0) -> Placement:
    """Put participants without a cohort into cohorts of their place (system-wide ones otherwise),
    within capacity, mixing organisations and sectors with the engine."""
    cohorts = list(Cohort.objects.select_for_update().filter(programme=programme).order_by("name"))
    if not cohorts:
        raise ValidationError("This programme has no cohorts yet.")
    counts = dict(
        Membership.objects.participants()
        .filter(cohort__in=cohorts)
        .values_list("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    unplaced = list(
        Membership.objects.participants()
        .filter(programme=programme, cohort__isnull=True)
        .order_by("joined_on", "pk")
        .values_list(
            "pk",
            "person_id",
            "person__place_id",
            "person__organisation_id",
            "person__organisation__sector",
        )
    )
    by_place: dict[int | None, list[Cohort]] = defaultdict(list)
    for cohort in cohorts:
        by_place[cohort.place_id].append(cohort)
    buckets: dict[int | None, list[tuple[Any, ...]]] = defaultdict(list)
    reasons: list[str] = []
    homeless = 0
    for row in unplaced:
        place_id = row[2] if row[2] in by_place else None
        if place_id is None and None not in by_place:
            homeless += 1
            continue
        buckets[place_id].append(row)
    if homeless:
        reasons.append(f"{homeless} with no cohort for their place and no system-wide cohort")
    placed: Counter[str] = Counter()
    moves: dict[int, int | None] = {}
    for place_id, rows in buckets.items():
        options = by_place[place_id]
        free = sum(max(0, c.capacity - counts.get(c.pk, 0)) for c in options)
        if len(rows) > free:
            reasons.append(
                f"{len(rows) - free} for {', '.join(c.name for c in options)}: no free places"
            )
            rows = rows[:free]
        if not rows:
            continue
        choice = _choose_cohorts(options, counts, rows, time_limit=time_limit)
        moves.update(choice)
        names = {c.pk: c.name for c in options}
        placed.update(names[cohort_id] for cohort_id in choice.values())
    # One write for everyone, so invitations and sets follow at once in a fixed number of queries.
    set_cohorts(moves=moves)
    return Placement(dict(placed), reasons)


def _choose_cohorts(
    options: list[Cohort], counts: dict[int, int], rows: list[tuple[Any, ...]], *, time_limit: float
) -> dict[int, int]:
    """Membership pk -> cohort pk, mixing organisations and sectors across the options."""
    if len(options) == 1:
        return {row[0]: options[0].pk for row in rows}
    # Those already in each cohort are locked there, so the newcomers balance the whole cohort.
    existing = list(
        Membership.objects.participants()
        .filter(cohort__in=options)
        .values_list(
            "person_id", "cohort_id", "person__organisation_id", "person__organisation__sector"
        )
    )
    index = {c.pk: i for i, c in enumerate(options)}
    people = [
        EnginePerson(
            f"e{pid}", {"organisation": f"o{org or 'x' + str(pid)}", "sector": sector or f"x{pid}"}
        )
        for pid, _, org, sector in existing
    ] + [
        EnginePerson(
            f"n{pk}", {"organisation": f"o{org or 'y' + str(pk)}", "sector": sector or f"y{pk}"}
        )
        for pk, _, _, org, sector in rows
    ]
    problem = GroupingProblem(
        people=tuple(people),
        intents=PLACEMENT_INTENTS,
        n_groups=len(options),
        min_size=1,
        max_size=max(c.capacity for c in options),
        locked={f"e{pid}": index[cid] for pid, cid, _, _ in existing},
    )
    solution = solve(problem, time_limit=time_limit, seed=1)
    groups = solution.assignment[0][len(existing) :]
    choice = {row[0]: options[g].pk for row, g in zip(rows, groups, strict=True)}
    # Capacities may differ between cohorts; move any overflow to the emptiest cohort with room.
    fill = Counter({c.pk: counts.get(c.pk, 0) for c in options})
    fill.update(choice.values())
    capacity = {c.pk: c.capacity for c in options}
    for pk, cid in list(choice.items()):
        if fill[cid] > capacity[cid]:
            room = min(
                (c for c in capacity if fill[c] < capacity[c]), key=lambda c: fill[c] / capacity[c]
            )
            fill[cid] -= 1
            fill[room] += 1
            choice[pk] = room
    return choice


# -- Moving a person between cohorts by hand -----------------------------------------------------


@dataclass(frozen=True)
class BalanceRow:
    """One figure of a cohort before and after a move (people in it, from the mover's sector or organisation)."""

    label: str
    before: int
    after: int


@dataclass(frozen=True)
class CohortMove:
    """What moving one participant to another cohort would do; nothing is saved."""

    membership: Membership
    from_cohort: Cohort
    to_cohort: Cohort
    from_rows: list[BalanceRow]
    to_rows: list[BalanceRow]
    problems: list[str] = field(default_factory=list)  # why it cannot be done
    published_warning: str = ""  # why the lead must confirm

    @property
    def person(self) -> Person:
        return self.membership.person


def cohort_choices_for(person: Person, cohorts: list[Cohort]) -> list[Cohort]:
    """The placement rule: cohorts of the place the person works in, or system-wide cohorts when
    their place has none."""
    own = [c for c in cohorts if c.place_id is not None and c.place_id == person.place_id]
    return own or [c for c in cohorts if c.place_id is None]


def _held(cohort_ids: list[int]) -> dict[int, int]:
    """Places held in each cohort: participants plus open offers (two queries)."""
    from commonground.recruitment.models import Offer  # recruitment sits above grouping

    held: Counter[int] = Counter(
        dict(
            Membership.objects.participants()
            .filter(cohort_id__in=cohort_ids)
            .values_list("cohort_id")
            .annotate(n=Count("pk"))
            .values_list("cohort_id", "n")
        )
    )
    held.update(
        dict(
            Offer.objects.open()
            .filter(cohort_id__in=cohort_ids)
            .values_list("cohort_id")
            .annotate(n=Count("pk"))
            .values_list("cohort_id", "n")
        )
    )
    return dict(held)


def propose_cohort_move(*, programme: Programme, person_id: int, to_cohort_id: int) -> CohortMove:
    """The sector and organisation balance of both cohorts before and after moving this participant,
    and anything that stops the move or needs confirming."""
    membership = (
        Membership.objects.participants()
        .filter(programme=programme, person_id=person_id, cohort__isnull=False)
        .select_related("person__organisation", "cohort__place")
        .first()
    )
    if membership is None or membership.cohort is None:
        raise ValidationError("Choose a participant who is already in a cohort of this programme.")
    to_cohort = (
        Cohort.objects.filter(programme=programme, pk=to_cohort_id).select_related("place").first()
    )
    if to_cohort is None:
        raise ValidationError("Choose one of this programme's cohorts.")
    person, from_cohort = membership.person, membership.cohort
    problems = []
    if to_cohort.pk == from_cohort.pk:
        problems.append(f"{person.full_name} is already in {to_cohort.name}.")
    allowed = cohort_choices_for(person, list(Cohort.objects.filter(programme=programme)))
    if to_cohort.pk != from_cohort.pk and to_cohort not in allowed:
        where = person.place.name if person.place_id and person.place else "no recorded place"
        problems.append(
            f"{person.full_name} works in {where}; they can join "
            + (", ".join(c.name for c in allowed) if allowed else "no cohort")
            + f", not {to_cohort.name}."
        )
    held = _held([from_cohort.pk, to_cohort.pk])
    if to_cohort.pk != from_cohort.pk and held.get(to_cohort.pk, 0) >= to_cohort.capacity:
        problems.append(
            f"{to_cohort.name} is full: {held.get(to_cohort.pk, 0)} of its {to_cohort.capacity} places are taken "
            "(accepted or offered). Raise its capacity or move someone out first."
        )
    org, sector = person.organisation, person.organisation.sector if person.organisation else ""
    counts = (
        Membership.objects.participants()
        .filter(cohort_id__in=[from_cohort.pk, to_cohort.pk])
        .values("cohort_id")
        .annotate(
            n=Count("pk"),
            same_sector=Count("pk", filter=Q(person__organisation__sector=sector)),
            same_org=Count("pk", filter=Q(person__organisation_id=org.pk if org else 0)),
        )
        .order_by()
    )
    figures = {row["cohort_id"]: row for row in counts}

    def rows(cohort: Cohort, change: int) -> list[BalanceRow]:
        f = figures.get(cohort.pk, {"n": 0, "same_sector": 0, "same_org": 0})
        result = [BalanceRow(f"Participants (capacity {cohort.capacity})", f["n"], f["n"] + change)]
        if sector and org:
            result.append(
                BalanceRow(
                    f"From {org.get_sector_display()}", f["same_sector"], f["same_sector"] + change
                )
            )
        if org:
            result.append(BalanceRow(f"From {org.name}", f["same_org"], f["same_org"] + change))
        return result

    published = set(
        LearningSet.objects.filter(
            cohort_id__in=[from_cohort.pk, to_cohort.pk], published_at__isnull=False
        ).values_list("cohort_id", flat=True)
    )
    warning = ""
    if published and to_cohort.pk != from_cohort.pk:
        parts = []
        if from_cohort.pk in published:
            parts.append(
                f"{person.full_name} leaves their published learning set in {from_cohort.name}; "
                "their former set-mates are told when you publish that cohort's sets again"
            )
        if to_cohort.pk in published:
            parts.append(
                f"{to_cohort.name}'s sets are published, so {person.full_name} has no set there until you "
                "generate its sets again (lock the people you want to keep first)"
            )
        warning = "; ".join(parts) + "."
    same = to_cohort.pk == from_cohort.pk
    return CohortMove(
        membership,
        from_cohort,
        to_cohort,
        rows(from_cohort, 0 if same else -1),
        rows(to_cohort, 0 if same else 1),
        problems,
        warning,
    )


@transaction.atomic
def move_to_cohort(
    *, programme: Programme, person_id: int, to_cohort_id: int, confirmed: bool = False
) -> CohortMove:
    """Move a participant to another cohort of their place, within capacity (counted under a lock on both
    cohort rows). Once either cohort's sets are published the lead must confirm, having been told the sets
    will need regenerating."""
    cohort_ids = list(
        Membership.objects.participants()
        .filter(programme=programme, person_id=person_id)
        .exclude(cohort__isnull=True)
        .values_list("cohort_id", flat=True)
    )
    list(
        Cohort.objects.select_for_update()
        .filter(pk__in=sorted({*cohort_ids, to_cohort_id}), programme=programme)
        .order_by("pk")
        .values("pk")
    )
    move = propose_cohort_move(programme=programme, person_id=person_id, to_cohort_id=to_cohort_id)
    if move.problems:
        raise ValidationError(move.problems)
    if move.published_warning and not confirmed:
        raise ValidationError("Confirm the move: " + move.published_warning)
    # Leaving the old cohort's sets and the invitations follow through the cohort's owner.
    set_cohort(membership=move.membership, cohort=move.to_cohort)
    return move
