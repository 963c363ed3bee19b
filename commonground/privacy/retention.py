"""Retention: each kind of data goes (or loses its link to a person) when its period, set per
programme in whole months, has run out. `apply_retention` is the one service that does it; the
command `apply_retention`, the periodic task and the lead's page all read the same rules here.

The rules, as of today (`timezone.localdate()`, so a frozen clock moves them):

- **Journal entries** of a programme are deleted N months after the programme ends (`ends_on`).
- **Wellbeing and self-assessment answers** (`development.Response`) and **relationship survey
  marks** (`network.TieReport`) of a programme's rounds are pseudonymised N months after its end.
- **Applications not accepted** are deleted N months after their last decision (or their submission
  when none was recorded). One still open (submitted, waiting, offered) when the programme ends
  counts from the later of that date and the end; an accepted application is the participant's
  record and stays. Nominations and unconfirmed copies tied to a deleted application go with it.
- **The audit trail** of a programme is deleted when N months old (72 by default: six years);
  rows tied to no programme keep the default period and are handled by runs over every programme.
  Deletion goes through `AuditQuerySet.purge`, the trail's one deliberate way out.

"N months after day D" is the day with D's number N months later, or that month's last day when
it has no such day (31 August + 6 months = 28 or 29 February); the data goes on that day, not the
day before. A row stamped with a time counts from its date in the site's time zone.

Pseudonymising means this. The answers and marks point at a person through required links, and
the figures need them whole: a mark joins two people, and a person's baseline and end answers are
compared. So each person with answers (or marks) in the programme gets a pseudonym there: a new,
inactive account with a random address, no name, no password, no role and no place of work, and
their rows are moved onto it. Rows keep their values, so they can still be counted and the
before-and-after changes still paired, but nothing records whom a pseudonym stands for (accounts
are made in a shuffled order, so not even their ids follow the people's). Answers and marks get
separate pseudonyms, so neither helps to identify the other. The person's download and erasure
no longer reach these rows. Pages that read answers and marks through people's current roles and
roster consent (the live figures and maps) no longer count them.

Each programme is handled in its own transaction, its row locked first, so a task and a command
running together do one programme one after the other. A dry run counts the same rows and changes
nothing. Every run is recorded (`RetentionRun`) for the lead's page.
"""

import calendar
import datetime as dt
import random
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, AuditEvent, AuditQuerySet, Person
from commonground.development.models import JournalEntry, Response
from commonground.network.models import TieReport
from commonground.privacy.models import (
    BOUNDS,
    DEFAULT_MONTHS,
    Pseudonym,
    RetentionKind,
    RetentionPolicy,
    RetentionRun,
)
from commonground.programmes.models import Programme
from commonground.recruitment.models import (
    REVIEWABLE,
    Application,
    ApplicationStatus,
    Nomination,
    PendingApplication,
)

KINDS: list[str] = list(RetentionKind.values)
NO_PROGRAMME = 0  # `by_programme` key for audit rows tied to no programme
OPEN_STATUSES = (*REVIEWABLE, ApplicationStatus.OFFERED)
PSEUDONYM_NAME = ""  # a pseudonym has no name
PSEUDONYM_DOMAIN = "pseudonym.invalid"  # reserved: no mail can ever reach it
RUNS_KEPT = dt.timedelta(days=31)
VERBS: dict[str, str] = {
    RetentionKind.JOURNALS: "deleted",
    RetentionKind.ANSWERS: "pseudonymised",
    RetentionKind.SURVEY_MARKS: "pseudonymised",
    RetentionKind.APPLICATIONS: "deleted",
    RetentionKind.AUDIT: "deleted",
}


# Dates ---------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def last_day_due(today: dt.date, months: int) -> dt.date:
    """The latest day D with `add_months(D, months) <= today`: what is at least `months` old today."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    length = calendar.monthrange(year, month + 1)[1]
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        return dt.date(year, month + 1, length)  # every later day of that month also lands on today
    return dt.date(year, month + 1, min(today.day, length))


def _before_day_after(day: dt.date) -> dt.datetime:
    """The first moment after `day` in the site's time zone: rows stamped earlier are from that day or before."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


