"""Who may offboard a system: the site's administrators, and nobody else learns the pages exist."""

from django.http import Http404, HttpRequest

from commonground.accounts.models import Person
from commonground.accounts.people import person_from

PERMISSION = "offboarding.offboard_system"


def may_offboard(person: Person) -> bool:
    """A site administrator: an active staff account, superuser or given the offboarding permission."""
    return person.is_active and person.is_staff and (person.is_superuser or person.has_perm(PERMISSION))


def site_administrator(request: HttpRequest) -> Person:
    """The signed-in site administrator; 404 for anyone else (a system's own administrators too)."""
    person = person_from(request)
    if not may_offboard(person):
        raise Http404("No such page.")
    return person
