"""The grouping bridge's mentor matching against an independent brute force on small cases."""

import itertools
import random

import pytest

from commonground.grouping.matching import (
    HardRules,
    MenteeFacts,
    MentorFacts,
    Weights,
    allowed,
    base_cost,
    largest_rank,
    match_mentors,
)


def brute_force(mentees, mentors, ranks, rules, weights):  # type: ignore[no-untyped-def]
    """Every assignment: the best (most matched, most first in line, least base cost) by enumeration."""
    unranked = largest_rank(ranks)
    options = [[None, *[m for m in mentors if allowed(e, m, rules)]] for e in mentees]
    best = None
    for choice in itertools.product(*options):
        load: dict[int, int] = {}
        for m in choice:
            if m is not None:
                load[m.offer_id] = load.get(m.offer_id, 0) + 1
        if any(load[m.offer_id] > m.capacity for m in mentors if m.offer_id in load):
            continue
        matched = sum(m is not None for m in choice)
        priority = sum(m is not None and e.priority for e, m in zip(mentees, choice, strict=True))
        cost = sum(
            base_cost(e, m, ranks.get((e.person_id, m.offer_id)), weights=weights, unranked=unranked)
            for e, m in zip(mentees, choice, strict=True)
            if m is not None
        )
        key = (-matched, -priority, cost)
        if best is None or key < best:
            best = key
    return best


def random_case(seed: int):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    n, m = rng.randint(1, 6), rng.randint(1, 3)
    mentees = [
        MenteeFacts(
            person_id=i + 1, organisation_id=rng.randint(1, 3), team_id=rng.choice([None, 1, 2]),
            sector_family=rng.choice(["nhs", "council", "vcfs"]), place_id=rng.randint(1, 2),
            wants_same_place=rng.random() < 0.5, priority=rng.random() < 0.3,
        )
        for i in range(n)
    ]
    mentors = [
        MentorFacts(
            offer_id=100 + j, person_id=50 + j, capacity=rng.randint(0, 2), organisation_id=rng.randint(1, 3),
            team_id=rng.choice([None, 1, 2]), sector_family=rng.choice(["nhs", "council", "vcfs"]),
            place_id=rng.randint(1, 2),
        )
        for j in range(m)
    ]
    ranks = {}
    for e in mentees:
        for rank, offer in enumerate(rng.sample(mentors, rng.randint(0, m)), start=1):
            ranks[(e.person_id, offer.offer_id)] = rank
    forbidden = frozenset((e.person_id, mt.person_id) for e in mentees for mt in mentors if rng.random() < 0.15)
    rules = HardRules(apart_organisation=rng.random() < 0.7, apart_team=rng.random() < 0.5, forbidden=forbidden)
    weights = Weights(rng.randint(0, 5), rng.randint(0, 5), rng.randint(0, 3))
    return mentees, mentors, ranks, rules, weights


@pytest.mark.parametrize("seed", range(60))
def test_the_matching_is_as_good_as_the_best_found_by_enumeration(seed: int) -> None:
    mentees, mentors, ranks, rules, weights = random_case(seed)
    result = match_mentors(mentees=mentees, mentors=mentors, ranks=ranks, rules=rules, weights=weights)
    assert result.optimal
    assert (-result.matched, -result.priority_matched, result.cost) == brute_force(mentees, mentors, ranks, rules, weights)
    load: dict[int, int] = {}
    by_id = {m.offer_id: m for m in mentors}
    for e in mentees:
        offer = result.mentor_of[e.person_id]
        if offer is not None:
            assert allowed(e, by_id[offer], rules)
            load[offer] = load.get(offer, 0) + 1
    assert all(load[o] <= by_id[o].capacity for o in load)


def test_someone_first_in_line_is_matched_before_a_better_fitting_mentee_when_there_is_one_place() -> None:
    mentor = MentorFacts(offer_id=9, person_id=90, capacity=1, sector_family="council")
    fits = MenteeFacts(person_id=1, sector_family="nhs")  # another sector, ranked first
    waiting = MenteeFacts(person_id=2, sector_family="council", priority=True)  # same sector, not ranked
    result = match_mentors(
        mentees=[fits, waiting], mentors=[mentor], ranks={(1, 9): 1}, rules=HardRules(), weights=Weights(),
    )
    assert result.mentor_of == {1: None, 2: 9}
    without_priority = match_mentors(
        mentees=[fits, MenteeFacts(person_id=2, sector_family="council")], mentors=[mentor], ranks={(1, 9): 1},
        rules=HardRules(), weights=Weights(),
    )
    assert without_priority.mentor_of == {1: 9, 2: None}


def test_a_forbidden_pair_and_the_same_organisation_are_never_matched() -> None:
    mentee = MenteeFacts(person_id=1, organisation_id=5)
    same_org = MentorFacts(offer_id=1, person_id=10, capacity=3, organisation_id=5)
    chained = MentorFacts(offer_id=2, person_id=11, capacity=3, organisation_id=6)
    result = match_mentors(
        mentees=[mentee], mentors=[same_org, chained], ranks={},
        rules=HardRules(forbidden=frozenset({(1, 11)})), weights=Weights(),
    )
    assert result.mentor_of == {1: None}
    assert result.matched == 0
