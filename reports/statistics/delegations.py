"""Figures of delegations.

Counting rules: a delegation counts in the period in which it began (``start_date``, both
ends of the period included), once its first day has come; a cancelled one never counts.
A delegation from two countries is one delegation: it counts once in every total, by kind
and by month, but appears in the row of each of its countries in the table by country,
whose rows therefore add up to more than the delegations.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from delegations.models import Delegation

from .breakdowns import Row, country_name, month_rows, sort_key


@dataclass(frozen=True)
class DelegationSummary:
    inbound: int
    outbound: int
    inbound_press: int
    first_start: object  # the earliest start date counted, or None

    @property
    def total(self):
        return self.inbound + self.outbound


def delegation_summary(*, start=None, end=None, public=False):
    """Delegations that began within [start, end] and by today, not cancelled (see
    ``DelegationQuerySet.counted``): foreign delegations
    received (inbound), the city's delegations abroad (outbound), foreign press delegations
    (inbound, of kind press), and the earliest start date counted. One query.

    ``start``/``end`` are dates; ``None`` means unbounded.
    """
    queryset = Delegation.objects.counted()
    if public:
        queryset = queryset.public()
    inbound = Q(direction=Delegation.Direction.INBOUND)
    totals = queryset.in_period(start, end).aggregate(
        inbound=Count("pk", filter=inbound),
        outbound=Count("pk", filter=Q(direction=Delegation.Direction.OUTBOUND)),
        inbound_press=Count("pk", filter=inbound & Q(kind=Delegation.Kind.PRESS)),
        first_start=Min("start_date"),
    )
    return DelegationSummary(**totals)


# Breakdowns


def _counted(start, end, public):
    """The delegations the figures count: begun within [start, end] and by today, not
    cancelled; with ``public=True`` only public ones."""
    queryset = Delegation.objects.counted()
    if public:
        queryset = queryset.public()
    return queryset.in_period(start, end)


def delegations_by_kind(*, start=None, end=None, public=False):
    """Counted delegations by kind: one ``Row`` per kind, every kind (zeros included), in
    the order of ``Delegation.Kind``; ``extra`` holds ``inbound``, ``outbound`` and
    ``people`` (the members of the counted delegations, heads included). One query."""
    inbound = Q(direction=Delegation.Direction.INBOUND)
    outbound = Q(direction=Delegation.Direction.OUTBOUND)
    aggregates = {}
    for kind in Delegation.Kind.values:
        of_kind = Q(kind=kind)
        aggregates[f"{kind}__count"] = Count("pk", filter=of_kind)
        aggregates[f"{kind}__inbound"] = Count("pk", filter=of_kind & inbound)
        aggregates[f"{kind}__outbound"] = Count("pk", filter=of_kind & outbound)
        aggregates[f"{kind}__people"] = Sum("member_count", filter=of_kind, default=0)
    totals = _counted(start, end, public).aggregate(**aggregates)
    return [
        Row(
            key=kind.value,
            label=str(kind.label),
            count=totals[f"{kind}__count"],
            extra={
                "inbound": totals[f"{kind}__inbound"],
                "outbound": totals[f"{kind}__outbound"],
                "people": totals[f"{kind}__people"],
            },
        )
        for kind in Delegation.Kind
    ]


def delegations_by_country(*, start=None, end=None, public=False, direction=None, limit=None):
    """Counted delegations by country: one ``Row`` per country (its ISO code and name) that
    some counted delegation comes from or goes to, most delegations first, then by name;
    the first ``limit`` rows when a limit is given. ``direction`` is ``"inbound"``,
    ``"outbound"`` or None for both.

    A delegation from two countries is one delegation, but it appears in the row of each
    of its countries: the rows add up to more than the number of delegations. One query
    whatever the number of delegations: the counted delegations grouped by their stored set
    of countries ("JP,KR"), each set's count then added to the row of each of its
    countries (a set names a country once, so a delegation counts once per country).
    """
    queryset = _counted(start, end, public).order_by()
    if direction is not None:
        queryset = queryset.filter(direction=direction)
    return _country_rows(queryset.values_list("countries").annotate(count=Count("pk")), limit)


def _country_rows(sets, limit):
    """The rows by country of (stored set of countries, count) pairs: each set's count
    added to the row of each of its countries; most first, then by name."""
    totals = Counter()
    for stored, count in sets:
        for code in set(stored.split(",")):
            if code:
                totals[code] += count
    rows = [Row(key=code, label=country_name(code), count=count) for code, count in totals.items()]
    rows.sort(key=lambda row: (-row.count, sort_key(row.label), row.key))
    return rows if limit is None else rows[:limit]


@dataclass(frozen=True)
class DelegationOverview:
    """What the dashboard shows of delegations apart from months (``delegation_overview``)."""

    summary: DelegationSummary
    by_country: list  # Row values (``delegations_by_country``, both directions)


def delegation_overview(*, start=None, end=None, public=False, limit=None):
    """``delegation_summary`` and ``delegations_by_country`` (both directions, the first
    ``limit`` rows) from one grouping of the counted delegations by their stored set of
    countries, each set with its counts by direction and its first day: the same values
    as the two functions, in one query instead of two (one reading of the period's
    delegations: at national scale a million over ten years)."""
    inbound = Q(direction=Delegation.Direction.INBOUND)
    groups = list(
        _counted(start, end, public)
        .order_by()
        .values_list("countries")
        .annotate(
            count=Count("pk"),
            inbound=Count("pk", filter=inbound),
            outbound=Count("pk", filter=Q(direction=Delegation.Direction.OUTBOUND)),
            inbound_press=Count("pk", filter=inbound & Q(kind=Delegation.Kind.PRESS)),
            first_start=Min("start_date"),
        )
    )
    starts = [first for *_counts, first in groups if first is not None]
    summary = DelegationSummary(
        inbound=sum(group[2] for group in groups),
        outbound=sum(group[3] for group in groups),
        inbound_press=sum(group[4] for group in groups),
        first_start=min(starts, default=None),
    )
    return DelegationOverview(
        summary=summary, by_country=_country_rows(((g[0], g[1]) for g in groups), limit)
    )


def delegations_by_month(*, start=None, end=None, public=False):
    """Counted delegations by the month in which they began: one ``Row`` per calendar
    month of the period, zeros included (for a period without a start or an end, from the
    first to the last month with a delegation), keyed ``"2025-03"``, with ``inbound`` and
    ``outbound`` in ``extra``. One query."""
    queryset = (
        _counted(start, end, public)
        .order_by()
        .annotate(month=TruncMonth("start_date"))
        .values("month")
        .annotate(
            count=Count("pk"),
            inbound=Count("pk", filter=Q(direction=Delegation.Direction.INBOUND)),
            outbound=Count("pk", filter=Q(direction=Delegation.Direction.OUTBOUND)),
        )
    )
    totals = {row.pop("month"): row for row in queryset}
    return month_rows(totals, start=start, end=end, extra_keys=("inbound", "outbound"))


def upcoming_delegation_count(*, days=30, today=None, public=False):
    """Planned or confirmed delegations beginning after today and within ``days`` days
    (as of today, whatever period is chosen). One query."""
    today = today or timezone.localdate()
    queryset = Delegation.objects.upcoming(today)
    if public:
        queryset = queryset.public()
    return queryset.filter(start_date__lte=today + datetime.timedelta(days=days)).count()
