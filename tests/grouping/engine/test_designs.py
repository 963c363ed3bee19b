"""Repeat-free rotations by construction, and the golfer search's bookkeeping."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground.grouping.engine import golfer
from commonground.grouping.engine.designs import design_rounds, orthogonal_mate
from commonground.grouping.engine.rotation import encounter_summary


def _tables_are_equal(plan: np.ndarray, groups: int, size: int) -> bool:
    return all((np.bincount(row, minlength=groups) == size).all() for row in plan)


@pytest.mark.parametrize(
    ("groups", "size", "rounds"),
    [(8, 4, 9), (7, 7, 8), (9, 9, 10), (16, 4, 21), (27, 3, 13), (4, 2, 7)],
)
def test_geometry_gives_rounds_where_nobody_meets_twice(
    groups: int, size: int, rounds: int
) -> None:
    plan = design_rounds(groups, size, rounds)
    assert plan is not None
    assert plan.shape == (rounds, groups * size)
    assert _tables_are_equal(plan, groups, size)
    assert encounter_summary(plan)["repeat_meetings"] == 0


def test_geometry_stops_at_what_is_possible() -> None:
    # A partial spread of lines in PG(4, 2) has at most 9 lines: 9 clean rounds for 32 people in fours.
    plan = design_rounds(8, 4, 10, time_limit=0.5)
    assert plan is not None and plan.shape[0] == 9


@pytest.mark.parametrize(("groups", "size"), [(10, 10), (6, 6), (5, 4), (12, 3)])
def test_no_design_when_sizes_are_not_powers_of_one_prime(groups: int, size: int) -> None:
    assert design_rounds(groups, size, 3) is None


def test_an_orthogonal_mate_is_found_for_a_square_that_has_one() -> None:
    square = np.array([[(i + j) % 5 for j in range(5)] for i in range(5)])
    mate = orthogonal_mate(square, time_limit=5)
    assert mate is not None
    for k in range(5):
        assert sorted(mate[k]) == list(range(5)) and sorted(mate[:, k]) == list(range(5))
    assert len({(int(a), int(b)) for a, b in zip(square.ravel(), mate.ravel(), strict=True)}) == 25


def test_a_cyclic_square_of_even_order_has_no_mate() -> None:
    square = np.array([[(i + j) % 4 for j in range(4)] for i in range(4)])
    assert orthogonal_mate(square, time_limit=5) is None


@settings(max_examples=25, deadline=None)
@given(
    groups=st.integers(2, 6),
    size=st.integers(2, 5),
    rounds=st.integers(2, 6),
    seed=st.integers(0, 1000),
)
def test_the_search_keeps_its_counters_true(groups: int, size: int, rounds: int, seed: int) -> None:
    n = groups * size
    rng = np.random.default_rng(seed)
    plan = np.zeros((rounds, n), dtype=np.int64)
    plan[0] = np.arange(n) // size
    for r in range(1, rounds):
        plan[r] = rng.permutation(n) // size
    members, where, P = golfer._structures(plan, groups, size)
    C1, C2 = golfer._counters(plan, P, groups)
    cost = golfer._cost(P)
    state = np.array([0, cost, cost, 0], dtype=np.int64)
    tabu = np.zeros((rounds, n, n), dtype=np.int64)
    golfer._search(plan, members, where, P, C1, C2, 300, seed + 1, tabu, state, plan.copy(), 1)
    _, _, fresh_P = golfer._structures(plan, groups, size)
    fresh_C1, fresh_C2 = golfer._counters(plan, fresh_P, groups)
    assert (fresh_P == P).all()
    assert (fresh_C1 == C1).all() and (fresh_C2 == C2).all()
    assert golfer._cost(fresh_P) == state[1]
    assert _tables_are_equal(plan, groups, size)


def test_a_golfer_plan_seats_everyone_once_per_round_at_equal_tables() -> None:
    plan, extra = golfer.golfer_plan(5, 3, 6, time_limit=2, seed=3)
    assert plan.shape == (6, 15)
    assert _tables_are_equal(plan, 5, 3)
    assert extra == encounter_summary(plan)["repeat_meetings"]
