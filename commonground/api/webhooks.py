"""Signed webhooks: the one writer of `WebhookEndpoint` and `WebhookDelivery`, and the sender.

A lead registers an address and a secret for their programme. When a participant's cohort
changes (`programmes.cohorts.on_cohort_change`) or register marks change
(`schedule.attendance.attendance_changed`), a delivery row is added for each of the programme's
addresses in the same transaction, and a `deliver_webhook` task (its only argument the
delivery's id, never the secret) is queued with it. Deliveries carry ids only, never names.

Each request is a POST of the JSON body with these headers:
`Common-Ground-Event` (the event), `Common-Ground-Delivery` (the delivery's id) and
`Common-Ground-Signature: t=<unix seconds>,v1=<hex>`, where v1 is HMAC-SHA256 under the secret of
`<t>.<body>`. A receiver recomputes it, compares in constant time, and refuses old timestamps.
Any 2xx answer is delivered; anything else (or no answer within `TIMEOUT`) is tried again after
`backoff(attempts)` until `MAX_ATTEMPTS`, by a task queued to run then (and the periodic
`retry_due_webhooks` picks up any whose task was lost). A delivery whose task is queued is
claimed (`claimed_until`), so no sweep queues it again meanwhile; sweeps skip rows a worker holds. A worker sending a delivery holds it for
`LEASE`, so two workers never send it at once; a receiver should still treat the delivery id as
the event's identity (a worker killed after sending, before recording, sends it again later).

Only addresses `addresses.check` accepts are added, and each delivery checks its address again
just before sending (a name can come to point at a private address): a refused delivery is given
up at once, its reason recorded, and never tried again.
"""

import datetime as dt
import hashlib
import hmac
import http.client
import json
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.tasks import default_task_backend, task
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.api import addresses
from commonground.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from commonground.core.inputs import has_refused_characters
from commonground.core.sealing import open_sealed, seal
from commonground.programmes.cohorts import CohortChange
from commonground.programmes.models import Programme

SALT = "commonground.api.webhooks"
MAX_ATTEMPTS = 8
TIMEOUT = 5  # seconds to wait for a receiver
MIN_SECRET = 16
LEASE = dt.timedelta(seconds=3 * TIMEOUT)  # while one worker sends, no other picks the delivery up
CLAIM = dt.timedelta(minutes=5)  # a queued task that no worker has started by then is presumed lost
COHORT_EVENT = "cohort.membership_changed"
ATTENDANCE_EVENT = "attendance.changed"


def _sealed(secret: str, endpoint_label: str) -> str:
    return seal(secret, salt=SALT, label=endpoint_label)


def secret_of(endpoint: WebhookEndpoint) -> str:
    return open_sealed(endpoint.sealed_secret, salt=SALT, label=str(endpoint.programme_id))


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for a body sent at `timestamp`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the n-th failed attempt: 1, 2, 4 … minutes, at most six hours."""
    return min(dt.timedelta(minutes=2 ** (attempts - 1)), dt.timedelta(hours=6))


@transaction.atomic
def register_endpoint(*, programme: Programme, url: str, secret: str, by: Person) -> WebhookEndpoint:
    """Add an address to the programme's webhooks (the caller checked that `by` leads it)."""
    url = url.strip()
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise ValidationError({"url": "Enter a full web address starting https://"}) from None
    if len(url) > 500:
        raise ValidationError({"url": "Enter an address of at most 500 characters."})
    try:
        addresses.check(url)
    except addresses.Refused as exc:
        raise ValidationError({"url": str(exc)}) from None
    except addresses.Unresolved:
        pass  # nothing to judge yet: each delivery checks the address again before sending
    if len(secret) < MIN_SECRET or len(secret) > 200 or has_refused_characters(secret):
        raise ValidationError({"secret": f"Enter a secret of {MIN_SECRET} to 200 characters on one line."})
    return WebhookEndpoint.objects.create(
        programme=programme, url=url, sealed_secret=_sealed(secret, str(programme.pk)), created_by=by
    )


@transaction.atomic
def remove_endpoint(*, programme: Programme, endpoint_id: int) -> bool:
    """Stop sending to an address (its deliveries stay for the record). False when there is none."""
    return bool(
        WebhookEndpoint.objects.filter(programme=programme, pk=endpoint_id, removed_at__isnull=True).update(
            removed_at=timezone.now()
        )
    )


def endpoints_of(programme: Programme) -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.filter(programme=programme, removed_at__isnull=True))


def recent_deliveries(programme: Programme, limit: int = 20) -> list[WebhookDelivery]:
    return list(
        WebhookDelivery.objects.filter(endpoint__programme=programme).select_related("endpoint")[:limit]
    )


