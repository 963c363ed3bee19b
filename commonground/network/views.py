"""Relationship pages: consent, the roster survey, my network, programme figures and map."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts import audit
from commonground.core import charts, figure_store
from commonground.core.htmx import is_htmx
from commonground.core.inputs import parse_ids
from commonground.network import figures as network_figures
from commonground.network import picture, queries, services
from commonground.network import roster as roster_list
from commonground.network.forms import ConsentForm
from commonground.network.models import RosterConsent, SurveyRound
from commonground.programmes.permissions import (
    ProgrammeAccess,
    person_from,
    programme_access,
    require,
)

MARKS = roster_list.MARKS


def _round_for(access: ProgrammeAccess, round_id: int) -> SurveyRound:
    rounds = {r.pk: r for r in queries.rounds_for(access.person, access.programme)}
    require(access, access.is_participant and round_id in rounds)
    return rounds[round_id]


def _home(request: HttpRequest, access: ProgrammeAccess, form: ConsentForm | None, status: int = 200) -> HttpResponse:
    consent = RosterConsent.objects.filter(person=access.person, programme=access.programme).first()
    if form is None:
        initial = (
            {"listed": "yes" if consent.listed else "no", "named_on_maps": consent.named_on_maps} if consent else None
        )
        form = ConsentForm(initial=initial)
    return render(
        request,
        "network/home.html",
        {
            "access": access,
            "programme": access.programme,
            "consent": consent,
            "form": form,
            "rounds": queries.rounds_for(access.person, access.programme),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
def home(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    return _home(request, access, None)


@login_required
@require_POST
def consent(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _home(request, access, form, status=400)
    services.decide_roster_consent(
        person=access.person,
        programme=access.programme,
        listed=form.cleaned_data["listed"],
        named_on_maps=form.cleaned_data["named_on_maps"],
        versions=form.versions(),
    )
    if form.cleaned_data["listed"]:
        messages.success(request, "You are listed. You can now answer the relationship survey.")
    else:
        messages.success(request, "You are not listed. You appear in no list, count or map, and your answers are deleted.")
    return redirect("network:home", programme_id=programme_id)


@login_required
@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest, programme_id: int, round_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    survey_round = _round_for(access, round_id)
    consent = RosterConsent.objects.filter(person=access.person, programme=access.programme, listed=True).exists()
    if not consent:
        messages.info(request, "Choose whether to be listed before you answer the survey.")
        return redirect("network:home", programme_id=programme_id)
    error = ""
    saved_row = None
    if request.method == "POST":
        # A box ticked in place saves its own row; htmx also sends the rest of the form.
        row_ids = parse_ids([request.POST.get("row")]) if is_htmx(request) else []
        colleague_ids = row_ids or parse_ids(request.POST.getlist("colleague"))
        try:
            for colleague_id in colleague_ids:
                services.save_tie_marks(
                    survey_round=survey_round,
                    reporter=access.person,
                    colleague_id=colleague_id,
                    **{mark: request.POST.get(f"{mark}-{colleague_id}") == "on" for mark in MARKS},
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        if is_htmx(request) and len(colleague_ids) == 1:
            saved_row = colleague_ids[0]
        elif not error:
            messages.success(request, "Your answers are saved.")
            return redirect(request.get_full_path())
    rows, filters = roster_list.roster_rows(survey_round, access.person, request)
    audit.viewed(  # a row saved in place shows that one colleague again
        request, subject_ids=[saved_row] if saved_row is not None else [r["person"].pk for r in rows], what="network_roster",
        fields=["full_name", "organisation", "place"], object_id=survey_round.pk, programme_id=access.programme.pk,
    )
    context = {
        "access": access,
        "programme": access.programme,
        "survey_round": survey_round,
        "rows": rows,
        "filters": filters,
        "error": error,
        "is_open": survey_round.is_open(),
    }
    if saved_row is not None:
        # A box ticked in place: the row stays as the person left it (a second tick in the same row
        # may already be on its way), and only its "Saved" mark and the page's one status line are
        # sent back, out of band. A refusal comes back on the status line instead.
        row = next((r for r in rows if r["person"].pk == saved_row), None)  # type: ignore[attr-defined]
        name = row["person"].full_name if row is not None else ""
        return render(
            request,
            "network/roster.html#roster-saved",
            {**context, "oob": True, "row": row, "saved_name": "" if error else name},
            status=400 if error else 200,
        )
    return render(request, "network/roster.html", context, status=400 if error else 200)


@login_required
def mine(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    network = queries.my_network(access.person, access.programme)
    listed = RosterConsent.objects.filter(person=access.person, programme=access.programme, listed=True).exists()
    audit.viewed(
        request, subject_ids=[c.person.pk for c in network.contacts], what="network_contacts",
        fields=["full_name", "organisation", "sector", "ties", "encounters"], programme_id=access.programme.pk,
    )
    labels = picture.kind_labels(
        later_round=network.latest_round is not None and network.latest_round != network.start_round
    )
    pairs = [
        (c, picture.Dot(
            c.person.full_name, sector := queries.sector_of(c.person), str(queries.SECTOR_LABELS.get(sector, "Other")),
            picture.kind_of(knew_at_start=c.knew_at_start, know_now=c.know_now),
        ))
        for c in network.contacts
    ]
    dots = [dot for _, dot in pairs]
    # The picture's rings as lists, in the order of its key.
    rings = [(kind, labels[kind], [(c, dot) for c, dot in pairs if dot.kind == kind]) for kind in picture.KINDS]
    return render(
        request,
        "network/mine.html",
        {
            "access": access, "programme": access.programme, "network": network, "listed": listed,
            "picture": picture.my_network_svg(dots, labels=labels),
            "rings": [ring for ring in rings if ring[2]], "sectors": picture.sectors_in(dots),
            "met_charts": _met_charts(network),
        },
    )


def _met_charts(network: queries.MyNetwork) -> list[charts.Chart]:
    """The colleagues a person met through the programme by their sector and by their place: the
    person's own colleagues, whom the page names, so no disclosure control is due."""
    return [
        charts.bar_chart(
            key=f"met-by-{kind}", title=f"By their {kind}", label_heading=f"Their {kind}",
            value_heading="Colleagues", bars=[charts.Bar(label, count) for label, count in network.met_by(kind)],
        )
        for kind in ("sector", "place")
    ]


