"""The API's pages: a person's own tokens and their consent to the HR export, a lead's webhooks,
and the API's documentation (drawn from its OpenAPI schema, with no script)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commonground.accounts import consents
from commonground.api import hr, tokens, webhooks
from commonground.api.forms import TokenForm, WebhookForm
from commonground.api.main import api
from commonground.core.forms import errors_onto, form_status
from commonground.programmes.models import Membership
from commonground.programmes.permissions import page_context, person_from, programme_access


def _programmes(request: HttpRequest) -> list[tuple[int, str]]:
    rows = (
        Membership.objects.filter(person=person_from(request))
        .values_list("programme_id", "programme__title")
        .distinct()
        .order_by("programme__title", "programme_id")
    )
    return list(dict.fromkeys(rows))


def _tokens_page(request: HttpRequest, form: TokenForm, made: tokens.Made | None = None) -> HttpResponse:
    person = person_from(request)
    return render(
        request, "api/tokens.html",
        {
            "form": form, "made": made, "tokens": tokens.tokens_of(person),
            "participations": hr.participations(person), "shared": hr.shared_by(person),
            "hr_wording": consents.current(hr.PURPOSE),
        },
        status=form_status(form),
    )


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The person's tokens; a new one is shown once, on the page that answers its form."""
    programmes = _programmes(request)
    if request.method != "POST":
        return _tokens_page(request, TokenForm(programmes=programmes))
    form = TokenForm(request.POST, programmes=programmes)
    made = None
    if form.is_valid():
        try:
            made = tokens.create_token(
                person=person_from(request), programme_id=form.cleaned_data["programme"],
                name=form.cleaned_data["name"], scope=form.cleaned_data["scope"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
    if made is not None:
        form = TokenForm(programmes=programmes)
    return _tokens_page(request, form, made)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if tokens.revoke_token(person=person_from(request), token_id=token_id) is None:
        raise Http404("No such token.")
    return redirect("api:tokens")


@login_required
@require_POST
def hr_consent(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Give or withdraw consent to one's development hours going to HR records in a programme."""
    access = programme_access(person_from(request), programme_id).require_participant()
    if request.POST.get("share") == "yes":
        if request.POST.get("wording") != consents.CURRENT[hr.PURPOSE]:
            return redirect("api:tokens")  # the page showed other words: show today's first
        hr.share_hours(person=access.person, programme=access.programme)
    else:
        hr.stop_sharing(person=access.person, programme=access.programme)
    return redirect("api:tokens")


def _webhooks_page(request: HttpRequest, access: Any, form: WebhookForm) -> HttpResponse:
    return render(
        request, "api/webhooks.html",
        page_context(
            access, form=form, endpoints=webhooks.endpoints_of(access.programme),
            deliveries=webhooks.recent_deliveries(access.programme),
        ),
        status=form_status(form),
    )


@login_required
def webhook_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    """A lead's webhooks: the addresses told of cohort and attendance changes, and recent deliveries."""
    access = programme_access(person_from(request), programme_id).require_lead()
    if request.method != "POST":
        return _webhooks_page(request, access, WebhookForm())
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            webhooks.register_endpoint(
                programme=access.programme, url=form.cleaned_data["url"], secret=form.cleaned_data["secret"],
                by=access.person,
            )
            return redirect("api:webhooks", programme_id=access.programme.pk)
        except ValidationError as exc:
            errors_onto(form, exc)
    return _webhooks_page(request, access, form)


@login_required
@require_POST
def webhook_remove(request: HttpRequest, programme_id: int, endpoint_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    if not webhooks.remove_endpoint(programme=access.programme, endpoint_id=endpoint_id):
        raise Http404("No such webhook.")
    return redirect("api:webhooks", programme_id=access.programme.pk)


def docs(request: HttpRequest) -> HttpResponse:
    """The API's reference, from its OpenAPI schema: each operation, its parameters and answers."""
    schema = api.get_openapi_schema()
    operations = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            operations.append(
                {
                    "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {"name": p["name"], "where": p["in"], "required": p.get("required", False),
                         "description": p.get("description", "")}
                        for p in op.get("parameters", [])
                    ],
                    "body": bool(op.get("requestBody")),
                    "answers": sorted(op.get("responses", {})),
                }
            )
    return render(request, "api/docs.html", {"info": schema["info"], "operations": operations})
