"""Mail written as a pair of templates: `<name>.txt` for the plain text, `<name>.html` for the HTML part.

Every message leaves through Django's default mailer, the task mailer of the accounts app, which
seals it into a row and queues only that row's id: nothing built here ever travels in a task's
arguments, whatever link it carries.
"""

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from commonground.core.inputs import one_line


def templated_message(
    template: str, *, subject: str, to: str, context: dict[str, Any]
) -> EmailMultiAlternatives:
    """One message to one address, both parts rendered from `template` with `context`; the
    subject on one line (a name typed with a line break never becomes a header of its own)."""
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def send_templated(template: str, *, subject: str, to: str, context: dict[str, Any]) -> int:
    """Send (queue) one templated message now; returns how many were queued."""
    return templated_message(template, subject=subject, to=to, context=context).send()


def send_templated_on_commit(
    template: str, *, subject: str, to: str, context: dict[str, Any]
) -> None:
    """Send one templated message once the surrounding transaction commits (rendered then, so it
    says what was committed, and nothing is sent for a write that rolled back)."""
    transaction.on_commit(lambda: send_templated(template, subject=subject, to=to, context=context))
