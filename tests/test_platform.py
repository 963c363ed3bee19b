"""The health check, mail through background tasks, and production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.tasks import TaskResult
from django.tasks.signals import task_enqueued
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise connection.Database.OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503


@override_settings(
    MAILERS={
        "default": {"BACKEND": "commonground.accounts.mail.TaskEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
)
@pytest.mark.django_db
def test_mail_is_delivered_through_a_background_task() -> None:
    enqueued: list[str] = []

    def record(sender: object, task_result: TaskResult, **kwargs: object) -> None:
        enqueued.append(task_result.task.name)

    task_enqueued.connect(record)
    try:
        message = EmailMultiAlternatives("Subject", "Plain body", to=["someone@example.org"])
        message.attach_alternative("<p>HTML body</p>", "text/html")
        message.send()
    finally:
        task_enqueued.disconnect(record)
    assert enqueued == ["deliver_email"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body == "Plain body"
    assert mail.outbox[0].alternatives[0][0] == "<p>HTML body</p>"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DEMO_MODE", "SECRET_KEY", "ALLOWED_HOSTS", "COMMONGROUND_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _manage("check", COMMONGROUND_TESTING="false", DEBUG="false")
    assert result.returncode != 0
    assert "Set the environment variable SECRET_KEY" in result.stderr


def test_the_deployment_check_is_clean_under_production_settings(tmp_path: Path) -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        COMMONGROUND_TESTING="false",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-key-with-enough-characters-1234567890",
        ALLOWED_HOSTS="commonground.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_development_console_prints_one_line_per_mail_with_its_link_whole(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from commonground.accounts.mail import ConsoleLineBackend

    link = "http://127.0.0.1:8123/accounts/sign-in/link/use/?token=" + "A" * 90
    first = EmailMultiAlternatives("Your link", f"Hello,\n\nOpen:\n{link}.\n\nThanks\nThe team\n", to=["a@example.org"])
    second = EmailMultiAlternatives("News", "No link here.\nSecond line.\n", to=["b@example.org", "c@example.org"])
    second.attach_alternative('<p><a href="http://127.0.0.1:8123/news/">Read</a></p>', "text/html")
    assert ConsoleLineBackend().send_messages([first, second]) == 2
    assert capsys.readouterr().out.splitlines() == [
        f"Mail to a@example.org: Your link  {link}",
        "Mail to b@example.org, c@example.org: News  http://127.0.0.1:8123/news/",
    ]


@pytest.mark.django_db
def test_run_periodic_once_queues_every_recurring_task() -> None:
    from django.conf import settings
    from django.core.management import call_command

    queued: list[str] = []

    def record(sender: object, task_result: TaskResult, **kwargs: object) -> None:
        queued.append(task_result.task.module_path)

    task_enqueued.connect(record)
    try:
        call_command("run_periodic", "--once")
    finally:
        task_enqueued.disconnect(record)
    assert queued == settings.PERIODIC_TASKS
