"""manage.py run_worker: the task worker (django-tasks' db_worker) holding a lease while it lives.

Takes every option of db_worker. Before its first task it holds a lease and sweeps the queue for
tasks orphaned by a worker that died (see core/task_leases.py); a thread renews the lease and
sweeps again every few seconds. Stopping cleanly (SIGTERM, Ctrl-C) gives the lease up.

When the database goes away (a restart, a fail-over) db_worker's loop stops with an error. Here the
worker waits and starts again under a new id: whatever it was running when the database went is
then orphaned under the old id, and the sweep queues it again once that lease has run out.
"""

import contextlib
import time
from typing import Any

from django.db import DatabaseError, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from commonground.core import task_leases

# Seconds between attempts while the database does not answer.
RETRY_EVERY = 2.0


class Command(db_worker.Command):
    help = "Run a task worker that holds a lease, so another worker re-runs its task if it dies mid-task."

    def handle(self, *args: Any, **options: Any) -> None:
        # db_worker draws its default id when its module is imported, once per process.
        worker_id = options.pop("worker_id")
        while True:
            try:
                self.run_leased(worker_id, *args, **options)
                return
            except DatabaseError as exc:
                self.stderr.write(f"worker {worker_id}: the database went away ({exc}); starting again")
                connection.close()
                time.sleep(RETRY_EVERY)
                worker_id = get_random_string(32)

    def run_leased(self, worker_id: str, *args: Any, **options: Any) -> None:
        task_leases.renew(worker_id)
        requeued = task_leases.sweep()
        if requeued:
            self.stderr.write(f"re-queued {len(requeued)} task(s) left running by a worker that is gone")
        keeper = task_leases.LeaseKeeper(worker_id)
        keeper.start()
        try:
            super().handle(*args, **{**options, "worker_id": worker_id})
        finally:
            keeper.stop()
            keeper.join(timeout=task_leases.RENEW_EVERY + 5)
            with contextlib.suppress(DatabaseError):  # otherwise the lease runs out by itself
                task_leases.release(worker_id)
