"""The row type every breakdown of the statistics layer returns (by kind, by country, by
month, by sector…), so that the dashboard, the charts and the annual report read them the
same way; and the helpers that turn one monthly aggregation into one row per month."""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.utils.formats import date_format, get_format
from django_countries import countries


@dataclass(frozen=True)
class Row:
    """One line of a breakdown.

    ``key`` is the value the records are filtered on (a country code, a kind, a sector code,
    ``"2025-03"``…), ``label`` what a person reads, already a plain ``str`` in the language
    active when the row was built, ``count`` the number of records, and ``extra`` further
    figures of the same records (``{"people": 120}``), left out of comparisons.
    """

    key: str
    label: str
    count: int
    extra: dict = field(default_factory=dict, compare=False)


def sort_key(label):
    """Alphabetical order as a reader of either language expects it: case and accents
    ignored, so that "Đức" sorts among the D's, not after "Zimbabwe"."""
    plain = unicodedata.normalize("NFD", label.replace("Đ", "D").replace("đ", "d"))
    return "".join(char for char in plain if not unicodedata.combining(char)).casefold(), label


def country_name(code):
    """The country's name in the active language (the code itself for an unknown one)."""
    return str(countries.name(code)) or code


def month_key(day):
    """``"2025-03"`` for any day of March 2025."""
    return f"{day.year:04d}-{day.month:02d}"


def month_label(day):
    """The month of ``day`` as the active language writes it briefly: "Mar 2025" in
    English, "03/2025" in Vietnamese (the language's ``YEAR_MONTH_FORMAT``, with the month's
    name abbreviated)."""
    return date_format(day, get_format("YEAR_MONTH_FORMAT").replace("F", "M"))


def months(first, last):
    """The first day of every month from ``first``'s month to ``last``'s, both included
    (none when ``last`` comes before ``first``)."""
    month = first.replace(day=1)
    found = []
    while month <= last:
        found.append(month)
        month = (month + datetime.timedelta(days=31)).replace(day=1)
    return found


def month_rows(totals, *, start, end, extra_keys=()):
    """One ``Row`` per calendar month of [start, end], zeros included, from ``totals``:
    ``{first day of a month: {"count": n, "inbound": n, …}}`` as one ``TruncMonth``
    aggregation returns them. ``extra_keys`` name the values copied into ``extra``. A
    missing bound is the month of the first (or last) record; with no bound and no record
    there are no rows."""
    found = sorted(totals)
    first = start or (found[0] if found else end)
    last = end or (found[-1] if found else start)
    if first is None or last is None:
        return []
    rows = []
    for month in months(first, last):
        values = totals.get(month, {})
        rows.append(
            Row(
                key=month_key(month),
                label=month_label(month),
                count=values.get("count", 0),
                extra={key: values.get(key, 0) for key in extra_keys},
            )
        )
    return rows
