"""Fifty people accept at the same moment for the last five places: the cohort never over-fills.

Real parallel connections (one per thread), released together by a barrier, against PostgreSQL,
where `accept_offer` locks the cohort row with SELECT … FOR UPDATE. SQLite serialises every write
anyway, so the race this test hunts for cannot happen there.
"""

import threading

import pytest
from django.db import connection

from commonground.programmes.models import Membership
from commonground.recruitment.models import ApplicationStatus, EligibilityRule, Offer, OfferStatus
from commonground.recruitment.services.offers import accept_offer
from tests.conftest import World
from tests.recruitment import objects

PEOPLE = 50
PLACES_LEFT = 5

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks and parallel connections (set DATABASE_URL=postgres://…)",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_acceptances_never_overfill_the_last_five_places(
    world: World, rule: EligibilityRule
) -> None:
    taken = Membership.objects.participants().filter(cohort=world.east).count()  # Alice and Bob
    world.east.capacity = taken + PLACES_LEFT
    world.east.save()
    offers = [objects.offer(world, f"Racer Number{i}")[0] for i in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)
    results: list[bool] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def accept(offer: Offer) -> None:
        try:
            barrier.wait(timeout=30)
            outcome = accept_offer(offer_id=offer.pk)
            with lock:
                results.append(outcome.accepted)
        except BaseException as exc:
            with lock:
                failures.append(exc)
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=accept, args=(offer,)) for offer in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    assert results.count(True) == PLACES_LEFT and results.count(False) == PEOPLE - PLACES_LEFT
    assert (
        Membership.objects.participants().filter(cohort=world.east).count() == world.east.capacity
    )
    assert Offer.objects.filter(status=OfferStatus.ACCEPTED).count() == PLACES_LEFT
    assert Offer.objects.filter(status=OfferStatus.FILLED).count() == PEOPLE - PLACES_LEFT
    waiting = [
        o.application
        for o in Offer.objects.filter(status=OfferStatus.FILLED).select_related("application")
    ]
    assert all(a.status == ApplicationStatus.WAITLISTED for a in waiting)
