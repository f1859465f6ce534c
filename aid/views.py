"""Public pages of aid projects: the filterable list with the totals of every filtered row
in VND and USD, its CSV download, and one project with its disbursements.

Every amount is converted by ``aid.money`` with one rate table per request (one query):
at the rate in force on the commitment date (a disbursement: on its own date), each row
rounded, then added. A missing rate is named on the page, never skipped silently.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from agreements.models import Agreement
from core.csv_export import csv_response
from core.listcache import (
    CachedContentMixin,
    CachedCountPaginator,
    CachedDetailMixin,
    cached_for,
)
from reports.statistics.aid import stored_total

from . import money
from .conversions import unconverted
from .currencies import USD, VND
from .filtersets import AidProjectFilterSet
from .models import AidProject, Disbursement, ExchangeRate

NEWEST_FIRST = (F("committed_on").desc(), "-pk")


@dataclass
class Converted:
    """One amount in its currency, in VND and in USD on ``day``, with the rates used. When
    a rate is lacking, the converted amount is None and ``missing_vnd``/``missing_usd``
    names the rate (a ``MissingRate``)."""

    amount: Decimal
    currency: str
    day: date
    vnd: Decimal | None = None
    usd: Decimal | None = None
    missing_vnd: money.MissingRate | None = None
    missing_usd: money.MissingRate | None = None
    rate: Decimal | None = None
    rate_from: date | None = None
    usd_rate: Decimal | None = None
    usd_rate_from: date | None = None

    @property
    def rates_used(self):
        """(currency, VND per unit, in force since) of each rate a reader needs to check
        the conversion: the currency's own (none for VND), and the USD rate (once for
        USD)."""
        used = []
        if self.currency != VND and self.rate is not None:
            used.append((self.currency, self.rate, self.rate_from))
        if self.currency != USD and self.usd_rate is not None:
            used.append((USD, self.usd_rate, self.usd_rate_from))
        return used

    @property
    def missing(self):
        """The distinct missing rates, the one for VND first."""
        found = [self.missing_vnd, self.missing_usd]
        return [rate for index, rate in enumerate(found) if rate and rate not in found[:index]]


def _attempt(function, *args):
    """``(function(*args), None)``, or ``(None, the MissingRate)``."""
    try:
        return function(*args), None
    except money.MissingRate as missing:
        return None, missing


def convert(amount, currency, day, rates):
    """``amount`` converted by ``rates`` (see ``aid.money``), never raising."""
    result = Converted(amount=money.quantize(amount, currency), currency=currency, day=day)
    result.vnd, result.missing_vnd = _attempt(rates.to_vnd, amount, currency, day)
    result.usd, result.missing_usd = _attempt(rates.to_usd, amount, currency, day)
    result.rate, _missing = _attempt(rates.rate, currency, day)
    if result.rate is not None:
        result.rate_from = rates.rate_in_force(currency, day)[0]
    # A lacking USD rate is already named by the conversions above.
    result.usd_rate, _missing = _attempt(rates.rate, USD, day)
    if result.usd_rate is not None:
        result.usd_rate_from = rates.rate_in_force(USD, day)[0]
    return result


@dataclass
class Gap:
    """A missing rate, and how many rows lack it."""

    currency: str
    day: date
    rows: int


@dataclass
class Totals:
    """``money.total`` of some rows, with what a reader must be told when it is
    incomplete: each missing rate with the number of rows it affects, and how many rows
    each of the two totals leaves out."""

    total: money.Total
    left_out_vnd: int = 0
    left_out_usd: int = 0
    gaps: list = field(default_factory=list)

    @property
    def rows(self):
        return self.total.rows

    @property
    def complete(self):
        return self.total.complete


def totals(queryset, rates):
    """The totals of the rows of ``queryset`` (aid projects' commitments, or
    disbursements) in VND and USD, added up by the database (``stored_total``); when some
    rows lack a rate, those rows are read to name each rate and count what it leaves
    out."""
    result = Totals(total=stored_total(queryset))
    return result if result.complete else _gaps(result, unconverted(queryset), rates)


def row_totals(rows, rates):
    """The totals of ``rows`` of (amount, currency, date) in hand (a project's
    disbursements), in VND and USD."""
    rows = list(rows)
    result = Totals(total=money.total(rows, rates))
    return result if result.complete else _gaps(result, rows, rates)


def _gaps(result, rows, rates):
    """``result`` with each missing rate named and what it leaves out counted, from
    ``rows`` (those without a rate suffice)."""
    affected = Counter()
    for row in rows:
        one = money.total([row], rates)
        result.left_out_vnd += bool(one.missing_vnd)
        result.left_out_usd += bool(one.missing_usd)
        affected.update(one.missing_vnd | one.missing_usd)
    result.gaps = [
        Gap(
            currency=missing.currency,
            day=missing.date,
            rows=affected[missing.currency, missing.date],
        )
        for missing in result.total.missing
    ]
    return result


def rate_table():
    """Every exchange rate as a ``money.RateTable``: one query (2,400 rows at national
    scale) and their sorting, kept in the cache until a record or a rate changes."""
    rates = ExchangeRate.objects.order_by().values_list("currency", "valid_from", "rate_to_vnd")
    return cached_for("rates", rates, lambda: money.RateTable(list(rates)))


def public_partner(project):
    """The donor or recipient when the public may see it; else None (the page then shows
    the country only, never an internal partner's name)."""
    partner = project.partner
    return partner if partner is not None and partner.is_public else None


class AidProjectListView(CachedContentMixin, FilterView):
    filterset_class = AidProjectFilterSet
    template_name = "aid/aidproject_list.html"
    context_object_name = "projects"
    paginate_by = 25
    # The count of a national list is a scan: cached until a record changes.
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        return AidProject.objects.public().for_list().order_by(*NEWEST_FIRST)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        # Lazy, like the rest of the page's body: a cached body needs none of it.
        rates = SimpleLazyObject(rate_table)
        # Every filtered row, not only this page's: added up by the database; at national
        # scale a scan, so cached until a record or rate changes.
        filtered = self.object_list.order_by()
        context["totals"] = SimpleLazyObject(
            lambda: cached_for("totals", filtered, lambda: totals(filtered, rates))
        )
        page_rows = context["object_list"]

        def converted_rows():
            projects = list(page_rows)
            for project in projects:
                project.public_partner = public_partner(project)
                project.commitment = convert(
                    project.commitment_amount, project.currency, project.committed_on, rates
                )
            return projects

        projects = SimpleLazyObject(converted_rows)
        context["object_list"] = context["projects"] = projects
        return context


def plain(amount):
    """A decimal as a spreadsheet reads it: "1500000", "75000.00"; "" for none."""
    return "" if amount is None else f"{amount:f}"


def plain_rate(rate):
    """A rate without its trailing zeros: "26000", "180.5"."""
    return "" if rate is None else f"{rate.normalize():f}"


def iso(day):
    return day.isoformat() if day else ""


class AidProjectCsvView(AidProjectListView):
    """Exactly the rows of the filtered list, every page of it, as CSV, with the amounts
    converted as on the page and the rates used, as plain decimals."""

    def get_queryset(self):
        # Unordered: only their sum is written, and Disbursement's default ordering (by
        # project first) would join the projects again.
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("disbursements", queryset=Disbursement.objects.order_by()))
        )

    def render_to_response(self, context, **response_kwargs):
        rates = money.RateTable()
        return csv_response(
            f"aid-projects-{timezone.localdate().isoformat()}.csv",
            [
                _("Date of commitment"),
                _("Title"),
                _("Direction"),
                _("Modality"),
                _("Donor or recipient"),
                _("Country"),
                _("Sectors"),
                _("Implementing unit"),
                _("District"),
                _("Commitment"),
                _("Currency"),
                _("Commitment in VND"),
                _("Commitment in USD"),
                _("Missing exchange rate"),
                _("Rate used (VND per unit)"),
                _("Rate in force since"),
                _("USD rate used (VND per USD)"),
                _("USD rate in force since"),
                _("Disbursed in VND"),
                _("Status"),
                _("Start date"),
                _("End date"),
                _("Page"),
            ],
            (self._row(project, rates) for project in self.object_list.iterator(chunk_size=500)),
        )

    def get_context_data(self, **kwargs):
        # No pagination, totals or template context: every filtered row goes to the file.
        return {}

    def _row(self, project, rates):
        commitment = convert(
            project.commitment_amount, project.currency, project.committed_on, rates
        )
        disbursed = money.total(
            [(row.amount, row.currency, row.date) for row in project.disbursements.all()], rates
        )
        missing = commitment.missing + [
            gap for gap in disbursed.missing if gap not in commitment.missing
        ]
        partner = public_partner(project)
        return [
            project.committed_on.isoformat(),
            project.display_title,
            project.get_direction_display(),
            project.get_modality_display(),
            partner.display_name if partner else "",
            str(project.country.name),
            "; ".join(sector.display_name for sector in project.sectors.all()),
            project.implementing_unit.display_name if project.implementing_unit else "",
            project.district.display_name if project.district else "",
            plain(commitment.amount),
            project.currency,
            plain(commitment.vnd),
            plain(commitment.usd),
            "; ".join(f"{gap.currency} {gap.date.isoformat()}" for gap in missing),
            plain_rate(commitment.rate),
            iso(commitment.rate_from),
            plain_rate(commitment.usd_rate),
            iso(commitment.usd_rate_from),
            "" if disbursed.missing_vnd else plain(disbursed.vnd),
            project.get_status_display(),
            iso(project.start_date),
            iso(project.end_date),
            self.request.build_absolute_uri(project.get_absolute_url()),
        ]


class AidProjectDetailView(CachedDetailMixin, DetailView):
    template_name = "aid/aidproject_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return (
            AidProject.objects.public()
            .for_list()
            .prefetch_related(
                # The related agreement only when the public may follow the link; a
                # prefetch of a foreign key sets None when the row is filtered out.
                Prefetch(
                    "agreement", queryset=Agreement.objects.public(), to_attr="public_agreement"
                ),
                Prefetch(
                    "disbursements",
                    queryset=Disbursement.objects.order_by("date", "pk"),
                    to_attr="disbursement_list",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        rates = rate_table()
        # The page header shows the commitment; the rest only the body.
        context["commitment"] = convert(
            project.commitment_amount, project.currency, project.committed_on, rates
        )
        if self.cached_content is not None:
            return context  # the body is cached
        disbursements = project.disbursement_list
        for disbursement in disbursements:
            disbursement.converted = convert(
                disbursement.amount, disbursement.currency, disbursement.date, rates
            )
        context.update(
            public_partner=public_partner(project),
            disbursements=disbursements,
            disbursed=row_totals(
                ((row.amount, row.currency, row.date) for row in disbursements), rates
            ),
        )
        return context
