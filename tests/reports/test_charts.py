"""The server-drawn charts (reports.charts) and their template tags: well-formed SVG, bars
proportional to the values, the same numbers in the table, links, escaping, both
languages."""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils import translation

from reports import charts
from reports.statistics.breakdowns import Row

SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Month:
    """Like ``reports.statistics.trend.TrendRow``, with only what a chart reads."""

    key: str
    label: str
    delegations_inbound: int = 0
    delegations_outbound: int = 0
    agreements: int = 0


@dataclass(frozen=True)
class Money:
    vnd: Decimal
    missing: list = field(default_factory=list)


@dataclass(frozen=True)
class AidLine:
    """Like ``reports.statistics.aid.AidRow``: the value is a Decimal two levels down."""

    key: str
    label: str
    count: int
    committed: Money


def parse(svg):
    """The SVG as an element tree; fails the test if it is not well-formed XML."""
    return ET.fromstring(str(svg))


def by_class(root, name):
    return [node for node in root.iter() if name in node.get("class", "").split()]


def percent(node, attribute="width"):
    value = node.get(attribute)
    assert value.endswith("%"), value
    return float(value[:-1])


def texts(root, name):
    return ["".join(node.itertext()) for node in by_class(root, name)]


class TableReader(HTMLParser):
    """The cells of the tables in a piece of HTML, row by row, as text."""

    def __init__(self):
        super().__init__()
        self.rows, self.links, self._cell = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = []
        elif tag == "a" and self._cell is not None:
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def read_tables(html):
    reader = TableReader()
    reader.feed(html)
    return reader


def svg_of(html):
    return re.search(r"<svg.*?</svg>", html, re.S).group(0)


def render(source, **context):
    return Template("{% load charts %}" + source).render(Context(context))


COUNTRIES = [Row("JP", "Japan", 200), Row("KR", "Korea", 150), Row("FR", "France", 50)]


# The bar chart: the drawing


def test_bar_chart_is_well_formed_svg_with_a_role_and_a_summary():
    with translation.override("en"):
        root = parse(charts.bar_chart_svg(COUNTRIES, title="Top partner countries"))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == (
        "Top partner countries: bar chart of 3 items. Largest: Japan 200; Korea 150; France 50."
    )


def test_bar_lengths_are_proportional_to_the_values():
    rows = [Row("a", "A", 80), Row("b", "B", 20), Row("c", "C", 60), Row("d", "D", 5)]

    widths = [percent(bar) for bar in by_class(parse(charts.bar_chart_svg(rows)), "chart__bar")]

    assert widths == pytest.approx([100, 25, 75, 6.25], abs=0.01)


def test_a_fixed_width_draws_in_pixels_for_a_pdf():
    rows = [Row("a", "A", 40), Row("b", "B", 10)]

    root = parse(charts.bar_chart_svg(rows, width=600))

    assert root.get("width") == "600"
    assert [float(bar.get("width")) for bar in by_class(root, "chart__bar")] == [600, 150]


def test_a_zero_value_has_no_bar_and_still_a_row():
    rows = [Row("a", "A", 10), Row("b", "B", 0)]

    root = parse(charts.bar_chart_svg(rows))

    assert len(by_class(root, "chart__bar")) == 1
    assert texts(root, "chart__label") == ["A", "B"]
    assert texts(root, "chart__value") == ["10", "0"]


def test_all_zero_data_draws_empty_tracks_and_says_so():
    rows = [Row("a", "Government", 0), Row("b", "Business", 0)]

    with translation.override("en"):
        chart = charts.bar_chart(rows, title="Delegations by kind")
        html = render("{% bar_chart rows title='Delegations by kind' %}", rows=rows)

    root = parse(chart.svg)
    assert chart.all_zero
    assert by_class(root, "chart__bar") == []
    assert len(by_class(root, "chart__track")) == 2
    assert root.get("aria-label") == "Delegations by kind: bar chart of 2 items, all zero."
    assert "No records in this period." in html
    assert read_tables(html).rows[1:] == [["Government", "0"], ["Business", "0"]]


def test_no_rows_give_a_message_and_no_drawing_or_table():
    with translation.override("en"):
        html = render("{% bar_chart rows title='Conferences by format' %}", rows=[])

    assert "No records in this period." in html
    assert "<svg" not in html
    assert "<table" not in html
    assert "Conferences by format" in html


