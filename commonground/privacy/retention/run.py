"""Doing it: one programme in one transaction, every programme in a run, and the record of each run."""

import datetime as dt
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commonground.accounts import consent_ledger
from commonground.accounts.consents import Purpose
from commonground.accounts.models import Person
from commonground.core import figure_store
from commonground.privacy.models import RetentionKind, RetentionRun
from commonground.privacy.retention.due import (
    KINDS,
    due_rows,
    policy_for,
    unowned_audit,
    unowned_consents,
)
from commonground.privacy.retention.leftover import erase_left_with_nothing, left_with_nothing
from commonground.privacy.retention.pseudonyms import pseudonymise_answers, pseudonymise_marks
from commonground.programmes.models import Programme
from commonground.recruitment.models import Application, Nomination, PendingApplication

NO_PROGRAMME = 0  # `by_programme` key for audit rows and consents tied to no programme
# Not a period of its own: applicants' accounts that go because their last application did.
ACCOUNTS = "accounts"
REPORTED: list[str] = [*KINDS, ACCOUNTS]
LABELS: dict[str, str] = {**dict(RetentionKind.choices), ACCOUNTS: "Applicants' accounts left with nothing"}
RUNS_KEPT = dt.timedelta(days=31)
VERBS: dict[str, str] = {
    RetentionKind.JOURNALS: "deleted",
    RetentionKind.ANSWERS: "pseudonymised",
    RetentionKind.SURVEY_MARKS: "pseudonymised",
    RetentionKind.EQUALITY: "deleted",
    RetentionKind.APPLICATIONS: "deleted",
    RetentionKind.CONSENTS: "deleted",
    RetentionKind.AUDIT: "deleted",
    ACCOUNTS: "erased",
}


class DueChanged(Exception):
    """What is due is no longer what the person confirming a run was shown; nothing was done."""

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__("What is due has changed since it was counted.")
        self.counts = counts


def _delete_applications(ids: list[int]) -> None:
    # What copies an application's words and would outlive it (its links are SET_NULL) goes too.
    Nomination.objects.filter(application_id__in=ids).delete()
    PendingApplication.objects.filter(application_id__in=ids).delete()
    Application.objects.filter(pk__in=ids).delete()


@transaction.atomic
def apply_to_programme(
    *, programme: Programme, dry_run: bool, today: dt.date, by: Person | None = None,
    expected: dict[str, int] | None = None,
) -> dict[str, int]:
    """Act on (or, in a dry run, count) what is due in one programme, in one transaction. With
    `expected`, act only when the counts are exactly those (else `DueChanged`, nothing done)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    due = due_rows(programme=programme, policy=policy_for(programme), today=today)
    leaving = left_with_nothing(application_ids=due.applications) if due.applications else []
    counts = due.counts() | {ACCOUNTS: len(leaving)}
    if expected is not None and counts != expected:
        raise DueChanged(counts)
    if dry_run:
        return counts
    if counts[RetentionKind.JOURNALS]:
        due.journals.delete()
    if counts[RetentionKind.ANSWERS]:
        pseudonymise_answers(programme, due.answers)
    if counts[RetentionKind.SURVEY_MARKS]:
        pseudonymise_marks(programme, due.marks)
    if counts[RetentionKind.EQUALITY]:
        due.equality.delete()
    if due.equality_over:
        # Nothing is asked or kept under them any more; ended, they follow the consents' period.
        consent_ledger.end_for_programme(purpose=Purpose.EQUALITY, programme_id=programme.pk)
    if due.applications:
        _delete_applications(due.applications)
        erase_left_with_nothing(people=leaving, programme=programme, by=by)
    if counts[RetentionKind.CONSENTS]:
        due.consents.delete()
    if counts[RetentionKind.AUDIT]:
        due.audit.purge()
    if counts[RetentionKind.ANSWERS] or counts[RetentionKind.SURVEY_MARKS]:
        # Pseudonyms hold no role, so the figures no longer count those answers and marks.
        figure_store.changed(programme.pk)
    return counts


@transaction.atomic
def _apply_to_unowned(*, dry_run: bool, today: dt.date) -> dict[str, int]:
    audit, consents = unowned_audit(today), unowned_consents(today)
    counts = {kind: 0 for kind in REPORTED} | {
        RetentionKind.AUDIT: audit.count(), RetentionKind.CONSENTS: consents.count()
    }
    if not dry_run:
        audit.purge()
        consents.delete()
    return counts


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
            out.append(f"{title} (programme {programme_id}):" if title else "Tied to no programme:")
            out.extend(describe(counts, dry_run=self.dry_run, indent="  "))
        if quiet:
            out.append(f"Nothing was due in {quiet:,} {'programme' if quiet == 1 else 'programmes'}.")
        out.append(f"Total: {self.total:,} rows {'would be acted on' if self.dry_run else 'acted on'}.")
        return out


def describe(counts: dict[str, int], *, dry_run: bool, indent: str = "") -> list[str]:
    """One line per kind with something to do, or one saying nothing was due."""
    lines = [
        f"{indent}{LABELS[kind]}: {counts[kind]:,} {'to be ' if dry_run else ''}{VERBS[kind]}"
        for kind in REPORTED
        if counts.get(kind)
    ]
    return lines or [f"{indent}Nothing was due."]


def apply_retention(
    *, dry_run: bool = False, programme_id: int | None = None, trigger: str = "command", by: Person | None = None,
    expected: dict[str, int] | None = None,
) -> RetentionResult:
    """Apply every programme's retention periods as of today (or count, in a dry run) and record the run.
    `expected` (one programme only) makes it act only on exactly the counts a person was shown."""
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
        by_programme[programme.pk] = apply_to_programme(
            programme=programme, dry_run=dry_run, today=today, by=by, expected=expected
        )
        titles[programme.pk] = programme.title
    if programme_id is None:
        by_programme[NO_PROGRAMME] = _apply_to_unowned(dry_run=dry_run, today=today)
    counts = {kind: sum(c[kind] for c in by_programme.values()) for kind in REPORTED}
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
    return {kind: int(found.get(kind, 0)) for kind in REPORTED}
