"""A mentee's and a mentor's pages: my matches with their explanation, accepting, meetings, ending; preferences."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from commonground.core.forms import errors_onto, form_status
from commonground.mentoring import queries
from commonground.mentoring.access import MentoringAccess, mentoring_access
from commonground.mentoring.explain import rank_words
from commonground.mentoring.forms import EndForm, MeetingForm, PreferencesForm
from commonground.mentoring.models import OPEN_STATUSES, Match, MatchStatus, Preference, Wish
from commonground.mentoring.services import matches as services
from commonground.mentoring.services.rules import save_preferences
from commonground.mentoring.suggestions import suggest


def _match(access: MentoringAccess, match_id: int, *, lead_too: bool) -> Match:
    """The match when the person is in it (or leads the programme, where allowed); 404 otherwise."""
    match = (
        Match.objects.filter(pk=match_id, programme=access.programme)
        .exclude(status=MatchStatus.PROPOSED)
        .select_related("mentee", "mentor", "programme")
        .first()
    )
    if match is None or not (access.person.pk in (match.mentee_id, match.mentor_id) or (lead_too and access.is_lead)):
        raise Http404("Not found.")
    return match


def _card(access: MentoringAccess, match: Match, form_for: dict[tuple[int, str], forms.Form]) -> dict[str, object]:
    rules = queries.rules_of(access.programme)
    accepted = match.accepted_at
    held = [m.held_on for m in match.meetings.all()]
    mine = access.person.pk == match.mentee_id
    return {
        "match": match,
        "as_mentee": mine,
        "other": match.mentor if mine else match.mentee,
        "rank_words": rank_words(match.rank, mine=mine),
        "my_acceptance": match.mentee_accepted_at if mine else match.mentor_accepted_at,
        "meetings": list(match.meetings.all()),
        "suggestions": suggest(
            accepted_on=timezone.localtime(accepted).date(), held=held, first_days=rules.first_meeting_days,
            every_weeks=rules.checkin_weeks, until=access.programme.ends_on,
        ) if accepted else [],
        "meeting_form": form_for.get((match.pk, "meeting")) or MeetingForm(auto_id=f"m{match.pk}_%s"),
        "end_form": form_for.get((match.pk, "end")) or EndForm(auto_id=f"e{match.pk}_%s"),
        "open": match.status in OPEN_STATUSES,
    }


def _page(request: HttpRequest, access: MentoringAccess, **form_for: forms.Form) -> HttpResponse:
    keyed = {(int(k.split("_")[1]), k.split("_")[0]): f for k, f in form_for.items()}
    cards = [_card(access, m, keyed) for m in queries.mine(access.programme, access.person)]
    return render(
        request,
        "mentoring/mine.html",
        access.context(
            cards=cards,
            buddies=queries.my_buddies(access.programme, access.person),
            waiting=access.is_participant and not any(c["open"] and c["as_mentee"] for c in cards),
            more_errors=list(keyed.values()),
        ),
        status=form_status(*keyed.values()),
    )


@login_required
def page(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _page(request, mentoring_access(request, programme_id))


@login_required
def preferences(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = mentoring_access(request, programme_id)
    if not access.is_participant:
        raise Http404("Not found.")
    offers = [o for o in queries.offers(access.programme).filter(active=True) if o.person_id != access.person.pk]
    ranks = dict(Preference.objects.filter(programme=access.programme, mentee=access.person).values_list("offer_id", "rank"))
    wish = Wish.objects.filter(programme=access.programme, mentee=access.person).first()
    initial = {f"offer_{pk}": str(rank) for pk, rank in ranks.items()} | {"same_place": bool(wish and wish.same_place)}
    form = PreferencesForm(offers, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            count = save_preferences(
                programme=access.programme, mentee=access.person, offer_ids=form.ranking(),
                same_place=form.cleaned_data["same_place"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Your choices are saved: {count} mentors ranked.")
            return redirect("mentoring:mine", access.programme.pk)
    return render(
        request, "mentoring/preferences.html",
        access.context(form=form, offers=offers), status=form_status(form),
    )


def _act(
    request: HttpRequest, programme_id: int, match_id: int, action: Callable[[MentoringAccess, Match], str], *,
    lead_too: bool = False,
) -> HttpResponse:
    access = mentoring_access(request, programme_id)
    match = _match(access, match_id, lead_too=lead_too)
    try:
        messages.success(request, action(access, match))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if access.is_lead and access.person.pk not in (match.mentee_id, match.mentor_id):
        return redirect("mentoring:coordinator", access.programme.pk)
    return redirect("mentoring:mine", access.programme.pk)


@login_required
@require_POST
def accept(request: HttpRequest, programme_id: int, match_id: int) -> HttpResponse:
    def act(access: MentoringAccess, match: Match) -> str:
        match = services.accept(match=match, person=access.person)
        return "You accepted. The match starts once you have both accepted." if match.status == MatchStatus.APPROVED else (
            "You have both accepted: arrange your first meeting.")
    return _act(request, programme_id, match_id, act)


@login_required
@require_POST
def decline(request: HttpRequest, programme_id: int, match_id: int) -> HttpResponse:
    def act(access: MentoringAccess, match: Match) -> str:
        services.decline(match=match, by=access.person)
        return "The match is declined; both of you are free for another."
    return _act(request, programme_id, match_id, act, lead_too=True)


@login_required
@require_POST
def meeting(request: HttpRequest, programme_id: int, match_id: int) -> HttpResponse:
    access = mentoring_access(request, programme_id)
    match = _match(access, match_id, lead_too=False)
    form = MeetingForm(request.POST, auto_id=f"m{match.pk}_%s")
    if form.is_valid():
        try:
            services.record_meeting(
                match=match, by=access.person, held_on=form.cleaned_data["held_on"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "The meeting is recorded.")
            return redirect("mentoring:mine", access.programme.pk)
    return _page(request, access, **{f"meeting_{match.pk}": form})


@login_required
@require_POST
def end(request: HttpRequest, programme_id: int, match_id: int) -> HttpResponse:
    access = mentoring_access(request, programme_id)
    match = _match(access, match_id, lead_too=True)
    form = EndForm(request.POST, auto_id=f"e{match.pk}_%s")
    if form.is_valid():
        try:
            match = services.end(match=match, by=access.person, note=form.cleaned_data["note"])
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"The match has ended ({match.get_end_reason_display().lower()}).")
            if access.person.pk in (match.mentee_id, match.mentor_id):
                return redirect("mentoring:mine", access.programme.pk)
            return redirect("mentoring:coordinator", access.programme.pk)
    if access.person.pk not in (match.mentee_id, match.mentor_id):
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("mentoring:coordinator", access.programme.pk)
    return _page(request, access, **{f"end_{match.pk}": form})
