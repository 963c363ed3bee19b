"""The HR export: completed development hours per participant, for those who consented."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from commonground.accounts import audit
from commonground.api import hr
from commonground.api.auth import access
from commonground.api.pagination import listed, page
from commonground.api.schemas import LIMIT_DEFAULT, READ_ERRORS, Cursor, HoursPage, Id, Limit

router = Router(tags=["HR records"])

EXPORTED_FIELDS = ("full_name", "email", "development_hours")


@router.get(
    "/programmes/{id:programme_id}/development-hours", response={200: HoursPage, **READ_ERRORS},
    url_name="development-hours",
)
def development_hours(request: HttpRequest, programme_id: Id, cursor: Cursor = None, limit: Limit = LIMIT_DEFAULT) -> Any:
    """Completed development hours of each participant who agreed to share them with HR records
    (leads only). Recorded in the audit trail as an export."""
    found = access(request, programme_id).require_lead()
    rows, more = page(hr.consenting(found.programme), cursor=cursor, limit=limit)
    done = hr.completed(found.programme, [m.person_id for m in rows])
    audit.exported(
        request, what="development_hours", subject_ids=[m.person_id for m in rows], fields=EXPORTED_FIELDS,
        programme_id=programme_id,
    )
    return listed(
        [
            {
                "person_id": m.person_id, "full_name": m.person.full_name, "email": m.person.email,
                "sessions": done[m.person_id][0], "hours": done[m.person_id][1],
            }
            for m in rows
        ],
        more,
    )
