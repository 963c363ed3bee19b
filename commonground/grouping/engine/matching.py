"""Mentoring and buddy matching: each mentee to at most one mentor, each mentor up to a capacity.

Hard rules decide which pairs are allowed: a pair listed as forbidden is never made, and for each
``apart_on`` attribute a mentee and a mentor whose values are equal and non-empty are never paired
(say, the same organisation). Among the allowed pairs the engine first matches as many mentees as
the rules and capacities allow, then, among all matchings of that size, minimises the sum of
ranks: a ranked pair costs its rank (1 = first choice) and an unranked allowed pair costs one more
than the largest rank given (with no ranks at all every pair costs 1).

The model is a min-cost flow: source -> mentee (capacity 1) -> mentor (capacity 1 per allowed
pair, cost as above) -> sink (capacity = the mentor's capacity). OR-Tools' cost-scaling
``SimpleMinCostFlow.solve_max_flow_with_min_cost`` finds a maximum flow of least cost;
a network-flow problem with integer capacities has an integral optimum, so the flow is a matching
and its cost is the optimum: the bound reported equals the cost. See docs/algorithms/matching.md.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

MAX_RANK = 1_000_000
"""Ranks above this are refused: costs stay far inside the solver's 64-bit range."""


class MatchingError(ValueError):
    """A matching problem the engine cannot take; the message says what is wrong."""


@dataclass(frozen=True)
class Mentee:
    id: str
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mentor:
    id: str
    capacity: int
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MatchingProblem:
    """Who is matched, the ranks (mentee id, mentor id) -> rank, and the hard rules."""

    mentees: Sequence[Mentee]
    mentors: Sequence[Mentor]
    ranks: Mapping[tuple[str, str], int] = field(default_factory=dict)
    forbidden: frozenset[tuple[str, str]] = frozenset()
    apart_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Matching:
    """One entry per mentee in input order: (mentee id, mentor id or None when unmatched)."""

    pairs: tuple[tuple[str, str | None], ...]
    matched: int
    unmatched: int
    cost: int
    bound: int
    seconds: float

    @property
    def optimal(self) -> bool:
        return self.cost == self.bound


def _check(problem: MatchingProblem) -> None:
    mentee_ids = [m.id for m in problem.mentees]
    mentor_ids = [m.id for m in problem.mentors]
    for ids, who in ((mentee_ids, "mentee"), (mentor_ids, "mentor")):
        seen: set[str] = set()
        for i in ids:
            if not i:
                raise MatchingError(f"a {who} has an empty id")
            if i in seen:
                raise MatchingError(f"{who} id {i!r} appears twice")
            seen.add(i)
    for m in problem.mentors:
        if m.capacity < 0:
            raise MatchingError(f"mentor {m.id!r} has a negative capacity")
    known_mentees, known_mentors = set(mentee_ids), set(mentor_ids)
    for what, pairs in (("rank", problem.ranks), ("forbidden pair", problem.forbidden)):
        for a, b in pairs:
            if a not in known_mentees:
                raise MatchingError(f"{what} ({a!r}, {b!r}): unknown mentee {a!r}")
            if b not in known_mentors:
                raise MatchingError(f"{what} ({a!r}, {b!r}): unknown mentor {b!r}")
    for pair, rank in problem.ranks.items():
        if not 1 <= rank <= MAX_RANK:
            raise MatchingError(f"rank of {pair!r} must be from 1 to {MAX_RANK}, not {rank}")


