"""The statistics layer: the only place where the product computes a number that a leader
or the public sees. Pure functions from a period and filters to numbers, each a fixed, small
number of queries with conditional aggregation.

Counting rules: a period includes both its end dates; cancelled records do not count; a
delegation from two countries is one delegation, counted in the period in which it began;
``public=True`` counts only what the public pages may show.
"""

from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from agreements.models import DORMANT_AFTER_DAYS, EXPIRING_SOON_DAYS, Agreement
from delegations.models import Delegation
from partners.models import Relationship


@dataclass(frozen=True)
class RelationshipSummary:
    twinning: int
    friendship: int
    cooperation: int
    network: int
    current: int
    active: int
    countries: int
    new_in_period: int

    @property
    def friendship_and_cooperation(self):
        return self.friendship + self.cooperation


def relationship_summary(*, start=None, end=None, public=False):
    """Relationships current at ``end`` (established on or before it and not ended by
    then) by level,
    how many of them are active (not dormant), their partner countries, and how many
    relationships were established within [start, end]. One query.

    ``start``/``end`` are dates; ``None`` means unbounded.
    """
    queryset = Relationship.objects.public() if public else Relationship.objects.all()
    current = ~Q(status=Relationship.Status.ENDED)
    if end is not None:
        # Ended after the period closed: it was still current at its end.
        current = (current | Q(ended_on__gt=end)) & (
            Q(established_on__isnull=True) | Q(established_on__lte=end)
        )
    new = Q(established_on__isnull=False)
    if start is not None:
        new &= Q(established_on__gte=start)
    if end is not None:
        new &= Q(established_on__lte=end)

    def by_level(level):
        return Count("pk", filter=current & Q(level=level))

    totals = queryset.aggregate(
        twinning=by_level(Relationship.Level.TWINNING),
        friendship=by_level(Relationship.Level.FRIENDSHIP),
        cooperation=by_level(Relationship.Level.COOPERATION),
        network=by_level(Relationship.Level.NETWORK),
        current=Count("pk", filter=current),
        active=Count("pk", filter=current & Q(status=Relationship.Status.ACTIVE)),
        countries=Count(
            "partner__country", filter=current & ~Q(partner__country=""), distinct=True
        ),
        new_in_period=Count("pk", filter=new),
    )
    return RelationshipSummary(**totals)


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


# Agreements


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
    terminated agreement still counts in the period it was signed in. One query.

    "In force", "expiring" and "dormant" are the rules of ``AgreementQuerySet``
    (``in_force_on``, ``expiring_within``, ``dormant``), used here as subqueries so that the
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

    def among(rows):
        return Q(pk__in=rows.values("pk"))

    rows = Agreement.objects
    totals = queryset.aggregate(
        city=Count("pk", filter=signed & Q(signing_level=Agreement.Level.CITY)),
        unit=Count("pk", filter=signed & Q(signing_level=Agreement.Level.UNIT)),
        in_force=Count("pk", filter=among(rows.in_force_on(end or today))),
        expiring_soon=Count(
            "pk", filter=among(rows.expiring_within(EXPIRING_SOON_DAYS, today=today))
        ),
        dormant=Count("pk", filter=among(rows.dormant(DORMANT_AFTER_DAYS, today=today))),
    )
    return AgreementSummary(**totals)
