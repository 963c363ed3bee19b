"""Webhooks: a cohort move or a register mark queues a signed delivery; failures are tried again
later, waiting longer each time, until given up. A local server receives them (no network)."""

import datetime as dt
import hashlib
import hmac
import http.server
import json
import threading
from collections.abc import Iterator
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from commonground.api import webhooks
from commonground.api.models import DeliveryStatus, WebhookDelivery
from commonground.programmes.cohorts import set_cohort
from commonground.programmes.models import Membership, Role
from commonground.schedule.attendance import mark_attendance
from tests.conftest import World
from tests.schedule.attendance_permission_cases import east_session

SECRET = "a-shared-secret-for-tests"


class Receiver:
    """A local HTTP server that answers each POST with the next status in `answers` (200 when
    none are left) and keeps what it was sent."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(autouse=True)
def _local_receivers_allowed() -> Iterator[None]:
    # The receiver listens on this machine over plain http, which only the laptop modes allow.
    with override_settings(DEMO_MODE=True):
        yield


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def verified(headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does: recompute the signature over timestamp and body, compare in constant time."""
    parts = dict(p.split("=", 1) for p in headers["Common-Ground-Signature"].split(","))
    expected = hmac.new(SECRET.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def test_a_cohort_move_is_delivered_signed_with_ids_only(world: World, receiver: Receiver) -> None:
    webhooks.register_endpoint(programme=world.programme, url=receiver.url, secret=SECRET, by=world.lena)
    membership = Membership.objects.get(person=world.alice, programme=world.programme, role=Role.PARTICIPANT)
    set_cohort(membership=membership, cohort=world.west)
    (headers, body), = receiver.received
    assert verified(headers, body)
    assert headers["Common-Ground-Event"] == webhooks.COHORT_EVENT
    payload = json.loads(body)
    assert payload["data"]["changes"] == [{
        "membership_id": membership.pk, "person_id": world.alice.pk, "from_cohort_id": world.east.pk,
        "to_cohort_id": world.west.pk,
    }]
    assert "Alice" not in body.decode()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_tampered_body_fails_verification(world: World, receiver: Receiver) -> None:
    webhooks.register_endpoint(programme=world.programme, url=receiver.url, secret=SECRET, by=world.lena)
    mark_attendance(session=east_session(world), person_id=world.alice.pk, mark="present", marked_by=world.fred)
    (headers, body), = receiver.received
    assert json.loads(body)["data"]["marks"] == [{"person_id": world.alice.pk, "mark": "present"}]
    assert verified(headers, body)
    assert not verified(headers, body.replace(b"present", b"absent"))


def test_a_failed_delivery_is_tried_again_later_then_given_up(world: World, receiver: Receiver) -> None:
    webhooks.register_endpoint(programme=world.programme, url=receiver.url, secret=SECRET, by=world.lena)
    receiver.answers = [500] * webhooks.MAX_ATTEMPTS
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        mark_attendance(session=east_session(world), person_id=world.alice.pk, mark="late", marked_by=world.fred)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, 500)
    assert delivery.next_attempt_at == start + webhooks.backoff(1)
    # Not due yet: the sweep leaves it alone.
    with time_machine.travel(start + webhooks.backoff(1) - dt.timedelta(seconds=1), tick=False):
        assert webhooks.retry_due() == 0
    moment = start
    for attempt in range(2, webhooks.MAX_ATTEMPTS + 1):
        moment = WebhookDelivery.objects.get().next_attempt_at
        with time_machine.travel(moment, tick=False):
            assert webhooks.retry_due() == 1
        delivery = WebhookDelivery.objects.get()
        assert delivery.attempts == attempt
        if attempt < webhooks.MAX_ATTEMPTS:
            assert delivery.next_attempt_at - moment == webhooks.backoff(attempt)
    assert delivery.status == DeliveryStatus.FAILED
    assert len(receiver.received) == webhooks.MAX_ATTEMPTS
    assert all(verified(h, b) for h, b in receiver.received)


def test_a_recovered_receiver_gets_the_delivery(world: World, receiver: Receiver) -> None:
    webhooks.register_endpoint(programme=world.programme, url=receiver.url, secret=SECRET, by=world.lena)
    receiver.answers = [503]
    mark_attendance(session=east_session(world), person_id=world.bob.pk, mark="absent", marked_by=world.fred)
    due = WebhookDelivery.objects.get().next_attempt_at
    with time_machine.travel(due, tick=False):
        webhooks.retry_due()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
    assert len(receiver.received) == 2


def test_an_unreachable_address_counts_as_a_failure(world: World) -> None:
    webhooks.register_endpoint(programme=world.programme, url="http://127.0.0.1:9/nothing", secret=SECRET, by=world.lena)
    mark_attendance(session=east_session(world), person_id=world.bob.pk, mark="absent", marked_by=world.fred)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_error


def test_the_task_is_given_the_delivery_id_never_the_secret(world: World, receiver: Receiver) -> None:
    endpoint = webhooks.register_endpoint(programme=world.programme, url=receiver.url, secret=SECRET, by=world.lena)
    assert SECRET not in endpoint.sealed_secret
    with mock.patch.object(webhooks, "deliver_webhook") as task:
        webhooks.queue(programme_id=world.programme.pk, event="test", data={})
    task.enqueue.assert_called_once_with(WebhookDelivery.objects.get().pk)


def test_nothing_is_sent_to_a_removed_address_or_another_programmes(world: World, receiver: Receiver) -> None:
    endpoint = webhooks.register_endpoint(programme=world.other_programme, url=receiver.url, secret=SECRET, by=world.oscar)
    mark_attendance(session=east_session(world), person_id=world.bob.pk, mark="absent", marked_by=world.fred)
    assert receiver.received == []
    assert webhooks.remove_endpoint(programme=world.other_programme, endpoint_id=endpoint.pk)


@pytest.mark.parametrize(("url", "secret"), [("ftp://x.example/hook", SECRET), ("https://x.example/hook", "short"),
                                              ("https://x.example/hook", "a secret\nwith a break")])
def test_a_bad_address_or_secret_is_refused(world: World, url: str, secret: str) -> None:
    with pytest.raises(ValidationError):
        webhooks.register_endpoint(programme=world.programme, url=url, secret=secret, by=world.lena)
