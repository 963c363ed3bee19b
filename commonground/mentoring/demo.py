"""Demo data for mentoring, called from seed_demo.

Twelve senior members of staff from across the sectors offer to mentor (two to four mentees
each); some participants rank three of them; one run proposes matches with its proof; the lead
approves the first ones, both people accept most of them and a few pairs have met; one match
ended early with a reason, so its mentee waits first in line; the first cohort has buddies.
The demo participant sign-in is among the matched when the rules allow.
"""

import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone

from commonground.accounts.mail import recorded_not_sent
from commonground.accounts.models import Person
from commonground.mentoring.models import Match, MatchStatus, MentorKind, MentorOffer, Preference
from commonground.mentoring.services import matches as services
from commonground.mentoring.services.buddies import approve_buddies, propose_buddies
from commonground.mentoring.services.runs import run_matching
from commonground.programmes.models import SECTOR_FAMILY, Affiliation, Cohort, Programme, Role

MENTORS = 12
RANKING = 40  # participants who rank mentors
APPROVED = 24
ACCEPTED = 18
MET = 10
DEMO_PARTICIPANT = "participant@demo.example"


def _mentors(programme: Programme, rng: random.Random) -> list[MentorOffer]:
    members = programme.memberships.filter(role=Role.PARTICIPANT).values("person_id")
    staff = list(
        Affiliation.objects.filter(system=programme.system, organisation__isnull=False)
        .exclude(Q(person_id__in=members) | Q(person__email__endswith="@demo.example"))
        .select_related("organisation", "person")
        .order_by("person_id")[:400]
    )
    by_family: dict[str, list[Affiliation]] = {}
    for work in staff:
        sector = work.organisation.sector if work.organisation else ""
        by_family.setdefault(SECTOR_FAMILY.get(sector, ""), []).append(work)
    chosen: list[Person] = []
    while len(chosen) < MENTORS and any(by_family.values()):
        for family in sorted(by_family):
            if by_family[family] and len(chosen) < MENTORS:
                chosen.append(by_family[family].pop(rng.randrange(len(by_family[family]))).person)
    return MentorOffer.objects.bulk_create(
        [
            MentorOffer(programme=programme, person=p, kind=MentorKind.SENIOR, capacity=rng.randint(2, 4))
            for p in chosen
        ]
    )


def seed_mentoring_demo(*, programme: Programme, rng: random.Random) -> None:
    offers = _mentors(programme, rng)
    if not offers:
        return
    lead = Person.objects.filter(memberships__programme=programme, memberships__role=Role.LEAD).first()
    participants = list(
        Person.objects.filter(memberships__programme=programme, memberships__role=Role.PARTICIPANT).order_by("pk")
    )
    rankers = rng.sample(participants, min(RANKING, len(participants)))
    rankers += [p for p in participants if p.email == DEMO_PARTICIPANT and p not in rankers]
    Preference.objects.bulk_create(
        [
            Preference(programme=programme, mentee=p, offer=o, rank=r)
            for p in rankers
            for r, o in enumerate(rng.sample(offers, min(3, len(offers))), start=1)
        ]
    )
    run = run_matching(programme=programme, started_by=lead)
    proposals = list(Match.objects.filter(run=run).select_related("mentee", "mentor").order_by("pk"))
    proposals.sort(key=lambda m: m.mentee.email != DEMO_PARTICIPANT)  # the demo sign-in's own match first
    now = timezone.now()
    for n, match in enumerate(proposals[:APPROVED]):
        if lead is None:
            break
        with recorded_not_sent():  # seeding mails nobody (the demo's lead may approve more to see the mail)
            services.approve(match=match, by=lead)
        if n >= ACCEPTED:
            continue
        services.accept(match=match, person=match.mentee)
        services.accept(match=match, person=match.mentor)
        weeks = 10 - n % 5
        accepted = now - dt.timedelta(weeks=weeks)
        Match.objects.filter(pk=match.pk).update(mentee_accepted_at=accepted, mentor_accepted_at=accepted)
        match.refresh_from_db()
        if n < MET:
            day = timezone.localdate() - dt.timedelta(weeks=weeks) + dt.timedelta(days=rng.randint(3, 12))
            services.record_meeting(match=match, by=match.mentee, held_on=day, note="Talked through the year ahead")
            if n % 2 == 0:
                services.record_meeting(match=match, by=match.mentor, held_on=day + dt.timedelta(weeks=4))  # at the latest two days ago
    ending = next(
        (m for m in Match.objects.filter(run=run, status=MatchStatus.ACTIVE).exclude(mentee__email=DEMO_PARTICIPANT)), None
    )
    if ending is not None:
        services.end(match=ending, by=ending.mentee, note="Moved to a new role with no time for it this year")
    cohort = Cohort.objects.filter(programme=programme).order_by("pk").first()
    if cohort is not None:
        approve_buddies(pairing=propose_buddies(cohort=cohort, by=lead))
