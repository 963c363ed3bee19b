"""The one writer of affiliations and of requests to change organisation.

A person's organisation and team decide how learning sets are mixed and appear beside their name
everywhere, so once they belong to a programme a change is a request a lead of that programme
confirms. The person row is always locked before the request row, here and in every caller, so
saving a profile and deciding a request never deadlock.

Each person has at most one affiliation per system. While the person's own organisation, team
and place fields are still read elsewhere, every save of those fields is mirrored here (see
`mirror_people`, connected to the person's `post_save` in `apps.py`, and called after bulk
creates), so the affiliations always say the same.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import (
    Affiliation,
    ChangeStatus,
    Membership,
    Organisation,
    OrganisationChange,
    Place,
    Team,
    affiliation_errors,
)

WHERE_FIELDS = ("organisation", "team")
MIRRORED_FIELDS = frozenset({"organisation", "team", "place"})


def wanted_affiliations(
    rows: Iterable[tuple[int, int | None, int | None, int | None]],
    organisation_systems: Mapping[int, int],
    place_systems: Mapping[int, int],
) -> dict[tuple[int, int], tuple[int | None, int | None, int | None]]:
    """(person, organisation, team, place) rows → {(person, system): (organisation, team, place)}.

    The organisation's system takes the organisation and team, and the place when it is in the
    same system; a place in another system (or without an organisation) is an affiliation of its own.
    """
    wanted: dict[tuple[int, int], tuple[int | None, int | None, int | None]] = {}
    for person_id, organisation_id, team_id, place_id in rows:
        org_system = organisation_systems.get(organisation_id) if organisation_id else None
        place_system = place_systems.get(place_id) if place_id else None
        if org_system is not None:
            same = place_system == org_system
            wanted[(person_id, org_system)] = (organisation_id, team_id, place_id if same else None)
        if place_system is not None and place_system != org_system:
            wanted[(person_id, place_system)] = (None, None, place_id)
    return wanted


BATCH = 2000


@transaction.atomic
def mirror_people(*, person_ids: Iterable[int]) -> int:
    """Make these people's affiliations say what their own organisation, team and place fields say.
    Returns how many affiliations they have afterwards."""
    ids = list(person_ids)
    return sum(_mirror(ids[start : start + BATCH]) for start in range(0, len(ids), BATCH))


def _mirror(ids: list[int]) -> int:
    rows = list(
        Person.objects.filter(pk__in=ids).values_list(
            "pk", "organisation_id", "team_id", "place_id"
        )
    )
    org_ids = {r[1] for r in rows if r[1]}
    place_ids = {r[3] for r in rows if r[3]}
    organisation_systems = dict(
        Organisation.objects.filter(pk__in=org_ids).values_list("pk", "system_id")
    )
    place_systems = dict(Place.objects.filter(pk__in=place_ids).values_list("pk", "system_id"))
    wanted = wanted_affiliations(rows, organisation_systems, place_systems)
    Affiliation.objects.filter(person_id__in=ids).delete()
    Affiliation.objects.bulk_create(
        (
            Affiliation(
                person_id=person_id,
                system_id=system_id,
                organisation_id=org,
                team_id=team,
                place_id=place,
            )
            for (person_id, system_id), (org, team, place) in wanted.items()
        ),
        batch_size=BATCH,
    )
    return len(wanted)


def mirror_saved_person(
    sender: Any, instance: Person, raw: bool = False, update_fields: Any = None, **_: Any
) -> None:
    """`post_save` of a person: mirror their organisation, team and place unless the save left them alone."""
    if raw or (update_fields is not None and not MIRRORED_FIELDS & set(update_fields)):
        return
    mirror_people(person_ids=[instance.pk])


def _where(organisation: Any, team: Any) -> tuple[int | None, int | None]:
    return (organisation.pk if organisation else None, team.pk if team else None)


def _system_for(person: Person, organisation: Organisation | None) -> int | None:
    """The system a change of organisation is about: the new organisation's, else the one the
    person works in now, else the system of their programmes."""
    if organisation is not None:
        return organisation.system_id
    if person.organisation_id is not None:
        return Organisation.objects.values_list("system_id", flat=True).get(
            pk=person.organisation_id
        )
    return (
        Membership.objects.filter(person=person)
        .order_by("pk")
        .values_list("programme__system_id", flat=True)
        .first()
    )


@transaction.atomic
def save_profile(
    *, person_id: int, cleaned: Mapping[str, Any], now: dt.datetime | None = None
) -> OrganisationChange | None:
    """Save what a person may change about themselves; a new organisation or team becomes a request
    for a programme lead when they belong to any programme. Returns that request, if one was made."""
    person = Person.objects.select_for_update().get(pk=person_id)
    for name, value in cleaned.items():
        if name not in WHERE_FIELDS:
            setattr(person, name, value)
    organisation, team = cleaned.get("organisation"), cleaned.get("team")
    change = None
    if _where(organisation, team) != (person.organisation_id, person.team_id):
        if (
            person.memberships.exists()
            and (system_id := _system_for(person, organisation)) is not None
        ):
            change = _ask(
                person=person,
                system_id=system_id,
                organisation=organisation,
                team=team,
                now=now or timezone.now(),
            )
        else:
            person.organisation, person.team = organisation, team
    person.save()
    return change


def _ask(
    *,
    person: Person,
    system_id: int,
    organisation: Organisation | None,
    team: Team | None,
    now: dt.datetime,
) -> OrganisationChange:
    """The person's one pending request in this system, made or replaced by the newest wish."""
    change = OrganisationChange.objects.filter(
        person=person, system_id=system_id, status=ChangeStatus.PENDING
    ).first()
    if change is None:
        change = OrganisationChange(person=person, system_id=system_id)
    change.organisation, change.team, change.requested_at = organisation, team, now
    change.save()
    return change


