"""manage.py run_worker: the task worker (django-tasks' db_worker) holding a lease while it lives.

Takes every option of db_worker. Before its first task it holds a lease and sweeps the queue for
tasks orphaned by a worker that died (see core/task_leases.py); a thread renews the lease and
sweeps again every few seconds. Stopping cleanly (SIGTERM, Ctrl-C) gives the lease up.
"""

from typing import Any

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from commonground.core import task_leases


class Command(db_worker.Command):
    help = "Run a task worker that holds a lease, so another worker re-runs its task if it dies mid-task."

    def handle(self, *args: Any, **options: Any) -> None:
        # db_worker draws its default id when its module is imported, once per process.
        worker_id = options.get("worker_id") or get_random_string(32)
        options["worker_id"] = worker_id
        task_leases.renew(worker_id)
        requeued = task_leases.sweep()
        if requeued:
            self.stderr.write(f"re-queued {len(requeued)} task(s) left running by a worker that is gone")
        keeper = task_leases.LeaseKeeper(worker_id)
        keeper.start()
        try:
            super().handle(*args, **options)
        finally:
            keeper.stop()
            keeper.join(timeout=task_leases.RENEW_EVERY + 5)
            task_leases.release(worker_id)
