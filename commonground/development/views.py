"""Personal development pages (the participant's own) and programme evaluation (leads and funders).

Every personal object is fetched through the signed-in person (`person=access.person`), so anyone
else, whatever their role or admin rights, gets a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts.consents import Purpose
from commonground.core import charts, exports, figure_store
from commonground.core.forms import errors_onto, form_status
from commonground.core.htmx import is_htmx
from commonground.development import figures, queries, scoring, services
from commonground.development.forms import (
    GoalForm,
    HealthConsentForm,
    InstrumentForm,
    JournalForm,
    ResponseForm,
    RoundForm,
)
from commonground.development.models import Goal, Instrument, JournalEntry, Response, Round
from commonground.programmes.permissions import (
    ProgrammeAccess,
    page_context,
    person_from,
    programme_access,
    require,
)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, even when empty (an empty POST is still a submission to validate)."""
    return request.POST if request.method == "POST" else None


# -- The participant's own pages -----------------------------------------------------------------


@login_required
def progress(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    return render(
        request,
        "development/progress.html",
        page_context(
            access,
            progress=queries.my_progress(access.person, access.programme),
            rounds=queries.my_rounds(access.person, access.programme),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    form = HealthConsentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.give_health_consent(
            person=access.person, programme=access.programme, version=form.versions()[Purpose.HEALTH_DATA]
        )
        messages.success(request, "Thank you. You can now answer the resilience and wellbeing questions.")
        next_url = request.POST.get("next", "")
        if next_url.startswith(f"/programmes/{programme_id}/development/"):
            return redirect(next_url)
        return redirect("development:progress", programme_id=programme_id)
    return render(
        request,
        "development/consent.html",
        page_context(
            access,
            form=form,
            consent=queries.health_consent(access.person, access.programme),
            wording=services.CONSENT_WORDING,
            next=request.GET.get("next", request.POST.get("next", "")),
        ),
        status=form_status(form),
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    deleted = services.withdraw_health_consent(person=access.person, programme=access.programme)
    messages.success(
        request,
        f"Your consent is withdrawn and {deleted} set{'' if deleted == 1 else 's'} of resilience and wellbeing "
        "answers deleted. They no longer count in any figure.",
    )
    return redirect("development:progress", programme_id=programme_id)


def _my_round(access: ProgrammeAccess, round_id: int) -> Round:
    rounds = {r.pk: r for r in queries.rounds_for(access.person, access.programme)}
    require(access, round_id in rounds)
    return rounds[round_id]


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, programme_id: int, round_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    survey_round = _my_round(access, round_id)
    if survey_round.instrument.is_health_data and not queries.has_health_consent(access.person, access.programme):
        # Nothing health-related is asked before explicit consent.
        return redirect(f"{reverse('development:consent', args=[programme_id])}?next={request.path}")
    definition = survey_round.instrument_version.parsed
    existing = Response.objects.filter(round=survey_round, person=access.person).first()
    form = ResponseForm(definition, _posted(request), initial=existing.answers if existing else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(survey_round=survey_round, person=access.person, answers=form.answers())
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Your answers are saved. Only you can see them.")
            return redirect("development:progress", programme_id=programme_id)
    return render(
        request,
        "development/respond.html",
        page_context(access, survey_round=survey_round, definition=definition, form=form, error=error,
                 is_open=survey_round.is_open(), existing=existing),
        status=400 if error else form_status(form),
    )


@login_required
def response_detail(request: HttpRequest, programme_id: int, response_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    response = get_object_or_404(
        Response.objects.select_related("round__instrument_version__instrument", "round__cohort"),
        pk=response_id, person=access.person, round__programme=access.programme,
    )
    definition = response.round.instrument_version.parsed
    return render(
        request,
        "development/response_detail.html",
        page_context(
            access, response=response,
            rows=[(item, response.answers.get(item.key)) for item in definition.items],
            scores=[(definition.label_of(s.dimension), s) for s in scoring.score(definition, response.answers)],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goals(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    form = GoalForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.save_goal(
            person=access.person, programme=access.programme, what=form.cleaned_data["what"],
            by_when=form.cleaned_data["by_when"], status=form.cleaned_data["status"],
            reflections=form.cleaned_data["reflections"],
        )
        if not is_htmx(request):
            messages.success(request, "Goal added.")
            return redirect("development:goals", programme_id=programme_id)
        form = GoalForm()
    context = page_context(
        access, form=form, goals=list(Goal.objects.filter(person=access.person, programme=access.programme))
    )
    if is_htmx(request):
        return render(request, "development/goals.html#goal-area", context, status=form_status(form))
    return render(request, "development/goals.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, programme_id: int, goal_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    goal = get_object_or_404(Goal, pk=goal_id, person=access.person, programme=access.programme)
    form = GoalForm(_posted(request), instance=goal)
    if request.method == "POST" and form.is_valid():
        services.save_goal(
            person=access.person, programme=access.programme, goal=goal, what=form.cleaned_data["what"],
            by_when=form.cleaned_data["by_when"], status=form.cleaned_data["status"],
            reflections=form.cleaned_data["reflections"],
        )
        messages.success(request, "Goal updated.")
        return redirect("development:goals", programme_id=programme_id)
    return render(request, "development/goal_edit.html", page_context(access, form=form, goal=goal),
                  status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def journal(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    form = JournalForm(_posted(request), initial={"prompt": request.GET.get("prompt", "")})
    if request.method == "POST" and form.is_valid():
        services.write_journal_entry(
            person=access.person, programme=access.programme,
            body=form.cleaned_data["body"], prompt=form.cleaned_data["prompt"],
        )
        messages.success(request, "Saved to your journal. Only you can read it.")
        return redirect("development:journal", programme_id=programme_id)
    entries = JournalEntry.objects.filter(person=access.person, programme=access.programme)
    return render(request, "development/journal.html", page_context(access, form=form, entries=entries),
                  status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def journal_entry(request: HttpRequest, programme_id: int, entry_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    entry = get_object_or_404(JournalEntry, pk=entry_id, person=access.person, programme=access.programme)
    form = JournalForm(_posted(request), initial={"prompt": entry.prompt, "body": entry.body})
    if request.method == "POST" and form.is_valid():
        services.write_journal_entry(
            person=access.person, programme=access.programme, entry=entry,
            body=form.cleaned_data["body"], prompt=form.cleaned_data["prompt"],
        )
        messages.success(request, "Journal entry updated.")
        return redirect("development:journal", programme_id=programme_id)
    return render(request, "development/journal_entry.html", page_context(access, form=form, entry=entry),
                  status=form_status(form))


@login_required
@require_POST
def journal_delete(request: HttpRequest, programme_id: int, entry_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    entry = get_object_or_404(JournalEntry, pk=entry_id, person=access.person, programme=access.programme)
    services.delete_journal_entry(person=access.person, entry=entry)
    messages.success(request, "Journal entry deleted.")
    return redirect("development:journal", programme_id=programme_id)


# -- Evaluation (leads and funders: aggregates only) -------------------------------------------


RATES_PER_PAGE = 25


@login_required
def evaluation(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead_or_funder()
    stored = figures.stored(access.programme)  # computed once per change, not on this request
    ev = stored.value
    feedback_groups = [
        ("Session feedback by module (1 to 5)", "Module", ev.feedback_by_module),
        ("Session feedback by partner organisation (1 to 5)", "Partner", ev.feedback_by_partner),
        ("Session feedback (1 to 5)", "Session", ev.feedback),
    ]
    instruments = sorted({(r.round.instrument.key, r.round.instrument.name) for r in ev.rates}, key=lambda i: i[1])
    chosen = request.GET.get("instrument", "")
    if chosen not in dict(instruments):
        chosen = ""  # an unknown instrument shows every round rather than none
    rates = [r for r in ev.rates if not chosen or r.round.instrument.key == chosen]
    return render(
        request, "development/evaluation.html",
        page_context(access, evaluation=ev, suppressed=figures.SUPPRESSED, feedback_groups=feedback_groups,
                     change_groups=_change_groups(ev.changes), figures_computed=figure_store.computed(stored),
                     feedback_charts=_feedback_charts(ev), rate_instruments=instruments, rate_instrument=chosen,
                     rates_page=Paginator(rates, RATES_PER_PAGE).get_page(request.GET.get("page"))),
    )


def _feedback_charts(ev: figures.Evaluation) -> list[charts.Chart]:
    """Session feedback by module and by partner as bars, one per question (when there are few enough)."""
    drawn = []
    for key, what, rows in (("module", "module", ev.feedback_by_module), ("partner", "partner organisation",
                                                                          ev.feedback_by_partner)):
        questions = [label for label, _ in rows[0].means] if rows else []
        if not rows or not 1 <= len(questions) <= charts.SERIES_STYLES:
            continue
        drawn.append(charts.grouped_bar_chart(
            key=f"feedback-{key}", title=f"Session feedback by {what}: mean answer, 1 to 5", label_heading=what.capitalize(),
            series=questions, number=charts.Format(decimals=2),
            groups=[charts.Group(row.label, tuple(mean for _, mean in row.means), gap=_feedback_gap(row.responses))
                    for row in rows],
        ))
    return drawn


def _feedback_gap(responses: int | None) -> str:
    """Why a mean answer is not drawn: its count is hidden, nobody answered yet, or too few did."""
    if responses is None:
        return figures.SUPPRESSED
    return "no answers yet" if responses == 0 else "fewer than 5 answers"


def _change_groups(changes: list[figures.ChangeRow]) -> list[tuple[str, list[figures.ChangeRow], charts.Chart]]:
    """Each instrument's change rows, with a chart of its programme-wide rows (the cohorts' are in the table)."""
    by_instrument: dict[str, list[figures.ChangeRow]] = {}
    for row in changes:
        by_instrument.setdefault(row.instrument, []).append(row)
    groups = []
    for number, (instrument, rows) in enumerate(by_instrument.items(), start=1):
        everyone = [row for row in rows if row.scope == "All cohorts"]
        several = len({row.comparison for row in everyone}) > 1
        chart = charts.change_chart(
            key=f"change-{number}", title=f"{instrument}, all cohorts: mean change per dimension", label_heading="Dimension",
            wide=True,
            changes=[
                charts.Change(
                    f"{row.dimension}: {row.comparison.lower()}" if several else row.dimension,
                    change=row.mean, low=row.low, high=row.high, before=row.before, after=row.after, people=row.n,
                    gap=figures.SUPPRESSED if row.n is None else "no pairs of answers yet",
                )
                for row in everyone
            ],
        )
        groups.append((instrument, rows, chart))
    return groups


@login_required
def evaluation_export(request: HttpRequest, programme_id: int, fmt: str) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead_or_funder()
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format.")
    sheets = figures.export_rows(figures.stored(access.programme).value)  # the page's figures, as stored
    stem = f"evaluation-programme-{programme_id}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        lines: list[list[object]] = []
        for number, (title, header, rows) in enumerate(sheets):
            if number:
                lines.append([])
            lines += [[title], list(header), *rows]
        response = HttpResponse(exports.csv_text(lines), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.xlsx_bytes(sheets), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
def instruments(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    available = Instrument.objects.available_to(access.programme).prefetch_related("versions")
    return render(request, "development/instruments.html", page_context(access, instruments=available))


@login_required
@require_http_methods(["GET", "POST"])
def instrument_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    form = InstrumentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        low, high = {"1-5": (1, 5), "0-10": (0, 10)}[form.cleaned_data["scale"]]
        try:
            instrument = services.create_instrument(
                programme=access.programme, name=form.cleaned_data["name"],
                kirkpatrick_level=form.cleaned_data["kirkpatrick_level"], scale_min=low, scale_max=high,
                rows=form.cleaned_data["items"], citation=form.cleaned_data["citation"],
            )
        except ValidationError as exc:
            errors_onto(form, exc, "items")
        else:
            messages.success(request, f"{instrument.name} is ready to ask in a round.")
            return redirect("development:instruments", programme_id=programme_id)
    return render(request, "development/instrument_add.html", page_context(access, form=form),
                  status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    form = RoundForm(access.programme, _posted(request))
    if request.method == "POST" and form.is_valid():
        opens_at, closes_at = form.moments()
        try:
            services.create_round(
                programme=access.programme, cohort=form.cleaned_data["cohort"],
                instrument=form.cleaned_data["instrument"], kind=form.cleaned_data["kind"],
                opens_at=opens_at, closes_at=closes_at,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Round added. Invitations go out when it opens.")
            return redirect("development:rounds", programme_id=programme_id)
    ev = figures.stored(access.programme).value
    upcoming = (
        Round.objects.filter(programme=access.programme, opens_at__gt=timezone.now())
        .select_related("cohort", "instrument_version__instrument").order_by("opens_at")
    )
    return render(request, "development/rounds.html",
                  page_context(access, form=form, rates=ev.rates, upcoming=upcoming),
                  status=form_status(form))
