"""Charts drawn on the server as SVG: no JavaScript, no CDN, the same drawing for the
dashboard and the annual report (WeasyPrint embeds the SVG string as it is).

Two charts, each a pure function from rows to a chart value (``BarChart``,
``TrendChart``) that carries the SVG string, a text summary for screen readers and the
rows of the table that repeats the numbers; the template tags in
``reports/templatetags/charts.py`` wrap them in a ``<figure>`` (see
``templates/reports/charts/``).

- ``bar_chart(rows, value="count", …)``: horizontal bars, one per row, the label above
  each bar and the formatted value at its right. The SVG is as wide as its container
  (percentages), so labels keep their size on a phone; pass ``width`` for a fixed drawing
  (a PDF).
- ``trend_chart(rows, series=[("delegations_inbound", label), …])``: columns by month,
  two or more series side by side, a y axis with round steps and the months below (thinned
  when they would not fit). A fixed drawing (``viewBox``) that scales with its container.

Rows are any objects: ``value`` (and ``row_note``) is a dotted path read attribute by
attribute (a ``dict`` on the way is read by key: ``"extra.people"``,
``"committed.vnd"``) or a callable taking the row. Values may be ``int`` or ``Decimal``
(money: pass ``currency="VND"`` or a ``formatter`` for the displayed value); ``None`` counts
as zero. Numbers are formatted in the active language with grouping (``1.234`` / ``1,234``).

Links: ``link_url`` is a callable (``row -> url or None``; for the trend chart
``(row, series_key) -> url or None``), a string with ``{key}`` (and ``{series}``)
placeholders, or a mapping from key (or ``(key, series_key)``) to URL. Django templates
call every callable they resolve with no arguments, so a callable passed through a template
must be wrapped in ``template_callable``.

Accessibility: the ``<svg>`` has an ``aria-label`` that summarises it; it is ``role="img"``,
or ``role="group"`` when it holds links (an image may not contain links: axe-core's
nested-interactive). The links are for the mouse (``tabindex="-1"``), and the table of the
same numbers, where every number is a link too, is the way in for a keyboard or a screen
reader.
"""

import datetime
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape  # the stdlib's: the same escaping as Django's, without its wrappers
from urllib.parse import quote

from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

# Colours of the series, in order: each has at least 4.3:1 contrast on white (WCAG asks
# 3:1 of graphics) and the first two (blue, orange) stay apart for colour-blind readers.
PALETTE = ("#0b5394", "#c55a11", "#1e7a6f", "#6b4c9a", "#7f6000", "#a64d79")
INK = "#1d2430"
MUTED = "#5a6472"
LINE = "#d9dee5"
TRACK = "#eef1f5"
FONT = "'Noto Sans', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# Series of ``reports.statistics.trend.TrendRow`` and their legend when none is given.
SERIES_LABELS = {
    "delegations_inbound": gettext_lazy("Inbound delegations"),
    "delegations_outbound": gettext_lazy("Outbound delegations"),
    "agreements": gettext_lazy("Agreements signed"),
    "conferences": gettext_lazy("Conferences"),
    "aid_projects": gettext_lazy("Aid projects"),
    "count": gettext_lazy("Number"),
}

_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")


class template_callable:  # a class used like a function
    """Wrap a function so that a Django template passes it on instead of calling it:
    ``{"country_link": template_callable(links.delegations_by_country)}`` in the context,
    then ``{% bar_chart rows link_url=country_link %}``."""

    do_not_call_in_templates = True

    def __init__(self, function):
        self.function = function

    def __call__(self, *args, **kwargs):
        return self.function(*args, **kwargs)


# Reading rows


def resolve(row, path):
    """The value of ``path`` on ``row``: a callable's result, or the dotted path read
    attribute by attribute (by key through a mapping; a missing key is ``None``, a missing
    attribute an ``AttributeError``, so a misspelt path fails loudly)."""
    if callable(path):
        return path(row)
    current = row
    for part in str(path).split("."):
        if current is None:
            return None
        if isinstance(current, Mapping):
            current = current.get(part)
        else:
            current = getattr(current, part)
    return current


