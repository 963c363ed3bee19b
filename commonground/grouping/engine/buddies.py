"""Buddy pairing inside a cohort: pairs (one trio when the count is odd), new to each other.

Hard rules decide which pairs are allowed: two people from the same organisation are never paired,
nor two people who have already met (an unordered "met" pair). Values are compared exactly after
trimming spaces, and an empty value never clashes. Among the allowed pairs the engine first pairs
as many people as possible, then, among all pairings of that size, makes the fewest pairs inside
one sector (cross-sector is preferred, not required).

The pairing is a maximum-weight matching on a general graph, solved exactly with CP-SAT: a boolean
per allowed pair, each person in at most one chosen pair, maximising ``pairs * BIG - same_sector``
with ``BIG`` larger than any possible same-sector count, so more pairs always wins. ``optimal``
is the solver's own claim (status OPTIMAL); when the time limit stops it first the best pairing
found is returned with ``optimal`` false. Then, when the count is odd and someone is left over,
one of them joins a pair as a trio if the rules allow all three pairs in it, choosing the trio
that adds the fewest same-sector pairs. See docs/algorithms/matching.md ("Buddies").

A large cohort (more than ``DENSE_PAIRS`` pairs of people, about 550 people) is not given every
allowed pair: a boolean per pair of 5,000 people is 12.5 million variables and gigabytes. Each
person instead brings ``PARTNERS_EACH`` allowed partners drawn at random (mostly from other sectors),
and anyone the draw found too few for is scanned in full, so a person with any allowed partner has
one in the model. A random graph of that degree has a perfect matching with overwhelming probability.
Those candidates are paired without the exact model (CP-SAT gains nothing on a graph that size
within seconds): the person with the fewest free candidates first, each to a free candidate from
another sector; then augmenting paths from each unpaired person (Kuhn's search, which may miss a path
through an odd cycle but never breaks a pairing); then swaps between two pairs that lower the
same-sector count under the full rules. Such a pairing is called ``optimal`` only when it is optimal
whatever the candidates: everyone is paired (one left over when the count is odd) and no pair
shares a sector.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

NO_ALLOWED_PARTNER = "no allowed partner"
"""Reason: the rules forbid pairing this person with anyone in the cohort."""
NO_PARTNER_LEFT = "no allowed partner left"
"""Reason: everyone this person may be paired with is already in a group."""


DENSE_PAIRS = 150_000
"""Up to this many pairs of people, the model holds every allowed pair (and its answer is exact)."""
PARTNERS_EACH = 24
"""Above it, each person brings this many allowed partners drawn at random."""


class BuddyError(ValueError):
    """Input the buddy pairing cannot take; the message names the id at fault."""


@dataclass(frozen=True)
class BuddyPerson:
    id: str
    organisation: str = ""
    sector: str = ""


@dataclass(frozen=True)
class BuddyResult:
    """Groups of two (at most one of three), the people left unpaired and why.

    ``groups`` and the people in each group follow the input order; ``same_sector_pairs`` counts
    the pairs of people inside a group who share a non-empty sector (a trio has three pairs).
    ``optimal`` says the solver proved its pairing best (before the trio step).
    """

    groups: list[tuple[str, ...]]
    unpaired: list[str]
    same_sector_pairs: int
    optimal: bool
    reasons: dict[str, str] = field(default_factory=dict)


def _norm(value: str | None) -> str:
    return (value or "").strip()


def _check(people: Sequence[BuddyPerson], met: Iterable[tuple[str, str]]) -> set[frozenset[str]]:
    seen: set[str] = set()
    for p in people:
        if not p.id:
            raise BuddyError("a person has an empty id")
        if p.id in seen:
            raise BuddyError(f"person id {p.id!r} appears twice")
        seen.add(p.id)
    pairs: set[frozenset[str]] = set()
    for a, b in met:
        for x in (a, b):
            if x not in seen:
                raise BuddyError(f"met pair ({a!r}, {b!r}) names unknown id {x!r}")
        if a == b:
            raise BuddyError(f"met pair ({a!r}, {b!r}) names {a!r} twice")
        pairs.add(frozenset((a, b)))
    return pairs


class _Rules:
    """Which pairs the hard rules allow and which pairs share a sector, by input index."""

    def __init__(self, people: Sequence[BuddyPerson], met: set[frozenset[str]]) -> None:
        self.orgs = [_norm(p.organisation) for p in people]
        self.sectors = [_norm(p.sector) for p in people]
        index = {p.id: i for i, p in enumerate(people)}
        self.met = {frozenset(index[x] for x in pair) for pair in met}

    def allowed(self, i: int, j: int) -> bool:
        if i == j:
            return False
        if self.orgs[i] and self.orgs[i] == self.orgs[j]:
            return False
        return frozenset((i, j)) not in self.met

    def same_sector(self, i: int, j: int) -> int:
        return int(bool(self.sectors[i]) and self.sectors[i] == self.sectors[j])


def _candidate_edges(n: int, rules: _Rules) -> tuple[list[tuple[int, int]], bool]:
    """The allowed pairs the model is given, and whether they are all of them."""
    if n * (n - 1) // 2 <= DENSE_PAIRS:
        return [(i, j) for i in range(n) for j in range(i + 1, n) if rules.allowed(i, j)], True
    rng = random.Random(n)  # the same cohort gets the same candidates
    same_sector_most = PARTNERS_EACH // 4
    found: set[tuple[int, int]] = set()
    for i in range(n):
        taken = same = 0
        for _ in range(4 * PARTNERS_EACH):
            if taken >= PARTNERS_EACH:
                break
            j = rng.randrange(n)
            if not rules.allowed(i, j):
                continue
            if rules.same_sector(i, j):
                if same >= same_sector_most:
                    continue
                same += 1
            found.add((min(i, j), max(i, j)))
            taken += 1
        if taken < PARTNERS_EACH // 2:  # few allowed partners: find them all, rather than miss them
            found.update((min(i, j), max(i, j)) for j in range(n) if rules.allowed(i, j))
    return sorted(found), False


def _augment(root: int, adj: list[list[int]], mate: list[int]) -> bool:
    """Kuhn's search for an augmenting path from the unpaired `root`, iterative, vertices used once."""
    used = {root}
    stack: list[tuple[int, int]] = [(root, 0)]  # (person looking for a partner, next candidate index)
    via: dict[int, int] = {}  # person -> the candidate they are taking along the path
    while stack:
        u, k = stack[-1]
        if k >= len(adj[u]):
            stack.pop()
            continue
        stack[-1] = (u, k + 1)
        v = adj[u][k]
        if v in used:
            continue
        used.add(v)
        via[u] = v
        w = mate[v]
        if w < 0:
            for person, _ in reversed(stack):  # flip the path: each takes the candidate it reached
                taken = via[person]
                mate[person], mate[taken] = taken, person
            return True
        if w not in used:
            used.add(w)
            stack.append((w, 0))
    return False


