"""Figures of delegations."""

from dataclasses import dataclass

from django.db.models import Count, Min, Q

from delegations.models import Delegation


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
