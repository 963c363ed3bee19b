"""Placing participants without a cohort into cohorts of their place, mixing organisations and
sectors across a place's cohorts with the engine."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest

from commonground.accounts import audit
from commonground.grouping.engine import GroupingProblem, Intent, solve
from commonground.grouping.engine import Person as EnginePerson
from commonground.programmes.cohorts import set_cohorts
from commonground.programmes.models import Cohort, Membership, Programme
from commonground.programmes.where import here

PLACEMENT_INTENTS = (Intent("organisation", "mix", 3.0), Intent("sector", "mix", 2.0))


@dataclass(frozen=True)
class Placement:
    placed: dict[str, int]  # cohort name -> people placed there
    unplaced: list[str]  # why some people could not be placed


@transaction.atomic
def place_participants(
    *, programme: Programme, time_limit: float = 2.0, request: HttpRequest | None = None
) -> Placement:
    """Put participants without a cohort into cohorts of their place (system-wide ones otherwise),
    within capacity, mixing organisations and sectors with the engine. The audit trail records each
    person placed, in one insert (by and from: `request`)."""
    cohorts = list(Cohort.objects.select_for_update().filter(programme=programme).order_by("name"))
    if not cohorts:
        raise ValidationError("This programme has no cohorts yet.")
    counts = dict(
        Membership.objects.participants()
        .filter(cohort__in=cohorts)
        .values_list("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    # Where each works (place, organisation, sector) is their affiliation in the programme's system.
    unplaced = list(
        Membership.objects.participants()
        .filter(programme=programme, cohort__isnull=True)
        .alias(work=here(programme.system_id))
        .order_by("joined_on", "pk")
        .values_list(
            "pk",
            "person_id",
            "work__place_id",
            "work__organisation_id",
            "work__organisation__sector",
        )
    )
    by_place: dict[int | None, list[Cohort]] = defaultdict(list)
    for cohort in cohorts:
        by_place[cohort.place_id].append(cohort)
    buckets: dict[int | None, list[tuple[Any, ...]]] = defaultdict(list)
    reasons: list[str] = []
    homeless = 0
    for row in unplaced:
        place_id = row[2] if row[2] in by_place else None
        if place_id is None and None not in by_place:
            homeless += 1
            continue
        buckets[place_id].append(row)
    if homeless:
        reasons.append(f"{homeless} with no cohort for their place and no system-wide cohort")
    placed: Counter[str] = Counter()
    moves: dict[int, int | None] = {}
    for place_id, rows in buckets.items():
        options = by_place[place_id]
        free = sum(max(0, c.capacity - counts.get(c.pk, 0)) for c in options)
        if len(rows) > free:
            reasons.append(
                f"{len(rows) - free} for {', '.join(c.name for c in options)}: no free places"
            )
            rows = rows[:free]
        if not rows:
            continue
        choice = _choose_cohorts(
            options, counts, rows, system_id=programme.system_id, time_limit=time_limit
        )
        moves.update(choice)
        names = {c.pk: c.name for c in options}
        placed.update(names[cohort_id] for cohort_id in choice.values())
    # One write for everyone, so invitations and sets follow at once in a fixed number of queries.
    changes = set_cohorts(moves=moves)
    audit.changes(
        *(audit.Change("cohort", [c.person_id], ["cohort"], c.membership_id) for c in changes),
        request=request, programme_id=programme.pk,
    )
    return Placement(dict(placed), reasons)


def _choose_cohorts(
    options: list[Cohort],
    counts: dict[int, int],
    rows: list[tuple[Any, ...]],
    *,
    system_id: int,
    time_limit: float,
) -> dict[int, int]:
    """Membership pk -> cohort pk, mixing organisations and sectors across the options."""
    if len(options) == 1:
        return {row[0]: options[0].pk for row in rows}
    # Those already in each cohort are locked there, so the newcomers balance the whole cohort.
    existing = list(
        Membership.objects.participants()
        .filter(cohort__in=options)
        .alias(work=here(system_id))
        .values_list("person_id", "cohort_id", "work__organisation_id", "work__organisation__sector")
    )
    index = {c.pk: i for i, c in enumerate(options)}
    people = [
        EnginePerson(
            f"e{pid}", {"organisation": f"o{org or 'x' + str(pid)}", "sector": sector or f"x{pid}"}
        )
        for pid, _, org, sector in existing
    ] + [
        EnginePerson(
            f"n{pk}", {"organisation": f"o{org or 'y' + str(pk)}", "sector": sector or f"y{pk}"}
        )
        for pk, _, _, org, sector in rows
    ]
    problem = GroupingProblem(
        people=tuple(people),
        intents=PLACEMENT_INTENTS,
        n_groups=len(options),
        min_size=1,
        max_size=max(c.capacity for c in options),
        locked={f"e{pid}": index[cid] for pid, cid, _, _ in existing},
    )
    solution = solve(problem, time_limit=time_limit, seed=1)
    groups = solution.assignment[0][len(existing) :]
    choice = {row[0]: options[g].pk for row, g in zip(rows, groups, strict=True)}
    # Capacities may differ between cohorts; move any overflow to the emptiest cohort with room.
    fill = Counter({c.pk: counts.get(c.pk, 0) for c in options})
    fill.update(choice.values())
    capacity = {c.pk: c.capacity for c in options}
    for pk, cid in list(choice.items()):
        if fill[cid] > capacity[cid]:
            room = min(
                (c for c in capacity if fill[c] < capacity[c]), key=lambda c: fill[c] / capacity[c]
            )
            fill[cid] -= 1
            fill[room] += 1
            choice[pk] = room
    return choice
