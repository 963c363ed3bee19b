"""Equality monitoring pages: the participant's own questions (asked only after their own consent)
and the lead's counts. Nobody but the person ever sees their answers: the questions page reads
them through `person=access.person`, and the lead's page shows only protected counts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts import consent_ledger, consents
from commonground.accounts.consents import Purpose
from commonground.core.forms import errors_onto, form_status
from commonground.development import equality, equality_figures
from commonground.development.forms import EqualityConsentForm, EqualityForm
from commonground.programmes.permissions import (
    ProgrammeAccess,
    page_context,
    person_from,
    programme_access,
)


def _page(
    request: HttpRequest,
    access: ProgrammeAccess,
    *,
    consent_form: EqualityConsentForm | None = None,
    form: EqualityForm | None = None,
) -> HttpResponse:
    record = consent_ledger.in_force(person=access.person, purpose=Purpose.EQUALITY, programme_id=access.programme.pk)
    if record is not None and form is None:
        answers = equality.my_answers(access.person, access.programme)
        initial = {q.field: getattr(answers, q.field) for q in equality.QUESTIONS} if answers else None
        form = EqualityForm(initial=initial)
    consent_form = consent_form or EqualityConsentForm()
    return render(
        request,
        "development/equality.html",
        page_context(
            access,
            consent=record,
            wording=consents.current(Purpose.EQUALITY),
            consent_form=consent_form,
            form=form,
            # Answers sent without consent: the refusal shows above the consent form.
            refused=[form] if record is None and form is not None else [],
        ),
        status=form_status(consent_form, *([form] if form is not None else [])),
    )


@login_required
@require_http_methods(["GET", "POST"])
def equality_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The questions, once consent is given (the consent form until then)."""
    access = programme_access(person_from(request), programme_id).require_participant()
    if request.method == "GET":
        return _page(request, access)
    form = EqualityForm(request.POST)
    if form.is_valid():
        try:
            equality.save_equality_answers(
                person=access.person, programme=access.programme,
                answers={q.field: form.cleaned_data[q.field] for q in equality.QUESTIONS},
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Thank you. Your answers are saved; only you can see them.")
            return redirect("development:equality", programme_id=programme_id)
    return _page(request, access, form=form)


@login_required
@require_POST
def equality_consent(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    consent_form = EqualityConsentForm(request.POST)
    if not consent_form.is_valid():
        return _page(request, access, consent_form=consent_form)
    equality.give_equality_consent(
        person=access.person, programme=access.programme, version=consent_form.versions()[Purpose.EQUALITY]
    )
    messages.success(request, "Thank you. You can now answer the equality monitoring questions.")
    return redirect("development:equality", programme_id=programme_id)


@login_required
@require_POST
def equality_withdraw(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_participant()
    deleted = equality.withdraw_equality_consent(person=access.person, programme=access.programme)
    messages.success(
        request,
        "Your consent is withdrawn" + (" and your answers are deleted." if deleted else ".")
        + " They no longer count in any figure.",
    )
    return redirect("development:equality", programme_id=programme_id)


@login_required
def equality_figures_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Counts per answer, through disclosure control: never a person's answers."""
    access = programme_access(person_from(request), programme_id).require_lead()
    return render(
        request,
        "development/equality_figures.html",
        page_context(
            access, figures=equality_figures.equality_figures(access.programme), suppressed=equality_figures.SUPPRESSED
        ),
    )
