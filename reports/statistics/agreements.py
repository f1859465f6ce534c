"""Figures of agreements.

Counting rules: an agreement counts in the period in which it was signed (``signed_on``,
both ends of the period included); one under negotiation never counts; an amendment is an
agreement of its own. By sector and by country an agreement counts once in each of its
sectors and in each of its foreign parties' countries, so those rows add up to more than
the agreements.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from agreements.models import DORMANT_AFTER_DAYS, EXPIRING_SOON_DAYS, Agreement
from core.models import Visibility, localized

from .breakdowns import Row, country_name, month_rows, sort_key


@dataclass(frozen=True)
class AgreementSummary:
    city: int  # signed within the period by the city leadership
    unit: int  # signed within the period by a department or unit
    in_force: int  # in force on the period's end (today when it has none)
    expiring_soon: int  # as of today: in force, expiring within 90 days
    dormant: int  # as of today: in force, no implementation activity for 365 days

    @property
    def total(self):
        return self.city + self.unit


def agreement_summary(*, start=None, end=None, public=False, today=None):
    """Agreements signed within [start, end], none under negotiation, split as the seeds
    count them: signed by the city leadership and by its departments and units; how many
    were in force on ``end`` (on ``today`` when the period has no end); and two figures that
    are always *as of today*, whatever the period: how many in force expire within the next
    ``EXPIRING_SOON_DAYS`` days, and how many have had no implementation activity for
    ``DORMANT_AFTER_DAYS`` days. An amendment is an agreement and counts as one; a
    terminated agreement still counts in the period it was signed in. Four queries (the
    signed ones, then one count per rule), however many agreements.

    "In force", "expiring" and "dormant" are the rules of ``AgreementQuerySet``
    (``in_force_on``, ``expiring_within``, ``dormant``), counted as they are so that the
    admin filters, the dashboard lists and these counts never disagree. The dormant count
    looks at every activity, internal ones too, even when ``public=True``.

    ``start``/``end`` are dates, ``None`` meaning unbounded; ``today`` defaults to the
    local date.
    """
    today = today or timezone.localdate()
    queryset = Agreement.objects.public() if public else Agreement.objects.all()
    signed = ~Q(status=Agreement.Status.NEGOTIATING) & Q(signed_on__isnull=False)
    if start is not None:
        signed &= Q(signed_on__gte=start)
    if end is not None:
        signed &= Q(signed_on__lte=end)

    # The signed ones filtered before they are counted: the covering index's range, not
    # a test of every agreement.
    totals = queryset.filter(signed).aggregate(**_by_level())
    # Each rule on its own: one count each, filtered as the rule says, instead of a
    # conditional count over every agreement testing membership of the rule's rows.
    totals.update(
        in_force=queryset.in_force_on(end or today).count(),
        expiring_soon=queryset.expiring_within(EXPIRING_SOON_DAYS, today=today).count(),
        dormant=queryset.dormant(DORMANT_AFTER_DAYS, today=today).count(),
    )
    return AgreementSummary(**totals)


# Breakdowns of the agreements signed in a period


def _signed(start, end, public):
    """Agreements signed within [start, end], none under negotiation; with ``public=True``
    only public ones."""
    queryset = Agreement.objects.public() if public else Agreement.objects.all()
    return (
        queryset.exclude(status=Agreement.Status.NEGOTIATING)
        .signed_in_period(start, end)
        .order_by()
    )


LEVELS = {level.value: Q(signing_level=level) for level in Agreement.Level}


def _by_level():
    return {level: Count("pk", filter=condition) for level, condition in LEVELS.items()}


def agreements_by_kind(*, start=None, end=None, public=False):
    """Agreements signed in the period by kind: one ``Row`` per kind, every kind (zeros
    included), in the order of ``Agreement.Kind``; ``extra`` splits each count by signing
    level (``city``, ``unit``). An amendment counts as one agreement of its kind. One
    query."""
    aggregates = {
        f"{kind}__{level}": Count("pk", filter=Q(kind=kind) & condition)
        for kind in Agreement.Kind.values
        for level, condition in LEVELS.items()
    }
    totals = _signed(start, end, public).aggregate(**aggregates)
    rows = []
    for kind in Agreement.Kind:
        extra = {level: totals[f"{kind}__{level}"] for level in LEVELS}
        rows.append(
            Row(key=kind.value, label=str(kind.label), count=sum(extra.values()), extra=extra)
        )
    return rows


def agreements_by_level(*, start=None, end=None, public=False):
    """Agreements signed in the period by signing level: two rows, ``"city"`` (the city
    leadership) then ``"unit"`` (a department or unit), as the reports count them. One
    query."""
    totals = _signed(start, end, public).aggregate(**_by_level())
    return [
        Row(key=level.value, label=str(level.label), count=totals[level.value])
        for level in Agreement.Level
    ]


def agreements_by_sector(*, start=None, end=None, public=False):
    """Agreements signed in the period by sector: one ``Row`` per sector that has one
    (keyed by the sector's code, ``extra={"sector_id": pk}`` for a filter by id), most
    agreements first, then by name. An agreement with several sectors counts once in each
    of them, so the rows add up to more than the agreements; one without a sector is in
    none. One query."""
    found = (
        _signed(start, end, public)
        .filter(sectors__isnull=False)
        .values("sectors__pk", "sectors__code", "sectors__name", "sectors__name_en")
        # An agreement is linked to a sector once (the link table's unique pair): a plain
        # count of the links, without the sort that a distinct count needs.
        .annotate(count=Count("pk"))
    )
    rows = [
        Row(
            key=row["sectors__code"],
            label=localized(row["sectors__name"], row["sectors__name_en"]),
            count=row["count"],
            extra={"sector_id": row["sectors__pk"]},
        )
        for row in found
    ]
    rows.sort(key=lambda row: (-row.count, sort_key(row.label), row.key))
    return rows


def agreements_by_country(*, start=None, end=None, public=False):
    """Agreements signed in the period by the country of their foreign parties: one
    ``Row`` per country (ISO code, name), most agreements first, then by name. An
    agreement counts once in each of its parties' countries (two parties from one
    country: once), so the rows add up to more than the agreements; a party without a
    country (an international organisation, a network) is in none. With ``public=True``
    only public parties count, as the public pages show no other. One query."""
    # Not ~Q(parties__country=""): negated, a lookup across the parties would drop every
    # agreement that has one party without a country.
    party_country = Q(parties__country__gt="")
    if public:
        party_country &= Q(parties__visibility=Visibility.PUBLIC)
    found = (
        _signed(start, end, public)
        .filter(party_country)
        .values("parties__country")
        .annotate(count=Count("pk", distinct=True))
    )
    rows = [
        Row(
            key=row["parties__country"],
            label=country_name(row["parties__country"]),
            count=row["count"],
        )
        for row in found
    ]
    rows.sort(key=lambda row: (-row.count, sort_key(row.label), row.key))
    return rows


def agreements_by_month(*, start=None, end=None, public=False):
    """Agreements signed in the period by the month of signing: one ``Row`` per calendar
    month, zeros included (for a period without a start or an end, from the first to the
    last month with a signing), keyed ``"2025-03"``, with ``city`` and ``unit`` in
    ``extra``. One query."""
    found = (
        _signed(start, end, public)
        .annotate(month=TruncMonth("signed_on"))
        .values("month")
        .annotate(count=Count("pk"), **_by_level())
    )
    totals = {row.pop("month"): row for row in found}
    return month_rows(totals, start=start, end=end, extra_keys=("city", "unit"))
