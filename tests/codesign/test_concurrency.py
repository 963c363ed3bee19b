"""A hundred people click "Support" at the same moment: the count is exact; one person clicking twice counts once.

Real parallel connections (one per thread), released together by a barrier, against PostgreSQL.
SQLite serialises every write anyway, so the race this test hunts for cannot happen there.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from commonground.accounts.models import Person
from commonground.codesign.models import Issue, Support
from commonground.codesign.services.issues import support_issue, withdraw_support
from tests.codesign import objects
from tests.conftest import World

# Each caller holds its own connection: stay well under PostgreSQL's default of 100, which a
# test run shares with whatever else uses the server.
PEOPLE = 80

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks and parallel connections (set DATABASE_URL=postgres://…)",
    ),
]


def _race(calls: list[Callable[[], bool]]) -> list[bool]:
    barrier = threading.Barrier(len(calls))
    results: list[bool] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def click(call: Callable[[], bool]) -> None:
        try:
            barrier.wait(timeout=60)
            outcome = call()
            with lock:
                results.append(outcome)
        except BaseException as exc:
            with lock:
                failures.append(exc)
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=click, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not failures, failures
    return results


@pytest.mark.django_db(transaction=True)
def test_eighty_simultaneous_supports_give_exactly_eighty(world: World) -> None:
    issue = objects.issue(world)
    people = Person.objects.bulk_create(
        [
            Person(email=f"supporter{i}@example.org", full_name=f"Supporter {i}", password="!")
            for i in range(PEOPLE)
        ]
    )
    results = _race([lambda p=p: support_issue(issue=issue, person=p) for p in people])
    issue.refresh_from_db()
    assert results.count(True) == PEOPLE
    assert issue.supporter_count == PEOPLE == Support.objects.filter(issue=issue).count()


@pytest.mark.django_db(transaction=True)
def test_the_same_person_clicking_twice_at_once_counts_once(world: World) -> None:
    issue = objects.issue(world)
    results = _race(
        [lambda: support_issue(issue=issue, person=world.bob) for _ in range(2)]
    )
    issue.refresh_from_db()
    assert sorted(results) == [False, True]
    assert issue.supporter_count == 1 == Support.objects.filter(issue=issue).count()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_withdrawals_never_count_below_the_rows(world: World) -> None:
    issue = objects.issue(world)
    support_issue(issue=issue, person=world.bob)
    results = _race(
        [lambda: withdraw_support(issue=issue, person=world.bob) for _ in range(5)]
    )
    assert results.count(True) == 1
    assert (
        Issue.objects.get(pk=issue.pk).supporter_count
        == 0
        == Support.objects.filter(issue=issue).count()
    )
