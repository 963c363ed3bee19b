"""A sponsor's home: the applications waiting for their support, and how the people from the
organisation they sponsor are doing, as counts.

Attendance is the organisation's row of the published attendance figures (`schedule.
stored_figures`, protected with the rest of that table); completion is counted from the schedule's
own rule (`schedule.completion.completers`) and published through disclosure control here, so a
handful of people's standing is never shown. Nothing of anyone's development or wellbeing answers
is read.
"""

from dataclasses import dataclass

from commonground.core import figure_store, publishing
from commonground.core.disclosure import THRESHOLD, Relation, Table
from commonground.programmes.models import Membership
from commonground.programmes.permissions import ProgrammeAccess
from commonground.recruitment.models import Application
from commonground.recruitment.queries import waiting_for_support
from commonground.schedule import completion, stored_figures


@dataclass(frozen=True)
class SponsorHome:
    organisation: str
    waiting: list[Application]
    people: int
    attendance_percent: int | None  # None: not shown (or nothing recorded yet)
    attended: int | None
    recorded: int | None
    completed: int | None  # None: not shown
    computed: figure_store.Computed

    @property
    def urgent(self) -> bool:
        return bool(self.waiting)


def sponsor_home(access: ProgrammeAccess) -> SponsorHome:
    programme = access.programme
    organisation = access.sponsored_organisation
    assert organisation is not None  # only sponsors have this section
    theirs = Membership.objects.participants().filter(
        programme=programme,
        person__affiliations__system_id=programme.system_id,
        person__affiliations__organisation_id=organisation.pk,
    )
    people = theirs.count()
    attended, _ = stored_figures.stored(programme)
    line = next((row for row in attended.value.organisations if row.label == organisation.name), None)
    recorded = (
        line.offered - line.unrecorded
        if line is not None and line.offered is not None and line.unrecorded is not None
        else None
    )
    return SponsorHome(
        organisation=organisation.name,
        waiting=list(waiting_for_support(programme, access.person)),
        people=people,
        attendance_percent=line.rate_percent if line is not None else None,
        attended=line.attended if line is not None else None,
        recorded=recorded,
        completed=_completed(people, completion.completers(programme).filter(pk__in=theirs.values("person_id")).count()),
        computed=figure_store.computed(attended),
    )


def _completed(people: int, completed: int) -> int | None:
    """How many of the organisation's people completed, through disclosure control: with fewer
    than five people every count of theirs is theirs, and each part of the total is a cell."""
    cells = {"people": people, "completed": completed, "not_completed": people - completed}
    sensitive = frozenset(cells) if 0 < people < THRESHOLD else frozenset()
    published = publishing.publish(
        Table(cells=cells, relations=(Relation("people", ("completed", "not_completed")),), sensitive=sensitive)
    )
    return published.value("completed")
