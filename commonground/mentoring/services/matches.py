"""A match followed through: approved, accepted by both, met, ended (or declined)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.core.inputs import has_refused_characters
from commonground.core.links import absolute_reverse
from commonground.core.mail import send_templated_on_commit
from commonground.mentoring.models import (
    OPEN_STATUSES,
    EndReason,
    Match,
    MatchStatus,
    Meeting,
    MeetingKind,
    MentorOffer,
)
from commonground.mentoring.queries import rules_of
from commonground.network.models import EncounterSource
from commonground.network.services import record_encounters
from commonground.programmes.models import Membership, Programme

NOTE_LENGTH = 200


def _locked(match: Match) -> Match:
    return Match.objects.select_for_update().select_related("programme", "mentee", "mentor").get(pk=match.pk)


def _one_line(text: str, field: str) -> str:
    text = (text or "").strip()
    if has_refused_characters(text):
        raise ValidationError({field: "Write this on one line, without control characters."})
    if len(text) > NOTE_LENGTH:
        raise ValidationError({field: f"Keep this to {NOTE_LENGTH} characters or fewer."})
    return text


def _room_for(match: Match) -> None:
    """Refuse when approving would take the mentor past their capacity (the offer is locked first)."""
    offer = MentorOffer.objects.select_for_update().get(pk=match.offer_id)
    taken = Match.objects.filter(
        offer=offer, status__in=[MatchStatus.APPROVED, MatchStatus.ACCEPTED, MatchStatus.ACTIVE]
    ).exclude(pk=match.pk).count()
    if not offer.active or taken >= offer.capacity:
        raise ValidationError(f"{match.mentor.full_name} has no room left: their capacity is {offer.capacity}.")


@transaction.atomic
def approve(*, match: Match, by: Person) -> Match:
    """The coordinator approves a proposal; both people may then accept it."""
    match = _locked(match)
    if match.status != MatchStatus.PROPOSED:
        raise ValidationError("Only a proposed match can be approved.")
    _room_for(match)
    match.status, match.approved_at, match.approved_by = MatchStatus.APPROVED, timezone.now(), by
    match.save(update_fields=["status", "approved_at", "approved_by"])
    _tell_both(match)
    return match


def _tell_both(match: Match) -> None:
    """Mail the mentee and the mentor that they are matched, with the link to accept or decline (sent
    once the approval commits)."""
    link = absolute_reverse("mentoring:mine", match.programme_id)
    first_within = rules_of(match.programme).first_meeting_days
    for person, is_mentee in ((match.mentee, True), (match.mentor, False)):
        send_templated_on_commit(
            "mentoring/email/approved",
            subject=f"You have a {'mentor' if is_mentee else 'mentee'} on {match.programme.title}",
            to=person.email,
            context={"person": person, "is_mentee": is_mentee, "match": match, "programme": match.programme,
                     "link": link, "first_within": first_within},
        )


@transaction.atomic
def approve_all(*, programme: Programme, by: Person) -> tuple[int, list[str]]:
    """Approve every proposal that fits its mentor's capacity; returns how many and why others did not."""
    approved, refused = 0, []
    for match in Match.objects.filter(programme=programme, status=MatchStatus.PROPOSED).select_related(
        "mentee", "mentor"
    ).order_by("-priority", "pk"):
        try:
            with transaction.atomic():
                approve(match=match, by=by)
            approved += 1
        except ValidationError as exc:
            refused.append(f"{match.mentee.full_name}: {' '.join(exc.messages)}")
    return approved, refused


@transaction.atomic
def accept(*, match: Match, person: Person) -> Match:
    """The mentee or the mentor accepts an approved match; once both have, it is accepted."""
    match = _locked(match)
    if match.status != MatchStatus.APPROVED:
        raise ValidationError("Only an approved match waiting for acceptance can be accepted.")
    now = timezone.now()
    if person.pk == match.mentee_id:
        match.mentee_accepted_at = match.mentee_accepted_at or now
    elif person.pk == match.mentor_id:
        match.mentor_accepted_at = match.mentor_accepted_at or now
    else:
        raise ValidationError("Only the two people in a match can accept it.")
    if match.mentee_accepted_at and match.mentor_accepted_at:
        match.status = MatchStatus.ACCEPTED
    match.save(update_fields=["mentee_accepted_at", "mentor_accepted_at", "status"])
    return match


@transaction.atomic
def decline(*, match: Match, by: Person) -> Match:
    """Either person, or the coordinator, declines a match not yet under way: both sides are free again."""
    match = _locked(match)
    if match.status not in (MatchStatus.PROPOSED, MatchStatus.APPROVED, MatchStatus.ACCEPTED):
        raise ValidationError("Only a match that has not started can be declined; end it instead.")
    match.status, match.declined_at, match.declined_by = MatchStatus.DECLINED, timezone.now(), by
    match.save(update_fields=["status", "declined_at", "declined_by"])
    return match


def end_reason_on(programme: Programme, day: dt.date) -> str:
    """Ended at or after the programme's end counts as completed; before it, as ended early."""
    return EndReason.COMPLETED if day >= programme.ends_on else EndReason.EARLY


@transaction.atomic
def end(*, match: Match, by: Person, note: str = "") -> Match:
    """End an accepted or active match today: completed at the programme's end, else early with a reason."""
    match = _locked(match)
    if match.status not in (MatchStatus.ACCEPTED, MatchStatus.ACTIVE):
        raise ValidationError("Only an accepted or active match can be ended.")
    note = _one_line(note, "note")
    today = timezone.localdate()
    reason = end_reason_on(match.programme, today)
    if reason == EndReason.EARLY and not note:
        raise ValidationError({"note": "Say why the match is ending before the programme's end."})
    match.status, match.ended_on, match.ended_by = MatchStatus.ENDED, today, by
    match.end_reason, match.end_note = reason, note
    match.save(update_fields=["status", "ended_on", "ended_by", "end_reason", "end_note"])
    return match


@transaction.atomic
def record_meeting(*, match: Match, by: Person, held_on: dt.date, note: str = "") -> Meeting:
    """Record a meeting the pair held; the first makes the match active and counts as an encounter."""
    match = _locked(match)
    if match.status not in (MatchStatus.ACCEPTED, MatchStatus.ACTIVE):
        raise ValidationError("Meetings are recorded once both people have accepted the match.")
    note = _one_line(note, "note")
    accepted = match.accepted_at
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "Record a meeting once it has happened: the date is in the future."})
    if accepted is not None and held_on < timezone.localtime(accepted).date():
        raise ValidationError({"held_on": "The meeting is dated before both people accepted the match."})
    first = not match.meetings.exists()
    meeting = Meeting.objects.create(
        match=match, kind=MeetingKind.FIRST if first else MeetingKind.CHECK_IN, held_on=held_on, note=note,
        recorded_by=by,
    )
    if match.status == MatchStatus.ACCEPTED:
        match.status, match.active_since = MatchStatus.ACTIVE, held_on
        match.save(update_fields=["status", "active_since"])
    # The relationship figures are about participants: a pair of participants (buddies, alumni who
    # rejoined) counts as an encounter; a meeting with senior staff from outside counts in the
    # evaluation's meetings only.
    pair = [match.mentee_id, match.mentor_id]
    if Membership.objects.participants().filter(programme=match.programme, person_id__in=pair).count() == 2:
        record_encounters(
            programme=match.programme, groups=[pair], source=EncounterSource.MENTORING,
            source_ref=f"match:{match.pk}", source_label="Mentoring", occurred_on=held_on,
        )
    return meeting


def is_open(match: Match) -> bool:
    return match.status in OPEN_STATUSES
