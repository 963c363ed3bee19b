"""All outgoing mail goes through a background task, so a slow mail server never slows a page.

One path for every message, whoever builds it (sign-in links, password resets, recruitment
links, schedule and development notices): the `default` mailer, `TaskEmailBackend`, seals the
message into an `OutgoingMail` row and queues `deliver_email` with that row's id only. The
task queue's stored arguments and results therefore never hold a link: a sealed message is
encrypted with a key derived from SECRET_KEY (the key that already signs every sign-in, reset
and offer link, so holding it gives nothing more), and the row is deleted once delivered.

When the mail server cannot be reached or refuses, the row stays, with the attempt counted and the
next one scheduled; the periodic `retry_undelivered_mail` queues it again when due. A worker killed
mid-delivery has its task queued again by the lease sweep (core/task_leases.py). Either way a
message is delivered once its row is gone, and never again.

While developing, the `delivery` mailer prints one line per message (`ConsoleLineBackend`);
with DEMO_MODE on, every delivered message is also kept for the demo's outbox page.
"""

import datetime as dt
import json
import logging
import re
import smtplib
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from commonground.accounts.models import DemoMail, OutgoingMail
from commonground.core import sealing
from commonground.core.inputs import one_line

KEY_SALT = "commonground.accounts.mail.OutgoingMail"

logger = logging.getLogger(__name__)


def message_to_dict(message: EmailMessage) -> dict[str, Any]:
    alternatives = [
        [str(alt[0]), str(alt[1])] for alt in getattr(message, "alternatives", []) or []
    ]
    return {
        # A name typed with a line break must never become a header of its own.
        "subject": one_line(str(message.subject)),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(a) for a in message.to],
        "cc": [str(a) for a in message.cc],
        "bcc": [str(a) for a in message.bcc],
        "reply_to": [str(a) for a in message.reply_to],
        "alternatives": alternatives,
        # Drawn once, when the message is queued: a delivery run again after its worker died
        # carries the same id, so the receiving end can tell a repeat from a new message.
        "message_id": str(message.extra_headers.get("Message-ID") or make_msgid(domain=DNS_NAME)),
    }


def message_from_dict(message: dict[str, Any]) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        cc=message["cc"],
        bcc=message["bcc"],
        reply_to=message["reply_to"],
        headers={"Message-ID": message["message_id"]} if message.get("message_id") else None,
    )
    for content, mimetype in message["alternatives"]:
        email.attach_alternative(content, mimetype)
    return email


def seal(message: dict[str, Any]) -> str:
    """Encrypt (and authenticate) a message for the queue."""
    return sealing.seal(json.dumps(message), salt=KEY_SALT, label="outgoing mail")


def unseal(sealed: str) -> dict[str, Any]:
    try:
        message: dict[str, Any] = json.loads(sealing.open_sealed(sealed, salt=KEY_SALT, label="outgoing mail"))
    except sealing.InvalidToken:
        raise ValueError(
            "A queued message cannot be opened: it was sealed under another SECRET_KEY "
            "(add the old key to SECRET_KEY_FALLBACKS)."
        ) from None
    return message


@task()
def deliver_email(mail_id: int) -> int:
    """Hand one queued message to the configured delivery backend, then forget it.

    Run again when its worker died mid-task (core/task_leases.py): a message whose row is gone
    was handed over already and is not sent again. Only a worker killed in the instant between
    the mail server's acceptance and the row's deletion could send it twice, and then with the
    same Message-ID.
    """
    queued = OutgoingMail.objects.filter(pk=mail_id).first()
    if queued is None:
        return 0  # delivered by an earlier run of this task
    email = message_from_dict(unseal(queued.sealed))
    try:
        sent = mailers["delivery"].send_messages([email]) or 0
    except (OSError, smtplib.SMTPException) as exc:
        # Kept, and tried again later by retry_undelivered_mail, until the mail server takes it.
        queued.attempts += 1
        queued.last_error = _error_kind(exc)
        queued.next_attempt_at = timezone.now() + retry_delay(queued.attempts)
        queued.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        raise
    if settings.DEMO_MODE:
        keep_for_the_outbox(email)
    queued.delete()
    return sent


