"""Co-design pages: local issues, discussion and support, interest, challenge teams, outcomes, the showcase.

Every change is an ordinary form POST that works without scripts; HTMX swaps the support
button in place. Members of the programme who take part (participants and staff) see issues;
funders see the showcase only; outsiders get 404 everywhere.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commonground.codesign import queries, services
from commonground.codesign.forms import (
    CommentForm,
    DocumentForm,
    FormTeamsForm,
    HideCommentForm,
    InterestForm,
    IssueForm,
    MergeForm,
    MilestoneForm,
    MoveForm,
    OutcomeForm,
    PartnerForm,
    StateForm,
    UpdateForm,
)
from commonground.codesign.models import (
    AuditEvent,
    ChallengeTeam,
    Comment,
    Formation,
    Interest,
    Issue,
    IssueState,
    Milestone,
    Showcase,
    Support,
    TeamMember,
)
from commonground.core.htmx import is_htmx
from commonground.programmes.models import Cohort, Membership, Place
from commonground.programmes.permissions import (
    ProgrammeAccess,
    page_context,
    person_from,
    programme_access,
    require,
)

ISSUES_PER_PAGE = 20
AUDIT_PER_PAGE = 50


def _access(request: HttpRequest, programme_id: int) -> ProgrammeAccess:
    access = programme_access(person_from(request), programme_id)
    require(access, sees_issues(access))
    return access


def sees_issues(access: ProgrammeAccess) -> bool:
    return access.is_staff or access.is_participant


def takes_part(access: ProgrammeAccess) -> bool:
    """Who proposes and supports issues: participants and leads."""
    return access.is_participant or access.is_lead


def _issue(access: ProgrammeAccess, issue_id: int) -> Issue:
    return get_object_or_404(
        Issue.objects.select_related("place", "proposed_by", "merged_into", "programme"),
        pk=issue_id,
        programme=access.programme,
    )


def _own_cohort(access: ProgrammeAccess) -> Cohort | None:
    if not access.cohort_ids:
        return None
    return (
        Cohort.objects.filter(pk__in=access.cohort_ids)
        .select_related("place")
        .order_by("pk")
        .first()
    )


# -- Issues ---------------------------------------------------------------------------------------


@login_required
def issue_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    place, state, sort = (
        request.GET.get("place", ""),
        request.GET.get("state", ""),
        request.GET.get("sort", "supported"),
    )
    if state not in IssueState.values:
        state = ""
    page = Paginator(
        queries.issues(access.programme, place=place, state=state, sort=sort), ISSUES_PER_PAGE
    ).get_page(request.GET.get("page"))
    mine = set(
        Support.objects.filter(person=access.person, issue_id__in=[i.pk for i in page]).values_list(
            "issue_id", flat=True
        )
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "codesign/issue_list.html",
        page_context(
            access,
            page=page,
            supported=mine,
            places=list(Place.objects.filter(system_id=access.programme.system_id)),
            states=IssueState.choices,
            place=place,
            state=state,
            sort=sort if sort in queries.SORTS else "supported",
            query=query.urlencode(),
            takes_part=takes_part(access),
        ),
    )


@login_required
def issue_new(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    require(access, takes_part(access))
    form = IssueForm(access.programme, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issue = services.propose_issue(
                programme=access.programme,
                person=access.person,
                place=data["place"],
                title=data["title"],
                problem=data["problem"],
                affects=data["affects"],
                evidence=data["evidence"],
                organisations=data["organisations"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Thank you: issue #{issue.pk} is proposed.")
            return redirect("codesign:issue-detail", access.programme.pk, issue.pk)
    return render(
        request,
        "codesign/issue_new.html",
        page_context(access, form=form),
        status=400 if form.errors else 200,
    )


def _render_detail(
    request: HttpRequest,
    access: ProgrammeAccess,
    issue: Issue,
    *,
    status: int = 200,
    **forms: object,
) -> HttpResponse:
    comments = list(issue.comments.select_related("author__organisation", "hidden_by"))
    merged = list(issue.merged_issues.all())
    merged_comments = (
        list(
            Comment.objects.filter(issue__in=merged).select_related("author__organisation", "issue")
        )
        if merged
        else []
    )
    teams = list(
        ChallengeTeam.objects.filter(
            issue=issue, formation__published_at__isnull=False
        ).select_related("formation__cohort", "partner")
    )
    return render(
        request,
        "codesign/issue_detail.html",
        page_context(
            access,
            issue=issue,
            comments=comments,
            merged=merged,
            merged_comments=merged_comments,
            organisations=list(issue.organisations.all()),
            teams=teams,
            changes=list(issue.state_changes.select_related("actor")),
            outcomes=list(issue.outcomes.all()),
            supported=Support.objects.filter(issue=issue, person=access.person).exists(),
            takes_part=takes_part(access),
            comment_form=forms.get("comment_form") or CommentForm(),
            state_form=forms.get("state_form") or StateForm(issue),
            merge_form=forms.get("merge_form") or MergeForm(),
            hide_form=forms.get("hide_form") or HideCommentForm(),
            hide_error_for=forms.get("hide_error_for"),
        ),
        status=status,
    )


@login_required
def issue_detail(request: HttpRequest, programme_id: int, issue_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    return _render_detail(request, access, _issue(access, issue_id))


@login_required
@require_POST
def issue_support(request: HttpRequest, programme_id: int, issue_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    require(access, takes_part(access))
    issue = _issue(access, issue_id)
    try:
        if request.POST.get("withdraw"):
            services.withdraw_support(issue=issue, person=access.person)
            note = "Your support is withdrawn."
        else:
            services.support_issue(issue=issue, person=access.person)
            note = "Thank you for your support."
    except ValidationError as exc:
        note = exc.messages[0]
    issue.refresh_from_db(fields=["supporter_count"])
    if is_htmx(request):
        supported = Support.objects.filter(issue=issue, person=access.person).exists()
        return render(
            request,
            "codesign/issue_detail.html#support",
            page_context(
                access,
                issue=issue,
                supported=supported,
                takes_part=True,
                note=note,
            ),
        )
    messages.info(request, note)
    return redirect("codesign:issue-detail", access.programme.pk, issue.pk)


@login_required
@require_POST
def comment_add(request: HttpRequest, programme_id: int, issue_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    issue = _issue(access, issue_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(issue=issue, author=access.person, body=form.cleaned_data["body"])
        messages.success(request, "Your comment is posted.")
        return redirect(
            reverse("codesign:issue-detail", args=[access.programme.pk, issue.pk]) + "#comments"
        )
    return _render_detail(request, access, issue, status=400, comment_form=form)


@login_required
@require_POST
def comment_hide(
    request: HttpRequest, programme_id: int, issue_id: int, comment_id: int
) -> HttpResponse:
    access = _access(request, programme_id)
    require(access, access.is_lead)
    issue = _issue(access, issue_id)
    comment = get_object_or_404(
        Comment.objects.select_related("author", "issue__programme"), pk=comment_id, issue=issue
    )
    form = HideCommentForm(request.POST)
    if form.is_valid():
        try:
            services.hide_comment(
                comment=comment, moderator=access.person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "The comment is hidden; the audit trail records why.")
        return redirect(
            reverse("codesign:issue-detail", args=[access.programme.pk, issue.pk]) + "#comments"
        )
    return _render_detail(
        request, access, issue, status=400, hide_form=form, hide_error_for=comment.pk
    )


@login_required
@require_POST
def issue_state(request: HttpRequest, programme_id: int, issue_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    require(access, access.is_lead)
    issue = _issue(access, issue_id)
    form = StateForm(issue, request.POST)
    if form.is_valid():
        try:
            issue = services.change_state(
                issue=issue,
                actor=access.person,
                to_state=form.cleaned_data["state"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"#{issue.pk} is now {issue.get_state_display().lower()}.")
            return redirect("codesign:issue-detail", access.programme.pk, issue.pk)
    return _render_detail(request, access, issue, status=400, state_form=form)


@login_required
@require_POST
def issue_merge(request: HttpRequest, programme_id: int, issue_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    require(access, access.is_lead)
    issue = _issue(access, issue_id)
    form = MergeForm(request.POST)
    if form.is_valid():
        into = Issue.objects.filter(
            pk=form.cleaned_data["into"], programme=access.programme
        ).first()
        if into is None:
            form.add_error("into", "There is no issue with that number in this programme.")
        else:
            try:
                services.merge_issues(duplicate=issue, into=into, actor=access.person)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, f"#{issue.pk} is merged into #{into.pk}; its supporters carried over."
                )
                return redirect("codesign:issue-detail", access.programme.pk, into.pk)
    return _render_detail(request, access, issue, status=400, merge_form=form)


@login_required
def audit(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    require(access, access.is_lead)
    page = Paginator(
        AuditEvent.objects.filter(programme=access.programme).select_related("actor"),
        AUDIT_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(request, "codesign/audit.html", page_context(access, page=page))


# -- Interest -------------------------------------------------------------------------------------


@login_required
def interest(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    require(access, access.is_participant)
    cohort = _own_cohort(access)
    issues = services.issues_open_for_interest(access.programme, cohort)
    locked = services.interest_locked(cohort)
    mine = list(
        Interest.objects.filter(programme=access.programme, person=access.person).select_related(
            "issue"
        )
    )
    initial = {f"issue_{i.issue_id}": str(i.rank) for i in mine}
    form = InterestForm(issues, request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and not locked and form.is_valid():
        try:
            count = services.save_interest(
                programme=access.programme,
                person=access.person,
                cohort=cohort,
                ranking=form.ranking(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Saved: you ranked {count} issue{'s' if count != 1 else ''}."
                if count
                else "Saved: you are not interested in any issue for now.",
            )
            return redirect("codesign:interest", access.programme.pk)
    teams = queries.teams_of(access.person.pk, access.programme)
    return render(
        request,
        "codesign/interest.html",
        page_context(
            access,
            form=form,
            issues=issues,
            locked=locked,
            teams=teams,
            my_order=[(i.rank, i.issue) for i in mine],
        ),
        status=400 if form.errors else 200,
    )


# -- Challenge teams ------------------------------------------------------------------------------


def _cohort(access: ProgrammeAccess, cohort_id: int) -> Cohort:
    return get_object_or_404(
        Cohort.objects.select_related("place", "programme"),
        pk=cohort_id,
        programme=access.programme,
    )


def _render_formation(
    request: HttpRequest,
    access: ProgrammeAccess,
    cohort: Cohort,
    *,
    status: int = 200,
    form: FormTeamsForm | None = None,
) -> HttpResponse:
    formation = Formation.objects.filter(cohort=cohort).first()
    open_issues = services.issues_open_for_interest(access.programme, cohort)
    in_cohort = Membership.objects.participants().filter(cohort=cohort).values("person_id")
    interest_counts: dict[int, int] = defaultdict(int)
    first_counts: dict[int, int] = defaultdict(int)
    for issue_id, rank in Interest.objects.filter(
        person_id__in=in_cohort, issue__in=open_issues
    ).values_list("issue_id", "rank"):
        interest_counts[issue_id] += 1
        first_counts[issue_id] += rank == 1
    teams = list(formation.teams.select_related("issue", "partner")) if formation else []
    members: dict[int, list[TeamMember]] = defaultdict(list)
    if formation:
        for m in (
            TeamMember.objects.filter(formation=formation)
            .select_related("person__organisation")
            .order_by("person__full_name", "pk")
        ):
            members[m.team_id].append(m)
    form = form or FormTeamsForm(
        open_issues,
        initial={
            "issues": [str(i.pk) for i in open_issues if interest_counts[i.pk]],
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
            interest_rows=[(i, interest_counts[i.pk], first_counts[i.pk]) for i in open_issues],
            rows=[{"team": t, "members": members[t.pk]} for t in teams],
            teams=teams,
        ),
        status=status,
    )


@login_required
def formation(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    require(access, access.is_lead)
    return _render_formation(request, access, _cohort(access, cohort_id))


@login_required
@require_POST
def formation_run(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    require(access, access.is_lead)
    cohort = _cohort(access, cohort_id)
    form = FormTeamsForm(services.issues_open_for_interest(access.programme, cohort), request.POST)
    if form.is_valid():
        try:
            formed = services.form_challenge_teams(
                cohort=cohort,
                issues=form.chosen(),
                min_size=form.cleaned_data["min_size"],
                max_size=form.cleaned_data["max_size"],
                actor=access.person,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
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
    access = _access(request, programme_id)
    require(access, access.is_lead)
    cohort = _cohort(access, cohort_id)
    formation = get_object_or_404(Formation, cohort=cohort)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a person and the team to move them to.")
    else:
        try:
            member = services.move_member(
                formation=formation,
                person_id=form.cleaned_data["person"],
                team_id=form.cleaned_data["team"],
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
    access = _access(request, programme_id)
    require(access, access.is_lead)
    cohort = _cohort(access, cohort_id)
    formation = get_object_or_404(Formation, cohort=cohort)
    try:
        told = services.publish_teams(formation=formation, actor=access.person)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Teams published; {told} people emailed.")
    return redirect("codesign:formation", access.programme.pk, cohort.pk)


@login_required
def team_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Participants see their own teams; staff see every published team, leads every cohort's formation too."""
    access = _access(request, programme_id)
    if access.is_staff:
        teams = list(
            ChallengeTeam.objects.filter(
                formation__cohort__programme=access.programme, formation__published_at__isnull=False
            )
            .select_related("issue", "formation__cohort", "partner")
            .order_by("formation__cohort__name", "issue__title")
        )
    else:
        teams = queries.teams_of(access.person.pk, access.programme)
    cohorts = list(access.visible_cohorts().order_by("name")) if access.is_lead else []
    return render(
        request, "codesign/team_list.html", page_context(access, teams=teams, cohorts=cohorts)
    )


