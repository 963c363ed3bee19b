"""All outgoing mail goes through a background task, so a slow mail server never slows a page."""

import sys
from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.tasks import task


def _message_to_dict(message: EmailMessage) -> dict[str, Any]:
    alternatives = [
        [str(alt[0]), str(alt[1])] for alt in getattr(message, "alternatives", []) or []
    ]
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(a) for a in message.to],
        "cc": [str(a) for a in message.cc],
        "bcc": [str(a) for a in message.bcc],
        "reply_to": [str(a) for a in message.reply_to],
        "alternatives": alternatives,
    }


@task()
def deliver_email(message: dict[str, Any]) -> int:
    """Hand one queued message to the configured delivery backend."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        cc=message["cc"],
        bcc=message["bcc"],
        reply_to=message["reply_to"],
    )
    for content, mimetype in message["alternatives"]:
        email.attach_alternative(content, mimetype)
    return mailers["delivery"].send_messages([email]) or 0


class ReadableConsoleBackend(BaseEmailBackend):
    """Print mail for people to read in a development terminal: headers and the plain text, undecorated.

    Django's console backend prints the encoded MIME message, where long sign-in links are
    wrapped and escaped (quoted-printable) and cannot be copied.
    """

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            lines = [
                "-" * 72,
                f"From: {message.from_email}",
                f"To: {', '.join(str(a) for a in message.to)}",
                f"Subject: {message.subject}",
                "",
                str(message.body),
                "-" * 72,
            ]
            sys.stdout.write("\n".join(lines) + "\n")
            sys.stdout.flush()
        return len(email_messages)


class TaskEmailBackend(BaseEmailBackend):
    """An email backend that queues each message as a `deliver_email` task."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            deliver_email.enqueue(_message_to_dict(message))
            queued += 1
        return queued
