"""Charts of published figures: geometry true to the figures, hidden figures as labelled gaps,
labels escaped, the table and the picture from the same data, and nothing a policy refuses."""

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from commonground.core import charts
from commonground.core.charts import Bar, Change, Format, Group
from commonground.core.disclosure import HIDDEN_LABEL

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(\"x\")</script> & 'q'"


def parse(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(chart.markup)


def items(svg: ET.Element) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if g.get("class") == "cg-graph__item"]


def bars(element: ET.Element) -> list[ET.Element]:
    return [r for r in element.iter(f"{SVG}rect") if r.get("class") == "cg-graph__bar"]


def texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def gaps(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text") if t.get("class") == "cg-graph__gap"]


def reach(*rows: Bar) -> charts.Chart:
    return charts.bar_chart(
        key="reach", title="Participants by place", bars=rows, label_heading="Place",
        value_heading="Participants", target_heading="Places offered",
    )


def every_chart() -> list[charts.Chart]:
    return [
        reach(Bar("East", 80, 100), Bar("West", None, 100), Bar("North", 0)),
        charts.column_chart(key="attendance", title="Attendance", label_heading="Session", value_heading="Attended",
                            columns=[Bar("1 May", 40), Bar("8 May", None), Bar("15 May", 35)]),
        charts.change_chart(key="change", title="Change", label_heading="Dimension",
                            changes=[Change("Trust", 0.5, 0.2, 0.8, 3.0, 3.5, 20), Change("Purpose", None)]),
        charts.grouped_bar_chart(key="ties", title="Ties", series=("Before", "After"), label_heading="Sector",
                                 groups=[Group("NHS", (10, 30)), Group("Council", (None, 12))]),
        charts.grouped_bar_chart(key="money", title="Funding", series=("Cash", "In kind"), label_heading="Funder",
                                 stacked=True, number=Format(prefix="£"),
                                 groups=[Group("Trust", (Decimal(5000), Decimal(1000))), Group("Council", (None, 10))]),
    ]


# Geometry -------------------------------------------------------------------------------------


def test_bar_lengths_are_proportional_to_the_values() -> None:
    svg = parse(reach(Bar("East", 80), Bar("West", 20), Bar("North", 50)))
    widths = {float(r.get("data-value", "")): float(r.get("width", "")) for r in bars(svg)}
    assert set(widths) == {80, 20, 50}
    assert widths[80] == pytest.approx(4 * widths[20], abs=0.02)
    assert widths[50] / 50 == pytest.approx(widths[80] / 80, abs=0.001)
    assert all(float(r.get("x", "")) == charts.PAD for r in bars(svg))
    assert max(widths.values()) <= charts.WIDTH - 2 * charts.PAD


def test_a_target_is_a_line_on_the_same_scale_as_the_bars() -> None:
    svg = parse(reach(Bar("East", 50, 100), Bar("West", 100, 80)))
    east, west = items(svg)
    east_bar, west_bar = bars(east)[0], bars(west)[0]
    scale = float(east_bar.get("width", "")) / 50
    assert float(west_bar.get("width", "")) == pytest.approx(100 * scale, abs=0.02)
    for item, target in ((east, 100), (west, 80)):
        (line,) = [line for line in item.iter(f"{SVG}line") if line.get("class") == "cg-graph__target"]
        assert float(line.get("x1", "")) - charts.PAD == pytest.approx(target * scale, abs=0.02)
    assert "50 of 100" in texts(east) and "100 of 80" in texts(west)


def test_columns_rise_in_proportion_and_share_a_baseline() -> None:
    chart = charts.column_chart(key="attendance", title="Attendance", label_heading="Session",
                                value_heading="Attended (%)", number=Format(suffix="%"), maximum=100,
                                columns=[Bar("1 May", 90), Bar("8 May", 45), Bar("15 May", 30)])
    rects = bars(parse(chart))
    heights = [float(r.get("height", "")) for r in rects]
    assert heights[0] == pytest.approx(2 * heights[1], abs=0.02) == pytest.approx(3 * heights[2], abs=0.02)
    bottoms = {round(float(r.get("y", "")) + float(r.get("height", "")), 2) for r in rects}
    assert len(bottoms) == 1


def test_change_points_and_intervals_sit_on_one_linear_scale_around_no_change() -> None:
    chart = charts.change_chart(key="change", title="Change", label_heading="Dimension", changes=[
        Change("Trust", 0.5, 0.2, 0.8, 3.0, 3.5, 20), Change("Purpose", -0.25, -0.5, 0.0, 3.25, 3.0, 20),
    ])
    svg = parse(chart)
    zero = {float(line.get("x1", "")) for line in svg.iter(f"{SVG}line") if line.get("class") == "cg-graph__zero"}
    assert len(zero) == 1
    (zero_x,) = zero
    points = {float(c.get("data-value", "")): float(c.get("cx", "")) for c in svg.iter(f"{SVG}circle")
              if c.get("class") == "cg-graph__point"}
    unit = (points[0.5] - zero_x) / 0.5
    assert unit > 0
    assert points[-0.25] - zero_x == pytest.approx(-0.25 * unit, abs=0.02)
    for path in (p for p in svg.iter(f"{SVG}path") if p.get("class") == "cg-graph__interval"):
        low, high = float(path.get("data-low", "")), float(path.get("data-high", ""))
        start, end = re.match(r"M([-\d.]+) [-\d.]+H([-\d.]+)", path.get("d", "")).groups()  # type: ignore[union-attr]
        assert float(start) - zero_x == pytest.approx(low * unit, abs=0.02)
        assert float(end) - zero_x == pytest.approx(high * unit, abs=0.02)
    assert "3.00 → 3.50: +0.50 (0.20 to 0.80)" in texts(svg)


def test_stacked_parts_are_contiguous_and_proportional() -> None:
    chart = charts.grouped_bar_chart(
        key="money", title="Funding", series=("Cash", "In kind"), label_heading="Funder", stacked=True,
        number=Format(prefix="£"), groups=[Group("Trust", (Decimal(3000), Decimal(1000))), Group("Council", (2000, 0))],
    )
    trust, council = (bars(item) for item in items(parse(chart)))
    cash, kind = trust
    assert float(kind.get("x", "")) == pytest.approx(float(cash.get("x", "")) + float(cash.get("width", "")), abs=0.02)
    assert float(cash.get("width", "")) == pytest.approx(3 * float(kind.get("width", "")), abs=0.02)
    assert float(council[0].get("width", "")) == pytest.approx(2 * float(kind.get("width", "")), abs=0.02)
    assert kind.get("fill") == "url(#chart-money-hatch)"  # a pattern, not only another colour
    assert [row.cells[-1].text for row in chart.rows] == ["£4,000", "£2,000"]


# Hidden figures -------------------------------------------------------------------------------


def test_a_hidden_value_is_a_labelled_gap_never_a_bar_and_never_zero() -> None:
    svg = parse(reach(Bar("East", 80, 100), Bar("West", None, 100), Bar("North", 0)))
    east, west, north = items(svg)
    assert bars(west) == []
    assert gaps(west) == [HIDDEN_LABEL]
    assert "0" not in texts(west)
    # Zero is a real figure: a bar of no length, with its 0, and no gap.
    assert [r.get("width") for r in bars(north)] == ["0"] and "0" in texts(north) and gaps(north) == []
    assert len(bars(east)) == 1 and gaps(east) == []


@pytest.mark.parametrize("chart", every_chart(), ids=lambda c: c.key)
def test_every_kind_of_chart_draws_a_hidden_figure_as_a_gap(chart: charts.Chart) -> None:
    for item, row in zip(items(parse(chart)), chart.rows, strict=True):
        hidden = any(cell.hidden for cell in row.cells)
        assert (HIDDEN_LABEL in gaps(item)) == hidden, row.label


def test_a_grouped_bar_leaves_only_the_hidden_series_out() -> None:
    chart = charts.grouped_bar_chart(key="ties", title="Ties", series=("Before", "After"), label_heading="Sector",
                                     groups=[Group("Council", (None, 12))])
    (council,) = items(parse(chart))
    assert [(r.get("data-series"), r.get("data-value")) for r in bars(council)] == [("1", "12")]
    assert gaps(council) == [HIDDEN_LABEL]


def test_a_stacked_bar_with_a_hidden_part_is_a_gap_whole() -> None:
    chart = charts.grouped_bar_chart(key="money", title="Funding", series=("Cash", "In kind"), label_heading="Funder",
                                     stacked=True, groups=[Group("Council", (None, 10))])
    (council,) = items(parse(chart))
    assert bars(council) == []  # the in-kind part would sit where the hidden cash ends
    assert gaps(council) == [HIDDEN_LABEL]
    assert [c.text for c in chart.rows[0].cells] == [HIDDEN_LABEL, "10", HIDDEN_LABEL]


def test_a_row_with_no_pairs_yet_says_so_rather_than_not_shown() -> None:
    chart = charts.change_chart(key="change", title="Change", label_heading="Dimension",
                                changes=[Change("Trust", None, people=0, gap="no pairs of answers yet")])
    assert gaps(parse(chart)) == ["no pairs of answers yet"]
    assert [c.text for c in chart.rows[0].cells][:2] == ["0", "no pairs of answers yet"]


# Escaping, accessibility, policy ----------------------------------------------------------------


def test_hostile_labels_and_titles_are_escaped() -> None:
    chart = charts.bar_chart(key="x", title=f"Title {HOSTILE}", bars=[Bar(HOSTILE, 3)], label_heading=HOSTILE,
                             value_heading="Participants")
    assert "<script" not in chart.markup
    svg = parse(chart)  # well-formed XML: every <, &, " and ' escaped
    assert svg.find(f".//{SVG}script") is None
    assert HOSTILE in texts(svg)
    assert "".join(svg.find(f"{SVG}title").itertext()) == f"Title {HOSTILE}"  # type: ignore[union-attr]
    page = render_to_string("charts/chart.html", {"chart": chart})
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;" in page


def test_a_hostile_key_cannot_break_out_of_an_id() -> None:
    chart = charts.bar_chart(key='"><script>', title="t", bars=[Bar("a", 1)], label_heading="l", value_heading="v")
    svg = parse(chart)
    assert svg.get("aria-labelledby") == "chart-script-title chart-script-desc"


@pytest.mark.parametrize("chart", every_chart(), ids=lambda c: c.key)
def test_every_chart_is_an_image_named_by_its_title_and_description(chart: charts.Chart) -> None:
    svg = parse(chart)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby", "").split()
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.get("id") == title_id and title.text == chart.title
    assert desc is not None and desc.get("id") == desc_id and "table" in (desc.text or "")


@pytest.mark.parametrize("chart", every_chart(), ids=lambda c: c.key)
def test_no_chart_uses_inline_styles_and_no_text_is_small(chart: charts.Chart) -> None:
    svg = parse(chart)
    assert svg.find(f".//{SVG}style") is None
    assert all("style" not in element.attrib for element in svg.iter())
    assert svg.get("viewBox", "").split()[2] == str(charts.WIDTH)
    sizes = [float(t.get("font-size", svg.get("font-size", "0"))) for t in svg.iter(f"{SVG}text")]
    assert sizes and min(sizes) >= charts.SMALL
    # At the narrowest phone column (320 px screen less its margins) text is still 11 px or more.
    assert min(sizes) * 288 / charts.WIDTH >= 11


@pytest.mark.parametrize("chart", every_chart(), ids=lambda c: c.key)
def test_the_same_figures_give_the_same_bytes(chart: charts.Chart) -> None:
    again = {c.key: c for c in every_chart()}[chart.key]
    assert again == chart and str(again.markup) == str(chart.markup)


# The table and the picture ---------------------------------------------------------------------


def figure(text: str) -> float:
    return float(text.replace("£", "").replace(",", "").replace("%", ""))


def drawn_values(item: ET.Element) -> list[tuple[int, float]]:
    return [(int(r.get("data-series", "")), float(r.get("data-value", ""))) for r in bars(item)]


@pytest.mark.parametrize("chart", [c for c in every_chart() if c.key in ("reach", "attendance")], ids=lambda c: c.key)
def test_the_table_and_the_bars_agree(chart: charts.Chart) -> None:
    for item, row in zip(items(parse(chart)), chart.rows, strict=True):
        value = row.cells[0]
        assert drawn_values(item) == ([] if value.hidden else [(0, figure(value.text))])
        targets = [float(t.get("data-value", "")) for t in item.iter(f"{SVG}line") if t.get("class") == "cg-graph__target"]
        assert targets == [figure(c.text) for c in row.cells[1:] if c.text != "–"]


@pytest.mark.parametrize("chart", [c for c in every_chart() if c.key in ("ties", "money")], ids=lambda c: c.key)
def test_the_table_and_the_grouped_bars_agree(chart: charts.Chart) -> None:
    for item, row in zip(items(parse(chart)), chart.rows, strict=True):
        parts = row.cells[:2]
        stacked_gap = chart.key == "money" and any(c.hidden for c in parts)
        expected = [] if stacked_gap else [(i, figure(c.text)) for i, c in enumerate(parts) if not c.hidden]
        assert drawn_values(item) == expected
        if chart.key == "money" and not stacked_gap:
            assert row.cells[2].text in texts(item)  # the total, written at the bar's end


def test_the_table_and_the_change_points_agree() -> None:
    chart = every_chart()[2]
    for item, row in zip(items(parse(chart)), chart.rows, strict=True):
        _people, before, after, change, interval = (c.text for c in row.cells)
        points = list(item.iter(f"{SVG}circle"))
        if row.cells[3].hidden:
            assert points == []
            continue
        assert Format(decimals=2, signed=True)(float(points[0].get("data-value", ""))) == change
        (path,) = [p for p in item.iter(f"{SVG}path") if p.get("class") == "cg-graph__interval"]
        assert f"{float(path.get('data-low', '')):.2f} to {float(path.get('data-high', '')):.2f}" == interval
        assert f"{before} → {after}: {change} ({interval})" in texts(item)


def test_the_columns_table_carries_every_figure_even_when_columns_are_too_narrow_to_label() -> None:
    columns = [Bar(f"Session {i}", 10 * i) for i in range(1, 21)]
    chart = charts.column_chart(key="a", title="Attendance", label_heading="Session", value_heading="Attended",
                                columns=columns)
    assert [(r.label, r.cells[0].text) for r in chart.rows] == [(c.label, str(c.value)) for c in columns]
    assert [float(r.get("data-value", "")) for r in bars(parse(chart))] == [c.value for c in columns]


def test_the_template_prints_the_svg_and_its_table() -> None:
    chart = reach(Bar("East", 80, 100), Bar("West", None, 100))
    page = render_to_string("charts/chart.html", {"chart": chart})
    assert page.count("<svg") == 1 and 'role="img"' in page
    assert '<figcaption class="nhsuk-heading-m">Participants by place</figcaption>' in page
    assert '<caption class="nhsuk-u-visually-hidden">Participants by place</caption>' in page  # names the table
    assert '<span class="cg-suppressed">not shown</span>' in page
    assert "80" in page and ">100<" in page


# Nothing to draw ----------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [
    lambda: reach(),
    lambda: charts.column_chart(key="a", title="Attendance", columns=[], label_heading="s", value_heading="v"),
    lambda: charts.change_chart(key="c", title="Change", changes=[], label_heading="d"),
    lambda: charts.grouped_bar_chart(key="g", title="Ties", series=("Before", "After"), groups=[], label_heading="s"),
])
def test_no_data_says_there_are_no_figures_yet_instead_of_an_empty_picture(make: Callable[[], charts.Chart]) -> None:
    chart = make()
    assert chart.empty and chart.rows == ()
    assert "<svg" not in chart.markup
    assert "no figures yet" in chart.markup
    page = render_to_string("charts/chart.html", {"chart": chart})
    assert "<table" not in page and "no figures yet" in page


