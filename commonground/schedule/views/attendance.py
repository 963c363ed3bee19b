"""Registers, QR check-in, the lead's completion rule and table plans (the attendance figures page
is `attendance_figures`).

Every change is an ordinary form POST that works without scripts; on the register HTMX swaps in
the one person's row and the counts. Who may do what is decided in `schedule.attendance`.
"""

import datetime as dt
from io import BytesIO

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts import audit
from commonground.core.forms import errors_onto, form_status
from commonground.core.htmx import is_htmx, tell_the_page
from commonground.core.inputs import search_words
from commonground.programmes.forms import CompletionRuleForm
from commonground.programmes.permissions import (
    ProgrammeAccess,
    page_context,
    person_from,
    programme_access,
    require,
)
from commonground.schedule import attendance, completion, tables
from commonground.schedule.forms.attendance import MarkForm, TablePlanForm
from commonground.schedule.models import Mark, Session, TablePlan

# What each page shows about each person, as the audit trail names it.
REGISTER_SHOWN = ("full_name", "organisation", "reply", "apology_reason", "attendance")
REGISTER_PAGE = 100
"""People on a page of the register: a room of a hundred is one page."""
SEAT_SHOWN = ("full_name", "organisation", "sector", "table", "colleagues_met")


def _session(
    request: HttpRequest, programme_id: int, session_id: int
) -> tuple[ProgrammeAccess, Session]:
    access = programme_access(person_from(request), programme_id).require_staff()
    session = get_object_or_404(
        Session.objects.select_related("module", "programme"), pk=session_id, programme=access.programme
    )
    require(access, attendance.can_take_register(access, session))
    return access, session


def session_url(session: Session) -> str | None:
    """The session's own page, when the sessions half of the schedule provides one."""
    for name in ("schedule:session-detail", "schedule:session"):
        try:
            return reverse(
                name, kwargs={"programme_id": session.programme_id, "session_id": session.pk}
            )
        except NoReverseMatch:
            continue
    return None


def _session_context(
    access: ProgrammeAccess, session: Session, **extra: object
) -> dict[str, object]:
    now = timezone.now()
    return page_context(
        access,
        session=session,
        session_url=session_url(session),
        now=now,
        register_open=now >= attendance.register_opens_at(session),
        register_opens_at=attendance.register_opens_at(session),
        **extra,
    )


# -- Attendance home: the sessions a viewer takes registers for ---------------------------------


