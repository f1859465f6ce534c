"""Money in the templates: ``{{ amount|money:currency }}`` (see ``aid.money.format_money``)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

from aid.currencies import VND
from aid.money import format_money

register = template.Library()


@register.filter
def money(amount, currency):
    """``1.500.000 ₫`` on Vietnamese pages, ``VND 1,500,000`` on English ones; "" for no
    amount (a conversion that lacked a rate)."""
    return format_money(amount, currency)


@register.filter
def vnd_rate(rate):
    """An exchange rate in VND, with every digit it was entered with (never rounded to the
    dong, unlike an amount): ``172,35 ₫`` / ``VND 172.35``, ``26.000 ₫`` / ``VND 26,000``."""
    if rate is None:
        return ""
    number = number_format(Decimal(rate).normalize(), use_l10n=True, force_grouping=True)
    if (get_language() or "vi").startswith("vi"):
        return f"{number} ₫"
    return f"{VND} {number}"
