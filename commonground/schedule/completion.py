"""Who completes the programme: the programme's completion rule applied to attendance.

Specification
-------------

- **Module days** are the programme's sessions of kind "module session" that were not cancelled:
  its core days, each delivering one module. A participant's module days are those of their
  cohort and those for the whole programme. The programme's number of module days, the N of
  "attended at least M of N module days", is the most any cohort has (whole-programme days
  included); cohorts usually have the same.
- **The rule** (`Programme.min_module_days_to_complete`, set by a lead): attend at least M module
  days; empty means all but one of N (at least one). With no module day scheduled there is no
  rule, and nobody completes.
- **Attended** is the attendance figures' rule: marked present or late, on a module day that has
  ended. Every module day of the programme counts, one attended before a move to another cohort
  included. Nobody attended a day whose register was never taken.
- **Completed**: a participant whose module days have all ended and who attended at least M.
- **On track**: a participant with module days still to come who can still reach M (attended +
  days to come ≥ M). Someone who has already reached M stays on track until their last module day
  has ended: only then are they counted as completed. A cohort with no module day scheduled yet
  has them all ahead, so its people are on track.
- **Cannot complete**: everyone else: their module days are over and they attended fewer than M,
  or too few days are left to reach it.
- **Who counts**: the programme's participants now. Someone who withdrew or left no longer holds
  the participant role, so they are in none of these counts, whatever they attended.

Every participant is exactly one of completed, on track and cannot complete, so the three add up
to each cohort's participants: the counts `programmes.figures.reach` publishes, which the
published table (`attendance_figures.completion_figures`) is linked to. Each read takes a fixed
number of queries whatever the programme's size: one for the module days, one for the
participants (grouped by cohort and days attended, or filtered to those who completed).
"""

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, Person
from commonground.core import figure_store
from commonground.programmes.models import Membership, Programme, completion_rule_problem
from commonground.schedule.models import Attendance, Mark, Session, SessionKind, SessionStatus

FIELD = "min_module_days_to_complete"
STORED_AS = "completion"  # the kind of figures `core.figure_store` keeps (see `stored_figures.py`)
NO_COHORT = "Not yet placed in a cohort"


class Standing(StrEnum):
    COMPLETED = "completed"
    ON_TRACK = "on_track"
    CANNOT_COMPLETE = "cannot_complete"


@dataclass(frozen=True)
class ModuleDays:
    """The programme's module days (not cancelled), counted for the whole programme and per cohort."""

    whole_programme: int
    whole_programme_to_come: int
    by_cohort: Mapping[int, int]  # cohort id → days for that cohort alone
    to_come_by_cohort: Mapping[int, int]
    ended_without_register: int

    def scheduled(self, cohort_id: int | None) -> int:
        return self.whole_programme + (self.by_cohort.get(cohort_id, 0) if cohort_id else 0)

    def to_come(self, cohort_id: int | None) -> int:
        return self.whole_programme_to_come + (self.to_come_by_cohort.get(cohort_id, 0) if cohort_id else 0)

    def finished(self, cohort_id: int | None) -> bool:
        """Whether every module day of this cohort (or of people with none) has ended."""
        return self.scheduled(cohort_id) > 0 and self.to_come(cohort_id) == 0

    @property
    def most(self) -> int:
        """N: the most module days any cohort has."""
        return self.whole_programme + max(self.by_cohort.values(), default=0)


@dataclass(frozen=True)
class CompletionRule:
    """At least `minimum` of the programme's `module_days` module days; `chosen` when a lead set it."""

    minimum: int
    module_days: int
    chosen: bool

    @property
    def reachable(self) -> bool:
        return self.minimum <= self.module_days

    @property
    def words(self) -> str:
        """The rule as a sentence ends: "attended at least 5 of 6 module days"."""
        if not self.reachable:
            days = "1 module day" if self.minimum == 1 else f"{self.minimum} module days"
            return f"attended at least {days} (only {self.module_days} scheduled)"
        return f"attended at least {self.minimum} of {self.module_days} module day{'' if self.module_days == 1 else 's'}"

    def standing(self, *, attended: int, scheduled: int, to_come: int) -> Standing:
        """Where someone stands who attended `attended` module days of `scheduled`, `to_come` still ahead."""
        if scheduled == 0 or to_come > 0:
            # No day scheduled yet for their cohort: all of them are still ahead.
            reachable = scheduled == 0 or attended + to_come >= self.minimum
            return Standing.ON_TRACK if reachable else Standing.CANNOT_COMPLETE
        return Standing.COMPLETED if attended >= self.minimum else Standing.CANNOT_COMPLETE


