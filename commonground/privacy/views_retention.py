"""A lead's retention page: the programme's periods (editable), what is due now and the last run."""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from commonground.accounts.people import person_from
from commonground.core.forms import errors_onto, form_status
from commonground.privacy import retention
from commonground.privacy.datamap import in_words
from commonground.privacy.forms import RetentionForm, field_name
from commonground.privacy.models import DEFAULT_MONTHS, RetentionKind
from commonground.programmes.permissions import programme_access

RULES: dict[str, str] = {
    RetentionKind.JOURNALS: "Deleted {period} after the programme ends",
    RetentionKind.ANSWERS: "Pseudonymised {period} after the programme ends",
    RetentionKind.SURVEY_MARKS: "Pseudonymised {period} after the programme ends",
    RetentionKind.APPLICATIONS: "Deleted {period} after the last decision on them",
    RetentionKind.AUDIT: "Deleted when {period} old",
}


@dataclass(frozen=True)
class Row:
    kind: str
    label: str
    rule: str
    is_default: bool
    due_now: int
    next_on: dt.date | None
    later: int


@login_required
@require_http_methods(["GET", "POST"])
def retention_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The programme's retention periods, for its lead to read and change."""
    access = programme_access(person_from(request), programme_id).require_lead()
    programme = access.programme
    policy = retention.policy_for(programme)
    initial = {field_name(kind): policy.months(kind) for kind in retention.KINDS}
    form = RetentionForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            retention.set_policy(programme=programme, by=access.person, months=form.months())
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Retention periods saved. They apply from the next run, within minutes.")
            return redirect("privacy:retention", programme_id=programme.pk)
    today = timezone.localdate()
    due = retention.due_now(programme=programme, today=today)
    coming = retention.upcoming(programme=programme, today=today)
    labels: dict[str, str] = dict(RetentionKind.choices)
    rows = [
        Row(
            kind=kind,
            label=labels[kind],
            rule=RULES[kind].format(period=in_words(policy.months(kind))),
            is_default=policy.months(kind) == DEFAULT_MONTHS[kind],
            due_now=due[kind],
            next_on=coming[kind].next_on,
            later=coming[kind].count,
        )
        for kind in retention.KINDS
    ]
    latest, acted = retention.last_runs(programme=programme)
    return render(
        request,
        "privacy/retention.html",
        {
            "access": access,
            "programme": programme,
            "form": form,
            "rows": rows,
            "today": today,
            "due_total": sum(due.values()),
            "latest": latest,
            "latest_lines": retention.describe(retention.counts_in(latest, programme), dry_run=latest.dry_run)
            if latest
            else [],
            "acted": acted,
            "acted_lines": retention.describe(retention.counts_in(acted, programme), dry_run=False) if acted else [],
        },
        status=form_status(form),
    )
