"""The currencies the department meets, by ISO 4217 code, with their minor units.

A short, explicit list rather than all 180 codes: a currency missing here is added in one
line (code, minor units, names), and nothing else changes.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

VND = "VND"
USD = "USD"

# code: (digits after the decimal point, name)
CURRENCIES = {
    "VND": (0, _("Vietnamese dong")),
    "USD": (2, _("US dollar")),
    "EUR": (2, _("Euro")),
    "JPY": (0, _("Japanese yen")),
    "KRW": (0, _("South Korean won")),
    "CNY": (2, _("Chinese yuan")),
    "GBP": (2, _("Pound sterling")),
    "AUD": (2, _("Australian dollar")),
    "NZD": (2, _("New Zealand dollar")),
    "CAD": (2, _("Canadian dollar")),
    "CHF": (2, _("Swiss franc")),
    "HUF": (2, _("Hungarian forint")),
    "BGN": (2, _("Bulgarian lev")),
    "SGD": (2, _("Singapore dollar")),
    "THB": (2, _("Thai baht")),
    "TWD": (2, _("New Taiwan dollar")),
    "LAK": (2, _("Lao kip")),
    "KHR": (2, _("Cambodian riel")),
}

# Lazy: the names follow the language of each request, not the one active at import.
CURRENCY_CHOICES = [
    (code, format_lazy("{} – {}", code, name)) for code, (_digits, name) in CURRENCIES.items()
]

# Currencies with no minor unit: amounts in them are whole numbers.
WHOLE_CURRENCIES = tuple(code for code, (digits, _name) in CURRENCIES.items() if digits == 0)


def minor_units(code):
    return CURRENCIES[code][0]
