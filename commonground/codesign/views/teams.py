"""Challenge teams: a lead forms, reviews and publishes a cohort's teams; everyone lists the teams they may see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commonground.accounts import audit
from commonground.codesign import queries
from commonground.codesign.forms import FormTeamsForm, MoveForm
from commonground.codesign.models import Formation
from commonground.codesign.services import teams as services
from commonground.codesign.views.common import issues_access
from commonground.core.forms import errors_onto
from commonground.programmes.models import Cohort
from commonground.programmes.permissions import ProgrammeAccess, page_context


def _cohort(access: ProgrammeAccess, cohort_id: int) -> Cohort:
    return get_object_or_404(queries.cohorts_of(access.programme), pk=cohort_id)


def _formation(cohort: Cohort) -> Formation:
    formation = queries.formation_of(cohort)
    if formation is None:
        raise Http404("No teams are formed for this cohort.")
    return formation


def _render_formation(
    request: HttpRequest,
    access: ProgrammeAccess,
    cohort: Cohort,
    *,
    status: int = 200,
    form: FormTeamsForm | None = None,
) -> HttpResponse:
    board = queries.formation_board(access.programme, cohort)
    formation, open_issues = board.formation, board.open_issues
    audit.viewed(
        request, subject_ids=[m.person_id for t in board.teams for m in board.members[t.pk]],
        what="challenge_teams", fields=["full_name", "organisation", "choice_rank"], object_id=cohort.pk,
        programme_id=access.programme.pk,
    )
    form = form or FormTeamsForm(
        open_issues,
        initial={
            "issues": [str(i.pk) for i in open_issues if board.interest_counts[i.pk]],
            "min_size": formation.min_size if formation else 8,
            "max_size": formation.max_size if formation else 15,
        },
    )
    return render(
        request,
        "codesign/formation.html",
        page_context(
            access,
            cohort=cohort,
            formation=formation,
            form=form,
            interest_rows=[
                (i, board.interest_counts[i.pk], board.first_counts[i.pk]) for i in open_issues
            ],
            rows=[{"team": t, "members": board.members[t.pk]} for t in board.teams],
            teams=board.teams,
        ),
        status=status,
    )


@login_required
def formation(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access = issues_access(request, programme_id).require_lead()
    return _render_formation(request, access, _cohort(access, cohort_id))


@login_required
@require_POST
def formation_run(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access = issues_access(request, programme_id).require_lead()
    cohort = _cohort(access, cohort_id)
    form = FormTeamsForm(queries.issues_open_for_interest(access.programme, cohort), request.POST)
    if form.is_valid():
        try:
            formed = services.form_challenge_teams(
                cohort=cohort,
                issues=form.chosen(),
                min_size=form.cleaned_data["min_size"],
                max_size=form.cleaned_data["max_size"],
                actor=access.person,
                request=request,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            s = formed.summary
            messages.success(
                request,
                f"{s['people']} people placed: {round(100 * s['top_two_share'])}% got their "
                f"1st or 2nd choice. Review the teams, then publish.",
            )
            return redirect("codesign:formation", access.programme.pk, cohort.pk)
    return _render_formation(request, access, cohort, status=400, form=form)


@login_required
@require_POST
def formation_move(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access = issues_access(request, programme_id).require_lead()
    cohort = _cohort(access, cohort_id)
    formation = _formation(cohort)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a person and the team to move them to.")
    else:
        try:
            member = services.move_member(
                formation=formation,
                person_id=form.cleaned_data["person"],
                team_id=form.cleaned_data["team"],
                actor=access.person,
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request, f"{member.person.full_name} moved to {member.team.issue.title}."
            )
    return redirect("codesign:formation", access.programme.pk, cohort.pk)


@login_required
@require_POST
def formation_publish(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access = issues_access(request, programme_id).require_lead()
    cohort = _cohort(access, cohort_id)
    formation = _formation(cohort)
    try:
        told = services.publish_teams(formation=formation, actor=access.person, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Teams published; {told} people emailed.")
    return redirect("codesign:formation", access.programme.pk, cohort.pk)


@login_required
def team_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Participants see their own teams; staff see every published team, leads every cohort's formation too."""
    access = issues_access(request, programme_id)
    if access.is_staff:
        teams = queries.published_teams(access.programme)
    else:
        teams = queries.teams_of(access.person.pk, access.programme)
    cohorts = queries.cohorts_by_name(access) if access.is_lead else []
    return render(
        request, "codesign/team_list.html", page_context(access, teams=teams, cohorts=cohorts)
    )
