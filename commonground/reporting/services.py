"""Report packs: asked for by a lead, built by the task worker, signed off, downloaded again.

The one writer of `ReportPack`. Building runs in the task worker (`tasks.build_report_pack`, given
the pack's id only); it writes its progress to the pack's row as it goes, so the page can show a
progress bar, and keeps the report (as data) and its spreadsheet with the pack. The pack is ready
then; its PDF, drawn from the kept report (seconds of layout), follows in a task of its own
(`tasks.draw_report_pack_pdf`), and a download that comes first draws it (`pack_pdf`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Cohort, Funder, Programme
from commonground.reporting import render
from commonground.reporting.build import build_report
from commonground.reporting.evidence import Choice
from commonground.reporting.models import PackStatus, ReportPack
from commonground.reporting.report import from_json, to_json
from commonground.reporting.sources import gather

logger = logging.getLogger(__name__)


def choice_of(pack: ReportPack) -> Choice:
    return Choice(pack.period_from, pack.period_to, frozenset(c.name for c in pack.cohorts.all()))


@transaction.atomic
def request_pack(
    *, programme: Programme, made_by: Person, funder: Funder | None = None, period_from: dt.date | None = None,
    period_to: dt.date | None = None, cohorts: Iterable[Cohort] = (), did_not_work: str = "", lessons: str = "",
) -> ReportPack:
    """Record what the lead asked for and queue the build. Nothing is written on bad input."""
    cohorts = list(cohorts)
    if funder is not None and funder.system_id != programme.system_id:
        raise ValidationError({"funder": "Choose a funder of this programme's system."})
    if any(c.programme_id != programme.pk for c in cohorts):
        raise ValidationError({"cohorts": "Choose cohorts of this programme."})
    if period_from and period_to and period_from > period_to:
        raise ValidationError({"period_to": "The end of the period must be on or after its start."})
    pack = ReportPack.objects.create(
        programme=programme, funder=funder, period_from=period_from, period_to=period_to,
        did_not_work=did_not_work, lessons=lessons, made_by=made_by, step="Waiting for the task worker",
    )
    pack.cohorts.set(cohorts)
    from commonground.reporting.tasks import build_report_pack  # the task module imports this one

    transaction.on_commit(lambda: build_report_pack.enqueue(pack.pk))
    return pack


def _step(pack_id: int, progress: int, step: str, **fields: object) -> None:
    ReportPack.objects.filter(pk=pack_id).update(progress=progress, step=step, **fields)


def build_pack(*, pack_id: int) -> str:
    """Build one pack's report and files, writing progress as it goes; returns the final status."""
    pack = ReportPack.objects.select_related("programme__system", "funder").filter(pk=pack_id).first()
    if pack is None or pack.status == PackStatus.READY:
        return "gone" if pack is None else str(pack.status)
    _step(pack_id, 5, "Reading the published figures", status=PackStatus.BUILDING)
    try:
        sources = gather(pack.programme)
        _step(pack_id, 45, "Adding up the ledger and the evidence")
        report = build_report(
            pack.programme, choice=choice_of(pack), funder=pack.funder, did_not_work=pack.did_not_work,
            lessons=pack.lessons, sources=sources,
        )
        _step(pack_id, 60, "Writing the spreadsheet")
        xlsx = render.xlsx(report)
    except Exception:
        logger.exception("Report pack %s could not be built", pack_id)
        _step(pack_id, 100, "Stopped", status=PackStatus.FAILED,
              error="Something went wrong while building the pack. Try again; if it happens again, tell your administrator.")
        return PackStatus.FAILED
    _step(
        pack_id, 100, "Ready", status=PackStatus.READY, figures=to_json(report), xlsx=xlsx,
        built_at=timezone.now(), figures_computed_at=report.figures_computed_at,
    )
    # The task module imports this one.
    from commonground.reporting.tasks import draw_report_pack_pdf

    transaction.on_commit(lambda: draw_report_pack_pdf.enqueue(pack_id))
    return PackStatus.READY


def pack_pdf(pack: ReportPack) -> bytes | None:
    """A ready pack's PDF: kept once drawn, else drawn now from the pack's kept report and kept (when
    two draw it at once, the first kept stays). None for a pack that is not ready."""
    if pack.pdf is not None:
        return bytes(pack.pdf)
    if not pack.ready or not pack.figures:
        return None
    pdf = render.pdf(from_json(pack.figures))
    ReportPack.objects.filter(pk=pack.pk, pdf__isnull=True).update(pdf=pdf)
    return pdf


def draw_pdf(*, pack_id: int) -> bool:
    """Draw a ready pack's PDF if it has none yet (the task after a build); False when there is no
    such pack or it is not ready."""
    pack = ReportPack.objects.filter(pk=pack_id).first()
    return pack is not None and pack_pdf(pack) is not None


@transaction.atomic
def sign_off(*, pack: ReportPack, by: Person) -> ReportPack:
    """A lead's sign-off: the pack is fixed and its funder can now see it."""
    locked = ReportPack.objects.select_for_update().get(pk=pack.pk)
    if locked.status != PackStatus.READY:
        raise ValidationError("Only a pack that has been built can be signed off.")
    if locked.signed_off_at is not None:
        raise ValidationError("This pack is already signed off.")
    locked.signed_off_by = by
    locked.signed_off_at = timezone.now()
    locked.save(update_fields=["signed_off_by", "signed_off_at"])
    return locked


@transaction.atomic
def discard(*, pack: ReportPack) -> None:
    """Delete a pack that has not been signed off (a signed-off pack is the record of what was sent)."""
    locked = ReportPack.objects.select_for_update().get(pk=pack.pk)
    if locked.signed_off_at is not None:
        raise ValidationError("A signed-off pack is kept as the record of what was sent.")
    locked.delete()
