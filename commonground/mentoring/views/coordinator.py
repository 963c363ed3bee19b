"""The coordinator's page (the programme lead): mentors, rules, the line-management list, runs and proposals."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commonground.accounts.models import Person
from commonground.core.forms import errors_onto, form_status
from commonground.grouping.matching import MatchingFailed
from commonground.mentoring import queries
from commonground.mentoring.access import coordinator
from commonground.mentoring.fairness import fairness
from commonground.mentoring.forms import LineImportForm, OfferForm, RulesForm
from commonground.mentoring.models import LineManagement, Match, MatchStatus
from commonground.mentoring.services import matches as match_services
from commonground.mentoring.services.offers import set_offer
from commonground.mentoring.services.rules import (
    RULE_FIELDS,
    LineImportInvalid,
    import_line_management,
    save_rules,
)
from commonground.mentoring.services.runs import run_matching
from commonground.programmes.permissions import ProgrammeAccess, page_context


def _page(request: HttpRequest, access: ProgrammeAccess, **forms_given: forms.BaseForm) -> HttpResponse:
    programme = access.programme
    run = queries.latest_run(programme)
    all_matches = list(queries.matches(programme))
    table = fairness(run) if run else None
    shown = {
        "offer_form": forms_given.get("offer_form") or OfferForm(initial={"capacity": 2, "active": True}),
        "rules_form": forms_given.get("rules_form") or RulesForm(instance=queries.rules_of(programme)),
        "line_form": forms_given.get("line_form") or LineImportForm(),
    }
    return render(
        request,
        "mentoring/coordinator.html",
        page_context(
            access,
            offers=list(queries.offers(programme)),
            run=run,
            fairness=table,
            fairness_tables=[("by sector", [table.total, *table.by_sector]), ("by place", [table.total, *table.by_place])]
            if table else [],
            proposals=[m for m in all_matches if m.status == MatchStatus.PROPOSED],
            followed=[m for m in all_matches if m.status != MatchStatus.PROPOSED],
            waiting=len(queries.waiting_mentees(programme)),
            first_in_line=len(queries.first_in_line(programme, [p.pk for p in queries.waiting_mentees(programme)])),
            lines=LineManagement.objects.filter(programme=programme).count(),
            cohorts=list(access.visible_cohorts()),
            more_errors=[f for f in shown.values() if f.errors],
            **shown,
        ),
        status=form_status(*shown.values()),
    )


@login_required
def page(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _page(request, coordinator(request, programme_id))


@login_required
@require_POST
def offer_save(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = coordinator(request, programme_id)
    form = OfferForm(request.POST)
    if form.is_valid():
        person = Person.objects.filter(email=form.cleaned_data["email"].lower()).first()
        if person is None:
            form.add_error("email", "Nobody signs in with this address.")
        else:
            try:
                set_offer(
                    programme=access.programme, person=person, kind=form.cleaned_data["kind"],
                    capacity=form.cleaned_data["capacity"], active=form.cleaned_data["active"],
                )
            except ValidationError as exc:
                errors_onto(form, exc)
    if form.errors:
        return _page(request, access, offer_form=form)
    messages.success(request, "The mentor's offer is saved.")
    return redirect("mentoring:coordinator", access.programme.pk)


@login_required
@require_POST
def rules_save(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = coordinator(request, programme_id)
    form = RulesForm(request.POST, instance=queries.rules_of(access.programme))
    if form.is_valid():
        save_rules(programme=access.programme, **{f: form.cleaned_data[f] for f in RULE_FIELDS})
        messages.success(request, "The rules and weights are saved. They apply from the next run.")
        return redirect("mentoring:coordinator", access.programme.pk)
    return _page(request, access, rules_form=form)


@login_required
@require_POST
def line_import(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = coordinator(request, programme_id)
    form = LineImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = import_line_management(programme=access.programme, upload=upload, filename=upload.name)
        except LineImportInvalid as exc:
            errors_onto(form, exc, "file")
        else:
            messages.success(request, f"The line-management list now holds {count} lines.")
            return redirect("mentoring:coordinator", access.programme.pk)
    return _page(request, access, line_form=form)


@login_required
@require_POST
def run(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = coordinator(request, programme_id)
    try:
        result = run_matching(programme=access.programme, started_by=access.person)
    except MatchingFailed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The run proposes {result.matched} of {result.mentees} matches.")
    return redirect("mentoring:coordinator", access.programme.pk)


@login_required
@require_POST
def approve(request: HttpRequest, programme_id: int, match_id: int) -> HttpResponse:
    access = coordinator(request, programme_id)
    match = get_object_or_404(Match.objects.select_related("mentee", "mentor"), pk=match_id, programme=access.programme)
    try:
        match_services.approve(match=match, by=access.person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Approved: {match.mentee.full_name} with {match.mentor.full_name}.")
    return redirect("mentoring:coordinator", access.programme.pk)


@login_required
@require_POST
def approve_all(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = coordinator(request, programme_id)
    approved, refused = match_services.approve_all(programme=access.programme, by=access.person)
    messages.success(request, f"{approved} matches approved.")
    for reason in refused:
        messages.error(request, reason)
    return redirect("mentoring:coordinator", access.programme.pk)