def _number(value):
    """A chart's value as a number: ``None`` is zero, negatives are drawn as zero."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if not isinstance(value, int | float | Decimal):
        value = Decimal(str(value))
    return value


def format_number(value):
    """``1.234`` in Vietnamese, ``1,234`` in English; decimals only when there are any."""
    value = _number(value)
    if isinstance(value, float):
        whole = value.is_integer()
    else:
        whole = value == int(value)
    return number_format(
        value, decimal_pos=0 if whole else None, use_l10n=True, force_grouping=True
    )


def _formatter(formatter, currency):
    if callable(formatter):
        return formatter
    if currency:
        from aid.money import format_money

        return lambda value: format_money(_number(value), currency)
    return format_number


def _fraction(value, top):
    """``value`` as a share of ``top`` (0 to 1, a float)."""
    if not top or value <= 0:
        return 0.0
    return min(float(value) / float(top), 1.0)


def _linker(link_url, *, series=False):
    """A function ``(row[, series_key]) -> url or None`` from what ``link_url`` may be."""
    if not link_url:  # None, or "" when a template could not resolve it
        return lambda row, series_key=None: None
    if isinstance(link_url, str):

        def from_pattern(row, series_key=None):
            url = link_url.replace("{key}", quote(str(row.key), safe=""))
            return url.replace("{series}", quote(series_key or "", safe=""))

        return from_pattern
    if isinstance(link_url, Mapping):

        def from_mapping(row, series_key=None):
            if series_key is not None and (row.key, series_key) in link_url:
                return link_url[(row.key, series_key)]
            return link_url.get(row.key)

        return from_mapping
    if series:
        return lambda row, series_key=None: link_url(row, series_key)
    return lambda row, series_key=None: link_url(row)


def _note_text(note):
    """A row's note as text: a list (e.g. the ``MissingRate`` values of a total) is
    joined; nothing or an empty list is no note."""
    if not note:
        return ""
    if isinstance(note, str):
        return note
    try:
        return " ".join(str(item) for item in note)
    except TypeError:
        return str(note)


def _shorten(text, limit):
    """``text`` cut to ``limit`` characters at a word if possible, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


def _text_width(text, size):
    """A rough width of ``text`` at ``size`` px in a sans-serif face (no font metrics on
    the server): enough to lay out a legend or thin an axis."""
    return len(text) * size * 0.58


def _attrs(**attributes):
    """SVG attributes, escaped (``class_`` → ``class``, ``text_anchor`` → ``text-anchor``)."""
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        name = name.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = f"{value:.2f}".rstrip("0").rstrip(".")
        elif isinstance(value, int):
            value = str(value)
        else:
            value = escape(str(value))
        parts.append(f'{name}="{value}"')
    return " ".join(parts)


def _svg_open(*, summary, width, height, view_box=None, extra_class="", linked=False):
    return "<svg {}>".format(
        _attrs(
            xmlns="http://www.w3.org/2000/svg",
            class_=f"chart__svg {extra_class}".strip(),
            role="group" if linked else "img",
            aria_label=summary,
            width=width,
            height=height,
            viewBox=view_box,
            font_family=FONT,
            font_size=13,
        )
    )


def _link(inner, href, title):
    """``inner`` with a tooltip, inside a link when there is one (out of the tab order:
    the table's links serve the keyboard)."""
    tooltip = f"<title>{escape(title)}</title>"
    if not href:
        return f"<g>{tooltip}{inner}</g>"
    return f"<a {_attrs(href=href, tabindex='-1')}>{tooltip}{inner}</a>"


# The horizontal bar chart


@dataclass
class Bar:
    """One bar: the row's ``key`` and ``label``, its ``value`` and how it reads
    (``display``), its link, and the previous period's value when compared."""

    key: str
    label: str
    value: object
    display: str
    href: str | None = None
    fraction: float = 0.0
    previous: object = None
    previous_display: str = ""
    previous_fraction: float | None = None
    note: str = ""


