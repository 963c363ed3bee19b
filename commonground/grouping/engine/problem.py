"""The grouping problem and its solution, as frozen dataclasses (no Django)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

IntentKind = Literal["mix", "match", "same"]


@dataclass(frozen=True)
class Person:
    """One participant: a stable id and categorical attributes (organisation, sector, ...)."""

    id: str
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Intent:
    """What to do with one attribute: spread its values (mix), keep alike (match) or never
    mix values inside a group (same, a hard constraint; the weight is ignored)."""

    attribute: str
    kind: IntentKind
    weight: float = 1.0


@dataclass(frozen=True)
class GroupingProblem:
    """People to place into groups, for one round or for ``rounds`` rounds planned jointly.

    Group count comes from ``n_groups`` or ``group_size`` (or, failing both, from the size
    bounds). ``min_size``/``max_size`` bound every group; by default sizes are as equal as
    possible. ``apart`` and ``together`` are hard pairs of ids; ``locked`` fixes ids to a group
    index (0-based; in every round); ``known`` pairs already know each other and cost
    ``known_weight`` each when they share a group; ``history`` holds earlier rounds as
    ``{id: group}`` maps and a pair who met before costs ``repeat_weight`` per earlier meeting.
    With ``rounds`` > 1 a pair meeting twice among the planned rounds also costs
    ``repeat_weight``.
    """

    people: tuple[Person, ...]
    intents: tuple[Intent, ...] = ()
    n_groups: int | None = None
    group_size: int | None = None
    min_size: int | None = None
    max_size: int | None = None
    apart: tuple[tuple[str, str], ...] = ()
    together: tuple[tuple[str, str], ...] = ()
    locked: Mapping[str, int] = field(default_factory=dict)
    known: tuple[tuple[str, str], ...] = ()
    known_weight: float = 1.0
    history: tuple[Mapping[str, int], ...] = ()
    repeat_weight: float = 1.0
    rounds: int = 1


@dataclass(frozen=True)
class GroupFigures:
    """Figures for one group in one round, with a plain-language explanation."""

    round: int
    group: int
    size: int
    members: tuple[str, ...]
    distinct: Mapping[str, int]
    same_value_pairs: Mapping[str, int]
    known_pairs: int
    repeat_pairs: int
    score: float
    explanation: str


@dataclass(frozen=True)
class Solution:
    """The answer. ``assignment[r][i]`` is the 0-based group of ``problem.people[i]`` in round r.

    ``sense`` says which way the objective goes: "min" for penalties (attribute problems,
    where ``bound`` is a lower bound) and "max" for MDGP diversity (``bound`` is an upper
    bound). ``gap`` = |bound - objective| / max(|objective|, |bound|, 1), 0 when proved optimal.
    ``worst_group_score`` is the worst group's score (highest penalty, or lowest diversity).
    ``constraint_check`` lists broken hard constraints; it is empty when all hold.
    ``stopped`` says why the search ended: "bound" (every part of the grouping reached its
    part of the lower bound, so it stopped at once, whatever time was left), "time limit",
    "iteration limit", "nothing to move" (everyone locked), or "" when nothing was searched
    (``evaluate``); ``iterations`` counts the search's moves over all parts.
    """

    assignment: tuple[tuple[int, ...], ...]
    objective: float
    bound: float
    gap: float
    sense: Literal["min", "max"]
    groups: tuple[GroupFigures, ...]
    worst_group_score: float
    constraint_check: tuple[str, ...]
    seconds: float
    optimal: bool = False
    figures: Mapping[str, float] = field(default_factory=dict)
    stopped: str = ""
    iterations: int = 0


class InfeasibleError(ValueError):
    """The hard constraints cannot all hold; ``conflicts`` names the ones that clash."""

    def __init__(self, conflicts: list[str]) -> None:
        self.conflicts = conflicts
        super().__init__("infeasible: " + "; ".join(conflicts))


class ProblemError(ValueError):
    """The request is malformed (unknown ids, unknown attributes, bad sizes)."""
