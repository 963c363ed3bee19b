"""Outcomes of adopted issues and the showcase that lists them, for members and, once published, anyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commonground.codesign import queries
from commonground.codesign.forms import OutcomeForm
from commonground.codesign.services import outcomes as services
from commonground.codesign.views.common import issues_access
from commonground.core.forms import errors_onto, form_status
from commonground.programmes.permissions import (
    page_context,
    person_from,
    programme_access,
    require,
)


@login_required
def outcome_new(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Leads record outcomes for any adopted issue; team members for their own team's issue."""
    access = issues_access(request, programme_id)
    my_teams = {t.issue_id: t for t in queries.teams_of(access.person.pk, access.programme)}
    choices = queries.outcome_issues(
        access.programme, among=None if access.is_lead else list(my_teams)
    )
    require(access, access.is_lead or bool(choices))
    form = OutcomeForm(
        choices, request.POST or None, initial={"issue": request.GET.get("issue", "")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issue = form.issue_map[data["issue"]]
        team = my_teams.get(issue.pk) or queries.published_team_for(issue)
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
            errors_onto(form, exc)
        else:
            messages.success(request, "Outcome recorded. It now appears on the showcase.")
            return redirect("codesign:showcase", access.programme.pk)
    return render(
        request,
        "codesign/outcome_new.html",
        page_context(access, form=form),
        status=form_status(form),
    )


@login_required
def showcase(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    showcase = queries.showcase_of(access.programme)
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
    access = programme_access(person_from(request), programme_id).require_lead()
    published = request.POST.get("publish") == "1"
    services.set_showcase_published(
        programme=access.programme, actor=access.person, published=published, request=request
    )
    messages.success(
        request, "The showcase is now public." if published else "The showcase is no longer public."
    )
    return redirect("codesign:showcase", access.programme.pk)


def public_showcase(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the address may read a published showcase: organisations, never people's names."""
    showcase = queries.published_showcase(token)
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
