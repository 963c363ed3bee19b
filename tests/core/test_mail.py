"""A templated message: plain text and HTML from one pair of templates, a subject on one line, and
sent through the default mailer, now or once the transaction commits."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail

from commonground.core.mail import send_templated, send_templated_on_commit, templated_message

TEMPLATE = "accounts/email/sign_in_link"


def _context() -> dict[str, Any]:
    return {"person": None, "link": "https://cg.example/use/?token=abc", "minutes": 15}


def test_the_message_has_both_parts_from_the_template_pair() -> None:
    message = templated_message(
        TEMPLATE, subject="Your link", to="ann@example.org", context=_context()
    )
    assert message.to == ["ann@example.org"]
    assert "https://cg.example/use/?token=abc" in str(message.body)
    assert "15 minutes" in str(message.body)
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "https://cg.example/use/?token=abc" in str(html)
    assert "<" in str(html)


def test_the_subject_is_folded_onto_one_line() -> None:
    message = templated_message(
        TEMPLATE,
        subject="Your set in\r\nEast \t cohort\x00",
        to="ann@example.org",
        context=_context(),
    )
    assert message.subject == "Your set in East cohort"


def test_sending_goes_through_the_default_mailer() -> None:
    assert send_templated(TEMPLATE, subject="Now", to="ann@example.org", context=_context()) == 1
    [sent] = mail.outbox
    assert sent.subject == "Now" and sent.to == ["ann@example.org"]


@pytest.mark.django_db
def test_sending_on_commit_waits_for_the_transaction(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[list[Any]]],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_on_commit(TEMPLATE, subject="Later", to="bo@example.org", context=_context())
        assert mail.outbox == []
    [sent] = mail.outbox
    assert sent.subject == "Later" and sent.to == ["bo@example.org"]
