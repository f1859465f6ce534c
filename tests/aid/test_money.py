"""aid.money: the rate in force on a day, conversion to VND and USD, rounding, totals across
currencies with the missing rates they report, and how amounts read in both languages.
Every expected figure is worked out by hand in the test."""

import contextlib
import datetime
import pickle
from decimal import Decimal

import pytest
from django.utils import translation

from aid.models import ExchangeRate
from aid.money import MissingRate, RateTable, Total, format_money, quantize, total
from tests.factories import ExchangeRateFactory

D = datetime.date
JAN_1, JUL_1 = D(2021, 1, 1), D(2021, 7, 1)

# VND per unit, as staff would enter them.
RATES = [
    ("USD", JAN_1, Decimal("23000")),
    ("USD", JUL_1, Decimal("23100")),
    ("EUR", JAN_1, Decimal("27000.5")),
    ("EUR", JUL_1, Decimal("27500")),
    ("JPY", JUL_1, Decimal("210.36")),
]


@pytest.fixture
def rates(db):
    """The RATES in the database, and the table built from them."""
    for currency, valid_from, rate in RATES:
        ExchangeRateFactory(currency=currency, valid_from=valid_from, rate_to_vnd=rate)
    return RateTable()


# ---------------------------------------------------------------------------------------
# The rate in force on a day.


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(JAN_1, "23000", id="first-day-of-the-first-rate"),
        pytest.param(D(2021, 6, 30), "23000", id="day-before-a-new-rate"),
        pytest.param(JUL_1, "23100", id="first-day-of-the-new-rate"),
        pytest.param(D(2021, 7, 2), "23100", id="day-after"),
        pytest.param(D(2030, 1, 1), "23100", id="long-after-the-last-rate"),
    ],
)
def test_the_rate_in_force_is_the_latest_one_from_on_or_before_the_day(rates, day, expected):
    assert rates.rate("USD", day) == Decimal(expected)
    assert rates.to_vnd(Decimal("100"), "USD", day) == Decimal(expected) * 100


def test_the_rate_in_force_says_from_which_day_it_applies(rates):
    assert rates.rate_in_force("USD", D(2021, 6, 30)) == (JAN_1, Decimal("23000"))
    assert rates.rate_in_force("USD", JUL_1) == (JUL_1, Decimal("23100"))
    assert rates.rate_in_force("VND", JUL_1) == (None, 1)
    with pytest.raises(MissingRate):
        rates.rate_in_force("JPY", D(2021, 6, 30))


def test_a_new_rate_applies_from_its_first_day_and_not_the_day_before(rates):
    assert rates.to_vnd(Decimal("1000"), "EUR", D(2021, 6, 30)) == Decimal("27000500")
    assert rates.to_vnd(Decimal("1000"), "EUR", JUL_1) == Decimal("27500000")


def test_a_day_before_any_rate_of_the_currency_is_a_missing_rate_naming_currency_and_day(rates):
    with pytest.raises(MissingRate) as excinfo:
        rates.to_vnd(Decimal("1000"), "EUR", D(2020, 12, 31))

    assert (excinfo.value.currency, excinfo.value.date) == ("EUR", D(2020, 12, 31))
    with translation.override("en"):
        assert str(excinfo.value) == "No exchange rate for EUR on 31 Dec 2020."


def test_a_currency_without_any_rate_is_a_missing_rate_and_never_a_guess(rates):
    with pytest.raises(MissingRate) as excinfo:
        rates.to_usd(Decimal("5000000"), "KRW", JUL_1)

    assert excinfo.value == MissingRate("KRW", JUL_1)


def test_a_rate_is_never_taken_from_another_currency_or_a_later_day():
    table = RateTable([("USD", JUL_1, Decimal("23100"))])

    with pytest.raises(MissingRate):
        table.rate("USD", D(2021, 6, 30))
    with pytest.raises(MissingRate):
        table.rate("EUR", JUL_1)


def test_vnd_needs_no_rate_to_be_converted_to_vnd():
    table = RateTable([])

    assert table.rate("VND", D(1990, 1, 1)) == 1
    assert table.to_vnd(Decimal("1500000"), "VND", D(1990, 1, 1)) == Decimal("1500000")


def test_usd_needs_no_rate_to_be_converted_to_usd():
    table = RateTable([])

    assert table.to_usd(Decimal("75000.50"), "USD", D(1990, 1, 1)) == Decimal("75000.50")


def test_vnd_to_usd_needs_the_usd_rate_of_the_day():
    table = RateTable([])

    with pytest.raises(MissingRate) as excinfo:
        table.to_usd(Decimal("1500000"), "VND", JUL_1)

    assert excinfo.value == MissingRate("USD", JUL_1)


