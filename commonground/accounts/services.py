"""Writes about a person: their profile, and changes of organisation that a programme lead confirms.

A person's organisation and team decide how learning sets are mixed and appear beside their name
everywhere, so once they belong to a programme a change is a request a lead of that programme
confirms. The person row is always locked before the request row, here and in every caller, so
saving a profile and deciding a request never deadlock.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import ChangeStatus, OrganisationChange, Person

WHERE_FIELDS = ("organisation", "team")


def _where(organisation: Any, team: Any) -> tuple[int | None, int | None]:
    return (organisation.pk if organisation else None, team.pk if team else None)


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
        if person.memberships.exists():
            change = _ask(person=person, organisation=organisation, team=team, now=now or timezone.now())
        else:
            person.organisation, person.team = organisation, team
    person.save()
    return change


def _ask(*, person: Person, organisation: Any, team: Any, now: dt.datetime) -> OrganisationChange:
    """The person's one pending request, made or replaced by the newest wish."""
    change = OrganisationChange.objects.filter(person=person, status=ChangeStatus.PENDING).first()
    if change is None:
        change = OrganisationChange(person=person)
    change.organisation, change.team, change.requested_at = organisation, team, now
    change.save()
    return change


@transaction.atomic
def withdraw_organisation_change(*, person: Person) -> int:
    """The person takes back their pending request; how many were withdrawn (0 or 1)."""
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
    if change.team is not None and change.team.organisation_id != change.organisation_id:
        raise ValidationError(f"{change.team.name} is not a team of the organisation asked for.")
    person.organisation_id, person.team_id = change.organisation_id, change.team_id
    person.save(update_fields=["organisation", "team"])
    change.status, change.decided_by, change.decided_at = ChangeStatus.CONFIRMED, by, now or timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    return change


@transaction.atomic
def decline_organisation_change(
    *, change_id: int, by: Person, now: dt.datetime | None = None
) -> OrganisationChange:
    """A lead declines: the person keeps the organisation and team they have."""
    _, change = _pending(change_id)
    change.status, change.decided_by, change.decided_at = ChangeStatus.DECLINED, by, now or timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    return change
