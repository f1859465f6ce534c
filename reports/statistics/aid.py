"""Figures of aid: how many projects, and how much was committed and disbursed, in VND and
in USD; as a whole (``aid_summary``), by donor or recipient country, by modality, by sector
and by month.

Counting rules: a project counts in the period of its commitment (``committed_on``, both
end days included); cancelled projects never count, nor do their disbursements; a
disbursement counts in the period of its own date, whenever its project was committed.
Money is converted row by row at the rate in force on the row's date (``aid.money``); a
row without a rate is left out of the sum and named in the total's ``missing``, never
dropped silently. By sector, a project of several sectors counts in each of them.
``public=True`` counts only what the public pages show."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from aid.currencies import USD
from aid.models import ODA_MODALITIES, AidProject, Disbursement
from aid.money import MissingRate, RateTable, Total, quantize, total
from core.models import localized

from .breakdowns import country_name, month_rows, sort_key


@dataclass(frozen=True)
class AidFigures:
    """One group of projects: how many, what they committed, what was disbursed. The two
    totals are ``aid.money.Total`` values (VND, USD, and the rates they lack)."""

    count: int
    committed: Total
    disbursed: Total


@dataclass(frozen=True)
class AidSummary:
    oda: AidFigures  # received: ODA loans and grants
    other: AidFigures  # received, not ODA: "projects and non-project aid"
    given: AidFigures  # given by the city

    @property
    def received_count(self):
        return self.oda.count + self.other.count

    @property
    def missing(self):
        """Every rate that some figure lacks, once each, sorted (``MissingRate`` values):
        what a page must name next to a total that is not complete."""
        found = {missing for result in self._totals() for missing in result.missing}
        return sorted(found, key=lambda missing: (missing.currency, missing.date))

    @property
    def complete(self):
        return all(result.complete for result in self._totals())

    def _totals(self):
        return [
            result
            for figures in (self.oda, self.other, self.given)
            for result in (figures.committed, figures.disbursed)
        ]


GROUPS = ("oda", "other", "given")


def _group(direction, modality):
    if direction == AidProject.Direction.GIVEN:
        return "given"
    return "oda" if modality in ODA_MODALITIES else "other"


def aid_summary(*, start=None, end=None, public=False, rates=None):
    """Aid projects committed within [start, end] (``committed_on``, both days included),
    none cancelled (``AidProjectQuerySet.counted``; with ``public=True``, only what
    ``public()`` shows), in three groups: ODA received (loans and grants), other aid
    received (foreign NGO projects, non-project aid, in-kind donations, emergency relief,
    other: the seeds' "projects and non-project aid") and aid given by the city. For each
    group, how many projects, their commitments, and the disbursements dated within
    [start, end] of the group's projects that are not cancelled, whenever those were
    committed.

    Money follows ``aid.money``: each row is converted on its own date (a commitment on
    its date of commitment, a disbursement on its date) at the rate in force that day,
    rounded (whole dong, cent), then added. A row without a rate is counted in ``rows``
    but left out of the sum, and its currency and date are reported in the total's
    ``missing_*`` (``AidSummary.missing`` gathers them): a total is never silently short.

    Three queries, however many rows: the projects, the disbursements, the rates (two when
    ``rates``, a ``RateTable``, is given). ``start``/``end`` are dates; ``None`` means
    unbounded.
    """
    commitments, disbursements = _fetch(
        start=start, end=end, public=public, fields=("direction", "modality")
    )
    rates = rates or RateTable()
    return _summary(commitments, disbursements, lambda rows: total(rows, rates))


def _fetch(*, start, end, public, fields, direction=None):
    """The commitments of the projects counted in [start, end] and the disbursements dated
    in it (of projects counted whenever committed), as rows (amount, currency, date,
    *fields), the fields read on the project. Two lazy querysets: a query each when read."""
    projects = AidProject.objects.public() if public else AidProject.objects.counted()
    if direction is not None:
        projects = projects.filter(direction=AidProject.Direction(direction))
    commitments = (
        projects.in_period(start, end)
        .order_by()
        .values_list("commitment_amount", "currency", "committed_on", *fields)
    )
    disbursements = Disbursement.objects.filter(project__in=projects.values("pk"))
    if start is not None:
        disbursements = disbursements.filter(date__gte=start)
    if end is not None:
        disbursements = disbursements.filter(date__lte=end)
    # Unordered: totals do not depend on the order (the model's would sort every row).
    disbursements = disbursements.order_by().values_list(
        "amount", "currency", "date", *(f"project__{name}" for name in fields)
    )
    return commitments, disbursements


def _summary(commitments, disbursements, add):
    """``AidSummary`` of rows (amount, currency, date, direction, modality, …); ``add``
    totals rows of (amount, currency, date)."""
    committed = {group: [] for group in GROUPS}
    for amount, currency, day, direction, modality, *_more in commitments:
        committed[_group(direction, modality)].append((amount, currency, day))
    disbursed = {group: [] for group in GROUPS}
    for amount, currency, day, direction, modality, *_more in disbursements:
        disbursed[_group(direction, modality)].append((amount, currency, day))
    return AidSummary(
        **{
            group: AidFigures(
                count=len(committed[group]),
                committed=add(committed[group]),
                disbursed=add(disbursed[group]),
            )
            for group in GROUPS
        }
    )


class Converted:
    """Each distinct row (amount, currency, date) converted once with a ``RateTable``'s
    ``to_vnd`` and ``to_usd``, and ``total()``: ``aid.money.total`` of rows, from those
    conversions. For figures that add up the same rows several times (a summary and its
    breakdowns): the same conversions, so the same totals, at a dictionary look-up a row."""

    def __init__(self, rates=None):
        self.rates = rates or RateTable()
        self._found = {}

    def _convert(self, row):
        """(VND, USD) of the row, each a Decimal or the (currency, date) of the missing
        rate: what ``to_vnd`` and ``to_usd`` give, the VND amount computed once (USD
        is that amount at the day's USD rate, as ``to_usd`` computes it)."""
        amount, currency, day = row
        rates = self.rates
        try:
            vnd = rates.to_vnd(amount, currency, day)
        except MissingRate as missing:
            vnd = (missing.currency, missing.date)
        if currency == USD:
            usd = quantize(amount, USD)
        elif isinstance(vnd, tuple):
            usd = vnd  # to_usd converts to VND first: the same rate is missing
        else:
            try:
                usd = quantize(vnd / rates.rate(USD, day), USD)
            except MissingRate as missing:
                usd = (missing.currency, missing.date)
        converted = self._found[row] = (vnd, usd)
        return converted

    def total(self, rows):
        # Local names in the loop: it runs once per row of every figure.
        found, convert = self._found, self._convert
        vnd_sum, usd_sum = Decimal(0), Decimal(0)
        missing_vnd, missing_usd = set(), set()
        count = without_vnd = without_usd = 0
        for row in rows:
            pair = found.get(row)
            if pair is None:
                pair = convert(row)
            vnd, usd = pair
            count += 1
            if vnd.__class__ is tuple:
                missing_vnd.add(vnd)
                without_vnd += 1
            else:
                vnd_sum += vnd
            if usd.__class__ is tuple:
                missing_usd.add(usd)
                without_usd += 1
            else:
                usd_sum += usd
        return Total(
            vnd=vnd_sum,
            usd=usd_sum,
            rows=count,
            missing_vnd=missing_vnd,
            missing_usd=missing_usd,
            rows_without_vnd=without_vnd,
            rows_without_usd=without_usd,
        )


# Breakdowns: by donor (or recipient) country, by modality, by sector.


@dataclass(frozen=True)
class AidRow:
    """One line of an aid breakdown: ``key`` the value filtered on (a country code, a
    modality, a sector code; ``""`` for projects without a sector), ``label`` what a person
    reads (a plain ``str`` in the language active when the row was built), ``count`` the
    projects committed in the period, and their ``committed`` and ``disbursed`` totals
    (``aid.money.Total``: VND, USD and the rates they lack)."""

    key: str
    label: str
    count: int
    committed: Total
    disbursed: Total

    @property
    def missing(self):
        """The rates either total lacks, once each, sorted (``MissingRate`` values)."""
        found = set(self.committed.missing) | set(self.disbursed.missing)
        return sorted(found, key=lambda missing: (missing.currency, missing.date))

    @property
    def complete(self):
        return self.committed.complete and self.disbursed.complete


def _aid_rows(*, start, end, public, direction, rates, key, names=(), label):
    """The rows of a breakdown by the project field ``key`` (``names``: further project
    fields that ``label`` turns, with the key, into the row's label). Three queries."""
    commitments, disbursements = _fetch(
        start=start, end=end, public=public, fields=(key, *names), direction=direction
    )
    rates = rates or RateTable()
    return _rows(commitments, disbursements, lambda rows: total(rows, rates), label)


def _rows(commitments, disbursements, add, label):
    """``AidRow`` values of rows (amount, currency, date, key, *names), largest first;
    ``add`` totals rows of (amount, currency, date)."""
    committed, disbursed, labels = {}, {}, {}
    for rows, found in ((commitments, committed), (disbursements, disbursed)):
        for amount, currency, day, value, *more in rows:
            value = value or ""
            found.setdefault(value, []).append((amount, currency, day))
            if value not in labels:
                labels[value] = str(label(value, *more))

    result = [
        AidRow(
            key=value,
            label=labels[value],
            count=len(committed.get(value, ())),
            committed=add(committed.get(value, ())),
            disbursed=add(disbursed.get(value, ())),
        )
        for value in labels
    ]
    # Largest commitment first; a total that lacks a rate sorts by what it could convert.
    return sorted(
        result, key=lambda row: (-row.committed.vnd, -row.count, sort_key(row.label), row.key)
    )


def aid_by_country(*, start=None, end=None, public=False, direction="received", rates=None):
    """Aid by the donor's country (``direction="received"``), or the recipient's
    (``"given"``; ``None``: both), as ``AidRow`` values sorted by the VND committed, largest
    first. The counting rules of ``aid_summary``: projects committed within [start, end],
    none cancelled; the disbursements dated within [start, end] of those projects or of
    earlier or later ones, so a country may show disbursements with a count of 0. Each
    project has one country, so the rows add up to the total. Three queries (two when
    ``rates``, a ``RateTable``, is given)."""
    return _aid_rows(
        start=start,
        end=end,
        public=public,
        direction=direction,
        rates=rates,
        key="country",
        label=_country_label,
    )


def aid_by_modality(*, start=None, end=None, public=False, direction="received", rates=None):
    """Aid by modality (ODA loan, ODA grant, foreign NGO project…), only the modalities
    found, as ``AidRow`` values sorted by the VND committed, largest first; the counting
    rules of ``aid_by_country``. Each project has one modality: the rows add up to the
    total. Three queries (two with ``rates``)."""
    return _aid_rows(
        start=start,
        end=end,
        public=public,
        direction=direction,
        rates=rates,
        key="modality",
        label=_modality_label,
    )


def aid_by_sector(*, start=None, end=None, public=False, direction="received", rates=None):
    """Aid by sector (``key`` the sector's code), as ``AidRow`` values sorted by the VND
    committed, largest first; the counting rules of ``aid_by_country``.

    A project of several sectors counts, with its whole commitment and disbursements, in
    each of them, so the rows add up to more than the total; the projects without a sector
    make a row of their own (``key=""``, "No sector"), so none is left out. Three queries
    (two with ``rates``)."""
    return _aid_rows(
        start=start,
        end=end,
        public=public,
        direction=direction,
        rates=rates,
        key="sectors__code",
        names=("sectors__name", "sectors__name_en"),
        label=lambda code, name, name_en: localized(name, name_en) if code else _("No sector"),
    )


def _country_label(value):
    return country_name(value)


def _modality_label(value):
    return AidProject.Modality(value).label


@dataclass(frozen=True)
class AidOverview:
    """What the dashboard shows of aid in a period (``aid_overview``)."""

    summary: AidSummary
    by_country: list  # received aid, AidRow values (``aid_by_country``)
    by_modality: list  # received aid, AidRow values (``aid_by_modality``)
    disbursed_received: list  # ids of the received projects with a disbursement counted


def aid_overview(*, start=None, end=None, public=False, rates=None):
    """``aid_summary`` and the received aid ``aid_by_country`` and ``aid_by_modality``
    (the dashboard's figures and charts) from one reading of the rows, each row
    converted once: the same values as the three functions, in two queries (three
    without ``rates``) instead of six; and the ids of the received projects whose
    disbursements the summary counts (the records behind "disbursed")."""
    commitments, disbursements = _fetch(
        start=start, end=end, public=public, fields=("direction", "modality", "country", "id")
    )
    commitments, disbursements = list(commitments), list(disbursements)
    add = Converted(rates).total
    received = AidProject.Direction.RECEIVED

    def of_received(rows, index):
        return [(*row[:3], row[index]) for row in rows if row[3] == received]

    return AidOverview(
        summary=_summary(commitments, disbursements, add),
        by_country=_rows(
            of_received(commitments, 5), of_received(disbursements, 5), add, _country_label
        ),
        by_modality=_rows(
            of_received(commitments, 4), of_received(disbursements, 4), add, _modality_label
        ),
        disbursed_received=sorted({row[6] for row in disbursements if row[3] == received}),
    )


def aid_projects_by_month(*, start=None, end=None, public=False):
    """The aid projects committed in each month of [start, end] (``committed_on``), none
    cancelled (the rules of ``aid_summary``), received and given. One ``Row`` per calendar
    month (``key`` ``"2025-03"``; zeros included; an unbounded side stops at the first or
    last month with a project), ``extra={"received": n, "given": n}``. One query."""
    projects = AidProject.objects.public() if public else AidProject.objects.counted()
    counts = (
        projects.in_period(start, end)
        .annotate(month=TruncMonth("committed_on"))
        .order_by()
        .values("month")
        .annotate(
            count=Count("pk"),
            received=Count("pk", filter=Q(direction=AidProject.Direction.RECEIVED)),
            given=Count("pk", filter=Q(direction=AidProject.Direction.GIVEN)),
        )
    )
    return month_rows(
        {row["month"]: row for row in counts},
        start=start,
        end=end,
        extra_keys=("received", "given"),
    )
