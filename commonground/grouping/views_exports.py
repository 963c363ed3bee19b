"""A cohort's learning sets to take away: CSV and XLSX (through `core.exports`, so no cell is a
formula) and a PDF for the room (one page per set in large type, through `core.pdf`).

The same people see them as see the sets page (the programme's leads and facilitators; everyone else
gets 404), and each download is in the audit trail with everyone it lists.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from commonground.accounts import audit
from commonground.core import exports
from commonground.core.pdf import download, pdf_response, render_pdf
from commonground.grouping import queries
from commonground.grouping.models import LearningSet
from commonground.grouping.queries import MemberLine
from commonground.programmes.models import Cohort
from commonground.programmes.permissions import ProgrammeAccess, person_from, programme_access

HEADER = ("Set", "Name", "Organisation", "Sector", "Place")
# What a download shows about each person, as the audit trail names it.
EXPORTED = ("full_name", "organisation", "sector", "place", "learning_set")

Roster = list[tuple[LearningSet, list[MemberLine]]]


def _roster(request: HttpRequest, programme_id: int, cohort_id: int) -> tuple[ProgrammeAccess, Cohort, Roster]:
    """The cohort's sets for a member of its programme's staff (404 for anyone else), recorded as exported."""
    access = programme_access(person_from(request), programme_id).require_staff()
    cohort = get_object_or_404(
        Cohort.objects.select_related("place", "programme"), pk=cohort_id, programme=access.programme
    )
    sets = queries.roster(cohort)
    audit.exported(
        request,
        what="learning_sets",
        subject_ids=[line.member.person_id for _, lines in sets for line in lines],
        fields=EXPORTED,
        programme_id=access.programme.pk,
    )
    return access, cohort, sets


def _rows(sets: Roster) -> list[list[object]]:
    return [
        [learning_set.name, line.name, line.organisation, line.sector, line.place]
        for learning_set, lines in sets
        for line in lines
    ]


def _filename(cohort: Cohort, extension: str) -> str:
    return f"Learning sets {cohort.name} {timezone.localdate().isoformat()}.{extension}"


@login_required
def sets_csv(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    _, cohort, sets = _roster(request, programme_id, cohort_id)
    return download(
        exports.csv_text([HEADER, *_rows(sets)]),
        filename=_filename(cohort, "csv"),
        content_type=exports.CONTENT_TYPES["csv"],
    )


@login_required
def sets_xlsx(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    _, cohort, sets = _roster(request, programme_id, cohort_id)
    return download(
        exports.xlsx_bytes([("Learning sets", HEADER, _rows(sets))]),
        filename=_filename(cohort, "xlsx"),
        content_type=exports.CONTENT_TYPES["xlsx"],
    )


@login_required
def sets_pdf(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    """One page per set, in type large enough to read across a room."""
    access, cohort, sets = _roster(request, programme_id, cohort_id)
    pdf = render_pdf(
        "grouping/sets_pdf.html",
        {"programme": access.programme, "cohort": cohort, "sets": sets, "made_on": timezone.localdate()},
        request=request,
    )
    return pdf_response(pdf, filename=_filename(cohort, "pdf"))
