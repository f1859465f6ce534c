"""What the partner and country pages compute from thousands of records (their figures,
year by year, and the length of their timelines) kept in the cache until any record
changes: under the dashboard's version (``reports.cache``), which every save, delete or
change of a many-to-many link of a record app replaces, so a page never shows a stale
figure. A Twin city with fifteen thousand delegations costs its queries once, not on
every view."""

from django.utils import timezone

from reports import cache


def cached(parts, compute):
    """``compute()``, kept under ``parts`` and today's date (what counts depends on it)
    until a record changes (``reports.cache.cached``)."""
    return cache.cached(("search", timezone.localdate().isoformat(), *parts), compute)
