"""What is due: the rows of each kind a run would act on in a programme today, and what falls due later."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import DateTimeField, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from commonground.accounts.models import AuditEvent, AuditQuerySet, ConsentRecord
from commonground.development.models import EqualityAnswers, JournalEntry, Response
from commonground.network.models import TieReport
from commonground.privacy.models import DEFAULT_MONTHS, RetentionKind, RetentionPolicy
from commonground.privacy.retention.dates import add_months, local_day, stamped_before_due
from commonground.programmes.models import Programme
from commonground.recruitment.models import REVIEWABLE, Application, ApplicationStatus

KINDS: list[str] = list(RetentionKind.values)
# Kinds that count from the programme's end.
AFTER_END = (RetentionKind.JOURNALS, RetentionKind.ANSWERS, RetentionKind.SURVEY_MARKS, RetentionKind.EQUALITY)
OPEN_STATUSES = (*REVIEWABLE, ApplicationStatus.OFFERED)


def policy_for(programme: Programme) -> RetentionPolicy:
    """The programme's periods: its own row, or the defaults."""
    found = RetentionPolicy.objects.filter(programme=programme).first()
    return found or RetentionPolicy.defaults_for(programme)


def due_on(*, programme: Programme, policy: RetentionPolicy, kind: str) -> dt.date | None:
    """The day a kind that counts from the programme's end falls due (None for the others)."""
    if kind in AFTER_END:
        return add_months(programme.ends_on, policy.months(kind))
    return None


def _ended_long_enough(programme: Programme, policy: RetentionPolicy, kind: str, today: dt.date) -> bool:
    day = due_on(programme=programme, policy=policy, kind=kind)
    return day is not None and day <= today


# Every row of each kind in a programme that retention may still act on, due or not.


def _all_answers(programme: Programme) -> QuerySet[Response]:
    return Response.objects.filter(round__programme=programme, person__pseudonym__isnull=True)


def _all_marks(programme: Programme) -> QuerySet[TieReport]:
    return TieReport.objects.filter(round__programme=programme).filter(
        Q(reporter__pseudonym__isnull=True) | Q(colleague__pseudonym__isnull=True)
    )


def _ended_consents(programme_id: int | None) -> QuerySet[ConsentRecord]:
    """Consents of a programme (of any, for None) that were withdrawn or replaced."""
    rows = ConsentRecord.objects.filter(Q(withdrawn_at__isnull=False) | Q(replaced_at__isnull=False))
    return rows.filter(programme_id=programme_id) if programme_id is not None else rows


def _ended_before(moment: dt.datetime) -> Q:
    """Consents that ended (were withdrawn or, failing that, replaced) before this moment."""
    return Q(withdrawn_at__lt=moment) | Q(withdrawn_at__isnull=True, replaced_at__lt=moment)


def _ended_since(moment: dt.datetime) -> Q:
    """Ended consents that ended at this moment or later (the rest of `_ended_consents`)."""
    return Q(withdrawn_at__gte=moment) | Q(withdrawn_at__isnull=True, replaced_at__gte=moment)


def _after_end(programme: Programme) -> dict[str, QuerySet[Any]]:
    return {
        RetentionKind.JOURNALS: JournalEntry.objects.filter(programme=programme),
        RetentionKind.ANSWERS: _all_answers(programme),
        RetentionKind.SURVEY_MARKS: _all_marks(programme),
        RetentionKind.EQUALITY: EqualityAnswers.objects.filter(programme=programme),
    }


def _not_accepted(programme: Programme) -> QuerySet[Application]:
    return Application.objects.filter(programme=programme).exclude(status=ApplicationStatus.ACCEPTED)