def test_a_long_label_is_shortened_on_the_drawing_and_whole_in_the_table_and_tooltip():
    label = "The United Kingdom of Great Britain and Northern Ireland and its dependencies"
    rows = [Row("GB", label, 3)]

    html = render("{% bar_chart rows %}", rows=rows)

    root = parse(svg_of(html))
    (shown,) = texts(root, "chart__label")
    assert shown.endswith("…")
    assert len(shown) < 48
    assert label.startswith(shown[:-1])
    assert root.find(f".//{SVG}title").text == f"{label}: 3"
    assert read_tables(html).rows[1] == [label, "3"]


def test_a_limit_keeps_the_first_rows_in_the_drawing_and_the_table():
    html = render("{% bar_chart rows limit=2 %}", rows=COUNTRIES)

    assert texts(parse(svg_of(html)), "chart__label") == ["Japan", "Korea"]
    assert [row[0] for row in read_tables(html).rows[1:]] == ["Japan", "Korea"]


# The bar chart: values, numbers, languages


def test_the_table_has_the_same_numbers_as_the_drawing():
    rows = [Row("JP", "Japan", 12345), Row("KR", "Korea", 678), Row("FR", "France", 0)]

    with translation.override("en"):
        html = render(
            "{% bar_chart rows label_header='Country' value_header='Visits' %}", rows=rows
        )

    drawn = texts(parse(svg_of(html)), "chart__value")
    table = read_tables(html).rows
    assert table[0] == ["Country", "Visits"]
    assert [cells[1] for cells in table[1:]] == drawn == ["12,345", "678", "0"]
    assert [cells[0] for cells in table[1:]] == ["Japan", "Korea", "France"]


def test_numbers_are_grouped_in_the_active_language():
    rows = [Row("JP", "Japan", 1234567)]

    with translation.override("vi"):
        vietnamese = texts(parse(charts.bar_chart_svg(rows)), "chart__value")
    with translation.override("en"):
        english = texts(parse(charts.bar_chart_svg(rows)), "chart__value")

    assert vietnamese == ["1.234.567"]
    assert english == ["1,234,567"]


def test_the_value_is_read_by_a_dotted_path_through_extra():
    rows = [Row("JP", "Japan", 2, {"people": 40}), Row("KR", "Korea", 5, {"people": 10})]

    root = parse(charts.bar_chart_svg(rows, value="extra.people"))

    assert texts(root, "chart__value") == ["40", "10"]
    assert [percent(bar) for bar in by_class(root, "chart__bar")] == [100, 25]


def test_the_value_may_be_a_callable():
    rows = [Row("JP", "Japan", 2, {"inbound": 1, "outbound": 1})]

    root = parse(charts.bar_chart_svg(rows, value=lambda row: row.count * 10))

    assert texts(root, "chart__value") == ["20"]


def test_a_misspelt_value_path_fails_loudly():
    with pytest.raises(AttributeError):
        charts.bar_chart(COUNTRIES, value="cuont")


def test_money_rows_are_drawn_from_decimals_and_formatted_as_money_in_each_language():
    rows = [
        AidLine("JP", "Japan", 3, Money(Decimal("1250000000"))),
        AidLine("DE", "Germany", 1, Money(Decimal("312500000"))),
    ]

    with translation.override("vi"):
        vietnamese = charts.bar_chart(rows, value="committed.vnd", currency="VND")
    with translation.override("en"):
        english = charts.bar_chart(rows, value="committed.vnd", currency="VND")

    assert texts(parse(vietnamese.svg), "chart__value") == ["1.250.000.000 ₫", "312.500.000 ₫"]
    assert texts(parse(english.svg), "chart__value") == ["VND 1,250,000,000", "VND 312,500,000"]
    assert [percent(bar) for bar in by_class(parse(english.svg), "chart__bar")] == [100, 25]


def test_a_formatter_callable_writes_the_displayed_value():
    rows = [AidLine("JP", "Japan", 3, Money(Decimal("2.5")))]

    chart = charts.bar_chart(rows, value="committed.vnd", formatter=lambda value: f"{value} bn")

    assert texts(parse(chart.svg), "chart__value") == ["2.5 bn"]
    assert chart.bars[0].value == Decimal("2.5")