def _pair_large(n: int, edges: list[tuple[int, int]], rules: _Rules) -> list[tuple[int, int]]:
    """A pairing of the drawn candidates: fewest candidates first, augmenting paths, then swaps."""
    adj: list[list[int]] = [[] for _ in range(n)]
    for i, j in edges:
        adj[i].append(j)
        adj[j].append(i)
    for options in adj:
        options.sort(key=lambda j: len(adj[j]))
    mate = [-1] * n
    for i in sorted(range(n), key=lambda k: len(adj[k])):
        if mate[i] < 0:
            free = [j for j in adj[i] if mate[j] < 0]
            if free:
                j = min(free, key=lambda j: (rules.same_sector(i, j), len(adj[j])))
                mate[i], mate[j] = j, i
    for u in range(n):
        if mate[u] < 0:
            _augment(u, adj, mate)
    for _ in range(2):  # swap partners between two pairs when it lowers the same-sector count
        for a in range(n):
            b = mate[a]
            if b < 0 or not rules.same_sector(a, b):
                continue
            for c in adj[a]:
                d = mate[c]
                if d < 0 or c == b or d == a or not rules.allowed(b, d):
                    continue
                if rules.same_sector(a, c) + rules.same_sector(b, d) < 1 + rules.same_sector(c, d):
                    mate[a], mate[c], mate[b], mate[d] = c, a, d, b
                    break
    return [(i, mate[i]) for i in range(n) if i < mate[i]]


