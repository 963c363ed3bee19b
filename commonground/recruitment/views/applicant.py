"""The applicant's own pages: answering an offer by its emailed link, their applications, withdrawing.

The offer link works without signing in: the link is the key. Opening it only shows a page; the
answer is a POST, so mail scanners that follow links change nothing.
"""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from commonground.core.forms import errors_onto, form_status
from commonground.core.inputs import paragraphs
from commonground.programmes.permissions import person_from
from commonground.recruitment import queries
from commonground.recruitment.forms import WithdrawForm
from commonground.recruitment.links import LinkInvalid, offer_path
from commonground.recruitment.models import Application
from commonground.recruitment.queries import offer_for
from commonground.recruitment.services.applications import withdraw_application
from commonground.recruitment.services.offers import accept_offer, decline_offer
from commonground.recruitment.views.common import invalid_link


@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        the_offer = offer_for(token)
    except LinkInvalid as exc:
        return invalid_link(request, str(exc))
    error, outcome = "", ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                outcome = accept_offer(offer_id=the_offer.pk).message
            elif action == "decline":
                decline_offer(
                    offer_id=the_offer.pk, reason=paragraphs(request.POST.get("reason"))[:2000]
                )
                outcome = "You have declined the place. Thank you for letting us know."
            else:
                error = "Choose whether to accept or decline."
        except ValidationError as exc:
            error = " ".join(exc.messages)
        the_offer.refresh_from_db()
    return render(
        request,
        "recruitment/offer.html",
        {
            "offer": the_offer,
            "application": the_offer.application,
            "outcome": outcome,
            "error": error,
            "is_open": the_offer.is_open(),
        },
        status=400 if error else 200,
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Where each of my applications stands, with the offer link, waiting-list place and a way to withdraw."""
    rows = [
        replace(row, offer_url=offer_path(row.offer)) if row.offer else row
        for row in queries.my_applications(person_from(request))
    ]
    return render(request, "recruitment/mine.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    person = person_from(request)
    application = get_object_or_404(
        Application.objects.select_related("programme", "cohort"), pk=application_id, person=person
    )
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            withdraw_application(
                application_id=application.pk, person=person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request, f"Your application to {application.programme.title} is withdrawn."
            )
            return redirect("recruitment:mine")
    return render(
        request,
        "recruitment/withdraw.html",
        {"application": application, "form": form},
        status=form_status(form),
    )
