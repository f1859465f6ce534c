"""Figures of aid: how many projects, and how much was committed and disbursed, in VND and
in USD; as a whole (``aid_summary``), by donor or recipient country, by modality, by sector
and by month.

Counting rules: a project counts in the period of its commitment (``committed_on``, both
end days included); cancelled projects never count, nor do their disbursements; a
disbursement counts in the period of its own date, whenever its project was committed.
Money is converted row by row at the rate in force on the row's date (``aid.money``), a
conversion each row keeps (``aid.conversions``) and the database adds up; a row without a
rate is left out of the sum and named in the total's ``missing``, never dropped
silently. By sector, a project of several sectors counts in each of them.
``public=True`` counts only what the public pages show."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from aid.currencies import USD
from aid.models import (
    AID_ENDING_DAYS,
    ODA_MODALITIES,
    AidProject,
    Disbursement,
    counted_condition,
    public_condition,
)
from aid.money import Total
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


def aid_summary(*, start=None, end=None, public=False):
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
    rounded (whole dong, cent), then added. Each row keeps that conversion
    (``aid.conversions``), so the sums are the database's. A row without a rate is counted
    in ``rows`` but left out of the sum, and its currency and date are reported in the
    total's ``missing_*`` (``AidSummary.missing`` gathers them): a total is never silently
    short.

    Two queries, however many rows (a third and a fourth only when some row lacks a
    rate). ``start``/``end`` are dates; ``None`` means unbounded.
    """
    commitments, disbursements = _grouped(
        start=start, end=end, public=public, keys=("direction", "modality")
    )
    return _summary(commitments, disbursements)


def _grouped(*, start, end, public, keys, direction=None):
    """The commitments of the projects counted in [start, end] and the disbursements dated
    in it (of projects counted whenever committed), each as {(values of the project
    fields ``keys``): ``Total``}."""
    projects = AidProject.objects.public() if public else AidProject.objects.counted()
    condition = public_condition("project__") if public else counted_condition("project__")
    if direction is not None:
        direction = AidProject.Direction(direction)
        projects = projects.filter(direction=direction)
        condition &= Q(project__direction=direction)
    disbursements = Disbursement.objects.filter(condition)
    if start is not None:
        disbursements = disbursements.filter(date__gte=start)
    if end is not None:
        disbursements = disbursements.filter(date__lte=end)
    return (
        _totals(projects.in_period(start, end), keys),
        _totals(disbursements, [f"project__{key}" for key in keys]),
    )


def stored_total(queryset):
    """The ``Total`` of the rows of ``queryset`` (aid projects' commitments, or
    disbursements), added up by the database from the conversions each row keeps
    (``aid.conversions``): the total that ``aid.money.total`` gives of the same rows. One
    query; a second names the missing rates when some row lacks one."""
    return _totals(queryset, ())[()]


def _totals(queryset, keys):
    """The rows of ``queryset`` (of ``AidProject`` or ``Disbursement``) grouped by
    ``keys``, each group's converted amounts added by the database: {(key values):
    ``Total``}; without keys, {(): the total of every row}. One query; a second names the
    missing rates when some row lacks one."""
    _amount, currency, day, vnd, usd = queryset.model.CONVERTED
    found = {}
    lacking = False
    sums = {
        "_rows": Count("pk"),
        "_vnd": Sum(vnd),
        "_usd": Sum(usd),
        "_with_vnd": Count(vnd),
        "_with_usd": Count(usd),
    }
    queryset = queryset.order_by()
    # Grouped, or (no keys) one aggregate: values() without fields would group by all.
    groups = queryset.values(*keys).annotate(**sums) if keys else [queryset.aggregate(**sums)]
    for row in groups:
        total = found[tuple(row[key] for key in keys)] = Total(
            vnd=Decimal(row["_vnd"] or 0),
            usd=Decimal(row["_usd"] or 0).scaleb(-2),
            rows=row["_rows"],
            rows_without_vnd=row["_rows"] - row["_with_vnd"],
            rows_without_usd=row["_rows"] - row["_with_usd"],
        )
        lacking = lacking or total.rows_without_vnd or total.rows_without_usd
    if lacking:
        # A row without VND lacks its currency's rate, and so its USD (except a dollar
        # amount, which is its own USD); a row with VND but no USD lacks the dollar's.
        rows = (
            queryset.filter(Q(**{f"{vnd}__isnull": True}) | Q(**{f"{usd}__isnull": True}))
            .annotate(_no_vnd=ExpressionWrapper(Q(**{f"{vnd}__isnull": True}), BooleanField()))
            .values_list(*keys, currency, day, "_no_vnd")
            .distinct()
        )
        for *values, row_currency, row_day, no_vnd in rows:
            total = found[tuple(values)]
            if no_vnd:
                total.missing_vnd.add((row_currency, row_day))
                if row_currency != USD:
                    total.missing_usd.add((row_currency, row_day))
            else:
                total.missing_usd.add((USD, row_day))
    return found


