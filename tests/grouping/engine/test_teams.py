"""Challenge-team formation: preferences first, then mixing, never below the preference floor."""

import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from commonground.grouping.engine.teams import (
    Member,
    TeamProblem,
    TeamsError,
    TeamSpec,
    form_teams,
    preference_only,
    rank_cost,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from bench_teams import instance


def _specs(keys: str, low: int, high: int) -> tuple[TeamSpec, ...]:
    return tuple(TeamSpec(k, low, high) for k in keys)


@pytest.mark.parametrize(("rank", "cost"), [(1, 0), (2, 1), (3, 3), (4, 6), (None, 40)])
def test_a_later_choice_costs_more_and_more(rank: int | None, cost: int) -> None:
    assert rank_cost(rank) == cost


def test_everyone_gets_their_first_choice_when_the_sizes_allow() -> None:
    people = tuple(
        Member(f"p{i}", f"org{i}", "s", ("a", "b") if i < 4 else ("b", "a")) for i in range(8)
    )
    solution = form_teams(TeamProblem(people, _specs("ab", 2, 6)), seed=3, max_iterations=2000)
    assert solution.first_share == 1.0
    assert Counter(solution.assignment.values()) == {"a": 4, "b": 4}


def test_the_preference_only_assignment_honours_the_smallest_team_size() -> None:
    people = tuple(Member(f"p{i}", "", "", ("a",)) for i in range(6))
    solution = preference_only(TeamProblem(people, _specs("ab", 2, 6)))
    assert Counter(solution.assignment.values()) == {"a": 4, "b": 2}
    assert sum(1 for r in solution.ranks.values() if r is None) == 2


def test_mixing_splits_a_same_organisation_pair_when_preferences_are_equal() -> None:
    people = (
        Member("x1", "trust", "nhs", ("a", "b")),
        Member("x2", "trust", "nhs", ("a", "b")),
        Member("y1", "council", "council", ("b", "a")),
        Member("y2", "charity", "vcfs", ("b", "a")),
    )
    problem = TeamProblem(people, _specs("ab", 2, 2), organisation_weight=5.0, top_two_share=1.0)
    assert preference_only(problem).same_organisation_pairs == 1
    mixed = form_teams(problem, seed=1, max_iterations=5000)
    assert mixed.same_organisation_pairs == 0
    assert mixed.top_two_share == 1.0


@pytest.mark.parametrize(
    ("people", "low", "high", "words"),
    [(3, 2, 5, "cannot fill"), (11, 1, 5, "do not fit")],
)
def test_impossible_sizes_are_refused_in_words(
    people: int, low: int, high: int, words: str
) -> None:
    problem = TeamProblem(tuple(Member(f"p{i}") for i in range(people)), _specs("ab", low, high))
    with pytest.raises(TeamsError, match=words):
        form_teams(problem)


def test_the_same_seed_gives_the_same_teams() -> None:
    problem = instance(seed=5)
    a = form_teams(problem, seed=4, max_iterations=20_000, time_limit=60)
    b = form_teams(problem, seed=4, max_iterations=20_000, time_limit=60)
    assert a.assignment == b.assignment


def test_a_realistic_hundred_over_eight_issues_keeps_preferences_and_mixes_better() -> None:
    problem = instance(seed=7)
    baseline = preference_only(problem)
    ours = form_teams(problem, seed=1, time_limit=10)
    assert ours.top_two_share >= 0.8
    assert ours.same_organisation_pairs < baseline.same_organisation_pairs
    assert all(8 <= t.size <= 15 for t in ours.teams)
    assert sum(t.size for t in ours.teams) == 100
    assert "got their 1st choice" in ours.teams[0].explanation


@settings(max_examples=40, deadline=None)
@given(
    people=st.integers(min_value=4, max_value=40),
    teams=st.integers(min_value=2, max_value=5),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_everyone_is_placed_once_within_the_sizes_and_never_below_the_floor(
    people: int, teams: int, seed: int
) -> None:
    import random

    assume(people >= teams)
    rng = random.Random(seed)
    keys = "abcde"[:teams]
    low = max(1, people // teams - 2)
    high = -(-people // teams) + 2
    members = tuple(
        Member(
            f"p{i}",
            f"o{rng.randrange(5)}",
            f"s{rng.randrange(3)}",
            tuple(rng.sample(keys, rng.randint(0, teams))),
        )
        for i in range(people)
    )
    problem = TeamProblem(members, _specs(keys, low, high))
    solution = form_teams(problem, seed=seed, max_iterations=3000)
    assert set(solution.assignment) == {m.id for m in members}
    assert all(low <= t.size <= high for t in solution.teams)
    on_top_two = sum(1 for r in solution.ranks.values() if r in (1, 2))
    assert on_top_two >= solution.top_two_floor
    assert solution.top_two_floor == min(
        sum(1 for r in preference_only(problem).ranks.values() if r in (1, 2)), -(-people * 8 // 10)
    )