# Minutes to wait after each failed attempt; after the last, the message is given up.
RETRY_MINUTES = (1, 5, 15, 60, 180, 360, 720)


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=RETRY_MINUTES[min(attempts, len(RETRY_MINUTES)) - 1])


def _error_kind(exc: BaseException) -> str:
    """The error's kind and SMTP code, never its text (a refusal can quote the address)."""
    code = getattr(exc, "smtp_code", None) or getattr(exc, "errno", None)
    return f"{type(exc).__name__}{f' {code}' if code else ''}"[:200]


@task()
def retry_undelivered_mail() -> dict[str, int]:
    """Queue again each message whose delivery failed and whose next attempt is due; give up on a
    message after len(RETRY_MINUTES) + 1 attempts (the row, sealed secrets and all, is deleted, and
    the log says which row and why). Periodic (settings.PERIODIC_TASKS)."""
    now = timezone.now()
    queued = given_up = 0
    with transaction.atomic():
        due = OutgoingMail.objects.select_for_update(skip_locked=True).filter(next_attempt_at__lte=now)
        for row in due:
            if row.attempts > len(RETRY_MINUTES):
                logger.error("gave up outgoing mail %s after %s attempts (%s)", row.pk, row.attempts, row.last_error)
                row.delete()
                given_up += 1
                continue
            row.next_attempt_at = None
            row.save(update_fields=["next_attempt_at"])
            transaction.on_commit(partial(deliver_email.enqueue, row.pk))
            queued += 1
    return {"queued": queued, "given_up": given_up}


def keep_for_the_outbox(email: EmailMessage) -> DemoMail:
    html = next(
        (str(content) for content, mimetype in getattr(email, "alternatives", []) or [] if mimetype == "text/html"),
        "",
    )
    return DemoMail.objects.create(
        to=", ".join(str(a) for a in email.to),
        subject=str(email.subject),
        from_email=str(email.from_email),
        body=str(email.body),
        html=html,
    )


LINK = re.compile(r"https?://[^\s<>\"']+")


def first_link(email: EmailMessage) -> str:
    """The first web address the message carries (plain text first, then the HTML part)."""
    texts = [str(email.body)] + [
        str(content) for content, _ in getattr(email, "alternatives", []) or []
    ]
    for text in texts:
        found = LINK.search(text)
        if found:
            return found.group(0).rstrip(".,;:)]")
    return ""


class ConsoleLineBackend(BaseEmailBackend):
    """Print one line per message in a development terminal: to, subject and the link it carries.

    The link is printed whole (never wrapped or quoted-printable), so a sign-in link can be copied
    from the terminal. The whole message is on the demo's outbox page when DEMO_MODE is on.
    """

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            link = first_link(message)
            line = f"Mail to {', '.join(str(a) for a in message.to)}: {message.subject}"
            sys.stdout.write(line + (f"  {link}" if link else "") + "\n")
            sys.stdout.flush()
        return len(email_messages)


_held = threading.local()


def _hold() -> None:
    _held.depth = getattr(_held, "depth", 0) + 1


def _release() -> None:
    _held.depth = max(0, getattr(_held, "depth", 0) - 1)


def _holding() -> bool:
    return getattr(_held, "depth", 0) > 0


@contextmanager
def recorded_not_sent() -> Iterator[None]:
    """Inside this block, mail handed to the task mailer is dropped instead of queued.

    For seeding the demo's past: the services record their notices as usual (so they are never
    sent later) and nobody is mailed about what happened before the demo began. Mail queued in
    `on_commit` callbacks registered inside the block is dropped too, whenever the transaction
    commits: holding and releasing are themselves registered as callbacks around theirs.
    """
    deferred = transaction.get_connection().in_atomic_block
    _hold()
    if deferred:
        transaction.on_commit(_hold)
    try:
        yield
    finally:
        _release()
        if deferred:
            transaction.on_commit(_release, robust=True)


class TaskEmailBackend(BaseEmailBackend):
    """An email backend that seals each message into an `OutgoingMail` row and queues its id."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if _holding():
            return 0
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            row = OutgoingMail.objects.create(sealed=seal(message_to_dict(message)))
            deliver_email.enqueue(row.pk)
            queued += 1
        return queued