@dataclass(frozen=True)
class CohortCompletion:
    """How many participants of one cohort (None: not yet placed) stand where."""

    cohort_id: int | None
    label: str
    completed: int
    on_track: int
    cannot_complete: int

    @property
    def people(self) -> int:
        return self.completed + self.on_track + self.cannot_complete


@dataclass(frozen=True)
class Completion:
    """The programme's completion as counted (before disclosure control)."""

    rule: CompletionRule | None
    days: ModuleDays
    cohorts: list[CohortCompletion]
    # Cohorts with fewer module days scheduled than the rule asks for: nobody in them can complete.
    short_cohorts: list[str]


def module_days(programme: Programme, *, now: dt.datetime | None = None) -> ModuleDays:
    """The programme's module days, per cohort, and how many are still to come (one query)."""
    now = now or timezone.now()
    rows = (
        Session.objects.filter(programme=programme, kind=SessionKind.MODULE)
        .exclude(status=SessionStatus.CANCELLED)
        .annotate(taken=Exists(Attendance.objects.filter(session_id=OuterRef("pk"))))
        .values_list("pk", "ends_at", "taken", "cohorts")
        .order_by()
    )
    whole = whole_to_come = 0
    by_cohort: Counter[int] = Counter()
    to_come: Counter[int] = Counter()
    unrecorded: set[int] = set()
    for pk, ends_at, taken, cohort_id in rows:
        ahead = ends_at > now
        if not ahead and not taken:
            unrecorded.add(pk)
        if cohort_id is None:
            whole += 1
            whole_to_come += ahead
        else:
            by_cohort[cohort_id] += 1
            to_come[cohort_id] += ahead
    return ModuleDays(whole, whole_to_come, dict(by_cohort), dict(to_come), len(unrecorded))


def completion_rule(programme: Programme, days: ModuleDays) -> CompletionRule | None:
    """The programme's rule against the module days scheduled; None when none are."""
    minimum = programme.module_days_to_complete(days.most)
    if minimum is None:
        return None
    return CompletionRule(minimum, days.most, chosen=programme.min_module_days_to_complete is not None)


