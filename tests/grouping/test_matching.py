"""The matching engine: hard rules always hold, as many matched as possible, then least total rank.

Optimality is checked against two independent methods: every assignment enumerated on small
random instances, and CP-SAT with a lexicographic objective on medium ones.
"""

from __future__ import annotations

import itertools
import random

import pytest
from ortools.sat.python import cp_model

from commonground.grouping.engine.matching import (
    Matching,
    MatchingError,
    MatchingProblem,
    Mentee,
    Mentor,
    allowed_pairs,
    match,
    pair_cost,
    unranked_cost,
)


def _random_problem(rng: random.Random, n: int, m: int) -> MatchingProblem:
    orgs = ["a", "b", "c", ""]
    mentees = [Mentee(f"e{i}", {"org": rng.choice(orgs)}) for i in range(n)]
    mentors = [Mentor(f"m{j}", rng.randint(0, 3), {"org": rng.choice(orgs)}) for j in range(m)]
    ranks: dict[tuple[str, str], int] = {}
    for x in mentees:
        for rank, y in enumerate(rng.sample(mentors, rng.randint(0, m)), start=1):
            ranks[(x.id, y.id)] = rank + rng.randint(0, 2)
    forbidden = frozenset(
        (x.id, y.id) for x in mentees for y in mentors if rng.random() < 0.15
    )
    apart = ("org",) if rng.random() < 0.7 else ()
    return MatchingProblem(mentees, mentors, ranks, forbidden, apart)


def _check_rules(problem: MatchingProblem, result: Matching) -> None:
    allowed = allowed_pairs(problem)
    mentee_index = {x.id: i for i, x in enumerate(problem.mentees)}
    mentor_index = {y.id: j for j, y in enumerate(problem.mentors)}
    load = dict.fromkeys(mentor_index, 0)
    assert [x for x, _ in result.pairs] == [x.id for x in problem.mentees]
    for x, y in result.pairs:
        if y is None:
            continue
        load[y] += 1
        assert (x, y) not in problem.forbidden
        assert allowed[mentee_index[x], mentor_index[y]]
        for attribute in problem.apart_on:
            value = problem.mentees[mentee_index[x]].attributes[attribute]
            assert not value or value != problem.mentors[mentor_index[y]].attributes[attribute]
    for mentor in problem.mentors:
        assert load[mentor.id] <= mentor.capacity
    assert result.matched == sum(1 for _, y in result.pairs if y is not None)
    assert result.unmatched == len(problem.mentees) - result.matched
    assert result.cost == pair_cost(problem, result.pairs)


def _brute_force(problem: MatchingProblem) -> tuple[int, int]:
    """(most mentees matched, least cost among those) over every assignment."""
    allowed = allowed_pairs(problem)
    options = [
        [None, *(j for j in range(len(problem.mentors)) if allowed[i, j])]
        for i in range(len(problem.mentees))
    ]
    best = (0, 0)
    for choice in itertools.product(*options):
        used = [j for j in choice if j is not None]
        if any(used.count(j) > problem.mentors[j].capacity for j in set(used)):
            continue
        pairs = [
            (x.id, None if j is None else problem.mentors[j].id)
            for x, j in zip(problem.mentees, choice, strict=True)
        ]
        key = (len(used), -pair_cost(problem, pairs))
        best = max(best, key)
    return best[0], -best[1]