def test_a_grouped_chart_refuses_rows_that_do_not_match_its_series() -> None:
    with pytest.raises(ValueError, match="one value per series"):
        charts.grouped_bar_chart(key="g", title="t", series=("Before", "After"), groups=[Group("a", (1,))],
                                 label_heading="s")
    with pytest.raises(ValueError, match="1 to 3 series"):
        charts.grouped_bar_chart(key="g", title="t", series=("a", "b", "c", "d"), groups=[], label_heading="s")


def test_a_negative_count_is_refused_rather_than_drawn_backwards() -> None:
    with pytest.raises(ValueError):
        reach(Bar("East", -1))


def test_columns_refuse_a_target_rather_than_leave_it_out() -> None:
    with pytest.raises(ValueError, match="no targets"):
        charts.column_chart(key="a", title="t", columns=[Bar("1 May", 3, target=5)], label_heading="s",
                            value_heading="v")


def test_figures_are_written_as_the_tables_write_them() -> None:
    assert Format()(1234) == "1,234"
    assert Format(decimals=2, signed=True)(0.345) in {"+0.34", "+0.35"}
    assert Format(decimals=2, signed=True)(-0.2) == "-0.20"
    assert Format(prefix="£")(Decimal("12000.00")) == "£12,000"


# Wide screens, targets and limits ---------------------------------------------------------------


