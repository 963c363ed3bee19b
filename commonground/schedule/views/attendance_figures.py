"""The attendance figures page (staff): the published figures as charts, one breakdown at a time,
and the list of people, filtered, a page at a time, with a download of the whole filtered list.

The tables and who is at risk are computed once per change (`stored_figures`); the list of people
counts only the page shown, and the names of those at risk are read as they are now. Every person
shown or downloaded is recorded in the audit trail.
"""

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from commonground.accounts import audit
from commonground.core import charts, exports, figure_store
from commonground.core.inputs import parse_id, search_words
from commonground.core.pdf import download
from commonground.programmes.models import Cohort, Programme
from commonground.programmes.permissions import (
    ProgrammeAccess,
    page_context,
    person_from,
    programme_access,
    require,
)
from commonground.schedule import attendance, stored_figures
from commonground.schedule.attendance_people import (
    PeopleFilter,
    people_at_risk,
    people_for_download,
    people_page,
)
from commonground.schedule.attendance_timeline import Month

# What each part shows about each person, as the audit trail names it.
FIGURES_SHOWN = ("full_name", "organisation", "offered", "attended", "apologies", "absent", "not_recorded")
AT_RISK_SHOWN = ("full_name", "organisation", "cohort", "missed_sessions")
DOWNLOAD_SHOWN = (*FIGURES_SHOWN, "cohort", "missed_sessions")
AT_RISK_NAMED = 5  # the warning names the first few; the list of people shows them all
AT_RISK = "at-risk"  # the list's `show` filter: only the people who missed their last two sessions
PERCENT = charts.Format(suffix="%")


def _charts(months: list[Month], cohorts: list[attendance.FigureLine],
            sectors: list[attendance.FigureLine]) -> list[charts.Chart]:
    """The published figures as pictures, each with its table: month by month, by cohort and by sector."""
    return [
        charts.column_chart(
            key="attendance-months", title="Attendance over the programme, by month", label_heading="Month",
            value_heading="Attended of places offered", number=PERCENT, maximum=100,
            columns=[charts.Bar(m.label, None if m.rate is None else round(m.rate)) for m in months],
        ),
        *(charts.bar_chart(
            key=f"attendance-{key}s", title=f"Attendance by {key}", label_heading=key.capitalize(),
            value_heading="Attended of sessions recorded", number=PERCENT, wide=True,
            bars=[charts.Bar(line.label, line.rate_percent) for line in lines],
        ) for key, lines in (("cohort", cohorts), ("sector", sectors))),
    ]


def _scope(access: ProgrammeAccess) -> set[int] | None:
    cohort_ids = attendance.facilitated_cohort_ids(access)
    require(access, cohort_ids is None or bool(cohort_ids))
    return cohort_ids


def _cohorts(programme: Programme, cohort_ids: set[int] | None) -> list[tuple[int, str]]:
    """The cohorts the viewer may choose between, by name (one query)."""
    cohorts = Cohort.objects.filter(programme=programme)
    if cohort_ids is not None:
        cohorts = cohorts.filter(pk__in=cohort_ids)
    return list(cohorts.order_by("name", "pk").values_list("pk", "name"))


def _chosen(query: QueryDict, cohorts: list[tuple[int, str]], at_risk: set[int]) -> tuple[PeopleFilter, str]:
    """The list's filters as asked for; a cohort the viewer cannot choose is ignored, not an error."""
    cohort_id = parse_id(query.get("cohort"))
    show = AT_RISK if query.get("show") == AT_RISK else ""
    return PeopleFilter(
        cohort_id=cohort_id if cohort_id in dict(cohorts) else None,
        name=search_words(query.get("name")),
        only=frozenset(at_risk) if show else None,
    ), show


