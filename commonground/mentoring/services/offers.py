"""Writes on mentor offers: volunteering (alumni and staff), the coordinator's own list, withdrawing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.mentoring.models import OPEN_STATUSES, Match, MatchStatus, MentorKind, MentorOffer
from commonground.programmes.models import Programme

MAX_CAPACITY = 50


def _check_capacity(capacity: int) -> None:
    if not 0 <= capacity <= MAX_CAPACITY:
        raise ValidationError(
            {"capacity": f"Capacity must be a whole number from 0 to {MAX_CAPACITY}, not {capacity}."}
        )


@transaction.atomic
def volunteer(
    person: Person, programme: Programme, *, as_mentor: bool, as_buddy: bool, capacity: int
) -> MentorOffer:
    """Offer (or update an offer) to mentor or buddy in a programme; an alumnus's offer keeps any senior-staff kind."""
    if not (as_mentor or as_buddy):
        raise ValidationError("Offer to be a mentor, a buddy or both.")
    _check_capacity(capacity)
    offer = MentorOffer.objects.select_for_update().filter(programme=programme, person=person).first()
    kind = MentorKind.ALUMNI if as_mentor else MentorKind.BUDDY
    if offer is None:
        return MentorOffer.objects.create(
            programme=programme, person=person, kind=kind, capacity=capacity, buddy=as_buddy, active=True
        )
    if offer.kind != MentorKind.SENIOR or not as_mentor:
        offer.kind = kind
    offer.capacity, offer.buddy, offer.active = capacity, as_buddy, True
    offer.save(update_fields=["kind", "capacity", "buddy", "active"])
    return offer


@transaction.atomic
def withdraw(person: Person, programme: Programme) -> MentorOffer | None:
    """Stop offering: the offer goes inactive and matches not yet under way are declined by the mentor."""
    offer = MentorOffer.objects.select_for_update().filter(programme=programme, person=person).first()
    if offer is None:
        return None
    offer.active = False
    offer.save(update_fields=["active"])
    Match.objects.filter(offer=offer, status__in=[MatchStatus.PROPOSED, MatchStatus.APPROVED]).update(
        status=MatchStatus.DECLINED, declined_by=person, declined_at=timezone.now()
    )
    return offer


@transaction.atomic
def set_offer(
    *, programme: Programme, person: Person, kind: str, capacity: int, active: bool = True
) -> MentorOffer:
    """The coordinator adds or changes a mentor (a senior member of staff, say) and their capacity."""
    if kind not in MentorKind.values:
        raise ValidationError({"kind": f"Unknown kind of mentor: {kind!r}."})
    _check_capacity(capacity)
    offer, _ = MentorOffer.objects.select_for_update().get_or_create(
        programme=programme, person=person, defaults={"kind": kind, "capacity": capacity, "active": active}
    )
    taken = Match.objects.filter(offer=offer, status__in=OPEN_STATUSES).count()
    if capacity < taken:
        raise ValidationError(
            {"capacity": f"This mentor has {taken} open matches; a capacity of {capacity} is fewer than that."}
        )
    offer.kind, offer.capacity, offer.active = kind, capacity, active
    offer.save(update_fields=["kind", "capacity", "active"])
    return offer