def quotas(*rows: Bar, wide: bool = True) -> charts.Chart:
    return charts.bar_chart(
        key="quotas", title="Participants by sector", bars=rows, label_heading="Sector", value_heading="Participants",
        target_heading="Quota: at least", limit_heading="Quota: at most", wide=wide, of_target=False,
    )


def wide_charts() -> list[charts.Chart]:
    return [
        quotas(Bar("Voluntary and community", 60, target=44), Bar("NHS acute", 80, limit=128), Bar("Faith", None),
               Bar("District or borough council with a name long enough to wrap twice over", 0)),
        charts.change_chart(key="change", title="Change", label_heading="Dimension", wide=True,
                            changes=[Change("Trust", 0.5, 0.2, 0.8, 3.0, 3.5, 20), Change("Purpose", None)]),
    ]


def parse_wide(chart: charts.Chart) -> ET.Element:
    assert chart.wide is not None
    return ET.fromstring(chart.wide)


def marks(item: ET.Element, kind: str) -> list[float]:
    return [float(m.get("data-value", "")) for m in item.iter(f"{SVG}line") if m.get("class") == f"cg-graph__{kind}"]


def test_a_chart_is_drawn_wide_only_when_asked() -> None:
    assert reach(Bar("East", 80, 100)).wide is None
    assert all(chart.wide is not None for chart in wide_charts())