@dataclass
class BarChart:
    title: str
    description: str
    bars: list
    summary: str
    svg: str
    label_header: str
    value_header: str
    previous_header: str = ""
    notes: list = field(default_factory=list)  # (label, note) of the rows that have one

    @property
    def empty(self):
        return not self.bars

    @property
    def all_zero(self):
        return bool(self.bars) and all(bar.value <= 0 for bar in self.bars)

    @property
    def has_previous(self):
        return bool(self.previous_header)


BAR_ROW = 40  # height of one row: the label line and the bar below it
BAR_TOP = 16  # label baseline within a row
BAR_Y = 22  # bar top within a row
BAR_HEIGHT = 12
LEGEND_HEIGHT = 26


def bar_chart(
    rows,
    *,
    value="count",
    title="",
    description="",
    link_url=None,
    formatter=None,
    currency=None,
    previous=None,
    row_note=None,
    limit=None,
    label_header=None,
    value_header=None,
    previous_header=None,
    width=None,
    colour=PALETTE[0],
):
    """A horizontal bar chart of ``rows`` in their order (see the module docstring for
    ``value``, ``link_url``, ``formatter``/``currency`` and ``row_note``).

    ``previous``: the previous period's rows; their value, matched by key, is drawn as a
    mark across each bar and given in the table. ``limit``: the first rows only.
    ``width``: a fixed width in px (for a PDF) instead of the container's."""
    rows = list(rows)[:limit] if limit else list(rows)
    fmt = _formatter(formatter, currency)
    link = _linker(link_url)
    previous_values = None
    if previous is not None:
        previous_values = {row.key: _number(resolve(row, value)) for row in previous}

    bars = []
    for row in rows:
        number = _number(resolve(row, value))
        bar = Bar(key=row.key, label=str(row.label), value=number, display=fmt(number))
        bar.href = link(row) or None
        if previous_values is not None:
            bar.previous = previous_values.get(row.key, 0)
            bar.previous_display = fmt(bar.previous)
        if row_note is not None:
            bar.note = _note_text(resolve(row, row_note))
        bars.append(bar)

    top = max([bar.value for bar in bars] + [bar.previous or 0 for bar in bars] + [0])
    for bar in bars:
        bar.fraction = _fraction(bar.value, top)
        if previous_values is not None:
            bar.previous_fraction = _fraction(bar.previous, top)

    title = str(title)
    chart = BarChart(
        title=title,
        description=str(description),
        bars=bars,
        summary=_bar_summary(title, bars),
        svg="",
        label_header=str(label_header or _("Item")),
        value_header=str(value_header or _("Number")),
        previous_header=str(previous_header or _("Previous period"))
        if previous is not None
        else "",
        notes=[(bar.label, bar.note) for bar in bars if bar.note],
    )
    chart.svg = mark_safe(_bar_svg(chart, width=width, colour=colour))
    return chart


def bar_chart_svg(rows, **options):
    """The SVG of ``bar_chart(rows, **options)`` alone (for a PDF or a test)."""
    return bar_chart(rows, **options).svg


def _bar_summary(title, bars):
    if not bars:
        return _("{title}: no data.").format(title=title)
    if all(bar.value <= 0 for bar in bars):
        return _("{title}: bar chart of {count} items, all zero.").format(
            title=title, count=len(bars)
        )
    largest = sorted(bars, key=lambda bar: bar.value, reverse=True)[:3]
    return _("{title}: bar chart of {count} items. Largest: {largest}.").format(
        title=title,
        count=len(bars),
        largest="; ".join(f"{bar.label} {bar.display}" for bar in largest),
    )


