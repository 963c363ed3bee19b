"""Moving one participant to another cohort by hand: a preview of both cohorts' balance, then the
move through the cohort's owner, within the place rule and capacity."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest

from commonground.accounts import audit
from commonground.accounts.models import Person
from commonground.grouping.holds import places_held
from commonground.grouping.models import LearningSet
from commonground.programmes.cohorts import set_cohort
from commonground.programmes.models import Affiliation, Cohort, Membership, Programme
from commonground.programmes.where import here, where


@dataclass(frozen=True)
class BalanceRow:
    """One figure of a cohort before and after a move (people in it, from the mover's sector or organisation)."""

    label: str
    before: int
    after: int


@dataclass(frozen=True)
class CohortMove:
    """What moving one participant to another cohort would do; nothing is saved."""

    membership: Membership
    work: Affiliation  # where they work in the programme's system
    from_cohort: Cohort
    to_cohort: Cohort
    from_rows: list[BalanceRow]
    to_rows: list[BalanceRow]
    problems: list[str] = field(default_factory=list)  # why it cannot be done
    published_warning: str = ""  # why the lead must confirm

    @property
    def person(self) -> Person:
        return self.membership.person


def cohort_choices_for(place_id: int | None, cohorts: list[Cohort]) -> list[Cohort]:
    """The placement rule: cohorts of the place the person works in (`place_id`, in the programme's
    system), or system-wide cohorts when their place has none."""
    own = [c for c in cohorts if c.place_id is not None and c.place_id == place_id]
    return own or [c for c in cohorts if c.place_id is None]


def propose_cohort_move(*, programme: Programme, person_id: int, to_cohort_id: int) -> CohortMove:
    """The sector and organisation balance of both cohorts before and after moving this participant,
    and anything that stops the move or needs confirming."""
    membership = (
        Membership.objects.participants()
        .filter(programme=programme, person_id=person_id, cohort__isnull=False)
        .select_related("person", "cohort__place")
        .first()
    )
    if membership is None or membership.cohort is None:
        raise ValidationError("Choose a participant who is already in a cohort of this programme.")
    to_cohort = (
        Cohort.objects.filter(programme=programme, pk=to_cohort_id).select_related("place").first()
    )
    if to_cohort is None:
        raise ValidationError("Choose one of this programme's cohorts.")
    person, from_cohort = membership.person, membership.cohort
    work = where(person.pk, system_id=programme.system_id)
    problems = []
    if to_cohort.pk == from_cohort.pk:
        problems.append(f"{person.full_name} is already in {to_cohort.name}.")
    allowed = cohort_choices_for(work.place_id, list(Cohort.objects.filter(programme=programme)))
    if to_cohort.pk != from_cohort.pk and to_cohort not in allowed:
        place = work.place.name if work.place_id and work.place else "no recorded place"
        problems.append(
            f"{person.full_name} works in {place}; they can join "
            + (", ".join(c.name for c in allowed) if allowed else "no cohort")
            + f", not {to_cohort.name}."
        )
    held = places_held([from_cohort.pk, to_cohort.pk])  # participants and offered places
    if to_cohort.pk != from_cohort.pk and held.get(to_cohort.pk, 0) >= to_cohort.capacity:
        problems.append(
            f"{to_cohort.name} is full: {held.get(to_cohort.pk, 0)} of its {to_cohort.capacity} places are taken "
            "(accepted or offered). Raise its capacity or move someone out first."
        )
    org, sector = work.organisation, work.organisation.sector if work.organisation else ""
    counts = (
        Membership.objects.participants()
        .filter(cohort_id__in=[from_cohort.pk, to_cohort.pk])
        .alias(work=here(programme.system_id))
        .values("cohort_id")
        .annotate(
            n=Count("pk"),
            same_sector=Count("pk", filter=Q(work__organisation__sector=sector)),
            same_org=Count("pk", filter=Q(work__organisation_id=org.pk if org else 0)),
        )
        .order_by()
    )
    figures = {row["cohort_id"]: row for row in counts}

    def rows(cohort: Cohort, change: int) -> list[BalanceRow]:
        f = figures.get(cohort.pk, {"n": 0, "same_sector": 0, "same_org": 0})
        result = [BalanceRow(f"Participants (capacity {cohort.capacity})", f["n"], f["n"] + change)]
        if sector and org:
            result.append(
                BalanceRow(
                    f"From {org.get_sector_display()}", f["same_sector"], f["same_sector"] + change
                )
            )
        if org:
            result.append(BalanceRow(f"From {org.name}", f["same_org"], f["same_org"] + change))
        return result

    published = set(
        LearningSet.objects.filter(
            cohort_id__in=[from_cohort.pk, to_cohort.pk], published_at__isnull=False
        ).values_list("cohort_id", flat=True)
    )
    warning = ""
    if published and to_cohort.pk != from_cohort.pk:
        parts = []
        if from_cohort.pk in published:
            parts.append(
                f"{person.full_name} leaves their published learning set in {from_cohort.name}; "
                "their former set-mates are told when you publish that cohort's sets again"
            )
        if to_cohort.pk in published:
            parts.append(
                f"{to_cohort.name}'s sets are published, so {person.full_name} has no set there until you "
                "generate its sets again (lock the people you want to keep first)"
            )
        warning = "; ".join(parts) + "."
    same = to_cohort.pk == from_cohort.pk
    return CohortMove(
        membership,
        work,
        from_cohort,
        to_cohort,
        rows(from_cohort, 0 if same else -1),
        rows(to_cohort, 0 if same else 1),
        problems,
        warning,
    )


@transaction.atomic
def move_to_cohort(
    *,
    programme: Programme,
    person_id: int,
    to_cohort_id: int,
    confirmed: bool = False,
    request: HttpRequest | None = None,
) -> CohortMove:
    """Move a participant to another cohort of their place, within capacity (counted under a lock on both
    cohort rows). Once either cohort's sets are published the lead must confirm, having been told the sets
    will need regenerating. The audit trail records the move for them (by and from: `request`)."""
    cohort_ids = list(
        Membership.objects.participants()
        .filter(programme=programme, person_id=person_id)
        .exclude(cohort__isnull=True)
        .values_list("cohort_id", flat=True)
    )
    list(
        Cohort.objects.select_for_update()
        .filter(pk__in=sorted({*cohort_ids, to_cohort_id}), programme=programme)
        .order_by("pk")
        .values("pk")
    )
    move = propose_cohort_move(programme=programme, person_id=person_id, to_cohort_id=to_cohort_id)
    if move.problems:
        raise ValidationError(move.problems)
    if move.published_warning and not confirmed:
        raise ValidationError("Confirm the move: " + move.published_warning)
    # Leaving the old cohort's sets and the invitations follow through the cohort's owner.
    moved = set_cohort(membership=move.membership, cohort=move.to_cohort)
    if moved is not None:
        audit.changed_many(
            subject_ids=[moved.person_id], what="cohort", fields=["cohort"], request=request,
            object_id=moved.membership_id, programme_id=programme.pk,
        )
    return move
