"""The annual report as a PDF: the same content as the XLSX and DOCX files
(``reports.annual.content.Report``), laid out by WeasyPrint from the Django template
``templates/reports/annual/report.html`` and ``static/css/report-print.css``.

A4 portrait, a title block, the narrative, the headline figures with the previous period
and the change, the charts (static SVG, inline), the breakdowns and the exchange rates, then
the annexes in smaller type (landscape when they are wide), their header row repeated on
every page; "Page 3 of 12" at the foot of each page.

Fonts: the DejaVu faces (Debian's ``fonts-dejavu-core``, on nearly every Linux machine
with fontconfig), which cover Vietnamese; the Liberation faces that "Arial" and "Times New
Roman" resolve to here do not, and a word set in two fonts reads badly. Text goes to WeasyPrint in NFC, so that "ệ" is one glyph, whatever
form the records were typed in.
"""

import datetime
import html
import itertools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports import charts
from reports.annual.content import PDF_ANNEX_ROWS, printed_annexes, printed_breakdown
from reports.annual.render import labels

TEMPLATE = "reports/annual/report.html"
STYLESHEET = "css/report-print.css"

# The face of the charts' text in the PDF (the charts ask for a web font stack whose first
# face present here, Arial's stand-in, lacks Vietnamese letters). See the module docstring.
CHART_FONT = "DejaVu Sans Condensed, DejaVu Sans, sans-serif"
_SVG_FONT = re.compile(r'font-family="[^"]*"')

# An annex with more columns than this is printed on landscape pages.
PORTRAIT_COLUMNS = 6
# Columns whose values are numbers: right-aligned, never wrapped.
NUMERIC_KINDS = {"int", "VND", "USD", "money", "decimal"}
# Sizing an annex's columns (see ``column_widths``): the text width of a portrait and a
# landscape page (``report-print.css``), about how wide a character of the annexes' type
# is, a cell's padding and borders, and what a short and a long value are.
ANNEX_WIDTH_MM = {False: 210 - 25 - 18, True: 297 - 20 - 20}
ANNEX_POINTS = 7.5  # the annexes' type size (report-print.css)
CELL_PADDING_MM = 2.8  # 1.2 mm each side (report-print.css), the borders, a little room
SHORT_COLUMN = 16  # characters
LONG_COLUMN = 80
# How many rows a chart drawn here from a breakdown shows.
CHART_ROWS = 10
# The trend chart's drawing width: about the text width of an A4 page at 96 px per inch,
# so that its 12 px labels print at about 9 pt.
TREND_WIDTH = 640
TREND_HEIGHT = 260


def write_pdf(report, stream):
    """Write ``report`` (``reports.annual.content.Report``) to the binary ``stream`` as a
    PDF. The annexes' rows are read once. Takes a few seconds per hundred pages."""
    # Imported here: WeasyPrint loads Pango and its fonts, which the rest of the site
    # (and every management command) does not need.
    from weasyprint import CSS, HTML

    html = render_html(report)
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stream, stylesheets=[CSS(string=_stylesheet())]
    )


def render_html(report):
    """The report as the HTML document WeasyPrint lays out (NFC text)."""
    with translation.override(report.language):
        html = render_to_string(TEMPLATE, context(report))
    return unicodedata.normalize("NFC", html)


def _stylesheet():
    path = finders.find(STYLESHEET) or Path(settings.BASE_DIR) / "static" / STYLESHEET
    return Path(path).read_text(encoding="utf-8")


# Formatting values, in the active language


