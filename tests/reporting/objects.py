"""Report packs of the test world: one signed off for Fiona's funder, one not yet, one for another funder."""

from django.utils import timezone

from commonground.programmes.models import Funder, Membership, Role
from commonground.reporting.build import build_report
from commonground.reporting.evidence import Choice
from commonground.reporting.models import PackStatus, ReportPack
from commonground.reporting.report import to_json
from tests.conftest import World


def fionas_funder(w: World) -> Funder:
    """Fiona's funder role is granted for the world's trust."""
    funder = Funder.objects.get(system=w.programme.system, name="Heartlands Charitable Trust")
    Membership.objects.filter(person=w.fiona, programme=w.programme, role=Role.FUNDER).update(funder=funder)
    return funder


def pack(w: World, *, funder: Funder | None, signed: bool) -> ReportPack:
    report = build_report(w.programme, choice=Choice(), funder=funder)
    return ReportPack.objects.create(
        programme=w.programme, funder=funder, status=PackStatus.READY, progress=100, made_by=w.lena,
        figures=to_json(report), pdf=b"%PDF-1.7 test", xlsx=b"PK test", built_at=timezone.now(),
        signed_off_by=w.lena if signed else None, signed_off_at=timezone.now() if signed else None,
    )


def fionas_signed_pack(w: World) -> ReportPack:
    return pack(w, funder=fionas_funder(w), signed=True)


def fionas_unsigned_pack(w: World) -> ReportPack:
    return pack(w, funder=fionas_funder(w), signed=False)


def another_funders_signed_pack(w: World) -> ReportPack:
    fionas_funder(w)
    other, _ = Funder.objects.get_or_create(system=w.programme.system, name="County Public Health")
    return pack(w, funder=other, signed=True)
