"""The audit trail: the one writer of `AuditEvent`, and its reads.

Recorded: every view of individual-level or special-category data by someone other than its
owner, every change to personal data, every export, every sign-in and failed sign-in, and every
role granted or taken away, each with who, what, when and from where. A row names fields, never
their values, so the trail can be kept for years and shown to the people in it without holding
anything erasure must remove. Rows are only ever added (`AuditQuerySet`; on PostgreSQL a trigger
refuses updates too).

Kinds of data (`what`) are short, stable words; `WHAT` gives each the phrase a person reads on
their "who has seen my data" page.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts.models import AuditAction, AuditEvent, Person

WHAT = {
    "person": "your profile",
    "access_needs": "your access needs (health data)",
    "application": "your application",
    "applications": "a list of applicants including you",
    "cohort_list": "your cohort's list of participants",
    "affiliation": "where you work",
    "membership": "your role in a programme",
    "sign_in": "your sign-in",
    "second_factor": "your second factor (sign-in security)",
    "system_admin": "your role as a system's administrator",
}

# What a person's page in a programme shows about them, as the trail names it.
PROFILE_FIELDS = ("full_name", "organisation", "team", "job_title", "profession", "seniority", "place", "cohort")


def _address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    address = str(request.META.get("REMOTE_ADDR", "")).strip()
    return address or None


def _actor_id(request: HttpRequest | None) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def record(
    *,
    action: str,
    what: str,
    request: HttpRequest | None = None,
    actor_id: int | None = None,
    subject_id: int | None = None,
    object_id: int | None = None,
    fields: Iterable[str] = (),
    programme_id: int | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Add one row. The actor is the signed-in person of `request` unless `actor_id` is given;
    `at` is now unless given (the demo's past)."""
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        action=action,
        what=what,
        actor_id=actor_id if actor_id is not None else _actor_id(request),
        subject_id=subject_id,
        object_id=object_id,
        fields=sorted(set(fields)),
        programme_id=programme_id,
        address=_address(request),
    )


def about(
    request: HttpRequest,
    *,
    action: str,
    subject_ids: Iterable[int],
    what: str,
    fields: Iterable[str] = (),
    object_id: int | None = None,
    programme_id: int | None = None,
) -> int:
    """Record that the signed-in person did `action` with these people's data, one row each (their
    own data is not recorded). Returns how many rows were added."""
    actor = _actor_id(request)
    address = _address(request)
    names = sorted(set(fields))
    rows = [
        AuditEvent(
            action=action,
            what=what,
            actor_id=actor,
            subject_id=subject,
            object_id=object_id,
            fields=names,
            programme_id=programme_id,
            address=address,
        )
        for subject in sorted(set(subject_ids))
        if subject != actor
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def viewed(request: HttpRequest, **kwargs: Any) -> int:
    """Record that the signed-in person saw these people's data (see `about`)."""
    return about(request, action=AuditAction.VIEWED, **kwargs)


def exported(request: HttpRequest, *, what: str, subject_ids: Iterable[int] = (), **kwargs: Any) -> int:
    """Record an export: one row for the export itself, and one for each person in it."""
    subjects = list(subject_ids)
    record(
        action=AuditAction.EXPORTED,
        what=what,
        request=request,
        fields=kwargs.get("fields", ()),
        programme_id=kwargs.get("programme_id"),
    )
    return 1 + about(request, action=AuditAction.EXPORTED, subject_ids=subjects, what=what, **kwargs)


def changed(
    *,
    request: HttpRequest | None,
    subject_id: int,
    what: str,
    fields: Iterable[str],
    object_id: int | None = None,
    programme_id: int | None = None,
) -> AuditEvent | None:
    """Record a change to personal data (nothing when no field changed)."""
    names = list(fields)
    if not names:
        return None
    return record(
        action=AuditAction.CHANGED,
        what=what,
        request=request,
        subject_id=subject_id,
        object_id=object_id,
        fields=names,
        programme_id=programme_id,
    )


@dataclass(frozen=True)
class Seen:
    """One line of a person's "who has seen my data" page."""

    at: dt.datetime
    action: str
    who: str
    what: str
    fields: list[str]


def seen_by_others(person: Person, *, limit: int = 200) -> list[Seen]:
    """What others did with this person's data, newest first: views, changes and exports."""
    events = list(
        AuditEvent.objects.filter(subject_id=person.pk)
        .exclude(actor_id=person.pk)
        .filter(action__in=[AuditAction.VIEWED, AuditAction.CHANGED, AuditAction.EXPORTED,
                            AuditAction.ROLE_GRANTED, AuditAction.ROLE_REVOKED])
        .order_by("-at", "-pk")[:limit]
    )
    names = dict(
        Person.objects.filter(pk__in={e.actor_id for e in events if e.actor_id}).values_list("pk", "full_name")
    )
    return [
        Seen(
            at=e.at,
            action=e.get_action_display(),
            who=names.get(e.actor_id or 0) or ("Someone no longer on Common Ground" if e.actor_id else "Common Ground"),
            what=WHAT.get(e.what, e.what.replace("_", " ")),
            fields=[f.replace("_", " ") for f in e.fields],
        )
        for e in events
    ]


def for_programme(programme_id: int) -> QuerySet[AuditEvent]:
    """The programme's trail, newest first, for a lead's export."""
    return AuditEvent.objects.filter(programme_id=programme_id).order_by("-at", "-pk")
