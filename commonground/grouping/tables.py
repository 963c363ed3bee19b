"""Seating people at tables through the grouping engine, for apps above grouping (the schedule's
table plans). Only grouping talks to the engine; callers pass plain ids and get plain ids back.

The engine is told to mix organisations and, less strongly, sectors; to keep apart pairs who
already shared a table (`history`), at ten times the cost of sharing an organisation, so new
colleagues come first; and to avoid, lightly, pairs who meet anyway (`known`). It uses as few
tables as the table size allows.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from commonground.grouping.engine import (
    GroupingProblem,
    InfeasibleError,
    Intent,
    ProblemError,
    Solution,
    solve,
)
from commonground.grouping.engine import Person as EnginePerson

TABLE_INTENTS = (Intent("organisation", "mix", 1.0), Intent("sector", "mix", 0.5))
# Meeting someone again costs far more than sharing an organisation: new colleagues come first.
REPEAT_WEIGHT = 10.0
KNOWN_WEIGHT = 1.0


@dataclass(frozen=True)
class Guest:
    """Someone to seat: an organisation key shared by colleagues, and a sector ("" when unknown)."""

    person_id: int
    organisation: str
    sector: str


@dataclass(frozen=True)
class Seating:
    """A plan: each person's table (1-based), and the figures a plan keeps (see `result_of`)."""

    tables: dict[int, int]
    result: dict[str, Any]


def engine_id(person_id: int) -> str:
    return f"p{person_id}"


def problem_for_tables(
    *,
    people: Sequence[Guest],
    table_size: int,
    history: Sequence[Mapping[int, int]],
    known: Sequence[tuple[int, int]],
) -> GroupingProblem:
    """The engine's problem: as few tables as the size allows; history seatings are {person id: 1-based table}."""

    def attributes(guest: Guest) -> dict[str, str]:
        own = f"unknown-{guest.person_id}"  # an unknown value is the person's own, so it is never shared
        return {"organisation": guest.organisation or own, "sector": guest.sector or own}

    n_groups = max(1, math.ceil(len(people) / table_size))
    return GroupingProblem(
        people=tuple(EnginePerson(engine_id(g.person_id), attributes(g)) for g in people),
        intents=TABLE_INTENTS,
        n_groups=n_groups,
        known=tuple((engine_id(a), engine_id(b)) for a, b in known),
        known_weight=KNOWN_WEIGHT,
        history=tuple(
            {engine_id(pid): table - 1 for pid, table in seating.items()} for seating in history
        ),
        repeat_weight=REPEAT_WEIGHT,
    )


def result_of(solution: Solution, people: int) -> dict[str, Any]:
    """The figures a plan keeps: objective, bound and gap cover every session planned together;
    the explanations and repeats are today's tables only."""
    today = [g for g in solution.groups if g.round == 0]
    return {
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": solution.gap,
        "seconds": round(solution.seconds, 2),
        "people": people,
        "rounds": len(solution.assignment),
        "repeat_pairs": sum(g.repeat_pairs for g in today),
        "explanations": {str(g.group + 1): g.explanation for g in today},
        "figures": {k: float(v) for k, v in solution.figures.items()},
    }


def plan_tables(
    *,
    people: Sequence[Guest],
    table_size: int,
    history: Sequence[Mapping[int, int]] = (),
    known: Sequence[tuple[int, int]] = (),
    time_limit: float,
    seed: int = 1,
) -> Seating:
    """Seat the people at tables of at most `table_size`; a plan the engine cannot make, or one that
    breaks a rule, is a ValidationError in words."""
    problem = problem_for_tables(people=people, table_size=table_size, history=history, known=known)
    try:
        solution = solve(problem, time_limit=time_limit, seed=seed)
    except (InfeasibleError, ProblemError) as exc:
        raise ValidationError(f"The tables could not be planned: {exc}.") from exc
    if solution.constraint_check:
        raise ValidationError(
            "The plan broke rules, so it was not saved: " + "; ".join(solution.constraint_check)
        )
    tables = {
        guest.person_id: group + 1
        for guest, group in zip(people, solution.assignment[0], strict=True)
    }
    return Seating(tables=tables, result=result_of(solution, len(people)))
