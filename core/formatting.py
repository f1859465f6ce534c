"""Formatting written once, for the public templates and the admin alike."""

from django.utils.html import format_html


def flag_icon(country):
    """A country's flag image (shipped by django-countries, served locally), named by its
    alt and title text."""
    return format_html(
        '<img src="{}" alt="{}" title="{}" width="16" height="11">',
        country.flag,
        country.name,
        country.name,
    )


def flag_with_name(country):
    """The flag beside the country's name; the image is decorative there, as the name is
    written out. Empty for no country."""
    if not country:
        return ""
    return format_html(
        '<span class="flag"><img src="{}" alt="" width="16" height="11"> {}</span>',
        country.flag,
        country.name,
    )
