"""The annual report as a PDF (``reports.annual.pdf``): its text, read back with pypdf,
holds the title block, the period, every headline figure as the report formats it, the
charts' own text and the annexes' records; Vietnamese letters come out whole (NFC) however
they were typed; the annexes repeat their header row on each page; pages are numbered.
The formatting helpers are checked on their own, in both languages."""

import datetime
import io
import random
import unicodedata
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import translation
from pypdf import PdfReader

from delegations.models import Delegation
from reports.annual import Column, Figure, Report, Section, Table, build_report
from reports.annual.pdf import (
    column_widths,
    context,
    figure_label,
    format_cell,
    format_change,
    format_figure,
    render_html,
    write_pdf,
)
from reports.periods import Period
from reports.statistics import TrendRow, delegation_summary
from tests.factories import (
    AgreementFactory,
    AidProjectFactory,
    ConferenceFactory,
    DelegationFactory,
    ExchangeRateFactory,
    ForeignPartnerFactory,
    SectorFactory,
)

D = datetime.date
TODAY = D(2026, 3, 15)
GENERATED_AT = datetime.datetime(2026, 3, 15, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def pdf_of(report):
    stream = io.BytesIO()
    write_pdf(report, stream)
    return stream.getvalue()


def pages_of(data):
    """The text of each page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text):
    """The text with its lines joined: a sentence may wrap anywhere."""
    return " ".join(text.split())


def squashed(text):
    """The text without any spaces: a label may wrap after a hyphen, in a narrow cell."""
    return "".join(text.split())


# Generated data, built through the statistics layer (build_report)


def make_records(seed, year=2025, size=10):
    """Delegations (press ones among them only when ``press``), agreements, conferences
    and aid in ``year`` and the year before, on random days, a few of them cancelled."""
    rng = random.Random(seed)
    ExchangeRateFactory(currency="USD", valid_from=D(2019, 1, 1), rate_to_vnd="24000")
    sectors = [SectorFactory(code=code) for code in ("health", "education")]
    partners = [ForeignPartnerFactory(country=code) for code in ("JP", "KR", "FR")]

    def day(in_year):
        return D(in_year, 1, 1) + datetime.timedelta(days=rng.randrange(365))

    for in_year in (year - 1, year):
        for _ in range(size):
            DelegationFactory(
                direction=rng.choice(Delegation.Direction.values),
                countries=rng.sample(["JP", "KR", "FR", "US"], rng.choice([1, 2])),
                start_date=day(in_year),
                member_count=rng.randrange(1, 20),
                status=rng.choice(
                    [Delegation.Status.COMPLETED] * 4 + [Delegation.Status.CANCELLED]
                ),
            )
        for _ in range(size // 2):
            AgreementFactory(
                signed_on=day(in_year),
                parties=[rng.choice(partners)],
                sectors=rng.sample(sectors, 1),
            )
            ConferenceFactory(start_date=day(in_year))
            AidProjectFactory(
                committed_on=day(in_year),
                currency=rng.choice(["USD", "VND"]),
                commitment_amount=Decimal(rng.randrange(10**4, 10**9)),
            )


YEAR_START, YEAR_END = D(2025, 1, 1), D(2025, 12, 31)


def yearly_report(language="en", start=YEAR_START, end=YEAR_END, **kwargs):
    return build_report(
        start=start,
        end=end,
        language=language,
        user="Nguyễn Thị Hồng",
        today=TODAY,
        generated_at=GENERATED_AT,
        **kwargs,
    )


@pytest.mark.django_db
def test_pdf_text_holds_the_title_block_and_every_headline_figure():
    make_records(seed=1)
    report = yearly_report("en")
    pages = pages_of(pdf_of(report))
    first = flat(pages[0])
    text = flat(" ".join(pages))

    assert report.title in first
    assert "Period: 2025 · Compared with: 2024" in first
    assert "Generated on 15 Mar 2026, 16:30 by Nguyễn Thị Hồng" in first
    assert "Nguyễn Thị Hồng" in first
    assert report.department.upper() in first  # the issuer block, in capitals
    assert "Can Tho, 15 March 2026" in first  # the place and date line (local time)
    text = squashed(text)
    with translation.override("en"):
        for section in report.sections:
            assert squashed(section.title) in text
            for figure in section.figures:
                assert squashed(figure_label(figure)) in text
                assert squashed(format_figure(figure.value, figure.unit)) in text
                if figure.previous is not None:
                    change, percent = format_change(figure)
                    assert squashed(change) in text
                    assert percent in text


@pytest.mark.django_db
def test_pdf_figures_are_the_statistics_layers():
    make_records(seed=2)
    report = yearly_report("en")
    text = flat(" ".join(pages_of(pdf_of(report))))
    summary = delegation_summary(start=YEAR_START, end=YEAR_END)
    inbound = report.figure("delegations.inbound")
    assert inbound.value == summary.inbound
    # The row of the figure: its label, then this year's and last year's values.
    row = f"{inbound.label} {summary.inbound:,} {inbound.previous:,}"
    assert row in text


@pytest.mark.django_db
def test_pdf_has_annexes_on_further_pages_with_every_record():
    make_records(seed=3)
    cancelled = DelegationFactory(
        title_en="Cancelled visit of the Okayama delegation",
        start_date=D(2025, 6, 2),
        status=Delegation.Status.CANCELLED,
    )
    report = yearly_report("en")
    pages = pages_of(pdf_of(report))
    assert len(pages) > 1
    annex_pages = [page for page in pages if "Annex 1. " in page]
    assert annex_pages
    annexes = flat(" ".join(page for page in pages if "Annex" in page))
    assert cancelled.title_en in annexes
    assert "Cancelled" in annexes  # listed, and marked as such


@pytest.mark.django_db
def test_pdf_draws_the_charts_and_their_text_is_in_the_pdf():
    make_records(seed=4)
    report = yearly_report("en")
    assert report.charts
    pages = pages_of(pdf_of(report))
    chart_page = next(page for page in pages if "Figure 1. Delegations by month" in page)
    # The legend and the axis are drawn by the SVG, not written by the template.
    assert "Foreign delegations received" in chart_page
    assert "Delegations of the city abroad" in chart_page
    assert "Jan" in chart_page.split()


@pytest.mark.django_db
def test_pdf_in_vietnamese_keeps_diacritics_whole_and_groups_numbers():
    make_records(seed=5)
    title = "Đoàn công tác tỉnh Jeollanam-do thăm Thành phố Cần Thơ về hợp tác nông nghiệp"
    # Typed in decomposed form (a letter, then its marks), as some keyboards do.
    DelegationFactory(
        title=unicodedata.normalize("NFD", title),
        start_date=D(2025, 4, 9),
        member_count=1234,
    )
    report = yearly_report("vi")
    text = "\n".join(pages_of(pdf_of(report)))

    assert unicodedata.is_normalized("NFC", text)
    assert squashed(title) in squashed(text)  # it wraps in its narrow column
    assert "09/04/2025" in text  # dates as Vietnamese offices write them
    assert "1.234" in text  # the delegation's members, grouped with a dot
    # Page numbers (pypdf may split "Trang" at a kerning pair: compare without spaces).
    assert "Trang" in squashed(text)
    assert "Cần Thơ" in text


@pytest.mark.django_db
def test_pdf_of_a_range_of_years():
    make_records(seed=6, year=2021)
    make_records(seed=7, year=2023)
    report = yearly_report("en", start=D(2020, 1, 1), end=D(2025, 12, 31))
    text = flat(" ".join(pages_of(pdf_of(report))))
    assert "2020–2025" in text
    assert report.title in text
    inbound = report.figure("delegations.inbound")
    assert format_figure(inbound.value, inbound.unit) in text


@pytest.mark.django_db
def test_pdf_without_comparison_has_no_previous_period_column():
    make_records(seed=8)
    report = yearly_report("en", compare=False)
    first = flat(pages_of(pdf_of(report))[0])
    assert "Period: 2025" in first
    assert "Compared with" not in first
    assert "Change (%)" not in first


@pytest.mark.django_db
def test_pdf_names_the_missing_exchange_rates():
    make_records(seed=9)
    AidProjectFactory(committed_on=D(2025, 5, 3), currency="EUR", commitment_amount="1000")
    report = yearly_report("en")
    assert report.missing_rates
    text = flat(" ".join(pages_of(pdf_of(report))))
    for sentence in report.missing_rates:
        assert sentence in text


# A report made by hand: the layout's own rules, without a database


def annex_rows(count):
    for number in range(count):
        yield [D(2025, 1, 1) + datetime.timedelta(days=number), f"Visit number {number}", number]


def handmade_report(language="en", *, charts=None, annex_size=3, **changes):
    fields = dict(
        language=language,
        city="Cần Thơ",
        department="Sở Ngoại vụ",
        title="Báo cáo tổng kết công tác đối ngoại năm 2025",
        period=Period.year(2025),
        previous=Period.year(2024),
        generated_at=GENERATED_AT,
        generated_by="Nguyễn Thị Hồng",
        sections=[
            Section(
                "delegations",
                "Delegations",
                [
                    Figure(
                        "delegations.inbound", "Foreign delegations received", 1412, 1300, "count"
                    ),
                    Figure("delegations.press", "Press delegations", 9, 0, "count"),
                    Figure(
                        "relationships.active",
                        "Active relationships",
                        23,
                        None,
                        "count",
                        note="As of today.",
                    ),
                ],
            ),
            Section(
                "aid",
                "Aid",
                [
                    Figure(
                        "aid.vnd",
                        "Committed",
                        Decimal("37125000000"),
                        Decimal("40000000000"),
                        "VND",
                        note="No exchange rate for EUR on 03/05/2025.",
                    ),
                    Figure("aid.usd", "Committed", Decimal("1458250.55"), Decimal("500000"), "USD"),
                ],
            ),
        ],
        narrative=["In 2025 the city welcomed 1,412 foreign delegations (up 8.6% on 2024)."],
        breakdowns=[
            Table(
                "delegations.country",
                "Delegations by country",
                [Column("country", "Country", "text"), Column("count", "Delegations", "int")],
                [["Japan", 120], ["Korea", 80], ["Hungary", 0]],
            )
        ],
        rates=Table(
            "rates",
            "Exchange rates",
            [
                Column("currency", "Currency", "text"),
                Column("valid_from", "Valid from", "date"),
                Column("rate", "VND per unit", "decimal"),
            ],
            [["USD", D(2025, 1, 1), Decimal("25450.500000")]],
        ),
        missing_rates=["No exchange rate for EUR on 03/05/2025."],
        annexes=[
            Table(
                "annex.delegations",
                "Delegations",
                [
                    Column("date", "Date", "date"),
                    Column("title", "Delegation title", "text"),
                    Column("members", "Members", "int"),
                ],
                annex_rows(annex_size),
            ),
            Table(
                "annex.activities",
                "Twin-city activities",
                [Column("t", "Activity", "text")],
                iter([]),
            ),
        ],
        trend=[
            TrendRow(f"2025-{month:02d}", f"{month:02d}/2025", month, 1, 0, 2, 0)
            for month in range(1, 13)
        ],
        charts={} if charts is None else charts,
    )
    fields.update(changes)
    return Report(**fields)


SENTINEL_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Sentinel chart: a test." '
    'width="300" height="40" font-family="Arial"><text x="0" y="20">Drawn by the SVG 42</text></svg>'
)


def test_report_charts_are_drawn_inline_with_their_title_as_caption():
    data = pdf_of(handmade_report(charts={"sentinel": SENTINEL_SVG}))
    text = flat(" ".join(pages_of(data)))
    assert "Figure 1. Sentinel chart" in text
    assert "Drawn by the SVG 42" in text


def test_charts_are_drawn_from_the_reports_rows_when_it_brings_none():
    report = handmade_report("en", charts={})
    charts = context(report)["charts"]
    titles = [chart.title for chart in charts]
    assert titles[:2] == [
        "Delegations by month",
        "Agreements, conferences and aid projects by month",
    ]
    assert "Delegations by country" in titles
    text = flat(" ".join(pages_of(pdf_of(report))))
    assert "Foreign delegations received" in text  # the trend's legend


def test_chart_text_is_set_in_a_font_with_vietnamese_letters():
    svg = context(handmade_report(charts={"sentinel": SENTINEL_SVG}))["charts"][0].svg
    assert 'font-family="DejaVu Sans Condensed' in svg
    assert "Arial" not in svg
    assert 'viewBox="0 0 300 40"' in svg  # so that it scales with the page


def test_a_chart_with_nothing_to_draw_is_left_out():
    empty = '<svg xmlns="http://www.w3.org/2000/svg" aria-label="Nothing: no data." width="640" height="0"></svg>'
    charts = context(handmade_report(charts={"empty": empty, "sentinel": SENTINEL_SVG}))["charts"]
    assert [chart.title for chart in charts] == ["Sentinel chart"]


def test_pages_are_numbered_page_n_of_total():
    pages = pages_of(pdf_of(handmade_report(annex_size=120)))
    total = len(pages)
    assert total > 2
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {total}" in text


def test_annex_header_repeats_on_every_page_of_a_long_annex():
    pages = pages_of(pdf_of(handmade_report(annex_size=150)))
    annex_pages = [page for page in pages if "Visit number" in page]
    assert len(annex_pages) > 1
    for page in annex_pages:
        assert "Delegation title" in page
    assert "Visit number 149" in annex_pages[-1]


def test_an_empty_annex_says_so():
    text = flat(" ".join(pages_of(pdf_of(handmade_report()))))
    assert "Annex 2. Twin-city activities" in text
    assert "No records in this period." in text


def test_figure_notes_are_footnotes_and_uncompared_figures_show_a_dash():
    text = flat(" ".join(pages_of(pdf_of(handmade_report()))))
    assert "1. As of today." in text
    assert "2. No exchange rate for EUR on 03/05/2025." in text
    assert "Active relationships1 23 —" in text


def test_html_is_nfc_whatever_the_report_holds():
    decomposed = unicodedata.normalize("NFD", "Báo cáo tổng kết công tác đối ngoại năm 2025")
    html = render_html(handmade_report(title=decomposed))
    assert unicodedata.is_normalized("NFC", html)
    assert "Báo cáo tổng kết công tác đối ngoại năm 2025" in html


def test_the_pdf_reads_its_rows_once():
    reads = []

    def rows():
        reads.append(1)
        yield [D(2025, 1, 2), "Visit", 3]

    report = handmade_report()
    report.annexes[0].rows = rows()
    assert pdf_of(report).startswith(b"%PDF-")
    assert reads == [1]


# Formatting, in both languages


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["1.234", "09/04/2025", "1.500.000", "75.000,50", "25.450,5", "7", "Nhật Bản"]),
        ("en", ["1,234", "9 Apr 2025", "1,500,000", "75,000.50", "25,450.5", "7", "Nhật Bản"]),
    ],
)
def test_cells_are_formatted_as_each_language_writes_them(language, expected):
    values = [
        (1234, "int"),
        (D(2025, 4, 9), "date"),
        (Decimal("1500000.40"), "VND"),
        (Decimal("75000.5"), "USD"),
        (Decimal("25450.500000"), "decimal"),
        (Decimal("7.00"), "money"),
        ("Nhật Bản", "text"),
    ]
    with translation.override(language):
        assert [format_cell(value, kind) for value, kind in values] == expected
        assert format_cell(None, "int") == ""


@pytest.mark.parametrize(
    ("language", "value", "previous", "unit", "expected"),
    [
        ("vi", 412, 381, "count", ("+31", "+8,1%")),
        ("en", 412, 381, "count", ("+31", "+8.1%")),
        ("en", 37, 40, "count", ("−3", "−7.5%")),
        ("en", 7, 7, "count", ("±0", "±0.0%")),
        ("en", 9, 0, "count", ("+9", "new")),
        ("en", 0, 0, "count", ("±0", "—")),
        ("en", 5, None, "count", ("", "")),
        ("en", Decimal("1500.25"), Decimal("1000"), "USD", ("+500.25", "+50.0%")),
        ("vi", Decimal("1500000"), Decimal("1000000"), "VND", ("+500.000", "+50,0%")),
    ],
)
def test_change_against_the_previous_period(language, value, previous, unit, expected):
    figure = Figure("x", "X", value, previous, unit)
    with translation.override(language):
        assert format_change(figure) == expected


def test_short_columns_fit_their_values_and_long_ones_share_the_rest():
    report = handmade_report()
    annex = context(report)["annexes"][0]
    widths = [float(column.width.rstrip("%")) for column in annex.columns]
    assert sum(widths) == pytest.approx(100, abs=0.05)
    date, title, members = widths
    assert title > date > members

    class Cell:
        def __init__(self, text):
            self.text = text

    columns = [type("C", (), {"label": label})() for label in ("Date", "Title")]
    rows = [[Cell("01/01/2025"), Cell("A long title " * 6)] for _ in range(10)]
    date, title = column_widths(columns, rows, available_mm=167)
    # A date needs about 16 mm of 167: it gets that, the title the rest.
    assert 7 < date < 13
    assert title == pytest.approx(100 - date)


def test_page_number_follows_the_translated_wording(monkeypatch):
    """The wording "Trang 3/12" once translated; a quote in it cannot break the CSS."""
    from reports.annual import pdf

    monkeypatch.setattr(
        pdf, "_", lambda text: {"Page {page} of {pages}": 'Trang {page}/{pages} "'}.get(text, text)
    )
    assert pdf._page_content() == '"Trang " counter(page) "/" counter(pages) " \\""'


@pytest.mark.django_db
def test_pdf_lists_the_first_records_of_a_long_annex_and_says_so(monkeypatch):
    from reports.annual import pdf

    make_records(seed=4)
    monkeypatch.setattr(pdf, "PDF_ANNEX_ROWS", 2)
    report = yearly_report("en")
    delegations = next(table for table in report.annexes if table.key == "delegations")
    total = delegations.rows.count()
    titles = [row[4] for row in delegations.rows]
    assert total > 2
    text = flat(" ".join(pages_of(pdf_of(report))))
    assert f"lists the first 2 of the {total} records" in text
    assert titles[0] in text and titles[1] in text
    assert titles[-1] not in text
