"""Background work for recruitment: the waiting list, lapsed offers and reminders."""

from django.tasks import task

from commonground.recruitment.services import offers, waiting_list


@task()
def promote_waiting_list(cohort_id: int) -> int:
    """Offer a cohort's free places to the waiting list (queued after each decline or lapse)."""
    return len(waiting_list.promote_from_waiting_list(cohort_id=cohort_id))


@task()
def process_offers() -> dict[str, int]:
    """Lapse overdue offers (which promotes from the waiting list) and remind people nearing their deadline."""
    return {"lapsed": offers.lapse_offers(), "reminded": offers.send_offer_reminders()}
