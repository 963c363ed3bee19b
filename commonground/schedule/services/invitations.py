"""Invitations, replies and the waiting list.

A session's places go to "attending" replies in the order they came (`places.has_room`); once it
is full, "attending" joins the waiting list, and a place that frees is given to the waiting list
in the order people joined it. Every write locks the session row first, so two people replying at
once cannot both take the last place.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.schedule.attendance import figures_changed
from commonground.schedule.models import Invitation, NoticeKind, Reply, Session
from commonground.schedule.places import has_room
from commonground.schedule.queries import attending_count, invitee_ids
from commonground.schedule.services.mail import notify


@transaction.atomic
def sync_invitations(session: Session, *, now: dt.datetime | None = None) -> int:
    """Invite everyone the session is for who is not yet invited, and mail them; returns how many were added.

    Idempotent. People no longer in the session's cohorts lose an invitation they have not
    accepted; past and cancelled sessions are left as they are (their invitations are history).
    """
    now = now or timezone.now()
    if session.is_cancelled or session.ends_at <= now:
        return 0
    wanted = invitee_ids(session)
    existing = dict(Invitation.objects.filter(session=session).values_list("person_id", "reply"))
    gone = [
        pid for pid, reply in existing.items() if pid not in wanted and reply != Reply.ATTENDING
    ]
    if gone:
        Invitation.objects.filter(session=session, person_id__in=gone).delete()
    new = sorted(wanted - set(existing))
    if new:
        Invitation.objects.bulk_create(
            [Invitation(session=session, person_id=pid) for pid in new],
            batch_size=2000,
            ignore_conflicts=True,
        )
        if session.starts_at > now:
            notify(session, NoticeKind.INVITATION, new, key="")
    if gone or new:
        figures_changed(session.programme_id)
    return len(new)


@transaction.atomic
def reply(*, session: Session, person: Person, answer: str, reason: str = "") -> Invitation:
    """Reply attending or with apologies (a reason is required); a full session puts "attending" on the waiting list.

    The session row is locked first, so two people replying at once cannot both take the last place.
    """
    locked = Session.objects.select_for_update().get(pk=session.pk)
    invitation = (
        Invitation.objects.select_for_update().filter(session=locked, person=person).first()
    )
    if invitation is None:
        raise ValidationError("You are not invited to this session.")
    if locked.is_cancelled:
        raise ValidationError("This session is cancelled.")
    now = timezone.now()
    if locked.starts_at <= now:
        raise ValidationError("This session has started, so replies are closed.")
    if answer == Reply.APOLOGIES:
        reason = reason.strip()
        if not reason:
            raise ValidationError(
                {"reason": "Say why you cannot come, so the facilitators can plan."}
            )
        was_attending = invitation.reply == Reply.ATTENDING
        invitation.reply, invitation.apology_reason = Reply.APOLOGIES, reason[:300]
        invitation.replied_at, invitation.waiting_since = now, None
        invitation.save()
        if was_attending:
            promote_waiting(locked, now=now)
        figures_changed(locked.programme_id)
        return invitation
    if answer != Reply.ATTENDING:
        raise ValidationError({"answer": "Choose whether you are attending or sending apologies."})
    if invitation.reply in (Reply.ATTENDING, Reply.WAITING):
        return invitation
    invitation.apology_reason, invitation.replied_at = "", now
    if not has_room(locked.capacity, attending_count(locked)):
        invitation.reply, invitation.waiting_since = Reply.WAITING, now
    else:
        invitation.reply, invitation.waiting_since = Reply.ATTENDING, None
    invitation.save()
    figures_changed(locked.programme_id)
    return invitation


def promote_waiting(session: Session, *, now: dt.datetime | None = None) -> int:
    """Give free places to the waiting list in the order people joined it, and tell them. Call under the session lock."""
    if session.is_cancelled or session.capacity is None:
        return 0
    free = session.capacity - attending_count(session)
    if free <= 0:
        return 0
    waiting = list(
        Invitation.objects.select_for_update()
        .filter(session=session, reply=Reply.WAITING)
        .order_by("waiting_since", "pk")[:free]
    )
    for invitation in waiting:
        # The key names the waiting spell, so someone promoted twice (after leaving and rejoining) is told twice.
        key = (
            invitation.waiting_since.strftime("w%Y%m%d%H%M%S%f")
            if invitation.waiting_since
            else "w"
        )
        invitation.reply, invitation.waiting_since = Reply.ATTENDING, None
        invitation.save(update_fields=["reply", "waiting_since"])
        notify(session, NoticeKind.PROMOTED, [invitation.person_id], key=key)
    return len(waiting)
