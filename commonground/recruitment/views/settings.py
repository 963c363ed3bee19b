"""The lead's settings pages: each cohort's capacity and quotas, and who may apply."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from commonground.core.forms import errors_onto, form_status
from commonground.programmes.models import Cohort
from commonground.programmes.permissions import page_context, person_from, programme_access
from commonground.recruitment import queries
from commonground.recruitment.forms import CapacityForm, EligibilityForm, QuotaForm
from commonground.recruitment.models import EligibilityRule, Quota
from commonground.recruitment.services.capacity import set_capacity


@login_required
def quotas(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    figures = queries.cohort_figures(access.programme)
    return render(
        request,
        "recruitment/quotas.html",
        page_context(
            access,
            tables=[{"cohort": f.cohort, "figures": f, "rows": f.rows()} for f in figures.values()],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_quotas(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    """One cohort's capacity and quotas: change the capacity, add a quota."""
    access = programme_access(person_from(request), programme_id).require_lead()
    cohort = get_object_or_404(
        Cohort.objects.select_related("programme"), pk=cohort_id, programme=access.programme
    )
    action = request.POST.get("action") if request.method == "POST" else None
    capacity_form = CapacityForm(
        request.POST if action == "capacity" else None, initial={"capacity": cohort.capacity}
    )
    quota_form = QuotaForm(request.POST if action == "add" else None, cohort=cohort, prefix="quota")
    if action == "capacity" and capacity_form.is_valid():
        try:
            set_capacity(cohort_id=cohort.pk, capacity=capacity_form.cleaned_data["capacity"])
        except ValidationError as exc:
            errors_onto(capacity_form, exc, "capacity")
        else:
            messages.success(
                request, f"{cohort.name} now has {capacity_form.cleaned_data['capacity']} places."
            )
            return redirect(
                "recruitment:cohort-quotas", programme_id=programme_id, cohort_id=cohort_id
            )
    elif action == "add" and quota_form.is_valid():
        with transaction.atomic():
            quota = quota_form.save()
        messages.success(
            request, f"Quota added: {quota.label}, {quota.min_share}–{quota.max_share}%."
        )
        return redirect("recruitment:cohort-quotas", programme_id=programme_id, cohort_id=cohort_id)
    figures = queries.cohort_figures(access.programme)[cohort.pk]
    return render(
        request,
        "recruitment/cohort_quotas.html",
        page_context(
            access,
            cohort=cohort,
            figures=figures,
            rows=figures.rows(),
            capacity_form=capacity_form,
            quota_form=quota_form,
            quotas=figures.quotas,
        ),
        status=form_status(capacity_form, quota_form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def quota_edit(request: HttpRequest, programme_id: int, quota_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    quota = get_object_or_404(
        Quota.objects.select_related("cohort__programme", "organisation"),
        pk=quota_id,
        cohort__programme=access.programme,
    )
    cohort = quota.cohort
    if request.method == "POST" and request.POST.get("action") == "delete":
        label = quota.label
        with transaction.atomic():
            quota.delete()
        messages.success(request, f"Quota removed: {label}.")
        return redirect("recruitment:cohort-quotas", programme_id=programme_id, cohort_id=cohort.pk)
    form = QuotaForm(
        request.POST if request.method == "POST" else None, instance=quota, cohort=cohort
    )
    if form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(
            request, f"Quota saved: {quota.label}, {quota.min_share}–{quota.max_share}%."
        )
        return redirect("recruitment:cohort-quotas", programme_id=programme_id, cohort_id=cohort.pk)
    return render(
        request,
        "recruitment/quota_edit.html",
        page_context(access, cohort=cohort, quota=quota, form=form),
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def eligibility(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Who may apply, how long offers stay open, and the privacy notice applicants agree to."""
    access = programme_access(person_from(request), programme_id).require_lead()
    rule = EligibilityRule.objects.filter(programme=access.programme).first() or EligibilityRule(
        programme=access.programme, applications_open=False
    )
    form = EligibilityForm(
        request.POST if request.method == "POST" else None,
        instance=rule,
        programme=access.programme,
    )
    if form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "Eligibility rules saved.")
        return redirect("recruitment:eligibility", programme_id=programme_id)
    return render(
        request,
        "recruitment/eligibility.html",
        page_context(access, form=form, rule=rule),
        status=form_status(form),
    )