def _bar_svg(chart, *, width, colour):
    """Percentages across (the drawing fills its container) unless ``width`` is given."""

    def x(fraction):
        if width:
            return round(fraction * width, 2)
        return f"{fraction * 100:.2f}".rstrip("0").rstrip(".") + "%"

    top = LEGEND_HEIGHT if chart.has_previous else 4
    height = top + len(chart.bars) * BAR_ROW
    if not chart.bars:
        height = 0
    linked = any(bar.href for bar in chart.bars)
    parts = [_svg_open(summary=chart.summary, width=width or "100%", height=height, linked=linked)]
    if chart.has_previous:
        parts.append(
            f'<g class="chart__legend" fill="{MUTED}" font-size="12">'
            f'<rect x="0" y="4" width="12" height="10" fill="{colour}"/>'
            f'<text x="18" y="13">{escape(_("This period"))}</text>'
            f'<rect x="{18 + _text_width(_("This period"), 12) + 18:.0f}" y="2" width="2" '
            f'height="14" fill="{INK}"/>'
            f'<text x="{18 + _text_width(_("This period"), 12) + 26:.0f}" y="13">'
            f"{escape(chart.previous_header)}</text></g>"
        )
    for index, bar in enumerate(chart.bars):
        y = top + index * BAR_ROW
        shown = bar.display + (" *" if bar.note else "")
        label = _shorten(bar.label, max(14, 48 - len(shown)))
        inner = [
            # The whole row answers the mouse (link, tooltip), not only its painted parts.
            f'<rect class="chart__hit" {_attrs(x=0, y=y, width=x(1), height=BAR_ROW)} '
            f'fill="#fff" fill-opacity="0"/>',
            f'<text class="chart__label" {_attrs(x=0, y=y + BAR_TOP, fill=INK)}>'
            f"{escape(label)}</text>",
            f'<text class="chart__value" {_attrs(x=x(1), y=y + BAR_TOP, fill=INK)} '
            f'text-anchor="end" font-weight="600">{escape(shown)}</text>',
            f'<rect class="chart__track" {_attrs(x=0, y=y + BAR_Y, width=x(1))} '
            f'height="{BAR_HEIGHT}" fill="{TRACK}"/>',
        ]
        if bar.fraction > 0:
            inner.append(
                f'<rect class="chart__bar" {_attrs(x=0, y=y + BAR_Y, width=x(bar.fraction))} '
                f'height="{BAR_HEIGHT}" fill="{colour}"/>'
            )
        title = f"{bar.label}: {shown}"
        if bar.previous_fraction is not None:
            inner.append(
                f'<rect class="chart__previous" {_attrs(x=x(bar.previous_fraction), y=y + BAR_Y - 4)} '
                f'width="2" height="{BAR_HEIGHT + 8}" fill="{INK}" transform="translate(-1 0)"/>'
            )
            title += f" ({chart.previous_header}: {bar.previous_display})"
        parts.append(_link("".join(inner), bar.href, title))
    parts.append("</svg>")
    return "".join(parts)


# The monthly column chart


@dataclass
class Series:
    key: str
    label: str
    colour: str
    total: object = 0
    total_display: str = ""


@dataclass
class Cell:
    value: object
    display: str
    href: str | None = None


@dataclass
class Period:
    """A row of the trend table: one month (or whatever the rows are) and a cell per
    series."""

    key: str
    label: str
    cells: list


@dataclass
class TrendChart:
    title: str
    description: str
    series: list
    periods: list
    summary: str
    svg: str
    label_header: str

    @property
    def empty(self):
        return not self.periods

    @property
    def all_zero(self):
        return all(cell.value <= 0 for period in self.periods for cell in period.cells)


def parse_series(series):
    """``[(key, label[, colour]), …]`` from a list of pairs or keys, or a string
    ``"delegations_inbound,agreements"`` / ``"count:Delegations,extra.people:People"``
    (a template cannot write a list); a label left out comes from ``SERIES_LABELS``."""
    if isinstance(series, str):
        series = [item.strip() for item in series.split(",") if item.strip()]
    parsed = []
    for index, item in enumerate(series):
        if isinstance(item, str):
            key, _sep, label = item.partition(":")
            item = (key.strip(), label.strip() or None)
        key, label, *rest = item
        label = label or SERIES_LABELS.get(key, key)
        colour = rest[0] if rest else PALETTE[index % len(PALETTE)]
        parsed.append((key, str(label), colour))
    return parsed


TREND_WIDTH = 960
TREND_HEIGHT = 300
TREND_LEFT = 52  # room for the y axis labels
TREND_RIGHT = 8
TREND_TOP = 40  # room for the legend
TREND_BOTTOM = 46  # two lines below the axis: months, years