def format_number(value, decimals=None):
    """``1.234`` in Vietnamese, ``1,234`` in English; ``decimals`` places (all the value
    has, trailing zeros dropped, when None)."""
    if decimals is None:
        value = Decimal(value)
        if value == value.to_integral_value():
            decimals = 0
        else:
            decimals = max(-value.normalize().as_tuple().exponent, 0)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_date(value):
    """``09/04/2025`` / ``9 Apr 2025``; a date and time as the reader's clock shows it."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "SHORT_DATETIME_FORMAT")
    return date_format(value, "SHORT_DATE_FORMAT")


def format_cell(value, kind):
    """A table cell as the report prints it: ``kind`` is the column's (``Column.kind``).
    Amounts in a VND or USD column are bare numbers (the column's header names the
    currency): whole dong, and cents for dollars."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, str) or kind == "text":
        return str(value)
    if kind == "int":
        return format_number(value, 0)
    if kind == "VND":
        return format_number(Decimal(value).quantize(Decimal(1)), 0)
    if kind == "USD":
        return format_number(Decimal(value).quantize(Decimal("0.01")), 2)
    if kind == "money":
        value = Decimal(value)
        return format_number(value, 0 if value == value.to_integral_value() else 2)
    return format_number(value)


def format_figure(value, unit):
    """A headline figure: a count (``1.234``), or an amount in whole dong or with its
    cents when it has any (its label names the currency, see ``figure_label``) — as the
    DOCX file writes it."""
    if value is None:
        return ""
    if unit == "VND":
        return format_number(Decimal(value).quantize(Decimal(1)), 0)
    if unit == "USD":
        return format_cell(value, "money")
    return format_number(value)


def figure_label(figure):
    """The figure's label, with the currency of an amount: "Committed (VND)"."""
    if figure.unit in ("VND", "USD"):
        return f"{figure.label} ({figure.unit})"
    return str(figure.label)


def format_change(figure):
    """The change of ``figure`` against the previous period, signed (``+12``, ``−3``,
    ``±0``), and in percent (``+8,0%``; "new" when there was nothing before). Empty when
    the figure is not compared."""
    change = figure.change
    if change is None:
        return "", ""
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    amount = sign + format_figure(abs(change), figure.unit)
    percent = figure.change_percent
    if percent is not None:
        percent_sign = "+" if percent > 0 else "−" if percent < 0 else "±"
        return amount, f"{percent_sign}{format_number(abs(percent), 1)}%"
    if not figure.previous and figure.value:
        return amount, _("new")
    return amount, "—"


# The template's context


@dataclass
class Cell:
    text: str
    numeric: bool = False


@dataclass
class PreparedTable:
    """A ``Table`` ready to print: its columns (label, numeric) and its rows as text, read
    lazily (an annex's rows come from a generator)."""

    key: str
    title: str
    columns: list
    rows: object  # an iterator of lists of Cell
    note: str = ""
    empty: bool = False
    wide: bool = False
    sized: bool = False  # its columns have widths (fixed layout)


def prepare_table(table, *, sized=False):
    """``table`` ready to print. Its rows are read once, lazily; with ``sized`` (an annex)
    they are read here, to size the columns to their contents (a table of fixed layout,
    which WeasyPrint lays out faster than an automatic one, and better)."""
    columns = [
        SimpleNamespace(label=column.label, numeric=column.kind in NUMERIC_KINDS, width="")
        for column in table.columns
    ]
    kinds = [column.kind for column in table.columns]

    def cells(row):
        return [
            Cell(format_cell(value, kind), kind in NUMERIC_KINDS)
            for value, kind in zip(row, kinds, strict=False)
        ]

    if sized:
        rows = [cells(row) for row in table.rows]
        empty = not rows
        # An empty table is one line: no need to turn the page for it.
        wide = not empty and len(columns) > PORTRAIT_COLUMNS
        if not empty:
            widths = column_widths(columns, rows, ANNEX_WIDTH_MM[wide])
            for column, width in zip(columns, widths, strict=True):
                column.width = f"{width:.2f}%"
    else:
        values = iter(table.rows)
        first = next(values, None)
        empty, wide = first is None, False
        rows = (cells(row) for row in itertools.chain([] if empty else [first], values))
    return PreparedTable(
        key=table.key,
        title=table.title,
        columns=columns,
        rows=rows,
        note=table.note,
        empty=empty,
        wide=wide,
        sized=sized and not empty,
    )


