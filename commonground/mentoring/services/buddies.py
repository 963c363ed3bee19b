"""Buddies for a cohort: proposed by the lead from the engine's pairing, approved, then shown to each buddy."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.grouping.matching import BuddyFacts, pair_cohort
from commonground.mentoring.models import Buddy, BuddyPairing, BuddyStatus
from commonground.network.models import Encounter
from commonground.programmes.models import SECTOR_FAMILY, Cohort, Membership, Role
from commonground.programmes.where import by_person


@transaction.atomic
def propose_buddies(*, cohort: Cohort, by: Person | None) -> BuddyPairing:
    """Pair the cohort's participants (one trio if odd), never the same organisation nor people who met."""
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    BuddyPairing.objects.filter(cohort=cohort, status=BuddyStatus.PROPOSED).delete()
    ids = list(
        Membership.objects.filter(cohort=cohort, role=Role.PARTICIPANT).order_by("person_id").values_list("person_id", flat=True)
    )
    work = by_person(system_id=cohort.programme.system_id, person_ids=ids)
    met = Encounter.objects.filter(
        Q(person_a_id__in=ids) & Q(person_b_id__in=ids), programme_id=cohort.programme_id
    ).values_list("person_a_id", "person_b_id")
    people = []
    for pid in ids:
        w = work.get(pid)
        organisation = w.organisation if w else None
        people.append(
            BuddyFacts(pid, organisation.pk if organisation else None, SECTOR_FAMILY.get(organisation.sector, "") if organisation else "")
        )
    result = pair_cohort(people, set(met))
    pairing = BuddyPairing.objects.create(
        cohort=cohort, made_by=by, created_at=timezone.now(), optimal=result.optimal,
        same_sector_pairs=result.same_sector_pairs, unpaired=len(result.unpaired),
    )
    Buddy.objects.bulk_create(
        [Buddy(pairing=pairing, group=n, person_id=pid) for n, group in enumerate(result.groups, start=1) for pid in group]
    )
    return pairing


@transaction.atomic
def approve_buddies(*, pairing: BuddyPairing) -> BuddyPairing:
    """Approve a proposed pairing: it replaces the cohort's earlier one and each buddy sees their group."""
    pairing = BuddyPairing.objects.select_for_update().get(pk=pairing.pk)
    if pairing.status != BuddyStatus.PROPOSED:
        raise ValidationError("This pairing is already approved.")
    BuddyPairing.objects.filter(cohort_id=pairing.cohort_id, status=BuddyStatus.APPROVED).delete()
    pairing.status, pairing.approved_at = BuddyStatus.APPROVED, timezone.now()
    pairing.save(update_fields=["status", "approved_at"])
    return pairing