def trend_chart(
    rows,
    *,
    series,
    title="",
    description="",
    link_url=None,
    formatter=None,
    label_header=None,
    width=TREND_WIDTH,
    height=TREND_HEIGHT,
):
    """Columns by month: for each row (``key`` ``"YYYY-MM"``, ``label``) a group of
    columns, one per series (``series``: see ``parse_series``; values read like
    ``bar_chart``'s). ``link_url(row, series_key)`` links a column."""
    rows = list(rows)
    fmt = _formatter(formatter, None)
    link = _linker(link_url, series=True)
    chart_series = [
        Series(key=key, label=label, colour=colour) for key, label, colour in parse_series(series)
    ]
    periods = []
    for row in rows:
        cells = []
        for item in chart_series:
            number = _number(resolve(row, item.key))
            cells.append(Cell(value=number, display=fmt(number), href=link(row, item.key) or None))
            item.total += number
        periods.append(Period(key=str(row.key), label=str(row.label), cells=cells))
    for item in chart_series:
        item.total_display = fmt(item.total)

    title = str(title)
    chart = TrendChart(
        title=title,
        description=str(description),
        series=chart_series,
        periods=periods,
        summary=_trend_summary(title, chart_series, periods),
        svg="",
        label_header=str(label_header or _("Month")),
    )
    chart.svg = mark_safe(_trend_svg(chart, width=width, height=height))
    return chart


def trend_chart_svg(rows, **options):
    """The SVG of ``trend_chart(rows, **options)`` alone."""
    return trend_chart(rows, **options).svg


def _trend_summary(title, series, periods):
    if not periods:
        return _("{title}: no data.").format(title=title)
    parts = []
    for index, item in enumerate(series):
        values = [period.cells[index] for period in periods]
        peak = max(range(len(values)), key=lambda i: values[i].value)
        if values[peak].value <= 0:
            parts.append(_("{series}: none").format(series=item.label))
        else:
            parts.append(
                _("{series}: {total} in all, most in {month} ({peak})").format(
                    series=item.label,
                    total=item.total_display,
                    month=periods[peak].label,
                    peak=values[peak].display,
                )
            )
    return _("{title}: column chart from {first} to {last}. {series}.").format(
        title=title, first=periods[0].label, last=periods[-1].label, series="; ".join(parts)
    )


def nice_scale(largest, *, steps=4):
    """(step, top) of a y axis from 0 that holds ``largest`` in about ``steps`` round steps
    (1, 2, 2.5 or 5 × 10ⁿ; whole numbers for counts)."""
    largest = float(largest)
    if largest <= 0:
        return 1, steps
    raw = largest / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * magnitude
        if step >= raw:
            break
    if step < 1:
        step = 1
    if step == int(step):
        step = int(step)
    return step, step * math.ceil(largest / step)


def _month_of(key):
    """The (year, month) of a ``"YYYY-MM"`` key, or None."""
    match = _MONTH_KEY.match(key)
    if not match:
        return None
    return int(match[1]), int(match[2])


def _axis_month(year, month):
    """A month on the axis, without its year (which has its own line): ``Mar``."""
    # Translators: a PHP-style date format for a month on a chart's axis, year left out
    # ("M" = Jan; for Vietnamese "\T n" = T1).
    return date_format(datetime.date(year, month, 1), pgettext("chart axis month", "M"))


