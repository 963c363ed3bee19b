"""Generating a cohort's learning sets: a run is recorded, the background task solves it with the
engine, and the answer replaces the cohort's sets in one transaction."""

import datetime as dt
import re
import time
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.grouping.engine import (
    GroupingProblem,
    InfeasibleError,
    ProblemError,
    Solution,
    solve,
)
from commonground.grouping.engine import evaluate as engine_evaluate
from commonground.grouping.engine.explain import stop_line
from commonground.grouping.inputs import (
    DEFAULT_MAX_SIZE,
    DEFAULT_MIN_SIZE,
    DEFAULT_TIME_LIMIT,
    PersonFacts,
    apart_pairs,
    cohort_people,
    in_words,
    known_pairs,
    person_names,
    problem_for_sets,
    size_problem,
)
from commonground.grouping.models import GroupingRun, LearningSet, LearningSetMember, RunStatus
from commonground.programmes.models import Cohort, Membership

PROGRESS_EVERY = 0.5  # seconds between progress writes to the run row

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
    run = GroupingRun.objects.select_related("cohort__programme").get(pk=run_id)
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
            run,
            "These rules cannot all hold: " + in_words(exc.conflicts, person_names(involved)) + ".",
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
    """The figures a run keeps: objective, bound, gap, the worst set, seconds, the rules check, and
    why the search stopped with the sentence that says what the gap proves."""
    worst = max(solution.groups, key=lambda g: g.score, default=None)
    return {
        "stopped": solution.stopped,
        "stopped_because": stop_line(solution.stopped, solution.gap) if solution.stopped else "",
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
