"""Background work for recruitment: the waiting list, lapsed offers and reminders."""

from django.tasks import task

from commonground.recruitment import services


@task()
def promote_waiting_list(cohort_id: int) -> int:
    """Offer a cohort's free places to the waiting list (queued after each decline or lapse)."""
    return len(services.promote_from_waiting_list(cohort_id=cohort_id))


@task()
def process_offers() -> dict[str, int]:
    """Lapse overdue offers (which promotes from the waiting list) and remind people nearing their deadline."""
    return {"lapsed": services.lapse_offers(), "reminded": services.send_offer_reminders()}