# -- Team workspace -------------------------------------------------------------------------------


def _team(
    request: HttpRequest, programme_id: int, team_id: int
) -> tuple[ProgrammeAccess, ChallengeTeam, bool]:
    """The team, whether the viewer may edit it (members and leads); others who may not see it get 404."""
    access = _access(request, programme_id)
    team = get_object_or_404(
        ChallengeTeam.objects.select_related("issue__place", "formation__cohort", "partner"),
        pk=team_id,
        formation__cohort__programme=access.programme,
    )
    is_member = (
        team.formation.is_published
        and TeamMember.objects.filter(team=team, person=access.person).exists()
    )
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
    members = list(TeamMember.objects.filter(team=team).select_related("person__organisation"))
    choices = [(m.person_id, m.person.full_name) for m in members]
    return render(
        request,
        "codesign/team.html",
        page_context(
            access,
            team=team,
            issue=team.issue,
            members=members,
            can_edit=can_edit,
            milestones=list(team.milestones.select_related("owner")),
            updates=list(team.updates.select_related("author")[:50]),
            documents=list(team.documents.all()),
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


def _apply_errors(form: object, exc: ValidationError) -> None:
    fields = getattr(form, "fields", {})
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in fields else None, errors)  # type: ignore[attr-defined]
    else:
        form.add_error(None, exc)  # type: ignore[attr-defined]


@login_required
@require_POST
def milestone_add(request: HttpRequest, programme_id: int, team_id: int) -> HttpResponse:
    access, challenge_team, can_edit = _team(request, programme_id, team_id)
    require(access, can_edit)
    choices = list(
        TeamMember.objects.filter(team=challenge_team).values_list("person_id", "person__full_name")
    )
    form = MilestoneForm(choices, request.POST)
    if form.is_valid():
        try:
            services.add_milestone(
                team=challenge_team,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                owner_id=form.cleaned_data["owner"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
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
    milestone = get_object_or_404(Milestone, pk=milestone_id, team=challenge_team)
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
            _apply_errors(form, exc)
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


# -- Outcomes and the showcase --------------------------------------------------------------------


@login_required
def outcome_new(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Leads record outcomes for any adopted issue; team members for their own team's issue."""
    access = _access(request, programme_id)
    issues = Issue.objects.filter(programme=access.programme, state__in=services.OUTCOME_STATES)
    my_teams = {t.issue_id: t for t in queries.teams_of(access.person.pk, access.programme)}
    if not access.is_lead:
        issues = issues.filter(pk__in=list(my_teams))
    choices = list(issues.order_by("title", "pk"))
    require(access, access.is_lead or bool(choices))
    form = OutcomeForm(
        choices, request.POST or None, initial={"issue": request.GET.get("issue", "")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issue = form.issue_map[data["issue"]]
        team = (
            my_teams.get(issue.pk)
            or ChallengeTeam.objects.filter(issue=issue, formation__published_at__isnull=False)
            .order_by("pk")
            .first()
        )
        try:
            services.record_outcome(
                issue=issue,
                team=team,
                person=access.person,
                what_changed=data["what_changed"],
                for_whom=data["for_whom"],
                measure=data["measure"],
                story=data["story"],
                unit=data["unit"],
                before_value=data["before_value"],
                before_on=data["before_on"],
                after_value=data["after_value"],
                after_on=data["after_on"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Outcome recorded. It now appears on the showcase.")
            return redirect("codesign:showcase", access.programme.pk)
    return render(
        request,
        "codesign/outcome_new.html",
        page_context(access, form=form),
        status=400 if form.errors else 200,
    )


@login_required
def showcase(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    showcase = Showcase.objects.filter(programme=access.programme).first()
    return render(
        request,
        "codesign/showcase.html",
        page_context(
            access,
            rows=queries.showcase_rows(access.programme),
            showcase=showcase,
            public_url=request.build_absolute_uri(
                reverse("codesign:public-showcase", args=[showcase.token])
            )
            if showcase and showcase.is_published
            else "",
            show_names=access.sees_people,
            public=False,
        ),
    )


@login_required
@require_POST
def showcase_publish(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    require(access, access.is_lead)
    published = request.POST.get("publish") == "1"
    services.set_showcase_published(
        programme=access.programme, actor=access.person, published=published
    )
    messages.success(
        request, "The showcase is now public." if published else "The showcase is no longer public."
    )
    return redirect("codesign:showcase", access.programme.pk)


def public_showcase(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the address may read a published showcase: organisations, never people's names."""
    showcase = (
        Showcase.objects.filter(token=token, published_at__isnull=False)
        .select_related("programme")
        .first()
    )
    if showcase is None:
        raise Http404("No such showcase.")
    return render(
        request,
        "codesign/showcase.html",
        {
            "rows": queries.showcase_rows(showcase.programme),
            "public_programme": showcase.programme,
            "show_names": False,
            "public": True,
        },
    )
