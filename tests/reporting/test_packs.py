"""Report packs: a lead makes one, the worker builds it, its PDF and XLSX carry the pages' figures,
a lead signs it off, and a funder sees only the signed-off packs for their own funding."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from commonground.accounts.models import Person
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.programmes.models import Funder, Membership, Programme, Role, System
from commonground.reporting import services
from commonground.reporting.models import PackStatus, ReportPack
from commonground.reporting.report import Report, from_json
from tests.seeded import demo_for_module

SEEDED_AT = dt.datetime(2026, 7, 20, 9, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))


def _cells(xlsx: bytes) -> dict[str, list[list[object]]]:
    book = load_workbook(io.BytesIO(xlsx))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


def _make(client: Client, programme: Programme, django_capture_on_commit_callbacks, **fields: object) -> ReportPack:  # type: ignore[no-untyped-def]
    data = {"funder": "", "did_not_work": "", "lessons": "", **fields}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:packs", args=[programme.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ReportPack.objects.latest("pk")


shared_demo = demo_for_module(participants=80, seed=3, at=SEEDED_AT)


@pytest.fixture
def demo(shared_demo: None, db: None):  # type: ignore[no-untyped-def]
    with time_machine.travel(SEEDED_AT, tick=False):
        yield Programme.objects.get(title=DEMO_PROGRAMME_TITLE)


def lead_client() -> Client:
    client = Client()
    client.force_login(Person.objects.get(email="lead@demo.example"))
    return client


def test_a_lead_makes_a_pack_whose_files_carry_the_pages_figures(demo: Programme, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = lead_client()
    pack = _make(client, demo, django_capture_on_commit_callbacks,
                 lessons="Backfill for ward staff came too late for the first module.")
    assert pack.status == PackStatus.READY and pack.progress == 100, pack.error
    report = from_json(pack.figures)
    page = client.get(reverse("reporting:pack", args=[demo.pk, pack.pk]))
    assert page.status_code == 200
    assert "Backfill for ward staff came too late" in page.text

    # The figures are the pages' figures.
    overview = client.get(reverse("programmes:overview", args=[demo.pk])).context["lead_figures"]
    attendance = client.get(reverse("schedule:attendance-figures", args=[demo.pk])).context
    evaluation = client.get(reverse("development:evaluation", args=[demo.pk])).context
    network = client.get(reverse("network:figures", args=[demo.pk])).context["figures"]
    headline = {h.label: h.value for h in report.headlines}
    assert headline["Participants reached"] == overview["total"] == 80
    assert [(line.label, line.values[0]) for line in report.table("reach-sector").lines] == [
        (row.label, row.count) for row in overview["by_sector"]
    ]
    assert [(line.label, line.values[0]) for line in report.table("reach-place").lines] == [
        (row.label, row.count) for row in overview["by_place"]
    ]
    cohort_lines = {line.label: line.values[:5] for line in report.table("attendance-cohort").lines}
    for line in [*attendance["totals"], *attendance["cohorts"]]:
        assert cohort_lines[line.label] == (line.offered, line.attended, line.apologies, line.absent, line.unrecorded)
    completion = attendance["completion"]
    assert headline["Completed the programme"] == completion.totals.completed
    assert headline["On track to complete"] == completion.totals.on_track
    changes = {line.label: line.values for line in report.table("learning-change").lines}
    level_two = [row for row in evaluation["evaluation"].changes if row.level == 2]
    assert level_two and len(changes) == len(level_two)
    for row in level_two:
        key = f"{row.instrument}: {row.dimension} ({row.scope}, {row.comparison.lower()})"
        assert changes[key] == (row.n, row.before, row.after, row.mean, row.low, row.high)
    assert [(line.label, line.values[:2]) for line in report.table("ties-rounds").lines] == [
        (r.label, (r.respondents, r.ties)) for r in network.rounds
    ]

    # The demo's ledger makes every money chart alive.
    assert len(report.funders) >= 3
    assert headline["Support in kind"] > 0 and headline["Cash committed"] > 0
    assert report.table("funding-budget").lines and report.table("attendance-month").lines
    assert headline["Cost per participant"] == (
        (headline["Cash spent"] + headline["Support in kind"]) / 80
    ).quantize(Decimal("1"))

    # The PDF says the same, and the spreadsheet holds the same numbers.
    pdf = client.get(reverse("reporting:pack-pdf", args=[demo.pk, pack.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _text(pdf.content)
    assert "Contents" in text and "Page 1 of" in text and demo.title in text
    for h in report.headlines:
        assert f"{h.label} {h.text}" in text, h.label
    for section in report.sections:
        for table in section.tables:
            for line in table.lines:
                for index, value in enumerate(line.values):
                    if value is not None and not isinstance(value, str):
                        assert table.text(line, index) in text, (table.key, line.label)
    xlsx = client.get(reverse("reporting:pack-xlsx", args=[demo.pk, pack.pk]))
    assert xlsx.status_code == 200
    _assert_sheets_match(report, _cells(xlsx.content))


def _assert_sheets_match(report: Report, sheets: dict[str, list[list[object]]]) -> None:
    rows = [row for sheet in sheets.values() for row in sheet]
    by_label: dict[str, list[list[object]]] = {}
    for row in rows:
        if row and isinstance(row[0], str):
            by_label.setdefault(row[0], []).append(row)
    summary = {row[0]: row[1] for row in sheets["Summary"] if row and row[0]}
    for h in report.headlines:
        assert summary[h.label] == (float(h.value) if isinstance(h.value, Decimal) else h.value), h.label
    for section in report.sections:
        for table in section.tables:
            for line in table.lines:
                expected = [None if v is None else float(v) if isinstance(v, Decimal) else v for v in line.values]
                assert any(row[1:1 + len(expected)] == expected for row in by_label[line.label]), (table.key, line.label)
    for sheet in sheets.values():
        for row in sheet:
            for value in row:
                assert not (isinstance(value, str) and value.startswith("=")), value


def test_a_funder_sees_only_the_signed_off_packs_for_their_own_funding(demo: Programme, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    lead = lead_client()
    membership = Membership.objects.filter(programme=demo, role=Role.FUNDER, funder__isnull=False).select_related("funder", "person").first()
    assert membership is not None, "the demo's funder sign-in is granted for a named funder"
    own, other = membership.funder, Funder.objects.filter(system=demo.system).exclude(pk=membership.funder_id).first()
    mine = _make(lead, demo, django_capture_on_commit_callbacks, funder=own.pk)
    theirs = _make(lead, demo, django_capture_on_commit_callbacks, funder=other.pk)
    funder = Client()
    funder.force_login(membership.person)
    assert funder.get(reverse("reporting:pack", args=[demo.pk, mine.pk])).status_code == 404  # not yet signed off
    for pack in (mine, theirs):
        assert lead.post(reverse("reporting:pack-sign-off", args=[demo.pk, pack.pk])).status_code == 302
    listing = funder.get(reverse("reporting:packs", args=[demo.pk]))
    listed = listing.context["packs"]
    assert mine.pk in [p.pk for p in listed] and theirs.pk not in [p.pk for p in listed]
    assert all(p.funder_id == own.pk and p.signed_off for p in listed)  # the demo's own signed-off pack too
    assert funder.get(reverse("reporting:pack", args=[demo.pk, mine.pk])).status_code == 200
    assert funder.get(reverse("reporting:pack-pdf", args=[demo.pk, mine.pk])).status_code == 200
    assert funder.get(reverse("reporting:pack", args=[demo.pk, theirs.pk])).status_code == 404
    assert funder.get(reverse("reporting:pack-xlsx", args=[demo.pk, theirs.pk])).status_code == 404
    assert funder.post(reverse("reporting:pack-sign-off", args=[demo.pk, mine.pk])).status_code == 404
    # A funder's own pack shows their contributions and every other funder as one line.
    report = from_json(ReportPack.objects.get(pk=mine.pk).figures)
    labels = [line.label for line in report.table("funding-funder").lines]
    assert labels == [own.name, "Every other funder together", "All funders"]
    # Signed off is fixed: it cannot be deleted.
    assert lead.post(reverse("reporting:pack-delete", args=[demo.pk, mine.pk])).status_code == 302
    assert ReportPack.objects.filter(pk=mine.pk).exists()


def test_a_pack_is_ready_before_its_pdf_and_the_first_download_draws_and_keeps_it(demo: Programme) -> None:
    lead = Person.objects.get(email="lead@demo.example")
    pack = services.request_pack(programme=demo, made_by=lead)  # its build is queued once this commits
    assert services.build_pack(pack_id=pack.pk) == "ready"  # as the task worker would
    pack.refresh_from_db()
    assert pack.ready and pack.figures and bytes(pack.xlsx).startswith(b"PK") and pack.pdf is None

    first = lead_client().get(reverse("reporting:pack-pdf", args=[demo.pk, pack.pk]))
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert demo.title in _text(first.content)
    pack.refresh_from_db()
    assert bytes(pack.pdf) == first.content, "the drawing is kept"
    assert lead_client().get(reverse("reporting:pack-pdf", args=[demo.pk, pack.pk])).content == first.content
    assert services.draw_pdf(pack_id=pack.pk) is True  # the task that follows a build finds it drawn
    assert services.draw_pdf(pack_id=999_999_999) is False


def test_a_period_counts_only_the_money_of_that_period(demo: Programme) -> None:
    from commonground.reporting.build import build_report
    from commonground.reporting.evidence import Choice

    whole = build_report(demo, choice=Choice())
    middle = demo.starts_on + dt.timedelta(days=60)
    first_half = build_report(demo, choice=Choice(None, middle))
    later = build_report(demo, choice=Choice(middle + dt.timedelta(days=1), None))

    def money(report: Report, label: str) -> Decimal:
        return next(h.value for h in report.headlines if h.label == label)

    for label in ("Cash committed", "Cash received", "Support in kind", "Cash spent"):
        assert money(first_half, label) + money(later, label) == money(whole, label), label
    # The demo's money falls on both sides of the middle: the split is a real one.
    assert money(first_half, "Cash spent") > 0 and money(later, "Cash spent") > 0
    months = [line.label for line in first_half.table("attendance-month").lines]
    assert months and all(line in [x.label for x in whole.table("attendance-month").lines] for line in months)


def test_bad_choices_name_the_field_and_make_nothing(demo: Programme) -> None:
    client = lead_client()
    before = ReportPack.objects.count()
    response = client.post(reverse("reporting:packs", args=[demo.pk]), {
        "period_from_day": "1", "period_from_month": "6", "period_from_year": "2026",
        "period_to_day": "1", "period_to_month": "5", "period_to_year": "2026",
    })
    assert response.status_code == 200
    assert "The end of the period must be on or after its start." in response.text
    other = Funder.objects.create(system=System.objects.create(name="Another system"), name="Elsewhere Fund")
    response = client.post(reverse("reporting:packs", args=[demo.pk]), {"funder": other.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert ReportPack.objects.count() == before


def test_programme_report_writes_the_same_files(demo: Programme, tmp_path) -> None:  # type: ignore[no-untyped-def]
    funder = Funder.objects.filter(system=demo.system).first()
    out = io.StringIO()
    with time_machine.travel(SEEDED_AT, tick=False):
        call_command("programme_report", str(demo.pk), "--format", "pdf", "--out", str(tmp_path / "r.pdf"),
                     "--funder", str(funder.pk), stdout=out)
        call_command("programme_report", str(demo.pk), "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"), stdout=out)
    assert f"for {funder.name}" in _text((tmp_path / "r.pdf").read_bytes())
    assert "Summary" in _cells((tmp_path / "r.xlsx").read_bytes())
    from django.core.management.base import CommandError

    for args, message in (
        (["999999999", "--format", "pdf", "--out", str(tmp_path / "x.pdf")], "There is no programme 999999999."),
        ([str(demo.pk), "--format", "pdf", "--out", str(tmp_path / "x.pdf"), "--from", "2026-13-01"], "--from must be a date"),
        ([str(demo.pk), "--format", "pdf", "--out", str(tmp_path / "x.pdf"), "--from", "2026-06-01", "--to", "2026-05-01"],
         "--to must be on or after --from."),
        ([str(demo.pk), "--format", "pdf", "--out", str(tmp_path / "none" / "x.pdf")], "does not exist"),
        (["١٢", "--format", "pdf", "--out", str(tmp_path / "x.pdf")], "must be a number"),
    ):
        with pytest.raises(CommandError, match=re.escape(message)):
            call_command("programme_report", *args, stdout=out)


def test_the_board_sees_each_programme_as_its_own_reports_publish_it(demo: Programme) -> None:
    client = lead_client()  # the demo lead administers the demo's system
    page = client.get(reverse("reporting:board", args=[demo.system_id]))
    assert page.status_code == 200
    board = page.context["report"]
    row = next(line for line in board.table("board-programmes").lines if line.label == demo.title)
    from commonground.reporting.build import build_report
    from commonground.reporting.evidence import Choice

    own = {h.label: h.value for h in build_report(demo, choice=Choice()).headlines}
    assert row.values[:3] == (own["Participants reached"], own["Completed the programme"], own["Cost per completer"])
    # The board reaches everyone in the system's programmes: the demo's 80 and its past intake's alumni.
    reached = Membership.objects.participants().filter(programme__system=demo.system).count()
    assert reached > 80
    assert {h.label: h.value for h in board.headlines}["Participants reached"] == reached
    places = {line.label: line.values[0] for line in board.table("board-places").lines}
    assert sum(places.values()) == reached
    xlsx = client.get(reverse("reporting:board-xlsx", args=[demo.system_id]))
    _assert_sheets_match(board, _cells(xlsx.content))
    pdf = client.get(reverse("reporting:board-pdf", args=[demo.system_id]))
    assert demo.title in _text(pdf.content)


def test_the_demo_has_a_signed_off_pack_for_its_funder_and_one_waiting(demo: Programme) -> None:
    packs = list(ReportPack.objects.filter(programme=demo).select_related("funder"))
    signed = [p for p in packs if p.signed_off]
    assert len(packs) == 2 and len(signed) == 1 and signed[0].ready
    # The board's pack was asked for as a lead asks: once the seed committed, the task worker (here
    # the test backend, which runs a task at once) built it.
    board = next(p for p in packs if not p.signed_off)
    assert board.funder_id is None and board.ready and bytes(board.pdf).startswith(b"%PDF")
    funder = Membership.objects.get(person__email="funder@demo.example", programme=demo, role=Role.FUNDER)
    assert signed[0].funder_id == funder.funder_id
    report = from_json(signed[0].figures)
    assert "Agree backfill with each employer" in " ".join(report.section("lessons").paragraphs)
    assert bytes(signed[0].pdf).startswith(b"%PDF")
