"""Who may see co-design pages and take part, shared by the page modules."""

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
