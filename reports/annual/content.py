"""The annual report's content: one model of the report, in plain data, that the XLSX, DOCX
and PDF writers only lay out.

Every figure comes from ``reports.statistics``, grouped as the dashboard groups them
(``reports.views``), so that a report and the dashboard of the same period never disagree.
The tables by unit (host, signatory, implementing) have no function of their own in the
statistics layer: they group the very querysets that its functions count
(``_counted``, ``_signed``, ``_aid_rows``), so their rows add up to the same totals.

Annexes list every record of the period, whatever its status, so a reader sees the
cancelled delegation or the rejected conference marked as such; the figures never count
those (the statistics' rules). Their rows are lazy: each iteration runs one query (plus
one per prefetch and chunk) through ``QuerySet.iterator()``, so a year of 100,000 records
takes bounded memory.

Everything is built in the report's language (``translation.override``); the annexes'
rows, read later, switch to it row by row.
"""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter, itemgetter

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from django_countries.fields import Country

from agreements.models import DORMANT_AFTER_DAYS, EXPIRING_SOON_DAYS, Agreement
from aid.currencies import USD, VND
from aid.models import AidProject, Disbursement, ExchangeRate
from aid.money import MissingRate, RateTable
from conferences.models import Conference, PermitStatus
from core.models import Visibility, localized
from delegations.models import Delegation
from partners.models import ForeignPartner, RelationshipActivity
from reports.charts import bar_chart_svg, trend_chart_svg
from reports.periods import CUSTOM, MONTH, QUARTER, YEAR, Period
from reports.statistics import (
    agreement_summary,
    agreements_by_country,
    agreements_by_kind,
    agreements_by_level,
    agreements_by_sector,
    aid_by_country,
    aid_by_modality,
    aid_by_sector,
    aid_summary,
    conference_summary,
    conferences_by_format,
    delegation_summary,
    delegations_by_country,
    delegations_by_kind,
    dormant_relationship_count,
    monthly_trend,
    relationship_summary,
)
from reports.statistics.agreements import _signed
from reports.statistics.aid import _aid_rows
from reports.statistics.breakdowns import sort_key
from reports.statistics.delegations import _counted

from .narrative import Facts, narrative

# As the dashboard (reports.views): its chart of countries shows the first ten.
TOP_COUNTRIES = 10
RELATIONSHIP_DORMANT_DAYS = 365
# Rows read from the database at a time by an annex.
CHUNK_SIZE = 2000

COUNT, PEOPLE = "count", "people"
INBOUND, OUTBOUND = gettext_noop("Inbound"), gettext_noop("Outbound")
TEXT, INT, DATE, MONEY, DECIMAL = "text", "int", "date", "money", "decimal"


# The model of a report


@dataclass(frozen=True)
class Figure:
    """One headline figure: its value in the period and in the previous one (``None``
    when not compared, or for a figure *as of today* that no period changes)."""

    key: str  # stable id, e.g. "delegations.inbound"
    label: str  # in the report's language
    value: int | Decimal | None
    previous: int | Decimal | None
    unit: str  # "count" | "people" | "VND" | "USD"
    note: str = ""  # e.g. "As of 03/05/2026", or the missing rates of a money figure

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_percent(self):
        """The change in percent, one decimal; ``None`` when there is nothing to compare
        with (no previous value, or a previous value of zero)."""
        if self.value is None or not self.previous:
            return None
        percent = Decimal(self.value - self.previous) * 100 / Decimal(self.previous)
        return percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # "text" | "int" | "date" | "VND" | "USD" | "decimal" | "money" (an amount whose
    # currency is in the row's column keyed "currency")
    kind: str


@dataclass
class Table:
    """A table: its columns, and rows of typed values (``str``, ``int``, ``Decimal``,
    ``datetime.date`` or ``None``) in the columns' order. A breakdown's rows are a list;
    an annex's are an ``AnnexRows``: iterate it with ``for`` (each iteration queries
    afresh, in constant memory), do not keep it in a list."""

    key: str
    title: str
    columns: list[Column]
    rows: Iterable[list]
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure]
    note: str = ""  # the counting rule a reader needs, as the dashboard says it


@dataclass
class Report:
    language: str  # "vi" | "en"
    city: str
    department: str
    title: str  # "Báo cáo tổng kết công tác đối ngoại năm 2025"
    period: Period
    previous: Period | None
    generated_at: datetime.datetime
    generated_by: str
    sections: list[Section]  # headline figures, grouped like the dashboard
    narrative: list[str]  # paragraphs of plain text
    breakdowns: list[Table]
    rates: Table  # the exchange rates used: currency, valid from, VND per unit, source
    missing_rates: list[str]  # "No exchange rate for EUR on 03/05/2021."
    annexes: list[Table]  # delegations, agreements, conferences, aid, twin-city activities
    trend: list = field(default_factory=list)  # reports.statistics.monthly_trend rows
    charts: dict[str, str] = field(default_factory=dict)  # name -> static SVG
    period_label: str = ""  # "2025", "2020–2025", "Q1 2025"…
    previous_label: str = ""  # "" when not compared
    today: datetime.date | None = None  # the day the "as of today" figures are taken

    def figures(self):
        """Every headline figure, by key."""
        return {figure.key: figure for section in self.sections for figure in section.figures}

    def figure(self, key):
        return self.figures()[key]


class AnnexRows:
    """The rows of an annex, read lazily: every iteration runs ``make_rows()`` again (a
    generator over ``queryset.iterator()``), in the report's language."""

    def __init__(self, make_rows, language, count):
        self._make_rows = make_rows
        self._language = language
        self._count = count

    def __iter__(self):
        # The language is switched for each chunk of rows (built together) only: while the
        # caller handles them, the caller's stays. Switching it for each row cost more than
        # building the row.
        rows = iter(self._make_rows())
        try:
            while True:
                with translation.override(self._language):
                    chunk = list(itertools.islice(rows, CHUNK_SIZE))
                if not chunk:
                    return
                yield from chunk
        finally:
            # A reader that stops early closes the query's cursor too.
            rows.close()

    def count(self):
        """How many rows (one query)."""
        return self._count()


