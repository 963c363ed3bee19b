"""Table plans over several sessions: constructions, seating on a fixed plan, the large-n search."""

from __future__ import annotations

import numpy as np
import pytest

from commonground.grouping.engine import GroupingProblem, Intent, Person, solve
from commonground.grouping.engine.bounds import encounter_bound
from commonground.grouping.engine.designs import orthogonal_mates, orthogonal_pair
from commonground.grouping.engine.rotation import assign_labels, encounter_counts, encounter_summary
from commonground.grouping.engine.search import PairWeights, default_params, local_search


def _latin(square: np.ndarray) -> bool:
    p = square.shape[0]
    return all(
        sorted(square[k]) == list(range(p)) and sorted(square[:, k]) == list(range(p))
        for k in range(p)
    )


def _orthogonal(a: np.ndarray, b: np.ndarray) -> bool:
    return len({(int(x), int(y)) for x, y in zip(a.ravel(), b.ravel(), strict=True)}) == a.size


@pytest.mark.parametrize("p", [3, 5, 7, 10, 11])
def test_an_orthogonal_pair_is_at_hand_for_primes_and_ten(p: int) -> None:
    pair = orthogonal_pair(p, seed=4)
    assert pair is not None
    first, second = pair
    assert _latin(first) and _latin(second) and _orthogonal(first, second)
    other = orthogonal_pair(p, seed=5)
    assert other is not None and _orthogonal(*other)


@pytest.mark.parametrize("p", [2, 4, 6, 12])
def test_no_pair_at_hand_for_other_orders(p: int) -> None:
    assert orthogonal_pair(p) is None


def test_the_exact_cover_finds_the_mate_of_the_stored_square() -> None:
    pair = orthogonal_pair(10, seed=1)
    assert pair is not None
    mates = orthogonal_mates(pair[0], time_limit=60, limit=1)
    assert mates and _latin(mates[0]) and _orthogonal(pair[0], mates[0])


def test_a_hundred_people_at_ten_tables_meet_nobody_twice_in_four_sessions() -> None:
    people = tuple(Person(f"g{i:03d}") for i in range(100))
    sol = solve(GroupingProblem(people=people, n_groups=10, rounds=4), time_limit=30.0, seed=2)
    summary = encounter_summary(np.array(sol.assignment))
    assert summary["repeat_meetings"] == 0 and summary["distinct_min"] == 36
    assert sol.seconds < 5.0  # a construction, not a search (about 0.03 s)


def test_six_sessions_reach_97_percent_of_the_bound() -> None:
    people = tuple(
        Person(f"g{i:03d}", {"organisation": f"o{i % 13}", "sector": f"s{i % 4}"})
        for i in range(100)
    )
    problem = GroupingProblem(
        people=people,
        intents=(Intent("organisation", "mix", 2.0), Intent("sector", "mix", 1.0)),
        n_groups=10,
        rounds=6,
        repeat_weight=4.0,
    )
    sol = solve(problem, time_limit=6.0, seed=1)
    summary = encounter_summary(np.array(sol.assignment))
    assert summary["distinct_mean"] >= 0.97 * encounter_bound(100, 6, 10)
    assert sol.constraint_check == ()


def test_seating_people_on_a_fixed_plan_keeps_who_meets_whom_and_mixes_better() -> None:
    rng = np.random.default_rng(3)
    n, tables, rounds = 24, 4, 3
    plan = np.array([rng.permutation(n) // (n // tables) for _ in range(rounds)], dtype=np.int64)
    org = np.arange(n) % 6
    W = -(org[:, None] == org[None, :]).astype(float)
    np.fill_diagonal(W, 0.0)

    def value(p: np.ndarray) -> float:
        P = encounter_counts(p)
        return float((np.triu(W * P, 1)).sum())

    seated = assign_labels(W, plan, time_limit=5.0, seed=1, max_iterations=200)
    assert sorted(np.triu(encounter_counts(seated), 1).ravel().tolist()) == sorted(
        np.triu(encounter_counts(plan), 1).ravel().tolist()
    )  # the same meeting pattern, other people in the seats
    assert value(seated) >= value(plan)
    assert np.array_equal(
        seated, assign_labels(W, plan, time_limit=5.0, seed=1, max_iterations=200)
    )


def test_the_sampled_neighbourhood_keeps_groups_valid_and_is_repeatable() -> None:
    rng = np.random.default_rng(8)
    n, m = 60, 6
    codes = np.stack([rng.integers(0, 8, n), 8 + rng.integers(0, 3, n)], axis=1).astype(np.int64)
    weights = PairWeights.from_attributes(codes, np.array([-2.0, -1.0]), {(0, 1): -1e6}, 1e6)
    lo = np.full(m, 9, dtype=np.int64)
    hi = np.full(m, 11, dtype=np.int64)
    grp0 = (np.arange(n) % m).astype(np.int64)
    params = default_params(n, m)
    params[5] = 7  # look at 7 random people per iteration
    runs = [
        local_search(
            weights, grp0, m, lo, hi, time_limit=30.0, seed=5, max_iterations=300, params=params
        )
        for _ in range(2)
    ]
    assert np.array_equal(runs[0].grp, runs[1].grp)
    sizes = np.bincount(runs[0].grp, minlength=m)
    assert (sizes >= 9).all() and (sizes <= 11).all()
    assert runs[0].grp[0] != runs[0].grp[1]
    assert runs[0].value >= weights.value(grp0, m)
