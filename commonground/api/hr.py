"""Sharing completed development hours with HR records: a participant's consent, per programme,
and the figures a lead's HR export reads (the API's `development-hours`).

The consent is `Purpose.HR_RECORDS` in the consent ledger (`accounts.consent_ledger` writes it,
dated and versioned); nobody appears in the export without it in force. Hours count as the
participant's own record of development hours does, through the same rule
(`schedule.certificates.counted_attendance`): sessions marked present or late, ended, not cancelled.
"""

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from commonground.accounts import consent_ledger
from commonground.accounts.consents import Purpose
from commonground.accounts.models import ConsentRecord, Person
from commonground.programmes.models import Membership, Programme
from commonground.schedule.certificates import counted_attendance, hours

PURPOSE = Purpose.HR_RECORDS


def participations(person: Person) -> QuerySet[Membership]:
    """The person's participant memberships, with their programmes."""
    return Membership.objects.participants().filter(person=person).select_related("programme").order_by("programme__title")


@transaction.atomic
def share_hours(*, person: Person, programme: Programme, version: str | None = None) -> ConsentRecord:
    """Record the participant's consent to their hours going to HR records in this programme."""
    if not Membership.objects.participants().filter(person=person, programme=programme).exists():
        raise ValidationError("Only the programme's participants share their development hours.")
    return consent_ledger.give(person=person, purpose=PURPOSE, programme_id=programme.pk, version=version)


@transaction.atomic
def stop_sharing(*, person: Person, programme: Programme) -> ConsentRecord | None:
    """Withdraw that consent (the dated record stays)."""
    return consent_ledger.withdraw(person=person, purpose=PURPOSE, programme_id=programme.pk)


def shared_by(person: Person) -> set[int]:
    """The programmes (ids) where the person's hours go to HR records."""
    rows = ConsentRecord.objects.filter(
        person=person, purpose=PURPOSE, withdrawn_at__isnull=True, replaced_at__isnull=True
    ).values_list("programme_id", flat=True)
    return {pk for pk in rows if pk is not None}


def consenting(programme: Programme) -> QuerySet[Membership]:
    """The participant memberships of those whose consent is in force (one row each)."""
    consented = ConsentRecord.objects.filter(
        purpose=PURPOSE, programme_id=programme.pk, withdrawn_at__isnull=True, replaced_at__isnull=True
    ).values("person_id")
    return (
        Membership.objects.participants()
        .filter(programme=programme, person_id__in=consented)
        .select_related("person")
    )


def completed(programme: Programme, person_ids: list[int], *, now: dt.datetime | None = None) -> dict[int, tuple[int, str]]:
    """Person id → (sessions, hours as text with two decimals), in one query for the lot."""
    now = now or timezone.now()
    rows = (
        counted_attendance(programme, now=now)
        .filter(person_id__in=person_ids)
        .values_list("person_id", "session__starts_at", "session__ends_at")
    )
    seconds: dict[int, list[int]] = defaultdict(list)
    for person_id, starts_at, ends_at in rows:
        seconds[person_id].append(int((ends_at - starts_at).total_seconds()))
    return {pid: (len(seconds[pid]), str(hours(sum(seconds[pid])))) for pid in person_ids}