# What is due -----------------------------------------------------------------------------------


def policy_for(programme: Programme) -> RetentionPolicy:
    """The programme's periods: its own row, or the defaults."""
    found = RetentionPolicy.objects.filter(programme=programme).first()
    return found or RetentionPolicy.defaults_for(programme)


def due_on(*, programme: Programme, policy: RetentionPolicy, kind: str) -> dt.date | None:
    """The day a kind that counts from the programme's end falls due (None for the others)."""
    if kind in (RetentionKind.JOURNALS, RetentionKind.ANSWERS, RetentionKind.SURVEY_MARKS):
        return add_months(programme.ends_on, policy.months(kind))
    return None


def _ended_long_enough(programme: Programme, policy: RetentionPolicy, kind: str, today: dt.date) -> bool:
    day = due_on(programme=programme, policy=policy, kind=kind)
    return day is not None and day <= today


def _journals(programme: Programme, policy: RetentionPolicy, today: dt.date) -> QuerySet[JournalEntry]:
    if not _ended_long_enough(programme, policy, RetentionKind.JOURNALS, today):
        return JournalEntry.objects.none()
    return JournalEntry.objects.filter(programme=programme)


def _answers(programme: Programme, policy: RetentionPolicy, today: dt.date) -> QuerySet[Response]:
    if not _ended_long_enough(programme, policy, RetentionKind.ANSWERS, today):
        return Response.objects.none()
    return Response.objects.filter(round__programme=programme, person__pseudonym__isnull=True)


def _marks(programme: Programme, policy: RetentionPolicy, today: dt.date) -> QuerySet[TieReport]:
    if not _ended_long_enough(programme, policy, RetentionKind.SURVEY_MARKS, today):
        return TieReport.objects.none()
    return TieReport.objects.filter(round__programme=programme).filter(
        Q(reporter__pseudonym__isnull=True) | Q(colleague__pseudonym__isnull=True)
    )


