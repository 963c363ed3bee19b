"""A system leaving Common Ground: its export, then its deletion, each leaving a record.

The export is the data controller's copy of everything the system holds (`export.py`). Deletion is
refused until an export was made in the last 24 hours, and needs the system's name typed exactly;
then, in one transaction, its people who belong nowhere else are erased as an erasure request would
erase them (`privacy.erasure.erase_many`), people who also belong to another system keep their
account and lose only this system's roles and data, and the system goes with everything that is
only its: programmes and all under them, places, organisations, teams, funders, identity providers
(with their sign-in apps), stored figures and consents given in its programmes. The audit trail
keeps its rows (ids only, as for an erasure). Both steps leave an `OffboardingRecord`, which
outlives the system.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, ConsentRecord, Person
from commonground.core import figure_store
from commonground.development.models import Round
from commonground.identity import discovery
from commonground.offboarding.export import Export, build
from commonground.offboarding.models import Action, OffboardingRecord, Via
from commonground.offboarding.people import leaving, people_of
from commonground.privacy import erasure
from commonground.programmes.models import Programme, System

EXPORT_VALID_FOR = dt.timedelta(hours=24)
EXPORT_FIRST = (
    "Download the system's export first: deletion is refused until an export of {name} has been made "
    "in the last 24 hours, so its data controller has everything before it goes."
)


@dataclass(frozen=True)
class Leaving:
    """What deleting a system would do, in numbers."""

    programmes: int
    erased: int  # people erased whole: they belong to no other system
    kept: int  # people who keep their account: they belong to another system too, or are site staff
    latest_export: OffboardingRecord | None


def latest_export(system_id: int, *, now: dt.datetime | None = None) -> OffboardingRecord | None:
    """The system's most recent export made in the last 24 hours, if any."""
    now = now or timezone.now()
    return (
        OffboardingRecord.objects.filter(system_id=system_id, action=Action.EXPORT, at__gt=now - EXPORT_VALID_FOR)
        .order_by("-at", "-pk")
        .first()
    )


def what_leaving_does(system: System, *, now: dt.datetime | None = None) -> Leaving:
    erased, kept = leaving(system.pk)
    return Leaving(
        programmes=Programme.objects.filter(system=system).count(), erased=len(erased), kept=len(kept),
        latest_export=latest_export(system.pk, now=now),
    )


def export_system(
    *, system: System, by: Person | None, via: str = Via.PAGE, request: HttpRequest | None = None
) -> tuple[Export, OffboardingRecord]:
    """Write the system's export and record it (and, from the page, in the audit trail of everyone in it)."""
    made = build(system)
    record = OffboardingRecord.objects.create(
        action=Action.EXPORT, system_id=system.pk, system_name=system.name, by_id=by.pk if by else None,
        via=via, rows=made.rows, sha256=made.sha256,
    )
    if request is not None:
        audit.exported(request, what="system_export", subject_ids=people_of(system.pk))
    return made, record


def _add(gone: Counter[str], deleted: tuple[int, dict[str, int]]) -> None:
    for label, count in deleted[1].items():
        gone[label] += count


@transaction.atomic
def delete_system(
    *, system_id: int, confirm: str, by: Person | None, via: str = Via.PAGE, now: dt.datetime | None = None
) -> OffboardingRecord:
    """Delete the system and everything only its, erasing its people who belong nowhere else.
    Refused (a ValidationError on `confirm`, nothing changed) without its exact name or a recent export."""
    system = System.objects.select_for_update().filter(pk=system_id).first()
    if system is None:
        raise System.DoesNotExist(f"There is no system {system_id}.")
    if confirm.strip() != system.name:
        raise ValidationError({"confirm": f"Type the system's name exactly as shown, {system.name}, to delete it."})
    if latest_export(system.pk, now=now) is None:
        raise ValidationError({"confirm": EXPORT_FIRST.format(name=system.name)})
    erased, _kept = leaving(system.pk)
    gone: Counter[str] = Counter(erasure.erase_many(person_ids=erased, by=by).rows)
    programmes = list(Programme.objects.filter(system=system).values_list("pk", flat=True))
    gone["core.StoredFigures"] += figure_store.forget(programmes)
    _add(gone, ConsentRecord.objects.filter(programme_id__in=programmes).delete())
    apps = SocialApp.objects.filter(identity_provider__system=system)
    _add(gone, SocialAccount.objects.filter(provider__in=list(apps.values_list("provider_id", flat=True))).delete())
    _add(gone, apps.delete())
    try:
        # Rounds first: a round protects the version of a programme's own instrument it asks, and
        # that version would otherwise be reached, through its instrument, before the round.
        _add(gone, Round.objects.filter(programme__system=system).delete())
        _add(gone, Programme.objects.filter(system=system).delete())
        _add(gone, System.objects.filter(pk=system.pk).delete())
    except (ProtectedError, RestrictedError) as exc:
        blocking = sorted({f"{row._meta.verbose_name} {row.pk}" for row in exc.args[1]})
        raise ValidationError(
            {"confirm": f"{system.name} cannot be deleted: other systems' data points at it ({', '.join(blocking[:10])})."}
        ) from None
    discovery.forget_origins()
    audit.record(action=AuditAction.ERASED, what="system", object_id=system.pk, actor_id=by.pk if by else None)
    return OffboardingRecord.objects.create(
        action=Action.DELETION, system_id=system.pk, system_name=system.name, by_id=by.pk if by else None,
        via=via, rows={k: v for k, v in sorted(gone.items()) if v},
    )