def _trend_svg(chart, *, width, height):
    plot_width = width - TREND_LEFT - TREND_RIGHT
    plot_height = height - TREND_TOP - TREND_BOTTOM
    base = TREND_TOP + plot_height
    count = len(chart.periods)
    if not count:
        return _svg_open(summary=chart.summary, width=width, height=0) + "</svg>"
    parts = [
        _svg_open(
            summary=chart.summary,
            width=width,
            height=height,
            view_box=f"0 0 {width} {height}",
            extra_class="chart__svg--trend",
            linked=any(cell.href for period in chart.periods for cell in period.cells),
        )
    ]

    # Legend, left to right (widths estimated).
    legend_x = TREND_LEFT
    legend = [f'<g class="chart__legend" fill="{INK}" font-size="13">']
    for item in chart.series:
        legend.append(
            f"<rect {_attrs(x=legend_x, y=8, width=12, height=12, fill=item.colour)}/>"
            f"<text {_attrs(x=legend_x + 18, y=18.5)}>{escape(item.label)}</text>"
        )
        legend_x += 18 + _text_width(item.label, 13) + 24
    legend.append("</g>")
    parts.append("".join(legend))

    # Y axis: gridlines with round steps.
    largest = max((cell.value for period in chart.periods for cell in period.cells), default=0)
    step, top = nice_scale(largest)
    parts.append(f'<g class="chart__axis" font-size="12" fill="{MUTED}">')
    tick = 0
    while tick <= top:
        y = base - plot_height * tick / top
        parts.append(
            f"<line {_attrs(x1=TREND_LEFT, x2=width - TREND_RIGHT, y1=y, y2=y)} "
            f'stroke="{MUTED if tick == 0 else LINE}" stroke-width="1"/>'
            f'<text {_attrs(x=TREND_LEFT - 8, y=y + 4)} text-anchor="end">'
            f"{escape(format_number(tick))}</text>"
        )
        tick += step
    parts.append("</g>")

    # X axis: months (thinned to what fits), and the year under its first month.
    slot = plot_width / count
    months = [_month_of(period.key) for period in chart.periods]
    is_monthly = all(months)
    if is_monthly:
        names = [_axis_month(*month) for month in months]
    else:
        names = [period.label for period in chart.periods]
    widest = max(_text_width(name, 12) for name in names) + 6
    # Label every month, or every 2nd, 3rd (quarters) or 6th; past that, years only.
    every = next((n for n in (1, 2, 3, 6) if slot * n >= widest), None)
    axis = [f'<g class="chart__axis" font-size="12" fill="{MUTED}">']
    for index, name in enumerate(names):
        centre = TREND_LEFT + slot * (index + 0.5)
        if is_monthly:
            year, month = months[index]
            shown = every is not None and (month - 1) % every == 0
            if index == 0 or month == 1:
                left = TREND_LEFT + slot * index
                if index:
                    axis.append(
                        f'<line {_attrs(x1=left, x2=left, y1=base, y2=base + 40)} stroke="{LINE}"/>'
                    )
                if every is None:  # years only: centred under their months
                    span = sum(1 for other in months[index:] if other[0] == year)
                    axis.append(
                        f"<text {_attrs(x=left + slot * span / 2, y=base + 20)} "
                        f'text-anchor="middle" font-weight="600" fill="{INK}">{year}</text>'
                    )
                else:
                    axis.append(
                        f'<text {_attrs(x=left + 4, y=base + 36)} font-weight="600" '
                        f'fill="{INK}">{year}</text>'
                    )
        else:
            shown = every is not None and index % every == 0
        if shown:
            axis.append(
                f'<text {_attrs(x=centre, y=base + 17)} text-anchor="middle">{escape(name)}</text>'
            )
    axis.append("</g>")

    # Columns, grouped by month.
    group = slot * (0.78 if len(chart.series) > 1 else 0.6)
    column = group / len(chart.series)
    gap = min(2, column * 0.15)
    columns = ['<g class="chart__columns">']
    for index, period in enumerate(chart.periods):
        left = TREND_LEFT + slot * index + (slot - group) / 2
        for position, (item, cell) in enumerate(zip(chart.series, period.cells, strict=True)):
            size = plot_height * _fraction(cell.value, top)
            if size <= 0:
                continue
            rect = (
                f'<rect class="chart__column" '
                f"{_attrs(x=left + position * column + gap / 2, y=base - size, width=column - gap, height=size, fill=item.colour)}/>"
            )
            columns.append(_link(rect, cell.href, f"{period.label} – {item.label}: {cell.display}"))
    columns.append("</g>")
    parts.extend(columns)
    parts.extend(axis)
    parts.append("</svg>")
    return "".join(parts)