def _cp_sat(problem: MatchingProblem) -> tuple[int, int]:
    allowed = allowed_pairs(problem)
    fallback = unranked_cost(problem)
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    cost = []
    for i, mentee in enumerate(problem.mentees):
        for j, mentor in enumerate(problem.mentors):
            if allowed[i, j]:
                x[i, j] = model.new_bool_var(f"x{i}_{j}")
                cost.append(problem.ranks.get((mentee.id, mentor.id), fallback) * x[i, j])
    for i in range(len(problem.mentees)):
        model.add(sum(v for (a, _), v in x.items() if a == i) <= 1)
    for j, mentor in enumerate(problem.mentors):
        model.add(sum(v for (_, b), v in x.items() if b == j) <= mentor.capacity)
    big = fallback * len(problem.mentees) + 1
    model.minimize(sum(cost) - big * sum(x.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 60
    assert solver.solve(model) == cp_model.OPTIMAL
    matched = sum(solver.value(v) for v in x.values())
    return matched, int(solver.objective_value) + big * matched


def test_it_matches_brute_force_on_fifty_small_random_instances() -> None:
    rng = random.Random(20261206)
    for _ in range(50):
        problem = _random_problem(rng, rng.randint(1, 6), rng.randint(1, 4))
        result = match(problem)
        _check_rules(problem, result)
        assert (result.matched, result.cost) == _brute_force(problem)
        assert result.optimal and result.bound == result.cost


def test_it_matches_cp_sat_on_medium_random_instances() -> None:
    rng = random.Random(7)
    for n, m in ((40, 10), (60, 15), (80, 12)):
        problem = _random_problem(rng, n, m)
        result = match(problem)
        _check_rules(problem, result)
        assert (result.matched, result.cost) == _cp_sat(problem)


def test_it_matches_as_many_as_possible_before_looking_at_ranks() -> None:
    # Both want A first; giving A to a (rank 1) leaves b with no one, since b may not have B.
    problem = MatchingProblem(
        mentees=[Mentee("a"), Mentee("b")],
        mentors=[Mentor("A", 1), Mentor("B", 1)],
        ranks={("a", "A"): 1, ("a", "B"): 5, ("b", "A"): 1},
        forbidden=frozenset({("b", "B")}),
    )
    result = match(problem)
    assert result.pairs == (("a", "B"), ("b", "A"))
    assert (result.matched, result.cost) == (2, 6)


def test_an_unranked_pair_costs_one_more_than_the_largest_rank_given() -> None:
    problem = MatchingProblem(
        mentees=[Mentee("a"), Mentee("b")],
        mentors=[Mentor("A", 1), Mentor("B", 1)],
        ranks={("a", "A"): 1, ("b", "A"): 4},
    )
    assert unranked_cost(problem) == 5
    result = match(problem)
    # a-A (1) + b-B (unranked, 5) = 6 beats a-B (5) + b-A (4) = 9.
    assert result.pairs == (("a", "A"), ("b", "B"))
    assert result.cost == 6


def test_without_ranks_every_pair_costs_one_so_it_is_maximum_matching() -> None:
    problem = MatchingProblem(
        mentees=[Mentee(f"e{i}", {"org": "x" if i % 2 else "y"}) for i in range(7)],
        mentors=[Mentor("A", 2, {"org": "x"}), Mentor("B", 3, {"org": "y"})],
        apart_on=("org",),
    )
    result = match(problem)
    _check_rules(problem, result)
    # Three "x" mentees can only have B (room 3), four "y" ones only A (room 2).
    assert (result.matched, result.unmatched, result.cost) == (5, 2, 5)


def test_capacity_is_respected_and_zero_capacity_mentors_stay_free() -> None:
    problem = MatchingProblem(
        mentees=[Mentee(f"e{i}") for i in range(5)],
        mentors=[Mentor("A", 2), Mentor("B", 0)],
        ranks={(f"e{i}", "B"): 1 for i in range(5)},
    )
    result = match(problem)
    assert sum(1 for _, y in result.pairs if y == "A") == 2
    assert all(y != "B" for _, y in result.pairs)
    assert result.unmatched == 3


def test_apart_on_forbids_equal_values_but_not_empty_ones() -> None:
    problem = MatchingProblem(
        mentees=[Mentee("a", {"org": "Trust"}), Mentee("b", {"org": ""})],
        mentors=[Mentor("A", 2, {"org": "Trust"}), Mentor("B", 2, {"org": ""})],
        ranks={("a", "A"): 1, ("a", "B"): 2, ("b", "B"): 1, ("b", "A"): 2},
        apart_on=("org",),
    )
    result = match(problem)
    assert result.pairs == (("a", "B"), ("b", "B"))


def test_with_no_allowed_pair_everyone_is_listed_unmatched() -> None:
    problem = MatchingProblem(
        mentees=[Mentee("a"), Mentee("b")],
        mentors=[Mentor("A", 3)],
        forbidden=frozenset({("a", "A"), ("b", "A")}),
    )
    result = match(problem)
    assert result.pairs == (("a", None), ("b", None))
    assert (result.matched, result.unmatched, result.cost, result.bound) == (0, 2, 0, 0)


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (MatchingProblem([Mentee("a"), Mentee("a")], [Mentor("A", 1)]), "mentee id 'a'"),
        (MatchingProblem([Mentee("a")], [Mentor("A", -1)]), "negative capacity"),
        (MatchingProblem([Mentee("a")], [Mentor("A", 1)], {("z", "A"): 1}), "unknown mentee"),
        (MatchingProblem([Mentee("a")], [Mentor("A", 1)], {("a", "A"): 0}), "from 1"),
        (
            MatchingProblem([Mentee("a")], [Mentor("A", 1)], forbidden=frozenset({("a", "Z")})),
            "unknown mentor",
        ),
    ],
)
def test_it_refuses_a_problem_it_cannot_take(problem: MatchingProblem, message: str) -> None:
    with pytest.raises(MatchingError, match=message):
        match(problem)
