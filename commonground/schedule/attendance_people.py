"""The attendance figures page's lists of people: everyone, a page at a time, and who is at
risk of dropping out.

The participants in scope (the viewer's cohorts, narrowed by the page's filters: a cohort, part of
a name, only those at risk) are paged first (by name), and only that page's invitations are
counted, so a page of people costs the same at 400 participants as at 20,000; the download counts
the whole filtered list in the same few queries, grouped in the database. Someone not yet
invited to a session that has ended is listed with nothing offered. The list is one staff work
from, one person at a time, so it is not counted through disclosure control (the tables above it
are). Who is at risk is worked out by the task worker into the figure store (`stored_figures`,
ids and session titles only); the page reads the names of those few people as they are now.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from commonground.accounts.models import Person
from commonground.programmes.models import Membership, Programme
from commonground.programmes.where import by_person
from commonground.schedule.attendance import FigureLine, Status, counted, person_lines
from commonground.schedule.models import Invitation

PEOPLE_PER_PAGE = 25


@dataclass(frozen=True)
class PeopleFilter:
    """Which participants the list shows: one cohort, names containing some words, only some people
    (those at risk); the defaults show everyone in the viewer's scope."""

    cohort_id: int | None = None
    name: str = ""
    only: frozenset[int] | None = None

    @property
    def narrowed(self) -> bool:
        return self.cohort_id is not None or bool(self.name) or self.only is not None


def participants(
    programme: Programme, *, cohort_ids: set[int] | None, chosen: PeopleFilter = PeopleFilter()
) -> QuerySet[Membership]:
    """The participant memberships the list shows, before paging."""
    members = Membership.objects.participants().filter(programme=programme)
    if cohort_ids is not None:
        members = members.filter(cohort_id__in=cohort_ids)
    if chosen.cohort_id is not None:
        members = members.filter(cohort_id=chosen.cohort_id)
    if chosen.name:
        members = members.filter(person__full_name__icontains=chosen.name)
    if chosen.only is not None:
        members = members.filter(person_id__in=sorted(chosen.only))
    return members


def people_page(
    programme: Programme, offered: QuerySet[Invitation], *, cohort_ids: set[int] | None, number: str | None,
    chosen: PeopleFilter = PeopleFilter(),
) -> tuple[Page, list[FigureLine]]:
    """The page `number` (as typed: a bad one gives the first or the last page) of the
    participants in scope, and a line for each of them (four queries)."""
    members = participants(programme, cohort_ids=cohort_ids, chosen=chosen)
    ordered = members.order_by("person__full_name", "person_id").values_list("person_id", "person__full_name")
    page = Paginator(ordered, PEOPLE_PER_PAGE).get_page(number)
    names = dict(page.object_list)
    return page, _lines(programme, offered.filter(person_id__in=list(names)), names)


def people_for_download(
    programme: Programme, offered: QuerySet[Invitation], *, cohort_ids: set[int] | None, chosen: PeopleFilter
) -> list[tuple[FigureLine, str]]:
    """Every participant the filtered list shows, by name, each line with the person's cohort (four
    queries, whatever the size: the counts are grouped in the database)."""
    members = participants(programme, cohort_ids=cohort_ids, chosen=chosen)
    rows = list(members.order_by("person__full_name", "person_id").values_list("person_id", "person__full_name",
                                                                                "cohort__name"))
    names = {pid: name for pid, name, _ in rows}
    lines = _lines(programme, offered.filter(person_id__in=members.values("person_id")), names)
    return [(line, cohort or "") for line, (_, _, cohort) in zip(lines, rows, strict=True)]


def _lines(programme: Programme, offered: QuerySet[Invitation], names: dict[int, str]) -> list[FigureLine]:
    """A line for each of `names` (in their order) from their invitations; someone with none has a
    line of nothing offered, with their organisation read apart (one query for all of them)."""
    lines = {
        line.person_id: line
        for line in person_lines(counted(offered, "person__full_name", "person_id", "work__organisation__name"))
    }
    waiting = [pid for pid in names if pid not in lines]
    if waiting:
        work = by_person(system_id=programme.system_id, person_ids=waiting)
        for pid in waiting:
            organisation = work[pid].organisation if pid in work else None
            lines[pid] = FigureLine(
                label=names[pid], people=1, offered=0, attended=0, apologies=0, absent=0, unrecorded=0,
                person_id=pid, detail=organisation.name if organisation else "",
            )
    return [lines[pid] for pid in names]


@dataclass(frozen=True)
class AtRisk:
    person_id: int
    name: str
    organisation: str
    cohort: str
    last_sessions: tuple[str, str]


@dataclass(frozen=True)
class Missed:
    """Someone whose two most recent recorded sessions were both missed: what the figure store
    keeps (ids and session titles only; names are read when the list is shown)."""

    person_id: int
    last_sessions: tuple[str, str]


def missed_twice(offered: QuerySet[Invitation]) -> list[Missed]:
    """Everyone among the invitations whose last two recorded sessions were both missed (one query)."""
    recent = (
        offered.filter(~Q(status=Status.UNRECORDED.value))
        .annotate(
            recency=Window(
                RowNumber(),
                partition_by=[F("person_id")],
                order_by=[F("session__starts_at").desc(), F("session_id").desc()],
            )
        )
        .filter(recency__lte=2)
        .order_by("person_id", "recency")
        .values_list("person_id", "status", "session__title")
    )
    statuses: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for person_id, status, title in recent:
        statuses[person_id].append((status, title))
    return [
        Missed(pid, (rows[0][1], rows[1][1]))
        for pid, rows in statuses.items()
        if len(rows) == 2 and all(status == Status.ABSENT.value for status, _ in rows)
    ]


def people_at_risk(offered: QuerySet[Invitation], missed: list[Missed]) -> list[AtRisk]:
    """The people of `missed` still among the invitations, with name, cohort and organisation
    (two queries, over these people only)."""
    if not missed:
        return []
    titles = {m.person_id: m.last_sessions for m in missed}
    cohorts: dict[int, str] = {}
    organisations: dict[int, str] = {}
    # `work` is the affiliation in the programme's system that `offered_invitations` aliases.
    for pid, cohort, organisation in (
        offered.filter(person_id__in=list(titles))
        .values_list("person_id", "person__memberships__cohort__name", "work__organisation__name")  # type: ignore[misc]
        .distinct()
    ):
        cohorts[pid], organisations[pid] = cohort or "", organisation or ""
    people = Person.objects.filter(pk__in=list(cohorts)).order_by("full_name", "pk")
    return [
        AtRisk(
            person_id=p.pk, name=p.full_name, organisation=organisations[p.pk], cohort=cohorts[p.pk],
            last_sessions=titles[p.pk],
        )
        for p in people
    ]


def at_risk(offered: QuerySet[Invitation]) -> list[AtRisk]:
    """People whose two most recent recorded sessions were both missed, as of now."""
    return people_at_risk(offered, missed_twice(offered))
