"""Mail is queued by reference: no link, token or message text in the task queue or the admin.

These tests use the production mail path (the task mailer, django-tasks-db's database queue and
its worker), with the delivered message caught in Django's test outbox.
"""

import datetime as dt
import json
import logging
import re
import smtplib
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commonground.accounts.models import OutgoingMail
from commonground.core.logging import HideLinkSecrets, hide_link_secrets
from tests.conftest import World

PRODUCTION_MAIL = override_settings(
    MAILERS={
        "default": {"BACKEND": "commonground.accounts.mail.TaskEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    },
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
)


def _stored(result: DBTaskResult) -> str:
    return json.dumps([result.args_kwargs, result.return_value, result.traceback])


@PRODUCTION_MAIL
@pytest.mark.django_db(transaction=True)
def test_a_sign_in_link_never_rests_in_the_queue_in_clear(world: World) -> None:
    Client().post(reverse("accounts:link-request"), {"email": "carol@example.org"})
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "commonground.accounts.mail.deliver_email"
    assert queued.args_kwargs == {"args": [OutgoingMail.objects.get().pk], "kwargs": {}}
    sealed = OutgoingMail.objects.get().sealed
    assert "token" not in sealed and "sign-in" not in sealed and "Carol" not in sealed

    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", stdout=StringIO())

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/sign-in/link/use/\?token=(\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    token = link.group(1)
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert token not in _stored(result) and "link/use" not in _stored(result)
    assert not OutgoingMail.objects.exists(), "a delivered message is forgotten"


@PRODUCTION_MAIL
@pytest.mark.django_db(transaction=True)
def test_a_password_reset_link_is_queued_by_reference_too(world: World) -> None:
    Client().post(reverse("accounts:password-reset"), {"email": "alice@example.org"})
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", stdout=StringIO())
    assert len(mail.outbox) == 1
    path = re.search(r"/accounts/password/reset/\S+/", mail.outbox[0].body)
    assert path, mail.outbox[0].body
    for result in DBTaskResult.objects.all():
        assert path.group(0) not in _stored(result)


@PRODUCTION_MAIL
@pytest.mark.django_db(transaction=True)
def test_a_sealed_message_is_authenticated_so_a_changed_row_is_refused(world: World) -> None:
    Client().post(reverse("accounts:link-request"), {"email": "carol@example.org"})
    queued = OutgoingMail.objects.get()
    queued.sealed = queued.sealed[:-4] + ("AAAA" if not queued.sealed.endswith("AAAA") else "BBBB")
    queued.save()
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", stdout=StringIO())
    assert mail.outbox == []
    result = DBTaskResult.objects.get()
    assert result.status == "FAILED"
    assert "SECRET_KEY_FALLBACKS" in result.traceback


def test_task_results_are_not_in_the_admin(world: World) -> None:
    world.lena.is_staff = world.lena.is_superuser = True
    world.lena.save()
    client = Client()
    client.force_login(world.lena)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 404
    assert "dbtaskresult" not in client.get(reverse("admin:index")).text.lower()


@pytest.mark.parametrize(
    "line",
    [
        '"GET /accounts/sign-in/link/use/?token=AbC123.secret-part HTTP/1.1" 200 2319',
        '"POST /accounts/sign-in/link/use/?next=/programmes/&token=AbC123.secret-part HTTP/1.1" 302 0',
        '"GET /accounts/password/reset/MQ/AbC123.secret-part/ HTTP/1.1" 302 0',
        '"GET /programmes/recruitment/offers/AbC123.secret-part/ HTTP/1.1" 200 812',
    ],
)
def test_request_lines_are_logged_without_the_keys_links_carry(line: str) -> None:
    hidden = hide_link_secrets(line)
    assert "AbC123" not in hidden and "secret-part" not in hidden
    assert "[hidden]" in hidden


def test_every_log_handler_hides_link_keys() -> None:
    for name in ("", "django.server", "django.request", "django_tasks_db"):
        logger = logging.getLogger(name)
        while logger is not None and not logger.handlers:
            logger = logger.parent if logger.propagate else None  # type: ignore[assignment]
        assert logger is not None
        for handler in logger.handlers:
            if handler.__class__.__module__.startswith("_pytest"):
                continue
            assert any(isinstance(f, HideLinkSecrets) for f in handler.filters), (name, handler)


def test_the_server_log_line_for_a_sign_in_link_hides_its_token() -> None:
    stream = StringIO()
    handler = next(h for h in logging.getLogger("django.server").handlers if not h.__class__.__module__.startswith("_pytest"))
    original = handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        logging.getLogger("django.server").info(
            '"%s" %s %s', "GET /accounts/sign-in/link/use/?token=AbC123.secret-part HTTP/1.1", "200", "2319"
        )
    finally:
        handler.setStream(original)  # type: ignore[attr-defined]
    assert "GET /accounts/sign-in/link/use/?token=[hidden] HTTP/1.1" in stream.getvalue()
    assert "secret-part" not in stream.getvalue()


def test_a_not_found_warning_hides_a_link_key_in_its_path() -> None:
    hidden = hide_link_secrets("Not Found: /programmes/recruitment/support/AbC123.secret-part/")
    assert hidden == "Not Found: /programmes/recruitment/support/[hidden]/"


@PRODUCTION_MAIL
@pytest.mark.django_db(transaction=True)
def test_a_line_break_in_a_subject_never_becomes_a_header_of_its_own() -> None:
    # Names refuse line breaks when typed; the one mail path folds any that arrive another way.
    EmailMessage(
        subject="Alice\r\nBcc: everyone@elsewhere.example\nwants to join", body="Hello", to=["lena@example.org"]
    ).send()
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", stdout=StringIO())

    [delivered] = mail.outbox
    assert delivered.subject == "Alice Bcc: everyone@elsewhere.example wants to join"
    assert delivered.bcc == [] and delivered.recipients() == ["lena@example.org"]
    assert "\nBcc:" not in delivered.message().as_string()


@PRODUCTION_MAIL
@pytest.mark.django_db(transaction=True)
def test_a_delivery_run_again_sends_nothing_more_and_the_message_id_is_fixed_when_queued() -> None:
    """A worker killed mid-task has its delivery run again (core/task_leases.py): once the message
    was handed over it is not sent twice, and every attempt carries the Message-ID drawn at queueing."""
    from commonground.accounts.mail import deliver_email, unseal

    EmailMessage(subject="Your session", body="Hello", to=["lena@example.org"]).send()
    row = OutgoingMail.objects.get()
    message_id = unseal(row.sealed)["message_id"]
    assert re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", message_id)

    assert deliver_email.call(row.pk) == 1
    assert deliver_email.call(row.pk) == 0  # the re-run after a lost worker
    [delivered] = mail.outbox
    assert delivered.message()["Message-ID"] == message_id


class RefusingBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.mark.django_db(transaction=True)
def test_a_message_the_mail_server_did_not_take_is_kept_and_sent_when_due() -> None:
    from commonground.accounts.mail import deliver_email, retry_undelivered_mail

    start = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
    refusing = {"BACKEND": "tests.accounts.test_mail_queue.RefusingBackend"}
    with time_machine.travel(start, tick=False), override_settings(
        MAILERS={"default": {"BACKEND": "commonground.accounts.mail.TaskEmailBackend"}, "delivery": refusing}
    ):
        EmailMessage(subject="Your place", body="Hello", to=["carol@example.org"]).send()  # the immediate backend tries at once
        row = OutgoingMail.objects.get()
        assert (row.attempts, row.last_error, row.next_attempt_at) == (
            1, "SMTPServerDisconnected", start + dt.timedelta(minutes=1)
        )
        assert retry_undelivered_mail.call() == {"queued": 0, "given_up": 0}  # not due yet
    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
        # The server answers again: the retry queues it and it is delivered, once.
        assert retry_undelivered_mail.call() == {"queued": 1, "given_up": 0}
    [delivered] = mail.outbox
    assert delivered.subject == "Your place"
    assert not OutgoingMail.objects.exists()
    assert deliver_email.call(row.pk) == 0


@pytest.mark.django_db
def test_a_message_never_taken_is_given_up_after_the_last_attempt() -> None:
    from commonground.accounts.mail import RETRY_MINUTES, retry_undelivered_mail

    now = timezone.now()
    OutgoingMail.objects.create(sealed="x", attempts=len(RETRY_MINUTES) + 1, next_attempt_at=now - dt.timedelta(minutes=1))
    kept = OutgoingMail.objects.create(sealed="y", attempts=2, next_attempt_at=now + dt.timedelta(minutes=5))
    assert retry_undelivered_mail.call() == {"queued": 0, "given_up": 1}
    assert list(OutgoingMail.objects.all()) == [kept]
