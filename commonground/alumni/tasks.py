"""Background work for alumni, run by `run_periodic` (see `PERIODIC_TASKS`)."""

from django.tasks import task

from commonground.alumni.services import membership


@task()
def sync_all_alumni() -> int:
    """Make each programme's new completers its alumni; safe to run as often as wanted."""
    return membership.sync_all()
