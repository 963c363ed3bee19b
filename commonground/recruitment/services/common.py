"""What every recruitment write shares: the mail it queues and the `Decision` row it records."""

import datetime as dt
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.recruitment.models import Application, Decision


def queue_mail(template: str, subject: str, to: str, context: dict[str, Any]) -> None:
    """Queue one message (plain text and HTML) once the surrounding transaction commits."""

    def send() -> None:
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"recruitment/email/{template}.txt", context),
            to=[to],
        )
        message.attach_alternative(
            render_to_string(f"recruitment/email/{template}.html", context), "text/html"
        )
        message.send()

    transaction.on_commit(send)


def log_decision(
    application: Application,
    to_status: str,
    *,
    by: Person | None,
    reason: str = "",
    from_status: str | None = None,
    now: dt.datetime | None = None,
) -> Decision:
    """Record a change of status (or a note on the same status): who, why and when."""
    return Decision.objects.create(
        application=application,
        by=by,
        from_status=application.status if from_status is None else from_status,
        to_status=to_status,
        reason=reason,
        at=now or timezone.now(),
    )
