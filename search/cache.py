"""What the partner and country pages compute from thousands of records (their figures,
year by year, and the length of their timelines) kept in the cache until any record
changes: under the dashboard's version (``reports.cache``), which every save, delete or
change of a many-to-many link of a record app replaces, so a page never shows a stale
figure. A Twin city with fifteen thousand delegations costs its queries once, not on
every view."""

from django.core.cache import cache
from django.utils import timezone

from reports.cache import TIMEOUT, key


def cached(parts, compute):
    """``compute()``, kept for ``TIMEOUT`` seconds under ``parts`` (with today's date:
    what counts depends on it) and the current version of the records."""
    cache_key = key("search", timezone.localdate().isoformat(), *parts)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, timeout=TIMEOUT)
    return value
