"""The sponsor's pages: supporting an application by emailed link, nominating someone, and the
nominee's page confirming a nomination.

Emailed links work without signing in: the link is the key. Opening one only shows a page; the
answer is a POST, so mail scanners that follow links change nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commonground.accounts import audit
from commonground.core.forms import errors_onto, form_status
from commonground.programmes.permissions import page_context, person_from, programme_access, require
from commonground.programmes.sponsors import sponsored_organisation_id
from commonground.programmes.where import where
from commonground.recruitment.forms import ApplicationForm, NominationForm, SponsorSupportForm
from commonground.recruitment.links import LinkInvalid
from commonground.recruitment.models import EligibilityRule, Nomination
from commonground.recruitment.queries import (
    nomination_for,
    sponsor_request_for,
    waiting_for_support,
)
from commonground.recruitment.services import nominations
from commonground.recruitment.services.sponsor_support import (
    record_signed_in_support,
    record_sponsor_support,
)
from commonground.recruitment.views.common import invalid_link


@require_http_methods(["GET", "POST"])
def support(request: HttpRequest, token: str) -> HttpResponse:
    try:
        sponsor_request = sponsor_request_for(token)
    except LinkInvalid as exc:
        return invalid_link(request, str(exc))
    application = sponsor_request.application
    audit.viewed(
        request, subject_ids=[application.person_id], what="sponsor_request", object_id=application.pk,
        fields=["full_name", "job_title", "organisation", "why_now"], programme_id=application.programme_id,
    )
    form = SponsorSupportForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        record_sponsor_support(
            token=token,
            supported=form.cleaned_data["supported"],
            comment=form.cleaned_data["comment"],
            request=request,
        )
        return render(
            request,
            "recruitment/support_done.html",
            {
                "application": sponsor_request.application,
                "supported": form.cleaned_data["supported"],
            },
        )
    return render(
        request,
        "recruitment/support.html",
        {
            "form": form,
            "application": sponsor_request.application,
            "sponsor_request": sponsor_request,
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_signed_in(request: HttpRequest, programme_id: int, application_id: int) -> HttpResponse:
    """The emailed link's page for its sponsor signed in: an application waiting for the answer of
    the person whose address it was sent to, found from their home page; 404 for anything else."""
    access = programme_access(person_from(request), programme_id)
    application = waiting_for_support(access.programme, access.person).filter(pk=application_id).first()
    require(access, application is not None)
    assert application is not None
    audit.viewed(
        request, subject_ids=[application.person_id], what="sponsor_request", object_id=application.pk,
        fields=["full_name", "job_title", "organisation", "why_now"], programme_id=access.programme.pk,
    )
    form = SponsorSupportForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            record_signed_in_support(
                application_id=application.pk,
                sponsor=access.person,
                supported=form.cleaned_data["supported"],
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except LinkInvalid as exc:
            form.add_error(None, str(exc))
        else:
            return render(
                request,
                "recruitment/support_done.html",
                page_context(access, application=application, supported=form.cleaned_data["supported"]),
            )
    return render(
        request,
        "recruitment/support.html",
        page_context(
            access, form=form, application=application, sponsor_request=application.sponsor_request
        ),
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
def nomination_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        nomination = nomination_for(token)
    except LinkInvalid as exc:
        return invalid_link(request, str(exc))
    programme = nomination.programme
    sponsor = nomination.sponsor
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        programme=programme,
        fixed_email=nomination.nominee_email,
        initial={
            "full_name": nomination.nominee_name,
            "organisation": sponsored_organisation_id(programme=programme, person=sponsor),
            "place": where(sponsor.pk, system_id=programme.system_id).place_id,
        },
    )
    if form.is_valid():
        try:
            nominations.confirm_nomination(token=token, details=form.details())
        except LinkInvalid as exc:
            return invalid_link(request, str(exc))
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return redirect("recruitment:applied", programme_id=programme.pk)
    rule = EligibilityRule.objects.filter(programme=programme).first()
    return render(
        request,
        "recruitment/nomination_confirm.html",
        {
            "programme": programme,
            "nomination": nomination,
            "form": form,
            "privacy_notice": rule.privacy_notice if rule else "",
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    require(access, access.is_sponsor)
    form = NominationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            nominations.nominate(
                programme=access.programme, sponsor=access.person, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_onto(form, exc, "nominee_email")
        else:
            messages.success(
                request, f"We have emailed {form.cleaned_data['nominee_name']} a link to confirm."
            )
            return redirect("recruitment:nominate", programme_id=programme_id)
    sent = list(
        Nomination.objects.filter(programme=access.programme, sponsor=access.person)
        .select_related("application")
        .order_by("-created_at")
    )
    audit.viewed(
        request, subject_ids=[n.application.person_id for n in sent if n.application], what="nomination",
        fields=["nominee_name", "status"], programme_id=access.programme.pk,
    )
    return render(
        request,
        "recruitment/nominate.html",
        page_context(access, form=form, nominations=sent),
        status=form_status(form),
    )
