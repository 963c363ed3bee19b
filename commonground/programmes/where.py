"""Where people work, read one way: their affiliation in one system.

A person has at most one affiliation per system (written only by `affiliations.py`), so every
read names the system it is about. Three shapes cover the pages and figures:

- `here(system_id)` is a filtered relation for the ORM: `qs.alias(work=here(system_id))` then
  `work__organisation__name` gives one row per person, with nulls for people without one.
- `attach(people, system_id=...)` sets `person.where` on each person in one query, for pages
  that show a list of people.
- `where(person_id, system_id=...)` is one person's affiliation, or an empty one.
"""

from collections.abc import Iterable

from django.db.models import FilteredRelation, Q

from commonground.accounts.models import Person
from commonground.programmes.models import Affiliation


def here(system_id: int, *, through: str = "person") -> FilteredRelation:
    """The affiliation in `system_id`, reached through the relation `through` ("" on a person)."""
    path = f"{through}__affiliations" if through else "affiliations"
    return FilteredRelation(path, condition=Q(**{f"{path}__system_id": system_id}))


def by_person(*, system_id: int, person_ids: Iterable[int]) -> dict[int, Affiliation]:
    """Each of these people's affiliation in one system, by person id, in one query; people
    without one are missing."""
    return {
        a.person_id: a
        for a in Affiliation.objects.filter(system_id=system_id, person_id__in=list(person_ids)).select_related(
            "organisation", "team", "place"
        )
    }


def _empty(person_id: int, system_id: int) -> Affiliation:
    return Affiliation(person_id=person_id, system_id=system_id)


def attach[P: Person](people: Iterable[P], *, system_id: int) -> list[P]:
    """Set `person.where` to each person's affiliation in the system (an empty, unsaved one when
    they have none), in one query; returns the people as a list."""
    people = list(people)
    found = by_person(system_id=system_id, person_ids={p.pk for p in people})
    for person in people:
        person.where = found.get(person.pk) or _empty(person.pk, system_id)
    return people


def where(person_id: int, *, system_id: int) -> Affiliation:
    """One person's affiliation in the system, or an empty, unsaved one."""
    found = by_person(system_id=system_id, person_ids=[person_id])
    return found.get(person_id) or _empty(person_id, system_id)