def column_widths(columns, rows, available_mm):
    """The width of each column in percent of the table's: a column of short values
    (dates, numbers, a status) as wide as its widest value, so that it never wraps; the
    others share what is left by the length of their longer values (the 90th percentile:
    a row is as tall as its tallest cell), each at least as wide as its longest word."""
    count = len(columns)
    widest = [0.0] * count
    lengths = [[] for _ in range(count)]
    words = [_longest_word_mm(column.label, bold=True) for column in columns]
    for row in rows:
        for index, cell in enumerate(row):
            length = len(cell.text)
            lengths[index].append(length)
            if length <= SHORT_COLUMN:
                widest[index] = max(widest[index], text_width_mm(cell.text))
            else:
                words[index] = max(words[index], _longest_word_mm(cell.text))
    floors = [word + CELL_PADDING_MM for word in words]
    # Short: nine values in ten are (the rest wrap).
    short = [_percentile(values, 0.9) <= SHORT_COLUMN for values in lengths]
    widths = [
        max(width + CELL_PADDING_MM, floor) if is_short else 0.0
        for width, floor, is_short in zip(widest, floors, short, strict=True)
    ]
    long_columns = [index for index in range(count) if not short[index]]
    if long_columns:
        left = available_mm - sum(widths)
        weights = {index: _long_weight(lengths[index]) for index in long_columns}
        # Give each long column its share; one held at its floor (its longest word) leaves
        # the others less to share.
        while True:
            share = sum(weights.values())
            held = [i for i in weights if left * weights[i] / share < floors[i]]
            if not held or len(held) == len(weights):
                break
            for index in held:
                widths[index] = floors[index]
                left -= floors[index]
                del weights[index]
        share = sum(weights.values())
        for index, weight in weights.items():
            widths[index] = max(left * weight / share, floors[index])
    total = sum(widths)
    return [100 * width / total for width in widths]


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)] if ordered else 0


def _long_weight(lengths):
    return max(min(_percentile(lengths, 0.9), LONG_COLUMN), 1)


# The advance of DejaVu Sans Condensed's characters, in em, from its metrics, grouped;
# a Vietnamese letter is as wide as its base letter, anything else as wide as "n". Bold is
# about 12% wider.
_EM_GROUPS = {
    0.25: "ijl'IJ",
    0.3: ".,/:;fr-()t",
    0.47: "szc",
    0.53: "kvxyLFP",
    0.55: "aeoTY",
    0.62: "ABRVXZCKU",
    0.69: "DGHNOQ&",
    0.76: "wM",
    0.88: "mW%",
}
_EM = {char: width for width, chars in _EM_GROUPS.items() for char in chars}
_EM[" "] = 0.29
_EM_OTHER = 0.57  # b, d, g, h, n, p, q, u, E, S, the digits…
_PT_MM = 25.4 / 72


def text_width_mm(text, *, size=None, bold=False):
    """About how wide ``text`` is, in mm, in the annexes' type."""
    ems = 0.0
    for char in str(text):
        width = _EM.get(char)
        if width is None:
            base = unicodedata.normalize("NFD", char)[:1].replace("Đ", "D").replace("đ", "d")
            width = _EM.get(base, _EM_OTHER)
        ems += width
    return ems * (size or ANNEX_POINTS) * _PT_MM * (1.12 if bold else 1)


def _longest_word_mm(text, *, bold=False):
    return max((text_width_mm(word, bold=bold) for word in str(text).split()), default=0)


