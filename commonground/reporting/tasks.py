"""Background work for reporting: building a report pack, then drawing its PDF."""

from django.tasks import task

from commonground.reporting import services


@task()
def build_report_pack(pack_id: int) -> str:
    """Build one report pack (its id only: no figures or names in the task's arguments)."""
    return services.build_pack(pack_id=pack_id)


@task()
def draw_report_pack_pdf(pack_id: int) -> bool:
    """Draw a built pack's PDF from its kept report (its id only)."""
    return services.draw_pdf(pack_id=pack_id)
