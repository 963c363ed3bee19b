"""Thirty people reply "attending" at the same moment for five places: the session never over-fills,
and apologies sent at once promote exactly as many people from the waiting list.

Real parallel connections against PostgreSQL, where `reply` locks the session row with
SELECT … FOR UPDATE before counting. SQLite serialises every write, so the race cannot happen there.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from commonground.accounts.models import Person
from commonground.programmes.models import Role
from commonground.schedule.models import Invitation, Reply, Session
from commonground.schedule.queries import attending_count
from commonground.schedule.services.invitations import reply, sync_invitations
from tests import factories
from tests.conftest import World
from tests.schedule.session_permission_cases import planned

PEOPLE = 30
PLACES = 5

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks and parallel connections (set DATABASE_URL=postgres://…)",
    ),
]


def _race(people: list[Person], act: Callable[[Person], None]) -> list[BaseException]:
    barrier = threading.Barrier(len(people))
    failures: list[BaseException] = []
    lock = threading.Lock()

    def run(person: Person) -> None:
        try:
            barrier.wait(timeout=30)
            act(person)
        except BaseException as exc:
            with lock:
                failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


@pytest.mark.django_db(transaction=True)
def test_simultaneous_replies_never_overfill_and_apologies_promote_exactly(world: World) -> None:
    racers = []
    for i in range(PEOPLE):
        person = factories.PersonFactory(full_name=f"Racer {i}", email=f"racer{i}@example.org")
        factories.MembershipFactory(
            person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
        )
        racers.append(person)
    session = planned(world, "Popular day", capacity=PLACES)
    sync_invitations(session)
    session = Session.objects.get(pk=session.pk)

    assert not _race(
        racers, lambda p: reply(session=session, person=p, answer=Reply.ATTENDING)
    )
    replies = Invitation.objects.filter(session=session, person__in=racers)
    assert replies.filter(reply=Reply.ATTENDING).count() == PLACES
    assert replies.filter(reply=Reply.WAITING).count() == PEOPLE - PLACES

    leaving = [i.person for i in replies.filter(reply=Reply.ATTENDING).select_related("person")][:3]
    assert not _race(
        leaving,
        lambda p: reply(
            session=session, person=p, answer=Reply.APOLOGIES, reason="Called away"
        ),
    )
    assert attending_count(session) == PLACES
    assert replies.filter(reply=Reply.WAITING).count() == PEOPLE - PLACES - 3
