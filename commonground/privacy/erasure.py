"""Erasure: a person's data goes, whole, in one transaction.

What goes: the person row and every row that is theirs (through `on_delete=CASCADE`: roles,
where they work, applications, answers, goals, journal, marks they made and marks about them,
encounters, invitations, attendance, seats, consents, calendar feed); text they wrote in what
others share (comments and team updates are deleted; an issue they proposed and an outcome they
recorded keep their place but lose their words); their name and address in other people's
records (as someone's sponsor, as a nominee, in the demo's outbox, in the site administration's
history, in sign-in sessions). Staff references to them (who decided, who marked) become empty.
Published figures stay: they are counts, shown only when at least 5 people stand behind them.

The audit trail stays as it is: it holds ids and field names only, and gains one row saying the
person was erased and by whom.
"""

import time
from collections import Counter
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, DemoMail, Person
from commonground.codesign.models import AuditEvent as IssueEvent
from commonground.codesign.models import Comment, Issue, Outcome, StateChange, TeamUpdate
from commonground.recruitment.models import (
    Application,
    Nomination,
    PendingApplication,
    SponsorRequest,
)

REMOVED = "[removed: its author's data was erased]"
SOMEONE = "someone whose data was erased"


@dataclass(frozen=True)
class Erased:
    person_id: int
    rows: dict[str, int]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _sessions_of(person: Person) -> list[str]:
    """Sign-in sessions that are the person's or remember their address."""
    keys = []
    for session in Session.objects.all().iterator():
        data = session.get_decoded()
        if data.get("_auth_user_id") == str(person.pk) or data.get("link_email") == person.email:
            keys.append(session.session_key)
    return keys


@transaction.atomic
def erase(*, person: Person, by: Person | None = None, programme_id: int | None = None) -> Erased:
    """Erase the person; returns how many rows of each kind went or were emptied."""
    started = time.perf_counter()
    person = Person.objects.select_for_update().get(pk=person.pk)
    pk, email, name = person.pk, person.email, person.full_name
    rows: Counter[str] = Counter()

    # Words they wrote in what others share.
    rows["comments"] += Comment.objects.filter(author=person).delete()[0]
    rows["team updates"] += TeamUpdate.objects.filter(author=person).delete()[0]
    rows["issues' words"] += Issue.objects.filter(proposed_by=person).update(
        title=REMOVED[:160], problem=REMOVED, affects=REMOVED, evidence=""
    )
    rows["outcomes' words"] += Outcome.objects.filter(recorded_by=person).update(
        what_changed=REMOVED, story=REMOVED, for_whom="", measure=""
    )
    rows["reasons"] += StateChange.objects.filter(actor=person).exclude(reason="").update(reason="")
    rows["reasons"] += IssueEvent.objects.filter(actor=person).exclude(reason="").update(reason="")
    rows["reasons"] += Comment.objects.filter(hidden_by=person).exclude(hidden_reason="").update(hidden_reason="")
    rows["labels"] += (
        IssueEvent.objects.filter(Q(object_label__icontains=name) | Q(object_label__icontains=email))
        .update(object_label=SOMEONE)
        if name
        else 0
    )

    # Their name and address in other people's records.
    rows["as a sponsor"] += Application.objects.filter(sponsor_email__iexact=email).update(
        sponsor_name="", sponsor_email=""
    )
    rows["as a sponsor"] += SponsorRequest.objects.filter(sponsor_email__iexact=email).update(
        sponsor_email="", comment=""
    )
    rows["as a sponsor"] += PendingApplication.objects.filter(sponsor_email__iexact=email).update(
        sponsor_name="", sponsor_email=""
    )
    rows["as a nominee"] += Nomination.objects.filter(nominee_email__iexact=email).delete()[0]
    rows["unconfirmed applications"] += PendingApplication.objects.filter(email__iexact=email).delete()[0]
    mail = Q(to__icontains=email) | Q(body__icontains=email) | Q(html__icontains=email)
    if name:
        mail |= Q(subject__icontains=name) | Q(body__icontains=name) | Q(html__icontains=name)
    rows["demo mail"] += DemoMail.objects.filter(mail).delete()[0]
    rows["administration history"] += LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(pk)
    ).delete()[0]
    rows["sign-in sessions"] += Session.objects.filter(session_key__in=_sessions_of(person)).delete()[0]

    # The person and everything that is theirs.
    _, deleted = person.delete()
    for label, count in deleted.items():
        rows[label] += count

    audit.record(
        action=AuditAction.ERASED,
        what="person",
        actor_id=by.pk if by is not None else None,
        subject_id=pk,
        programme_id=programme_id,
    )
    return Erased(person_id=pk, rows={k: v for k, v in rows.items() if v}, seconds=time.perf_counter() - started)
