"""The API in the demo: the lead holds a read token (its value is never shown: the lead makes
their own on the API tokens page to try it), the programme has a webhook address for its HR
records with one delivery already made, and the demo participant shares their hours with HR."""

import datetime as dt
import secrets

from django.utils import timezone

from commonground.accounts.models import Person
from commonground.api import hr, tokens, webhooks
from commonground.api.models import DeliveryStatus, Scope, WebhookDelivery
from commonground.programmes.models import Membership, Programme, Role

DEMO_LEAD = "lead@demo.example"
DEMO_PARTICIPANT = "participant@demo.example"
HR_ADDRESS = "https://hr-records.example/hooks/common-ground"  # .example never resolves: nothing is sent


def seed_api_demo(*, programme: Programme) -> None:
    lead = Person.objects.filter(email=DEMO_LEAD).first()
    if lead is None:
        return
    now = timezone.now()
    tokens.create_token(
        person=lead, programme_id=programme.pk, name="Board dashboard (read only)", scope=Scope.READ,
        expires_on=timezone.localdate() + dt.timedelta(days=180), now=now - dt.timedelta(days=14),
    )
    endpoint = webhooks.register_endpoint(
        programme=programme, url=HR_ADDRESS, secret=secrets.token_urlsafe(24), by=lead
    )
    # The record of one past delivery, as the worker would have left it (seeding sends nothing).
    moved = Membership.objects.filter(programme=programme, role=Role.PARTICIPANT, cohort__isnull=False).first()
    if moved is not None:
        at = now - dt.timedelta(days=3)
        WebhookDelivery.objects.create(
            endpoint=endpoint, event=webhooks.COHORT_EVENT, created_at=at, next_attempt_at=at, last_attempt_at=at,
            delivered_at=at, attempts=1, last_status_code=200, status=DeliveryStatus.DELIVERED,
            payload={
                "event": webhooks.COHORT_EVENT, "programme_id": programme.pk, "at": at.isoformat(),
                "data": {"changes": [{"membership_id": moved.pk, "person_id": moved.person_id,
                                      "from_cohort_id": None, "to_cohort_id": moved.cohort_id}]},
            },
        )
    participant = Person.objects.filter(email=DEMO_PARTICIPANT).first()
    if participant is not None and Membership.objects.participants().filter(person=participant, programme=programme).exists():
        hr.share_hours(person=participant, programme=programme)
