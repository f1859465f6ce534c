from django.conf import settings
from django.utils.translation import get_language


def site(request):
    """The city's name in the page's language, for every template."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    names = settings.SITE_CITY_NAME
    return {"site_city_name": names.get(language) or names[settings.LANGUAGE_CODE]}
