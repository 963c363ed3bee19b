"""The one writer of affiliations and of requests to change organisation.

Where a person works is one affiliation per system (`Affiliation`): organisation, team and place,
each optional. A person's organisation and team decide how learning sets are mixed and appear
beside their name everywhere, so once they belong to a programme in a system a change there is a
request a lead of that programme confirms; a place of work changes directly. The person row is
always locked before the request row, here and in every caller, so saving a profile and deciding a
request never deadlock. Reads go through `where.py`.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes import figures
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

BATCH = 2000


@dataclass(frozen=True)
class Work:
    """Where someone works in one system, as a writer is given it."""

    organisation: Organisation | None = None
    team: Team | None = None
    place: Place | None = None


def _check(system_id: int, work: Work) -> None:
    errors = affiliation_errors(
        system_id=system_id, organisation=work.organisation, team=work.team, place=work.place
    )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record(*, person_id: int, system_id: int, work: Work, fill_only: bool = False) -> Affiliation | None:
    """Set where a person works in one system (all three fields), or with `fill_only` only the
    fields still empty. An affiliation left with nothing in it is removed. Returns it, if any."""
    _check(system_id, work)
    current = Affiliation.objects.select_for_update().filter(person_id=person_id, system_id=system_id).first()
    affiliation = current or Affiliation(person_id=person_id, system_id=system_id)
    for name in ("organisation", "team", "place"):
        value = getattr(work, name)
        if not fill_only or getattr(affiliation, f"{name}_id") is None:
            setattr(affiliation, name, value)
    team = affiliation.team
    if team is not None and team.organisation_id != affiliation.organisation_id:
        affiliation.team = None
    emptied = affiliation.organisation_id is None and affiliation.team_id is None and affiliation.place_id is None
    if emptied and current is not None:
        current.delete()
    elif not emptied:
        affiliation.save()
    # The published figures count people by where they work in the programme's system.
    figures.people_changed([person_id], system_id=system_id)
    return None if emptied else affiliation


@transaction.atomic
def record_new(rows: Iterable[tuple[Person, int, Work]]) -> int:
    """Affiliations for people just created in bulk (each person, system and work once, checked).
    Returns how many were written."""
    made = []
    for person, system_id, work in rows:
        _check(system_id, work)
        if work.organisation or work.team or work.place:
            made.append(
                Affiliation(
                    person=person,
                    system_id=system_id,
                    organisation=work.organisation,
                    team=work.team,
                    place=work.place,
                )
            )
    Affiliation.objects.bulk_create(made, batch_size=BATCH)
    return len(made)


def systems_of(person: Person) -> list[int]:
    """The systems a person's profile asks about: those of their programmes and those they already
    have an affiliation in, in id order."""
    member = set(Membership.objects.filter(person=person).values_list("programme__system_id", flat=True))
    working = set(Affiliation.objects.filter(person=person).values_list("system_id", flat=True))
    return sorted(member | working)


@transaction.atomic
def save_profile(
    *,
    person_id: int,
    cleaned: Mapping[str, Any],
    where: Mapping[int, Work] | None = None,
    now: dt.datetime | None = None,
) -> list[OrganisationChange]:
    """Save what a person may change about themselves, and where they work in each system. In a
    system where they belong to a programme a new organisation or team becomes a request for a
    lead; elsewhere, and for the place of work, it changes at once. Returns the requests made."""
    person = Person.objects.select_for_update().get(pk=person_id)
    for name, value in cleaned.items():
        setattr(person, name, value)
    person.save()
    if "seniority" in cleaned:  # the figures count people by seniority band
        figures.people_changed([person.pk])
    member_systems = set(
        Membership.objects.filter(person=person).values_list("programme__system_id", flat=True)
    )
    changes = []
    for system_id, work in sorted((where or {}).items()):
        _check(system_id, work)
        current = Affiliation.objects.filter(person=person, system_id=system_id).first()
        now_org = current.organisation_id if current else None
        now_team = current.team_id if current else None
        asked = (work.organisation.pk if work.organisation else None, work.team.pk if work.team else None)
        if asked != (now_org, now_team) and system_id in member_systems:
            changes.append(
                _ask(
                    person=person,
                    system_id=system_id,
                    organisation=work.organisation,
                    team=work.team,
                    now=now or timezone.now(),
                )
            )
            keep = Work(
                organisation=current.organisation if current else None,
                team=current.team if current else None,
                place=work.place,
            )
            record(person_id=person.pk, system_id=system_id, work=keep)
        else:
            record(person_id=person.pk, system_id=system_id, work=work)
    return changes


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
    place = Affiliation.objects.filter(person=person, system_id=change.system_id).values_list(
        "place", flat=True
    ).first()
    record(
        person_id=person.pk,
        system_id=change.system_id,
        work=Work(
            organisation=change.organisation,
            team=change.team,
            place=Place.objects.filter(pk=place).first() if place else None,
        ),
    )
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