# A printed report lists at most so many records in each annex (``printed_annexes``): a
# year of a whole country (95,000 delegations) would be thousands of pages that nobody
# prints, that take an hour to lay out, and a PDF holds every page in memory while it is
# laid out (WeasyPrint: about half a megabyte a row). The workbook (XLSX) lists every record.
PDF_ANNEX_ROWS = 500
DOCX_ANNEX_ROWS = 2000


class FirstRows:
    """The first ``limit`` rows of an ``AnnexRows``, read lazily; the query's cursor is
    closed once they are read."""

    def __init__(self, rows, limit):
        self._rows, self._limit = rows, limit

    def __iter__(self):
        rows = iter(self._rows)
        try:
            for _number, row in zip(range(self._limit), rows, strict=False):
                yield row
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()


def printed_annexes(annexes, limit):
    """The annexes as a printed report shows them: each whole up to ``limit`` rows
    (``PDF_ANNEX_ROWS``, ``DOCX_ANNEX_ROWS``); a longer one gives its first rows, in its
    order (by date), and says how many it lists, of how many, and that the workbook lists
    them all. One count query per annex. In the active language."""
    from django.utils.formats import number_format

    printed = []
    for table in annexes:
        rows = table.rows
        if isinstance(rows, AnnexRows):
            total = rows.count()
        elif isinstance(rows, list):
            total = len(rows)
        else:  # rows of unknown length (made by hand): printed as they come
            total = 0
        if total <= limit:
            printed.append(table)
            continue
        cut = _(
            "This printed report lists the first {shown} of the {total} records, by date; "
            "the workbook (XLSX) of the same report lists them all."
        ).format(
            shown=number_format(limit, force_grouping=True),
            total=number_format(total, force_grouping=True),
        )
        note = f"{table.note} {cut}" if table.note else cut
        printed.append(
            Table(table.key, table.title, table.columns, FirstRows(table.rows, limit), note)
        )
    return printed


# A printed report lists at most so many rows of a breakdown (``printed_breakdown``): a
# city has a few dozen local units, a whole country 3,020, and each of the three tables by
# unit would be some sixty printed pages (laid out, they took most of a 2.5 GB PDF). Above
# the 249 countries of ISO 3166, so a table by country is always printed whole. The
# workbook (XLSX) lists every row.
PRINTED_BREAKDOWN_ROWS = 250
_SUMMED = (INT, DECIMAL, VND, USD)


def printed_breakdown(table, rows, limit=None):
    """A breakdown as a printed report shows it, given its ``rows`` (a list, in the
    table's order: the largest first). Up to ``limit`` rows it is ``table`` itself, with
    ``rows``; a longer one shows its first ``limit - 1`` rows and, last, one row "Others (N)"
    with the sums of the other N, so that the table still adds up to its figure. The note
    says so. In the active language."""
    from django.utils.formats import number_format

    limit = limit or PRINTED_BREAKDOWN_ROWS
    if len(rows) <= limit:
        return Table(table.key, table.title, table.columns, rows, table.note)
    shown, rest = rows[: limit - 1], rows[limit - 1 :]
    others = []
    for index, column in enumerate(table.columns):
        values = [row[index] for row in rest if row[index] is not None]
        if index == 0:
            others.append(
                _("Others ({count})").format(count=number_format(len(rest), force_grouping=True))
            )
        elif column.kind in _SUMMED:
            others.append(sum(values) if values else None)
        elif column.kind == TEXT:
            # What the rows say (the missing exchange rates of an aid row), each once.
            others.append(" ".join(dict.fromkeys(str(value) for value in values if value)))
        else:
            others.append(None)
    cut = _(
        "This printed report lists the first {shown} of the {total} rows and adds up the "
        "other {rest} in the last; the workbook (XLSX) of the same report lists them all."
    ).format(
        shown=number_format(len(shown), force_grouping=True),
        total=number_format(len(rows), force_grouping=True),
        rest=number_format(len(rest), force_grouping=True),
    )
    note = f"{table.note} {cut}" if table.note else cut
    return Table(table.key, table.title, table.columns, [*shown, others], note)


# Periods