def _figure_rows(report):
    sections = []
    for section in report.sections:
        rows = []
        for figure in section.figures:
            change, percent = format_change(figure)
            rows.append(
                SimpleNamespace(
                    label=figure_label(figure),
                    value=format_figure(figure.value, figure.unit),
                    previous=format_figure(figure.previous, figure.unit),
                    change=change,
                    percent=percent,
                    note=figure.note,
                )
            )
        if rows:
            sections.append(
                SimpleNamespace(
                    key=section.key,
                    title=section.title,
                    rows=rows,
                    note=getattr(section, "note", ""),
                )
            )
    # Notes (the rates a money figure lacks, "as of today"…) are footnotes, numbered
    # across the sections; figures with the same note share its number.
    marks = {}
    for section in sections:
        for row in section.rows:
            row.mark = ""
            if row.note:
                row.mark = marks.setdefault(row.note, str(len(marks) + 1))
    notes = [(mark, note) for note, mark in marks.items()]
    return sections, notes


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\b(width|height)="([0-9.]+)"')


def _for_pdf(svg):
    """A chart's SVG with the PDF's font (see ``CHART_FONT``), and a ``viewBox`` when it
    has a fixed size and none, so that the stylesheet can scale it to the page."""
    svg = _SVG_FONT.sub(f'font-family="{CHART_FONT}"', str(svg), count=1)
    opening = _SVG_OPEN.search(svg)
    if opening and "viewBox" not in opening[0]:
        size = dict(_SIZE.findall(opening[0]))
        if "width" in size and "height" in size:
            view_box = f' viewBox="0 0 {size["width"]} {size["height"]}"'
            svg = svg[: opening.end() - 1] + view_box + svg[opening.end() - 1 :]
    return svg


def _is_empty_chart(svg):
    opening = _SVG_OPEN.search(str(svg))
    return opening is None or 'height="0"' in opening[0]


def _chart_title(name, svg):
    """A chart's caption: the title its drawing summarises itself with (``aria-label``
    starts "Title: …"), or its name."""
    match = re.search(r'aria-label="([^"]*)"', str(svg))
    if match:
        title = match[1].partition(": ")[0]
        if title and title != match[1]:
            return unicodedata.normalize("NFC", html.unescape(title))
    return name.replace("_", " ").capitalize()


def _trend_charts(trend):
    """The two trend charts of the dashboard, drawn from ``report.trend``."""
    if not trend:
        return []
    drawn = []
    for title, series in (
        (
            _("Delegations by month"),
            [
                ("delegations_inbound", _("Foreign delegations received")),
                ("delegations_outbound", _("Delegations of the city abroad")),
            ],
        ),
        (
            _("Agreements, conferences and aid projects by month"),
            [
                ("agreements", _("Agreements signed")),
                ("conferences", _("Conferences")),
                ("aid_projects", _("Aid projects committed")),
            ],
        ),
    ):
        svg = charts.trend_chart_svg(
            trend, series=series, title=title, width=TREND_WIDTH, height=TREND_HEIGHT
        )
        drawn.append((title, svg))
    return drawn


def _bar_charts(tables):
    """A bar chart of the first count of each breakdown (its largest rows), for a report
    that brings no charts of its own. ``tables``: (Table, its rows as a list)."""
    drawn = []
    for table, rows in tables:
        kinds = [column.kind for column in table.columns]
        if "text" not in kinds or not rows:
            continue
        label_at = kinds.index("text")
        value_at = next((index for index, kind in enumerate(kinds) if kind in ("int", "VND")), None)
        if value_at is None:
            continue
        bars = [
            SimpleNamespace(key=str(index), label=str(row[label_at] or ""), count=row[value_at])
            for index, row in enumerate(rows)
            if row[value_at]
        ]
        bars.sort(key=lambda bar: bar.count, reverse=True)
        if not bars:
            continue
        currency = "VND" if kinds[value_at] == "VND" else None
        svg = charts.bar_chart_svg(bars[:CHART_ROWS], title=table.title, currency=currency)
        drawn.append((table.title, svg))
    return drawn


def context(report):
    """The template's context, in the report's language: every value already text."""
    with translation.override(report.language):
        return _context(report)


