"""Reads for mentoring: the pool for a run, a person's matches, the coordinator's board."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from commonground.accounts.models import Person
from commonground.mentoring.models import (
    OPEN_STATUSES,
    BuddyPairing,
    EndReason,
    LineManagement,
    Match,
    MatchRun,
    MatchStatus,
    MentorOffer,
    Rules,
)
from commonground.programmes.models import Cohort, Membership, Programme, Role


def rules_of(programme: Programme) -> Rules:
    """The programme's rules, or the defaults (unsaved) when the coordinator has set none."""
    return Rules.objects.filter(programme=programme).first() or Rules(programme=programme)


def offers(programme: Programme) -> QuerySet[MentorOffer]:
    return (
        MentorOffer.objects.filter(programme=programme)
        .select_related("person")
        .annotate(taken=Count("matches", filter=Q(matches__status__in=OPEN_STATUSES)))
        .order_by("-active", "person__full_name", "pk")
    )


def open_offers(programme: Programme) -> list[tuple[MentorOffer, int]]:
    """Active offers with room left, each with its room: capacity less its open matches."""
    found = []
    for offer in offers(programme).filter(active=True):
        free = max(offer.capacity - int(getattr(offer, "taken", 0)), 0)
        if free:
            found.append((offer, free))
    return found


def participants(programme: Programme) -> QuerySet[Membership]:
    return (
        Membership.objects.participants()
        .filter(programme=programme)
        .select_related("person", "cohort")
        .order_by("person__full_name", "pk")
    )


def waiting_mentees(programme: Programme) -> list[Person]:
    """Participants with no open match, in name order."""
    busy = Match.objects.filter(programme=programme, status__in=OPEN_STATUSES).values("mentee_id")
    return [m.person for m in participants(programme).exclude(person_id__in=busy)]


def first_in_line(programme: Programme, person_ids: Iterable[int]) -> set[int]:
    """The people whose latest match in the programme ended early: first in line for a rematch."""
    latest: dict[int, Match] = {}
    for match in Match.objects.filter(programme=programme, mentee_id__in=list(person_ids)).exclude(
        status=MatchStatus.DECLINED
    ).order_by("pk"):
        latest[match.mentee_id] = match
    return {pid for pid, m in latest.items() if m.status == MatchStatus.ENDED and m.end_reason == EndReason.EARLY}


def line_chains(programme: Programme) -> set[tuple[int, int]]:
    """Every (manager, report) pair linked through the imported list, manager-of-manager included."""
    reports: dict[int, set[int]] = defaultdict(set)
    for manager, report in LineManagement.objects.filter(programme=programme).values_list("manager_id", "report_id"):
        reports[manager].add(report)
    chains: set[tuple[int, int]] = set()
    for top in list(reports):
        seen: set[int] = set()
        stack = list(reports[top])
        while stack:
            person = stack.pop()
            if person in seen or person == top:
                continue
            seen.add(person)
            chains.add((top, person))
            stack.extend(reports.get(person, ()))
    return chains


def latest_run(programme: Programme) -> MatchRun | None:
    return MatchRun.objects.filter(programme=programme).first()


def matches(programme: Programme) -> QuerySet[Match]:
    return (
        Match.objects.filter(programme=programme)
        .select_related("mentee", "mentor", "offer", "run")
        .order_by("status", "mentee__full_name", "pk")
    )


def mine(programme: Programme, person: Person) -> QuerySet[Match]:
    """A person's matches in the programme, as mentee or as mentor, newest first."""
    return (
        Match.objects.filter(Q(mentee=person) | Q(mentor=person), programme=programme)
        .exclude(status=MatchStatus.PROPOSED)
        .select_related("mentee", "mentor", "offer", "programme")
        .prefetch_related("meetings")
        .order_by("-pk")
    )


def is_mentor(programme_id: int, person: Person) -> bool:
    """Whether the person offers to mentor in the programme or is anyone's mentor there."""
    return (
        MentorOffer.objects.filter(programme_id=programme_id, person=person).exists()
        or Match.objects.filter(programme_id=programme_id, mentor=person).exists()
    )


def latest_pairing(cohort: Cohort) -> BuddyPairing | None:
    return BuddyPairing.objects.filter(cohort=cohort).prefetch_related("buddies__person").first()


def my_buddies(programme: Programme, person: Person) -> list[Person]:
    """The people in the person's group of their cohort's approved buddy pairing."""
    cohort_ids = Membership.objects.filter(programme=programme, person=person, role=Role.PARTICIPANT).values("cohort_id")
    pairing = (
        BuddyPairing.objects.filter(cohort_id__in=cohort_ids, status="approved", buddies__person=person).first()
    )
    if pairing is None:
        return []
    group = pairing.buddies.get(person=person).group
    return [b.person for b in pairing.buddies.filter(group=group).exclude(person=person).select_related("person")]
