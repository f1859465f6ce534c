"""Figures of aid: how many projects, and how much was committed and disbursed, in VND and
in USD."""

from dataclasses import dataclass

from aid.models import ODA_MODALITIES, AidProject, Disbursement
from aid.money import RateTable, Total, total


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
    projects = AidProject.objects.public() if public else AidProject.objects.counted()
    commitments = projects.in_period(start, end).values_list(
        "commitment_amount", "currency", "committed_on", "direction", "modality"
    )
    disbursements = Disbursement.objects.filter(project__in=projects.values("pk"))
    if start is not None:
        disbursements = disbursements.filter(date__gte=start)
    if end is not None:
        disbursements = disbursements.filter(date__lte=end)
    disbursements = disbursements.values_list(
        "amount", "currency", "date", "project__direction", "project__modality"
    )

    committed = {group: [] for group in GROUPS}
    for amount, currency, day, direction, modality in commitments:
        committed[_group(direction, modality)].append((amount, currency, day))
    disbursed = {group: [] for group in GROUPS}
    for amount, currency, day, direction, modality in disbursements:
        disbursed[_group(direction, modality)].append((amount, currency, day))

    rates = rates or RateTable()
    return AidSummary(
        **{
            group: AidFigures(
                count=len(committed[group]),
                committed=total(committed[group], rates),
                disbursed=total(disbursed[group], rates),
            )
            for group in GROUPS
        }
    )
