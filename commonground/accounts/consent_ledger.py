"""The consent ledger's one writer and reader (`accounts.ConsentRecord`).

Features call `give` and `withdraw` inside their own transaction, next to their own record of the
choice, so the ledger and the feature never disagree: if either write fails, both are undone.
Both functions lock the row in force (`select_for_update`) and are idempotent: giving a consent
already in force under the same wording changes nothing, and withdrawing one not in force
changes nothing.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts import consents
from commonground.accounts.consents import Purpose
from commonground.accounts.models import ConsentRecord, Person


def _in_force(person: Person, purpose: Purpose, programme_id: int | None) -> ConsentRecord | None:
    return (
        ConsentRecord.objects.select_for_update()
        .filter(
            person=person, purpose=purpose, programme_id=programme_id, withdrawn_at__isnull=True,
            replaced_at__isnull=True,
        )
        .first()
    )


@transaction.atomic
def give(
    *,
    person: Person,
    purpose: Purpose,
    programme_id: int | None,
    version: str | None = None,
    at: dt.datetime | None = None,
) -> ConsentRecord:
    """Record that the person gave this consent under `version` (the current wording by default)."""
    version = version or consents.CURRENT[purpose]
    shown = consents.wording(version)
    if shown is None or shown.purpose != purpose:
        raise ValidationError(f"There is no wording {version!r} for {Purpose(purpose).label.lower()}.")
    moment = at or timezone.now()
    earlier = _in_force(person, purpose, programme_id)
    if earlier is not None:
        if earlier.wording_version == version:
            return earlier
        earlier.replaced_at = moment
        earlier.save(update_fields=["replaced_at"])
    return ConsentRecord.objects.create(
        person=person, programme_id=programme_id, purpose=purpose, wording_version=version, given_at=moment
    )


@transaction.atomic
def withdraw(
    *, person: Person, purpose: Purpose, programme_id: int | None, at: dt.datetime | None = None
) -> ConsentRecord | None:
    """Date the withdrawal of the consent in force, keeping the record; None when none was in force."""
    record = _in_force(person, purpose, programme_id)
    if record is None:
        return None
    record.withdrawn_at = max(at or timezone.now(), record.given_at)
    record.save(update_fields=["withdrawn_at"])
    return record


@transaction.atomic
def end_for_programme(*, purpose: Purpose, programme_id: int, at: dt.datetime | None = None) -> int:
    """Date the end of every consent in force for this purpose in one programme (when what it
    covered is deleted for good, e.g. by retention); returns how many ended."""
    return ConsentRecord.objects.filter(
        purpose=purpose, programme_id=programme_id, withdrawn_at__isnull=True, replaced_at__isnull=True
    ).update(withdrawn_at=at or timezone.now())


def in_force(
    *, person: Person, purpose: Purpose, programme_id: int | None, lock: bool = False
) -> ConsentRecord | None:
    """The consent in force for this purpose, if any; `lock` holds it until the caller's
    transaction ends, so a write that needs the consent cannot race its withdrawal."""
    if lock:
        return _in_force(person, purpose, programme_id)
    return ConsentRecord.objects.filter(
        person=person, purpose=purpose, programme_id=programme_id, withdrawn_at__isnull=True, replaced_at__isnull=True
    ).first()


def history(person: Person) -> list[ConsentRecord]:
    """Every consent the person gave, newest first, withdrawn and replaced ones included."""
    return list(ConsentRecord.objects.filter(person=person).order_by("-given_at", "-pk"))
