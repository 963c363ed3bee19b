"""evaluate(): the figures of a grouping made some other way, with no search."""

from __future__ import annotations

import pytest

from commonground.grouping.engine import (
    GroupingProblem,
    Intent,
    Person,
    ProblemError,
    evaluate,
    solve,
)


def people(n: int) -> tuple[Person, ...]:
    return tuple(
        Person(
            f"p{i}", {"organisation": f"org{i % 3}", "place": f"place{i % 2}", "team": f"t{i % 4}"}
        )
        for i in range(n)
    )


PROBLEM = GroupingProblem(
    people=people(12),
    intents=(
        Intent("place", "same"),
        Intent("organisation", "mix", 2.0),
        Intent("team", "mix", 5.0),
    ),
    n_groups=4,
    apart=(("p0", "p2"),),
    together=(("p1", "p5"),),
    locked={"p4": 0},
    known=(("p1", "p3"),),
)


def test_it_gives_the_same_figures_as_solve_for_solves_own_answer() -> None:
    sol = solve(PROBLEM, time_limit=1.0, seed=3)
    ev = evaluate(PROBLEM, sol.assignment[0])
    assert ev.objective == sol.objective
    assert ev.bound == sol.bound and ev.gap == sol.gap
    assert ev.figures == sol.figures
    assert [g.explanation for g in ev.groups] == [g.explanation for g in sol.groups]
    assert ev.worst_group_score == sol.worst_group_score
    assert ev.constraint_check == ()
    assert evaluate(PROBLEM, sol.assignment).objective == sol.objective  # one row per round too


def test_it_counts_pairs_by_hand() -> None:
    # place0: p0 p2 p4 p6 p8 p10 (orgs 0 2 1 0 2 1); place1: p1 p3 p5 p7 p9 p11 (orgs 1 0 2 1 0 2)
    assignment = (0, 2, 1, 2, 0, 2, 0, 3, 1, 3, 1, 3)
    ev = evaluate(PROBLEM, assignment)
    # group 1: p0 p4 p6 -> org0 twice (1 pair, team t0 p0 & t0? p0 t0, p4 t0 -> 1 team pair)
    # group 2: p2 p8 p10 -> org2 twice (1 pair); teams t2 t0 t2 -> 1 pair
    # group 3: p1 p3 p5 -> orgs 1 0 2; teams t1 t3 t1 -> 1 pair; known p1-p3
    # group 4: p7 p9 p11 -> orgs 1 0 2; teams t3 t1 t3 -> 1 pair
    assert ev.figures["same_organisation_pairs"] == 2
    assert ev.figures["same_team_pairs"] == 4
    assert ev.figures["known_pairs"] == 1
    assert ev.objective == 2 * 2.0 + 4 * 5.0 + 1 * 1.0
    assert ev.figures["same_organisation_pairs_min"] == 0
    assert ev.constraint_check == ()
    assert ev.groups[2].known_pairs == 1
    assert "1 pair who already knew each other" in ev.groups[2].explanation
    assert ev.worst_group_score == max(g.score for g in ev.groups)
    assert ev.objective >= ev.bound


def test_it_names_every_broken_hard_constraint() -> None:
    ev = evaluate(PROBLEM, (0,) * 12)
    text = " | ".join(ev.constraint_check)
    assert "group 1 has 12 people, outside 3-3" in text
    assert "group 1 mixes place values" in text
    assert "apart p0, p2 share group 1" in text
    assert not ev.optimal
    swapped = (0, 2, 1, 3, 1, 3, 0, 2, 0, 3, 1, 2)  # p4 out of group 1, p1 and p5 split
    text = " | ".join(evaluate(PROBLEM, swapped).constraint_check)
    assert "locked p4 is not in group 1" in text
    assert "together p1, p5 are in different groups" in text


def test_a_wrong_length_or_round_count_is_reported_not_raised() -> None:
    ev = evaluate(PROBLEM, (0, 1, 2))
    assert any("3 placements for 12 people" in c for c in ev.constraint_check)
    two = GroupingProblem(people=people(4), n_groups=2, rounds=2)
    assert any("expected 2 rounds" in c for c in evaluate(two, ((0, 0, 1, 1),)).constraint_check)


def test_without_a_group_count_the_groups_used_count() -> None:
    problem = GroupingProblem(
        people=people(9), intents=(Intent("organisation", "mix"),), max_size=3
    )
    ev = evaluate(problem, (0, 0, 0, 1, 1, 1, 2, 2, 2))
    assert ev.figures["groups"] == 3
    assert ev.figures["same_organisation_pairs"] == 0  # orgs 0 1 2 in each group
    assert ev.objective == 0 == ev.bound and ev.optimal
    over = evaluate(problem, (0, 0, 0, 0, 1, 1, 1, 2, 2))
    assert any("4 people, outside 1-3" in c for c in over.constraint_check)


def test_repeats_across_rounds_and_history_are_counted() -> None:
    problem = GroupingProblem(
        people=people(4),
        n_groups=2,
        rounds=2,
        history=({"p0": 0, "p1": 0, "p2": 1, "p3": 1},),
    )
    ev = evaluate(problem, ((0, 0, 1, 1), (0, 0, 1, 1)))
    # each round repeats p0-p1 and p2-p3 from history; round 2 repeats them again
    assert ev.figures["repeat_pairs"] == 2 + 4
    assert ev.groups[0].explanation.endswith("1 pair meeting again")
    assert ev.groups[2].explanation.endswith("2 pairs meeting again")


def test_bad_input_is_a_problem_error() -> None:
    with pytest.raises(ProblemError):
        evaluate(GroupingProblem(people=()), ())
