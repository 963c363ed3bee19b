"""Reads: the caller's programme, its cohorts, people, sessions and attendance, applications,
learning sets and published figures, each as the pages show them to the same person."""

from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from commonground.accounts import audit
from commonground.api.auth import access, token_of
from commonground.api.pagination import decode, listed, page
from commonground.api.schemas import (
    LIMIT_DEFAULT,
    READ_ERRORS,
    ApplicationPage,
    AttendancePage,
    CohortPage,
    Cursor,
    Id,
    LearningSetPage,
    Limit,
    PersonPage,
    ProgrammePage,
    ReachOut,
    SessionPage,
)
from commonground.grouping.models import LearningSet, LearningSetMember
from commonground.programmes import figures, where
from commonground.programmes.models import Membership
from commonground.programmes.views import COHORT_LIST_FIELDS, COHORT_LIST_STAFF_FIELDS
from commonground.recruitment.models import Application
from commonground.schedule.attendance import can_take_register, register_invitations
from commonground.schedule.models import Attendance, Session
from commonground.schedule.queries import sessions_for

router = Router(tags=["read"])

REGISTER_FIELDS = ("full_name", "reply", "mark")
APPLICATION_FIELDS = ("full_name", "status", "source", "cohort")
SET_FIELDS = ("learning_set",)


@router.get("/programmes", response={200: ProgrammePage, **READ_ERRORS}, url_name="programmes")
def programmes(request: HttpRequest, cursor: Cursor = None, limit: Limit = LIMIT_DEFAULT) -> Any:
    """The token's programme, with the roles its person holds there (a token serves one programme)."""
    token = token_of(request)
    roles = sorted(
        Membership.objects.filter(person=token.person, programme=token.programme).values_list("role", flat=True)
    )
    rows = [] if not roles or page_done(cursor) else [
        {"id": token.programme_id, "title": token.programme.title, "system": token.programme.system.name, "roles": roles}
    ]
    return listed(rows, None)


def page_done(cursor: str | None) -> bool:
    """A one-row list has no second page: any cursor given is past its end (and checked as one)."""
    return decode(cursor) > 0


@router.get("/programmes/{id:programme_id}/cohorts", response={200: CohortPage, **READ_ERRORS}, url_name="cohorts")
def cohorts(request: HttpRequest, programme_id: Id, cursor: Cursor = None, limit: Limit = LIMIT_DEFAULT) -> Any:
    """The cohorts the caller may see (all for staff and sponsors, their own for participants)."""
    found = access(request, programme_id)
    if not found.sees_people:
        raise Http404("Not found.")
    rows, more = page(found.visible_cohorts(), cursor=cursor, limit=limit)
    return listed(
        [{"id": c.pk, "name": c.name, "place": c.place.name if c.place else None, "capacity": c.capacity} for c in rows],
        more,
    )


@router.get("/programmes/{id:programme_id}/people", response={200: PersonPage, **READ_ERRORS}, url_name="people")
def people(
    request: HttpRequest, programme_id: Id, cohort_id: Id | None = None, cursor: Cursor = None,
    limit: Limit = LIMIT_DEFAULT,
) -> Any:
    """The participants the caller may list, as a cohort's page shows them (funders: 404)."""
    found = access(request, programme_id)
    if not found.sees_people:
        raise Http404("Not found.")
    members = found.visible_participants()
    if cohort_id is not None:
        members = members.filter(cohort_id=cohort_id)
    rows, more = page(members, cursor=cursor, limit=limit)
    system_id = found.programme.system_id
    where.attach((m.person for m in rows), system_id=system_id)
    audit.viewed(
        request, subject_ids=[m.person_id for m in rows], what="cohort_list",
        fields=COHORT_LIST_STAFF_FIELDS if found.is_staff else COHORT_LIST_FIELDS, programme_id=programme_id,
    )
    items = []
    for m in rows:
        organisation = m.person.where.organisation
        item: dict[str, Any] = {
            "id": m.person_id, "membership_id": m.pk, "full_name": m.person.full_name, "cohort_id": m.cohort_id,
            "organisation": organisation.name if organisation else None,
            "job_title": m.person.job_title or m.person.get_profession_display() or "",
        }
        if found.is_staff:
            item["sector"] = organisation.get_sector_display() if organisation else None
            item["seniority"] = m.person.get_seniority_display() or None
        items.append(item)
    return listed(items, more)


def _sessions(request: HttpRequest, programme_id: int) -> Any:
    found = access(request, programme_id)
    everyone = found.is_staff or found.is_sponsor or found.is_funder
    return found, sessions_for(found.person, found.programme, everyone=everyone)


@router.get("/programmes/{id:programme_id}/sessions", response={200: SessionPage, **READ_ERRORS}, url_name="sessions")
def sessions(request: HttpRequest, programme_id: Id, cursor: Cursor = None, limit: Limit = LIMIT_DEFAULT) -> Any:
    """The programme's sessions (staff, sponsors, funders) or the participant's own."""
    _, visible = _sessions(request, programme_id)
    rows, more = page(visible.select_related("module").prefetch_related("cohorts"), cursor=cursor, limit=limit)
    return listed(
        [
            {
                "id": s.pk, "title": s.title, "kind": s.kind, "status": s.status, "starts_at": s.starts_at,
                "ends_at": s.ends_at, "module": s.module.title if s.module else None,
                "cohort_ids": sorted(c.pk for c in s.cohorts.all()),
            }
            for s in rows
        ],
        more,
    )


