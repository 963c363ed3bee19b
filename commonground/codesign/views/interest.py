"""A participant's ranked interest in the shortlisted issues, changeable until their teams are published."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commonground.codesign import queries
from commonground.codesign.forms import InterestForm
from commonground.codesign.services import interest as services
from commonground.core.forms import errors_onto, form_status
from commonground.programmes.permissions import (
    page_context,
    person_from,
    programme_access,
)


@login_required
def interest(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    cohort = queries.own_cohort(access.cohort_ids) if access.cohort_ids else None
    issues = queries.issues_open_for_interest(access.programme, cohort)
    locked = queries.interest_locked(cohort)
    mine = queries.interest_of(access.programme, access.person)
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
            errors_onto(form, exc)
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
        status=form_status(form),
    )
