"""Money: converting any amount to VND and USD at the rate in force on a date, totals
across currencies, and formatting. Decimal arithmetic only; nothing is ever guessed.

Rules (each has a test):
- The rate in force on a day is the staff-entered ``ExchangeRate`` of that currency with the
  latest ``valid_from`` on or before that day. There is no other source: no rate is fetched.
- A missing rate is never replaced by another: the conversion reports which currency and
  which date lack a rate (``MissingRate``), and a total says which of its rows it could not
  convert instead of leaving them out silently.
- To VND: amount × rate, rounded half up to the whole dong (VND has no minor unit).
  To USD: the VND amount ÷ the USD rate of the same day, rounded half up to the cent.
  A total converts each row on its own date, rounds it, then adds the rounded rows, so that
  a person can check it by hand from the rows and the rates.
"""

import bisect
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .currencies import USD, VND, minor_units

ONE = Decimal(1)


class MissingRate(Exception):
    """No rate for ``currency`` in force on ``date``.

    A plain exception (not a frozen dataclass): Python sets attributes such as
    ``__traceback__`` on exceptions, and they must pickle to be cached."""

    def __init__(self, currency, date):
        super().__init__(currency, date)
        self.currency = currency
        self.date = date

    def __eq__(self, other):
        return isinstance(other, MissingRate) and (self.currency, self.date) == (
            other.currency,
            other.date,
        )

    def __hash__(self):
        return hash((self.currency, self.date))

    def __str__(self):
        return str(
            _("No exchange rate for {currency} on {date}.").format(
                currency=self.currency, date=date_format(self.date, "SHORT_DATE_FORMAT")
            )
        )


_EXPONENTS = {}


def quantize(amount, currency):
    """``amount`` rounded half up to the minor unit of ``currency``."""
    exponent = _EXPONENTS.get(currency)
    if exponent is None:
        exponent = _EXPONENTS[currency] = Decimal(1).scaleb(-minor_units(currency))
    return Decimal(amount).quantize(exponent, rounding=ROUND_HALF_UP)


class RateTable:
    """Every rate, loaded once (one query), to convert many rows without a query each."""

    def __init__(self, rates=None):
        from .models import ExchangeRate

        if rates is None:
            rates = ExchangeRate.objects.values_list("currency", "valid_from", "rate_to_vnd")
        self._by_currency = {}
        self._in_force = {}  # (currency, day) -> (valid_from, rate): a report asks again and again
        for currency, valid_from, rate in sorted(rates, key=lambda row: (row[0], row[1])):
            dates, values = self._by_currency.setdefault(currency, ([], []))
            dates.append(valid_from)
            values.append(Decimal(rate))

    def rate_in_force(self, currency, day):
        """(valid_from, VND per unit) of the rate of ``currency`` in force on ``day``
        (``(None, 1)`` for VND); raises MissingRate."""
        if currency == VND:
            return None, ONE
        found = self._in_force.get((currency, day))
        if found is None:
            dates, values = self._by_currency.get(currency, ((), ()))
            index = bisect.bisect_right(dates, day) - 1
            if index < 0:
                raise MissingRate(currency, day)
            found = self._in_force[(currency, day)] = (dates[index], values[index])
        return found

    def rate(self, currency, day):
        """VND per unit of ``currency`` in force on ``day``; raises MissingRate."""
        return self.rate_in_force(currency, day)[1]

    def to_vnd(self, amount, currency, day):
        return quantize(Decimal(amount) * self.rate(currency, day), VND)

    def to_usd(self, amount, currency, day):
        if currency == USD:
            return quantize(amount, USD)
        return self.vnd_to_usd(self.to_vnd(amount, currency, day), day)

    def vnd_to_usd(self, vnd, day):
        """A VND amount (already rounded) in USD at the dollar's rate on ``day``."""
        return quantize(vnd / self.rate(USD, day), USD)


def stored_amounts(amount, currency, day, rates):
    """``amount`` in ``currency`` on ``day`` converted as ``RateTable.to_vnd`` and
    ``to_usd`` convert it, as whole dong and US cents (integers), each ``None`` when a
    rate is missing: what an aid row keeps beside its amount (``aid.conversions``), so
    that totals are sums in the database."""
    try:
        vnd = rates.to_vnd(amount, currency, day)
    except MissingRate:
        vnd = None
    if currency == USD:
        usd = quantize(amount, USD)
    elif vnd is None:
        usd = None  # to_usd converts to VND first: the same rate is missing
    else:
        try:
            usd = rates.vnd_to_usd(vnd, day)
        except MissingRate:
            usd = None
    return (
        None if vnd is None else int(vnd),
        None if usd is None else int(usd.scaleb(minor_units(USD))),
    )


@dataclass
class Total:
    """A total in VND and USD of rows in any currencies, and the rows it could not convert
    (``missing``: the distinct (currency, date) pairs that lack a rate)."""

    vnd: Decimal = Decimal(0)
    usd: Decimal = Decimal(0)
    rows: int = 0
    missing_vnd: set = field(default_factory=set)
    missing_usd: set = field(default_factory=set)
    # How many rows each total leaves out for want of a rate.
    rows_without_vnd: int = 0
    rows_without_usd: int = 0

    @property
    def complete(self):
        return not self.missing_vnd and not self.missing_usd

    def __add__(self, other):
        """The total of both totals' rows: sums added, missing rates gathered."""
        return Total(
            vnd=self.vnd + other.vnd,
            usd=self.usd + other.usd,
            rows=self.rows + other.rows,
            missing_vnd=self.missing_vnd | other.missing_vnd,
            missing_usd=self.missing_usd | other.missing_usd,
            rows_without_vnd=self.rows_without_vnd + other.rows_without_vnd,
            rows_without_usd=self.rows_without_usd + other.rows_without_usd,
        )

    @property
    def missing(self):
        """The missing rates, sorted, as ``MissingRate`` values (for messages)."""
        pairs = sorted(self.missing_vnd | self.missing_usd, key=lambda pair: (pair[0], pair[1]))
        return [MissingRate(currency, day) for currency, day in pairs]


def total(rows, rates=None):
    """Add ``rows`` of (amount, currency, date) in VND and in USD; see the module rules."""
    rates = rates or RateTable()
    result = Total()
    for amount, currency, day in rows:
        result.rows += 1
        try:
            result.vnd += rates.to_vnd(amount, currency, day)
        except MissingRate as missing:
            result.missing_vnd.add((missing.currency, missing.date))
            result.rows_without_vnd += 1
        try:
            result.usd += rates.to_usd(amount, currency, day)
        except MissingRate as missing:
            result.missing_usd.add((missing.currency, missing.date))
            result.rows_without_usd += 1
    return result


def format_money(amount, currency):
    """``1.500.000 ₫`` in Vietnamese, ``VND 1,500,000`` in English; other currencies by
    their code (``75.000 USD``, ``USD 75,000.50``)."""
    if amount is None:
        return ""
    amount = quantize(amount, currency)
    # Cents only when there are any: "USD 75,000", but "USD 75,000.50".
    digits = 0 if amount == amount.to_integral_value() else minor_units(currency)
    number = number_format(amount, decimal_pos=digits, use_l10n=True, force_grouping=True)
    if (get_language() or "vi").startswith("vi"):
        symbol = "₫" if currency == VND else currency
        return f"{number} {symbol}"
    return f"{currency} {number}"
