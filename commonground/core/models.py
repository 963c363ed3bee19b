"""The one table of the lowest layer: published figures, computed once and stored (`figure_store.py`)."""

from django.db import models


class StoredFigures(models.Model):
    """One kind of a programme's figures as last computed, encoded by `core.codec`.

    `programme_id` is a plain id: core sits below the programmes app. `scope` is "" for the whole
    programme, or a narrower view of it (a facilitator's cohorts: "c:3,7"). `stale` says new data
    has arrived since `computed_at`; `queued` says a refresh is waiting in the task queue, so a
    second change before it runs queues nothing more.
    """

    programme_id = models.BigIntegerField()
    kind = models.CharField(max_length=40)
    scope = models.CharField(max_length=200, blank=True, default="")
    payload = models.JSONField()
    computed_at = models.DateTimeField()
    version = models.PositiveIntegerField(help_text="The figures' code version: another one is computed again.")
    stale = models.BooleanField(default=False)
    queued = models.BooleanField(default=False)
    compute_seconds = models.FloatField(
        default=0, help_text="How long they took to compute last time: their next refresh waits ten times as long."
    )

    class Meta:
        verbose_name = "stored figures"
        verbose_name_plural = "stored figures"
        constraints = [
            models.UniqueConstraint(fields=["programme_id", "kind", "scope"], name="stored_figures_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of programme {self.programme_id}{f' ({self.scope})' if self.scope else ''}"


class WorkerLease(models.Model):
    """A task worker saying it is alive: renewed every few seconds while its process lives.

    django-tasks marks a task RUNNING when a worker claims it and never looks at it again, so a
    worker killed mid-task would leave its task RUNNING for ever. `task_leases.sweep` puts such a
    task back in the queue once its worker's lease has run out (see `core/task_leases.py`).
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    renewed_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "task worker lease"

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host} (pid {self.pid})"