def test_euros_go_to_usd_through_vnd_at_both_rates_of_the_same_day(rates):
    # 1,000 EUR × 27,500 = 27,500,000 VND; ÷ 23,100 = 1,190.476… → 1,190.48.
    assert rates.to_vnd(Decimal("1000"), "EUR", JUL_1) == Decimal("27500000")
    assert rates.to_usd(Decimal("1000"), "EUR", JUL_1) == Decimal("1190.48")
    # The day before, both rates are the older ones: 27,000,500 ÷ 23,000 = 1,173.934…
    assert rates.to_usd(Decimal("1000"), "EUR", D(2021, 6, 30)) == Decimal("1173.93")


def test_the_rate_table_is_built_with_one_query_and_converts_without_any(
    rates, django_assert_num_queries
):
    rows = [(Decimal("10"), "USD", JAN_1 + datetime.timedelta(days=n)) for n in range(300)]

    with django_assert_num_queries(1):
        table = RateTable()
    with django_assert_num_queries(0):
        result = total(rows, table)
    with django_assert_num_queries(1):
        total(rows)

    assert result.rows == 300


def test_the_rate_table_reads_the_rates_staff_entered(rates):
    ExchangeRate.objects.filter(currency="JPY").update(rate_to_vnd=Decimal("200"))

    assert RateTable().rate("JPY", JUL_1) == Decimal("200")
    assert rates.rate("JPY", JUL_1) == Decimal("210.36")  # a table is a snapshot


# ---------------------------------------------------------------------------------------
# Rounding: half up, to the whole dong and to the cent.


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("2.5", "VND", "3"),
        ("3.5", "VND", "4"),
        ("2.4999", "VND", "2"),
        ("1.5", "JPY", "2"),
        ("0.125", "USD", "0.13"),
        ("0.135", "USD", "0.14"),
        ("0.1249", "USD", "0.12"),
        ("7", "USD", "7.00"),
    ],
)
def test_quantize_rounds_half_up_to_the_minor_unit(amount, currency, expected):
    result = quantize(Decimal(amount), currency)

    assert str(result) == expected  # the exact Decimal, digits after the point included


def test_converting_to_vnd_rounds_half_up_to_the_whole_dong():
    table = RateTable([("USD", JAN_1, Decimal("23050"))])

    # 0.01 USD × 23,050 = 230.5 VND → 231 (half even would give 230).
    assert str(table.to_vnd(Decimal("0.01"), "USD", JAN_1)) == "231"
    # 0.03 USD × 23,050 = 691.5 VND → 692.
    assert str(table.to_vnd(Decimal("0.03"), "USD", JAN_1)) == "692"


def test_converting_to_usd_rounds_half_up_to_the_cent():
    table = RateTable([("USD", JAN_1, Decimal("23000"))])

    # 115 VND ÷ 23,000 = 0.005 USD → 0.01 (half even would give 0.00).
    assert str(table.to_usd(Decimal("115"), "VND", JAN_1)) == "0.01"
    # 1,500,000 VND ÷ 23,000 = 65.217… → 65.22.
    assert str(table.to_usd(Decimal("1500000"), "VND", JAN_1)) == "65.22"


def test_a_rate_with_decimals_is_applied_exactly_before_rounding():
    table = RateTable([("JPY", JAN_1, Decimal("210.365"))])

    # 3 × 210.365 = 631.095 → 631; 1,000,001 × 210.365 = 210,365,210.365 → 210,365,210.
    assert table.to_vnd(Decimal("3"), "JPY", JAN_1) == Decimal("631")
    assert table.to_vnd(Decimal("1000001"), "JPY", JAN_1) == Decimal("210365210")


# ---------------------------------------------------------------------------------------
# Totals.


def test_a_total_converts_each_row_on_its_own_date_rounds_it_then_adds(rates):
    rows = [
        (Decimal("100"), "USD", D(2021, 6, 30)),
        (Decimal("1000"), "EUR", JUL_1),
        (Decimal("1000000"), "JPY", JUL_1),
        (Decimal("1500000"), "VND", D(2021, 3, 1)),
    ]

    result = total(rows, rates)

    # By hand:                          VND            USD
    # 100 USD × 23,000             2,300,000         100.00
    # 1,000 EUR × 27,500          27,500,000       1,190.48  (27,500,000 ÷ 23,100)
    # 1,000,000 JPY × 210.36     210,360,000       9,106.49  (210,360,000 ÷ 23,100)
    # 1,500,000 VND                1,500,000          65.22  (1,500,000 ÷ 23,000)
    assert result == Total(
        vnd=Decimal("241660000"), usd=Decimal("10462.19"), rows=4, missing_vnd=set()
    )
    assert result.complete
    assert result.missing == []
    assert (result.rows_without_vnd, result.rows_without_usd) == (0, 0)


def test_a_total_adds_rounded_rows_not_the_rounded_sum():
    table = RateTable([("USD", JAN_1, Decimal("23050"))])
    rows = [(Decimal("0.01"), "USD", JAN_1)] * 3

    # Each row is 230.5 → 231 VND, so 693; converting the sum (0.03 USD) would give 692.
    assert total(rows, table).vnd == Decimal("693")


