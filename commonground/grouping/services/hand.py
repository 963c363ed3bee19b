"""Adjusting a cohort's sets by hand: moving one person (previewed with the engine's own score, then
saved), locks, keep-apart pairs and facilitators."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from commonground.accounts import audit
from commonground.accounts.models import Person
from commonground.grouping.models import GroupingRun, KeepApart, LearningSet, LearningSetMember
from commonground.grouping.queries import Arrangement, CohortSets, SetScore, cohort_sets, score
from commonground.grouping.services.encounters import sync_encounters
from commonground.programmes.models import Cohort, Membership, Role


@dataclass(frozen=True)
class Move:
    person: Person
    from_number: int
    to_number: int
    before: Arrangement
    after: Arrangement

    @property
    def change(self) -> float:
        return self.after.objective - self.before.objective

    @property
    def improvement(self) -> float:
        return -self.change

    @property
    def changed_sets(self) -> list[SetScore]:
        return [
            self.after.sets[n] for n in (self.from_number, self.to_number) if n in self.after.sets
        ]

    @property
    def hard_breaks(self) -> tuple[str, ...]:
        return tuple(
            b for b in self.after.broken if "keep apart" in b and b not in self.before.broken
        )


def propose_move(data: CohortSets, *, person_id: int, to_number: int) -> Move:
    """What moving one person would do to the figures; nothing is saved."""
    member = next((m for ms in data.members.values() for m in ms if m.person_id == person_id), None)
    if member is None:
        raise ValidationError("That person is not in a learning set of this cohort.")
    if to_number not in {s.number for s in data.sets}:
        raise ValidationError("Choose one of this cohort's sets.")
    if member.locked:
        raise ValidationError(f"{member.person.full_name} is locked in place. Unlock them first.")
    after = dict(data.placement)
    after[person_id] = to_number
    return Move(
        member.person, data.placement[person_id], to_number, score(data), score(data, after)
    )


@transaction.atomic
def move_person(
    *,
    cohort: Cohort,
    run: GroupingRun | None,
    person_id: int,
    to_number: int,
    request: HttpRequest | None = None,
) -> Move:
    """Move one person to another set, refusing a move that would put a keep-apart pair together.
    The audit trail records the move for them: by the signed-in person of `request`, from where."""
    data = cohort_sets(cohort, run)
    move = propose_move(data, person_id=person_id, to_number=to_number)
    if move.hard_breaks:
        raise ValidationError("Not moved: " + "; ".join(move.hard_breaks) + ".")
    target = LearningSet.objects.get(cohort=cohort, number=to_number)
    if move.from_number == to_number:
        return move
    LearningSetMember.objects.filter(cohort=cohort, person_id=person_id).update(learning_set=target)
    audit.changed_many(
        subject_ids=[person_id], what="learning_set_member", fields=["learning_set"], request=request,
        object_id=target.pk, programme_id=cohort.programme_id,
    )
    # Their set changed, and so did the sets they left and joined: all of them are told when the lead
    # publishes again. Nobody else is.
    LearningSetMember.objects.filter(
        cohort=cohort, learning_set__number__in=[move.from_number, to_number]
    ).update(notified_at=None)
    if LearningSet.objects.filter(cohort=cohort, published_at__isnull=False).exists():
        sync_encounters(
            cohort=cohort
        )  # participants see the new sets at once, so the record follows
    return move


@transaction.atomic
def set_locked(
    *, cohort: Cohort, person_id: int, locked: bool, request: HttpRequest | None = None
) -> None:
    """Lock a person in their set (generating again leaves them there) or unlock them."""
    place = LearningSetMember.objects.filter(cohort=cohort, person_id=person_id)
    if place.exclude(locked=locked).update(locked=locked):
        audit.changed_many(
            subject_ids=[person_id], what="learning_set_member", fields=["locked"], request=request,
            object_id=cohort.pk, programme_id=cohort.programme_id,
        )
    elif not place.exists():
        raise ValidationError("That person is not in a learning set of this cohort.")


@transaction.atomic
def add_keep_apart(
    *, cohort: Cohort, person_a_id: int, person_b_id: int, request: HttpRequest | None = None
) -> KeepApart:
    """Two participants of the cohort who must be in different sets."""
    if person_a_id == person_b_id:
        raise ValidationError("Choose two different people.")
    ids = set(
        Membership.objects.participants()
        .filter(cohort=cohort, person_id__in=[person_a_id, person_b_id])
        .values_list("person_id", flat=True)
    )
    if len(ids) != 2:
        raise ValidationError("Both people must be participants in this cohort.")
    a, b = sorted((person_a_id, person_b_id))
    pair, created = KeepApart.objects.get_or_create(cohort=cohort, person_a_id=a, person_b_id=b)
    if created:
        _pair_changed(pair, request)
    return pair


@transaction.atomic
def remove_keep_apart(*, cohort: Cohort, pair_id: int, request: HttpRequest | None = None) -> None:
    pair = KeepApart.objects.filter(cohort=cohort, pk=pair_id).select_related("cohort").first()
    if pair is not None:
        _pair_changed(pair, request)
        pair.delete()


def _pair_changed(pair: KeepApart, request: HttpRequest | None) -> None:
    audit.changed_many(
        subject_ids=[pair.person_a_id, pair.person_b_id], what="keep_apart",
        fields=["person_a", "person_b"], request=request, object_id=pair.pk,
        programme_id=pair.cohort.programme_id,
    )


def set_facilitator(*, learning_set: LearningSet, facilitator_id: int | None) -> None:
    """Give a set a facilitator (one of the programme's facilitators or leads), or none."""
    if (
        facilitator_id is not None
        and not Membership.objects.filter(
            programme_id=learning_set.cohort.programme_id,
            person_id=facilitator_id,
            role__in=[Role.FACILITATOR, Role.LEAD],
        ).exists()
    ):
        raise ValidationError("Choose one of the programme's facilitators.")
    learning_set.facilitator_id = facilitator_id
    learning_set.save(update_fields=["facilitator"])
