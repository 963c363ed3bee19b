"""Who may see co-design pages and take part, shared by the page modules."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from commonground.programmes.permissions import (
    ProgrammeAccess,
    person_from,
    programme_access,
    require,
)


def issues_access(request: HttpRequest, programme_id: int) -> ProgrammeAccess:
    """The viewer's access to the programme's issues; 404 for anyone who may not see them."""
    access = programme_access(person_from(request), programme_id)
    require(access, sees_issues(access))
    return access


def sees_issues(access: ProgrammeAccess) -> bool:
    return access.is_staff or access.is_participant


def takes_part(access: ProgrammeAccess) -> bool:
    """Who proposes and supports issues: participants and leads."""
    return access.is_participant or access.is_lead


def apply_errors(form: object, exc: ValidationError) -> None:
    """Put a service's errors on the form: on their field when the form has it, else on the whole form."""
    fields = getattr(form, "fields", {})
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in fields else None, errors)  # type: ignore[attr-defined]
    else:
        form.add_error(None, exc)  # type: ignore[attr-defined]
