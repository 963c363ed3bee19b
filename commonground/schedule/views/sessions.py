"""Schedule pages: the programme's sessions, a session's details and your reply, modules, and calendars.

Leads create, change, move and cancel sessions and modules; everyone in the programme sees the
schedule (participants their own sessions); the personal calendar feed is public by its secret token.
"""

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from commonground.accounts import audit
from commonground.core.forms import errors_onto
from commonground.core.htmx import is_htmx
from commonground.programmes.models import Cohort, Membership
from commonground.programmes.permissions import (
    ProgrammeAccess,
    page_context,
    person_from,
    programme_access,
)
from commonground.programmes.where import attach
from commonground.schedule import calendar
from commonground.schedule.attendance_figures import published_replies
from commonground.schedule.forms.sessions import CancelForm, ModuleForm, ReplyForm, SessionForm
from commonground.schedule.models import CalendarFeed, Invitation, Module, Reply, Session
from commonground.schedule.queries import open_session_programme, reply_counts, sessions_for
from commonground.schedule.services.feeds import calendar_feed, reset_calendar_feed
from commonground.schedule.services.invitations import reply
from commonground.schedule.services.sessions import (
    cancel_session,
    create_session,
    save_module,
    update_session,
)

PER_PAGE = 25
# What the session's page shows staff about each person invited, as the audit trail names it.
REPLIES_SHOWN = ("full_name", "organisation", "reply", "apology_reason")


def _access(request: HttpRequest, programme_id: int) -> ProgrammeAccess:
    return programme_access(person_from(request), programme_id)


def _sees_every_session(access: ProgrammeAccess) -> bool:
    return access.is_staff or access.is_sponsor or access.is_funder


def _session(access: ProgrammeAccess, session_id: int) -> Session:
    """A session the person may see: any of the programme's for staff, sponsors and funders; a participant's own."""
    sessions = sessions_for(
        access.person, access.programme, everyone=_sees_every_session(access)
    )
    session = (
        sessions.filter(pk=session_id)
        .select_related("module__partner", "programme")
        .prefetch_related("cohorts", "facilitators")
        .first()
    )
    if session is None:
        raise Http404("No such session.")
    return session


