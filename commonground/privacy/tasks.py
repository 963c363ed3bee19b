"""Background work for privacy: retention, run by `run_periodic` (see `PERIODIC_TASKS`)."""

from django.tasks import task

from commonground.privacy import retention


@task()
def apply_retention() -> dict[str, int]:
    """Apply every programme's retention periods; safe to run as often as wanted (what is done stays done)."""
    return retention.apply_retention(trigger="task").counts
