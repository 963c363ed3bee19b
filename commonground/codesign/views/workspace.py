"""A challenge team's workspace: members, milestones, updates, document links and the partner organisation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commonground.accounts import audit
from commonground.codesign import queries
from commonground.codesign.forms import DocumentForm, MilestoneForm, PartnerForm, UpdateForm
from commonground.codesign.models import ChallengeTeam
from commonground.codesign.services import workspace as services
from commonground.codesign.views.common import issues_access
from commonground.core.forms import errors_onto
from commonground.programmes.permissions import ProgrammeAccess, page_context, require


def _team(
    request: HttpRequest, programme_id: int, team_id: int
) -> tuple[ProgrammeAccess, ChallengeTeam, bool]:
    """The team, whether the viewer may edit it (members and leads); others who may not see it get 404."""
    access = issues_access(request, programme_id)
    team = get_object_or_404(queries.teams_in(access.programme), pk=team_id)
    is_member = team.formation.is_published and queries.is_member(team, access.person)
    require(access, access.is_staff or is_member)
    return access, team, is_member or access.is_lead


def _render_team(
    request: HttpRequest,
    access: ProgrammeAccess,
    team: ChallengeTeam,
    can_edit: bool,
    *,
    status: int = 200,
    **forms: object,
) -> HttpResponse:
    space = queries.workspace(team, access.programme.system_id)
    choices = [(m.person_id, m.person.full_name) for m in space.members]
    audit.viewed(
        request, subject_ids=[m.person_id for m in space.members], what="challenge_team",
        fields=["full_name", "organisation", "job_title"], object_id=team.pk, programme_id=access.programme.pk,
    )
    return render(
        request,
        "codesign/team.html",
        page_context(
            access,
            team=team,
            issue=team.issue,
            members=space.members,
            can_edit=can_edit,
            milestones=space.milestones,
            updates=space.updates,
            documents=space.documents,
            milestone_form=forms.get("milestone_form") or MilestoneForm(choices),
            update_form=forms.get("update_form") or UpdateForm(),
            document_form=forms.get("document_form") or DocumentForm(),
            partner_form=forms.get("partner_form")
            or PartnerForm(access.programme, initial={"partner": team.partner_id}),
        ),
        status=status,
    )


@login_required
def team(request: HttpRequest, programme_id: int, team_id: int) -> HttpResponse:
    access, challenge_team, can_edit = _team(request, programme_id, team_id)
    return _render_team(request, access, challenge_team, can_edit)


def _back(team: ChallengeTeam, anchor: str) -> HttpResponse:
    return redirect(
        reverse("codesign:team", args=[team.formation.cohort.programme_id, team.pk]) + f"#{anchor}"
    )


@login_required
@require_POST
def milestone_add(request: HttpRequest, programme_id: int, team_id: int) -> HttpResponse:
    access, challenge_team, can_edit = _team(request, programme_id, team_id)
    require(access, can_edit)
    form = MilestoneForm(queries.member_choices(challenge_team), request.POST)
    if form.is_valid():
        try:
            services.add_milestone(
                team=challenge_team,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                owner_id=form.cleaned_data["owner"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Milestone added.")
            return _back(challenge_team, "milestones")
    return _render_team(request, access, challenge_team, can_edit, status=400, milestone_form=form)


@login_required
@require_POST
def milestone_done(
    request: HttpRequest, programme_id: int, team_id: int, milestone_id: int
) -> HttpResponse:
    access, challenge_team, can_edit = _team(request, programme_id, team_id)
    require(access, can_edit)
    milestone = get_object_or_404(queries.milestones_of(challenge_team), pk=milestone_id)
    services.set_milestone_done(milestone=milestone, done=request.POST.get("done") == "1")
    messages.success(
        request, f"“{milestone.title}” marked {'done' if milestone.done_at else 'not done'}."
    )
    return _back(challenge_team, "milestones")


@login_required
@require_POST
def update_add(request: HttpRequest, programme_id: int, team_id: int) -> HttpResponse:
    access, challenge_team, can_edit = _team(request, programme_id, team_id)
    require(access, can_edit)
    form = UpdateForm(request.POST)
    if form.is_valid():
        services.post_update(
            team=challenge_team, author=access.person, body=form.cleaned_data["body"]
        )
        messages.success(request, "Update posted.")
        return _back(challenge_team, "updates")
    return _render_team(request, access, challenge_team, can_edit, status=400, update_form=form)


@login_required
@require_POST
def document_add(request: HttpRequest, programme_id: int, team_id: int) -> HttpResponse:
    access, challenge_team, can_edit = _team(request, programme_id, team_id)
    require(access, can_edit)
    form = DocumentForm(request.POST)
    if form.is_valid():
        try:
            services.add_document(
                team=challenge_team,
                person=access.person,
                title=form.cleaned_data["title"],
                url=form.cleaned_data["url"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Document link added.")
            return _back(challenge_team, "documents")
    return _render_team(request, access, challenge_team, can_edit, status=400, document_form=form)


@login_required
@require_POST
def team_partner(request: HttpRequest, programme_id: int, team_id: int) -> HttpResponse:
    access, challenge_team, can_edit = _team(request, programme_id, team_id)
    require(access, can_edit)
    form = PartnerForm(access.programme, request.POST)
    if form.is_valid():
        services.set_partner(team=challenge_team, partner=form.cleaned_data["partner"])
        messages.success(request, "Partner organisation saved.")
        return _back(challenge_team, "partner")
    return _render_team(request, access, challenge_team, can_edit, status=400, partner_form=form)