def _application_ids(programme: Programme, policy: RetentionPolicy, today: dt.date) -> list[int]:
    """Applications not accepted whose last decision (or submission) is old enough today."""
    months = policy.months(RetentionKind.APPLICATIONS)
    rows = _not_accepted(programme)
    if add_months(programme.ends_on, months) > today:
        rows = rows.exclude(status__in=OPEN_STATUSES)
    return list(
        rows.annotate(last=Coalesce(Max("decisions__at"), "submitted_at"))
        .filter(last__lt=stamped_before_due(today, months))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _audit(months: int, today: dt.date) -> AuditQuerySet:
    return AuditEvent.objects.filter(at__lt=stamped_before_due(today, months))


def _of_no_programme() -> Q:
    return Q(programme_id__isnull=True) | ~Q(programme_id__in=Programme.objects.values("pk"))


def unowned_audit(today: dt.date) -> AuditQuerySet:
    """Audit rows of no (remaining) programme, kept for the default period."""
    return _audit(DEFAULT_MONTHS[RetentionKind.AUDIT], today).filter(_of_no_programme())


def unowned_consents(today: dt.date) -> QuerySet[ConsentRecord]:
    """Ended consents of no (remaining) programme, kept for the default period."""
    before = stamped_before_due(today, DEFAULT_MONTHS[RetentionKind.CONSENTS])
    return _ended_consents(None).filter(_of_no_programme()).filter(_ended_before(before))


@dataclass(frozen=True)
class Due:
    """The rows of each kind due in one programme today (querysets, so a run can act on them)."""

    journals: QuerySet[JournalEntry]
    answers: QuerySet[Response]
    marks: QuerySet[TieReport]
    equality: QuerySet[EqualityAnswers]
    equality_over: bool  # the equality answers' period has run out: their consents end too
    applications: list[int]
    consents: QuerySet[ConsentRecord]
    audit: AuditQuerySet

    def counts(self) -> dict[str, int]:
        return {
            RetentionKind.JOURNALS: self.journals.count(),
            RetentionKind.ANSWERS: self.answers.count(),
            RetentionKind.SURVEY_MARKS: self.marks.count(),
            RetentionKind.EQUALITY: self.equality.count(),
            RetentionKind.APPLICATIONS: len(self.applications),
            RetentionKind.CONSENTS: self.consents.count(),
            RetentionKind.AUDIT: self.audit.count(),
        }


def due_rows(*, programme: Programme, policy: RetentionPolicy, today: dt.date) -> Due:
    """What a run acts on in this programme today, under these periods."""
    rows = {
        kind: rows if _ended_long_enough(programme, policy, kind, today) else rows.none()
        for kind, rows in _after_end(programme).items()
    }
    before = stamped_before_due(today, policy.months(RetentionKind.CONSENTS))
    return Due(
        journals=rows[RetentionKind.JOURNALS],
        answers=rows[RetentionKind.ANSWERS],
        marks=rows[RetentionKind.SURVEY_MARKS],
        equality=rows[RetentionKind.EQUALITY],
        equality_over=_ended_long_enough(programme, policy, RetentionKind.EQUALITY, today),
        applications=_application_ids(programme, policy, today),
        consents=_ended_consents(programme.pk).filter(_ended_before(before)),
        audit=_audit(policy.months(RetentionKind.AUDIT), today).filter(programme_id=programme.pk),
    )


def due_now(*, programme: Programme, today: dt.date | None = None) -> dict[str, int]:
    """How many rows of each kind a run would act on in this programme today."""
    today = today or timezone.localdate()
    return due_rows(programme=programme, policy=policy_for(programme), today=today).counts()


@dataclass(frozen=True)
class Upcoming:
    """Rows of one kind not due yet: how many, and the next day any of them falls due."""

    count: int
    next_on: dt.date | None


def upcoming(*, programme: Programme, today: dt.date | None = None) -> dict[str, Upcoming]:
    """What later runs will act on in this programme, per kind, as it stands today."""
    today = today or timezone.localdate()
    policy = policy_for(programme)
    found: dict[str, Upcoming] = {}
    for kind, rows in _after_end(programme).items():
        day = due_on(programme=programme, policy=policy, kind=kind)
        later = day is not None and day > today
        found[kind] = Upcoming(count=rows.count() if later else 0, next_on=day if later else None)

    months = policy.months(RetentionKind.APPLICATIONS)
    ended = add_months(programme.ends_on, months)
    days = []
    for status, last in _not_accepted(programme).annotate(
        last=Coalesce(Max("decisions__at"), "submitted_at")
    ).values_list("status", "last"):
        day = add_months(local_day(last), months)
        days.append(max(day, ended) if status in OPEN_STATUSES else day)
    later_days = [d for d in days if d > today]
    found[RetentionKind.APPLICATIONS] = Upcoming(count=len(later_days), next_on=min(later_days, default=None))

    months = policy.months(RetentionKind.CONSENTS)
    waiting = _ended_consents(programme.pk).filter(_ended_since(stamped_before_due(today, months)))
    first_ended = (
        waiting.annotate(ended=Coalesce("withdrawn_at", "replaced_at", output_field=DateTimeField()))
        .order_by("ended")
        .values_list("ended", flat=True)
        .first()
    )
    found[RetentionKind.CONSENTS] = Upcoming(
        count=waiting.count(), next_on=add_months(local_day(first_ended), months) if first_ended else None
    )

    months = policy.months(RetentionKind.AUDIT)
    not_due = AuditEvent.objects.filter(programme_id=programme.pk, at__gte=stamped_before_due(today, months))
    oldest = not_due.order_by("at").values_list("at", flat=True).first()
    found[RetentionKind.AUDIT] = Upcoming(
        count=not_due.count(), next_on=add_months(local_day(oldest), months) if oldest else None
    )
    return {kind: found[kind] for kind in KINDS}
