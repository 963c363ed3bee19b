"""Background work for reporting: building a report pack."""

from django.tasks import task

from commonground.reporting import services


@task()
def build_report_pack(pack_id: int) -> str:
    """Build one report pack (its id only: no figures or names in the task's arguments)."""
    return services.build_pack(pack_id=pack_id)
