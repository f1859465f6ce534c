"""The periods a dashboard or report covers: a year, a quarter, a month or any range of days,
both end days included, and the period just before it, to compare with."""

import calendar
import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

YEAR = "year"
QUARTER = "quarter"
MONTH = "month"
CUSTOM = "custom"
KINDS = (YEAR, QUARTER, MONTH, CUSTOM)


def _month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    """``start``–``end``, both days included; ``kind`` says how it was chosen (year,
    quarter, month or custom), which decides its label and the period before it."""

    start: datetime.date
    end: datetime.date
    kind: str = CUSTOM

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown kind of period: {self.kind!r}")
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), YEAR)

    @classmethod
    def quarter(cls, year, quarter):
        first_month = 3 * (quarter - 1) + 1
        return cls(datetime.date(year, first_month, 1), _month_end(year, first_month + 2), QUARTER)

    @classmethod
    def month(cls, year, month):
        return cls(datetime.date(year, month, 1), _month_end(year, month), MONTH)

    @classmethod
    def custom(cls, start, end):
        return cls(start, end, CUSTOM)

    @property
    def days(self):
        """How many days the period has, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def quarter_number(self):
        return (self.start.month - 1) // 3 + 1

    @property
    def label(self):
        """What a person reads, in the active language: "2025", "Q1 2025", "03/2025" or
        "March 2025", "01/01/2025–15/03/2025"."""
        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == QUARTER:
            return _("Q{quarter} {year}").format(quarter=self.quarter_number, year=self.start.year)
        if self.kind == MONTH:
            return date_format(self.start, "YEAR_MONTH_FORMAT")
        return "{}–{}".format(
            date_format(self.start, "SHORT_DATE_FORMAT"),
            date_format(self.end, "SHORT_DATE_FORMAT"),
        )

    def __str__(self):
        return self.label

    def previous(self):
        """The period of the same kind just before: the previous year, quarter or month;
        for a custom range, as many days ending the day before it starts."""
        if self.kind == YEAR:
            return Period.year(self.start.year - 1)
        if self.kind == QUARTER:
            quarter, year = self.quarter_number - 1, self.start.year
            return Period.quarter(year - 1, 4) if quarter == 0 else Period.quarter(year, quarter)
        if self.kind == MONTH:
            month, year = self.start.month - 1, self.start.year
            return Period.month(year - 1, 12) if month == 0 else Period.month(year, month)
        end = self.start - datetime.timedelta(days=1)
        return Period.custom(end - datetime.timedelta(days=self.days - 1), end)

    def contains(self, day):
        return self.start <= day <= self.end

    def is_running(self, today):
        """True while the period is not over: its figures still grow."""
        return self.end >= today

    def months(self):
        """The first day of each calendar month the period touches."""
        day = self.start.replace(day=1)
        months = []
        while day <= self.end:
            months.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return months

    @property
    def cache_key(self):
        return f"{self.kind}:{self.start.isoformat()}:{self.end.isoformat()}"
