"""Accounts left holding nothing: when retention deletes applications not accepted, an applicant
whom nothing else holds goes too, through erasure, so no dump keeps their name or address.

A person is still held by anything in `holdings.HOLDINGS` other than what belongs to the account
alone (where they work, which every applicant gives; its sign-in links, second factor, calendar
feed and consents: all of it goes with them), by being
staff of the site, and by other people's records that name their address (as a sponsor, a
nominee, an unconfirmed application). Memberships, other applications, answers, marks, system
administration: any of these keeps the account.
"""

from collections.abc import Iterator, Sequence
from functools import reduce
from operator import or_

from django.db.models import Q

from commonground.accounts.models import Person
from commonground.privacy import erasure
from commonground.privacy.holdings import HOLDINGS, model_of
from commonground.programmes.models import Programme
from commonground.recruitment.models import (
    Application,
    Nomination,
    PendingApplication,
    SponsorRequest,
)

# What belongs to the account alone: it does not hold the person, and erasure removes it with them.
THE_ACCOUNTS_OWN = frozenset(
    {"programmes.Affiliation", "account.EmailAddress", "socialaccount.SocialAccount", "mfa.Authenticator",
     "schedule.CalendarFeed", "accounts.ConsentRecord"}
)
APPLICANT = ("recruitment.Application", "person")
# Applicants per round of checks (each adds one text match to an OR that SQLite parses as a tree at
# most 1,000 deep).
CHUNK = 200


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _held_by_rows(people: list[int], leaving: list[int]) -> set[int]:
    held: set[int] = set(
        Person.objects.filter(pk__in=people).filter(Q(is_staff=True) | Q(is_superuser=True)).values_list("pk", flat=True)
    )
    for holding in HOLDINGS:
        if holding.model in THE_ACCOUNTS_OWN:
            continue
        rows = model_of(holding)._default_manager.filter(**{f"{holding.via}__in": people})
        if (holding.model, holding.via) == APPLICANT:
            rows = rows.exclude(pk__in=leaving)
        held |= set(rows.values_list(holding.via, flat=True))
    return held


def _held_by_address(people: dict[int, str], leaving: list[int]) -> set[int]:
    """People named by address in records that stay: sponsors, nominees, unconfirmed applications."""
    if not people:
        return set()
    by_address = {email.lower(): pk for pk, email in people.items()}
    named: set[str] = set()
    for model, column, link in (
        (Application, "sponsor_email", "pk"),
        (SponsorRequest, "sponsor_email", "application_id"),
        (PendingApplication, "email", "application_id"),
        (PendingApplication, "sponsor_email", "application_id"),
        (Nomination, "nominee_email", "application_id"),
    ):
        addressed = reduce(or_, [Q(**{f"{column}__iexact": email}) for email in people.values()])
        rows = model._default_manager.filter(addressed).exclude(**{f"{link}__in": leaving})
        named |= {str(address).lower() for address in rows.values_list(column, flat=True)}
    return {by_address[address] for address in named if address in by_address}


def left_with_nothing(*, application_ids: list[int]) -> list[int]:
    """The applicants of these applications whom nothing would hold once the applications are gone."""
    applicants = sorted(set(Application.objects.filter(pk__in=application_ids).values_list("person_id", flat=True)))
    found: list[int] = []
    for people in _chunks(applicants):
        free = set(people) - _held_by_rows(people, application_ids)
        addresses = dict(Person.objects.filter(pk__in=free).values_list("pk", "email"))
        free -= _held_by_address(addresses, application_ids)
        found.extend(sorted(free))
    return found


def erase_left_with_nothing(*, people: list[int], programme: Programme, by: Person | None) -> int:
    """Erase these people, whom nothing holds any more, in batches; returns how many went."""
    return len(erasure.erase_many(person_ids=people, by=by, programme_id=programme.pk).person_ids)
