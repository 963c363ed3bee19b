"""Learning-set pages: leads generate, adjust and publish; facilitators look; participants see their own set.

Every change is an ordinary form POST that works without scripts; HTMX only swaps in the run's
progress and the preview of a move.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts import audit
from commonground.core.forms import errors_onto
from commonground.core.htmx import is_htmx
from commonground.core.inputs import parse_id, search_words
from commonground.grouping import queries
from commonground.grouping.forms import CohortMoveForm, GenerateForm, KeepApartForm, MoveForm
from commonground.grouping.models import GroupingRun, KeepApart, LearningSet
from commonground.grouping.services import cohort_moves, hand, publishing, runs
from commonground.grouping.services.placement import place_participants
from commonground.programmes.models import Cohort, Membership
from commonground.programmes.permissions import (
    ProgrammeAccess,
    person_from,
    programme_access,
    require,
)
from commonground.programmes.where import attach, where

SETS_PER_PAGE = 15
SELECT_LIMIT = 40  # above this many sets, "move to set" is a number box rather than a long list
# What the pages show about each member, as the audit trail names it.
MEMBER_SHOWN = ("full_name", "organisation", "job_title")
# What the sets page and its downloads show about each member.
SETS_SHOWN = ("full_name", "organisation", "sector")
NO_SET_CHOSEN = "Choose a set to move them to."


def _cohort(
    request: HttpRequest, programme_id: int, cohort_id: int, *, lead: bool
) -> tuple[ProgrammeAccess, Cohort]:
    access = programme_access(person_from(request), programme_id)
    access = access.require_lead() if lead else access.require_staff()
    cohort = get_object_or_404(
        Cohort.objects.select_related("place", "programme"),
        pk=cohort_id,
        programme=access.programme,
    )
    return access, cohort


def _sets_url(cohort: Cohort, page: str | None = None) -> str:
    url = reverse("grouping:sets", args=[cohort.programme_id, cohort.pk])
    return f"{url}?page={number}" if (number := parse_id(page)) is not None else url


def _render_sets(
    request: HttpRequest,
    access: ProgrammeAccess,
    cohort: Cohort,
    *,
    status: int = 200,
    **extra: object,
) -> HttpResponse:
    run = queries.latest_run(cohort)
    data = queries.cohort_sets(cohort, run)
    arrangement = queries.score(data)
    page = Paginator(data.sets, SETS_PER_PAGE).get_page(
        request.GET.get("page") or request.POST.get("page")
    )
    rows = []
    for s in page:
        lines = queries.member_lines(data.members.get(s.pk, []))
        rows.append({
            "set": s,
            "members": lines,
            "unlocked": [line for line in lines if not line.member.locked],
            "mix": queries.mix_of(lines),
            "score": arrangement.sets.get(s.number),
        })
    shown = [m.person_id for s in page for m in data.members.get(s.pk, [])]
    in_sets = len(data.placement)
    keep_apart = (
        list(KeepApart.objects.filter(cohort=cohort).select_related("person_a", "person_b"))
        if access.is_lead
        else []
    )
    audit.page_viewed(
        request,
        audit.Shown("learning_sets", shown, (*SETS_SHOWN, "locked"), cohort.pk),
        audit.Shown(
            "keep_apart", [pk for p in keep_apart for pk in (p.person_a_id, p.person_b_id)],
            ("person_a", "person_b"), cohort.pk,
        ),
        programme_id=access.programme.pk,
    )
    context = {
        "access": access,
        "programme": access.programme,
        "cohort": cohort,
        "run": run,
        # While new sets are forming, the figures below are the old sets': the page shows the progress only.
        "forming": run is not None and not run.is_finished,
        "page": page,
        "rows": rows,
        "arrangement": arrangement,
        "numbers": [s.number for s in data.sets],
        "use_select": len(data.sets) <= SELECT_LIMIT,
        "people_in_sets": in_sets,
        "without_set": max(0, queries.cohort_size(cohort) - in_sets) if access.is_lead else 0,
        "published": sum(1 for s in data.sets if s.published_at),
        "untold": sum(1 for ms in data.members.values() for m in ms if m.notified_at is None),
        "keep_apart": keep_apart,
        "people": sorted(
            (m.person for ms in data.members.values() for m in ms),
            key=lambda p: (p.full_name, p.pk),
        ),
        "facilitators": queries.facilitator_choices(access.programme) if access.is_lead else [],
        "generate_form": extra.pop("generate_form", None)
        or GenerateForm(
            initial={
                "min_size": data.min_size,
                "max_size": data.max_size,
            }
        ),
        "keep_apart_form": extra.pop("keep_apart_form", None) or KeepApartForm(),
        **extra,
    }
    return render(request, "grouping/sets.html", context, status=status)


@login_required
def sets(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access, cohort = _cohort(request, programme_id, cohort_id, lead=False)
    return _render_sets(request, access, cohort)


@login_required
@require_POST
def generate(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access, cohort = _cohort(request, programme_id, cohort_id, lead=True)
    form = GenerateForm(request.POST)
    if form.is_valid():
        try:
            runs.start_learning_sets(
                cohort=cohort,
                requested_by=access.person,
                min_size=form.cleaned_data["min_size"],
                max_size=form.cleaned_data["max_size"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return redirect(_sets_url(cohort))
    return _render_sets(request, access, cohort, status=400, generate_form=form)


@login_required
def run_status(
    request: HttpRequest, programme_id: int, cohort_id: int, run_id: int
) -> HttpResponse:
    access, cohort = _cohort(request, programme_id, cohort_id, lead=False)
    run = get_object_or_404(GroupingRun, pk=run_id, cohort=cohort)
    if not is_htmx(request):
        return redirect(_sets_url(cohort))
    response = render(
        request,
        "grouping/sets.html#run-status",
        {"access": access, "programme": access.programme, "cohort": cohort, "run": run},
    )
    if run.is_finished and request.GET.get("watching"):
        response["HX-Refresh"] = "true"  # show the new sets
    return response


@login_required
@require_POST
def move(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access, cohort = _cohort(request, programme_id, cohort_id, lead=True)
    form = MoveForm(request.POST)
    page = request.POST.get("page")
    if not form.is_valid():
        if is_htmx(request):  # the preview box says so, rather than the whole page swapped into it
            return render(
                request,
                "grouping/sets.html#move-preview",
                {"cohort": cohort, "programme": access.programme, "preview_error": NO_SET_CHOSEN},
            )
        messages.error(request, NO_SET_CHOSEN)
        return redirect(_sets_url(cohort, page))
    person_id, to_number = form.cleaned_data["person"], form.cleaned_data["to"]
    run = queries.latest_run(cohort)
    try:
        if form.cleaned_data["preview"]:
            proposal = hand.propose_move(
                queries.cohort_sets(cohort, run), person_id=person_id, to_number=to_number
            )
        else:
            done = hand.move_person(
                cohort=cohort, run=run, person_id=person_id, to_number=to_number, request=request
            )
            messages.success(request, f"{done.person.full_name} moved to set {done.to_number}.")
            return redirect(_sets_url(cohort, page))
    except ValidationError as exc:
        if is_htmx(request):
            return render(
                request,
                "grouping/sets.html#move-preview",
                {"cohort": cohort, "programme": access.programme, "preview_error": exc.messages[0]},
            )
        messages.error(request, exc.messages[0])
        return redirect(_sets_url(cohort, page))
    if is_htmx(request):
        return render(
            request,
            "grouping/sets.html#move-preview",
            {
                "cohort": cohort,
                "programme": access.programme,
                "preview": proposal,
                "page_number": page,
            },
        )
    return _render_sets(request, access, cohort, preview=proposal, page_number=page)


@login_required
@require_POST
def lock(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    _, cohort = _cohort(request, programme_id, cohort_id, lead=True)
    try:
        hand.set_locked(
            cohort=cohort,
            person_id=parse_id(request.POST.get("person")) or 0,
            locked=request.POST.get("locked") == "1",
            request=request,
        )
    except (ValueError, ValidationError):
        messages.error(request, "That person is not in a learning set of this cohort.")
    return redirect(_sets_url(cohort, request.POST.get("page")))


@login_required
@require_POST
def keep_apart(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access, cohort = _cohort(request, programme_id, cohort_id, lead=True)
    if (pair_id := parse_id(request.POST.get("remove"))) is not None:
        hand.remove_keep_apart(cohort=cohort, pair_id=pair_id, request=request)
        messages.success(request, "They no longer need to be kept apart.")
        return redirect(_sets_url(cohort))
    form = KeepApartForm(request.POST)
    if form.is_valid():
        try:
            hand.add_keep_apart(
                cohort=cohort,
                person_a_id=form.cleaned_data["person_a"],
                person_b_id=form.cleaned_data["person_b"],
                request=request,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request, "Saved. Generate the sets again (or move someone) if they share a set now."
            )
            return redirect(_sets_url(cohort))
    return _render_sets(request, access, cohort, status=400, keep_apart_form=form)


@login_required
@require_POST
def facilitator(
    request: HttpRequest, programme_id: int, cohort_id: int, set_id: int
) -> HttpResponse:
    _, cohort = _cohort(request, programme_id, cohort_id, lead=True)
    learning_set = get_object_or_404(
        LearningSet.objects.select_related("cohort"), pk=set_id, cohort=cohort
    )
    chosen = request.POST.get("facilitator", "")
    try:
        if chosen and parse_id(chosen) is None:
            raise ValidationError("Choose a facilitator from the list.")
        hand.set_facilitator(learning_set=learning_set, facilitator_id=parse_id(chosen))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Facilitator saved for {learning_set.name}.")
    return redirect(_sets_url(cohort, request.POST.get("page")))


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    """GET: what publishing will do (how many people will be emailed), to confirm; POST: publish."""
    access, cohort = _cohort(request, programme_id, cohort_id, lead=True)
    if request.method == "GET":
        data = queries.cohort_sets(cohort, queries.latest_run(cohort))
        members = [m for ms in data.members.values() for m in ms]
        return render(request, "grouping/publish_confirm.html", {
            "access": access, "programme": access.programme, "cohort": cohort, "sets": len(data.sets),
            "people": len(members), "to_email": sum(1 for m in members if m.notified_at is None),
            "published": sum(1 for s in data.sets if s.published_at),
        })
    try:
        told = publishing.publish_learning_sets(cohort=cohort, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            f"Published. {told} {'person was' if told == 1 else 'people were'} emailed their set.",
        )
    return redirect(_sets_url(cohort))


@login_required
def my_set(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    require(access, access.is_participant or access.is_facilitator)
    mine = queries.my_published_sets(access.person, access.programme) if access.is_participant else []
    looked_after = (
        queries.facilitated_sets(access.person, access.programme) if access.is_facilitator else []
    )
    audit.viewed(
        request, subject_ids=[m.person_id for s in [*mine, *looked_after] for m in s.members],
        what="learning_set", fields=MEMBER_SHOWN, programme_id=access.programme.pk,
    )
    return render(
        request,
        "grouping/my_set.html",
        {"access": access, "programme": access.programme, "mine": mine, "looked_after": looked_after},
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    result = None
    if request.method == "POST":
        try:
            result = place_participants(programme=access.programme, request=request)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    rows, unplaced = queries.placement_summary(access.programme)
    q = search_words(request.GET.get("q"))
    found = (
        list(
            Membership.objects.participants()
            .filter(programme=access.programme, cohort__isnull=False)
            .filter(person__full_name__icontains=q)
            .select_related("person", "cohort")
            .order_by("person__full_name", "pk")[:FOUND_LIMIT]
        )
        if q
        else []
    )
    attach((m.person for m in found), system_id=access.programme.system_id)
    audit.viewed(
        request, subject_ids=[m.person_id for m in found], what="placement",
        fields=["full_name", "organisation", "cohort"], programme_id=access.programme.pk,
    )
    return render(
        request,
        "grouping/placement.html",
        {
            "access": access,
            "programme": access.programme,
            "rows": rows,
            "unplaced": unplaced,
            "result": result,
            "q": q,
            "found": found,
        },
    )


FOUND_LIMIT = 20


@login_required
@require_http_methods(["GET", "POST"])
def placement_move(request: HttpRequest, programme_id: int, person_id: int) -> HttpResponse:
    """Move one participant to another cohort by hand: preview the balance of both cohorts, then save."""
    access = programme_access(person_from(request), programme_id).require_lead()
    membership = get_object_or_404(
        Membership.objects.participants().select_related("person", "cohort__place"),
        programme=access.programme,
        person_id=person_id,
        cohort__isnull=False,
    )
    work = where(person_id, system_id=access.programme.system_id)
    cohort = membership.cohort
    assert cohort is not None
    cohorts = list(
        Cohort.objects.filter(programme=access.programme).select_related("place").order_by("name")
    )
    allowed = [
        c
        for c in cohort_moves.cohort_choices_for(work.place_id, cohorts)
        if c.pk != cohort.pk
    ]
    form = CohortMoveForm(
        request.POST if request.method == "POST" else None,
        choices=[(c.pk, c.name) for c in allowed],
    )
    preview = None
    status = 200
    if form.is_valid():
        to_id = form.cleaned_data["to_cohort"]
        try:
            if request.POST.get("preview"):
                preview = cohort_moves.propose_cohort_move(
                    programme=access.programme, person_id=person_id, to_cohort_id=to_id
                )
            else:
                done = cohort_moves.move_to_cohort(
                    programme=access.programme,
                    person_id=person_id,
                    to_cohort_id=to_id,
                    confirmed=form.cleaned_data["confirm"],
                    request=request,
                )
                messages.success(
                    request,
                    f"{done.person.full_name} moved from {done.from_cohort.name} to "
                    f"{done.to_cohort.name}.",
                )
                return redirect("grouping:placement", programme_id=programme_id)
        except ValidationError as exc:
            field = "confirm" if exc.messages[0].startswith("Confirm the move") else "to_cohort"
            errors_onto(form, exc, field)
            status = 400
            preview = cohort_moves.propose_cohort_move(
                programme=access.programme, person_id=person_id, to_cohort_id=to_id
            )
    elif request.method == "POST":
        status = 400
    audit.viewed(
        request, subject_ids=[person_id], what="placement", fields=["full_name", "organisation", "place", "cohort"],
        programme_id=access.programme.pk,
    )
    context = {
        "access": access,
        "programme": access.programme,
        "membership": membership,
        "work": work,
        "cohort": cohort,
        "allowed": allowed,
        "form": form,
        "preview": preview,
    }
    if is_htmx(request) and request.POST.get("preview"):
        return render(request, "grouping/placement_move.html#cohort-move-preview", context)
    return render(request, "grouping/placement_move.html", context, status=status)
