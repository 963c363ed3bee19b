"""A system administrator's retention pages: every programme of the system with its periods, what
is due now and next and its last run; changing a programme's periods (the lead's form, the same
bounds and audit); and running retention for one programme now, after a dry run shows what it would
do. Only the system's administrators reach them (404 for everyone else, the programmes' leads too)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commonground.accounts.people import person_from
from commonground.core.forms import form_status
from commonground.identity.views import administered_system
from commonground.privacy import retention
from commonground.privacy.forms import RunForm
from commonground.privacy.views_retention import (
    LastRun,
    Row,
    last_runs_of,
    periods_form,
    rows_for,
    save_periods,
)
from commonground.programmes.models import Programme, System

CHANGED = (
    "What is due in {title} has changed since you looked (the date, its periods or its data moved on), "
    "so nothing was done. Check the new counts below, then confirm again."
)


@dataclass(frozen=True)
class ProgrammeRetention:
    programme: Programme
    rows: list[Row]
    due_total: int
    latest: LastRun | None
    acted: LastRun | None


def _programme(system: System, programme_id: int) -> Programme:
    return get_object_or_404(Programme, pk=programme_id, system=system)


@login_required
@require_GET
def system_retention(request: HttpRequest, system_id: int) -> HttpResponse:
    """Each of the system's programmes: its periods, what is due now and next, and its last run."""
    system = administered_system(request, system_id)
    today = timezone.localdate()
    shown = []
    for programme in system.programmes.order_by("-starts_on", "title"):
        rows = rows_for(programme, retention.policy_for(programme), today)
        latest, acted = last_runs_of(programme)
        shown.append(ProgrammeRetention(programme, rows, sum(r.due_now for r in rows), latest, acted))
    context = {"system": system, "programmes": shown, "today": today}
    return render(request, "privacy/system_retention.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def system_retention_periods(request: HttpRequest, system_id: int, programme_id: int) -> HttpResponse:
    """Change one programme's periods, as its lead can."""
    system = administered_system(request, system_id)
    programme = _programme(system, programme_id)
    form = periods_form(request, retention.policy_for(programme))
    if save_periods(request, form, programme, person_from(request)):
        return redirect("privacy:system-retention", system_id=system.pk)
    context = {"system": system, "programme": programme, "form": form}
    return render(request, "privacy/system_retention_periods.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def system_retention_run(request: HttpRequest, system_id: int, programme_id: int) -> HttpResponse:
    """GET: a dry run of one programme, changing nothing. POST: the run itself, provided what is due
    is still exactly what the dry run showed."""
    system = administered_system(request, system_id)
    programme = _programme(system, programme_id)
    person = person_from(request)
    form = RunForm(request.POST if request.method == "POST" else None, kinds=retention.REPORTED)
    changed = False
    if form.is_bound and form.is_valid():
        try:
            result = retention.run_now(programme=programme, by=person, expected=form.expected())
        except retention.DueChanged:
            changed = True
        else:
            done = "; ".join(retention.describe(result.counts, dry_run=False))
            messages.success(request, f"Retention applied to {programme.title}. {done}")
            return redirect("privacy:system-retention", system_id=system.pk)
    counts = retention.preview(programme=programme)
    shown = RunForm(initial=counts, kinds=retention.REPORTED)
    context = {
        "system": system, "programme": programme, "form": form, "confirm": shown,
        "lines": retention.describe(counts, dry_run=True), "total": sum(counts.values()),
        "changed": CHANGED.format(title=programme.title) if changed else "",
        "today": timezone.localdate(),
    }
    status = 409 if changed else form_status(form)
    return render(request, "privacy/system_retention_run.html", context, status=status)