@login_required
def figures(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead_or_funder()
    rounds = SurveyRound.objects.filter(programme=access.programme).select_related("cohort").order_by("cohort__name", "opens_at")
    stored = network_figures.stored(access.programme)  # computed once per change, not on this request
    return render(
        request,
        "network/figures.html",
        {
            "access": access, "programme": access.programme, "figures": stored.value, "rounds": rounds,
            "figures_computed": figure_store.computed(stored), "charts": _network_charts(stored.value),
        },
    )


def _network_charts(figures: network_figures.NetworkFigures) -> list[charts.Chart]:
    """The published figures as pictures, each with its table: ties by round, new ties across
    organisations, and the sectors each person works with at the start and now."""
    rounds = [r for r in figures.rounds if not r.suppressed]
    later = [g for g in figures.by_sector if g.has_now]
    sectors = (
        charts.grouped_bar_chart(
            key="sectors-by-sector", title="Sectors each person works with, at the start and now",
            label_heading="Their sector", series=("At the start", "Now"), number=charts.Format(decimals=1),
            groups=[charts.Group(g.label, (g.sectors_start, g.sectors_now)) for g in later],
        ) if later else charts.bar_chart(
            key="sectors-by-sector", title="Sectors each person works with, at the start",
            label_heading="Their sector", value_heading="Sectors", number=charts.Format(decimals=1),
            bars=[charts.Bar(g.label, g.sectors_start) for g in figures.by_sector],
        )
    )
    return [
        charts.bar_chart(
            key="ties-by-round", title="Ties in each survey round", label_heading="Round",
            value_heading="Ties", bars=[charts.Bar(f"{r.label}: {r.kind}", r.ties) for r in rounds],
        ),
        charts.bar_chart(
            key="new-ties-across", title="New ties across organisations since the round before",
            label_heading="Round", value_heading="New ties across organisations",
            bars=[charts.Bar(f"{r.label}: {r.kind}", r.new_crossing_organisation) for r in rounds if r.compared],
        ),
        sectors,
    ]


@login_required
def network_map(request: HttpRequest, programme_id: int, round_id: int) -> HttpResponse:
    """Leads see the map of people (named only where they agreed); funders see counts between sectors only."""
    access = programme_access(person_from(request), programme_id).require_lead_or_funder()
    survey_round = get_object_or_404(SurveyRound.objects.select_related("cohort"), pk=round_id, programme=access.programme)
    published = network_figures.stored(access.programme).value
    sector_map = published.maps.get(survey_round.pk)  # None until the round opens (and its figures are computed)
    elements, named = queries.map_of_people(survey_round) if access.is_lead else (None, [])
    audit.viewed(  # the map is drawn once the round opens
        request, subject_ids=named if sector_map else [], what="network_map", fields=["full_name", "sector", "ties"],
        object_id=survey_round.pk, programme_id=access.programme.pk,
    )
    return render(
        request,
        "network/map.html",
        {
            "access": access,
            "programme": access.programme,
            "survey_round": survey_round,
            "elements": elements,
            "sector_map": sector_map,
            "picture": sector_map.picture() if sector_map and not access.is_lead else None,
        },
    )
