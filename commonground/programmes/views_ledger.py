"""A lead's funding ledger: funders, contributions, the budget and its spending, and the history of
every change. Every page is the lead's alone (404 for everyone else); each form hands its details
to `ledger.py`, and a refusal comes back onto the field it names."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commonground.core.forms import errors_onto, form_status
from commonground.core.inputs import parse_id
from commonground.programmes import ledger, ledger_queries
from commonground.programmes.ledger_forms import (
    BudgetLineForm,
    ContributionForm,
    FunderForm,
    PeriodForm,
    SpendForm,
)
from commonground.programmes.ledger_models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    Funder,
    Spend,
)
from commonground.programmes.permissions import (
    ProgrammeAccess,
    page_context,
    person_from,
    programme_access,
)

PAGE_SIZE = 50
RECENT = 10
TEMPLATES = "programmes/ledger"
GET_POST = require_http_methods(["GET", "POST"])


def _lead(request: HttpRequest, programme_id: int) -> ProgrammeAccess:
    return programme_access(person_from(request), programme_id).require_lead()


def _one[M: Model](rows: QuerySet[M], pk: int) -> M:
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found


def _period(request: HttpRequest) -> PeriodForm:
    """The period filter: unbound (the whole programme) until a date is given."""
    asked = any(key.startswith(("starts_on", "ends_on")) for key in request.GET)
    return PeriodForm(request.GET if asked else None)


@login_required
def ledger_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Funders with their identifiers, contributions, the budget against spending, recent changes."""
    access = _lead(request, programme_id)
    programme = access.programme
    period_form = _period(request)
    period = period_form.period()
    totals = ledger_queries.funder_totals(programme, period=period)
    return render(
        request,
        f"{TEMPLATES}/ledger.html",
        page_context(
            access,
            period_form=period_form,
            period=period,
            totals=totals,
            total_committed=sum(t.cash_committed for t in totals),
            total_received=sum(t.cash_received for t in totals),
            total_in_kind=sum(t.in_kind for t in totals),
            funders=list(ledger_queries.funders(programme)),
            contributions=list(ledger_queries.contributions(programme)),
            budget=ledger_queries.budget_against_spend(programme, period=period),
            spending=list(ledger_queries.spending(programme, period=period)[:RECENT]),
            history=ledger_queries.recent_history(programme, limit=RECENT),
        ),
        status=form_status(period_form),
    )


@login_required
def history_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    page = Paginator(ledger_queries.history(access.programme), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, f"{TEMPLATES}/history.html",
        page_context(access, page=page, rows=ledger_queries.described(page.object_list)),
    )


@login_required
def spending_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    period_form = _period(request)
    rows = ledger_queries.spending(access.programme, period=period_form.period())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(
        request, f"{TEMPLATES}/spending.html",
        page_context(access, page=page, period_form=period_form, keep=keep.urlencode() if period_form.is_valid() else ""),
        status=form_status(period_form),
    )


@login_required
def transfers_page(request: HttpRequest, programme_id: int, funder_id: int) -> HttpResponse:
    """A funder's transfers of value through the programme, as a commercial partner discloses them."""
    access = _lead(request, programme_id)
    funder = _one(Funder.objects.filter(system_id=access.programme.system_id), funder_id)
    rows = ledger_queries.transfers_of_value(access.programme, funder=funder)
    return render(
        request, f"{TEMPLATES}/transfers.html",
        page_context(access, funder=funder, rows=rows, total=sum(r.value for r in rows)),
    )


# -- Add, change and delete -------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    access: ProgrammeAccess,
    form: BaseForm,
    write: Callable[[], object],
    *,
    template: str,
    done: str,
    **context: Any,
) -> HttpResponse:
    """Validate, write through the ledger, show a refusal on its field; back to the ledger when done."""
    if request.method == "POST" and form.is_valid():
        try:
            write()
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, done)
            return redirect("programmes:ledger", programme_id=access.programme.pk)
    return render(
        request, f"{TEMPLATES}/{template}", page_context(access, form=form, **context), status=form_status(form)
    )


def _delete_page(
    request: HttpRequest, access: ProgrammeAccess, obj: Model, delete: Callable[[], None], *, what: str
) -> HttpResponse:
    """Ask first; a refusal (spending still on a line, contributions still from a funder) is shown, nothing deleted."""
    refusal = ""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
        else:
            messages.success(request, f"Deleted the {what} {obj}.")
            return redirect("programmes:ledger", programme_id=access.programme.pk)
    return render(
        request, f"{TEMPLATES}/delete.html", page_context(access, obj=obj, what=what, refusal=refusal),
        status=400 if refusal else 200,
    )


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@GET_POST
def funder_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    form = FunderForm(_data(request), programme=access.programme)
    return _form_page(
        request, access, form,
        lambda: ledger.create_funder(programme=access.programme, by=access.person, details=form.details()),
        template="funder_form.html", done="Funder added.", funder=None,
    )


