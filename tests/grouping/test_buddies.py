"""Buddy pairing: the hard rules hold, the pairing is the best one, and the odd one out fits in."""

from __future__ import annotations

import random
from collections.abc import Iterator

import networkx as nx
import pytest

from commonground.grouping.engine.buddies import (
    DENSE_PAIRS,
    NO_ALLOWED_PARTNER,
    NO_PARTNER_LEFT,
    BuddyError,
    BuddyPerson,
    BuddyResult,
    pair_buddies,
)


def cohort(
    rng: random.Random, n: int, organisations: int, sectors: int, met: int
) -> tuple[list[BuddyPerson], set[tuple[str, str]]]:
    people = [
        BuddyPerson(f"p{i}", f"org{rng.randrange(organisations)}", f"s{rng.randrange(sectors)}")
        for i in range(n)
    ]
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < met:
        a, b = rng.sample(range(n), 2)
        pairs.add((f"p{a}", f"p{b}"))
    return people, pairs


def allowed(a: BuddyPerson, b: BuddyPerson, met: set[frozenset[str]]) -> bool:
    same_org = bool(a.organisation) and a.organisation == b.organisation
    return not same_org and frozenset((a.id, b.id)) not in met


def same_sector(a: BuddyPerson, b: BuddyPerson) -> int:
    return int(bool(a.sector) and a.sector == b.sector)


def assert_sound(people: list[BuddyPerson], met: set[tuple[str, str]], r: BuddyResult) -> None:
    """Everyone once, groups of two (one of three at most), and no rule broken."""
    by_id = {p.id: p for p in people}
    met_sets = {frozenset(m) for m in met}
    placed = [i for g in r.groups for i in g] + r.unpaired
    assert sorted(placed) == sorted(by_id)
    assert all(len(g) in (2, 3) for g in r.groups)
    assert sum(len(g) == 3 for g in r.groups) <= (1 if len(people) % 2 else 0)
    same = 0
    for g in r.groups:
        for k, a in enumerate(g):
            for b in g[:k]:
                assert allowed(by_id[a], by_id[b], met_sets), (a, b)
                same += same_sector(by_id[a], by_id[b])
    assert r.same_sector_pairs == same
    assert set(r.reasons) == set(r.unpaired)


def matchings(ids: list[int], edges: set[frozenset[int]]) -> Iterator[list[tuple[int, int]]]:
    """Every matching of the graph (the first free person is either skipped or paired)."""
    if not ids:
        yield []
        return
    first, rest = ids[0], ids[1:]
    yield from matchings(rest, edges)
    for k, other in enumerate(rest):
        if frozenset((first, other)) in edges:
            for m in matchings(rest[:k] + rest[k + 1 :], edges):
                yield [(first, other), *m]


def brute_best(people: list[BuddyPerson], met: set[tuple[str, str]]) -> tuple[int, int]:
    """(most pairs, fewest same-sector pairs among those), over every matching enumerated."""
    met_sets = {frozenset(m) for m in met}
    n = len(people)
    edges = {
        frozenset((i, j))
        for i in range(n)
        for j in range(i + 1, n)
        if allowed(people[i], people[j], met_sets)
    }
    best = (0, 0)
    for m in matchings(list(range(n)), edges):
        key = (len(m), -sum(same_sector(people[i], people[j]) for i, j in m))
        best = max(best, key)
    return best[0], -best[1]


def test_rules_are_never_broken_on_random_cohorts() -> None:
    rng = random.Random(20261206)
    for n in (10, 17, 31, 46, 63):
        people, met = cohort(rng, n, organisations=rng.randint(2, 12), sectors=4, met=n * 2)
        r = pair_buddies(people, met)
        assert_sound(people, met, r)
        assert r.optimal


@pytest.mark.parametrize("seed", range(40))
def test_most_pairs_then_fewest_same_sector_pairs_match_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice([2, 4, 6, 8, 10])
    people, met = cohort(rng, n, organisations=rng.randint(2, 5), sectors=rng.randint(1, 3), met=n)
    pairs, same = brute_best(people, met)
    r = pair_buddies(people, met)
    assert_sound(people, met, r)
    assert r.optimal
    assert len(r.groups) == pairs
    assert r.same_sector_pairs == same


