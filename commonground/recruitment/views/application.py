"""One application's page for leads: everything it says, its cohort, and the decisions the review queue offers.

A decision here goes through the same service as the review queue (`decide_applications`),
so capacity and quotas hold the same way and the same `Decision` row records who decided and why.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts import audit
from commonground.core.forms import errors_onto, form_status
from commonground.programmes.permissions import (
    ProgrammeAccess,
    page_context,
    person_from,
    programme_access,
)
from commonground.recruitment import queries
from commonground.recruitment.forms import CohortChoiceForm, DecisionForm
from commonground.recruitment.models import REVIEWABLE, Application
from commonground.recruitment.services.decisions import decide_applications, set_cohort
from commonground.recruitment.views.common import impact


def _application(access: ProgrammeAccess, application_id: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related(
            "person", "organisation", "team", "place", "cohort", "nominated_by", "sponsor_request"
        ),
        pk=application_id,
        programme=access.programme,
    )


# What the application page shows about the applicant, as the audit trail names it.
APPLICATION_SHOWN = (
    "status", "email", "organisation", "team", "job_title", "profession", "seniority", "place", "why_now", "sponsor",
)


def _page(
    request: HttpRequest,
    access: ProgrammeAccess,
    application: Application,
    *,
    form: CohortChoiceForm,
    decision_form: DecisionForm,
) -> HttpResponse:
    can_decide = application.status in REVIEWABLE
    applicant = [application.person_id]
    audit.page_viewed(
        request,
        audit.Shown("application", applicant, APPLICATION_SHOWN, application.pk),
        audit.Shown("access_needs", applicant if application.access_needs else [], ["access_needs"], application.pk),
        programme_id=access.programme.pk,
    )
    return render(
        request,
        "recruitment/application_detail.html",
        page_context(
            access,
            application=application,
            form=form,
            decision_form=decision_form,
            can_decide=can_decide,
            impact=impact(application, queries.cohort_figures(access.programme))
            if can_decide
            else None,
            sponsor=application.sponsor_status,
            decisions=application.decisions.select_related("by"),
            offers=application.offers.select_related("cohort"),
        ),
        status=form_status(form, decision_form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(
    request: HttpRequest, programme_id: int, application_id: int
) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    application = _application(access, application_id)
    form = CohortChoiceForm(
        request.POST if request.method == "POST" else None,
        programme=access.programme,
        initial={"cohort": application.cohort_id},
    )
    if form.is_valid():
        try:
            set_cohort(
                application=application, cohort=form.cleaned_data["cohort"], by=access.person, request=request
            )
        except ValidationError as exc:
            errors_onto(form, exc, "cohort")
        else:
            messages.success(request, f"Moved to {form.cleaned_data['cohort'].name}.")
            return redirect(
                "recruitment:application-detail",
                programme_id=programme_id,
                application_id=application_id,
            )
    return _page(request, access, application, form=form, decision_form=DecisionForm())


@login_required
@require_POST
def decide(request: HttpRequest, programme_id: int, application_id: int) -> HttpResponse:
    """Offer a place, put on the waiting list or turn down this one application."""
    access = programme_access(person_from(request), programme_id).require_lead()
    application = _application(access, application_id)
    decision_form = DecisionForm(request.POST)
    if decision_form.is_valid():
        try:
            result = decide_applications(
                programme=access.programme,
                application_ids=[application.pk],
                decision=decision_form.cleaned_data["decision"],
                reason=decision_form.cleaned_data["reason"],
                by=access.person,
                request=request,
            )
        except ValidationError as exc:
            errors_onto(decision_form, exc, "reason")
        else:
            for done in result.done:
                messages.success(
                    request, f"Decision recorded: {done.get_status_display().lower()}."
                )
            for _, why in result.refused:
                messages.warning(request, f"Not changed. {why}")
            return redirect(
                "recruitment:application-detail",
                programme_id=programme_id,
                application_id=application_id,
            )
    form = CohortChoiceForm(programme=access.programme, initial={"cohort": application.cohort_id})
    return _page(request, access, application, form=form, decision_form=decision_form)