@login_required
def schedule(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    everyone = _sees_every_session(access)
    past = request.GET.get("when") == "past"
    today = timezone.localdate()
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    sessions = sessions_for(access.person, access.programme, everyone=everyone)
    # Today's sessions stay in the first list all day, marked "Today", even once they have ended.
    sessions = (
        sessions.filter(ends_at__lt=start_of_today).order_by("-starts_at", "-pk")
        if past
        else sessions.filter(ends_at__gte=start_of_today).order_by("starts_at", "pk")
    )
    page = Paginator(
        sessions.select_related("module__partner").prefetch_related(
            Prefetch("cohorts", Cohort.objects.order_by("name"))
        ),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    rows = list(page)
    mine = dict(
        Invitation.objects.filter(session__in=rows, person=access.person).values_list(
            "session_id", "reply"
        )
    )
    counts = reply_counts(rows) if access.is_staff else {}
    return render(
        request,
        "schedule/schedule.html",
        page_context(
            access,
            page=page,
            past=past,
            today=today,
            counts=counts,
            rows=[
                {
                    "session": s,
                    "reply": Reply(mine[s.pk]).label if s.pk in mine else None,
                    "counts": counts.get(s.pk, {}),
                }
                for s in rows
            ],
        ),
    )


def _detail_context(
    access: ProgrammeAccess, session: Session, form: ReplyForm | None = None
) -> dict[str, object]:
    invitation = Invitation.objects.filter(session=session, person=access.person).first()
    counts: dict[str, int | None] = {}
    if access.is_staff or access.is_sponsor:
        counts = {**reply_counts([session]).get(session.pk, {})}
        if not access.is_staff:  # a sponsor sees no list of people: aggregates only
            counts = published_replies(session.pk, {k: v or 0 for k, v in counts.items()})
    invitations = []
    if access.is_staff:
        invitations = list(
            Invitation.objects.filter(session=session)
            .select_related("person")
            .order_by("reply", "waiting_since", "person__full_name")
        )
        # Each person's organisation is the one they work for in the programme's system.
        attach([inv.person for inv in invitations], system_id=access.programme.system_id)
    return page_context(
        access,
        session=session,
        invitation=invitation,
        counts=counts,
        invitations=invitations,
        can_reply=invitation is not None
        and not session.is_cancelled
        and session.starts_at > timezone.now(),
        form=form
        or ReplyForm(
            initial={
                "answer": invitation.reply
                if invitation and invitation.reply in (Reply.ATTENDING, Reply.APOLOGIES)
                else None,
                "reason": invitation.apology_reason if invitation else "",
            }
        ),
        attending=counts.get(Reply.ATTENDING) or 0,
        reply_figures=[
            (counts.get(kind), words)
            for kind, words in (("all", "invited"), (Reply.ATTENDING, "attending"), (Reply.APOLOGIES, "sent apologies"),
                                (Reply.WAITING, "on the waiting list"), (Reply.INVITED, "not replied"))
        ] if counts and not access.is_staff else [],
    )


@login_required
def session_detail(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    session = _session(access, session_id)
    context = _detail_context(access, session)
    invitations = cast(list[Invitation], context["invitations"])  # staff only: everyone's reply
    audit.viewed(
        request, subject_ids=[inv.person_id for inv in invitations], what="session_replies",
        fields=REPLIES_SHOWN, object_id=session.pk, programme_id=access.programme.pk,
    )
    return render(request, "schedule/session_detail.html", context)


@login_required
def session_open(request: HttpRequest, session_id: int) -> HttpResponse:
    """A session's page in the programme the person sees it through: its own programme for its
    members, or one of the system's running programmes they take part in when the session is open
    to the whole system and they are invited; 404 otherwise."""
    person = person_from(request)
    session = get_object_or_404(Session.objects.only("pk", "programme_id", "open_to_system"), pk=session_id)
    programme_id: int | None = session.programme_id
    if not Membership.objects.filter(person=person, programme_id=session.programme_id).exists():
        programme_id = open_session_programme(person, session)
    if programme_id is None:
        raise Http404("No such session.")
    return redirect("schedule:session-detail", programme_id, session.pk)


@login_required
@require_POST
def session_reply(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    session = _session(access, session_id)
    form = ReplyForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            invitation = reply(
                session=session,
                person=access.person,
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            field = "reason" if hasattr(exc, "error_dict") and "reason" in exc.error_dict else None
            form.add_error(None, exc.messages[0]) if field is None else form.add_error(
                field, exc.messages[0]
            )
            status = 400
        else:
            message = {
                Reply.ATTENDING: "Thank you: you are attending.",
                Reply.WAITING: "The session is full, so you are on the waiting list. We will email you if a place opens.",
                Reply.APOLOGIES: "Thank you: your apologies are sent.",
            }[Reply(invitation.reply)]
            if not is_htmx(request):
                messages.success(request, message)
                return redirect("schedule:session-detail", programme_id, session.pk)
            context = _detail_context(access, session)
            context["reply_message"] = message
            return render(request, "schedule/session_detail.html#reply-area", context)
    else:
        status = 400
    if is_htmx(request):
        # htmx swaps only 2xx answers; the swapped region carries the error summary itself.
        return render(
            request,
            "schedule/session_detail.html#reply-area",
            _detail_context(access, session, form),
        )
    return render(
        request,
        "schedule/session_detail.html",
        _detail_context(access, session, form),
        status=status,
    )


@login_required
def session_ics(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    session = _session(access, session_id)
    response = HttpResponse(
        calendar.session_file(session), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


@login_required
def session_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _access(request, programme_id).require_lead()
    form = SessionForm(access.programme, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = create_session(
                programme=access.programme,
                cohorts=list(form.cleaned_data["cohorts"]),
                facilitators=list(form.cleaned_data["facilitators"]),
                **form.session_fields(),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            invited = session.invitations.count()
            messages.success(
                request,
                f"Session scheduled. {invited} {'person is' if invited == 1 else 'people are'} invited.",
            )
            return redirect("schedule:session-detail", programme_id, session.pk)
    return render(
        request,
        "schedule/session_form.html",
        page_context(access, form=form, session=None),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_edit(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    access = _access(request, programme_id).require_lead()
    session = _session(access, session_id)
    if session.is_cancelled:
        raise Http404("A cancelled session cannot change.")
    form = SessionForm(
        access.programme, request.POST or None, initial=SessionForm.initial_for(session)
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = update_session(
                session=session,
                cohorts=list(form.cleaned_data["cohorts"]),
                facilitators=list(form.cleaned_data["facilitators"]),
                **form.session_fields(),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            words = ["Session saved."]
            if change.moved:
                words.append(
                    "Everyone expected is told the new time, and reminders will follow it."
                )
            if change.invited:
                words.append(f"{change.invited} more invited.")
            if change.promoted:
                words.append(f"{change.promoted} given a place from the waiting list.")
            messages.success(request, " ".join(words))
            return redirect("schedule:session-detail", programme_id, session.pk)
    return render(
        request,
        "schedule/session_form.html",
        page_context(access, form=form, session=session),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_cancel(request: HttpRequest, programme_id: int, session_id: int) -> HttpResponse:
    access = _access(request, programme_id).require_lead()
    session = _session(access, session_id)
    if session.is_cancelled:
        raise Http404("Already cancelled.")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_session(session=session, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Session cancelled. Everyone expected has been told.")
            return redirect("schedule:session-detail", programme_id, session.pk)
    return render(
        request,
        "schedule/session_cancel.html",
        page_context(access, form=form, session=session),
        status=400 if request.method == "POST" else 200,
    )


# -- Modules -------------------------------------------------------------------------------------


@login_required
def modules(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _access(request, programme_id).require_staff()
    rows = (
        Module.objects.filter(programme=access.programme)
        .select_related("partner")
        .prefetch_related("facilitators")
    )
    return render(request, "schedule/modules.html", page_context(access, modules=rows))


def _module_form(
    request: HttpRequest, access: ProgrammeAccess, module: Module | None
) -> HttpResponse:
    form = ModuleForm(
        access.programme,
        request.POST or None,
        initial=ModuleForm.initial_for(module) if module else None,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            save_module(
                programme=access.programme,
                title=d["title"],
                outcomes=d["outcomes"],
                partner_id=d["partner"].pk if d["partner"] else None,
                facilitators=list(d["facilitators"]),
                order=d["order"],
                module=module,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Module saved.")
            return redirect("schedule:modules", access.programme.pk)
    return render(
        request,
        "schedule/module_form.html",
        page_context(access, form=form, module=module),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def module_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _module_form(request, _access(request, programme_id).require_lead(), None)


@login_required
def module_edit(request: HttpRequest, programme_id: int, module_id: int) -> HttpResponse:
    access = _access(request, programme_id).require_lead()
    module = get_object_or_404(Module, pk=module_id, programme=access.programme)
    return _module_form(request, access, module)


# -- Calendars -----------------------------------------------------------------------------------


def _feed_urls(request: HttpRequest, feed: CalendarFeed) -> tuple[str, str]:
    url = request.build_absolute_uri(reverse("schedule:feed", args=[feed.token]))
    return url, "webcal://" + url.split("://", 1)[1]


@login_required
def calendar_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    feed = calendar_feed(access.person)
    url, webcal = _feed_urls(request, feed)
    return render(
        request,
        "schedule/calendar.html",
        page_context(
            access,
            feed_url=url,
            webcal_url=webcal,
            count=calendar.feed_sessions(access.person).count(),
        ),
    )


@login_required
@require_POST
def calendar_reset(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _access(request, programme_id)
    reset_calendar_feed(access.person)
    messages.success(
        request,
        "Your calendar has a new address. The old one no longer works: add the new one to your calendar.",
    )
    return redirect("schedule:calendar", programme_id)


@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's sessions as iCalendar; the secret address is the key, so no sign-in is needed."""
    found = CalendarFeed.objects.filter(token=token).select_related("person").first()
    if found is None or not found.person.is_active:
        raise Http404("No such calendar.")
    response = HttpResponse(
        calendar.person_feed(found.person), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="common-ground.ics"'
    return response
