"""What the grouping engine is told about a cohort, and how its answers turn back into words.

Built from memberships, teams, survey answers and the lead's choices (locks, keep-apart pairs);
nothing here writes. Person ids go to the engine as ``p<pk>`` so that its messages can be turned
back into names (`in_words`).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from commonground.accounts.models import Person
from commonground.grouping.engine import GroupingProblem, Intent
from commonground.grouping.engine import Person as EnginePerson
from commonground.grouping.models import KeepApart
from commonground.network.models import RosterConsent, RoundKind, TieReport
from commonground.programmes.models import Cohort, Membership
from commonground.programmes.where import here

# Never two from the same team: a weight far above anything the other goals can trade against it,
# so the search treats it as hard whenever it can be met and otherwise keeps such pairs fewest.
TEAM_WEIGHT = 1000.0
SET_INTENTS = (
    Intent("team", "mix", TEAM_WEIGHT),
    Intent("organisation", "mix", 3.0),
    Intent("sector", "mix", 2.0),
    Intent("profession", "mix", 1.0),
)
KNOWN_WEIGHT = 2.0
DEFAULT_MIN_SIZE = 8
DEFAULT_MAX_SIZE = 10
DEFAULT_TIME_LIMIT = 5.0


@dataclass(frozen=True)
class PersonFacts:
    """What mixing looks at for one person."""

    person_id: int
    team_id: int | None
    organisation_id: int | None
    sector: str
    profession: str


def engine_id(person_id: int) -> str:
    return f"p{person_id}"


def _attributes(facts: PersonFacts) -> dict[str, str]:
    # An unknown value is the person's own, so it never counts as shared with anyone.
    own = f"unknown-{facts.person_id}"
    return {
        "team": f"t{facts.team_id}" if facts.team_id else own,
        "organisation": f"o{facts.organisation_id}" if facts.organisation_id else own,
        "sector": facts.sector or own,
        "profession": facts.profession or own,
    }


def set_count(people: int, min_size: int, max_size: int) -> int:
    """How many sets of min_size..max_size suit this many people (nearest the middle size)."""
    low = max(1, -(-people // max_size))
    high = max(1, people // min_size)
    wanted = max(1, round(people / ((min_size + max_size) / 2)))
    return min(max(wanted, low), high)


def fitting_sizes(people: int, min_size: int, max_size: int) -> tuple[int, int]:
    """The asked-for sizes, with the smallest lowered until some number of sets fits (21 people: 7-10)."""
    low = min_size
    while low > 1 and -(-people // max_size) > people // low:
        low -= 1
    return min(low, max(people, 1)), max_size


def size_problem(people: int, min_size: int, max_size: int) -> str:
    """Why this many people cannot be split into sets of min_size..max_size, with bounds that would work
    (empty when they can)."""
    if people == 0 or -(-people // max_size) <= people // min_size:
        return ""
    if people < 2:
        return "This cohort has only 1 participant, and a set needs at least 2 people."
    if people < min_size:
        return (
            f"{people} people are fewer than the smallest set you asked for ({min_size}). "
            f"Try sets of {people} to {max_size} (one set of all {people})."
        )
    fewer, more = people // min_size, -(-people // max_size)
    lower = next(m for m in range(min_size - 1, 0, -1) if -(-people // max_size) <= people // m)
    ideas = [f"{lower} to {max_size} ({more} sets)"]
    higher = next((m for m in range(max_size + 1, 51) if -(-people // m) <= fewer), None)
    if higher is not None:
        ideas.append(f"{min_size} to {higher} ({fewer} {'set' if fewer == 1 else 'sets'})")
    return (
        f"{people} people cannot be split into sets of {min_size} to {max_size}: "
        f"{fewer} {'set holds' if fewer == 1 else 'sets hold'} at most {fewer * max_size} people and "
        f"{more} sets need at least {more * min_size}. Try sets of {' or '.join(ideas)}."
    )


def problem_for_sets(
    *,
    people: list[PersonFacts],
    known: Iterable[tuple[int, int]] = (),
    apart: Iterable[tuple[int, int]] = (),
    locked: dict[int, int] | None = None,
    min_size: int = DEFAULT_MIN_SIZE,
    max_size: int = DEFAULT_MAX_SIZE,
    n_groups: int | None = None,
) -> GroupingProblem:
    """The engine's problem for one cohort's learning sets (locked maps person id to 0-based set)."""
    locked = locked or {}
    if n_groups is None:
        n_groups = set_count(len(people), min_size, max_size)
        if locked:
            n_groups = max(n_groups, max(locked.values()) + 1)
    return GroupingProblem(
        people=tuple(EnginePerson(engine_id(f.person_id), _attributes(f)) for f in people),
        intents=SET_INTENTS,
        n_groups=n_groups,
        min_size=min_size,
        max_size=max_size,
        apart=tuple((engine_id(a), engine_id(b)) for a, b in apart),
        locked={engine_id(pid): g for pid, g in locked.items()},
        known=tuple((engine_id(a), engine_id(b)) for a, b in known),
        known_weight=KNOWN_WEIGHT,
    )


def _facts_from_rows(rows: Iterable[tuple[Any, ...]]) -> list[PersonFacts]:
    return [
        PersonFacts(pid, team, org, sector or "", profession or "")
        for pid, team, org, sector, profession in rows
    ]


def cohort_people(cohort: Cohort) -> list[PersonFacts]:
    """The cohort's participants, in person id order, with their team and organisation in the
    programme's system (one query)."""
    return _facts_from_rows(
        Membership.objects.participants()
        .filter(cohort=cohort)
        .alias(work=here(cohort.programme.system_id))
        .order_by("person_id")
        .values_list(
            "person_id",
            "work__team_id",
            "work__organisation_id",
            "work__organisation__sector",
            "person__profession",
        )
    )


def known_pairs(cohort: Cohort, ids: set[int]) -> list[tuple[int, int]]:
    """Pairs who said at the start that they already knew each other (listed people only; two queries)."""
    listed = set(
        RosterConsent.objects.filter(
            programme_id=cohort.programme_id, listed=True, person_id__in=ids
        ).values_list("person_id", flat=True)
    )
    rows = (
        TieReport.objects.filter(
            round__programme_id=cohort.programme_id, round__kind=RoundKind.START, knows=True
        )
        .filter(Q(round__cohort=cohort) | Q(round__cohort__isnull=True))
        .values_list("reporter_id", "colleague_id")
    )
    return sorted(
        {(min(a, b), max(a, b)) for a, b in rows if a in listed and b in listed and a != b}
    )


def apart_pairs(cohort: Cohort, ids: set[int]) -> list[tuple[int, int]]:
    rows = KeepApart.objects.filter(cohort=cohort).values_list("person_a_id", "person_b_id")
    return [(a, b) for a, b in rows if a in ids and b in ids]


def person_names(person_ids: Iterable[int]) -> dict[int, str]:
    return dict(Person.objects.filter(pk__in=list(person_ids)).values_list("pk", "full_name"))


def in_words(messages: Iterable[str], names: dict[int, str]) -> str:
    """The engine's messages with ``p<pk>`` replaced by names and groups called sets."""

    def name(match: re.Match[str]) -> str:
        return names.get(int(match.group(1)), "someone")

    text = "; ".join(re.sub(r"\bp(\d+)\b", name, m) for m in messages)
    text = re.sub(r"\bapart:? ", "keep apart: ", text)
    text = re.sub(r"\blocked:? ", "locked in place: ", text)
    return text.replace("group", "set")
