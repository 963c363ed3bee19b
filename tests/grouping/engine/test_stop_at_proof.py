"""Stop at the proof: a search whose penalty meets the proven lower bound ends there and says so.

The bound is a sum over the parts a problem splits into (one per value of a *same* attribute),
so each part's search stops on reaching its own share and the whole stops when every part has.
The time limits below are never reached: a case that stops on its bound reports why, with the
iterations it ran, long before them.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from commonground.grouping.engine import GroupingProblem, Intent, Person, evaluate, solve
from commonground.grouping.engine.bounds import even_spread_pairs
from commonground.grouping.engine.cli import main
from commonground.grouping.engine.construct import dealt_start
from commonground.grouping.engine.explain import stop_line
from commonground.grouping.engine.search import PairWeights, local_search

NEVER = 600.0  # a time limit no case here comes near


def programme(places: int, per_place: int) -> tuple[Person, ...]:
    """People in places, sectors, organisations (each in one sector) and teams, plus professions."""
    people = []
    for i in range(places * per_place):
        org = (i * 7) % 13
        people.append(
            Person(
                f"p{i:04d}",
                {
                    "place": f"place{i % places}",
                    "sector": f"s{org % 3}",
                    "organisation": f"o{org}",
                    "team": f"o{org}t{(i * 3) % 4}",
                    "profession": f"j{(i * 5) % 6}",
                },
            )
        )
    return tuple(people)


MIX = (
    Intent("place", "same"),
    Intent("team", "mix", 5.0),
    Intent("organisation", "mix", 3.0),
    Intent("sector", "mix", 2.0),
    Intent("profession", "mix", 1.0),
)


def test_a_case_at_its_bound_stops_there_and_says_why() -> None:
    problem = GroupingProblem(
        people=programme(3, 60), intents=MIX, group_size=6, apart=(("p0000", "p0003"),)
    )
    sol = solve(problem, time_limit=NEVER, seed=1)
    assert sol.stopped == "bound"
    assert sol.gap == 0.0 and sol.optimal
    assert sol.objective == sol.bound
    assert sol.iterations < 10_000
    assert stop_line(sol.stopped, sol.gap).startswith("Stopped at the proven optimum")


def test_the_group_command_reports_the_proof(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    columns = ["place", "sector", "organisation", "team", "profession"]
    people.write_text(
        "id," + ",".join(columns) + "\n"
        + "".join(
            p.id + "," + ",".join(p.attributes[c] for c in columns) + "\n"
            for p in programme(2, 50)
        ),
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    code = main([
        "group", str(people), "--same", "place", "--size", "5",
        "--mix", "team:5,organisation:3,sector:2,profession:1",
        "--time-limit", str(NEVER), "--out", str(tmp_path / "groups.csv"), "--report", str(report),
    ])
    assert code == 0
    figures = json.loads(report.read_text())
    assert figures["gap"] == 0
    assert figures["stopped"] == "bound"
    assert figures["stopped_because"] == (
        "Stopped at the proven optimum: the penalty equals the lower bound (gap 0), "
        "so no grouping can do better."
    )


def test_a_case_short_of_its_bound_says_it_may_be_beaten() -> None:
    """Everyone knows everyone: known pairs are unavoidable, and the bound does not count them."""
    people = tuple(Person(f"p{i}", {"organisation": f"o{i % 2}"}) for i in range(6))
    known = tuple((f"p{i}", f"p{j}") for i in range(6) for j in range(i + 1, 6))
    problem = GroupingProblem(
        people=people, intents=(Intent("organisation", "mix"),), group_size=3, known=known
    )
    sol = solve(problem, time_limit=NEVER, seed=1, max_iterations=200)
    assert sol.stopped == "iteration limit"
    assert sol.iterations == 200
    assert sol.gap > 0
    assert "a better grouping may exist" in stop_line(sol.stopped, sol.gap)


def test_each_part_stops_at_its_own_share_of_the_bound() -> None:
    """Two places: one can reach its share, the other cannot; the reachable one ends at once."""
    people = tuple(
        Person(f"a{i}", {"place": "A", "organisation": f"o{i % 3}"}) for i in range(9)
    ) + tuple(Person(f"b{i}", {"place": "B", "organisation": f"o{i % 3}"}) for i in range(6))
    known = tuple((f"b{i}", f"b{j}") for i in range(6) for j in range(i + 1, 6))
    problem = GroupingProblem(
        people=people,
        intents=(Intent("place", "same"), Intent("organisation", "mix")),
        group_size=3,
        known=known,
    )
    sol = solve(problem, time_limit=NEVER, seed=1, max_iterations=300)
    assert sol.stopped == "iteration limit"
    assert sol.iterations == 300  # place A stopped on its bound, place B used every iteration
    place_a = evaluate(
        GroupingProblem(
            people=people[:9], intents=(Intent("organisation", "mix"),), group_size=3
        ),
        [row[:9] for row in sol.assignment],
    )
    assert place_a.gap == 0.0


def test_the_search_driver_stops_on_its_target_and_not_before() -> None:
    codes = np.array([[i // 10] for i in range(40)], dtype=np.int64)
    weights = PairWeights.from_attributes(codes, np.array([-1.0]), {}, 1e6)
    grp0 = np.repeat(np.arange(4, dtype=np.int64), 10)  # each value in one group: far from even
    bound = -sum(even_spread_pairs(10, 4) for _ in range(4))
    lo = np.full(4, 10, dtype=np.int64)
    res = local_search(weights, grp0, 4, lo, lo, time_limit=NEVER, seed=1, target=bound)
    assert res.stopped == "bound"
    assert res.value == bound
    short = local_search(
        weights, grp0, 4, lo, lo, time_limit=NEVER, seed=1, target=bound, max_iterations=2
    )
    assert short.stopped == "iteration limit" and short.value < bound


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dealing_starts_nested_attributes_at_their_bounds_and_keeps_pairs_apart(seed: int) -> None:
    people = programme(1, 120)
    attrs = ("team", "organisation", "sector")
    values: dict[tuple[int, str], int] = {}
    codes = np.array(
        [[values.setdefault((a, p.attributes[c]), len(values)) for a, c in enumerate(attrs)]
         for p in people],
        dtype=np.int64,
    )
    apart = [(0, 1), (2, 3), (4, 5), (0, 7)]
    grp = dealt_start(codes, np.array([5.0, 3.0, 2.0]), 12, 10, 10, apart, seed)
    assert grp is not None
    assert all(grp[a] != grp[b] for a, b in apart)
    assert sorted(Counter(grp.tolist()).values()) == [10] * 12
    for column in attrs:
        same = Counter((int(g), p.attributes[column]) for g, p in zip(grp, people, strict=True))
        pairs = sum(c * (c - 1) // 2 for c in same.values())
        counts = Counter(p.attributes[column] for p in people)
        assert pairs == sum(even_spread_pairs(c, 12) for c in counts.values()), column


def test_dealing_declines_what_it_cannot_do() -> None:
    codes = np.zeros((10, 1), dtype=np.int64)
    assert dealt_start(codes, np.array([-1.0]), 2, 5, 5, [], 1) is None  # matching, not mixing
    assert dealt_start(codes, np.array([1.0]), 3, 4, 4, [], 1) is None  # sizes do not fit
