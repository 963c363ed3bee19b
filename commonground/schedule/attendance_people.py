"""The attendance figures page's list of people, a page at a time.

The participants in scope are paged first (by name), and only that page's invitations are
counted, so a page of 100 people costs the same at 400 participants as at 20,000. Someone not yet
invited to a session that has ended is listed with nothing offered. The list is one staff work
from, one person at a time, so it is not counted through disclosure control (the tables above it
are).
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from commonground.programmes.models import Membership, Programme
from commonground.programmes.where import by_person
from commonground.schedule.attendance import FigureLine, counted, person_lines
from commonground.schedule.models import Invitation

PEOPLE_PER_PAGE = 100


def people_page(
    programme: Programme, offered: QuerySet[Invitation], *, cohort_ids: set[int] | None, number: str | None
) -> tuple[Page, list[FigureLine]]:
    """The page `number` (as typed: a bad one gives the first or the last page) of the
    participants in scope, and a line for each of them (four queries)."""
    members = Membership.objects.participants().filter(programme=programme)
    if cohort_ids is not None:
        members = members.filter(cohort_id__in=cohort_ids)
    ordered = members.order_by("person__full_name", "person_id").values_list("person_id", "person__full_name")
    page = Paginator(ordered, PEOPLE_PER_PAGE).get_page(number)
    names = dict(page.object_list)
    lines = {
        line.person_id: line
        for line in person_lines(
            counted(offered.filter(person_id__in=list(names)), "person__full_name", "person_id", "work__organisation__name")
        )
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
    return page, [lines[pid] for pid in names]