@login_required
def figures(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_staff()
    cohort_ids = _scope(access)
    offered = attendance.offered_invitations(access.programme, cohort_ids=cohort_ids)
    stored, completed = stored_figures.stored(access.programme, cohort_ids=cohort_ids)
    missed = stored_figures.missed(access.programme, cohort_ids=cohort_ids)
    by_month = stored_figures.months(access.programme, cohort_ids=cohort_ids)
    cohorts = _cohorts(access.programme, cohort_ids)
    sessions_missed = {m.person_id: m.last_sessions for m in missed.value}
    chosen, show = _chosen(request.GET, cohorts, set(sessions_missed))
    page, people = people_page(access.programme, offered, cohort_ids=cohort_ids, number=request.GET.get("page"),
                               chosen=chosen)
    # Someone at risk says so in the list, with the two sessions they missed.
    people = [
        replace(line, detail=_missed(line.detail, sessions_missed[line.person_id]))
        if line.person_id in sessions_missed else line
        for line in people
    ]
    at_risk = people_at_risk(offered, missed.value)
    published = stored.value
    audit.page_viewed(
        request,
        audit.Shown("attendance_by_person", [p.person_id for p in people if p.person_id], FIGURES_SHOWN),
        audit.Shown("attendance_at_risk", [p.person_id for p in at_risk[:AT_RISK_NAMED]], AT_RISK_SHOWN),
        programme_id=access.programme.pk,
    )
    downloads = {fmt: _download_url(access.programme.pk, fmt, request.GET) for fmt in exports.CONTENT_TYPES}
    return render(
        request,
        "schedule/attendance/figures.html",
        page_context(
            access,
            at_risk=at_risk,
            at_risk_named=at_risk[:AT_RISK_NAMED],
            totals=published.totals,
            cohorts=published.cohorts,
            organisations=published.organisations,
            sectors=published.sectors,
            page=page,
            people=people,
            chosen=chosen,
            show=show,
            cohort_choices=cohorts,
            downloads=downloads,
            scoped=cohort_ids is not None,
            completion=completed.value,
            figures_computed=figure_store.computed(stored, completed, missed, by_month),
            charts=_charts(by_month.value, published.cohorts, published.sectors),
        ),
    )


def _missed(organisation: str, sessions: tuple[str, str]) -> str:
    said = f"At risk: missed {sessions[0]} and {sessions[1]}"
    return f"{organisation}. {said}" if organisation else said


def _download_url(programme_id: int, fmt: str, query: QueryDict) -> str:
    """The download of the list as filtered now (the page number left out: it is the whole list)."""
    kept = query.copy()
    kept.pop("page", None)
    url = reverse("schedule:attendance-people-export", args=[programme_id, fmt])
    return f"{url}?{kept.urlencode()}" if kept else url


@login_required
def people_export(request: HttpRequest, programme_id: int, fmt: str) -> HttpResponse:
    """The whole list of people as filtered on the page, as CSV or XLSX, recorded as an export."""
    access = programme_access(person_from(request), programme_id).require_staff()
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("No such format.")
    cohort_ids = _scope(access)
    offered = attendance.offered_invitations(access.programme, cohort_ids=cohort_ids)
    sessions_missed = {m.person_id: m.last_sessions
                       for m in stored_figures.missed(access.programme, cohort_ids=cohort_ids).value}
    chosen, _ = _chosen(request.GET, _cohorts(access.programme, cohort_ids), set(sessions_missed))
    listed = people_for_download(access.programme, offered, cohort_ids=cohort_ids, chosen=chosen)
    header = ["Name", "Organisation", "Cohort", "Offered", "Attended", "Apologies", "Absent", "Not recorded",
              "Attendance rate %", "Missed their last two sessions"]
    rows = [
        [line.label, line.detail, cohort, line.offered, line.attended, line.apologies, line.absent, line.unrecorded,
         "" if line.rate_percent is None else line.rate_percent,
         " and ".join(sessions_missed[line.person_id]) if line.person_id in sessions_missed else ""]
        for line, cohort in listed
    ]
    audit.exported(
        request, what="attendance_by_person", subject_ids=[line.person_id for line, _ in listed if line.person_id],
        fields=DOWNLOAD_SHOWN, programme_id=access.programme.pk,
    )
    return download(
        exports.table_file(fmt, title="Attendance by person", header=header, rows=rows),
        filename=f"attendance-by-person-programme-{programme_id}-{timezone.localdate().isoformat()}.{fmt}",
        content_type=exports.CONTENT_TYPES[fmt],
    )
