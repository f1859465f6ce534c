"""Figures of relationships (twin cities, partners, networks)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from partners.models import Relationship, current_on_condition


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
    current = current_on_condition(end)
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


DORMANT_AFTER_DAYS = 365


def dormant_relationship_count(
    *, start=None, end=None, public=False, days=DORMANT_AFTER_DAYS, today=None
):
    """How many current relationships are dormant *as of today*, whatever the period
    (``start`` and ``end`` are accepted so that every figure takes the same arguments, and
    do not change it): marked dormant, or without any activity in the last ``days`` days
    (365) although established before them (``RelationshipQuerySet.dormant``, the same rule
    as the dashboard's list). Every activity counts, internal ones too, even with
    ``public=True``, which only restricts the relationships counted to public ones. One
    query."""
    queryset = Relationship.objects.public() if public else Relationship.objects.all()
    return queryset.dormant(days, today=today).count()