def _codes(
    problem: MatchingProblem, attribute: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Integer codes of one attribute on both sides; an empty value gets a code no one shares."""
    table: dict[str, int] = {}

    def code(values: list[str], empty_from: int) -> npt.NDArray[np.int64]:
        out = np.empty(len(values), dtype=np.int64)
        for k, v in enumerate(values):
            out[k] = table.setdefault(v, len(table)) if v else empty_from - k
        return out

    a = code([(m.attributes.get(attribute) or "").strip() for m in problem.mentees], -1)
    b = code(
        [(m.attributes.get(attribute) or "").strip() for m in problem.mentors],
        -1 - len(problem.mentees),
    )
    return a, b


def allowed_pairs(problem: MatchingProblem) -> npt.NDArray[np.bool_]:
    """Mentee x mentor table of the pairs the hard rules allow."""
    mentee_index = {m.id: i for i, m in enumerate(problem.mentees)}
    mentor_index = {m.id: j for j, m in enumerate(problem.mentors)}
    allowed = np.ones((len(problem.mentees), len(problem.mentors)), dtype=np.bool_)
    for attribute in problem.apart_on:
        a, b = _codes(problem, attribute)
        allowed &= a[:, None] != b[None, :]
    for x, y in problem.forbidden:
        allowed[mentee_index[x], mentor_index[y]] = False
    return allowed


def unranked_cost(problem: MatchingProblem) -> int:
    """What an allowed pair without a rank costs: one more than the largest rank given."""
    return max(problem.ranks.values(), default=0) + 1


def match(problem: MatchingProblem) -> Matching:
    """The maximum matching of least total rank under the hard rules (exact)."""
    started = time.perf_counter()
    _check(problem)
    n, m = len(problem.mentees), len(problem.mentors)
    mentee_index = {x.id: i for i, x in enumerate(problem.mentees)}
    mentor_index = {x.id: j for j, x in enumerate(problem.mentors)}
    allowed = allowed_pairs(problem)
    cost = np.full((n, m), unranked_cost(problem), dtype=np.int64)
    for (x, y), rank in problem.ranks.items():
        cost[mentee_index[x], mentor_index[y]] = rank
    rows, cols = np.nonzero(allowed)
    source, sink = 0, n + m + 1
    # Loaded here, not at the top: the command line imports this module for every command.
    from ortools.graph.python import min_cost_flow

    flow = min_cost_flow.SimpleMinCostFlow()
    # Pair arcs first, so arc k < len(rows) is pair (rows[k], cols[k]).
    capacity = np.array([min(x.capacity, n) for x in problem.mentors], dtype=np.int64)
    tails = np.concatenate(
        [rows + 1, np.zeros(n, dtype=np.int64), np.arange(m, dtype=np.int64) + n + 1]
    )
    heads = np.concatenate(
        [cols + n + 1, np.arange(n, dtype=np.int64) + 1, np.full(m, sink, dtype=np.int64)]
    )
    capacities = np.concatenate([np.ones(len(rows) + n, dtype=np.int64), capacity])
    costs = np.concatenate([cost[rows, cols], np.zeros(n + m, dtype=np.int64)])
    if len(tails):
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:  # pragma: no cover - costs and capacities are kept in range
        raise MatchingError(f"the flow solver stopped with status {status}")
    mentor_of: list[str | None] = [None] * n
    if len(rows):
        used = np.flatnonzero(flow.flows(np.arange(len(rows))))
        for k in used:
            mentor_of[int(rows[k])] = problem.mentors[int(cols[k])].id
    total = int(flow.optimal_cost())
    matched = sum(1 for y in mentor_of if y is not None)
    return Matching(
        pairs=tuple((x.id, y) for x, y in zip(problem.mentees, mentor_of, strict=True)),
        matched=matched,
        unmatched=n - matched,
        cost=total,
        # Min-cost flow is exact (integral LP optimum), so the cost is its own lower bound.
        bound=total,
        seconds=time.perf_counter() - started,
    )


def pair_cost(problem: MatchingProblem, pairs: Sequence[tuple[str, str | None]]) -> int:
    """The cost of a matching by the model's rule (a check for callers and tests)."""
    fallback = unranked_cost(problem)
    return sum(problem.ranks.get((x, y), fallback) for x, y in pairs if y is not None)