@pytest.mark.parametrize("seed", range(20))
def test_an_odd_count_groups_at_least_as_many_as_the_best_pairing(seed: int) -> None:
    rng = random.Random(1000 + seed)
    n = rng.choice([3, 5, 7, 9])
    people, met = cohort(rng, n, organisations=rng.randint(2, 5), sectors=2, met=n // 2)
    pairs, _ = brute_best(people, met)
    r = pair_buddies(people, met)
    assert_sound(people, met, r)
    assert sum(len(g) == 2 for g in r.groups) + sum(len(g) == 3 for g in r.groups) == pairs
    assert n - len(r.unpaired) >= 2 * pairs


def test_the_pairing_agrees_with_a_blossom_matching_on_a_medium_cohort() -> None:
    rng = random.Random(7)
    people, met = cohort(rng, 60, organisations=6, sectors=3, met=200)
    met_sets = {frozenset(m) for m in met}
    graph = nx.Graph()
    big = 100
    for k, a in enumerate(people):
        for b in people[:k]:
            if allowed(a, b, met_sets):
                graph.add_edge(a.id, b.id, weight=big - same_sector(a, b))
    blossom = nx.max_weight_matching(graph, maxcardinality=True)
    blossom_same = sum(same_sector(people[int(a[1:])], people[int(b[1:])]) for a, b in blossom)
    r = pair_buddies(people, met)
    assert r.optimal
    assert len(r.groups) == len(blossom)
    assert r.same_sector_pairs == blossom_same


def test_an_odd_count_gives_one_trio_that_adds_the_fewest_same_sector_pairs() -> None:
    people = [
        BuddyPerson("a", "nhs trust", "health"),
        BuddyPerson("b", "council", "local government"),
        BuddyPerson("c", "charity", "voluntary"),
        BuddyPerson("d", "care home", "social care"),
        BuddyPerson("e", "gp surgery", "health"),
    ]
    r = pair_buddies(people, [])
    assert_sound(people, set(), r)
    assert sorted(len(g) for g in r.groups) == [2, 3]
    assert r.unpaired == []
    # Only a and e share a sector, and every grouping of five can keep them apart.
    assert r.same_sector_pairs == 0


def test_the_odd_one_out_joins_only_a_pair_the_rules_allow() -> None:
    people = [
        BuddyPerson("a", "org1"),
        BuddyPerson("b", "org2"),
        BuddyPerson("c", "org2"),
    ]
    # a may pair with b or c, but b and c share an organisation: no trio is allowed.
    r = pair_buddies(people, [])
    assert_sound(people, set(), r)
    assert len(r.groups) == 1 and len(r.groups[0]) == 2
    assert r.reasons == {r.unpaired[0]: NO_PARTNER_LEFT}


def test_met_people_are_never_paired() -> None:
    people = [BuddyPerson(x) for x in "abcd"]
    met = {("a", "b"), ("c", "d"), ("a", "c")}
    r = pair_buddies(people, met)
    assert r.groups == [("a", "d"), ("b", "c")]


def test_everyone_from_one_organisation_is_left_unpaired_without_error() -> None:
    people = [BuddyPerson(f"p{i}", " Leeds Council ", "local government") for i in range(7)]
    r = pair_buddies(people, [])
    assert r.groups == []
    assert r.unpaired == [p.id for p in people]
    assert r.reasons == {p.id: NO_ALLOWED_PARTNER for p in people}
    assert r.optimal


def test_empty_values_never_clash() -> None:
    people = [BuddyPerson("a"), BuddyPerson("b", "", "  ")]
    r = pair_buddies(people, [])
    assert r.groups == [("a", "b")]
    assert r.same_sector_pairs == 0


def test_a_cohort_of_100_is_all_grouped_and_proven_best() -> None:
    rng = random.Random(100)
    people, met = cohort(rng, 100, organisations=30, sectors=10, met=300)
    r = pair_buddies(people, met)
    assert_sound(people, met, r)
    assert r.unpaired == []
    assert len(r.groups) == 50
    assert r.optimal
    odd = pair_buddies(people[:99], {m for m in met if "p99" not in m})
    assert odd.unpaired == []
    assert sorted(len(g) for g in odd.groups) == [2] * 48 + [3]
    assert odd.optimal


def test_a_cohort_of_2000_is_paired_from_drawn_candidates_and_none_is_missed() -> None:
    """Above the dense size each person brings drawn partners; someone with a single allowed
    partner is still found (scanned in full) and paired with them."""
    rng = random.Random(2000)
    people, met = cohort(rng, 2000, organisations=120, sectors=8, met=4000)
    assert DENSE_PAIRS < 2000 * 1999 // 2
    lonely, only = people[0], next(p for p in people[1:] if p.organisation != people[0].organisation)
    met = {m for m in met if "p0" not in m} | {("p0", p.id) for p in people[1:] if p is not only}
    r = pair_buddies(people, met)
    assert_sound(people, met, r)
    assert r.unpaired == []
    assert len(r.groups) == 1000
    assert (lonely.id, only.id) in r.groups or (only.id, lonely.id) in r.groups
    # Eight sectors of about 250: a pairing with no pair inside a sector exists and is found, and
    # only then is it called optimal.
    assert r.same_sector_pairs == 0
    assert r.optimal


def test_a_large_cohort_with_one_sector_is_not_claimed_optimal_from_candidates() -> None:
    rng = random.Random(7)
    people = [BuddyPerson(f"p{i}", f"org{rng.randrange(200)}", "nhs") for i in range(800)]
    r = pair_buddies(people, [])
    assert_sound(people, set(), r)
    assert r.unpaired == []
    assert r.same_sector_pairs == 400
    assert not r.optimal


def test_an_empty_cohort_has_no_groups() -> None:
    assert pair_buddies([], []) == BuddyResult([], [], 0, True, {})


@pytest.mark.parametrize(
    ("people", "met", "named"),
    [
        ([BuddyPerson("a"), BuddyPerson("a")], [], "'a'"),
        ([BuddyPerson("")], [], "empty id"),
        ([BuddyPerson("a"), BuddyPerson("b")], [("a", "zed")], "'zed'"),
        ([BuddyPerson("a")], [("a", "a")], "'a' twice"),
    ],
)
def test_bad_input_is_refused_naming_the_id(
    people: list[BuddyPerson], met: list[tuple[str, str]], named: str
) -> None:
    with pytest.raises(BuddyError, match=named):
        pair_buddies(people, met)
    assert issubclass(BuddyError, ValueError)
