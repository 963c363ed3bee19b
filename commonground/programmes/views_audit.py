"""A lead's copy of the programme's audit trail, as CSV (ids and field names, never values)."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import AuditEvent, Person
from commonground.core import exports
from commonground.programmes.permissions import person_from, programme_access

HEADER = ["when", "action", "what", "by id", "by", "about id", "about", "record id", "fields", "from"]


def _rows(events: list[AuditEvent]) -> Iterable[list[Any]]:
    ids = {e.actor_id for e in events if e.actor_id} | {e.subject_id for e in events if e.subject_id}
    names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    for e in events:
        yield [
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.get_action_display(),
            e.what,
            e.actor_id or "",
            names.get(e.actor_id or 0, ""),
            e.subject_id or "",
            names.get(e.subject_id or 0, ""),
            e.object_id or "",
            " ".join(e.fields),
            e.address or "",
        ]


@login_required
def audit_export(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Everything the trail holds for this programme, newest first; the export is recorded too."""
    access = programme_access(person_from(request), programme_id).require_lead()
    events = list(audit.for_programme(access.programme.pk))
    text = exports.csv_text([HEADER, *_rows(events)])
    audit.exported(request, what="audit", programme_id=access.programme.pk, fields=[h.replace(" ", "_") for h in HEADER])
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    stem = f"audit-programme-{programme_id}-{timezone.localdate().isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response
