"""The public application form, the pages after it, and the owner's confirmation of a held application.

The page after the form is the same whether or not the email address has an account, so the
form cannot be used to find out who has one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commonground.accounts.models import Person
from commonground.core.forms import errors_onto, form_status
from commonground.programmes.permissions import person_from
from commonground.recruitment import confirmations
from commonground.recruitment.forms import ApplicationForm
from commonground.recruitment.links import LinkInvalid
from commonground.recruitment.models import Application
from commonground.recruitment.views.common import invalid_link, open_programme


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = open_programme(programme_id)
    form = ApplicationForm(request.POST if request.method == "POST" else None, programme=programme)
    signed_in = request.user if isinstance(request.user, Person) else None
    if form.is_valid():
        try:
            received = confirmations.receive_application(
                programme=programme, details=form.details(), signed_in=signed_in
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            if (
                isinstance(received, Application)
                and signed_in
                and received.person_id == signed_in.pk
            ):
                return redirect("recruitment:applied", programme_id=programme.pk)
            return redirect("recruitment:check-email", programme_id=programme.pk)
    return render(
        request,
        "recruitment/apply.html",
        {
            "programme": programme,
            "form": form,
            "privacy_notice": programme.eligibility.privacy_notice,
        },
        status=form_status(form),
    )


def applied(request: HttpRequest, programme_id: int) -> HttpResponse:
    return render(request, "recruitment/applied.html", {"programme": open_programme(programme_id)})


def check_email(request: HttpRequest, programme_id: int) -> HttpResponse:
    """After the public form: one page for every address, known or not."""
    return render(
        request,
        "recruitment/check_email.html",
        {"programme": open_programme(programme_id), "days": confirmations.CONFIRM_DAYS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The owner of an account, signed in, confirms an application sent with their address."""
    person = person_from(request)
    try:
        pending = confirmations.pending_for(token, person=person)
    except LinkInvalid as exc:
        return invalid_link(request, str(exc))
    error = ""
    if request.method == "POST":
        try:
            application = confirmations.confirm_application(token=token, person=person)
        except LinkInvalid as exc:
            return invalid_link(request, str(exc))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, f"Your application to {application.programme.title} is confirmed."
            )
            return redirect("recruitment:mine")
    return render(
        request,
        "recruitment/application_confirm.html",
        {"pending": pending, "programme": pending.programme, "error": error},
        status=400 if error else 200,
    )
