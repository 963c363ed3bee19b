"""Who may see a system's onboarding: the site's administrators (every system's) and the system's
own administrators (their own only). Anyone else, another system's administrators included, gets
404, so nobody learns which systems exist."""

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from commonground.accounts.models import Person
from commonground.accounts.people import person_from
from commonground.onboarding.models import Onboarding
from commonground.programmes.models import System, SystemAdmin


def is_site_administrator(person: Person) -> bool:
    """An active staff account that is a superuser: who invites new systems."""
    return person.is_active and person.is_staff and person.is_superuser


def site_administrator(request: HttpRequest) -> Person:
    """The signed-in site administrator; 404 for anyone else."""
    person = person_from(request)
    if not is_site_administrator(person):
        raise Http404("No such page.")
    return person


@dataclass(frozen=True)
class OnboardingAccess:
    """A person's standing in one system's onboarding, with the onboarding's record (unsaved for a
    system that was set up before onboarding existed)."""

    person: Person
    system: System
    onboarding: Onboarding
    site_admin: bool


def onboarding_access(request: HttpRequest, system_id: int) -> OnboardingAccess:
    """The signed-in person's access to this system's onboarding; 404 when they have none."""
    person = person_from(request)
    site_admin = is_site_administrator(person)
    if not site_admin and not SystemAdmin.objects.filter(system_id=system_id, person=person).exists():
        raise Http404("No such system.")
    system = System.objects.filter(pk=system_id).first()
    if system is None:
        raise Http404("No such system.")
    onboarding = Onboarding.objects.filter(system=system).first() or Onboarding(system=system)
    return OnboardingAccess(person=person, system=system, onboarding=onboarding, site_admin=site_admin)


def administered_systems(person: Person) -> list[System]:
    return list(System.objects.filter(admins__person=person).order_by("name"))