def test_a_row_with_missing_rates_is_marked_and_its_note_shown_beside_the_chart():
    missing = ["No exchange rate for KRW on 12/03/2025."]
    rows = [
        AidLine("JP", "Japan", 3, Money(Decimal(100))),
        AidLine("KR", "Korea", 2, Money(Decimal(50), missing)),
    ]

    with translation.override("en"):
        html = render(
            "{% bar_chart rows value='committed.vnd' row_note='committed.missing' %}", rows=rows
        )

    assert texts(parse(svg_of(html)), "chart__value") == ["100", "50 *"]
    assert "* Korea: No exchange rate for KRW on 12/03/2025." in html
    assert read_tables(html).rows[2] == ["Korea", "50 *"]


def test_the_previous_period_is_a_mark_on_each_bar_and_a_column_of_the_table():
    rows = [Row("JP", "Japan", 100), Row("KR", "Korea", 40)]
    previous = [Row("KR", "Korea", 80), Row("US", "United States", 500)]

    with translation.override("en"):
        html = render("{% bar_chart rows previous=previous %}", rows=rows, previous=previous)

    root = parse(svg_of(html))
    # The scale holds both periods' values of the rows shown: 100 is the largest.
    assert [percent(bar) for bar in by_class(root, "chart__bar")] == [100, 40]
    assert [percent(mark, "x") for mark in by_class(root, "chart__previous")] == [0, 80]
    assert read_tables(html).rows == [
        ["Item", "Number", "Previous period"],
        ["Japan", "100", "0"],
        ["Korea", "40", "80"],
    ]


# The bar chart: links and escaping


def test_bars_and_table_numbers_link_when_a_link_function_is_given():
    chart = charts.bar_chart(
        COUNTRIES, link_url=lambda row: f"/admin/?countries__contains={row.key}"
    )

    anchors = parse(chart.svg).findall(f".//{SVG}a")

    expected = [f"/admin/?countries__contains={code}" for code in ("JP", "KR", "FR")]
    assert [anchor.get("href") for anchor in anchors] == expected
    # The drawing's links are for the mouse; the table's serve the keyboard.
    assert {anchor.get("tabindex") for anchor in anchors} == {"-1"}
    assert [bar.href for bar in chart.bars] == expected


def test_a_link_function_passes_through_a_template_when_wrapped():
    link = charts.template_callable(lambda row: f"/admin/?c={row.key}&y=2025")

    html = render("{% bar_chart rows link_url=link %}", rows=COUNTRIES, link=link)

    assert read_tables(html).links == [
        "/admin/?c=JP&y=2025",
        "/admin/?c=KR&y=2025",
        "/admin/?c=FR&y=2025",
    ]
    assert 'href="/admin/?c=JP&amp;y=2025"' in svg_of(html)
    assert len(parse(svg_of(html)).findall(f".//{SVG}a")) == 3


def test_a_link_pattern_puts_the_quoted_key_in_place():
    rows = [Row("city", "City leadership", 3), Row("a b&c", "Odd", 1)]

    chart = charts.bar_chart(rows, link_url="/admin/agreements/agreement/?level={key}")

    assert [bar.href for bar in chart.bars] == [
        "/admin/agreements/agreement/?level=city",
        "/admin/agreements/agreement/?level=a%20b%26c",
    ]


def test_a_link_mapping_links_only_the_keys_it_has():
    chart = charts.bar_chart(COUNTRIES, link_url={"JP": "/jp/"})

    assert [bar.href for bar in chart.bars] == ["/jp/", None, None]
    assert len(parse(chart.svg).findall(f".//{SVG}a")) == 1


def test_without_links_there_are_none():
    html = render("{% bar_chart rows %}", rows=COUNTRIES)

    assert "<a " not in html.split("<details")[0]
    assert read_tables(html).links == []


def test_a_script_in_a_label_is_escaped_everywhere():
    rows = [Row("x", '<script>alert("x")</script> & co', 1)]

    html = render("{% bar_chart rows title=title %}", rows=rows, title="<b>Title</b>")

    assert "<script>" not in html
    assert "<b>" not in html
    root = parse(svg_of(html))
    assert texts(root, "chart__label") == ['<script>alert("x")</script> & co']
    assert read_tables(html).rows[1][0] == '<script>alert("x")</script> & co'


# The template: figure, caption, table