def _application_ids(programme: Programme, policy: RetentionPolicy, today: dt.date) -> list[int]:
    months = policy.months(RetentionKind.APPLICATIONS)
    before = _before_day_after(last_day_due(today, months))
    statuses = [s for s in ApplicationStatus.values if s != ApplicationStatus.ACCEPTED]
    if add_months(programme.ends_on, months) > today:
        statuses = [s for s in statuses if s not in OPEN_STATUSES]
    return list(
        Application.objects.filter(programme=programme, status__in=statuses)
        .annotate(last=Coalesce(Max("decisions__at"), "submitted_at"))
        .filter(last__lt=before)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _audit(months: int, today: dt.date) -> AuditQuerySet:
    return AuditEvent.objects.filter(at__lt=_before_day_after(last_day_due(today, months)))


def _programme_audit(programme: Programme, policy: RetentionPolicy, today: dt.date) -> AuditQuerySet:
    return _audit(policy.months(RetentionKind.AUDIT), today).filter(programme_id=programme.pk)


def _unowned_audit(today: dt.date) -> AuditQuerySet:
    """Audit rows of no (remaining) programme, kept for the default period."""
    return _audit(DEFAULT_MONTHS[RetentionKind.AUDIT], today).filter(
        Q(programme_id__isnull=True) | ~Q(programme_id__in=Programme.objects.values("pk"))
    )


def due_now(*, programme: Programme, today: dt.date | None = None) -> dict[str, int]:
    """How many rows of each kind a run would act on in this programme today."""
    today = today or timezone.localdate()
    policy = policy_for(programme)
    counts: dict[str, int] = {
        RetentionKind.JOURNALS: _journals(programme, policy, today).count(),
        RetentionKind.ANSWERS: _answers(programme, policy, today).count(),
        RetentionKind.SURVEY_MARKS: _marks(programme, policy, today).count(),
        RetentionKind.APPLICATIONS: len(_application_ids(programme, policy, today)),
        RetentionKind.AUDIT: _programme_audit(programme, policy, today).count(),
    }
    return counts


@dataclass(frozen=True)
class Upcoming:
    """Rows of one kind not due yet: how many, and the next day any of them falls due."""

    count: int
    next_on: dt.date | None


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def upcoming(*, programme: Programme, today: dt.date | None = None) -> dict[str, Upcoming]:
    """What later runs will act on in this programme, per kind, as it stands today."""
    today = today or timezone.localdate()
    policy = policy_for(programme)
    found: dict[str, Upcoming] = {}
    in_scope = {
        RetentionKind.JOURNALS: JournalEntry.objects.filter(programme=programme),
        RetentionKind.ANSWERS: Response.objects.filter(round__programme=programme, person__pseudonym__isnull=True),
        RetentionKind.SURVEY_MARKS: TieReport.objects.filter(round__programme=programme).filter(
            Q(reporter__pseudonym__isnull=True) | Q(colleague__pseudonym__isnull=True)
        ),
    }
    for kind, rows in in_scope.items():
        day = due_on(programme=programme, policy=policy, kind=kind)
        later = day is not None and day > today
        found[kind] = Upcoming(count=rows.count() if later else 0, next_on=day if later else None)

    months = policy.months(RetentionKind.APPLICATIONS)
    ended = add_months(programme.ends_on, months)
    days = []
    for status, last in (
        Application.objects.filter(programme=programme)
        .exclude(status=ApplicationStatus.ACCEPTED)
        .annotate(last=Coalesce(Max("decisions__at"), "submitted_at"))
        .values_list("status", "last")
    ):
        day = add_months(_local_day(last), months)
        days.append(max(day, ended) if status in OPEN_STATUSES else day)
    later_days = [d for d in days if d > today]
    found[RetentionKind.APPLICATIONS] = Upcoming(count=len(later_days), next_on=min(later_days, default=None))

    months = policy.months(RetentionKind.AUDIT)
    not_due = AuditEvent.objects.filter(
        programme_id=programme.pk, at__gte=_before_day_after(last_day_due(today, months))
    )
    oldest = not_due.order_by("at").values_list("at", flat=True).first()
    found[RetentionKind.AUDIT] = Upcoming(
        count=not_due.count(), next_on=add_months(_local_day(oldest), months) if oldest else None
    )
    return found


# Doing it ------------------------------------------------------------------------------------


def _pseudonyms(*, programme: Programme, kind: str, person_ids: Iterable[int]) -> dict[int, int]:
    """A new pseudonym account for each person: person id → pseudonym id (kept in memory only)."""
    people = list(person_ids)
    random.SystemRandom().shuffle(people)  # account ids must not follow the people's order
    accounts = [
        Person(
            email=f"{secrets.token_hex(12)}@{PSEUDONYM_DOMAIN}",
            full_name=PSEUDONYM_NAME,
            is_active=False,
            password=f"!{secrets.token_urlsafe(30)}",  # unusable, as Django marks one
        )
        for _ in people
    ]
    Person.objects.bulk_create(accounts)
    Pseudonym.objects.bulk_create(
        [Pseudonym(person=account, programme=programme, kind=kind) for account in accounts]
    )
    return {person: account.pk for person, account in zip(people, accounts, strict=True)}


def _pseudonymise_answers(programme: Programme, rows: QuerySet[Response]) -> None:
    round_ids = list(rows.values_list("round_id", flat=True).distinct())
    people = set(rows.values_list("person_id", flat=True))
    mapping = _pseudonyms(programme=programme, kind=RetentionKind.ANSWERS, person_ids=sorted(people))
    for person_id, pseudonym_id in mapping.items():
        Response.objects.filter(round_id__in=round_ids, person_id=person_id).update(person_id=pseudonym_id)


def _pseudonymise_marks(programme: Programme, rows: QuerySet[TieReport]) -> None:
    round_ids = list(rows.values_list("round_id", flat=True).distinct())
    named = {person for pair in rows.values_list("reporter_id", "colleague_id") for person in pair}
    # A mark already half moved (one side a pseudonym) keeps that pseudonym.
    done = set(
        Pseudonym.objects.filter(programme=programme, kind=RetentionKind.SURVEY_MARKS).values_list("person_id", flat=True)
    )
    mapping = _pseudonyms(programme=programme, kind=RetentionKind.SURVEY_MARKS, person_ids=sorted(named - done))
    marks = TieReport.objects.filter(round_id__in=round_ids)
    for person_id, pseudonym_id in mapping.items():
        marks.filter(reporter_id=person_id).update(reporter_id=pseudonym_id)
        marks.filter(colleague_id=person_id).update(colleague_id=pseudonym_id)


def _delete_applications(ids: list[int]) -> None:
    # What copies an application's words and would outlive it (its links are SET_NULL) goes too.
    Nomination.objects.filter(application_id__in=ids).delete()
    PendingApplication.objects.filter(application_id__in=ids).delete()
    Application.objects.filter(pk__in=ids).delete()


@transaction.atomic
def apply_to_programme(*, programme: Programme, dry_run: bool, today: dt.date) -> dict[str, int]:
    """Act on (or, in a dry run, count) what is due in one programme, in one transaction."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    policy = policy_for(programme)
    journals = _journals(programme, policy, today)
    answers = _answers(programme, policy, today)
    marks = _marks(programme, policy, today)
    applications = _application_ids(programme, policy, today)
    audit = _programme_audit(programme, policy, today)
    counts: dict[str, int] = {
        RetentionKind.JOURNALS: journals.count(),
        RetentionKind.ANSWERS: answers.count(),
        RetentionKind.SURVEY_MARKS: marks.count(),
        RetentionKind.APPLICATIONS: len(applications),
        RetentionKind.AUDIT: audit.count(),
    }
    if dry_run:
        return counts
    if counts[RetentionKind.JOURNALS]:
        journals.delete()
    if counts[RetentionKind.ANSWERS]:
        _pseudonymise_answers(programme, answers)
    if counts[RetentionKind.SURVEY_MARKS]:
        _pseudonymise_marks(programme, marks)
    if applications:
        _delete_applications(applications)
    if counts[RetentionKind.AUDIT]:
        audit.purge()
    return counts


@transaction.atomic
def _apply_to_unowned_audit(*, dry_run: bool, today: dt.date) -> int:
    rows = _unowned_audit(today)
    return rows.count() if dry_run else rows.purge()


@dataclass(frozen=True)
class RetentionResult:
    """What one run did (or, in a dry run, would do): rows per kind, overall and per programme."""

    dry_run: bool
    today: dt.date
    counts: dict[str, int]
    by_programme: dict[int, dict[str, int]]
    titles: dict[int, str] = field(default_factory=dict)
    seconds: float = 0.0
    run_id: int | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        """The run as a readable report: each programme with something to do, then the total."""
        mode = "Dry run: nothing was changed" if self.dry_run else "Retention applied"
        out = [f"{mode}, as of {self.today.day} {self.today:%B %Y}, in {self.seconds:.2f} s."]
        quiet = 0
        for programme_id, counts in self.by_programme.items():
            if not any(counts.values()):
                quiet += programme_id != NO_PROGRAMME
                continue
            title = self.titles.get(programme_id, "")
            out.append(f"{title} (programme {programme_id}):" if title else "Audit rows tied to no programme:")
            out.extend(describe(counts, dry_run=self.dry_run, indent="  "))
        if quiet:
            out.append(f"Nothing was due in {quiet:,} {'programme' if quiet == 1 else 'programmes'}.")
        out.append(f"Total: {self.total:,} rows {'would be acted on' if self.dry_run else 'acted on'}.")
        return out


def describe(counts: dict[str, int], *, dry_run: bool, indent: str = "") -> list[str]:
    """One line per kind with something to do, or one saying nothing was due."""
    labels: dict[str, str] = dict(RetentionKind.choices)
    lines = [
        f"{indent}{labels[kind]}: {counts[kind]:,} {'to be ' if dry_run else ''}{VERBS[kind]}"
        for kind in KINDS
        if counts.get(kind)
    ]
    return lines or [f"{indent}Nothing was due."]


def apply_retention(*, dry_run: bool = False, programme_id: int | None = None, trigger: str = "command") -> RetentionResult:
    """Apply every programme's retention periods as of today (or count, in a dry run) and record the run."""
    started = time.perf_counter()
    started_at = timezone.now()
    today = timezone.localdate()
    programmes = Programme.objects.order_by("pk")
    if programme_id is not None:
        programmes = programmes.filter(pk=programme_id)
        if not programmes.exists():
            raise Programme.DoesNotExist(f"There is no programme {programme_id}.")
    by_programme: dict[int, dict[str, int]] = {}
    titles: dict[int, str] = {}
    for programme in programmes:
        by_programme[programme.pk] = apply_to_programme(programme=programme, dry_run=dry_run, today=today)
        titles[programme.pk] = programme.title
    if programme_id is None:
        unowned = _apply_to_unowned_audit(dry_run=dry_run, today=today)
        by_programme[NO_PROGRAMME] = {kind: 0 for kind in KINDS} | {RetentionKind.AUDIT: unowned}
    counts = {kind: sum(c[kind] for c in by_programme.values()) for kind in KINDS}
    seconds = time.perf_counter() - started
    run = _record(
        started_at=started_at, seconds=seconds, dry_run=dry_run, programme_id=programme_id,
        trigger=trigger, counts=counts, by_programme=by_programme,
    )
    return RetentionResult(
        dry_run=dry_run, today=today, counts=counts, by_programme=by_programme, titles=titles,
        seconds=seconds, run_id=run.pk,
    )


@transaction.atomic
def _record(
    *, started_at: dt.datetime, seconds: float, dry_run: bool, programme_id: int | None, trigger: str,
    counts: dict[str, int], by_programme: dict[int, dict[str, int]],
) -> RetentionRun:
    # The periodic task runs every few minutes: a month of runs is plenty to look back on.
    RetentionRun.objects.filter(started_at__lt=started_at - RUNS_KEPT).delete()
    return RetentionRun.objects.create(
        started_at=started_at, seconds=seconds, dry_run=dry_run, programme_id=programme_id, trigger=trigger,
        # Only programmes with something done, so a lead's page finds its runs with one lookup.
        counts=counts, by_programme={str(k): v for k, v in by_programme.items() if any(v.values())},
    )


def last_runs(*, programme: Programme) -> tuple[RetentionRun | None, RetentionRun | None]:
    """The latest run that covered this programme, and the latest that did something in it."""
    runs = RetentionRun.objects.filter(Q(programme__isnull=True) | Q(programme=programme))
    acted = runs.filter(dry_run=False, by_programme__has_key=str(programme.pk)).first()
    return runs.first(), acted


def counts_in(run: RetentionRun, programme: Programme) -> dict[str, int]:
    """What a recorded run did in one programme, per kind."""
    found = run.by_programme.get(str(programme.pk), {})
    return {kind: int(found.get(kind, 0)) for kind in KINDS}


@transaction.atomic
def set_policy(*, programme: Programme, by: Person, months: dict[str, int]) -> RetentionPolicy:
    """Save a programme's retention periods (whole months, each within its bounds); audited."""
    for kind in KINDS:
        low, high = BOUNDS[kind]
        value = months.get(kind)
        if not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(
                {f"{kind}_months": f"Enter a whole number of months from {low} to {high}."}
            )
    policy, _ = RetentionPolicy.objects.select_for_update().get_or_create(programme=programme)
    changed = [f"{kind}_months" for kind in KINDS if policy.months(kind) != months[kind]]
    for kind in KINDS:
        setattr(policy, f"{kind}_months", months[kind])
    policy.full_clean()
    policy.save()
    if changed:
        audit.record(
            action=AuditAction.CHANGED, what="retention_policy", actor_id=by.pk, object_id=policy.pk,
            fields=changed, programme_id=programme.pk,
        )
    return policy
