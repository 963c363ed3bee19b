"""The waiting list: a freed or new place is offered to the longest-waiting person whose offer keeps the quotas."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from commonground.accounts import audit
from commonground.programmes.models import Cohort
from commonground.recruitment.models import Application, ApplicationStatus, Offer
from commonground.recruitment.queries import cohort_figures
from commonground.recruitment.services.decisions import (
    DecisionKind,
    decided,
    make_offer,
    offer_deadline,
)


def promote_after_commit(cohort_ids: Iterable[int]) -> None:
    from commonground.recruitment.tasks import promote_waiting_list

    for cohort_id in sorted(set(cohort_ids)):
        transaction.on_commit(lambda cohort_id=cohort_id: promote_waiting_list.enqueue(cohort_id))  # type: ignore[misc]


@transaction.atomic
def promote_from_waiting_list(*, cohort_id: int, now: dt.datetime | None = None) -> list[Offer]:
    """Offer each free place in the cohort to the longest-waiting person whose offer keeps the quotas.
    The audit trail records the offers, made by Common Ground itself, in one insert."""
    now = now or timezone.now()
    cohort = Cohort.objects.select_related("programme").get(pk=cohort_id)
    figures = cohort_figures(cohort.programme, lock_cohort_ids=[cohort_id])[cohort_id]
    if figures.free == 0:
        return []
    waiting = (
        Application.objects.select_for_update(of=("self",))
        .filter(cohort_id=cohort_id, status=ApplicationStatus.WAITLISTED)
        .select_related("person", "organisation", "programme")
        .order_by("waitlisted_at", "submitted_at", "pk")
    )
    deadline = offer_deadline(cohort.programme, now)
    offers = []
    for application in waiting:
        if figures.free == 0:
            break
        if figures.breaches(application.organisation.sector, application.organisation_id):
            continue  # skipped, not removed: they stay in line for a place that fits
        offers.append(
            make_offer(
                application,
                figures.cohort,
                by=None,
                deadline=deadline,
                now=now,
                reason="A place came up and they were next on the waiting list",
                from_waiting_list=True,
            )
        )
        figures.add_offer(application.organisation.sector, application.organisation_id)
    audit.changes(*(decided(o.application, DecisionKind.OFFER) for o in offers))
    return offers
