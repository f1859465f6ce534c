"""Links to the public partner and country pages, for the record pages:
``{{ partner|partner_url }}``, ``{{ country|country_url }}`` (a Country or an ISO code).
Only a public partner has a public page: the templates pass public partners only."""

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def partner_url(partner):
    return reverse("search:partner_detail", args=[partner.pk])


@register.filter
def country_url(country):
    code = getattr(country, "code", country)
    return reverse("search:country_detail", args=[code]) if code else ""