def test_the_tag_renders_a_figure_with_caption_drawing_and_a_table_to_open():
    with translation.override("en"):
        html = render(
            "{% bar_chart rows title='Top partner countries' "
            "description='A delegation from two countries counts once in each.' %}",
            rows=COUNTRIES,
        )

    assert html.strip().startswith('<figure class="chart chart--bar">')
    assert re.search(
        r"<figcaption[^>]*>\s*<span class=\"chart__title\">Top partner countries", html
    )
    assert "A delegation from two countries counts once in each." in html
    assert '<details class="chart__data">' in html
    assert "<summary>Show as a table</summary>" in html
    assert '<caption class="visually-hidden">Top partner countries</caption>' in html


def test_the_table_can_start_open():
    html = render("{% bar_chart rows table_open=True %}", rows=COUNTRIES)

    assert '<details class="chart__data" open>' in html


def test_the_table_groups_numbers_the_vietnamese_way_by_default():
    html = render("{% bar_chart rows %}", rows=[Row("JP", "Nhật Bản", 1500)])

    assert read_tables(html).rows[1] == ["Nhật Bản", "1.500"]
    assert texts(parse(svg_of(html)), "chart__value") == ["1.500"]


# The trend chart


def year_of_months(values, year=2025):
    return [
        Month(f"{year}-{number:02d}", f"{number:02d}/{year}", inbound, outbound)
        for number, (inbound, outbound) in enumerate(values, start=1)
    ]


SERIES = [("delegations_inbound", "Inbound"), ("delegations_outbound", "Outbound")]


def test_trend_chart_is_well_formed_svg_with_a_summary_of_each_series():
    rows = year_of_months([(10, 2), (30, 0), (20, 5)])

    with translation.override("en"):
        root = parse(charts.trend_chart_svg(rows, series=SERIES, title="By month"))

    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 960 300"
    assert root.get("aria-label") == (
        "By month: column chart from 01/2025 to 03/2025. Inbound: 60 in all, most in 02/2025 "
        "(30); Outbound: 7 in all, most in 03/2025 (5)."
    )


def test_trend_columns_are_proportional_to_the_values_on_a_round_scale():
    rows = year_of_months([(40, 10), (20, 30)])

    root = parse(charts.trend_chart_svg(rows, series=SERIES))

    heights = [float(column.get("height")) for column in by_class(root, "chart__column")]
    # A scale of 0 to 40 in steps of 10: 40 fills the plot.
    assert heights == pytest.approx([h * heights[0] / 40 for h in (40, 10, 20, 30)])
    assert texts(root, "chart__axis")[0].startswith("010203040")
    fills = [column.get("fill") for column in by_class(root, "chart__column")]
    assert fills == [charts.PALETTE[0], charts.PALETTE[1]] * 2


def test_trend_columns_of_a_month_sit_side_by_side_in_its_slot():
    rows = year_of_months([(5, 5), (5, 5)])

    columns = by_class(parse(charts.trend_chart_svg(rows, series=SERIES)), "chart__column")

    xs = [float(column.get("x")) for column in columns]
    assert xs == sorted(xs)
    assert xs[1] > xs[0] + float(columns[0].get("width"))
    assert xs[2] - xs[0] == pytest.approx((960 - 52 - 8) / 2)


def test_trend_table_lists_every_month_and_the_totals():
    rows = year_of_months([(1200, 2), (0, 0), (3, 4)])

    with translation.override("en"):
        html = render("{% trend_chart rows series=series %}", rows=rows, series=SERIES)

    assert read_tables(html).rows == [
        ["Month", "Inbound", "Outbound"],
        ["01/2025", "1,200", "2"],
        ["02/2025", "0", "0"],
        ["03/2025", "3", "4"],
        ["Total", "1,203", "6"],
    ]


def test_trend_series_may_be_named_in_a_string_with_default_labels():
    rows = year_of_months([(1, 2)])

    with translation.override("en"):
        html = render(
            "{% trend_chart rows series='delegations_inbound,agreements:Signed' %}", rows=rows
        )

    assert read_tables(html).rows[0] == ["Month", "Inbound delegations", "Signed"]
    assert "Inbound delegations" in "".join(texts(parse(svg_of(html)), "chart__legend"))


