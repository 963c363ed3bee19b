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

`erase_many` does the same for many people at once, a batch per query (retention erases the
accounts of applicants it leaves with nothing, possibly thousands in one run); `erase` is its case
of one person.
"""

import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, DemoMail, Person
from commonground.codesign.models import (
    Comment,
    Issue,
    IssueState,
    Outcome,
    StateChange,
    TeamUpdate,
)
from commonground.privacy import erasure_log
from commonground.programmes import figures as programme_figures
from commonground.programmes.models import Membership
from commonground.recruitment.models import (
    Application,
    Nomination,
    PendingApplication,
    SponsorRequest,
)

REMOVED = "[removed: its author's data was erased]"
# People per query where each adds a few text matches (SQLite parses a chain of ORs as a tree at
# most 1,000 deep).
BATCH = 100


@dataclass(frozen=True)
class Erased:
    person_id: int
    rows: dict[str, int]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class ErasedPeople:
    person_ids: list[int]
    rows: dict[str, int]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _sessions_of(people: Sequence[Person]) -> list[str]:
    """Sign-in sessions that are one of these people's or remember one of their addresses."""
    ids = {str(person.pk) for person in people}
    emails = {person.email for person in people}
    keys = []
    for session in Session.objects.all().iterator():
        data = session.get_decoded()
        if data.get("_auth_user_id") in ids or data.get("link_email") in emails:
            keys.append(session.session_key)
    return keys


def _batches(people: Sequence[Person]) -> Iterator[Sequence[Person]]:
    for start in range(0, len(people), BATCH):
        yield people[start : start + BATCH]


def _any(conditions: list[Q]) -> Q:
    """Rows matching any of the conditions; none match when there are none."""
    return reduce(or_, conditions, Q(pk__in=[]))


def _containing(words: list[str], *columns: str) -> Q:
    """Rows whose columns contain any of these words, in any case."""
    return _any([Q(**{f"{column}__icontains": word}) for word in words for column in columns])


def _addressed(people: Sequence[Person], column: str) -> Q:
    """Rows whose column is one of these people's addresses, in any case."""
    return _any([Q(**{f"{column}__iexact": p.email}) for p in people])


def _in_others_records(people: Sequence[Person], rows: Counter[str]) -> None:
    """Their words in what others share, and their names and addresses in other people's records."""
    rows["comments"] += Comment.objects.filter(author__in=people).delete()[0]
    rows["team updates"] += TeamUpdate.objects.filter(author__in=people).delete()[0]
    rows["issues' words"] += Issue.objects.filter(proposed_by__in=people).update(
        title=REMOVED[:160], problem=REMOVED, affects=REMOVED, evidence=""
    )
    rows["outcomes' words"] += Outcome.objects.filter(recorded_by__in=people).update(
        what_changed=REMOVED, story=REMOVED, for_whom="", measure=""
    )
    # A closed issue keeps its closing reason on itself too; the words of an erased lead go from both.
    closed_by_them = StateChange.objects.filter(actor__in=people, to_state=IssueState.CLOSED).exclude(reason="")
    rows["reasons"] += Issue.objects.filter(
        state=IssueState.CLOSED, closed_reason__in=closed_by_them.values("reason"),
        pk__in=closed_by_them.values("issue_id"),
    ).update(closed_reason=REMOVED)
    rows["reasons"] += StateChange.objects.filter(actor__in=people).exclude(reason="").update(reason="")
    rows["reasons"] += Comment.objects.filter(hidden_by__in=people).exclude(hidden_reason="").update(hidden_reason="")
    for batch in _batches(people):
        names = [p.full_name for p in batch if p.full_name]
        sponsor = _addressed(batch, "sponsor_email")
        rows["as a sponsor"] += Application.objects.filter(sponsor).update(sponsor_name="", sponsor_email="")
        rows["as a sponsor"] += SponsorRequest.objects.filter(sponsor).update(sponsor_email="", comment="")
        rows["as a sponsor"] += PendingApplication.objects.filter(sponsor).update(sponsor_name="", sponsor_email="")
        rows["as a nominee"] += Nomination.objects.filter(_addressed(batch, "nominee_email")).delete()[0]
        rows["unconfirmed applications"] += PendingApplication.objects.filter(_addressed(batch, "email")).delete()[0]
        mail = _containing([p.email for p in batch], "to", "body", "html") | _containing(names, "subject", "body", "html")
        rows["demo mail"] += DemoMail.objects.filter(mail).delete()[0]
    rows["administration history"] += LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id__in=[str(p.pk) for p in people]
    ).delete()[0]
    rows["sign-in sessions"] += Session.objects.filter(session_key__in=_sessions_of(people)).delete()[0]


def _erase(person_ids: Sequence[int], *, by: Person | None, programme_id: int | None) -> tuple[list[int], Counter[str]]:
    people = list(Person.objects.select_for_update().filter(pk__in=person_ids).order_by("pk"))
    rows: Counter[str] = Counter()
    if not people:
        return [], rows
    _in_others_records(people, rows)
    # The people and everything that is theirs.
    ids = [p.pk for p in people]
    taking_part = set(Membership.objects.filter(person_id__in=ids).values_list("programme_id", flat=True))
    _, deleted = Person.objects.filter(pk__in=ids).delete()
    for label, count in deleted.items():
        rows[label] += count
    programme_figures.programmes_changed(taking_part)  # every figure follows who takes part
    erasure_log.append_on_commit(ids)  # so a restored backup can be made to forget them again
    for pk in ids:
        audit.record(
            action=AuditAction.ERASED, what="person", actor_id=by.pk if by is not None else None, subject_id=pk,
            programme_id=programme_id,
        )
    return ids, rows


@transaction.atomic
def erase(*, person: Person, by: Person | None = None, programme_id: int | None = None) -> Erased:
    """Erase the person; returns how many rows of each kind went or were emptied."""
    started = time.perf_counter()
    ids, rows = _erase([person.pk], by=by, programme_id=programme_id)
    if not ids:
        raise Person.DoesNotExist(f"There is no person {person.pk}.")
    return Erased(person_id=ids[0], rows={k: v for k, v in rows.items() if v}, seconds=time.perf_counter() - started)


@transaction.atomic
def erase_many(*, person_ids: Sequence[int], by: Person | None = None, programme_id: int | None = None) -> ErasedPeople:
    """Erase these people (those that still exist), as `erase` does each, in batches; one audit row each."""
    started = time.perf_counter()
    ids, rows = _erase(person_ids, by=by, programme_id=programme_id)
    return ErasedPeople(person_ids=ids, rows={k: v for k, v in rows.items() if v}, seconds=time.perf_counter() - started)
