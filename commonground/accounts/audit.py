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

# Recorded whoever did them, the person themselves included (as every sign-in is).
ALWAYS_RECORDED = (AuditAction.ROLE_GRANTED, AuditAction.ROLE_REVOKED)

WHAT = {
    "person": "your profile",
    "access_needs": "your access needs (health data)",
    "application": "your application",
    "applications": "a list of applicants including you",
    "sponsor_request": "your application, from the link sent to your sponsor",
    "nomination": "your nomination, on your sponsor's list",
    "cohort_list": "your cohort's list of participants",
    "sponsored_people": "the list of people from your organisation, on its sponsor's page",
    "sponsor_role": "your role as a sponsor, on the list of sponsors",
    "organisation_change": "your request to change organisation",
    "affiliation": "where you work",
    "membership": "your role in a programme",
    "session_replies": "the replies to a session's invitation, yours included",
    "register": "a session's register, with your reply and attendance",
    "table_plan": "a session's table plan, with your seat",
    "attendance_by_person": "attendance figures for each person, yours included",
    "attendance_at_risk": "the list of people who missed their last two sessions",
    "development_hours": "your record of development hours (sessions attended and their hours)",
    "learning_sets": "your cohort's learning sets",
    "learning_set": "your learning set's list of members",
    "keep_apart": "a request that you and someone else be in different learning sets",
    "placement": "your cohort, on the page that places people in cohorts",
    "network_roster": "your name on the relationship survey's list",
    "network_contacts": "your name and ties on a colleague's own network page",
    "network_map": "your name and ties on the map of a relationship survey",
    "challenge_teams": "your challenge team and how you ranked its issue",
    "challenge_team": "your challenge team's list of members",
    "comment_hidden": "your comment on a local issue, hidden by a moderator",
    "support_withdrawn": "your support for a local issue",
    "issue_moderation": "the moderation history of local issues",
    "sign_in": "your sign-in",
    "second_factor": "your second factor (sign-in security)",
    "system_admin": "your role as a system's administrator",
    "attendance": "your attendance at a session",
    "learning_set_member": "your place in a learning set",
    "cohort": "your cohort",
    "challenge_team_member": "your place in a challenge team",
    "application_decision": "the decision on your application",
    "system_export": "everything a system held, exported for its data controller as the system left Common Ground",
    "deferral": "your place, deferred to a programme's next intake",
}

# What a person's page in a programme shows about them, as the trail names it.
PROFILE_FIELDS = ("full_name", "organisation", "team", "job_title", "profession", "seniority", "place", "cohort")

# Rows per insert query (a page's record is one query up to this many people).
BATCH = 2000


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


@dataclass(frozen=True)
class Shown:
    """One part of a page: the kind of data (`what`), the fields it shows and whose they are."""

    what: str
    subject_ids: Iterable[int]
    fields: Iterable[str] = ()
    object_id: int | None = None


def _rows(request: HttpRequest, action: str, parts: Iterable[Shown], programme_id: int | None) -> list[AuditEvent]:
    """One row per person and part, leaving out the signed-in person's own data."""
    actor = _actor_id(request)
    address = _address(request)
    return [
        AuditEvent(
            action=action,
            what=part.what,
            actor_id=actor,
            subject_id=subject,
            object_id=part.object_id,
            fields=sorted(set(part.fields)),
            programme_id=programme_id,
            address=address,
        )
        for part in parts
        for subject in sorted(set(part.subject_ids))
        if subject != actor
    ]


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
    rows = _rows(request, action, [Shown(what, subject_ids, fields, object_id)], programme_id)
    AuditEvent.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def viewed(request: HttpRequest, **kwargs: Any) -> int:
    """Record that the signed-in person saw these people's data (see `about`)."""
    return about(request, action=AuditAction.VIEWED, **kwargs)


def page_viewed(request: HttpRequest, *parts: Shown, programme_id: int | None = None) -> int:
    """Record everything one page showed about other people: all its parts in one insert (none when
    it showed nobody else), so a page's queries do not grow with its length."""
    rows = _rows(request, AuditAction.VIEWED, parts, programme_id)
    AuditEvent.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


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
class Change:
    """One change to some people's data: the kind (`what`), the names of the fields that changed,
    whose data it was and the row changed (`object_id`). A role given or taken away is a change too
    (`action`); `programme_id` is this change's programme when one record spans several."""

    what: str
    subject_ids: Iterable[int]
    fields: Iterable[str]
    object_id: int | None = None
    action: str = AuditAction.CHANGED
    programme_id: int | None = None


def changes(
    *parts: Change,
    request: HttpRequest | None = None,
    actor_id: int | None = None,
    programme_id: int | None = None,
) -> int:
    """Record what one operation changed about other people, all in one insert whatever its size.

    Call it inside the transaction that makes the change, so the two commit or roll back together.
    The actor is the signed-in person of `request` unless `actor_id` is given (neither: Common
    Ground itself, e.g. a deadline passing). A change to one's own data is left out, as a view of it
    is, but a role given or taken away is recorded whoever did it. A part with no field changed
    adds nothing. Returns how many rows were added."""
    actor = actor_id if actor_id is not None else _actor_id(request)
    address = _address(request)
    now = timezone.now()
    rows = [
        AuditEvent(
            at=now,
            action=part.action,
            what=part.what,
            actor_id=actor,
            subject_id=subject,
            object_id=part.object_id,
            fields=names,
            programme_id=part.programme_id if part.programme_id is not None else programme_id,
            address=address,
        )
        for part in parts
        if (names := sorted(set(part.fields)))
        for subject in sorted(set(part.subject_ids))
        if subject != actor or part.action in ALWAYS_RECORDED
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def changed_many(
    *,
    subject_ids: Iterable[int],
    what: str,
    fields: Iterable[str],
    request: HttpRequest | None = None,
    actor_id: int | None = None,
    object_id: int | None = None,
    programme_id: int | None = None,
) -> int:
    """Record one change to these people's data (see `changes`): one insert for them all."""
    return changes(
        Change(what, subject_ids, fields, object_id),
        request=request, actor_id=actor_id, programme_id=programme_id,
    )


@dataclass(frozen=True)
class Seen:
    """One line of a person's "who has seen my data" page."""

    at: dt.datetime
    action: str
    who: str
    what: str
    fields: list[str]


def _nobody_named(event: AuditEvent) -> str:
    if event.actor_id:
        return "Someone no longer on Common Ground"
    # Only an emailed link (a sponsor's request) shows or changes anything without a sign-in, and it
    # comes from an address; with neither, Common Ground itself did it (a deadline, retention).
    if event.action == AuditAction.VIEWED or event.address:
        return "Someone with an emailed link"
    return "Common Ground"


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
            who=names.get(e.actor_id or 0) or _nobody_named(e),
            what=WHAT.get(e.what, e.what.replace("_", " ")),
            fields=[f.replace("_", " ") for f in e.fields],
        )
        for e in events
    ]


def for_programme(programme_id: int, *, what: Iterable[str] | None = None) -> QuerySet[AuditEvent]:
    """The programme's trail, newest first, for a lead's export (or only these kinds of data, for
    a page of one feature's history)."""
    events = AuditEvent.objects.filter(programme_id=programme_id)
    if what is not None:
        events = events.filter(what__in=list(what))
    return events.order_by("-at", "-pk")


def names(person_ids: Iterable[int | None]) -> dict[int, str]:
    """The current names of these people (the trail keeps ids; whoever was erased has none)."""
    return dict(Person.objects.filter(pk__in={pk for pk in person_ids if pk}).values_list("pk", "full_name"))