def test_trend_columns_link_by_month_and_series():
    rows = year_of_months([(3, 1), (0, 2)])
    link = charts.template_callable(lambda row, series: f"/admin/?month={row.key}&s={series}")

    html = render(
        "{% trend_chart rows series=series link_url=link %}", rows=rows, series=SERIES, link=link
    )

    hrefs = [anchor.get("href") for anchor in parse(svg_of(html)).findall(f".//{SVG}a")]
    # No column (so no link on the drawing) for a zero; the table links every number.
    assert hrefs == [
        "/admin/?month=2025-01&s=delegations_inbound",
        "/admin/?month=2025-01&s=delegations_outbound",
        "/admin/?month=2025-02&s=delegations_outbound",
    ]
    assert len(read_tables(html).links) == 4


def test_a_year_shows_every_month_and_its_year_once():
    rows = year_of_months([(1, 1)] * 12)

    with translation.override("en"):
        axis = texts(parse(charts.trend_chart_svg(rows, series=SERIES)), "chart__axis")[1]

    assert axis == "2025JanFebMarAprMayJunJulAugSepOctNovDec"


def test_six_years_of_months_thin_the_axis_to_fit():
    rows = [
        Month(f"{year}-{month:02d}", f"{month:02d}/{year}", 1, 1)
        for year in range(2020, 2026)
        for month in range(1, 13)
    ]

    with translation.override("en"):
        root = parse(charts.trend_chart_svg(rows, series=SERIES))

    labels = [node.text for node in by_class(root, "chart__axis")[1].iter(f"{SVG}text")]
    months = [label for label in labels if not label.isdigit()]
    years = [label for label in labels if label.isdigit()]
    assert years == [str(year) for year in range(2020, 2026)]
    assert 0 < len(months) <= 24
    assert len(by_class(root, "chart__column")) == 144


def test_all_zero_trend_has_an_axis_no_columns_and_says_so():
    rows = year_of_months([(0, 0), (0, 0)])

    with translation.override("en"):
        chart = charts.trend_chart(rows, series=SERIES, title="By month")
        html = render("{% trend_chart rows series=series %}", rows=rows, series=SERIES)

    assert chart.all_zero
    assert by_class(parse(chart.svg), "chart__column") == []
    assert "Inbound: none" in chart.summary
    assert "No records in this period." in html


def test_an_empty_trend_gives_a_message():
    with translation.override("en"):
        html = render("{% trend_chart rows series=series %}", rows=[], series=SERIES)

    assert "No records in this period." in html
    assert "<svg" not in html


def test_trend_rows_other_than_months_are_labelled_by_their_label():
    rows = [Month("2025-Q1", "Q1 2025", 3, 1), Month("2025-Q2", "Q2 2025", 4, 2)]

    root = parse(charts.trend_chart_svg(rows, series=SERIES))

    assert [node.text for node in by_class(root, "chart__axis")[1].iter(f"{SVG}text")] == [
        "Q1 2025",
        "Q2 2025",
    ]


def test_a_month_label_with_markup_is_escaped_in_the_trend():
    rows = [Month("x", "<script>1</script>", 1, 1)]

    html = render("{% trend_chart rows series=series %}", rows=rows, series=SERIES)

    assert "<script>" not in html
    parse(svg_of(html))


# Helpers


@pytest.mark.parametrize(
    ("largest", "expected"),
    [
        (0, (1, 4)),
        (3, (1, 3)),
        (4, (1, 4)),
        (7, (2, 8)),
        (60, (20, 60)),
        (61, (20, 80)),
        (1234, (500, 1500)),
    ],
)
def test_nice_scale_rounds_the_axis_up_in_round_steps(largest, expected):
    assert charts.nice_scale(largest) == expected


def test_every_series_colour_has_3_to_1_contrast_on_white():
    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in charts.PALETTE:
        assert (1.05) / (luminance(colour) + 0.05) >= 3, colour


def test_a_chart_with_links_is_a_labelled_group_not_an_image():
    # An image may not contain links (axe-core's nested-interactive): a linked drawing is a
    # group that keeps its summary as its label.
    linked = parse(charts.bar_chart_svg(COUNTRIES, title="Top", link_url={"JP": "/jp/"}))
    rows = year_of_months([(10, 2)])
    linked_trend = parse(
        charts.trend_chart_svg(rows, series=SERIES, title="By month", link_url="/m/{key}")
    )

    assert linked.get("role") == linked_trend.get("role") == "group"
    assert linked.get("aria-label").startswith("Top")
    assert parse(charts.bar_chart_svg(COUNTRIES, title="Top")).get("role") == "img"