@transaction.atomic
def withdraw_organisation_change(*, person: Person) -> int:
    """The person takes back their pending requests; how many were withdrawn."""
    return OrganisationChange.objects.filter(person=person, status=ChangeStatus.PENDING).update(
        status=ChangeStatus.WITHDRAWN
    )


def _pending(change_id: int) -> tuple[Person, OrganisationChange]:
    """Lock the person, then their request, and check that it still waits for a decision."""
    person_id = OrganisationChange.objects.values_list("person_id", flat=True).get(pk=change_id)
    person = Person.objects.select_for_update().get(pk=person_id)
    change = (
        OrganisationChange.objects.select_for_update(of=("self",))
        .select_related("organisation", "team")
        .get(pk=change_id)
    )
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(f"This request is already {change.get_status_display().lower()}.")
    return person, change


@transaction.atomic
def confirm_organisation_change(
    *, change_id: int, by: Person, now: dt.datetime | None = None
) -> OrganisationChange:
    """A lead confirms: the person's organisation and team change together with the request's status.

    Only the profile changes. A sponsor's role names its organisation on their membership, which
    this never touches, so moving organisation never widens what a sponsor sees.
    """
    person, change = _pending(change_id)
    errors = affiliation_errors(
        system_id=change.system_id, organisation=change.organisation, team=change.team, place=None
    )
    if errors:
        raise ValidationError(list(errors.values()))
    person.organisation_id, person.team_id = change.organisation_id, change.team_id
    person.save(update_fields=["organisation", "team"])
    change.status, change.decided_by, change.decided_at = (
        ChangeStatus.CONFIRMED,
        by,
        now or timezone.now(),
    )
    change.save(update_fields=["status", "decided_by", "decided_at"])
    return change


@transaction.atomic
def decline_organisation_change(
    *, change_id: int, by: Person, now: dt.datetime | None = None
) -> OrganisationChange:
    """A lead declines: the person keeps the organisation and team they have."""
    _, change = _pending(change_id)
    change.status, change.decided_by, change.decided_at = (
        ChangeStatus.DECLINED,
        by,
        now or timezone.now(),
    )
    change.save(update_fields=["status", "decided_by", "decided_at"])
    return change
