"""Buddies for a cohort: the lead proposes a pairing and approves it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commonground.grouping.matching import MatchingFailed
from commonground.mentoring import queries
from commonground.mentoring.access import coordinator
from commonground.mentoring.models import BuddyPairing
from commonground.mentoring.services.buddies import approve_buddies, propose_buddies
from commonground.programmes.models import Cohort
from commonground.programmes.permissions import page_context


@login_required
def page(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access = coordinator(request, programme_id)
    cohort = get_object_or_404(access.visible_cohorts(), pk=cohort_id)
    pairing = queries.latest_pairing(cohort)
    groups: dict[int, list[object]] = {}
    for buddy in pairing.buddies.all() if pairing else []:
        groups.setdefault(buddy.group, []).append(buddy.person)
    return render(
        request, "mentoring/buddies.html",
        page_context(access, cohort=cohort, pairing=pairing, groups=list(groups.values())),
    )


@login_required
@require_POST
def propose(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access = coordinator(request, programme_id)
    cohort: Cohort = get_object_or_404(access.visible_cohorts(), pk=cohort_id)
    try:
        pairing = propose_buddies(cohort=cohort, by=access.person)
    except MatchingFailed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Buddies proposed: {pairing.buddies.count()} people placed.")
    return redirect("mentoring:buddies", access.programme.pk, cohort.pk)


@login_required
@require_POST
def approve(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access = coordinator(request, programme_id)
    cohort = get_object_or_404(access.visible_cohorts(), pk=cohort_id)
    pairing = BuddyPairing.objects.filter(cohort=cohort).first()
    if pairing is None:
        messages.error(request, "There is no pairing to approve: propose one first.")
    else:
        try:
            approve_buddies(pairing=pairing)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Buddies approved: each buddy now sees their group.")
    return redirect("mentoring:buddies", access.programme.pk, cohort.pk)
