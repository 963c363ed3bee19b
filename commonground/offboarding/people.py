"""Whose data a system holds, and who keeps their account when it leaves.

A person belongs to a system through any of the links below: a role in one of its programmes, where
they work there, administering it, an application, a request to change organisation, an alumni
entry or record, a mentoring offer, a sponsor's nomination, or the pseudonymous account retention
made of their answers. Someone linked to another system as well, or who is one of the site's own
staff, keeps their account and loses only this system's data; everyone else is erased as a whole.
"""

from collections.abc import Iterable

from django.db.models import Model

from commonground.accounts.models import Person
from commonground.alumni.models import Alumnus, DirectoryEntry
from commonground.mentoring.models import MentorOffer
from commonground.privacy.models import Pseudonym
from commonground.programmes.models import Affiliation, Membership, OrganisationChange, SystemAdmin
from commonground.recruitment.models import Application, Nomination

# (model, its column naming the person, the path from it to the system's id)
LINKS: tuple[tuple[type[Model], str, str], ...] = (
    (Membership, "person_id", "programme__system_id"),
    (Affiliation, "person_id", "system_id"),
    (SystemAdmin, "person_id", "system_id"),
    (Application, "person_id", "programme__system_id"),
    (OrganisationChange, "person_id", "system_id"),
    (DirectoryEntry, "person_id", "system_id"),
    (Alumnus, "person_id", "programme__system_id"),
    (MentorOffer, "person_id", "programme__system_id"),
    (Nomination, "sponsor_id", "programme__system_id"),
    (Pseudonym, "person_id", "programme__system_id"),
)


def people_of(system_id: int) -> set[int]:
    """Everyone the system holds data about, by id."""
    found: set[int] = set()
    for model, person, system in LINKS:
        found.update(model._default_manager.filter(**{system: system_id}).values_list(person, flat=True))
    return found


def staying(person_ids: Iterable[int], *, system_id: int) -> set[int]:
    """Those of these people who keep their account: linked to another system too, or site staff."""
    ids = set(person_ids)
    kept: set[int] = set(
        Person.objects.filter(pk__in=ids, is_staff=True).values_list("pk", flat=True)
    ) | set(Person.objects.filter(pk__in=ids, is_superuser=True).values_list("pk", flat=True))
    for model, person, system in LINKS:
        kept.update(
            model._default_manager.filter(**{f"{person}__in": ids})
            .exclude(**{system: system_id})
            .values_list(person, flat=True)
        )
    return kept


def leaving(system_id: int) -> tuple[list[int], list[int]]:
    """(erased, kept): the system's people who go whole, and those who keep their account."""
    everyone = people_of(system_id)
    kept = staying(everyone, system_id=system_id)
    return sorted(everyone - kept), sorted(kept)
