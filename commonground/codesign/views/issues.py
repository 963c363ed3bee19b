"""Issue pages: the list, proposing, the discussion and support, moderation, states, merging, the audit trail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commonground.accounts import audit as trail
from commonground.codesign import queries
from commonground.codesign.forms import (
    CommentForm,
    HideCommentForm,
    IssueForm,
    MergeForm,
    StateForm,
)
from commonground.codesign.models import Issue, IssueState
from commonground.codesign.services import issues as services
from commonground.codesign.views.common import issues_access, takes_part
from commonground.core.forms import errors_onto, form_status
from commonground.core.htmx import is_htmx
from commonground.programmes.permissions import ProgrammeAccess, page_context, require

ISSUES_PER_PAGE = 20
AUDIT_PER_PAGE = 50


def _issue(access: ProgrammeAccess, issue_id: int) -> Issue:
    return get_object_or_404(queries.issue_rows(access.programme), pk=issue_id)


@login_required
def issue_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = issues_access(request, programme_id)
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
    mine = queries.supported_ids(access.person, page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "codesign/issue_list.html",
        page_context(
            access,
            page=page,
            supported=mine,
            places=queries.places_of(access.programme),
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
    access = issues_access(request, programme_id)
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
            errors_onto(form, exc)
        else:
            messages.success(request, f"Thank you: issue #{issue.pk} is proposed.")
            return redirect("codesign:issue-detail", access.programme.pk, issue.pk)
    return render(
        request,
        "codesign/issue_new.html",
        page_context(access, form=form),
        status=form_status(form),
    )


def _render_detail(
    request: HttpRequest,
    access: ProgrammeAccess,
    issue: Issue,
    *,
    status: int = 200,
    **forms: object,
) -> HttpResponse:
    detail = queries.issue_detail(issue, access.person)
    return render(
        request,
        "codesign/issue_detail.html",
        page_context(
            access,
            issue=issue,
            comments=detail.comments,
            merged=detail.merged,
            merged_comments=detail.merged_comments,
            organisations=detail.organisations,
            teams=detail.teams,
            changes=detail.changes,
            outcomes=detail.outcomes,
            supported=detail.supported,
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
    access = issues_access(request, programme_id)
    return _render_detail(request, access, _issue(access, issue_id))


@login_required
@require_POST
def issue_support(request: HttpRequest, programme_id: int, issue_id: int) -> HttpResponse:
    access = issues_access(request, programme_id)
    require(access, takes_part(access))
    issue = _issue(access, issue_id)
    try:
        if request.POST.get("withdraw"):
            services.withdraw_support(issue=issue, person=access.person, request=request)
            note = "Your support is withdrawn."
        else:
            services.support_issue(issue=issue, person=access.person)
            note = "Thank you for your support."
    except ValidationError as exc:
        note = exc.messages[0]
    issue.refresh_from_db(fields=["supporter_count"])
    if is_htmx(request):
        return render(
            request,
            "codesign/issue_detail.html#support",
            page_context(
                access,
                issue=issue,
                supported=queries.supports(issue, access.person),
                takes_part=True,
                note=note,
            ),
        )
    messages.info(request, note)
    return redirect("codesign:issue-detail", access.programme.pk, issue.pk)


@login_required
@require_POST
def comment_add(request: HttpRequest, programme_id: int, issue_id: int) -> HttpResponse:
    access = issues_access(request, programme_id)
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
    access = issues_access(request, programme_id).require_lead()
    issue = _issue(access, issue_id)
    comment = get_object_or_404(queries.comments_of(issue), pk=comment_id)
    form = HideCommentForm(request.POST)
    if form.is_valid():
        try:
            services.hide_comment(
                comment=comment, moderator=access.person, reason=form.cleaned_data["reason"],
                request=request,
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
    access = issues_access(request, programme_id).require_lead()
    issue = _issue(access, issue_id)
    form = StateForm(issue, request.POST)
    if form.is_valid():
        try:
            issue = services.change_state(
                issue=issue,
                actor=access.person,
                to_state=form.cleaned_data["state"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"#{issue.pk} is now {issue.get_state_display().lower()}.")
            return redirect("codesign:issue-detail", access.programme.pk, issue.pk)
    return _render_detail(request, access, issue, status=400, state_form=form)


@login_required
@require_POST
def issue_merge(request: HttpRequest, programme_id: int, issue_id: int) -> HttpResponse:
    access = issues_access(request, programme_id).require_lead()
    issue = _issue(access, issue_id)
    form = MergeForm(request.POST)
    if form.is_valid():
        into = queries.issue_in(access.programme, form.cleaned_data["into"])
        if into is None:
            form.add_error("into", "There is no issue with that number in this programme.")
        else:
            try:
                services.merge_issues(
                    duplicate=issue, into=into, actor=access.person, request=request
                )
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(
                    request, f"#{issue.pk} is merged into #{into.pk}; its supporters carried over."
                )
                return redirect("codesign:issue-detail", access.programme.pk, into.pk)
    return _render_detail(request, access, issue, status=400, merge_form=form)


@login_required
def audit(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The moderation history: co-design's rows of the programme's audit trail."""
    access = issues_access(request, programme_id).require_lead()
    page = Paginator(queries.moderation_events(access.programme), AUDIT_PER_PAGE).get_page(
        request.GET.get("page")
    )
    trail.viewed(  # whose comment was hidden, who withdrew their support
        request, subject_ids=[e.subject_id for e in page if e.subject_id], what="issue_moderation",
        fields=["actor", "action", "at", "object"], programme_id=access.programme.pk,
    )
    return render(
        request,
        "codesign/audit.html",
        page_context(access, page=page, lines=queries.moderation_history(page)),
    )
