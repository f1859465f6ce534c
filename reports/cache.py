"""The dashboard's figures, cached per period, comparison, language and day for
``TIMEOUT`` seconds, and dropped the moment any record changes.

Every key carries a version number (``version()``); saving or deleting a row of a record
app, or changing one of its many-to-many links, sets a new version (``invalidate``,
connected in ``ReportsConfig.ready``), so the next request computes afresh and the stale
entries simply expire. With Redis (``REDIS_URL``) every app server sees the new version at
once; with the per-process memory cache, each process has its own, which is why the
timeout is short and the page says when its figures were computed.
"""

import uuid

from django.core.cache import cache
from django.utils import timezone

TIMEOUT = 10 * 60
VERSION_KEY = "reports:dashboard:version"

# The apps whose rows the figures are computed from (and core's units and sectors, whose
# names the figures show).
RECORD_APPS = frozenset({"core", "partners", "delegations", "agreements", "conferences", "aid"})


def version():
    """The current version of the figures (a new one after every change of a record)."""
    current = cache.get(VERSION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        # add(), not set(): two processes starting at once agree on one version.
        if not cache.add(VERSION_KEY, current, timeout=None):
            current = cache.get(VERSION_KEY, current)
    return current


def invalidate(sender=None, **kwargs):
    """Signal receiver: a row of a record app changed, so every cached figure is stale.
    Rows of other apps (sessions, users, the admin log) are ignored."""
    if sender is None or sender._meta.app_label in RECORD_APPS:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def key(*parts):
    return ":".join(["reports:dashboard", version(), *map(str, parts)])


def cached(parts, compute):
    """The cached value for ``parts``, or ``compute()``'s (never None), stored for
    ``TIMEOUT`` seconds under the current version: dropped when any record changes."""
    cache_key = key(*parts)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, timeout=TIMEOUT)
    return value


def get_or_compute(parts, compute):
    """``cached`` for the dashboard's figures (period, comparison, language, day…): a dict
    that gains ``computed_at``, the time it was computed, for the page to state."""

    def computed():
        value = compute()
        value["computed_at"] = timezone.now()
        return value

    return cached(parts, computed)
