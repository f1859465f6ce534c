"""The monthly trend of every record type side by side, for the dashboard's chart and the
annual report.

Counting rules: each record type counts under its own module's rules (cancelled ones never
count), in the month of the date it counts by: a delegation's first day, an agreement's
signing, a conference's first day, an aid project's commitment. Every calendar month of
the period has a row, zeros included; a side of the period left open stops at the first
or last month in which any record type has a record.
"""

import datetime
from dataclasses import dataclass

from .agreements import agreements_by_month
from .aid import aid_projects_by_month
from .breakdowns import month_rows
from .conferences import conferences_by_month
from .delegations import delegations_by_month


@dataclass(frozen=True)
class TrendRow:
    """One month of the trend: ``key`` ``"2025-03"``, ``label`` as
    ``breakdowns.month_label`` writes it ("Mar 2025", "03/2025"), and what was counted in
    that month."""

    key: str
    label: str
    delegations_inbound: int
    delegations_outbound: int
    agreements: int  # signed
    conferences: int  # hosted or attended, neither rejected nor cancelled
    aid_projects: int  # committed, received or given


SERIES = (
    "delegations_inbound",
    "delegations_outbound",
    "agreements",
    "conferences",
    "aid_projects",
)


def monthly_trend(*, start=None, end=None, public=False):
    """Every month of [start, end] (zeros included) with the delegations received and sent,
    the agreements signed, the conferences and the aid projects committed that month. It
    composes ``delegations_by_month``, ``agreements_by_month``, ``conferences_by_month``
    and ``aid_projects_by_month``: four queries, whatever the number of records."""
    period = {"start": start, "end": end, "public": public}
    delegations = delegations_by_month(**period)
    figures = [
        *((row.key, "delegations_inbound", row.extra["inbound"]) for row in delegations),
        *((row.key, "delegations_outbound", row.extra["outbound"]) for row in delegations),
        *((row.key, "agreements", row.count) for row in agreements_by_month(**period)),
        *((row.key, "conferences", row.count) for row in conferences_by_month(**period)),
        *((row.key, "aid_projects", row.count) for row in aid_projects_by_month(**period)),
    ]
    # The months that have a record, of any type: with an open side of the period, the
    # first and last of them bound the trend, as they bound each breakdown by month.
    totals = {}
    for key, series, count in figures:
        if count:
            totals.setdefault(_first_of_month(key), {})[series] = count
    rows = month_rows(totals, start=start, end=end, extra_keys=SERIES)
    return [TrendRow(key=row.key, label=row.label, **row.extra) for row in rows]


def _first_of_month(key):
    """The first day of the month keyed ``"2025-03"``."""
    year, month = key.split("-")
    return datetime.date(int(year), int(month), 1)
