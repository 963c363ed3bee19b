"""The one objective for attribute problems, per-group figures and the hard-constraint check.

Penalty (lower is better), summed over rounds and groups, over pairs sharing a group:
``mix`` weight if they share that attribute's value, minus ``match`` weight if they share it,
plus ``known_weight`` if they already know each other, plus ``repeat_weight`` for each
earlier meeting (in ``history`` or an earlier planned round).
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from commonground.grouping.engine.explain import describe_group
from commonground.grouping.engine.problem import GroupFigures, GroupingProblem


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def group_figures(
    problem: GroupingProblem, assignment: tuple[tuple[int, ...], ...]
) -> tuple[list[GroupFigures], float]:
    """Per-group figures for every round, and the total penalty."""
    people = problem.people
    mix = [it for it in problem.intents if it.kind == "mix"]
    match = [it for it in problem.intents if it.kind == "match"]
    known = {_pair(a, b) for a, b in problem.known}
    met: Counter[tuple[str, str]] = Counter()
    for past in problem.history:
        by_group: dict[int, list[str]] = {}
        for pid, g in past.items():
            by_group.setdefault(g, []).append(pid)
        for group_ids in by_group.values():
            for a, b in combinations(sorted(group_ids), 2):
                met[(a, b)] += 1
    figures: list[GroupFigures] = []
    total = 0.0
    show_repeats = problem.rounds > 1 or bool(problem.history)
    for r, row in enumerate(assignment):
        groups: dict[int, list[int]] = {}
        for i, g in enumerate(row):
            groups.setdefault(g, []).append(i)
        round_pairs: list[tuple[str, str]] = []
        for g in sorted(groups):
            idx = groups[g]
            ids = tuple(people[i].id for i in idx)
            score = 0.0
            mix_fig: dict[str, tuple[int, int]] = {}
            same_pairs: dict[str, int] = {}
            distinct: dict[str, int] = {}
            for it in mix + match:
                values = Counter(people[i].attributes.get(it.attribute, "") for i in idx)
                pairs = sum(c * (c - 1) // 2 for c in values.values())
                distinct[it.attribute] = len(values)
                same_pairs[it.attribute] = pairs
                if it.kind == "mix":
                    score += it.weight * pairs
                    mix_fig[it.attribute] = (len(values), pairs)
                else:
                    score -= it.weight * pairs
            n_known = 0
            n_repeat = 0
            for a, b in combinations(sorted(ids), 2):
                if (a, b) in known:
                    n_known += 1
                if met[(a, b)]:
                    n_repeat += met[(a, b)]
                round_pairs.append((a, b))
            score += problem.known_weight * n_known + problem.repeat_weight * n_repeat
            total += score
            text = describe_group(
                len(idx),
                mix_fig,
                {it.attribute: distinct[it.attribute] for it in match},
                n_known,
                n_repeat if show_repeats else None,
            )
            figures.append(
                GroupFigures(
                    round=r,
                    group=g,
                    size=len(idx),
                    members=ids,
                    distinct=distinct,
                    same_value_pairs=same_pairs,
                    known_pairs=n_known,
                    repeat_pairs=n_repeat,
                    score=score,
                    explanation=text,
                )
            )
        for p in round_pairs:
            met[p] += 1
    return figures, total


def check_constraints(
    problem: GroupingProblem,
    assignment: tuple[tuple[int, ...], ...],
    lo: list[int],
    hi: list[int],
) -> list[str]:
    """Every broken hard constraint, in words; empty when all hold."""
    people = problem.people
    index = {p.id: i for i, p in enumerate(people)}
    same = [it.attribute for it in problem.intents if it.kind == "same"]
    broken: list[str] = []
    m = len(lo)
    if len(assignment) != problem.rounds:
        broken.append(f"expected {problem.rounds} rounds, got {len(assignment)}")
    for r, row in enumerate(assignment):
        if len(row) != len(people):
            broken.append(f"round {r + 1}: {len(row)} placements for {len(people)} people")
            continue
        sizes = Counter(row)
        for i, g in enumerate(row):
            if not 0 <= g < m:
                broken.append(f"round {r + 1}: {people[i].id} is in no valid group")
        for g in range(m):
            if not lo[g] <= sizes.get(g, 0) <= hi[g]:
                broken.append(
                    f"round {r + 1}: group {g + 1} has {sizes.get(g, 0)} people, "
                    f"outside {lo[g]}-{hi[g]}"
                )
        for attr in same:
            seen: dict[int, set[str]] = {}
            for i, g in enumerate(row):
                seen.setdefault(g, set()).add(people[i].attributes.get(attr, ""))
            for g, vals in sorted(seen.items()):
                if len(vals) > 1:
                    broken.append(f"round {r + 1}: group {g + 1} mixes {attr} values")
        for a, b in problem.apart:
            if row[index[a]] == row[index[b]]:
                broken.append(f"round {r + 1}: apart {a}, {b} share group {row[index[a]] + 1}")
        for a, b in problem.together:
            if row[index[a]] != row[index[b]]:
                broken.append(f"round {r + 1}: together {a}, {b} are in different groups")
        for pid, g in problem.locked.items():
            if row[index[pid]] != g:
                broken.append(f"round {r + 1}: locked {pid} is not in group {g + 1}")
    return broken
