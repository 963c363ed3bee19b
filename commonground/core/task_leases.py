"""Leases for task workers, and the sweep that re-queues the tasks of a worker that died.

The task library (django-tasks' database backend) claims a task by marking it RUNNING with the
worker's id, and nothing ever looks at it again: a worker killed mid-task (kill -9, a machine lost)
leaves its task RUNNING for ever, and the work is silently never done. Here each worker started by
`manage.py run_worker` holds a lease, a row renewed every `RENEW_EVERY` seconds by a thread beside
the worker's loop for as long as the process lives. A RUNNING task whose worker has no lease, or
an expired one, is orphaned: `sweep` puts it back to READY, and the next free worker runs it again.

Running a task again must therefore be harmless, and every task here is written so: each one
acts on rows that say what is left to do (mail is an `OutgoingMail` row deleted once handed over,
an offer is answered once under a row lock, a webhook delivery records its attempts, figures are
recomputed whole). A task runs at least once and takes effect once.

The sweep runs in every worker's lease thread, and once when a worker starts, so a task orphaned
by the last worker standing is picked up by the next one to start.
"""

import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commonground.core.models import WorkerLease

logger = logging.getLogger(__name__)

# A lease lasts TASK_LEASE_SECONDS (30 by default) and is renewed every third of that: a live
# worker misses two renewals (a long pause, a slow database) before anyone takes its task.
LEASE = float(settings.TASK_LEASE_SECONDS)
RENEW_EVERY = LEASE / 3


def renew(worker_id: str, *, now: dt.datetime | None = None, lease: float = LEASE) -> WorkerLease:
    """Hold (or extend) this worker's lease."""
    now = now or timezone.now()
    record, created = WorkerLease.objects.get_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": now,
                  "renewed_at": now, "expires_at": now + dt.timedelta(seconds=lease)},
    )
    if not created:
        record.renewed_at, record.expires_at = now, now + dt.timedelta(seconds=lease)
        record.save(update_fields=["renewed_at", "expires_at"])
    return record


def release(worker_id: str) -> None:
    """A worker stopping cleanly gives its lease up (its running task, if any, has finished)."""
    WorkerLease.objects.filter(worker_id=worker_id).delete()


def sweep(*, now: dt.datetime | None = None) -> list[str]:
    """Put every task whose worker holds no live lease back in the queue; return their ids.

    Rows are locked and skipped when another sweeper holds them, so two workers sweeping at once
    never both re-queue (nor does a sweep touch a task a worker is claiming at that moment).
    Expired leases are removed. The task keeps its list of workers, so its history shows the run
    that was lost.
    """
    now = now or timezone.now()
    live = WorkerLease.objects.filter(expires_at__gt=now).values_list("worker_id", flat=True)
    live_ids = set(live)
    requeued: list[str] = []
    with transaction.atomic():
        running = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING)
            .only("id", "worker_ids", "task_path")
        )
        for result in running:
            holder = result.worker_ids[-1] if result.worker_ids else ""
            if holder in live_ids:
                continue
            DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
            requeued.append(str(result.pk))
            logger.warning("re-queued task %s (%s): its worker %s is gone", result.pk, result.task_path, holder or "?")
        WorkerLease.objects.filter(Q(expires_at__lte=now)).delete()
    return requeued


class LeaseKeeper(threading.Thread):
    """Renews a worker's lease and sweeps for orphans, beside the worker's own loop, until stopped."""

    def __init__(self, worker_id: str, *, every: float = RENEW_EVERY, lease: float = LEASE) -> None:
        super().__init__(name=f"lease-{worker_id}", daemon=True)
        self.worker_id, self.every, self.lease = worker_id, every, lease
        self.stopping = threading.Event()

    def beat(self) -> None:
        close_old_connections()
        try:
            renew(self.worker_id, lease=self.lease)
            sweep()
        except Exception:  # the database is away for a moment: try again at the next beat
            logger.exception("lease renewal or sweep failed for worker %s", self.worker_id)
            connection.close()

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.every):
                self.beat()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
