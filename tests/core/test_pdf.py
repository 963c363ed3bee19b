"""PDFs: the print layout's title, page numbers and contents page read back from the PDF, an inline
chart drawn, and nothing fetched but our own static files."""

import copy
import io
import logging
import re
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django.test import override_settings

from commonground.core import charts, pdf
from commonground.core.charts import Bar

TEST_TEMPLATES = Path(__file__).parent / "pdf_templates"
BLUE_FILL = b"0 0.368627 0.721569 rg"  # charts.BLUE (#005eb8) as the PDF paints it


@pytest.fixture(autouse=True)
def test_templates() -> Iterator[None]:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    with override_settings(TEMPLATES=templates):
        yield


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def report(*titles: str) -> bytes:
    sections = [pdf.Section(f"section-{n}", title) for n, title in enumerate(titles, start=1)]
    return pdf.render_pdf("pdf_tests/two_pages.html", {"title": "Heartlands 500 report", "sections": sections})


def test_a_two_page_document_has_its_title_on_every_page_and_says_page_n_of_2() -> None:
    first, second = pages(report("Participants"))
    assert first.startswith("Heartlands 500 report")
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second
    assert "Heartlands 500 report" in second  # the running header
    assert "Common Ground" in first and "Common Ground" in second


def test_the_contents_page_gives_the_page_each_section_starts_on() -> None:
    text = pages(report("Participants", "Attendance", "Relationships"))
    assert len(text) == 4
    contents = {
        title: int(page)
        for title, page in re.findall(r"^(Participants|Attendance|Relationships)[ .]*?(\d+)$", text[0], re.M)
    }
    assert contents == {"Participants": 2, "Attendance": 3, "Relationships": 4}
    for title, page in contents.items():
        assert text[page - 1].startswith(title)


def test_a_long_table_repeats_its_header_row_on_every_page() -> None:
    text = pages(pdf.render_pdf("pdf_tests/long_table.html", {"rows": range(1, 121)}))
    assert len(text) > 1
    for page in text:
        assert "Session heading Hours heading" in page
    rows = [int(n) for page in text for n in re.findall(r"^Session (\d+) 2\.00$", page, re.M)]
    assert rows == list(range(1, 121))  # every row once, none split across pages


def test_an_inline_svg_chart_is_drawn_in_the_pdf() -> None:
    chart = charts.bar_chart(
        key="attended", title="Attended by cohort", bars=[Bar("East Surrey", 12), Bar("Guildford", None)],
        label_heading="Cohort", value_heading="People",
    )
    data = pdf.render_pdf("pdf_tests/chart.html", {"chart": chart})
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    text = page.extract_text()
    # Once in the chart's table and once drawn as the SVG's own text.
    assert text.count("East Surrey") == 2
    assert text.count("not shown") == 2
    assert BLUE_FILL in page.get_contents().get_data()  # the bar itself


def test_nothing_outside_our_static_files_is_fetched(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    opened: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        opened.append(args)
        raise AssertionError("a PDF tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    with caplog.at_level(logging.WARNING, logger="commonground.core.pdf"):
        text = pages(pdf.render_pdf("pdf_tests/outside.html", {}))
    assert not opened
    refused = [r.getMessage() for r in caplog.records if r.name == "commonground.core.pdf"]
    assert [m.split(",")[0] for m in refused] == [
        "A PDF asked for https://fonts.example.com/tracking.css",
        "A PDF asked for https://images.example.com/pixel.png",
        "A PDF asked for file:///etc/hostname",
        "A PDF asked for https://pdf.commonground.invalid/settings.py",
    ]
    # Our own stylesheet was read from disk: its footer is there.
    assert text == ["Outside addresses\nNothing from elsewhere.\nOutside addresses Common Ground\nPage 1 of 1"]


@pytest.mark.parametrize(
    "url, found",
    [
        (pdf.BASE_URL + "static/css/print.css", True),
        (pdf.BASE_URL + "static/vendor/nhsuk/nhsuk-frontend.min.css", True),
        (pdf.BASE_URL + "static/css/missing.css", False),
        (pdf.BASE_URL + "static/../commonground/settings.py", False),
        (pdf.BASE_URL + "static/%2e%2e/commonground/settings.py", False),
        (pdf.BASE_URL + "static//etc/passwd", False),
        ("https://example.com/static/css/print.css", False),
        ("http://pdf.commonground.invalid/static/css/print.css", False),
        ("file:///etc/passwd", False),
    ],
)
def test_only_our_static_files_are_read(url: str, found: bool) -> None:
    path = pdf.static_file(url)
    assert (path is not None and path.is_file()) is found


def test_a_collected_file_under_its_hashed_name_is_read_from_static_root(tmp_path: Path) -> None:
    collected = tmp_path / "css" / "print.0123abcd.css"
    collected.parent.mkdir()
    collected.write_text("@page { size: A4; }")
    with override_settings(STATIC_ROOT=tmp_path):
        assert pdf.static_file(pdf.BASE_URL + "static/css/print.0123abcd.css?v=2") == collected
        assert pdf.static_file(pdf.BASE_URL + "static/css/other.0123abcd.css") is None


def test_static_files_behind_an_absolute_static_url_are_read_from_disk_too() -> None:
    with override_settings(STATIC_URL="https://cdn.example.com/static/"):
        assert pdf.static_file("https://cdn.example.com/static/css/print.css") is not None
        assert pdf.static_file(pdf.BASE_URL + "static/css/print.css") is None
        assert pdf.static_file("https://cdn.example.com/css/print.css") is None


@pytest.mark.parametrize(
    "name, safe",
    [
        ("Certificate – Zoë O'Neil.pdf", "certificate-zoe-o-neil.pdf"),
        ('../../"etc"/passwd.CSV', "etc-passwd.csv"),
        ("日本語.pdf", "document.pdf"),
        ("hours", "hours"),
    ],
)
def test_file_names_are_ascii_slugs(name: str, safe: str) -> None:
    assert pdf.safe_filename(name) == safe


def test_a_pdf_download_is_an_attachment_never_stored() -> None:
    response = pdf.pdf_response(b"%PDF-", filename="Record – Zoë.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="record-zoe.pdf"'
    assert "no-store" in response["Cache-Control"]
