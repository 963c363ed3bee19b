"""A lead's pages for sponsor grants and for members' requests to change organisation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts import audit
from commonground.accounts.models import AuditAction
from commonground.core.forms import errors_onto, form_status
from commonground.programmes import affiliations, sponsors, where
from commonground.programmes.forms import SponsorGrantForm
from commonground.programmes.models import Membership, OrganisationChange, Role
from commonground.programmes.permissions import (
    page_context,
    person_from,
    programme_access,
)


@login_required
@require_http_methods(["GET", "POST"])
def sponsor_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Who sponsors which organisation, and a form to grant the role."""
    access = programme_access(person_from(request), programme_id).require_lead()
    form = SponsorGrantForm(
        request.POST if request.method == "POST" else None, programme=access.programme
    )
    if form.is_valid():
        try:
            with transaction.atomic():
                membership = sponsors.grant_sponsor(programme=access.programme, **form.cleaned_data)
                audit.record(
                    action=AuditAction.ROLE_GRANTED, what="membership", request=request,
                    subject_id=membership.person_id, object_id=membership.pk, fields=["role", "organisation"],
                    programme_id=access.programme.pk,
                )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                f"{membership.person.full_name} now sponsors {membership.organisation}: they see its "
                "participants in this programme.",
            )
            return redirect("programmes:sponsors", programme_id=programme_id)
    grants = list(sponsors.sponsor_grants(access.programme))
    audit.viewed(
        request, subject_ids=[m.person_id for m in grants], what="sponsor_role",
        fields=["full_name", "email", "organisation"], programme_id=access.programme.pk,
    )
    return render(
        request,
        "programmes/sponsors.html",
        page_context(
            access,
            form=form,
            grants=grants,
            pending=sponsors.organisation_changes(access.programme).count(),
        ),
        status=form_status(form),
    )


@login_required
@require_POST
def sponsor_revoke(request: HttpRequest, programme_id: int, membership_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    try:
        with transaction.atomic():
            membership = sponsors.revoke_sponsor(programme=access.programme, membership_id=membership_id)
            audit.record(
                action=AuditAction.ROLE_REVOKED, what="membership", request=request,
                subject_id=membership.person_id, object_id=membership_id, fields=["role"],
                programme_id=access.programme.pk,
            )
    except Membership.DoesNotExist:
        raise Http404("No such sponsor.") from None
    messages.success(
        request, f"{membership.person.full_name} no longer sponsors {membership.organisation}."
    )
    return redirect("programmes:sponsors", programme_id=programme_id)


@login_required
def organisation_changes(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Members' pending requests to change organisation or team, with their roles here."""
    access = programme_access(person_from(request), programme_id).require_lead()
    changes = list(sponsors.organisation_changes(access.programme))
    where.attach((c.person for c in changes), system_id=access.programme.system_id)
    roles: dict[int, list[str]] = {}
    for m in (
        Membership.objects.filter(
            programme=access.programme, person_id__in=[c.person_id for c in changes]
        )
        .select_related("organisation")
        .order_by("role")
    ):
        label = str(m.get_role_display())
        if m.role == Role.SPONSOR:
            label = f"{label} for {m.organisation}"
        roles.setdefault(m.person_id, []).append(label)
    audit.viewed(
        request, subject_ids=[c.person_id for c in changes], what="organisation_change",
        fields=["full_name", "organisation", "team", "roles"], programme_id=access.programme.pk,
    )
    return render(
        request,
        "programmes/organisation_changes.html",
        page_context(
            access, rows=[{"change": c, "roles": roles.get(c.person_id, [])} for c in changes]
        ),
    )


@login_required
@require_POST
def organisation_change_decide(
    request: HttpRequest, programme_id: int, change_id: int
) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    change = sponsors.organisation_changes(access.programme).filter(pk=change_id).first()
    if change is None:
        raise Http404("No such request.")
    action = request.POST.get("action")
    try:
        if action == "confirm":
            with transaction.atomic():
                affiliations.confirm_organisation_change(change_id=change.pk, by=access.person)
                audit.changed(
                    request=request, subject_id=change.person_id, what="affiliation",
                    fields=["organisation", "team"], object_id=change.pk, programme_id=access.programme.pk,
                )
            messages.success(
                request,
                f"{change.person.full_name} now works for {_where(change)}.",
            )
        elif action == "decline":
            affiliations.decline_organisation_change(change_id=change.pk, by=access.person)
            messages.success(request, f"Declined: {change.person.full_name} keeps their organisation.")
        else:
            messages.warning(request, "Choose whether to confirm or decline the request.")
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    return redirect("programmes:organisation-changes", programme_id=programme_id)


def _where(change: OrganisationChange) -> str:
    if change.organisation is None:
        return "no recorded organisation"
    return f"{change.organisation.name}, {change.team.name}" if change.team else change.organisation.name