@router.get(
    "/programmes/{id:programme_id}/sessions/{id:session_id}/attendance",
    response={200: AttendancePage, **READ_ERRORS}, url_name="attendance",
)
def attendance(
    request: HttpRequest, programme_id: Id, session_id: Id, cursor: Cursor = None, limit: Limit = LIMIT_DEFAULT
) -> Any:
    """A session's register (those who may take it: its lead and facilitators; 404 for others)."""
    found = access(request, programme_id)
    session = get_object_or_404(Session.objects.select_related("programme"), pk=session_id, programme=found.programme)
    if not can_take_register(found, session):
        raise Http404("Not found.")
    rows, more = page(register_invitations(session), cursor=cursor, limit=limit)
    marks = dict(
        Attendance.objects.filter(session=session, person_id__in=[i.person_id for i in rows]).values_list(
            "person_id", "mark"
        )
    )
    audit.viewed(
        request, subject_ids=[i.person_id for i in rows], what="register", fields=REGISTER_FIELDS,
        object_id=session.pk, programme_id=programme_id,
    )
    return listed(
        [
            {"person_id": i.person_id, "full_name": i.person.full_name, "reply": i.reply, "mark": marks.get(i.person_id)}
            for i in rows
        ],
        more,
    )


@router.get(
    "/programmes/{id:programme_id}/applications", response={200: ApplicationPage, **READ_ERRORS},
    url_name="applications",
)
def applications(request: HttpRequest, programme_id: Id, cursor: Cursor = None, limit: Limit = LIMIT_DEFAULT) -> Any:
    """Every application to the programme (leads only)."""
    found = access(request, programme_id).require_lead()
    rows, more = page(
        Application.objects.filter(programme=found.programme).select_related("person"), cursor=cursor, limit=limit
    )
    audit.viewed(
        request, subject_ids=[a.person_id for a in rows], what="applications", fields=APPLICATION_FIELDS,
        programme_id=programme_id,
    )
    return listed(
        [
            {
                "id": a.pk, "person_id": a.person_id, "full_name": a.person.full_name, "status": a.status,
                "source": a.source, "cohort_id": a.cohort_id, "submitted_at": a.submitted_at,
            }
            for a in rows
        ],
        more,
    )


@router.get(
    "/programmes/{id:programme_id}/learning-sets", response={200: LearningSetPage, **READ_ERRORS},
    url_name="learning-sets",
)
def learning_sets(request: HttpRequest, programme_id: Id, cursor: Cursor = None, limit: Limit = LIMIT_DEFAULT) -> Any:
    """Published learning sets and their members' ids: every set for a lead, a facilitator's own
    sets, a participant's own set; 404 for sponsors and funders."""
    found = access(request, programme_id)
    sets = LearningSet.objects.filter(cohort__programme=found.programme)
    if found.is_lead:
        sets = sets.filter(published_at__isnull=False)
    elif found.is_facilitator:
        sets = sets.filter(facilitator=found.person)
    elif found.is_participant:
        sets = sets.filter(published_at__isnull=False, members__person=found.person)
    else:
        raise Http404("Not found.")
    members = Prefetch("members", queryset=LearningSetMember.objects.order_by("person_id"))
    rows, more = page(sets.prefetch_related(members), cursor=cursor, limit=limit)
    for learning_set in rows:
        audit.viewed(
            request, subject_ids=[m.person_id for m in learning_set.members.all()], what="learning_set",
            fields=SET_FIELDS, object_id=learning_set.pk, programme_id=programme_id,
        )
    return listed(
        [
            {
                "id": s.pk, "cohort_id": s.cohort_id, "number": s.number, "name": s.name,
                "member_ids": [m.person_id for m in s.members.all()],
            }
            for s in rows
        ],
        more,
    )


@router.get("/programmes/{id:programme_id}/figures/reach", response={200: ReachOut, **READ_ERRORS}, url_name="reach")
def reach(request: HttpRequest, programme_id: Id) -> Any:
    """Who takes part, by place and sector family (and, for staff, by sector, cohort and seniority),
    as published: counts under 5, and counts that would give one away, are null. Leads,
    facilitators and funders; 404 for others."""
    found = access(request, programme_id)
    if not (found.is_staff or found.is_funder):
        raise Http404("Not found.")
    stored = figures.stored_reach(found.programme)
    published = stored.value

    def rows(lines: list[figures.FigureRow]) -> list[dict[str, Any]]:
        return [{"label": row.label, "count": row.count} for row in lines]

    answer: dict[str, Any] = {
        "computed_at": stored.computed_at, "being_updated": stored.being_updated, "total": published.total,
        "by_place": rows(published.by_place), "by_family": rows(published.by_family),
    }
    if found.is_staff:
        answer |= {
            "by_sector": rows(published.by_sector), "by_cohort": rows(published.by_cohort),
            "by_seniority": rows(published.by_seniority),
        }
    return answer