def test_a_total_of_nothing_is_zero_and_complete():
    result = total([], RateTable([]))

    assert (result.vnd, result.usd, result.rows, result.complete) == (0, 0, 0, True)


def test_a_total_reports_each_missing_rate_once_and_still_counts_the_rows(rates):
    before_eur = D(2020, 12, 31)
    before_usd = D(2020, 6, 1)
    rows = [
        (Decimal("1000"), "EUR", before_eur),
        (Decimal("2000"), "EUR", before_eur),  # the same missing rate
        (Decimal("5000000"), "KRW", JUL_1),  # no KRW rate at all
        (Decimal("1500000"), "VND", before_usd),  # VND is VND; no USD rate that day
        (Decimal("100"), "USD", JUL_1),
    ]

    result = total(rows, rates)

    assert result.rows == 5
    assert (result.rows_without_vnd, result.rows_without_usd) == (3, 4)
    assert result.missing_vnd == {("EUR", before_eur), ("KRW", JUL_1)}
    assert result.missing_usd == {("EUR", before_eur), ("KRW", JUL_1), ("USD", before_usd)}
    # Only the rows that could be converted: 1,500,000 + 100 × 23,100 VND; USD 100.
    assert result.vnd == Decimal("3810000")
    assert result.usd == Decimal("100.00")
    assert not result.complete
    assert result.missing == [
        MissingRate("EUR", before_eur),
        MissingRate("KRW", JUL_1),
        MissingRate("USD", before_usd),
    ]
    with translation.override("en"):
        assert [str(missing) for missing in result.missing] == [
            "No exchange rate for EUR on 31 Dec 2020.",
            "No exchange rate for KRW on 1 Jul 2021.",
            "No exchange rate for USD on 1 Jun 2020.",
        ]


def test_a_total_reads_the_rates_from_the_database_when_given_none(rates):
    rows = [(Decimal("1000"), "EUR", JUL_1)]

    assert total(rows) == total(rows, rates)


# ---------------------------------------------------------------------------------------
# Formatting.


@pytest.mark.parametrize(
    ("amount", "currency", "vietnamese", "english"),
    [
        ("1500000", "VND", "1.500.000 ₫", "VND 1,500,000"),
        ("75000", "USD", "75.000 USD", "USD 75,000"),
        ("75000.00", "USD", "75.000 USD", "USD 75,000"),
        ("75000.5", "USD", "75.000,50 USD", "USD 75,000.50"),
        ("0.07", "USD", "0,07 USD", "USD 0.07"),
        ("2000000", "JPY", "2.000.000 JPY", "JPY 2,000,000"),
        ("1234.56", "EUR", "1.234,56 EUR", "EUR 1,234.56"),
        ("37435505500000", "VND", "37.435.505.500.000 ₫", "VND 37,435,505,500,000"),
        ("0", "VND", "0 ₫", "VND 0"),
        ("0", "USD", "0 USD", "USD 0"),
    ],
)
def test_format_money_in_vietnamese_and_english(amount, currency, vietnamese, english):
    with translation.override("vi"):
        assert format_money(Decimal(amount), currency) == vietnamese
    with translation.override("en"):
        assert format_money(Decimal(amount), currency) == english


def test_format_money_rounds_half_up_to_the_minor_unit_before_showing_it():
    with translation.override("en"):
        assert format_money(Decimal("1234.565"), "USD") == "USD 1,234.57"
        assert format_money(Decimal("0.5"), "VND") == "VND 1"
        assert format_money(Decimal("1000.004"), "USD") == "USD 1,000"


def test_format_money_of_no_amount_is_empty():
    assert format_money(None, "VND") == ""


# ---------------------------------------------------------------------------------------
# MissingRate as an exception.


def test_a_missing_rate_passes_through_a_generator_based_context_manager():
    # contextlib sets __traceback__ on the exception it lets through (a frozen dataclass
    # once refused it, and the MissingRate became a FrozenInstanceError).
    @contextlib.contextmanager
    def step():
        yield

    with pytest.raises(MissingRate) as excinfo, step():
        RateTable([]).rate("EUR", JUL_1)

    assert excinfo.value == MissingRate("EUR", JUL_1)


def test_a_missing_rate_survives_pickling():
    missing = MissingRate("EUR", JUL_1)

    copy = pickle.loads(pickle.dumps(missing))

    assert copy == missing
    assert (copy.currency, copy.date) == ("EUR", JUL_1)


def test_missing_rates_are_equal_by_currency_and_day():
    assert MissingRate("EUR", JUL_1) == MissingRate("EUR", JUL_1)
    assert MissingRate("EUR", JUL_1) != MissingRate("EUR", JAN_1)
    assert MissingRate("EUR", JUL_1) != MissingRate("USD", JUL_1)
    assert len({MissingRate("EUR", JUL_1), MissingRate("EUR", JUL_1)}) == 1
