"""A funder's home: the latest report pack signed off for them (the report packs page's own list,
`reporting.views.visible_packs`), the showcase of what the programme changed, and the programme
at a glance as the overview publishes it."""

from dataclasses import dataclass

from commonground.codesign.models import Outcome
from commonground.homes.lead import Glance, glance
from commonground.programmes.permissions import ProgrammeAccess
from commonground.reporting.models import ReportPack
from commonground.reporting.views import visible_packs


@dataclass(frozen=True)
class FunderHome:
    latest_pack: ReportPack | None
    outcomes: int
    glance: Glance

    @property
    def urgent(self) -> bool:
        return False  # a funder reads; nothing waits for them


def funder_home(access: ProgrammeAccess) -> FunderHome:
    return FunderHome(
        latest_pack=visible_packs(access).filter(signed_off_at__isnull=False).order_by("-signed_off_at", "-pk").first(),
        outcomes=Outcome.objects.filter(issue__programme=access.programme).count(),
        glance=glance(access),
    )
