"""What a person's "Who has seen my data" page lists, for the tests of each page that records a view."""

from django.test import Client

from commonground.accounts import audit
from commonground.accounts.models import Person


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def seen(person: Person) -> list[tuple[str, str, str]]:
    """(who, what they did, what) for each line of the person's page, newest first."""
    return [(row.who, row.action, row.what) for row in audit.seen_by_others(person)]


def viewed(who: Person, what: str) -> tuple[str, str, str]:
    """The line a view of `what` by `who` adds (its phrase as the page says it)."""
    return (who.full_name, "Viewed", audit.WHAT[what])
