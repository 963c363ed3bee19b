"""The demo's audit trail: a few weeks of staff looking at people's pages, so "Who has seen my
data" and the lead's audit export have something true-looking to show.

Rows go through the one writer (`accounts.audit.record`) with times in the past. The demo
participant's own page always has lines: the lead read their profile and access needs, the
facilitator their profile (and their access needs, when they have any), and the lead exported the
applicants list with them in it. It also shows the other pages that list them, each read from
the demo's own data: a register and a table plan of a session they were invited to (by its
facilitator), that session's replies and the attendance by person (the lead), their cohort's
learning sets (the lead) and their set (its facilitator and a set-mate), the relationship survey's
list (a listed colleague) and their challenge team (a team-mate).
"""

import datetime as dt
import random
from collections.abc import Iterable

from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.audit import PROFILE_FIELDS as SHOWN
from commonground.accounts.models import AuditAction
from commonground.codesign.models import TeamMember
from commonground.grouping.models import LearningSetMember
from commonground.network.models import RosterConsent
from commonground.programmes.models import Membership, Programme, Role
from commonground.schedule.models import Invitation, Seat

PARTICIPANT = "participant@demo.example"
OTHERS_SEEN = 40  # other participants whose pages staff opened

# What each page shows, as the pages name it (see their views).
REGISTER = ("full_name", "organisation", "reply", "apology_reason", "attendance")
SEATS = ("full_name", "organisation", "sector", "table", "colleagues_met")
REPLIES = ("full_name", "organisation", "reply", "apology_reason")
ATTENDANCE = ("full_name", "organisation", "offered", "attended", "apologies", "absent", "not_recorded")
MEMBERS = ("full_name", "organisation", "job_title")


def seed_audit_demo(*, programme: Programme, rng: random.Random) -> int:
    """Record the demo's past views, changes and exports; returns how many rows."""
    now = timezone.now()
    staff = dict(
        Membership.objects.filter(programme=programme, role__in=[Role.LEAD, Role.FACILITATOR])
        .order_by("role", "person__email")
        .values_list("role", "person_id")
    )
    lead, facilitator = staff.get(Role.LEAD), staff.get(Role.FACILITATOR)
    if lead is None or facilitator is None:
        return 0
    participants = list(
        Membership.objects.participants()
        .filter(programme=programme)
        .order_by("person_id")
        .values_list("person_id", "person__email", "person__accessibility_needs")
    )
    you = next((p for p in participants if p[1] == PARTICIPANT), None)
    picked = rng.sample([p for p in participants if p is not you], min(OTHERS_SEEN, len(participants) - 1))
    count = 0

    def seen(
        who: int, subject: int, what: str, fields: Iterable[str], at: dt.datetime, object_id: int | None = None
    ) -> None:
        nonlocal count
        audit.record(
            action=AuditAction.VIEWED, what=what, actor_id=who, subject_id=subject, fields=fields,
            object_id=object_id, programme_id=programme.pk, at=at,
        )
        count += 1

    def ago(days: float) -> dt.datetime:
        return now - dt.timedelta(days=days)

    for person_id, _, needs in picked:
        who = rng.choice([lead, facilitator])
        days = rng.uniform(1, 40)
        seen(who, person_id, "person", SHOWN, ago(days))
        if needs:
            seen(who, person_id, "access_needs", ("accessibility_needs",), ago(days))
    if you is not None:
        person_id = you[0]
        seen(lead, person_id, "person", SHOWN, ago(12.3))
        if you[2]:
            seen(lead, person_id, "access_needs", ("accessibility_needs",), ago(12.3))
        seen(facilitator, person_id, "person", SHOWN, ago(3.1))
        audit.record(
            action=AuditAction.EXPORTED, what="applications", actor_id=lead, subject_id=person_id,
            fields=("name", "email", "status", "organisation"), programme_id=programme.pk,
            at=ago(30.5),
        )
        count += 1
        for who, what, fields, at, object_id in _pages_listing(programme, person_id, lead=lead, now=now):
            seen(who, person_id, what, fields, at, object_id)
    return count


def _pages_listing(
    programme: Programme, person_id: int, *, lead: int, now: dt.datetime
) -> list[tuple[int, str, tuple[str, ...], dt.datetime, int | None]]:
    """Who looked at which page listing this person, and when: read from what the demo holds about
    them, so each line could have happened (nothing, where the demo has no such page for them)."""
    pages: list[tuple[int, str, tuple[str, ...], dt.datetime, int | None]] = []
    invitation = (
        Invitation.objects.filter(person_id=person_id, session__programme=programme, session__ends_at__lt=now)
        .select_related("session")
        .prefetch_related("session__facilitators")
        .order_by("-session__starts_at")
        .first()
    )
    if invitation is not None:
        session = invitation.session
        taker = next((f.pk for f in session.facilitators.all()), lead)
        pages += [
            (lead, "session_replies", REPLIES, session.starts_at - dt.timedelta(days=2), session.pk),
            (taker, "register", REGISTER, session.starts_at + dt.timedelta(minutes=5), session.pk),
            (lead, "attendance_by_person", ATTENDANCE, session.ends_at + dt.timedelta(days=1), None),
        ]
    seat = (
        Seat.objects.filter(person_id=person_id, plan__session__programme=programme, plan__session__ends_at__lt=now)
        .select_related("plan__session")
        .prefetch_related("plan__session__facilitators")
        .order_by("-plan__session__starts_at")
        .first()
    )
    if seat is not None:
        session = seat.plan.session
        planner = next((f.pk for f in session.facilitators.all()), lead)
        pages.append((planner, "table_plan", SEATS, session.starts_at - dt.timedelta(hours=20), session.pk))
    place = (
        LearningSetMember.objects.filter(person_id=person_id, learning_set__cohort__programme=programme)
        .select_related("learning_set")
        .first()
    )
    if place is not None:
        # The demo publishes its sets as it seeds; twelve weeks into the programme they would be weeks old.
        published = min(place.learning_set.published_at or now, now - dt.timedelta(weeks=8))
        pages.append((lead, "learning_sets", (*MEMBERS, "locked"), published - dt.timedelta(days=1), place.cohort_id))
        if place.learning_set.facilitator_id:
            pages.append((place.learning_set.facilitator_id, "learning_set", MEMBERS, published + dt.timedelta(days=2), None))
        mate = (
            LearningSetMember.objects.filter(learning_set_id=place.learning_set_id)
            .exclude(person_id=person_id)
            .order_by("person_id")
            .values_list("person_id", flat=True)
            .first()
        )
        if mate is not None:
            pages.append((mate, "learning_set", MEMBERS, published + dt.timedelta(days=1, hours=3), None))
    if RosterConsent.objects.filter(person_id=person_id, programme=programme, listed=True).exists():
        colleague = (
            RosterConsent.objects.filter(programme=programme, listed=True, person__memberships__cohort__memberships__person_id=person_id)
            .exclude(person_id=person_id)
            .order_by("person_id")
            .values_list("person_id", flat=True)
            .first()
        )
        if colleague is not None:
            pages.append((colleague, "network_roster", ("full_name", "organisation"), now - dt.timedelta(days=9.4), None))
    team = TeamMember.objects.filter(person_id=person_id, team__formation__cohort__programme=programme).first()
    if team is not None:
        teammate = TeamMember.objects.filter(team_id=team.team_id).exclude(person_id=person_id).order_by("pk").first()
        if teammate is not None:
            pages.append((teammate.person_id, "challenge_team", MEMBERS, now - dt.timedelta(days=2.2), team.team_id))
    return [page for page in pages if page[3] < now]
