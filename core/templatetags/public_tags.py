"""Small formatting helpers for the public templates, written once."""

from django import template
from django.urls import translate_url

from core.formatting import flag_with_name

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code):
    """The current page in another language (``/en/…`` for English, unprefixed Vietnamese)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language_code)


@register.simple_tag(takes_context=True)
def absolute_url_in_language(context, language_code):
    """The same, as a full URL (for ``<link rel="alternate" hreflang>``)."""
    return context["request"].build_absolute_uri(url_in_language(context, language_code))


@register.filter
def flag(country):
    """A country's flag with its name beside it (see ``core.formatting``)."""
    return flag_with_name(country)
