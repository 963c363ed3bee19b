"""Running the matching: the pool, the rules and the weights in; proposals with explanations out."""

from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.grouping.matching import (
    HardRules,
    MatchingFailed,
    MenteeFacts,
    MentorFacts,
    Weights,
    match_mentors,
)
from commonground.mentoring import queries
from commonground.mentoring.explain import Side, explain
from commonground.mentoring.models import (
    Match,
    MatchRun,
    MatchStatus,
    MentorOffer,
    Preference,
    Wish,
)
from commonground.programmes.models import SECTOR_FAMILY, Affiliation, Programme, SectorFamily
from commonground.programmes.where import by_person


def _family(work: Affiliation | None) -> str:
    if work is None or work.organisation is None:
        return ""
    return SECTOR_FAMILY.get(work.organisation.sector, "")


def _side(work: Affiliation | None) -> Side:
    if work is None:
        return Side()
    family = _family(work)
    return Side(
        organisation=work.organisation.name if work.organisation else "",
        team=work.team.name if work.team else "",
        sector_family=SectorFamily(family).label if family else "",
        place=work.place.name if work.place else "",
    )


@transaction.atomic
def run_matching(*, programme: Programme, started_by: Person | None) -> MatchRun:
    """Match every participant without an open match to the mentors with room, and propose the answer.

    Proposals of earlier runs that the coordinator has not approved are replaced. Raises
    `MatchingFailed` (a ValueError) with the reason in words when the engine cannot take the problem.
    """
    Programme.objects.select_for_update().filter(pk=programme.pk).first()  # one run at a time
    Match.objects.filter(programme=programme, status=MatchStatus.PROPOSED).delete()
    rules = queries.rules_of(programme)
    mentees = queries.waiting_mentees(programme)
    room = queries.open_offers(programme)
    offers = [offer for offer, _ in room]
    ids = {p.pk for p in mentees} | {o.person_id for o in offers}
    work = by_person(system_id=programme.system_id, person_ids=ids)
    priority = queries.first_in_line(programme, [p.pk for p in mentees])
    wishes = set(
        Wish.objects.filter(programme=programme, same_place=True, mentee__in=mentees).values_list("mentee_id", flat=True)
    )
    offer_ids = {o.pk for o in offers}
    ranks = {
        (mentee_id, offer_id): rank
        for mentee_id, offer_id, rank in Preference.objects.filter(
            programme=programme, mentee__in=mentees, offer_id__in=offer_ids
        ).values_list("mentee_id", "offer_id", "rank")
    }
    forbidden: set[tuple[int, int]] = set()
    if rules.apart_line_management:
        for a, b in queries.line_chains(programme):
            forbidden |= {(a, b), (b, a)}
    # A pair that was declined or has ended is not proposed again.
    forbidden |= set(
        Match.objects.filter(programme=programme, status__in=[MatchStatus.DECLINED, MatchStatus.ENDED]).values_list(
            "mentee_id", "mentor_id"
        )
    )

    def facts(pid: int) -> dict[str, object]:
        w = work.get(pid)
        return {
            "organisation_id": w.organisation_id if w else None,
            "team_id": w.team_id if w else None,
            "sector_family": _family(w),
            "place_id": w.place_id if w else None,
        }

    result = match_mentors(
        mentees=[
            MenteeFacts(p.pk, wants_same_place=p.pk in wishes, priority=p.pk in priority, **facts(p.pk))  # type: ignore[arg-type]
            for p in mentees
        ],
        mentors=[MentorFacts(o.pk, o.person_id, free, **facts(o.person_id)) for o, free in room],  # type: ignore[arg-type]
        ranks=ranks,
        rules=HardRules(rules.apart_organisation, rules.apart_team, frozenset(forbidden)),
        weights=Weights(rules.cross_sector_weight, rules.same_place_weight, rules.preference_weight),
    )
    now = timezone.now()
    run = MatchRun.objects.create(
        programme=programme, started_by=started_by, created_at=now, mentees=len(mentees), pool=[p.pk for p in mentees],
        matched=result.matched, cost=result.cost, bound=result.bound, seconds=result.seconds,
    )
    by_offer: dict[int, MentorOffer] = {o.pk: o for o in offers}
    Match.objects.bulk_create(
        [
            Match(
                programme=programme, run=run, mentee=p, offer_id=offer_id, mentor_id=by_offer[offer_id].person_id,
                status=MatchStatus.PROPOSED, rank=ranks.get((p.pk, offer_id)), priority=p.pk in priority,
                proposed_at=now,
                explanation=explain(
                    _side(work.get(p.pk)), _side(work.get(by_offer[offer_id].person_id)),
                    rank=ranks.get((p.pk, offer_id)), wants_same_place=p.pk in wishes,
                    apart_organisation=rules.apart_organisation, apart_team=rules.apart_team,
                    apart_line_management=rules.apart_line_management, priority=p.pk in priority,
                ),
            )
            for p in mentees
            if (offer_id := result.mentor_of[p.pk]) is not None
        ]
    )
    return run


__all__ = ["MatchingFailed", "run_matching"]