def _context(report):
    # Breakdowns are lists; they are read once here, for their table (at most
    # PRINTED_BREAKDOWN_ROWS rows printed) and, when the report brings no charts, for a
    # chart of all their rows.
    breakdowns = []
    for table in report.breakdowns:
        rows = list(table.rows)
        breakdowns.append((table, rows))
    if report.charts:
        drawn = [(_chart_title(name, svg), svg) for name, svg in report.charts.items()]
    else:
        drawn = _trend_charts(report.trend) + _bar_charts(breakdowns)
    # A chart with nothing to draw (no rows: a drawing of no height) is left out.
    drawn = [(title, svg) for title, svg in drawn if not _is_empty_chart(svg)]
    figure_sections, figure_notes = _figure_rows(report)
    generated_at = report.generated_at
    if timezone.is_aware(generated_at):
        generated_at = timezone.localtime(generated_at)
    figures = [figure for section in report.sections for figure in section.figures]
    period_label, previous_label = labels(report)
    compared = bool(previous_label) and any(figure.previous is not None for figure in figures)
    return {
        "report": report,
        "lang": report.language,
        "period_label": period_label,
        "previous_label": previous_label,
        "compared": compared,
        # Some figures are counted as of today, with nothing to compare: a dash says so.
        "some_uncompared": compared and any(figure.previous is None for figure in figures),
        # The issuer block names the city unless the department's name already does.
        "show_city": report.city.casefold() not in report.department.casefold(),
        # The title block's lines, worded as the DOCX file words them.
        "period_line": _period_line(period_label, previous_label),
        "generated_line": _generated_line(generated_at, report.generated_by),
        "place_and_date": _place_and_date(report.city, generated_at.date()),
        "figure_sections": figure_sections,
        "figure_notes": figure_notes,
        "charts": [
            SimpleNamespace(
                number=number,
                title=title,
                svg=_for_pdf(svg),
                kind="trend" if "chart__svg--trend" in str(svg) else "bar",
            )
            for number, (title, svg) in enumerate(drawn, 1)
        ],
        "breakdowns": [prepare_table(printed_breakdown(table, rows)) for table, rows in breakdowns],
        "rates": prepare_table(report.rates) if report.rates is not None else None,
        "missing_rates": report.missing_rates,
        "annexes": _annexes(report.annexes),
        "page_content": _page_content(),
    }


def _annexes(tables):
    annexes = [
        prepare_table(table, sized=True) for table in printed_annexes(tables, PDF_ANNEX_ROWS)
    ]
    # An empty annex (one line) stays on the page of the one before, turned as it is.
    for before, annex in itertools.pairwise(annexes):
        if annex.empty:
            annex.wide = before.wide
    return annexes


def _period_line(period, previous):
    line = _("Period: {period}").format(period=period)
    if previous:
        line += " · " + _("Compared with: {period}").format(period=previous)
    return line


def _generated_line(generated_at, person):
    generated = date_format(generated_at, "SHORT_DATETIME_FORMAT")
    if person:
        return _("Generated on {date} by {person}").format(date=generated, person=person)
    return _("Generated on {date}").format(date=generated)


def _place_and_date(city, day):
    """ "Cần Thơ, ngày 05 tháng 3 năm 2026" / "Can Tho, 5 March 2026": the line above an
    official document's title."""
    # Translators: a PHP-style date format for the date line of a report ("j F Y" = 5
    # March 2026); Vietnamese: "\n\g\à\y d \t\h\á\n\g n \n\ă\m Y".
    day_text = date_format(day, pgettext("report date line", "j F Y"))
    # Translators: the place and date line above a report's title.
    return pgettext("report date line", "{city}, {date}").format(city=city, date=day_text)


def _css_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_content():
    """The CSS ``content`` of the page number: "Page 3 of 12" in the active language."""
    # Translators: at the foot of each page of a report. Vietnamese: "Trang {page}/{pages}".
    text = _("Page {page} of {pages}")
    parts = re.split(r"(\{page\}|\{pages\})", text)
    css = []
    for part in parts:
        if part == "{page}":
            css.append("counter(page)")
        elif part == "{pages}":
            css.append("counter(pages)")
        elif part:
            css.append(_css_string(part))
    return " ".join(css)