@pytest.mark.parametrize("chart", wide_charts(), ids=lambda c: c.key)
def test_the_wide_picture_is_a_second_named_image_with_ids_of_its_own(chart: charts.Chart) -> None:
    narrow, wide = parse(chart), parse_wide(chart)
    assert wide.get("viewBox", "").split()[2] == str(charts.WIDE)
    assert "cg-graph__svg--wide" in wide.get("class", "").split()
    title_id, _ = wide.get("aria-labelledby", "").split()
    assert title_id == narrow.get("aria-labelledby", "").split()[0].replace("-title", "-wide-title")
    assert wide.find(f"{SVG}title").text == chart.title  # type: ignore[union-attr]
    assert wide.find(f"{SVG}desc").text == narrow.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert all("style" not in element.attrib for element in wide.iter())
    sizes = [float(t.get("font-size", "0")) for t in wide.iter(f"{SVG}text")]
    assert min(sizes) >= charts.SMALL


@pytest.mark.parametrize("chart", wide_charts(), ids=lambda c: c.key)
def test_the_wide_picture_draws_the_same_figures_and_gaps(chart: charts.Chart) -> None:
    narrow, wide = parse(chart), parse_wide(chart)
    for a, b in zip(items(narrow), items(wide), strict=True):
        assert drawn_values(a) == drawn_values(b)
        assert gaps(a) == gaps(b)
        for kind in ("target", "limit"):
            assert marks(a, kind) == marks(b, kind)
        assert [c.get("data-value") for c in a.iter(f"{SVG}circle")] == [c.get("data-value") for c in b.iter(f"{SVG}circle")]


