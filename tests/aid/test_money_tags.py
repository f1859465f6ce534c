"""The ``money`` and ``vnd_rate`` template filters: amounts as Vietnamese and English readers
write them."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation


def render(source, **context):
    return Template("{% load money_tags %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("vi", Decimal("1500000"), "VND", "1.500.000 ₫"),
        ("vi", Decimal("75000.00"), "USD", "75.000 USD"),
        ("vi", Decimal("75000.50"), "USD", "75.000,50 USD"),
        ("en", Decimal("1500000"), "VND", "VND 1,500,000"),
        ("en", Decimal("75000.00"), "USD", "USD 75,000"),
        ("en", Decimal("75000.5"), "USD", "USD 75,000.50"),
        ("en", Decimal("0.05"), "USD", "USD 0.05"),
        ("en", Decimal("1234567"), "JPY", "JPY 1,234,567"),
        ("vi", Decimal("1234567"), "JPY", "1.234.567 JPY"),
        ("en", Decimal("999.5"), "JPY", "JPY 1,000"),  # no minor unit: whole yen, half up
        ("en", Decimal("0"), "VND", "VND 0"),
    ],
)
def test_money_filter_writes_the_amount_in_the_page_language(language, amount, currency, expected):
    with translation.override(language):
        assert render("{{ amount|money:currency }}", amount=amount, currency=currency) == (expected)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_money_filter_writes_nothing_for_no_amount(language):
    with translation.override(language):
        assert render("[{{ amount|money:'USD' }}]", amount=None) == "[]"


def test_money_filter_takes_a_literal_currency():
    with translation.override("en"):
        assert render('{{ amount|money:"VND" }}', amount=Decimal("1725000000")) == (
            "VND 1,725,000,000"
        )


@pytest.mark.parametrize(
    ("language", "rate", "expected"),
    [
        ("vi", Decimal("23000.000000"), "23.000 ₫"),
        ("en", Decimal("23000.000000"), "VND 23,000"),
        ("vi", Decimal("172.350000"), "172,35 ₫"),
        ("en", Decimal("172.350000"), "VND 172.35"),
        ("en", Decimal("18.123456"), "VND 18.123456"),
    ],
)
def test_vnd_rate_filter_keeps_every_digit_of_the_rate(language, rate, expected):
    with translation.override(language):
        assert render("{{ rate|vnd_rate }}", rate=rate) == expected


def test_vnd_rate_filter_writes_nothing_for_no_rate():
    assert render("[{{ rate|vnd_rate }}]", rate=None) == "[]"
