"""The periodic sweep queues each due delivery once: while its task waits in the queue no other
sweep queues it again, a task lost for longer than `CLAIM` is queued afresh, and a delivery a
worker holds at that moment is skipped rather than waited for."""

import datetime as dt
import threading
from collections.abc import Iterator
from unittest import mock

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from commonground.api import addresses, webhooks
from commonground.api.models import DeliveryStatus, WebhookDelivery
from tests.conftest import World

URL = "https://hr-records.example/hook"
SECRET = "a-shared-secret-for-tests"


@pytest.fixture(autouse=True)
def _no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolve(host: str, port: int) -> list[str]:
        raise addresses.Unresolved(f"The host name {host} did not resolve.")

    monkeypatch.setattr(addresses, "resolve", resolve)


@pytest.fixture
def queued() -> Iterator[mock.MagicMock]:
    """The task queue as a worker sees it: a task is recorded, and nothing runs until a worker takes it."""
    with mock.patch.object(webhooks, "deliver_webhook") as task:
        yield task.enqueue


def _waiting(world: World, count: int, *, now: dt.datetime) -> list[int]:
    """Deliveries a failed attempt left waiting, due a minute ago, with no task queued for them."""
    endpoint = webhooks.register_endpoint(programme=world.programme, url=URL, secret=SECRET, by=world.lena)
    due = now - dt.timedelta(minutes=1)
    return [
        WebhookDelivery.objects.create(endpoint=endpoint, event="test", payload={}, attempts=1, next_attempt_at=due).pk
        for _ in range(count)
    ]


def _queued_ids(enqueue: mock.MagicMock) -> list[int]:
    return [call.args[0] for call in enqueue.call_args_list]


def test_a_second_sweep_does_not_queue_what_the_first_queued(world: World, queued: mock.MagicMock) -> None:
    now = timezone.now()
    ids = _waiting(world, 2, now=now)
    with time_machine.travel(now, tick=False):
        assert webhooks.retry_due() == 2
        assert webhooks.retry_due() == 0  # another periodic run at the same moment
    assert _queued_ids(queued) == ids
    assert set(WebhookDelivery.objects.values_list("claimed_until", flat=True)) == {now + webhooks.CLAIM}


def test_a_task_lost_for_longer_than_the_claim_is_queued_again(world: World, queued: mock.MagicMock) -> None:
    now = timezone.now()
    ids = _waiting(world, 1, now=now)
    with time_machine.travel(now, tick=False):
        webhooks.retry_due()
    with time_machine.travel(now + webhooks.CLAIM - dt.timedelta(seconds=1), tick=False):
        assert webhooks.retry_due() == 0
    with time_machine.travel(now + webhooks.CLAIM, tick=False):
        assert webhooks.retry_due() == 1
    assert _queued_ids(queued) == ids * 2


def test_a_new_delivery_is_claimed_by_the_task_queued_with_it(world: World, queued: mock.MagicMock) -> None:
    webhooks.register_endpoint(programme=world.programme, url=URL, secret=SECRET, by=world.lena)
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        (pk,) = webhooks.queue(programme_id=world.programme.pk, event="test", data={})
        assert webhooks.retry_due() == 0
    assert _queued_ids(queued) == [pk]


def test_taking_the_lease_releases_the_claim(world: World) -> None:
    now = timezone.now()
    (pk,) = _waiting(world, 1, now=now)
    WebhookDelivery.objects.filter(pk=pk).update(claimed_until=now + webhooks.CLAIM)
    webhooks.deliver(pk, now=now)  # the address does not resolve: a failed attempt, tried again later
    delivery = WebhookDelivery.objects.get(pk=pk)
    assert (delivery.status, delivery.attempts, delivery.claimed_until) == (DeliveryStatus.PENDING, 2, None)


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real row locks (set DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_a_delivery_a_worker_holds_is_skipped_not_waited_for(world: World, queued: mock.MagicMock) -> None:
    now = timezone.now()
    held, free = _waiting(world, 2, now=now)
    locked, release = threading.Event(), threading.Event()

    def worker() -> None:  # another worker, in the middle of taking its lease on `held`
        try:
            with transaction.atomic():
                WebhookDelivery.objects.select_for_update().get(pk=held)
                locked.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert locked.wait(timeout=20)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")  # waiting for the row would fail the sweep
        assert webhooks.retry_due(now=now) == 1
    finally:
        release.set()
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
        thread.join(timeout=30)
    assert _queued_ids(queued) == [free]
    assert WebhookDelivery.objects.get(pk=held).claimed_until is None