@login_required
@GET_POST
def funder_edit(request: HttpRequest, programme_id: int, funder_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    funder = _one(Funder.objects.filter(system_id=access.programme.system_id), funder_id)
    form = FunderForm(_data(request), programme=access.programme, funder=funder)
    return _form_page(
        request, access, form,
        lambda: ledger.update_funder(programme=access.programme, by=access.person, funder=funder, details=form.details()),
        template="funder_form.html", done=f"Saved {funder.name}.", funder=funder,
    )


@login_required
@GET_POST
def funder_delete(request: HttpRequest, programme_id: int, funder_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    funder = _one(Funder.objects.filter(system_id=access.programme.system_id), funder_id)
    return _delete_page(
        request, access, funder,
        lambda: ledger.delete_funder(programme=access.programme, by=access.person, funder=funder), what="funder",
    )


def _contributions(access: ProgrammeAccess) -> QuerySet[Contribution]:
    return Contribution.objects.filter(programme=access.programme).select_related("funder", "transfer_recipient")


@login_required
@GET_POST
def contribution_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    asked = request.GET.get("kind")
    initial = {
        "funder": parse_id(request.GET.get("funder")),
        "kind": asked if asked in ContributionKind.values else None,
    }
    form = ContributionForm(_data(request), programme=access.programme, initial=initial)
    return _form_page(
        request, access, form,
        lambda: ledger.create_contribution(programme=access.programme, by=access.person, details=form.details()),
        template="contribution_form.html", done="Contribution added.", contribution=None,
    )


@login_required
@GET_POST
def contribution_edit(request: HttpRequest, programme_id: int, contribution_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    contribution = _one(_contributions(access), contribution_id)
    form = ContributionForm(_data(request), programme=access.programme, contribution=contribution)
    return _form_page(
        request, access, form,
        lambda: ledger.update_contribution(
            programme=access.programme, by=access.person, contribution=contribution, details=form.details()
        ),
        template="contribution_form.html", done=f"Saved {contribution.description}.", contribution=contribution,
    )


@login_required
@GET_POST
def contribution_delete(request: HttpRequest, programme_id: int, contribution_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    contribution = _one(_contributions(access), contribution_id)
    return _delete_page(
        request, access, contribution,
        lambda: ledger.delete_contribution(programme=access.programme, by=access.person, contribution=contribution),
        what="contribution",
    )


@login_required
@GET_POST
def budget_line_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    form = BudgetLineForm(_data(request))
    return _form_page(
        request, access, form,
        lambda: ledger.create_budget_line(programme=access.programme, by=access.person, details=form.details()),
        template="budget_line_form.html", done="Budget line added.", budget_line=None,
    )


@login_required
@GET_POST
def budget_line_edit(request: HttpRequest, programme_id: int, line_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    line = _one(BudgetLine.objects.filter(programme=access.programme), line_id)
    form = BudgetLineForm(_data(request), budget_line=line)
    return _form_page(
        request, access, form,
        lambda: ledger.update_budget_line(
            programme=access.programme, by=access.person, budget_line=line, details=form.details()
        ),
        template="budget_line_form.html", done=f"Saved {line.name}.", budget_line=line,
    )


@login_required
@GET_POST
def budget_line_delete(request: HttpRequest, programme_id: int, line_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    line = _one(BudgetLine.objects.filter(programme=access.programme), line_id)
    return _delete_page(
        request, access, line,
        lambda: ledger.delete_budget_line(programme=access.programme, by=access.person, budget_line=line),
        what="budget line",
    )


def _spend(access: ProgrammeAccess) -> QuerySet[Spend]:
    return Spend.objects.filter(budget_line__programme=access.programme).select_related("budget_line")


@login_required
@GET_POST
def spend_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    form = SpendForm(
        _data(request), programme=access.programme, initial={"budget_line": parse_id(request.GET.get("line"))}
    )
    return _form_page(
        request, access, form,
        lambda: ledger.create_spend(programme=access.programme, by=access.person, details=form.details()),
        template="spend_form.html", done="Spending recorded.", spend=None,
    )


@login_required
@GET_POST
def spend_edit(request: HttpRequest, programme_id: int, spend_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    spend = _one(_spend(access), spend_id)
    form = SpendForm(_data(request), programme=access.programme, spend=spend)
    return _form_page(
        request, access, form,
        lambda: ledger.update_spend(programme=access.programme, by=access.person, spend=spend, details=form.details()),
        template="spend_form.html", done="Spending saved.", spend=spend,
    )


@login_required
@GET_POST
def spend_delete(request: HttpRequest, programme_id: int, spend_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    spend = _one(_spend(access), spend_id)
    return _delete_page(
        request, access, spend,
        lambda: ledger.delete_spend(programme=access.programme, by=access.person, spend=spend),
        what="spending entry",
    )
