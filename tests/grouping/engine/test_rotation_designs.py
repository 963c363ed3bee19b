"""Rotations developed by a symmetry group: every pair meets at most once, counted pair by pair."""

from __future__ import annotations

import itertools

import numpy as np

from commonground.grouping.engine.develop import develop, developed_rounds, one_rotational
from commonground.grouping.engine.golfer import golfer_plan


def _pair_meetings(plan: np.ndarray) -> dict[tuple[int, int], int]:
    met: dict[tuple[int, int], int] = {}
    for row in plan:
        tables: dict[int, list[int]] = {}
        for person, table in enumerate(row):
            tables.setdefault(int(table), []).append(person)
        for members in tables.values():
            for a, b in itertools.combinations(members, 2):
                met[(a, b)] = met.get((a, b), 0) + 1
    return met


def _check_rounds(plan: np.ndarray, n: int, size: int, rounds: int) -> None:
    assert plan.shape == (rounds, n)
    for row in plan:
        assert sorted(np.bincount(row).tolist()) == [size] * (n // size)
    met = _pair_meetings(plan)
    assert max(met.values()) == 1
    assert len(met) == rounds * (n // size) * size * (size - 1) // 2


def test_one_rotational_40_at_tables_of_4_meets_everybody_once() -> None:
    plan = developed_rounds(10, 4, 13, seed=2, time_limit=120.0)
    assert plan is not None
    _check_rounds(plan, 40, 4, 13)
    assert len(_pair_meetings(plan)) == 40 * 39 // 2  # a resolvable design: everybody met
    fewer = developed_rounds(10, 4, 6, seed=2, time_limit=120.0)
    assert fewer is not None
    _check_rounds(fewer, 40, 4, 6)


def test_one_rotational_family_other_members() -> None:
    for groups, size, rounds in ((4, 4, 5), (9, 3, 13)):
        plan = developed_rounds(groups, size, rounds, seed=2, time_limit=60.0)
        assert plan is not None
        _check_rounds(plan, groups * size, size, rounds)


def test_family_conditions() -> None:
    assert one_rotational(40, 4) is not None
    assert one_rotational(32, 4) is None  # 31 is not a multiple of 3
    assert one_rotational(27, 3) is not None
    assert one_rotational(30, 3) is None
    assert developed_rounds(8, 4, 10) is None  # 32 at tables of 4: no family here


def test_search_proves_a_structure_empty() -> None:
    # 28 people at tables of 4 over Z_27: the exact search exhausts every base round.
    family = one_rotational(28, 4)
    assert family is not None
    group, stab = family
    assert develop(28, 4, group, stab, time_limit=60.0, node_cap=10**7) is None


def test_golfer_plan_uses_the_development_where_geometry_does_not_apply() -> None:
    plan, extra = golfer_plan(10, 4, 13, time_limit=480.0, seed=2, max_iterations=1)
    assert extra == 0
    _check_rounds(plan, 40, 4, 13)
