from django import template

from ..models import Attachment

register = template.Library()


@register.simple_tag
def public_photos(record):
    """The public photos of ``record``, oldest first: one query. Only for a record the page
    already shows to the public (its detail view starts from ``public()``)."""
    return list(Attachment.objects.public_photos().for_record(record))