def period_of(start, end):
    """The ``Period`` of [start, end]: a year, a quarter or a month when it is one, else a
    custom range (a range of whole years among them)."""
    if start.day == 1 and end == Period.month(end.year, end.month).end:
        if start.year == end.year and start.month == 1 and end.month == 12:
            return Period.year(start.year)
        if (start.year, start.month) == (end.year, end.month):
            return Period.month(start.year, start.month)
        if start.year == end.year and start.month % 3 == 1 and end.month == start.month + 2:
            return Period.quarter(start.year, start.month // 3 + 1)
    return Period.custom(start, end)


def whole_years(period):
    """(first, last) year of a period of whole calendar years, else None."""
    if period.start == datetime.date(period.start.year, 1, 1) and period.end == datetime.date(
        period.end.year, 12, 31
    ):
        return period.start.year, period.end.year
    return None


def previous_period(period):
    """The period to compare with: the year before a year, as many whole years before a
    range of years (2014–2019 for 2020–2025), else ``Period.previous()``."""
    years = whole_years(period)
    if period.kind == CUSTOM and years:
        first, last = years
        span = last - first + 1
        return Period.custom(datetime.date(first - span, 1, 1), datetime.date(first - 1, 12, 31))
    return period.previous()


def period_label(period):
    """ "2025", "2020–2025", "Q1 2025", "03/2025", "01/01/2025–15/03/2025"."""
    years = whole_years(period)
    if years:
        first, last = years
        return str(first) if first == last else f"{first}–{last}"
    return period.label


def report_title(period):
    years = whole_years(period)
    if years and years[0] == years[1]:
        return _("Report on foreign affairs in {year}").format(year=years[0])
    if years:
        return _("Report on foreign affairs, {first}–{last}").format(first=years[0], last=years[1])
    return _("Report on foreign affairs, {period}").format(period=period_label(period))


# Headline figures


def _period_figures(period, today, public):
    """The statistics of one period, as the dashboard computes them."""
    span = {"start": period.start, "end": period.end, "public": public}
    return {
        "delegations": delegation_summary(**span),
        "agreements": agreement_summary(**span, today=today),
        "relationships": relationship_summary(**span),
        "conferences": conference_summary(**span),
        "aid": aid_summary(**span),
    }


def _missing_note(*totals):
    found = {missing for total in totals for missing in total.missing}
    return " ".join(str(m) for m in sorted(found, key=lambda m: (m.currency, m.date)))


def _sections(current, previous, today, public):
    """The dashboard's sections and figures (``reports.views._sections``), with stable
    keys and the previous period's values."""

    def read(figures, path):
        name, *parts = path.split(".")
        value = figures[name]
        for part in parts:
            value = getattr(value, part)
        return value

    def figure(key, label, path, unit=COUNT, note=""):
        before = read(previous, path) if previous is not None else None
        return Figure(key, label, read(current, path), before, unit, note)

    as_of = _("As of {date}.").format(date=_date(today))

    def today_figure(key, label, value):
        return Figure(key, label, value, None, COUNT, as_of)

    aid, aid_before = current["aid"], previous["aid"] if previous is not None else None

    def received(total, currency):
        def of(figures):
            oda, other = getattr(figures.oda, total), getattr(figures.other, total)
            return getattr(oda, currency) + getattr(other, currency)

        return of(aid), of(aid_before) if aid_before is not None else None

    def money(key, label, total, currency, note=""):
        value, before = received(total, currency)
        missing = _missing_note(getattr(aid.oda, total), getattr(aid.other, total))
        note = " ".join(filter(None, [note, missing]))
        return Figure(key, label, value, before, currency.upper(), note)

    given_missing = _missing_note(aid.given.committed)
    disbursed_note = _("Disbursements dated in the period, whenever the project was committed.")
    return [
        Section(
            "delegations",
            _("Delegations"),
            [
                figure(
                    "delegations.inbound", _("Foreign delegations received"), "delegations.inbound"
                ),
                figure(
                    "delegations.outbound",
                    _("Delegations of the city abroad"),
                    "delegations.outbound",
                ),
                figure(
                    "delegations.inbound_press",
                    _("Foreign press delegations"),
                    "delegations.inbound_press",
                ),
            ],
            note=_(
                "A delegation counts once, in the period of its first day, once that day has "
                "come; cancelled ones never count."
            ),
        ),
        Section(
            "agreements",
            _("Agreements"),
            [
                figure("agreements.city", _("Signed by the city leadership"), "agreements.city"),
                figure("agreements.unit", _("Signed by departments and units"), "agreements.unit"),
                figure(
                    "agreements.in_force",
                    _("In force at the end of the period"),
                    "agreements.in_force",
                ),
                today_figure(
                    "agreements.expiring_soon",
                    _("Expiring within {days} days").format(days=EXPIRING_SOON_DAYS),
                    current["agreements"].expiring_soon,
                ),
                today_figure(
                    "agreements.dormant",
                    _("No implementation activity for {months} months").format(
                        months=round(DORMANT_AFTER_DAYS / 30.4)
                    ),
                    current["agreements"].dormant,
                ),
            ],
        ),
        Section(
            "relationships",
            _("Twin cities and relationships"),
            [
                figure(
                    "relationships.current",
                    _("Current at the end of the period"),
                    "relationships.current",
                ),
                figure(
                    "relationships.active",
                    _("Active at the end of the period"),
                    "relationships.active",
                ),
                figure(
                    "relationships.new_in_period",
                    _("Established in the period"),
                    "relationships.new_in_period",
                ),
                today_figure(
                    "relationships.dormant",
                    _("Dormant: no activity for a year"),
                    dormant_relationship_count(
                        days=RELATIONSHIP_DORMANT_DAYS, today=today, public=public
                    ),
                ),
            ],
        ),
        Section(
            "conferences",
            _("International conferences"),
            [
                figure(
                    "conferences.hosted_permitted",
                    _("Permitted in the city"),
                    "conferences.hosted_permitted",
                ),
                figure("conferences.hosted_held", _("Held in the city"), "conferences.hosted_held"),
                figure(
                    "conferences.participants",
                    _("Participants"),
                    "conferences.participants",
                    unit=PEOPLE,
                    note=_("Of the conferences held in the city whose figures are recorded."),
                ),
                figure(
                    "conferences.participants_foreign",
                    _("Foreign participants"),
                    "conferences.participants_foreign",
                    unit=PEOPLE,
                ),
                figure(
                    "conferences.attended",
                    _("Attended by the city elsewhere"),
                    "conferences.attended",
                ),
            ],
        ),
        Section(
            "aid_received",
            _("Aid received"),
            [
                Figure(
                    "aid.received.count",
                    _("Projects and non-project aid"),
                    aid.received_count,
                    aid_before.received_count if aid_before is not None else None,
                    COUNT,
                ),
                figure("aid.received.oda", _("of which ODA"), "aid.oda.count"),
                money("aid.received.committed.vnd", _("Committed"), "committed", "vnd"),
                money("aid.received.committed.usd", _("Committed"), "committed", "usd"),
                money(
                    "aid.received.disbursed.vnd",
                    _("Disbursed in the period"),
                    "disbursed",
                    "vnd",
                    disbursed_note,
                ),
                money(
                    "aid.received.disbursed.usd",
                    _("Disbursed in the period"),
                    "disbursed",
                    "usd",
                    disbursed_note,
                ),
            ],
            note=_(
                "Amounts are converted at the exchange rate in force on each commitment's or "
                "disbursement's date; a total that lacks a rate names it."
            ),
        ),
        Section(
            "aid_given",
            _("Aid given by the city"),
            [
                figure("aid.given.count", _("Projects"), "aid.given.count"),
                figure(
                    "aid.given.committed.vnd",
                    _("Committed"),
                    "aid.given.committed.vnd",
                    unit=VND,
                    note=given_missing,
                ),
                figure(
                    "aid.given.committed.usd",
                    _("Committed"),
                    "aid.given.committed.usd",
                    unit=USD,
                    note=given_missing,
                ),
            ],
        ),
    ]


# Breakdowns


def _by_host_unit(period, public):
    """The counted delegations (the rules of ``delegation_summary``) by local host unit."""
    found = (
        _counted(period.start, period.end, public)
        .order_by()
        .values("host_unit", "host_unit__name", "host_unit__name_en")
        .annotate(
            count=Count("pk"),
            inbound=Count("pk", filter=Q(direction=Delegation.Direction.INBOUND)),
            outbound=Count("pk", filter=Q(direction=Delegation.Direction.OUTBOUND)),
            people=Sum("member_count", default=0),
        )
    )
    return _unit_rows(found, "host_unit", ("count", "inbound", "outbound", "people"))


def _by_signatory_unit(period, public):
    """The agreements signed in the period (the rules of ``agreement_summary``) by local
    signatory unit."""
    found = (
        _signed(period.start, period.end, public)
        .values("signatory_unit", "signatory_unit__name", "signatory_unit__name_en")
        .annotate(
            count=Count("pk"),
            city=Count("pk", filter=Q(signing_level=Agreement.Level.CITY)),
            unit=Count("pk", filter=Q(signing_level=Agreement.Level.UNIT)),
        )
    )
    return _unit_rows(found, "signatory_unit", ("count", "city", "unit"))


def _unit_rows(found, field_name, values):
    rows = []
    for row in found:
        if row[field_name] is None:
            name = _("No unit recorded")
        else:
            name = localized(row[f"{field_name}__name"], row[f"{field_name}__name_en"])
        rows.append([name, *(row[value] for value in values)])
    # Most records first; the records without a unit last.
    rows.sort(key=lambda row: (-row[1], sort_key(row[0])))
    return rows


def _aid_by_unit(period, public):
    """Aid received by implementing unit: the rows of the statistics' aid breakdowns,
    keyed by the project's implementing unit."""
    return _aid_rows(
        start=period.start,
        end=period.end,
        public=public,
        direction="received",
        key="implementing_unit",
        names=("implementing_unit__name", "implementing_unit__name_en"),
        label=lambda pk, name, name_en: localized(name, name_en) if pk else _("No unit recorded"),
    )


def _field(model, name):
    """A model field's name as a column's heading ("Date of signing"): the wording, and
    the translation, the admin already uses."""
    return capfirst(model._meta.get_field(name).verbose_name)


def _columns(*specs):
    return [Column(key, str(label), kind) for key, label, kind in specs]


def _aid_table(key, title, first_label, rows, note=""):
    """An aid breakdown (``AidRow`` values) with its amounts in VND and USD."""
    columns = _columns(
        ("label", first_label, TEXT),
        ("count", _("Projects"), INT),
        ("committed_vnd", _("Committed (VND)"), VND),
        ("committed_usd", _("Committed (USD)"), USD),
        ("disbursed_vnd", _("Disbursed (VND)"), VND),
        ("disbursed_usd", _("Disbursed (USD)"), USD),
        ("missing", _("Missing exchange rates"), TEXT),
    )
    return Table(
        key,
        title,
        columns,
        [
            [
                row.label,
                row.count,
                row.committed.vnd,
                row.committed.usd,
                row.disbursed.vnd,
                row.disbursed.usd,
                " ".join(str(missing) for missing in row.missing),
            ]
            for row in rows
        ],
        note=note,
    )


def _statistics_rows(period, public):
    """The breakdowns of the statistics layer that the tables, the charts and the
    narrative share, each computed once."""
    span = {"start": period.start, "end": period.end, "public": public}
    received = {**span, "direction": "received"}
    return {
        "countries": delegations_by_country(**span),
        "countries_inbound": delegations_by_country(**span, direction="inbound"),
        "countries_outbound": delegations_by_country(**span, direction="outbound"),
        "kinds": delegations_by_kind(**span),
        "levels": agreements_by_level(**span),
        "agreement_kinds": agreements_by_kind(**span),
        "agreement_countries": agreements_by_country(**span),
        "sectors": agreements_by_sector(**span),
        "formats": conferences_by_format(**span),
        "donors": aid_by_country(**received),
        "modalities": aid_by_modality(**received),
        "aid_sectors": aid_by_sector(**received),
        "aid_units": _aid_by_unit(period, public),
        "recipients": aid_by_country(**{**received, "direction": "given"}),
    }


def _breakdowns(period, public, rows):
    tables = []

    by_country = rows["countries"]
    inbound = {row.key: row.count for row in rows["countries_inbound"]}
    outbound = {row.key: row.count for row in rows["countries_outbound"]}
    tables.append(
        Table(
            "delegations_by_country",
            _("Delegations by country"),
            _columns(
                ("country", _("Country"), TEXT),
                ("count", _("Delegations"), INT),
                ("inbound", _("Received"), INT),
                ("outbound", _("Sent"), INT),
            ),
            [
                [row.label, row.count, inbound.get(row.key, 0), outbound.get(row.key, 0)]
                for row in by_country
            ],
            note=_(
                "Delegations received and sent. A delegation from two countries counts once "
                "in each of them."
            ),
        )
    )
    tables.append(
        Table(
            "delegations_by_kind",
            _("Delegations by kind"),
            _columns(
                ("kind", _("Kind"), TEXT),
                ("count", _("Delegations"), INT),
                ("inbound", _("Received"), INT),
                ("outbound", _("Sent"), INT),
                ("people", _("Members"), INT),
            ),
            [
                [
                    row.label,
                    row.count,
                    row.extra["inbound"],
                    row.extra["outbound"],
                    row.extra["people"],
                ]
                for row in rows["kinds"]
                if row.count
            ],
        )
    )
    tables.append(
        Table(
            "delegations_by_unit",
            _("Delegations by host unit"),
            _columns(
                ("unit", _("Host unit"), TEXT),
                ("count", _("Delegations"), INT),
                ("inbound", _("Received"), INT),
                ("outbound", _("Sent"), INT),
                ("people", _("Members"), INT),
            ),
            _by_host_unit(period, public),
            note=_("Inbound: the unit that hosted. Outbound: the unit that sent it."),
        )
    )
    tables.append(
        Table(
            "agreements_by_level",
            _("Agreements by signing level"),
            _columns(("level", _("Signing level"), TEXT), ("count", _("Agreements"), INT)),
            [[row.label, row.count] for row in rows["levels"]],
        )
    )
    tables.append(
        Table(
            "agreements_by_kind",
            _("Agreements by kind"),
            _columns(
                ("kind", _("Kind"), TEXT),
                ("count", _("Agreements"), INT),
                ("city", _("City leadership"), INT),
                ("unit", _("Departments and units"), INT),
            ),
            [
                [row.label, row.count, row.extra["city"], row.extra["unit"]]
                for row in rows["agreement_kinds"]
                if row.count
            ],
        )
    )
    tables.append(
        Table(
            "agreements_by_country",
            _("Agreements by partner country"),
            _columns(("country", _("Country"), TEXT), ("count", _("Agreements"), INT)),
            [[row.label, row.count] for row in rows["agreement_countries"]],
            note=_("An agreement counts once in each of its foreign parties' countries."),
        )
    )
    tables.append(
        Table(
            "agreements_by_sector",
            _("Agreements by sector"),
            _columns(("sector", _("Sector"), TEXT), ("count", _("Agreements"), INT)),
            [[row.label, row.count] for row in rows["sectors"]],
            note=_(
                "Signed in the period. An agreement of several sectors counts once in each of them."
            ),
        )
    )
    tables.append(
        Table(
            "agreements_by_unit",
            _("Agreements by signatory unit"),
            _columns(
                ("unit", _("Signatory unit"), TEXT),
                ("count", _("Agreements"), INT),
                ("city", _("City leadership"), INT),
                ("unit_level", _("Departments and units"), INT),
            ),
            _by_signatory_unit(period, public),
        )
    )
    tables.append(
        Table(
            "conferences_by_format",
            _("Conferences by format"),
            _columns(
                ("format", pgettext("conference", "Format"), TEXT),
                ("count", _("Conferences"), INT),
                ("hosted", _("Held in the city"), INT),
                ("attended", _("Attended elsewhere"), INT),
            ),
            [
                [row.label, row.count, row.extra["hosted"], row.extra["attended"]]
                for row in rows["formats"]
            ],
            note=_("Held in the city and attended elsewhere."),
        )
    )
    tables.append(
        _aid_table(
            "aid_by_country",
            _("Aid received by donor country"),
            _("Donor country"),
            rows["donors"],
            note=_(
                "Projects committed in the period; disbursements dated in the period, "
                "whenever their project was committed."
            ),
        )
    )
    tables.append(
        _aid_table(
            "aid_by_modality",
            _("Aid received by modality"),
            _("Modality"),
            rows["modalities"],
        )
    )
    tables.append(
        _aid_table(
            "aid_by_sector",
            _("Aid received by sector"),
            _("Sector"),
            rows["aid_sectors"],
            note=_("A project of several sectors counts in each of them."),
        )
    )
    tables.append(
        _aid_table(
            "aid_by_unit",
            _("Aid received by implementing unit"),
            _("Implementing unit"),
            rows["aid_units"],
        )
    )
    tables.append(
        _aid_table(
            "aid_given_by_country",
            _("Aid given by recipient country"),
            _("Recipient country"),
            rows["recipients"],
        )
    )
    return tables


# Exchange rates


def _rates_used(periods, public, rates):
    """The exchange rates that converted the amounts of ``periods``' figures: for each
    commitment and disbursement counted, the rate of its currency in force on its date,
    and the USD rate of that date (every amount is also shown in USD). Two queries for the
    dates, one for the rates' sources."""
    projects = AidProject.objects.public() if public else AidProject.objects.counted()
    pairs = set()
    for period in periods:
        commitments = projects.in_period(period.start, period.end).values_list(
            "currency", "committed_on"
        )
        disbursements = Disbursement.objects.filter(
            project__in=projects.values("pk"), date__gte=period.start, date__lte=period.end
        ).values_list("currency", "date")
        pairs.update(commitments.distinct().order_by())
        pairs.update(disbursements.distinct().order_by())
    used = set()
    for currency, day in pairs:
        needed = {currency} if currency == USD else {currency, USD}
        for code in needed - {VND}:
            try:
                valid_from, _rate = rates.rate_in_force(code, day)
            except MissingRate:
                continue
            used.add((code, valid_from))
    if not used:
        return []
    condition = Q(pk__in=[])
    for code, valid_from in used:
        condition |= Q(currency=code, valid_from=valid_from)
    return [
        [rate.currency, rate.valid_from, rate.rate_to_vnd, rate.source]
        for rate in ExchangeRate.objects.filter(condition).order_by("currency", "valid_from")
    ]


def _rates_table(rows):
    return Table(
        "rates",
        _("Exchange rates used"),
        _columns(
            ("currency", _field(ExchangeRate, "currency"), TEXT),
            ("valid_from", _field(ExchangeRate, "valid_from"), DATE),
            ("rate_to_vnd", _field(ExchangeRate, "rate_to_vnd"), DECIMAL),
            ("source", _field(ExchangeRate, "source"), TEXT),
        ),
        rows,
        note=_(
            "Each amount is converted at the rate of its currency in force on its date "
            "(a commitment's or a disbursement's), then to USD at the USD rate of that date."
        ),
    )


# Annexes


def _date(day):
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


def _label(choices, value):
    """The label of ``value`` in ``choices`` (a TextChoices), or the value itself."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


class _Lookups:
    """What the rows of one reading of an annex look up, each looked up once: a reading is
    in one language (``AnnexRows``), and a year's hundred thousand rows repeat a few dozen
    labels and two hundred countries. Made when the reading starts, in its language."""

    def __init__(self):
        self.english = (translation.get_language() or "").startswith("en")
        self._labels = {}
        self._countries = {}
        self._texts = {}
        self._stored = {}

    def localized(self, vietnamese, english):
        """``core.models.localized`` in the reading's language."""
        return english if english and self.english else vietnamese

    def text(self, message):
        """``gettext(message)``."""
        text = self._texts.get(message)
        if text is None:
            text = self._texts[message] = _(message)
        return text

    def label(self, choices, value):
        """``_label(choices, value)``."""
        key = (choices, value)
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = _label(choices, value)
        return label

    def country(self, code):
        """The name of the country of ``code`` (a code or a ``Country``; "" for none)."""
        code = getattr(code, "code", code)
        if not code:
            return ""
        name = self._countries.get(code)
        if name is None:
            name = self._countries[code] = str(Country(code=code).name)
        return name

    def countries(self, codes):
        return ", ".join(self.country(code) for code in codes)

    def stored_countries(self, field, value):
        """The countries' names of ``value``, as a multiple country ``field`` stores it
        ("FR,JP"), through the field's own reading."""
        key = (field, value)
        names = self._stored.get(key)
        if names is None:
            names = self._stored[key] = self.countries(field.get_clean_value(value) or ())
        return names

    def unit(self, unit):
        """A local unit's ``display_name`` ("" for none)."""
        return "" if unit is None else self.localized(unit.name, unit.name_en)

    def partner(self, name, name_vi):
        """A foreign partner's ``display_name``."""
        return self.localized(name_vi or name, name)


def _related(relation, ids, fields, among=None):
    """``(owner id, *fields)`` of the records that the many-to-many ``relation`` (e.g.
    ``Delegation.partners``) links to the owners ``ids`` (only those of the queryset
    ``among`` when given), ordered by name: one query, plain values rather than the
    instances a prefetch builds."""
    field = relation.field
    owner, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = relation.through.objects.filter(**{f"{owner}_id__in": ids})
    if among is not None:
        rows = rows.filter(**{f"{target}__in": among.order_by().values("pk")})
    return rows.order_by(f"{target}__name", f"{target}_id").values_list(
        f"{owner}_id", *(f"{target}__{name}" for name in fields)
    )


def _annex(
    key, title, columns, queryset, make_row, language, note="", related=None, pk=attrgetter("pk")
):
    """An annex of ``queryset``'s records (instances, or values whose id ``pk(record)``
    reads), a row each by ``make_row(record, lookups, extra)``. ``related(ids, lookups)``
    (if any) reads, once per chunk of records, what their rows need beyond their own fields
    (their partners, sectors): its result is the rows' ``extra``."""

    def rows():
        lookups = _Lookups()
        records = queryset.iterator(chunk_size=CHUNK_SIZE)
        while chunk := list(itertools.islice(records, CHUNK_SIZE)):
            extra = related([pk(record) for record in chunk], lookups) if related else None
            for record in chunk:
                yield make_row(record, lookups, extra)

    return Table(
        key,
        title,
        _columns(*columns),
        AnnexRows(rows, language, queryset.count),
        note=note,
    )


def _annexes(period, today, public, rates, language):
    start, end = period.start, period.end
    delegations = Delegation.objects.all()
    agreements = Agreement.objects.all()
    conferences = Conference.objects.all()
    projects = AidProject.objects.all()
    activities = RelationshipActivity.objects.all()
    partners = None  # every partner
    if public:
        # What the public pages show; the annexes of a staff report list every record.
        delegations = delegations.public()
        agreements = agreements.public()
        conferences = conferences.public()
        projects = projects.public()
        activities = activities.public()
        partners = ForeignPartner.objects.public()

    def delegation_partners(ids, lookups):
        names = defaultdict(list)
        for owner, name, name_vi in _related(
            Delegation.partners, ids, ("name", "name_vi"), partners
        ):
            names[owner].append(lookups.partner(name, name_vi))
        return {owner: ", ".join(items) for owner, items in names.items()}

    # A year has a hundred thousand delegations: their rows are read as plain values, not
    # as instances (three times faster).
    delegation_fields = (
        "id",
        "start_date",
        "end_date",
        "direction",
        "kind",
        "title",
        "title_en",
        "head_name",
        "head_title",
        "member_count",
        "countries",
        "host_unit__name",
        "host_unit__name_en",
        "status",
        "visibility",
    )
    countries_field = Delegation._meta.get_field("countries")

    def delegation_row(d, lookups, partner_names):
        (
            pk,
            start_date,
            end_date,
            direction,
            kind,
            title,
            title_en,
            head_name,
            head_title,
            member_count,
            countries,
            unit_name,
            unit_name_en,
            status,
            visibility,
        ) = d
        return [
            start_date,
            end_date,
            lookups.text(INBOUND if direction == Delegation.Direction.INBOUND else OUTBOUND),
            lookups.label(Delegation.Kind, kind),
            lookups.localized(title, title_en),
            # Delegation.head
            ", ".join(part for part in (head_name, head_title) if part),
            member_count,
            lookups.stored_countries(countries_field, countries),
            partner_names.get(pk, ""),
            "" if unit_name is None else lookups.localized(unit_name, unit_name_en),
            lookups.label(Delegation.Status, status),
            lookups.label(Visibility, visibility),
        ]

    def agreement_related(ids, lookups):
        """Each agreement's parties, their countries (once each, as ``Agreement.countries``)
        and its sectors."""
        parties, countries = defaultdict(list), defaultdict(dict)
        for owner, name, name_vi, country in _related(
            Agreement.parties, ids, ("name", "name_vi", "country"), partners
        ):
            parties[owner].append(lookups.partner(name, name_vi))
            if country:
                countries[owner].setdefault(country, None)
        sectors = defaultdict(list)
        for owner, name, name_en in _related(Agreement.sectors, ids, ("name", "name_en")):
            sectors[owner].append(lookups.localized(name, name_en))
        return {
            "parties": {owner: ", ".join(items) for owner, items in parties.items()},
            "countries": {owner: lookups.countries(codes) for owner, codes in countries.items()},
            "sectors": {owner: ", ".join(items) for owner, items in sectors.items()},
        }

    def agreement_row(a, lookups, related):
        return [
            a.signed_on,
            a.reference_number,
            lookups.label(Agreement.Kind, a.kind),
            lookups.localized(a.title, a.title_en),
            lookups.label(Agreement.Level, a.signing_level),
            lookups.unit(a.signatory_unit),
            related["parties"].get(a.pk, ""),
            related["countries"].get(a.pk, ""),
            related["sectors"].get(a.pk, ""),
            a.current_expiry(today),
            lookups.label(Agreement.Status, a.effective_status),
            lookups.label(Visibility, a.visibility),
        ]

    def conference_row(c, lookups, _extra):
        return [
            c.start_date,
            c.end_date,
            lookups.localized(c.name, c.name_en),
            lookups.label(Conference.Kind, c.kind),
            lookups.label(Conference.Role, c.role),
            lookups.label(Conference.Format, c.format),
            c.city,
            lookups.country(c.country),
            c.participants_total,
            c.participants_foreign,
            lookups.label(PermitStatus, c.permit_status),
            lookups.label(Visibility, c.visibility),
        ]

    def converted(amount, currency, day, convert):
        try:
            return convert(amount, currency, day)
        except MissingRate:
            return None

    def project_row(p, lookups, _extra):
        partner = p.partner
        return [
            p.committed_on,
            lookups.localized(p.title, p.title_en),
            lookups.label(AidProject.Direction, p.direction),
            lookups.label(AidProject.Modality, p.modality),
            lookups.partner(partner.name, partner.name_vi) if partner is not None else "",
            lookups.country(p.country),
            lookups.unit(p.implementing_unit),
            p.commitment_amount,
            p.currency,
            converted(p.commitment_amount, p.currency, p.committed_on, rates.to_vnd),
            converted(p.commitment_amount, p.currency, p.committed_on, rates.to_usd),
            lookups.label(AidProject.Status, p.status),
            lookups.label(Visibility, p.visibility),
        ]

    def activity_row(a, lookups, _extra):
        partner = a.relationship.partner
        return [
            a.date,
            lookups.partner(partner.name, partner.name_vi),
            lookups.country(partner.country),
            lookups.label(RelationshipActivity.Kind, a.kind),
            lookups.localized(a.title, a.title_en),
            lookups.unit(a.local_unit),
            lookups.label(Visibility, a.visibility),
        ]

    visibility = ("visibility", _field(Delegation, "visibility"), TEXT)
    status_note = _(
        "Every record of the period, whatever its status: the cancelled ones are listed, "
        "marked as such, but the figures never count them."
    )
    return [
        _annex(
            "delegations",
            _("Delegations"),
            [
                ("start_date", _field(Delegation, "start_date"), DATE),
                ("end_date", _field(Delegation, "end_date"), DATE),
                ("direction", _field(Delegation, "direction"), TEXT),
                ("kind", _field(Delegation, "kind"), TEXT),
                ("title", _("Title"), TEXT),
                ("head", _field(Delegation, "head_name"), TEXT),
                ("members", _field(Delegation, "member_count"), INT),
                ("countries", _field(Delegation, "countries"), TEXT),
                ("partners", _field(Delegation, "partners"), TEXT),
                ("host_unit", _field(Delegation, "host_unit"), TEXT),
                ("status", _field(Delegation, "status"), TEXT),
                visibility,
            ],
            delegations.in_period(start, end)
            .order_by("start_date", "id")
            .values_list(*delegation_fields),
            delegation_row,
            language,
            related=delegation_partners,
            pk=itemgetter(0),
            note=status_note,
        ),
        _annex(
            "agreements",
            _("Agreements"),
            [
                ("signed_on", _field(Agreement, "signed_on"), DATE),
                ("reference_number", _field(Agreement, "reference_number"), TEXT),
                ("kind", _field(Agreement, "kind"), TEXT),
                ("title", _("Title"), TEXT),
                ("level", _field(Agreement, "signing_level"), TEXT),
                ("signatory_unit", _field(Agreement, "signatory_unit"), TEXT),
                ("parties", _field(Agreement, "parties"), TEXT),
                ("countries", _("Countries"), TEXT),
                ("sectors", _field(Agreement, "sectors"), TEXT),
                ("expires_on", _field(Agreement, "expires_on"), DATE),
                ("status", _field(Agreement, "status"), TEXT),
                visibility,
            ],
            agreements.signed_in_period(start, end)
            .with_effective_status(today)
            .select_related("signatory_unit")
            .only(
                *("reference_number", "kind", "title", "title_en", "signing_level", "visibility"),
                # Agreement.current_expiry
                *("signed_on", "entry_into_force", "expires_on", "auto_renew"),
                *("renewal_term_months", "status", "terminated_on"),
                *("signatory_unit__name", "signatory_unit__name_en"),
            )
            .order_by("signed_on", "id"),
            agreement_row,
            language,
            related=agreement_related,
            note=_("Agreements signed in the period, with their status as it reads today."),
        ),
        _annex(
            "conferences",
            _("International conferences"),
            [
                ("start_date", _field(Conference, "start_date"), DATE),
                ("end_date", _field(Conference, "end_date"), DATE),
                ("name", _("Name"), TEXT),
                ("kind", _field(Conference, "kind"), TEXT),
                ("role", _field(Conference, "role"), TEXT),
                ("format", _field(Conference, "format"), TEXT),
                ("city", _field(Conference, "city"), TEXT),
                ("country", _field(Conference, "country"), TEXT),
                ("participants", _field(Conference, "participants_total"), INT),
                ("participants_foreign", _field(Conference, "participants_foreign"), INT),
                ("permit_status", _field(Conference, "permit_status"), TEXT),
                visibility,
            ],
            conferences.in_period(start, end)
            .only(
                *("start_date", "end_date", "name", "name_en", "kind", "role", "format"),
                *("city", "country", "participants_total", "participants_foreign"),
                *("permit_status", "visibility"),
            )
            .order_by("start_date", "id"),
            conference_row,
            language,
            note=_(
                "Every conference of the period; rejected and cancelled ones are marked and "
                "never counted as held."
            ),
        ),
        _annex(
            "aid_projects",
            _("Aid projects"),
            [
                ("committed_on", _field(AidProject, "committed_on"), DATE),
                ("title", _("Title"), TEXT),
                ("direction", _field(AidProject, "direction"), TEXT),
                ("modality", _field(AidProject, "modality"), TEXT),
                ("partner", _field(AidProject, "partner"), TEXT),
                ("country", _field(AidProject, "country"), TEXT),
                ("implementing_unit", _field(AidProject, "implementing_unit"), TEXT),
                ("amount", _field(AidProject, "commitment_amount"), MONEY),
                ("currency", _field(AidProject, "currency"), TEXT),
                ("vnd", _("In VND"), VND),
                ("usd", _("In USD"), USD),
                ("status", _field(AidProject, "status"), TEXT),
                visibility,
            ],
            projects.in_period(start, end)
            .select_related("partner", "implementing_unit")
            .only(
                *("committed_on", "title", "title_en", "direction", "modality", "country"),
                *("commitment_amount", "currency", "status", "visibility"),
                *("partner__name", "partner__name_vi"),
                *("implementing_unit__name", "implementing_unit__name_en"),
            )
            .order_by("committed_on", "id"),
            project_row,
            language,
            note=status_note,
        ),
        _annex(
            "relationship_activities",
            _("Twin-city and partner activities"),
            [
                ("date", _field(RelationshipActivity, "date"), DATE),
                ("partner", _("Partner"), TEXT),
                ("country", _("Country"), TEXT),
                ("kind", _field(RelationshipActivity, "kind"), TEXT),
                ("title", _("Title"), TEXT),
                ("unit", _field(RelationshipActivity, "local_unit"), TEXT),
                visibility,
            ],
            activities.filter(date__gte=start, date__lte=end)
            .select_related("relationship__partner", "local_unit")
            .only(
                *("date", "kind", "title", "title_en", "visibility"),
                *("relationship__partner__name", "relationship__partner__name_vi"),
                "relationship__partner__country",
                *("local_unit__name", "local_unit__name_en"),
            )
            .order_by("date", "id"),
            activity_row,
            language,
        ),
    ]


# Charts


def _charts(trend, rows):
    """The dashboard's charts, as static SVG of a fixed width (for a PDF or DOCX)."""
    width = 640
    # As the dashboard: these charts show commitments, so a row with only disbursements
    # (of a project committed in another period) has nothing to draw.
    donors = [row for row in rows["donors"] if row.count]
    modalities = [row for row in rows["modalities"] if row.count]
    count = {"label_header": _("Country"), "width": width}
    return {
        "trend_delegations": trend_chart_svg(
            trend,
            series=[
                ("delegations_inbound", _("Foreign delegations received")),
                ("delegations_outbound", _("Delegations of the city abroad")),
            ],
            title=_("Delegations by month"),
        ),
        "trend_other": trend_chart_svg(
            trend,
            series=[
                ("agreements", _("Agreements signed")),
                ("conferences", _("Conferences")),
                ("aid_projects", _("Aid projects committed")),
            ],
            title=_("Agreements, conferences and aid projects by month"),
        ),
        "countries": bar_chart_svg(
            rows["countries"][:TOP_COUNTRIES],
            title=_("Top partner countries"),
            value_header=_("Delegations"),
            **count,
        ),
        "levels": bar_chart_svg(
            rows["levels"], title=_("Agreements by signing level"), width=width
        ),
        "sectors": bar_chart_svg(rows["sectors"], title=_("Agreements by sector"), width=width),
        "formats": bar_chart_svg(rows["formats"], title=_("Conferences by format"), width=width),
        "donors": bar_chart_svg(
            donors,
            value="committed.vnd",
            currency=VND,
            title=_("Aid received by donor country"),
            width=width,
        ),
        "modalities": bar_chart_svg(
            modalities,
            value="committed.vnd",
            currency=VND,
            title=_("Aid received by modality"),
            width=width,
        ),
    }


# The report


def _user_name(user):
    if user is None:
        return ""
    if isinstance(user, str):
        return user
    return user.get_full_name() or user.get_username()


def city_name(language):
    names = settings.SITE_CITY_NAME
    return names.get(language) or names[settings.LANGUAGE_CODE]


def build_report(
    *,
    start,
    end,
    language="vi",
    user=None,
    compare=True,
    include_internal=True,
    today=None,
    generated_at=None,
):
    """The report of [start, end] (dates, both included) in ``language``: the dashboard's
    figures (compared with the previous period when ``compare``), the narrative, the
    breakdowns, the rates used and the annexes. ``include_internal=False`` counts and lists
    only what the public pages show. ``user`` (a user or a name) is who generated it;
    ``today`` the day of the "as of today" figures (the local date by default)."""
    if end < start:
        raise ValueError("A period cannot end before it starts.")
    today = today or timezone.localdate()
    generated_at = generated_at or timezone.localtime()
    public = not include_internal
    period = period_of(start, end)
    previous = previous_period(period) if compare else None
    with translation.override(language):
        rates = RateTable()  # one query for every amount
        current = _period_figures(period, today, public)
        before = _period_figures(previous, today, public) if previous else None
        sections = _sections(current, before, today, public)
        span = {"start": period.start, "end": period.end, "public": public}
        trend = monthly_trend(**span)
        summaries = [current["aid"], before["aid"]] if before else [current["aid"]]
        missing = {m for summary in summaries for m in summary.missing}
        missing_rates = [str(m) for m in sorted(missing, key=lambda m: (m.currency, m.date))]
        city = city_name(language)
        label = period_label(period)
        previous_label = period_label(previous) if previous else ""
        figures = {figure.key: figure for section in sections for figure in section.figures}
        rows = _statistics_rows(period, public)
        agreement_countries = rows["agreement_countries"]
        facts = Facts(
            period_label=label,
            previous_label=previous_label,
            kind=_period_kind(period),
            figures=figures,
            delegation_countries=[row.label for row in rows["countries"][:5]],
            country_count=len(rows["countries"]),
            agreement_countries=[row.label for row in agreement_countries[:5]],
            agreement_country_count=len(agreement_countries),
            agreement_sectors=[row.label for row in rows["sectors"][:5]],
            aid_countries=[row.label for row in rows["donors"] if row.count][:5],
            aid_given_countries=[row.label for row in rows["recipients"] if row.count][:5],
            missing_rates=bool(missing_rates),
        )
        return Report(
            language=language,
            city=city,
            # The site's own wording (base.html), already translated.
            department=_("Department of Foreign Affairs of %(city)s") % {"city": city},
            title=report_title(period),
            period=period,
            previous=previous,
            generated_at=generated_at,
            generated_by=_user_name(user),
            sections=sections,
            narrative=narrative(facts, language),
            breakdowns=_breakdowns(period, public, rows),
            rates=_rates_table(_rates_used([p for p in (period, previous) if p], public, rates)),
            missing_rates=missing_rates,
            annexes=_annexes(period, today, public, rates, language),
            trend=trend,
            charts=_charts(trend, rows),
            period_label=label,
            previous_label=previous_label,
            today=today,
        )


def _period_kind(period):
    """ "year", "years" (several whole years), "quarter", "month" or "custom"."""
    years = whole_years(period)
    if years:
        return "year" if years[0] == years[1] else "years"
    return {YEAR: "year", QUARTER: "quarter", MONTH: "month"}.get(period.kind, "custom")


__all__ = [
    "AnnexRows",
    "Column",
    "Figure",
    "Report",
    "Section",
    "Table",
    "build_report",
    "period_label",
    "period_of",
    "previous_period",
]
