"""The demo's report packs: one signed off for the funder the demo funder sign-in represents, and
one for the programme board, asked for and not yet signed off, so the Reports page shows both states."""

from commonground.programmes.models import Membership, Programme, Role
from commonground.reporting import services
from commonground.reporting.models import ReportPack

DID_NOT_WORK = (
    "Release from rotas: in two places a third of ward and care-home staff missed the first module day "
    "because backfill was agreed too late. Online learning-set meetings in the evening were poorly attended."
)
LESSONS = (
    "Agree backfill with each employer before offers go out. Hold learning sets in working hours and in "
    "person where the place can host them. Ask sponsors to join the celebration: it kept them involved."
)


def seed_report_demo(*, programme: Programme) -> int:
    """The funder's pack is built now and signed off; the board's is asked for as a lead asks, so the
    task worker builds it once the demo is running (its page shows the pack being built, then ready)."""
    lead = Membership.objects.filter(programme=programme, role=Role.LEAD).select_related("person").order_by("pk").first()
    funder = (
        Membership.objects.filter(programme=programme, role=Role.FUNDER, funder__isnull=False)
        .select_related("funder").order_by("pk").first()
    )
    if lead is None:
        return 0
    pack = ReportPack.objects.create(
        programme=programme, funder=funder.funder if funder else None, made_by=lead.person,
        did_not_work=DID_NOT_WORK, lessons=LESSONS,
    )
    services.build_pack(pack_id=pack.pk)
    pack.refresh_from_db()
    if pack.ready:
        services.sign_off(pack=pack, by=lead.person)
    services.request_pack(programme=programme, made_by=lead.person, did_not_work=DID_NOT_WORK, lessons=LESSONS)
    return 2