def queue(*, programme_id: int, event: str, data: dict[str, Any], now: dt.datetime | None = None) -> list[int]:
    """Add a delivery for each of the programme's addresses and queue its sending (call inside the
    writing transaction, so nothing is sent for a change that rolls back)."""
    now = now or timezone.now()
    endpoints = WebhookEndpoint.objects.filter(programme_id=programme_id, removed_at__isnull=True)
    payload = {"event": event, "programme_id": programme_id, "at": now.isoformat(), "data": data}
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=e, event=event, payload=payload, created_at=now, next_attempt_at=now, claimed_until=now + CLAIM
            )
            for e in endpoints
        ]
    )
    for delivery in deliveries:
        deliver_webhook.enqueue(delivery.pk)
    return [d.pk for d in deliveries]


def cohort_changed(changes: Sequence[CohortChange], *, now: dt.datetime) -> None:
    """`on_cohort_change` handler: one delivery per programme and address for a batch of moves."""
    by_programme: dict[int, list[dict[str, int | None]]] = {}
    for c in changes:
        by_programme.setdefault(c.programme_id, []).append(
            {"membership_id": c.membership_id, "person_id": c.person_id, "from_cohort_id": c.from_cohort_id,
             "to_cohort_id": c.to_cohort_id}
        )
    for programme_id, moves in by_programme.items():
        queue(programme_id=programme_id, event=COHORT_EVENT, data={"changes": moves}, now=now)


def attendance_changed(sender: object, *, session_id: int, programme_id: int, marks: dict[int, str], **_: Any) -> None:
    """`schedule.attendance.attendance_changed` receiver."""
    queue(
        programme_id=programme_id, event=ATTENDANCE_EVENT,
        data={"session_id": session_id, "marks": [{"person_id": p, "mark": m} for p, m in sorted(marks.items())]},
    )


def deliver(delivery_id: int, *, now: dt.datetime | None = None) -> str:
    """Send one delivery now if it is still waiting; record the outcome, and on failure queue the
    next attempt (or give up after `MAX_ATTEMPTS`). Returns its status."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update().select_related("endpoint").filter(pk=delivery_id).first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return delivery.status if delivery else "missing"
        if delivery.next_attempt_at > now:
            return delivery.status  # not due, or another worker is sending it
        if delivery.endpoint.removed_at is not None:
            delivery.status, delivery.last_error = DeliveryStatus.FAILED, "The address was removed."
            delivery.save(update_fields=["status", "last_error"])
            return delivery.status
        delivery.attempts += 1
        delivery.last_attempt_at, delivery.next_attempt_at, delivery.claimed_until = now, now + LEASE, None
        delivery.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at", "claimed_until"])
    body = json.dumps({"id": delivery.pk, **delivery.payload}, separators=(",", ":"), sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "CommonGround-Webhooks/1",
        "Common-Ground-Event": delivery.event,
        "Common-Ground-Delivery": str(delivery.pk),
        "Common-Ground-Signature": sign(secret_of(delivery.endpoint), int(now.timestamp()), body),
    }
    code: int | None = None
    error = ""
    try:
        target = addresses.check(delivery.endpoint.url)  # again: the name may point elsewhere now
        code = addresses.post(target, body, headers, timeout=TIMEOUT)
    except addresses.Refused as exc:  # never sent, and never will be while the address is what it is
        delivery.status, delivery.last_error = DeliveryStatus.FAILED, f"Not sent: {exc.reason}."[:200]
        delivery.save(update_fields=["status", "last_error"])
        return delivery.status
    except addresses.Unresolved as exc:
        error = str(exc)[:200]
    except (OSError, ValueError, http.client.HTTPException) as exc:  # refused, timed out, unreachable
        error = type(exc).__name__
    delivery.last_status_code = code
    delivery.last_error = error or ("" if code and 200 <= code < 300 else f"Answered {code}.")
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, timezone.now()
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        if default_task_backend.supports_defer:  # its task is queued to run then (below)
            delivery.claimed_until = delivery.next_attempt_at + CLAIM
        # Otherwise (the tests' immediate backend) the periodic sweep sends it when it is due.
    delivery.save(
        update_fields=["status", "delivered_at", "last_status_code", "last_error", "next_attempt_at", "claimed_until"]
    )
    if delivery.status == DeliveryStatus.PENDING and delivery.claimed_until is not None:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return delivery.status


def retry_due(*, now: dt.datetime | None = None) -> int:
    """Queue every waiting delivery whose next attempt is due and whose task is not already queued
    (or was queued more than `CLAIM` ago, and is presumed lost), claiming each in the same
    transaction. Rows another worker holds (taking its lease to send it) are skipped, not waited
    for, so sweeps running side by side never queue one delivery twice. Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .order_by("pk")
            .values_list("pk", flat=True)[:1000]
        )
        WebhookDelivery.objects.filter(pk__in=due).update(claimed_until=now + CLAIM)
        for pk in due:  # with the database queue, the task rows commit with the claims
            deliver_webhook.enqueue(pk)
    return len(due)


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Send one delivery (its id only passes through the queue: the secret stays sealed in the database)."""
    return deliver(delivery_id)


@task()
def retry_due_webhooks() -> int:
    """Periodic: queue the deliveries whose next attempt is due."""
    return retry_due()
