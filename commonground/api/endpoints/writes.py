"""Writes, for tokens that may write, each through the service that owns that kind of write:
applications imported (recruitment's import: every row valid or nothing written), register
marks (the schedule's register), and a participant's own reply to a session's invitation."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.errors import HttpError

from commonground.api.auth import writing
from commonground.api.schemas import (
    WRITE_ERRORS,
    Id,
    Imported,
    ImportIn,
    ImportRefused,
    MarkIn,
    MarkOut,
    ReplyIn,
    ReplyOut,
)
from commonground.core.inputs import has_refused_characters
from commonground.recruitment import importing
from commonground.recruitment.services.imports import ImportInvalid, import_applications
from commonground.schedule.attendance import can_take_register, mark_attendance
from commonground.schedule.models import Session
from commonground.schedule.queries import sessions_for
from commonground.schedule.services.invitations import reply as reply_to_session

router = Router(tags=["write"])


def _refusal(exc: ValidationError) -> HttpError:
    return HttpError(400, " ".join(exc.messages))


@router.post(
    "/programmes/{id:programme_id}/applications/import",
    response={201: Imported, **WRITE_ERRORS, 400: ImportRefused}, url_name="applications-import",
)
def import_rows(request: HttpRequest, programme_id: Id, body: ImportIn) -> Any:
    """Import applications (leads): each row keyed by the import's column names. Every row is
    checked; with any error nothing is written and the answer lists each row's errors (rows
    numbered from 1)."""
    found = writing(request, programme_id).require_lead()
    rows: list[dict[str, str]] = []
    unknown: list[importing.RowError] = []
    for number, row in enumerate(body.rows, start=1):
        for column in sorted(set(row) - set(importing.COLUMNS)):
            unknown.append(importing.RowError(number, column[:50], "No such column."))
        rows.append({**{k: v.strip() for k, v in row.items() if k in importing.COLUMNS}, "_row": str(number)})
    if not rows:
        return Status(400, {"detail": "Send at least one row.", "errors": []})
    try:
        if unknown:
            raise ImportInvalid(unknown)
        created = import_applications(programme=found.programme, rows=rows, by=found.person, request=request)
    except ImportInvalid as exc:
        return Status(400, {
            "detail": "Nothing was imported: correct these rows.",
            "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in exc.row_errors],
        })
    return Status(201, {"created": len(created), "application_ids": [a.pk for a in created]})


@router.put(
    "/programmes/{id:programme_id}/sessions/{id:session_id}/attendance/{id:person_id}",
    response={200: MarkOut, **WRITE_ERRORS}, url_name="attendance-mark",
)
def mark(request: HttpRequest, programme_id: Id, session_id: Id, person_id: Id, body: MarkIn) -> Any:
    """Mark one person on a session's register (those who may take it: its lead and facilitators)."""
    found = writing(request, programme_id)
    session = get_object_or_404(Session.objects.select_related("programme"), pk=session_id, programme=found.programme)
    if not can_take_register(found, session):
        raise Http404("Not found.")
    try:
        marked = mark_attendance(
            session=session, person_id=person_id, mark=body.mark, marked_by=found.person, request=request
        )
    except ValidationError as exc:
        raise _refusal(exc) from None
    return {"session_id": session.pk, "person_id": person_id, "mark": marked.mark}


@router.put(
    "/programmes/{id:programme_id}/sessions/{id:session_id}/reply",
    response={200: ReplyOut, **WRITE_ERRORS}, url_name="session-reply",
)
def reply(request: HttpRequest, programme_id: Id, session_id: Id, body: ReplyIn) -> Any:
    """Reply to one's own invitation: attending, or apologies with a reason."""
    found = writing(request, programme_id)
    if has_refused_characters(body.reason):
        raise HttpError(400, "The reason must be one line of text, without control characters.")
    session = sessions_for(found.person, found.programme, everyone=False).filter(pk=session_id).first()
    if session is None:
        raise Http404("Not found.")
    try:
        invitation = reply_to_session(session=session, person=found.person, answer=body.answer, reason=body.reason)
    except ValidationError as exc:
        raise _refusal(exc) from None
    return {"session_id": session.pk, "reply": invitation.reply}
