"""A fresh demo causes no mail storm: what its past would have sent is recorded as sent.

The production mail path is used (the task mailer, delivered into Django's test outbox), and
each transaction really commits, so mail queued after commit is counted as it would be sent.
"""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils.module_loading import import_string

from commonground.development.models import RoundNotice
from commonground.schedule.models import SentNotice

PRODUCTION_MAIL = override_settings(
    MAILERS={
        "default": {"BACKEND": "commonground.accounts.mail.TaskEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
)
SEEDED_AT = dt.datetime(2026, 3, 4, 9, 30, tzinfo=dt.UTC)


def _run_every_periodic_task() -> None:
    for path in settings.PERIODIC_TASKS:
        import_string(path).enqueue()


@PRODUCTION_MAIL
@pytest.mark.django_db(transaction=True)
def test_the_first_periodic_run_after_seeding_sends_nothing_and_later_runs_send_what_falls_due() -> None:
    with time_machine.travel(SEEDED_AT, tick=False):
        call_command("seed_demo", "--participants", "80", verbosity=0)
        assert mail.outbox == [], "seeding mails nobody"
        # The past's notices are recorded as sent, as the recurring tasks record them.
        recorded = SentNotice.objects.count(), RoundNotice.objects.count()
        _run_every_periodic_task()
        assert len(mail.outbox) == 0, sorted({m.subject for m in mail.outbox})[:5]
        assert all(recorded), recorded

    # Mail is not switched off: a week on, the next sessions' reminders fall due and go out.
    with time_machine.travel(SEEDED_AT + dt.timedelta(days=7), tick=False):
        _run_every_periodic_task()
    assert any(m.subject.startswith(("Next week:", "Reminder:")) for m in mail.outbox)
