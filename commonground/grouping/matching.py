"""Mentor matching and buddy pairing for the apps above grouping: plain ids in, plain ids out.

An app describes each mentee and each mentor (an offer) by ids and a few attributes, the hard
rules as flags and forbidden pairs, and the soft criteria as weights; `match_mentors` turns that
into the engine's min-cost flow and gives back who is matched with whom, the cost and its bound.

The cost of an allowed pair (mentee i, mentor j) is

    1 + preference * (rank - 1, or the largest rank given when i did not rank j)
      + cross_sector * [same sector family] + same_place * [i asked for their place and j is elsewhere]

and every mentee who is not first in line for a rematch pays ``offset`` on top, with ``offset``
larger than any difference in total base cost two matchings can have. The engine first matches
as many mentees as the rules and capacities allow, then minimises the total, so among the largest
matchings it takes the one with the most mentees first in line, then the least base cost:
rematch priority is part of the objective, not a tie-break. Nothing here knows about the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from commonground.grouping.engine.buddies import BuddyError, BuddyPerson, pair_buddies
from commonground.grouping.engine.matching import (
    MAX_RANK,
    MatchingError,
    MatchingProblem,
    Mentee,
    Mentor,
    match,
)


class MatchingFailed(ValueError):
    """The matching cannot be made as asked; the message says why, in words."""


@dataclass(frozen=True)
class MenteeFacts:
    person_id: int
    organisation_id: int | None = None
    team_id: int | None = None
    sector_family: str = ""
    place_id: int | None = None
    wants_same_place: bool = False
    priority: bool = False  # first in line: their last match ended early


@dataclass(frozen=True)
class MentorFacts:
    offer_id: int
    person_id: int
    capacity: int
    organisation_id: int | None = None
    team_id: int | None = None
    sector_family: str = ""
    place_id: int | None = None


@dataclass(frozen=True)
class Weights:
    cross_sector: int = 3
    same_place: int = 2
    preference: int = 1


@dataclass(frozen=True)
class HardRules:
    apart_organisation: bool = True
    apart_team: bool = True
    forbidden: frozenset[tuple[int, int]] = frozenset()  # (mentee person id, mentor person id)


@dataclass(frozen=True)
class MentorMatching:
    mentor_of: dict[int, int | None]  # mentee person id -> offer id (None: unmatched)
    matched: int
    priority_matched: int
    cost: int  # the total base cost of the matching (the offset for priority taken off)
    bound: int  # the engine's bound on the same scale
    seconds: float

    @property
    def optimal(self) -> bool:
        return self.cost == self.bound


def largest_rank(ranks: Mapping[tuple[int, int], int]) -> int:
    return max(ranks.values(), default=0)


def base_cost(
    mentee: MenteeFacts, mentor: MentorFacts, rank: int | None, *, weights: Weights, unranked: int
) -> int:
    """The cost of one allowed pair before rematch priority (see the module docstring)."""
    cost = 1 + weights.preference * ((rank - 1) if rank is not None else unranked)
    if mentee.sector_family and mentee.sector_family == mentor.sector_family:
        cost += weights.cross_sector
    if mentee.wants_same_place and (mentee.place_id is None or mentee.place_id != mentor.place_id):
        cost += weights.same_place
    return cost


def allowed(mentee: MenteeFacts, mentor: MentorFacts, rules: HardRules) -> bool:
    """Whether the hard rules let this mentee and mentor be paired."""
    if mentee.person_id == mentor.person_id or (mentee.person_id, mentor.person_id) in rules.forbidden:
        return False
    if rules.apart_organisation and mentee.organisation_id and mentee.organisation_id == mentor.organisation_id:
        return False
    return not (rules.apart_team and mentee.team_id and mentee.team_id == mentor.team_id)


def match_mentors(
    *,
    mentees: Sequence[MenteeFacts],
    mentors: Sequence[MentorFacts],
    ranks: Mapping[tuple[int, int], int],  # (mentee person id, offer id) -> rank, 1 = first choice
    rules: HardRules,
    weights: Weights,
) -> MentorMatching:
    """The largest matching under the hard rules, most first-in-line mentees, then least cost (exact)."""
    unranked = largest_rank(ranks)
    costs: dict[tuple[str, str], int] = {}
    forbidden: set[tuple[str, str]] = set()
    for e in mentees:
        for m in mentors:
            key = (str(e.person_id), str(m.offer_id))
            if allowed(e, m, rules):
                costs[key] = base_cost(e, m, ranks.get((e.person_id, m.offer_id)), weights=weights, unranked=unranked)
            else:
                forbidden.add(key)
    widest = max(costs.values(), default=1) - 1
    slots = min(len(mentees), sum(max(m.capacity, 0) for m in mentors))
    offset = slots * widest + 1
    if offset + widest + 1 > MAX_RANK:
        raise MatchingFailed(
            "The weights and ranks are too large for this many mentees: lower the weights and try again."
        )
    later = {str(e.person_id) for e in mentees if not e.priority}
    problem = MatchingProblem(
        mentees=[Mentee(str(e.person_id)) for e in mentees],
        mentors=[Mentor(str(m.offer_id), max(m.capacity, 0)) for m in mentors],
        ranks={key: cost + (offset if key[0] in later else 0) for key, cost in costs.items()},
        forbidden=frozenset(forbidden),
    )
    try:
        result = match(problem)
    except MatchingError as exc:
        raise MatchingFailed(str(exc)) from exc
    mentor_of = {int(x): (int(y) if y is not None else None) for x, y in result.pairs}
    paying = sum(1 for x, y in result.pairs if y is not None and x in later)
    priority = sum(1 for e in mentees if e.priority and mentor_of[e.person_id] is not None)
    return MentorMatching(
        mentor_of=mentor_of,
        matched=result.matched,
        priority_matched=priority,
        cost=result.cost - offset * paying,
        bound=result.bound - offset * paying,
        seconds=result.seconds,
    )


# -- Buddies --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuddyFacts:
    person_id: int
    organisation_id: int | None = None
    sector_family: str = ""


@dataclass(frozen=True)
class Buddies:
    groups: list[tuple[int, ...]]
    unpaired: list[int]
    same_sector_pairs: int
    optimal: bool
    reasons: dict[int, str]


def pair_cohort(people: Sequence[BuddyFacts], met: Iterable[tuple[int, int]]) -> Buddies:
    """Buddies in pairs (one trio if odd), never the same organisation nor people who met."""
    ids = {p.person_id for p in people}
    try:
        result = pair_buddies(
            [
                BuddyPerson(str(p.person_id), f"o{p.organisation_id}" if p.organisation_id else "", p.sector_family)
                for p in people
            ],
            [(str(a), str(b)) for a, b in met if a in ids and b in ids and a != b],
        )
    except BuddyError as exc:
        raise MatchingFailed(str(exc)) from exc
    return Buddies(
        groups=[tuple(int(x) for x in g) for g in result.groups],
        unpaired=[int(x) for x in result.unpaired],
        same_sector_pairs=result.same_sector_pairs,
        optimal=result.optimal,
        reasons={int(k): v for k, v in result.reasons.items()},
    )
