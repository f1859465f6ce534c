"""What a public list recomputes on every view although it changes only when a record does:
the number of rows (for the pages) and the choices of its filters (the countries, years and
sectors the listed records have). At national scale each is a scan of hundreds of thousands
of rows, so each is kept in the cache under the dashboard's version (``reports.cache``):
saving or deleting any record drops them all at once, and a page never shows a stale count.

The key is the SQL of the query itself, so two different querysets never share an entry.
The rendered body of a public page is kept likewise (``CachedContentMixin``): once the
figures and choices were cached, rendering was most of a page's time.
"""

import hashlib

from asgiref.local import Local
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language

TIMEOUT = 10 * 60


# The version read once per request: a public list read it from the cache three times (the
# filter choices, the count, the body), a round trip each. Outside a request it is always
# read afresh; any change of a row (the signals on which ``reports.cache.invalidate`` sets
# a new version) makes the request read it again.
_request = Local()


def _request_started(**kwargs):
    _request.active, _request.version = True, None


def _request_finished(**kwargs):
    _request.active, _request.version = False, None


def _row_changed(**kwargs):
    _request.version = None


request_started.connect(_request_started, dispatch_uid="listcache_request_started")
request_finished.connect(_request_finished, dispatch_uid="listcache_request_finished")
for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(_row_changed, dispatch_uid=f"listcache_row_changed_{_signal!r}")


def version():
    """``reports.cache.version()``, read once per request."""
    from reports.cache import version as read_version

    if not getattr(_request, "active", False):
        return read_version()
    if getattr(_request, "version", None) is None:
        _request.version = read_version()
    return _request.version


def _keys(kinds, queryset):
    """The cache key of each of ``kinds`` of values computed from ``queryset``: its SQL
    compiled, and the version read, once for all of them."""
    sql, params = queryset.query.sql_with_params()
    digest = hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()[:32]
    prefix, label = f"listcache:{version()}", queryset.model._meta.label_lower
    return {kind: f"{prefix}:{kind}:{label}:{digest}" for kind in kinds}


def cached_for(kind, queryset, compute):
    """``compute()``, kept in the cache for this ``queryset`` until any record changes.
    A queryset that can match nothing (``.none()``, an empty ``__in``) has no SQL: it is
    cheap, and computed directly."""
    return cached_many(queryset, {kind: compute})[kind]


def cached_many(queryset, computes):
    """``{kind: compute()}`` for each of ``computes``, kept in the cache like
    ``cached_for`` but read in one round trip (a filter form's countries, years and
    sectors: one cache read per view instead of three, each with its version read)."""
    try:
        keys = _keys(computes, queryset)
    except EmptyResultSet:
        return {kind: compute() for kind, compute in computes.items()}
    found = cache.get_many(list(keys.values()))
    values, computed = {}, {}
    for kind, compute in computes.items():
        value = found.get(keys[kind])
        if value is None:
            value = computed[keys[kind]] = compute()
        values[kind] = value
    if computed:
        cache.set_many(computed, timeout=TIMEOUT)
    return values


class CachedCountPaginator(Paginator):
    """A paginator whose row count comes from the cache while no record has changed: the
    count of a national public list reads the whole table, the page itself only 25 rows."""

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        return cached_for("count", self.object_list, self.object_list.count)


class CachedContentMixin:
    """For a public page's view: ``content_cache_key`` and ``content_cache_timeout`` in the
    context, for its template to keep the rendered page body in the cache with
    ``{% cache content_cache_timeout public_content content_cache_key %}``.

    Rendering a list's 25 rows and its filter form costs more than every query of the page
    together; its HTML changes only when a record does (the key carries the version of
    ``reports.cache``), the language, the day (statuses such as "upcoming" follow the date)
    or the query string (filters and page; the links repeat it). A query string with a
    parameter the page does not know is rendered without the cache, so that made-up
    addresses cannot fill it. The body's queries are lazy: a cache hit performs none of
    them.
    """

    content_cache_parameters = ("page",)

    def content_cache_key(self):
        if not hasattr(self, "_content_cache_key"):
            self._content_cache_key = self._make_content_cache_key()
        return self._content_cache_key

    def _make_content_cache_key(self):
        known = set(self.content_cache_parameters)
        filterset = getattr(self, "filterset", None)
        if filterset is not None:
            known.update(filterset.form.fields)
        if any(name not in known for name in self.request.GET):
            return None
        return ":".join(
            [
                self.request.resolver_match.view_name if self.request.resolver_match else "",
                str(self.kwargs.get("pk", "")),
                version(),
                get_language() or "",
                timezone.localdate().isoformat(),
                self.request.GET.urlencode(),
            ]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key = self.content_cache_key()
        # Timeout 0 stores nothing: the body is rendered afresh.
        context["content_cache_key"] = key or "uncached"
        context["content_cache_timeout"] = TIMEOUT if key else 0
        return context


class CachedDetailMixin(CachedContentMixin):
    """``CachedContentMixin`` for a detail page, which must read its record anyway (a
    missing or internal one is a 404, and the page header names it): when the body is in
    the cache, the record is read without its prefetched lists, and the view's
    ``get_context_data`` skips what only the body shows (``self.cached_content`` is the
    body's HTML, else None). The template prints ``cached_content`` when there is one,
    so the body is never rendered without its lists."""

    cached_content = None

    def get_object(self, queryset=None):
        key = self.content_cache_key()
        if key:
            self.cached_content = cache.get(make_template_fragment_key("public_content", [key]))
        if self.cached_content is not None:
            queryset = (queryset if queryset is not None else self.get_queryset()).prefetch_related(
                None
            )
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cached_content"] = self.cached_content
        return context
