"""Personal calendar feeds: one secret address per person, which they can replace."""

from django.db import transaction

from commonground.accounts.models import Person
from commonground.schedule.models import CalendarFeed


def calendar_feed(person: Person) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


@transaction.atomic
def reset_calendar_feed(person: Person) -> CalendarFeed:
    """Give the person a new secret address; the old one answers 404 from now on."""
    feed = calendar_feed(person)
    feed.reset()
    return feed