def _added(totals):
    """One ``Total`` of several."""
    return sum(totals, Total())


def _summary(commitments, disbursements):
    """``AidSummary`` of grouped totals keyed (direction, modality, …)."""
    committed = {group: [] for group in GROUPS}
    disbursed = {group: [] for group in GROUPS}
    for totals, found in ((commitments, committed), (disbursements, disbursed)):
        for (direction, modality, *_more), total in totals.items():
            found[_group(direction, modality)].append(total)
    return AidSummary(
        **{
            group: AidFigures(
                count=sum(total.rows for total in committed[group]),
                committed=_added(committed[group]),
                disbursed=_added(disbursed[group]),
            )
            for group in GROUPS
        }
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


def _aid_rows(*, start, end, public, direction, key, names=(), label):
    """The rows of a breakdown by the project field ``key`` (``names``: further project
    fields that ``label`` turns, with the key, into the row's label). Two queries."""
    commitments, disbursements = _grouped(
        start=start, end=end, public=public, keys=(key, *names), direction=direction
    )
    return _rows(commitments, disbursements, label, names=len(names))


def _rows(commitments, disbursements, label, index=0, names=0):
    """``AidRow`` values of grouped totals, grouped again by the key at ``index``, the
    label made of it and the ``names`` keys after it; largest first."""
    committed, disbursed, labels = {}, {}, {}
    for totals, found in ((commitments, committed), (disbursements, disbursed)):
        for values, total in totals.items():
            value = values[index] or ""
            found.setdefault(value, []).append(total)
            if value not in labels:
                labels[value] = str(label(value, *values[index + 1 : index + 1 + names]))

    result = [
        AidRow(
            key=value,
            label=labels[value],
            count=sum(total.rows for total in committed.get(value, ())),
            committed=_added(committed.get(value, ())),
            disbursed=_added(disbursed.get(value, ())),
        )
        for value in labels
    ]
    # Largest commitment first; a total that lacks a rate sorts by what it could convert.
    return sorted(
        result, key=lambda row: (-row.committed.vnd, -row.count, sort_key(row.label), row.key)
    )


def aid_by_country(*, start=None, end=None, public=False, direction="received"):
    """Aid by the donor's country (``direction="received"``), or the recipient's
    (``"given"``; ``None``: both), as ``AidRow`` values sorted by the VND committed, largest
    first. The counting rules of ``aid_summary``: projects committed within [start, end],
    none cancelled; the disbursements dated within [start, end] of those projects or of
    earlier or later ones, so a country may show disbursements with a count of 0. Each
    project has one country, so the rows add up to the total. Two queries (see
    ``aid_summary``)."""
    return _aid_rows(
        start=start,
        end=end,
        public=public,
        direction=direction,
        key="country",
        label=_country_label,
    )


def aid_by_modality(*, start=None, end=None, public=False, direction="received"):
    """Aid by modality (ODA loan, ODA grant, foreign NGO project…), only the modalities
    found, as ``AidRow`` values sorted by the VND committed, largest first; the counting
    rules of ``aid_by_country``. Each project has one modality: the rows add up to the
    total. Two queries."""
    return _aid_rows(
        start=start,
        end=end,
        public=public,
        direction=direction,
        key="modality",
        label=_modality_label,
    )


def aid_by_sector(*, start=None, end=None, public=False, direction="received"):
    """Aid by sector (``key`` the sector's code), as ``AidRow`` values sorted by the VND
    committed, largest first; the counting rules of ``aid_by_country``.

    A project of several sectors counts, with its whole commitment and disbursements, in
    each of them, so the rows add up to more than the total; the projects without a sector
    make a row of their own (``key=""``, "No sector"), so none is left out. Two
    queries."""
    return _aid_rows(
        start=start,
        end=end,
        public=public,
        direction=direction,
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


def aid_overview(*, start=None, end=None, public=False):
    """``aid_summary`` and the received aid ``aid_by_country`` and ``aid_by_modality``
    (the dashboard's figures and charts) from one grouping of the rows by direction,
    modality and country: the same values as the three functions, in two queries instead
    of six."""
    commitments, disbursements = _grouped(
        start=start, end=end, public=public, keys=("direction", "modality", "country")
    )
    received = AidProject.Direction.RECEIVED

    def of_received(totals):
        return {values: total for values, total in totals.items() if values[0] == received}

    return AidOverview(
        summary=_summary(commitments, disbursements),
        by_country=_rows(
            of_received(commitments), of_received(disbursements), _country_label, index=2
        ),
        by_modality=_rows(
            of_received(commitments), of_received(disbursements), _modality_label, index=1
        ),
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


def aid_ending_count(*, days=AID_ENDING_DAYS, today=None, public=False):
    """Approved or ongoing aid projects, given or received, whose end date falls within the
    next ``days`` days (today included) (``ending_within``, the reminders' rule), as of
    today whatever period is chosen. One query."""
    queryset = AidProject.objects.ending_within(days=days, today=today)
    if public:
        queryset = queryset.public()
    return queryset.count()