def test_wide_bars_sit_beside_their_labels_on_one_scale() -> None:
    chart = wide_charts()[0]
    svg = parse_wide(chart)
    labels = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "cg-graph__label"]
    drawn = bars(svg)
    left = {float(r.get("x", "")) for r in drawn}
    assert len(left) == 1 and min(float(t.get("x", "")) for t in labels) < left.pop()
    widths = {float(r.get("data-value", "")): float(r.get("width", "")) for r in drawn}
    assert widths[60] / 60 == pytest.approx(widths[80] / 80, abs=0.001)
    # The long label wraps to two lines, cut with an ellipsis, beside one bar.
    assert sum(1 for t in labels if "…" in (t.text or "")) == 1
    # Laid out beside their bars, the rows take less height than the phone's picture for the same rows.
    assert float(svg.get("height", "")) < float(parse(chart).get("height", ""))


def test_a_limit_is_a_dashed_line_on_the_same_scale_and_a_column_of_the_table() -> None:
    chart = quotas(Bar("Voluntary", 60, target=44), Bar("NHS acute", 80, limit=128), wide=False)
    assert chart.header == ("Sector", "Participants", "Quota: at least", "Quota: at most")
    assert [[c.text for c in row.cells] for row in chart.rows] == [["60", "44", "–"], ["80", "–", "128"]]
    voluntary, acute = items(parse(chart))
    (limit,) = [m for m in acute.iter(f"{SVG}line") if m.get("class") == "cg-graph__limit"]
    assert limit.get("stroke-dasharray") and float(limit.get("data-value", "")) == 128
    scale = float(bars(acute)[0].get("width", "")) / 80
    assert float(limit.get("x1", "")) - charts.PAD == pytest.approx(128 * scale, abs=0.02)
    assert "60" in texts(voluntary) and "60 of 44" not in texts(voluntary)  # a quota is not an "of"
    keys = [t for t in parse(chart).iter(f"{SVG}g") if t.get("class") == "cg-graph__key"]
    assert ["".join(k.itertext()) for k in keys] == ["Participants", "Quota: at least", "Quota: at most"]


def test_the_template_shows_both_pictures_and_can_tuck_or_leave_out_the_table() -> None:
    chart = wide_charts()[0]
    page = render_to_string("charts/chart.html", {"chart": chart})
    assert page.count("<svg") == 2 and 'class="cg-graph cg-graph--wide"' in page
    assert "<details" not in page and page.count("<table") == 1
    tucked = render_to_string("charts/chart.html", {"chart": chart, "numbers": "details"})
    details = tucked[tucked.index("<details"): tucked.index("</details>")]
    assert "Show the numbers" in details and "<table" in details
    assert '<span class="nhsuk-u-visually-hidden">: Participants by sector</span>' in details
    assert "<table" not in render_to_string("charts/chart.html", {"chart": chart, "numbers": "none"})