def _attended(programme: Programme, now: dt.datetime) -> Coalesce:
    """Module days each participant attended (a subquery on the participant's membership)."""
    days = (
        Attendance.objects.filter(
            person_id=OuterRef("person_id"),
            session__programme=programme,
            session__kind=SessionKind.MODULE,
            session__ends_at__lte=now,
            mark__in=[Mark.PRESENT, Mark.LATE],
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(days, output_field=IntegerField()), 0)


def completion(
    programme: Programme, *, now: dt.datetime | None = None, cohort_ids: set[int] | None = None
) -> Completion:
    """Completed, on track and cannot complete, per cohort (of `cohort_ids` only, when given); two queries."""
    now = now or timezone.now()
    days = module_days(programme, now=now)
    rule = completion_rule(programme, days)
    if rule is None:
        return Completion(None, days, [], [])
    participants = (
        Membership.objects.participants().filter(programme=programme).annotate(attended=_attended(programme, now))
    )
    if cohort_ids is not None:
        participants = participants.filter(cohort_id__in=cohort_ids)
    rows = (
        participants.values("cohort_id", "cohort__name", "attended")
        .annotate(people=Count("pk"))
        .order_by("cohort__name", "cohort_id", "attended")
    )
    counts: dict[int | None, Counter[Standing]] = {}
    labels: dict[int | None, str] = {}
    for row in rows:
        cohort_id = row["cohort_id"]
        labels[cohort_id] = row["cohort__name"] or NO_COHORT
        standing = rule.standing(
            attended=row["attended"], scheduled=days.scheduled(cohort_id), to_come=days.to_come(cohort_id)
        )
        counts.setdefault(cohort_id, Counter())[standing] += row["people"]
    # Participants not yet placed come last, as on the other figure pages.
    order = sorted(counts, key=lambda c: (c is None, labels[c]))
    return Completion(
        rule=rule,
        days=days,
        cohorts=[
            CohortCompletion(
                cohort_id=c,
                label=labels[c],
                completed=counts[c][Standing.COMPLETED],
                on_track=counts[c][Standing.ON_TRACK],
                cannot_complete=counts[c][Standing.CANNOT_COMPLETE],
            )
            for c in order
        ],
        short_cohorts=[labels[c] for c in order if 0 < days.scheduled(c) < rule.minimum],
    )


def completers(programme: Programme, *, now: dt.datetime | None = None) -> QuerySet[Person]:
    """The people who completed the programme: participants whose module days have all ended and
    who attended at least the rule's number (one query to decide, one when read)."""
    now = now or timezone.now()
    days = module_days(programme, now=now)
    rule = completion_rule(programme, days)
    if rule is None:
        return Person.objects.none()
    finished_cohorts = [c for c in days.by_cohort if days.finished(c)]
    # People with no cohort, or in a cohort with no module day of its own, have the whole programme's.
    finished = Q(cohort_id__in=finished_cohorts)
    if days.finished(None):
        finished |= Q(cohort_id__isnull=True) | ~Q(cohort_id__in=list(days.by_cohort))
    done = (
        Membership.objects.participants()
        .filter(programme=programme)
        .annotate(attended=_attended(programme, now))
        .filter(finished, attended__gte=rule.minimum)
        .values("person_id")
    )
    return Person.objects.filter(pk__in=done)


def is_completer(person: Person, programme: Programme, *, now: dt.datetime | None = None) -> bool:
    """Whether this person completed the programme (see `completers`); two queries."""
    return completers(programme, now=now).filter(pk=person.pk).exists()


@dataclass(frozen=True)
class PersonCompletion:
    """Where one participant stands: the rule, the module days they attended, and their own
    module days scheduled and still to come."""

    rule: CompletionRule | None
    cohort_id: int | None
    attended: int
    scheduled: int
    to_come: int

    @property
    def standing(self) -> Standing | None:
        if self.rule is None:
            return None
        return self.rule.standing(attended=self.attended, scheduled=self.scheduled, to_come=self.to_come)

    @property
    def still_needed(self) -> int:
        """Module days still to attend to reach the rule (0 once reached)."""
        return max(0, self.rule.minimum - self.attended) if self.rule else 0


def person_completion(
    person: Person, programme: Programme, *, now: dt.datetime | None = None
) -> PersonCompletion | None:
    """Where one participant stands (the same counts as `completion`); None when they are not a
    participant of the programme now. Two queries."""
    now = now or timezone.now()
    days = module_days(programme, now=now)
    row = (
        Membership.objects.participants()
        .filter(programme=programme, person=person)
        .annotate(attended=_attended(programme, now))
        .values_list("cohort_id", "attended")
        .first()
    )
    if row is None:
        return None
    cohort_id, attended = row
    return PersonCompletion(
        rule=completion_rule(programme, days), cohort_id=cohort_id, attended=attended,
        scheduled=days.scheduled(cohort_id), to_come=days.to_come(cohort_id),
    )


@transaction.atomic
def set_completion_rule(
    *, programme: Programme, minimum: int | None, request: HttpRequest | None = None
) -> CompletionRule | None:
    """Set how many module days a participant must attend to complete (None: all but one), within
    the module days scheduled now; a change is a row of the audit trail (the field's name only)."""
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    days = module_days(locked)
    problem = completion_rule_problem(minimum, module_days=days.most)
    if problem:
        raise ValidationError({FIELD: problem})
    if locked.min_module_days_to_complete != minimum:
        locked.min_module_days_to_complete = minimum
        locked.save(update_fields=[FIELD])
        # A setting of the programme, not anyone's personal data: the row names no subject.
        audit.record(
            action=AuditAction.CHANGED, what="completion_rule", request=request, object_id=locked.pk,
            fields=[FIELD], programme_id=locked.pk,
        )
        figure_store.changed(locked.pk, STORED_AS)
    programme.min_module_days_to_complete = minimum
    return completion_rule(locked, days)
