"""A lead's retention page: the programme's periods (editable), what is due now and the last run.

The table of periods and the summary of a run are shared with the system administrator's pages
(`views_system_retention.py`)."""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from commonground.accounts.models import Person
from commonground.accounts.people import person_from
from commonground.core.forms import errors_onto, form_status
from commonground.privacy import retention
from commonground.privacy.datamap import in_words
from commonground.privacy.forms import RetentionForm, field_name
from commonground.privacy.models import DEFAULT_MONTHS, RetentionKind, RetentionPolicy, RetentionRun
from commonground.programmes.models import Programme
from commonground.programmes.permissions import programme_access

RULES: dict[str, str] = {
    RetentionKind.JOURNALS: "Deleted {period} after the programme ends",
    RetentionKind.ANSWERS: "Pseudonymised {period} after the programme ends",
    RetentionKind.SURVEY_MARKS: "Pseudonymised {period} after the programme ends",
    RetentionKind.EQUALITY: "Deleted {period} after the programme ends",
    RetentionKind.APPLICATIONS: "Deleted {period} after the last decision on them",
    RetentionKind.CONSENTS: "Deleted {period} after they ended",
    RetentionKind.AUDIT: "Deleted when {period} old",
}
SAVED = "Retention periods saved. They apply from the next run, within minutes."


@dataclass(frozen=True)
class Row:
    kind: str
    label: str
    rule: str
    is_default: bool
    due_now: int
    next_on: dt.date | None
    later: int


@dataclass(frozen=True)
class LastRun:
    """A recorded run as a page shows it: when, started by whom, and what it did in one programme."""

    run: RetentionRun
    by: str
    lines: list[str]


def rows_for(programme: Programme, policy: RetentionPolicy, today: dt.date) -> list[Row]:
    """Each kind's period in words, what is due today and what comes later."""
    due = retention.due_now(programme=programme, today=today)
    coming = retention.upcoming(programme=programme, today=today)
    return [
        Row(
            kind=kind,
            label=retention.LABELS[kind],
            rule=RULES[kind].format(period=in_words(policy.months(kind))),
            is_default=policy.months(kind) == DEFAULT_MONTHS[kind],
            due_now=due[kind],
            next_on=coming[kind].next_on,
            later=coming[kind].count,
        )
        for kind in retention.KINDS
    ]


def started_by(run: RetentionRun) -> str:
    """Who started a run, in words (names joined now: the run keeps a plain id)."""
    if run.started_by_id is None:
        return "automatically" if run.trigger == "task" else "by an administrator"
    person = Person.objects.filter(pk=run.started_by_id).first()
    return f"by {person.full_name or person.email}" if person else "by someone whose data was since erased"


def last_runs_of(programme: Programme) -> tuple[LastRun | None, LastRun | None]:
    """The latest run that covered the programme, and the latest that changed something in it."""
    latest, acted = retention.last_runs(programme=programme)

    def shown(run: RetentionRun | None, dry_run: bool) -> LastRun | None:
        if run is None:
            return None
        lines = retention.describe(retention.counts_in(run, programme), dry_run=dry_run)
        return LastRun(run=run, by=started_by(run), lines=lines)

    return shown(latest, latest.dry_run if latest else False), shown(acted, False)


def save_periods(request: HttpRequest, form: RetentionForm, programme: Programme, by: Person) -> bool:
    """Save a valid form's periods (the service's refusals go onto the form); True when saved."""
    if not (form.is_bound and form.is_valid()):
        return False
    try:
        retention.set_policy(programme=programme, by=by, months=form.months())
    except ValidationError as exc:
        errors_onto(form, exc)
        return False
    messages.success(request, SAVED)
    return True


def periods_form(request: HttpRequest, policy: RetentionPolicy) -> RetentionForm:
    initial = {field_name(kind): policy.months(kind) for kind in retention.KINDS}
    return RetentionForm(request.POST if request.method == "POST" else None, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def retention_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The programme's retention periods, for its lead to read and change."""
    access = programme_access(person_from(request), programme_id).require_lead()
    programme = access.programme
    policy = retention.policy_for(programme)
    form = periods_form(request, policy)
    if save_periods(request, form, programme, access.person):
        return redirect("privacy:retention", programme_id=programme.pk)
    today = timezone.localdate()
    rows = rows_for(programme, policy, today)
    latest, acted = last_runs_of(programme)
    return render(
        request,
        "privacy/retention.html",
        {
            "access": access,
            "programme": programme,
            "form": form,
            "rows": rows,
            "today": today,
            "due_total": sum(row.due_now for row in rows),
            "latest": latest,
            "acted": acted,
        },
        status=form_status(form),
    )
