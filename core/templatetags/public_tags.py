"""Small formatting helpers for the public templates, written once."""

from django import template
from django.urls import translate_url
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code):
    """The current page in another language (``/en/…`` for English, unprefixed Vietnamese)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language_code)


@register.simple_tag(takes_context=True)
def absolute_url_in_language(context, language_code):
    """The same, as a full URL (for ``<link rel="alternate" hreflang>``)."""
    request = context["request"]
    return request.build_absolute_uri(translate_url(request.get_full_path(), language_code))


@register.filter
def flag(country):
    """A country's flag (shipped by django-countries, served locally) with its name as text
    beside it; the image itself is decorative."""
    if not country:
        return ""
    return format_html(
        '<span class="flag"><img src="{}" alt="" width="16" height="11"> {}</span>',
        country.flag,
        country.name,
    )