def _greedy(n: int, edges: list[tuple[int, int]], rules: _Rules) -> list[tuple[int, int]]:
    """A quick maximal pairing, cross-sector pairs first: the solver's starting hint."""
    taken = [False] * n
    chosen: list[tuple[int, int]] = []
    for i, j in sorted(edges, key=lambda e: rules.same_sector(*e)):
        if not taken[i] and not taken[j]:
            taken[i] = taken[j] = True
            chosen.append((i, j))
    return chosen


def _solve(
    n: int, edges: list[tuple[int, int]], rules: _Rules, time_limit: float
) -> tuple[list[tuple[int, int]], bool]:
    """The pairing of most pairs, then fewest same-sector pairs; and whether it is proven best."""
    hint = _greedy(n, edges, rules)
    if not edges:
        return [], True
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"e{i}_{j}") for i, j in edges]
    incident: list[list[cp_model.IntVar]] = [[] for _ in range(n)]
    for var, (i, j) in zip(x, edges, strict=True):
        incident[i].append(var)
        incident[j].append(var)
    for vars_ in incident:
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    # Valid for every pairing, and it closes the half-pair gap of an odd count the LP bound leaves.
    model.add(sum(x) <= n // 2)
    big = n // 2 + 1  # more than the largest possible number of same-sector pairs
    model.maximize(
        sum(var * (big - rules.same_sector(i, j)) for var, (i, j) in zip(x, edges, strict=True))
    )
    in_hint = set(hint)
    for var, e in zip(x, edges, strict=True):
        model.add_hint(var, e in in_hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return hint, False
    chosen = [e for var, e in zip(x, edges, strict=True) if solver.boolean_value(var)]
    return chosen, status == cp_model.OPTIMAL


def pair_buddies(
    people: Sequence[BuddyPerson],
    met: Iterable[tuple[str, str]] = (),
    *,
    time_limit: float = 5.0,
) -> BuddyResult:
    """Pair a cohort's people under the hard rules: most people paired, then fewest same-sector."""
    met_pairs = _check(people, met)
    n = len(people)
    rules = _Rules(people, met_pairs)
    edges, every_pair = _candidate_edges(n, rules)
    if every_pair:
        chosen, optimal = _solve(n, edges, rules, time_limit)
    else:
        chosen = _pair_large(n, edges, rules)
        optimal = len(chosen) == n // 2 and not any(rules.same_sector(i, j) for i, j in chosen)
    groups: list[list[int]] = [[i, j] for i, j in chosen]
    placed = {i for g in groups for i in g}
    left = [i for i in range(n) if i not in placed]
    if n % 2 == 1 and left:
        best: tuple[int, int, int] | None = None  # (added same-sector pairs, person, group)
        for k in left:
            for g, (i, j) in enumerate(groups):
                if rules.allowed(k, i) and rules.allowed(k, j):
                    added = rules.same_sector(k, i) + rules.same_sector(k, j)
                    if best is None or added < best[0]:
                        best = (added, k, g)
        if best is not None:
            groups[best[2]].append(best[1])
            left.remove(best[1])
    ordered = sorted((sorted(g) for g in groups), key=lambda g: g[0])
    same = sum(
        rules.same_sector(g[a], g[b]) for g in ordered for a in range(len(g)) for b in range(a)
    )
    return BuddyResult(
        groups=[tuple(people[i].id for i in g) for g in ordered],
        unpaired=[people[i].id for i in left],
        same_sector_pairs=same,
        optimal=optimal,
        reasons={
            people[i].id: NO_PARTNER_LEFT if any(rules.allowed(i, j) for j in range(n)) else NO_ALLOWED_PARTNER
            for i in left
        },
    )
