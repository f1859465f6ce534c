"""Figures of agreements."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from agreements.models import DORMANT_AFTER_DAYS, EXPIRING_SOON_DAYS, Agreement


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
