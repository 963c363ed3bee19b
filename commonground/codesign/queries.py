"""Reads for co-design pages, each a fixed number of queries however many issues or people there are."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from commonground.codesign.models import ChallengeTeam, Issue, Outcome, TeamMember
from commonground.core.inputs import parse_id
from commonground.programmes.models import Programme

SORTS = {"supported": ("-supporter_count", "-created_at", "-pk"), "newest": ("-created_at", "-pk")}


def issues(
    programme: Programme, *, place: str = "", state: str = "", sort: str = "supported"
) -> QuerySet[Issue]:
    """The programme's issues, filtered by place ("system" for whole-system ones) and state."""
    rows = Issue.objects.filter(programme=programme).select_related("place", "proposed_by")
    if place == "system":
        rows = rows.filter(place__isnull=True)
    elif (place_id := parse_id(place)) is not None:
        rows = rows.filter(place_id=place_id)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by(*SORTS.get(sort, SORTS["supported"]))


@dataclass(frozen=True)
class ShowcaseRow:
    outcome: Outcome
    organisations: list[str]
    names: list[str]


def showcase_rows(programme: Programme) -> list[ShowcaseRow]:
    """Every outcome of the programme, with the organisations (and names) of the team behind it."""
    outcomes = list(
        Outcome.objects.filter(issue__programme=programme)
        .select_related("issue__place", "team__partner", "team__formation__cohort")
        .order_by("-created_at", "-pk")
    )
    team_ids = {o.team_id for o in outcomes if o.team_id}
    orgs: dict[int, set[str]] = defaultdict(set)
    names: dict[int, list[str]] = defaultdict(list)
    for team_id, name, org in (
        TeamMember.objects.filter(team_id__in=team_ids)
        .values_list("team_id", "person__full_name", "person__organisation__name")
        .order_by("person__full_name")
    ):
        names[team_id].append(name)
        if org:
            orgs[team_id].add(org)
    return [
        ShowcaseRow(o, sorted(orgs.get(o.team_id or 0, ())), names.get(o.team_id or 0, []))
        for o in outcomes
    ]


def teams_of(person_id: int, programme: Programme) -> list[ChallengeTeam]:
    """Published teams the person is in."""
    return list(
        ChallengeTeam.objects.filter(
            formation__cohort__programme=programme,
            members__person_id=person_id,
            formation__published_at__isnull=False,
        )
        .select_related("issue", "formation__cohort")
        .order_by("issue__title")
    )
