"""Mixed challenge teams: one team per chosen issue, from people's ranked preferences.

Pure Python (+ OR-Tools' min-cost flow); no Django. Two steps:

1. **Preferences first.** A min-cost flow gives the assignment with the lowest preference cost
   that meets every team's size bounds (rank r costs r(r-1)/2: 0, 1, 3, 6…; an issue the person
   did not rank costs ``UNRANKED_COST``). Its count of people on their 1st or 2nd choice, T*,
   is the best possible.
2. **Then mixing.** Simulated annealing over moves (one person to another team) and swaps
   minimises ``preference cost + organisation_weight × same-organisation pairs +
   sector_weight × same-sector pairs`` without ever letting the number of people on their 1st
   or 2nd choice fall below ``min(T*, ceil(top_two_share × people))``, and never breaking a
   size bound. The random stream is fixed by the seed; with ``max_iterations`` reached before
   the time limit the answer is identical run to run.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from dataclasses import dataclass

from ortools.graph.python import min_cost_flow

UNRANKED_COST = 40
DEFAULT_ITERATIONS = 60_000


def rank_cost(rank: int | None) -> int:
    """The preference cost of getting one's `rank`-th choice (None: an issue not ranked)."""
    if rank is None:
        return UNRANKED_COST
    return min(UNRANKED_COST - 1, rank * (rank - 1) // 2)


class TeamsError(ValueError):
    """The problem cannot be solved as stated (the message says why, in words)."""


@dataclass(frozen=True)
class Member:
    """One interested person: `preferences` lists team keys, 1st choice first."""

    id: str
    organisation: str = ""
    sector: str = ""
    preferences: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamSpec:
    key: str
    min_size: int
    max_size: int


@dataclass(frozen=True)
class TeamProblem:
    people: tuple[Member, ...]
    teams: tuple[TeamSpec, ...]
    organisation_weight: float = 2.0
    sector_weight: float = 0.5
    top_two_share: float = 0.8


@dataclass(frozen=True)
class TeamFigures:
    key: str
    size: int
    organisations: int
    sectors: int
    first: int
    second: int
    later: int
    unranked: int
    same_organisation_pairs: int
    same_sector_pairs: int

    @property
    def explanation(self) -> str:
        def people(n: int) -> str:
            return f"{n} {'person' if n == 1 else 'people'}"

        choices = [f"{self.first} got their 1st choice", f"{self.second} their 2nd"]
        if self.later:
            choices.append(f"{self.later} a later choice")
        if self.unranked:
            choices.append(f"{self.unranked} an issue they had not ranked")
        pairs = self.same_organisation_pairs
        return (
            f"{people(self.size)} from {self.organisations} organisation{'s' if self.organisations != 1 else ''}"
            f" and {self.sectors} sector{'s' if self.sectors != 1 else ''}; "
            + ", ".join(choices)
            + f"; {pairs} same-organisation pair{'s' if pairs != 1 else ''}."
        )


@dataclass(frozen=True)
class TeamSolution:
    assignment: dict[str, str]  # person id -> team key
    ranks: dict[str, int | None]  # person id -> the rank of the team they got (None: not ranked)
    teams: tuple[TeamFigures, ...]
    preference_cost: int
    same_organisation_pairs: int
    same_sector_pairs: int
    objective: float
    top_two_floor: int
    iterations: int
    seconds: float

    @property
    def people(self) -> int:
        return len(self.assignment)

    @property
    def first_share(self) -> float:
        return sum(1 for r in self.ranks.values() if r == 1) / max(1, self.people)

    @property
    def top_two_share(self) -> float:
        return sum(1 for r in self.ranks.values() if r in (1, 2)) / max(1, self.people)


# -- Checking ------------------------------------------------------------------------------------


def check(problem: TeamProblem) -> None:
    """Raise TeamsError naming what is wrong with the problem."""
    if not problem.teams:
        raise TeamsError("Choose at least one issue to form a team for.")
    keys = [t.key for t in problem.teams]
    if len(set(keys)) != len(keys):
        raise TeamsError("Each team needs its own key.")
    ids = [p.id for p in problem.people]
    if len(set(ids)) != len(ids):
        raise TeamsError("Each person may appear once.")
    for spec in problem.teams:
        if spec.min_size < 1 or spec.max_size < spec.min_size:
            raise TeamsError(
                f"Team {spec.key}: the smallest size must be at least 1 and no more than the largest."
            )
    n = len(problem.people)
    low = sum(t.min_size for t in problem.teams)
    high = sum(t.max_size for t in problem.teams)
    if n < low:
        raise TeamsError(
            f"{n} interested people cannot fill {len(problem.teams)} teams of at least "
            f"{min(t.min_size for t in problem.teams)}: choose fewer issues or a smaller minimum size."
        )
    if n > high:
        raise TeamsError(
            f"{n} interested people do not fit in {len(problem.teams)} teams of at most "
            f"{max(t.max_size for t in problem.teams)}: choose more issues or a larger maximum size."
        )
    if not 0.0 <= problem.top_two_share <= 1.0:
        raise TeamsError("The share on their 1st or 2nd choice must be between 0 and 1.")


# -- Step 1: preferences only (min-cost flow) -----------------------------------------------------


def _rank_table(problem: TeamProblem) -> list[list[int | None]]:
    """ranks[i][t]: person i's rank for team t (1-based), None when not ranked."""
    index = {t.key: k for k, t in enumerate(problem.teams)}
    table: list[list[int | None]] = []
    for person in problem.people:
        row: list[int | None] = [None] * len(problem.teams)
        for r, key in enumerate(person.preferences, start=1):
            k = index.get(key)
            if k is not None and row[k] is None:
                row[k] = r
        table.append(row)
    return table


def _preference_flow(problem: TeamProblem, ranks: list[list[int | None]]) -> list[int]:
    """Person index -> team index with the least preference cost inside the size bounds."""
    n, k = len(problem.people), len(problem.teams)
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + k, n + k + 1
    big = UNRANKED_COST * n + 1  # filling a team's minimum outweighs every preference cost together
    for i in range(n):
        flow.add_arc_with_capacity_and_unit_cost(source, i, 1, 0)
        for t in range(k):
            flow.add_arc_with_capacity_and_unit_cost(i, n + t, 1, rank_cost(ranks[i][t]))
    for t, spec in enumerate(problem.teams):
        flow.add_arc_with_capacity_and_unit_cost(n + t, sink, spec.min_size, -big)
        if spec.max_size > spec.min_size:
            flow.add_arc_with_capacity_and_unit_cost(n + t, sink, spec.max_size - spec.min_size, 0)
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    if flow.solve() != flow.OPTIMAL:  # pragma: no cover - check() rules out infeasible sizes
        raise TeamsError("No assignment meets the team sizes.")
    team_of = [0] * n
    for arc in range(flow.num_arcs()):
        tail, head = flow.tail(arc), flow.head(arc)
        if tail < n and n <= head < n + k and flow.flow(arc) > 0:
            team_of[tail] = head - n
    return team_of


# -- Step 2: mixing (simulated annealing with a preference floor) --------------------------------


def _codes(values: list[str]) -> list[int]:
    """Equal non-empty values share a code; each empty value gets its own (it matches nobody)."""
    codes: dict[str, int] = {}
    out = []
    for i, value in enumerate(values):
        if value:
            out.append(codes.setdefault(value, len(codes)))
        else:
            out.append(-1 - i)
    return out


def _pairs(counts: Counter[int]) -> int:
    return sum(c * (c - 1) // 2 for code, c in counts.items() if code >= 0)


def _solution(
    problem: TeamProblem,
    ranks: list[list[int | None]],
    team_of: list[int],
    *,
    floor: int,
    iterations: int,
    seconds: float,
) -> TeamSolution:
    figures = []
    total_org = total_sec = cost = 0
    for t, spec in enumerate(problem.teams):
        members = [i for i, g in enumerate(team_of) if g == t]
        got = [ranks[i][t] for i in members]
        orgs = Counter(
            problem.people[i].organisation for i in members if problem.people[i].organisation
        )
        secs = Counter(problem.people[i].sector for i in members if problem.people[i].sector)
        org_pairs = sum(c * (c - 1) // 2 for c in orgs.values())
        sec_pairs = sum(c * (c - 1) // 2 for c in secs.values())
        blank_orgs = sum(1 for i in members if not problem.people[i].organisation)
        blank_secs = sum(1 for i in members if not problem.people[i].sector)
        figures.append(
            TeamFigures(
                key=spec.key,
                size=len(members),
                organisations=len(orgs) + blank_orgs,
                sectors=len(secs) + blank_secs,
                first=got.count(1),
                second=got.count(2),
                later=sum(1 for r in got if r is not None and r > 2),
                unranked=got.count(None),
                same_organisation_pairs=org_pairs,
                same_sector_pairs=sec_pairs,
            )
        )
        total_org += org_pairs
        total_sec += sec_pairs
        cost += sum(rank_cost(r) for r in got)
    return TeamSolution(
        assignment={p.id: problem.teams[team_of[i]].key for i, p in enumerate(problem.people)},
        ranks={p.id: ranks[i][team_of[i]] for i, p in enumerate(problem.people)},
        teams=tuple(figures),
        preference_cost=cost,
        same_organisation_pairs=total_org,
        same_sector_pairs=total_sec,
        objective=cost
        + problem.organisation_weight * total_org
        + problem.sector_weight * total_sec,
        top_two_floor=floor,
        iterations=iterations,
        seconds=seconds,
    )


def preference_only(problem: TeamProblem) -> TeamSolution:
    """The best preference satisfaction within the size bounds, ignoring mixing entirely."""
    check(problem)
    started = time.perf_counter()
    ranks = _rank_table(problem)
    team_of = _preference_flow(problem, ranks)
    top_two = sum(1 for i, t in enumerate(team_of) if ranks[i][t] in (1, 2))
    return _solution(
        problem, ranks, team_of, floor=top_two, iterations=0, seconds=time.perf_counter() - started
    )


def form_teams(
    problem: TeamProblem,
    *,
    time_limit: float = 2.0,
    seed: int = 1,
    max_iterations: int | None = None,
) -> TeamSolution:
    """Teams that honour preferences (never below the floor) while mixing organisations and sectors."""
    check(problem)
    started = time.perf_counter()
    n, k = len(problem.people), len(problem.teams)
    ranks = _rank_table(problem)
    team_of = _preference_flow(problem, ranks)
    cost = [[rank_cost(ranks[i][t]) for t in range(k)] for i in range(n)]
    top = [[ranks[i][t] in (1, 2) for t in range(k)] for i in range(n)]
    best_top_two = sum(1 for i in range(n) if top[i][team_of[i]])
    floor = min(best_top_two, math.ceil(problem.top_two_share * n - 1e-9))
    if n < 2 or k < 2:
        return _solution(
            problem,
            ranks,
            team_of,
            floor=floor,
            iterations=0,
            seconds=time.perf_counter() - started,
        )

    org = _codes([p.organisation for p in problem.people])
    sec = _codes([p.sector for p in problem.people])
    w_org, w_sec = problem.organisation_weight, problem.sector_weight
    size = [0] * k
    org_count: list[Counter[int]] = [Counter() for _ in range(k)]
    sec_count: list[Counter[int]] = [Counter() for _ in range(k)]
    for i, t in enumerate(team_of):
        size[t] += 1
        org_count[t][org[i]] += 1
        sec_count[t][sec[i]] += 1
    low = [s.min_size for s in problem.teams]
    high = [s.max_size for s in problem.teams]
    top_two = best_top_two

    def same(counts: Counter[int], code: int) -> int:
        return counts[code] if code >= 0 else 0

    def leave(i: int, t: int) -> float:
        """Objective change when i leaves team t."""
        return -(
            w_org * (same(org_count[t], org[i]) - (org[i] >= 0))
            + w_sec * (same(sec_count[t], sec[i]) - (sec[i] >= 0))
        )

    def join(i: int, t: int) -> float:
        return w_org * same(org_count[t], org[i]) + w_sec * same(sec_count[t], sec[i])

    def place(i: int, source: int, target: int) -> None:
        size[source] -= 1
        org_count[source][org[i]] -= 1
        sec_count[source][sec[i]] -= 1
        size[target] += 1
        org_count[target][org[i]] += 1
        sec_count[target][sec[i]] += 1
        team_of[i] = target

    current = (
        sum(cost[i][team_of[i]] for i in range(n))
        + w_org * sum(_pairs(c) for c in org_count)
        + w_sec * sum(_pairs(c) for c in sec_count)
    )
    best, best_team_of = current, list(team_of)
    rng = random.Random(seed)
    iterations = max_iterations if max_iterations is not None else DEFAULT_ITERATIONS
    hot, cold = 2.0, 0.02
    done = 0
    for step in range(iterations):
        if step % 512 == 0 and time.perf_counter() - started > time_limit:
            break
        done = step + 1
        temperature = hot * (cold / hot) ** (step / iterations)
        i = rng.randrange(n)
        a = team_of[i]
        if rng.random() < 0.5:
            b = rng.randrange(k - 1)
            b += b >= a
            if size[a] <= low[a] or size[b] >= high[b]:
                continue
            change_top = top[i][b] - top[i][a]
            if top_two + change_top < floor:
                continue
            delta = cost[i][b] - cost[i][a] + leave(i, a) + join(i, b)
            if delta <= 0 or rng.random() < math.exp(-delta / temperature):
                place(i, a, b)
                top_two += change_top
                current += delta
        else:
            j = rng.randrange(n)
            b = team_of[j]
            if a == b:
                continue
            change_top = top[i][b] - top[i][a] + top[j][a] - top[j][b]
            if top_two + change_top < floor:
                continue
            delta = cost[i][b] - cost[i][a] + cost[j][a] - cost[j][b]
            if org[i] != org[j]:
                delta += w_org * (
                    -(same(org_count[a], org[i]) - (org[i] >= 0))
                    + same(org_count[b], org[i])
                    - (same(org_count[b], org[j]) - (org[j] >= 0))
                    + same(org_count[a], org[j])
                )
            if sec[i] != sec[j]:
                delta += w_sec * (
                    -(same(sec_count[a], sec[i]) - (sec[i] >= 0))
                    + same(sec_count[b], sec[i])
                    - (same(sec_count[b], sec[j]) - (sec[j] >= 0))
                    + same(sec_count[a], sec[j])
                )
            if delta <= 0 or rng.random() < math.exp(-delta / temperature):
                place(i, a, b)
                place(j, b, a)
                top_two += change_top
                current += delta
        if current < best - 1e-9:
            best, best_team_of = current, list(team_of)
    return _solution(
        problem,
        ranks,
        best_team_of,
        floor=floor,
        iterations=done,
        seconds=time.perf_counter() - started,
    )
