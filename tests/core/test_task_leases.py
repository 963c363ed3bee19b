"""A task left RUNNING by a worker that is gone goes back to the queue; a live worker's task stays."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commonground.core import task_leases
from commonground.core.models import WorkerLease

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def running(worker_ids: list[str]) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="commonground.accounts.mail.deliver_email",
        backend_name="default",
        run_after=NOW,
        started_at=NOW,
        worker_ids=worker_ids,
    )


@time_machine.travel(NOW, tick=False)
def test_a_task_whose_worker_holds_a_live_lease_is_left_alone():
    task_leases.renew("alive")
    task = running(["alive"])
    assert task_leases.sweep() == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


@time_machine.travel(NOW, tick=False)
def test_a_task_whose_worker_never_held_a_lease_is_queued_again():
    task = running(["vanished"])
    assert task_leases.sweep() == [str(task.pk)]
    task.refresh_from_db()
    assert (task.status, task.started_at, task.worker_ids) == (TaskResultStatus.READY, None, ["vanished"])
    # Ready for the next worker, as any newly queued task is.
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()


def test_a_lease_that_ran_out_frees_the_task_and_is_removed():
    with time_machine.travel(NOW, tick=False):
        task_leases.renew("killed", lease=30)
        task = running(["first", "killed"])
    with time_machine.travel(NOW + dt.timedelta(seconds=29), tick=False):
        assert task_leases.sweep() == []  # still within its lease
    with time_machine.travel(NOW + dt.timedelta(seconds=31), tick=False):
        assert task_leases.sweep() == [str(task.pk)]
        assert not WorkerLease.objects.filter(worker_id="killed").exists()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY


@time_machine.travel(NOW, tick=False)
def test_renewing_extends_the_lease_from_now():
    task_leases.renew("w", lease=30)
    with time_machine.travel(NOW + dt.timedelta(seconds=20), tick=False):
        lease = task_leases.renew("w", lease=30)
        assert lease.expires_at == timezone.now() + dt.timedelta(seconds=30)
        assert lease.started_at == NOW


@time_machine.travel(NOW, tick=False)
def test_finished_and_waiting_tasks_are_never_touched():
    done = running(["gone"])
    done.status = TaskResultStatus.SUCCESSFUL
    done.save()
    waiting = running([])
    waiting.status = TaskResultStatus.READY
    waiting.save()
    assert task_leases.sweep() == []


@pytest.mark.django_db(transaction=True)  # the worker's lease thread has a connection of its own
def test_a_worker_started_runs_the_task_a_dead_worker_left_and_gives_its_lease_up(mailoutbox, settings):
    """run_worker sweeps when it starts: the orphaned delivery is sent, once, and the lease is gone after."""
    from django.core.mail import EmailMessage

    from commonground.accounts.mail import message_to_dict, seal
    from commonground.accounts.models import OutgoingMail

    settings.MAILERS = {**settings.MAILERS, "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    row = OutgoingMail.objects.create(sealed=seal(message_to_dict(EmailMessage("Hello", "Body", to=["a@example.org"]))))
    task = running(["dead-worker"])
    task.args_kwargs = {"args": [row.pk], "kwargs": {}}
    task.save()
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "fresh")
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["dead-worker", "fresh"]
    assert [m.subject for m in mailoutbox] == ["Hello"]
    assert not OutgoingMail.objects.exists()
    assert not WorkerLease.objects.exists()