@login_required
def home(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_staff()
    # Today and what is coming, soonest first (a lead's next session is at the top); earlier
    # sessions, newest first, one link away for corrections to their registers.
    today = timezone.localdate()
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    earlier = request.GET.get("when") == "earlier"
    mine = attendance.staff_sessions(access)
    chosen = (
        mine.filter(ends_at__lt=start_of_today).order_by("-starts_at", "-pk") if earlier
        else mine.filter(ends_at__gte=start_of_today).order_by("starts_at", "pk")
    )
    sessions = Paginator(chosen, 25).get_page(request.GET.get("page"))
    plans = set(
        TablePlan.objects.filter(session__in=[s.pk for s in sessions]).values_list(
            "session_id", flat=True
        )
    )
    figures = attendance.facilitated_cohort_ids(access)
    return render(
        request,
        "schedule/attendance/home.html",
        page_context(
            access,
            sessions=sessions,
            earlier=earlier,
            today=today,
            planned=plans,
            now=timezone.now(),
            sees_figures=figures is None or bool(figures),
        ),
    )


# -- The register -------------------------------------------------------------------------------


def _render_register(
    request: HttpRequest,
    access: ProgrammeAccess,
    session: Session,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    # "Find a person": by any part of their name or organisation. A register comes a page at a
    # time, so a session of thousands costs what a session of a hundred does.
    query = search_words(request.GET.get("q", ""))
    page = Paginator(attendance.register_search(session, query), REGISTER_PAGE).get_page(request.GET.get("page"))
    rows = attendance.register_rows(session, page.object_list)
    counts = attendance.register_counts(session)
    audit.viewed(
        request, subject_ids=[r.person_id for r in rows], what="register", fields=REGISTER_SHOWN,
        object_id=session.pk, programme_id=access.programme.pk,
    )
    return render(
        request,
        "schedule/attendance/register.html",
        _session_context(
            access,
            session,
            rows=rows,
            page=page,
            counts=counts,
            marks=Mark.choices,
            error=error,
            can_undo=bool(request.session.get(_undo_key(session))),
            query=query,
            everyone=counts.total,
        ),
        status=status,
    )


@login_required
def register(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    access, session = _session(request, programme_id, session_id)
    return _render_register(request, access, session)


@login_required
@require_POST
def register_mark(
    request: HttpRequest, programme_id: int, session_id: int, person_id: int
) -> HttpResponse:
    access, session = _session(request, programme_id, session_id)
    form = MarkForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            attendance.mark_attendance(
                session=session,
                person_id=person_id,
                mark=form.cleaned_data["mark"],
                marked_by=access.person,
                request=request,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(str(e) for e in form.errors["mark"])
    rows = attendance.register_rows(session, attendance.register_search(session).filter(person_id=person_id))
    if not rows:
        raise Http404("Not on this register.")
    if is_htmx(request):
        context = _session_context(
            access,
            session,
            row=rows[0],
            marks=Mark.choices,
            row_error=error,
            counts=attendance.register_counts(session),
            oob=True,
        )
        response = HttpResponse(
            render_to_string("schedule/attendance/register.html#register-answer", context, request=request)
        )
        # The page's buttons stay as they are (a second tap may be waiting to go): the event names
        # the mark that now stands, saved or not, and the page presses it.
        tell_the_page(response, "register:marked", {"person": person_id, "mark": rows[0].shown})
        return response
    if error:
        return _render_register(
            request, access, session, status=400, error=f"{rows[0].name}: {error}"
        )
    messages.success(request, f"{rows[0].name}: {rows[0].shown.capitalize()}.")
    on_page = attendance.register_position(session, person_id) // REGISTER_PAGE + 1
    return redirect(
        reverse("schedule:register", args=[programme_id, session_id])
        + (f"?page={on_page}" if on_page > 1 else "") + f"#person-{person_id}"
    )


def _undo_key(session: Session) -> str:
    return f"register-undo-{session.pk}"


@login_required
@require_POST
def register_rest_absent(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    """Everyone not yet marked (and not sending apologies) marked absent at once; the ids are kept
    in the session (not the page) so only this person can take it back, once."""
    access, session = _session(request, programme_id, session_id)
    try:
        marked = attendance.mark_rest_absent(session=session, marked_by=access.person, request=request)
    except ValidationError as exc:
        return _render_register(request, access, session, status=400, error=" ".join(exc.messages))
    if marked:
        request.session[_undo_key(session)] = marked
        messages.success(request, f"Marked {len(marked)} {'person' if len(marked) == 1 else 'people'} absent.")
    else:
        messages.info(request, "Everyone already has a mark.")
    return redirect(reverse("schedule:register", args=[programme_id, session_id]))


@login_required
@require_POST
def register_undo(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    access, session = _session(request, programme_id, session_id)
    kept = request.session.pop(_undo_key(session), None)
    ids = [pid for pid in kept if isinstance(pid, int)] if isinstance(kept, list) else []
    undone = attendance.undo_absent(session=session, person_ids=ids, by=access.person, request=request) if ids else 0
    if undone:
        messages.success(request, f"Took back {undone} absent {'mark' if undone == 1 else 'marks'}: not marked again.")
    else:
        messages.info(request, "There was nothing to take back.")
    return redirect(reverse("schedule:register", args=[programme_id, session_id]))


# -- QR check-in --------------------------------------------------------------------------------


def checkin_address(request: HttpRequest, session: Session) -> str:
    return request.build_absolute_uri(
        reverse(
            "schedule:checkin",
            kwargs={"programme_id": session.programme_id, "token": session.checkin_token},
        )
    )


@login_required
def checkin_code(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    """The page staff put on a screen in the room: the QR code and its address."""
    access, session = _session(request, programme_id, session_id)
    opens, closes = attendance.checkin_window(session)
    return render(
        request,
        "schedule/attendance/checkin_code.html",
        _session_context(
            access,
            session,
            address=checkin_address(request, session),
            opens_at=opens,
            closes_at=closes,
            late_after=session.starts_at + attendance.LATE_AFTER,
        ),
    )


@login_required
def checkin_qr(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    _, session = _session(request, programme_id, session_id)
    out = BytesIO()
    segno.make(checkin_address(request, session), error="m").save(
        out,
        kind="svg",
        scale=8,
        border=2,
        xmldecl=False,
        title="Check-in code",
        svgclass="cg-qr",
    )
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def checkin(request: HttpRequest, programme_id: int, token: str) -> HttpResponse:
    """Scanning the code in the room checks the person in.

    Opening the address is the check-in (no extra button): it is shown only on a screen in the
    room, it needs a signed-in invited person inside the session's window, and repeating it
    changes nothing.
    """
    access = programme_access(person_from(request), programme_id)
    session = get_object_or_404(Session, checkin_token=token, programme=access.programme)
    require(access, attendance.is_invited(session, access.person))
    result = attendance.check_in(session=session, person=access.person)
    return render(
        request,
        "schedule/attendance/checkin.html",
        page_context(access, session=session, result=result),
    )


# -- The completion rule (the figures page is in attendance_figures.py) ----------------------------


@login_required
@require_http_methods(["GET", "POST"])
def completion_rule(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The lead's completion rule: how many module days a participant must attend to complete."""
    access = programme_access(person_from(request), programme_id).require_lead()
    programme = access.programme
    days = completion.module_days(programme)
    form = CompletionRuleForm(
        request.POST if request.method == "POST" else None,
        module_days=days.most,
        initial={completion.FIELD: programme.min_module_days_to_complete},
    )
    if form.is_valid():
        try:
            rule = completion.set_completion_rule(
                programme=programme, minimum=form.cleaned_data[completion.FIELD], request=request
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            if rule is not None:
                messages.success(request, f"Saved: a participant completes once they have {rule.words}.")
            else:
                messages.success(request, "Saved: all but one of the module days, once they are scheduled.")
            return redirect("schedule:completion-rule", programme_id=programme_id)
    return render(
        request,
        "schedule/attendance/completion_rule.html",
        page_context(access, form=form, rule=completion.completion_rule(programme, days), days=days),
        status=form_status(form),
    )


# -- Table plans --------------------------------------------------------------------------------


def _render_tables(
    request: HttpRequest,
    access: ProgrammeAccess,
    session: Session,
    *,
    template: str,
    form: TablePlanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    plan = TablePlan.objects.filter(session=session).select_related("session__programme").first()
    cards = tables.table_cards(plan) if plan else []
    audit.viewed(
        request, subject_ids=[seat.person_id for card in cards for seat in card.seats], what="table_plan",
        fields=SEAT_SHOWN, object_id=session.pk, programme_id=access.programme.pk,
    )
    return render(
        request,
        template,
        _session_context(
            access,
            session,
            plan=plan,
            cards=cards,
            split=tables.facilitator_split(session, [c.number for c in cards]) if cards else [],
            form=form or TablePlanForm(initial={"table_size": session.table_size}),
            attendees=len(tables.attendee_ids(session)),
        ),
        status=status,
    )


@login_required
def table_plan(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    access, session = _session(request, programme_id, session_id)
    return _render_tables(request, access, session, template="schedule/attendance/tables.html")


@login_required
def table_plan_print(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    access, session = _session(request, programme_id, session_id)
    return _render_tables(
        request, access, session, template="schedule/attendance/tables_print.html"
    )


@login_required
@require_POST
def table_plan_generate(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    access, session = _session(request, programme_id, session_id)
    form = TablePlanForm(request.POST)
    if form.is_valid():
        try:
            plan = tables.generate_table_plan(
                session=session, table_size=form.cleaned_data["table_size"]
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            seated = plan.seats.count()
            messages.success(
                request,
                f"{seated} {'person' if seated == 1 else 'people'} seated at {plan.tables} "
                f"table{'' if plan.tables == 1 else 's'}.",
            )
            return redirect("schedule:table-plan", programme_id=programme_id, session_id=session_id)
    return _render_tables(
        request, access, session, template="schedule/attendance/tables.html", form=form, status=400
    )


@login_required
@require_POST
def table_plan_publish(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    _, session = _session(request, programme_id, session_id)
    plan = get_object_or_404(TablePlan, session=session)
    met = tables.publish_table_plan(plan=plan)
    messages.success(
        request,
        f"The table plan is published; {met} new pairs of colleagues recorded as having met.",
    )
    return redirect("schedule:table-plan", programme_id=programme_id, session_id=session_id)
