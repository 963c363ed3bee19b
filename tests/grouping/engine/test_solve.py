"""solve(): table-driven cases, infeasibility naming, CLI contract 7, Hypothesis properties."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.grouping.engine import (
    GroupingProblem,
    InfeasibleError,
    Intent,
    Person,
    solve,
)
from commonground.grouping.engine.bounds import encounter_bound, even_spread_pairs
from commonground.grouping.engine.cli import main
from commonground.grouping.engine.rotation import encounter_summary


def cohort(n: int, orgs: int = 5, places: int = 1) -> tuple[Person, ...]:
    return tuple(
        Person(
            f"p{i}",
            {
                "organisation": f"org{i % orgs}",
                "place": f"place{i % places}",
                "sector": ["NHS", "council", "voluntary"][i % 3],
            },
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    ("even", "count", "groups"),
    [(0, 0, 3), (0, 3, 3), (1, 4, 3), (3, 6, 3), (12, 10, 3), (45, 10, 1)],
)
def test_even_spread_gives_the_fewest_same_value_pairs(even: int, count: int, groups: int) -> None:
    assert even_spread_pairs(count, groups) == even


@pytest.mark.parametrize(
    ("problem_kwargs", "expected_groups"),
    [
        ({"group_size": 5}, 4),
        ({"n_groups": 3}, 3),
        ({"min_size": 6, "max_size": 7}, 3),
    ],
)
def test_it_makes_the_requested_number_of_groups(
    problem_kwargs: dict[str, int], expected_groups: int
) -> None:
    problem = GroupingProblem(
        people=cohort(20), intents=(Intent("organisation", "mix"),), **problem_kwargs
    )  # type: ignore[arg-type]
    sol = solve(problem, time_limit=0.5, seed=1)
    assert len(set(sol.assignment[0])) == expected_groups
    assert sol.constraint_check == ()


def test_it_spreads_organisations_evenly_and_reports_the_minimum() -> None:
    problem = GroupingProblem(
        people=cohort(30, orgs=6), intents=(Intent("organisation", "mix"),), n_groups=5
    )
    sol = solve(problem, time_limit=1.0, seed=1)
    assert sol.figures["same_organisation_pairs"] == sol.figures["same_organisation_pairs_min"]
    assert sol.objective == sol.bound == 0
    assert "nobody from the same organisation" in sol.groups[0].explanation


def test_it_never_mixes_places_and_keeps_apart_and_together_pairs() -> None:
    people = cohort(24, orgs=4, places=2)
    problem = GroupingProblem(
        people=people,
        intents=(Intent("place", "same"), Intent("organisation", "mix", 2.0)),
        group_size=4,
        apart=(("p0", "p2"), ("p4", "p6")),
        together=(("p1", "p3"),),
        locked={"p8": 0},
        known=(("p0", "p4"),),
    )
    sol = solve(problem, time_limit=1.0, seed=2)
    assert sol.constraint_check == ()
    row = sol.assignment[0]
    for g in set(row):
        assert len({people[i].attributes["place"] for i in range(24) if row[i] == g}) == 1


def test_an_infeasible_request_names_the_conflicting_constraints() -> None:
    problem = GroupingProblem(
        people=cohort(4),
        n_groups=2,
        min_size=2,
        max_size=2,
        apart=(("p0", "p1"), ("p0", "p2"), ("p1", "p2")),
    )
    with pytest.raises(InfeasibleError) as err:
        solve(problem, time_limit=1.0, seed=1)
    text = " ".join(err.value.conflicts)
    assert "apart: p0, p1" in text and "apart: p1, p2" in text


def test_it_plans_rotations_without_repeats_when_possible() -> None:
    people = tuple(Person(f"g{i}") for i in range(16))
    problem = GroupingProblem(people=people, n_groups=4, rounds=5)
    sol = solve(problem, time_limit=5.0, seed=1)
    import numpy as np

    s = encounter_summary(np.array(sol.assignment))
    assert s["repeat_meetings"] == 0
    assert s["distinct_mean"] == encounter_bound(16, 5, 4)


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_the_group_command_writes_groups_and_a_report(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    _write_csv(
        people,
        [["id", "organisation", "sector"]]
        + [[f"p{i}", f"org{i % 4}", f"s{i % 3}"] for i in range(12)],
    )
    apart = tmp_path / "apart.csv"
    _write_csv(apart, [["a", "b"], ["p0", "p1"]])
    out, report = tmp_path / "groups.csv", tmp_path / "report.json"
    code = main(
        [
            "group",
            str(people),
            "--size",
            "4",
            "--mix",
            "organisation:3,sector:1",
            "--apart",
            str(apart),
            "--time-limit",
            "0.5",
            "--out",
            str(out),
            "--report",
            str(report),
        ]
    )
    assert code == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 12 and set(rows[0]) == {"id", "round", "group"}
    assert Counter(r["group"] for r in rows) == {"1": 4, "2": 4, "3": 4}
    data = json.loads(report.read_text())
    assert data["constraint_check"] == [] and {"objective", "bound", "gap"} <= set(data)


def test_the_group_command_exits_2_naming_the_clash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = tmp_path / "people.csv"
    _write_csv(people, [["id", "org"], ["a", "x"], ["b", "x"], ["c", "y"], ["d", "y"]])
    together = tmp_path / "together.csv"
    _write_csv(together, [["a", "b"], ["b", "c"]])
    code = main(
        [
            "group",
            str(people),
            "--groups",
            "2",
            "--min-size",
            "2",
            "--max-size",
            "2",
            "--together",
            str(together),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "together: a, b" in err or "together: b, c" in err


def test_a_bad_csv_names_the_row_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = tmp_path / "people.csv"
    _write_csv(people, [["id", "org"], ["a", "x"], ["", "y"]])
    assert main(["group", str(people), "--size", "2"]) == 2
    assert "row 3, field 'id'" in capsys.readouterr().err


@st.composite
def problems(draw: st.DrawFn) -> GroupingProblem:
    n = draw(st.integers(4, 24))
    orgs = draw(st.integers(1, 6))
    people = cohort(n, orgs=orgs)
    k = draw(st.integers(1, max(1, n // 3)))
    ids = [p.id for p in people]
    pair = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda t: t[0] != t[1])
    apart = draw(st.lists(pair, max_size=2))
    rounds = draw(st.integers(1, 2))
    return GroupingProblem(
        people=people,
        intents=(Intent("organisation", "mix", 2.0), Intent("sector", "mix")),
        n_groups=k,
        apart=tuple(apart),
        known=tuple(draw(st.lists(pair, max_size=3))),
        rounds=rounds,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 5))
def test_properties_hold_for_any_small_problem(problem: GroupingProblem, seed: int) -> None:
    try:
        sol = solve(problem, time_limit=5.0, seed=seed, max_iterations=30)
    except InfeasibleError:
        return  # e.g. three people pairwise apart in two groups
    n = len(problem.people)
    assert len(sol.assignment) == problem.rounds
    k = problem.n_groups or 1
    for row in sol.assignment:
        assert len(row) == n  # everyone placed exactly once per round
        sizes = Counter(row)
        assert max(sizes.values()) - min(sizes.values()) <= 1  # balanced sizes
        assert set(row) <= set(range(k))
    assert sol.constraint_check == ()
    again = solve(problem, time_limit=5.0, seed=seed, max_iterations=30)
    assert again.assignment == sol.assignment  # same seed, same answer
    assert sol.objective >= sol.bound - 1e-9
