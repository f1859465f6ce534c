"""The search pages (public and staff), and the pages of one partner and of one country
(public and staff): the relationship, headline figures, figures by year and one merged
timeline.

A public page shows public records only (each model's ``public()``) and answers 404 for
an internal partner; a staff page (under /dashboard/) shows everything, for the staff who
may see the dashboard."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_countries import countries
from django_countries.fields import Country

from partners.models import ForeignPartner, Relationship
from reports.charts import bar_chart
from reports.statistics import (
    Row,
    country_overview,
    country_partner_figures,
    partner_overview,
)
from reports.views import may_view_dashboard

from .cache import cached
from .engine import MAX_PAGES, Search
from .forms import SearchForm, TimelineFilterForm
from .timeline import Timeline

SEARCH_PAGE_SIZE = 20
TIMELINE_PAGE_SIZE = 25
# The partners a country's page lists: those with a relationship first, then the most
# active; the search finds the others.
COUNTRY_PARTNERS_SHOWN = 60


class StaffOnlyMixin(LoginRequiredMixin):
    """Staff who may see the dashboard; others get a 403, anonymous visitors the login."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def page_of(sequence, request, per_page, max_pages=None):
    """The page asked for in ``?page=`` (the last one when beyond it, the first when not
    a number), never deeper than ``max_pages``."""
    paginator = Paginator(sequence, per_page)
    number = request.GET.get("page") or 1
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    if max_pages:
        number = min(number, max_pages)
    return paginator.get_page(number)


class SearchView(TemplateView):
    """``?q=``: hits of every record type and partner, best first, with a type filter."""

    template_name = "search/search.html"
    public = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        query = kind = ""
        if form.is_valid():
            query = form.cleaned_data["q"].strip()
            kind = form.cleaned_data["kind"]
        search = Search(query, public=self.public, kind=kind or None)
        context.update(form=form, query=query, kind=kind, search=search)
        if not query:
            return context
        if not search.usable:
            context["message"] = _("Type at least two letters or digits.")
            return context
        page = page_of(search, self.request, SEARCH_PAGE_SIZE, MAX_PAGES)
        country_pages = "search:country_detail" if self.public else "search:staff_country_detail"
        context.update(
            page_obj=page,
            hits=page.object_list,
            total=search.count(),
            counts=[
                (kind_.key, kind_.label, search.counts().get(kind_.key, 0))
                for kind_ in search.kinds
            ],
            countries_found=[
                (name, reverse(country_pages, args=[code]))
                for code, name in (search.countries() if page.number == 1 else [])
            ],
        )
        return context


class StaffSearchView(StaffOnlyMixin, SearchView):
    template_name = "search/staff_search.html"
    public = False


class TimelineMixin:
    """The timeline's filter form and the page of it asked for."""

    def timeline_context(self, **scope):
        form = TimelineFilterForm(self.request.GET or None)
        kinds = start = end = None
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            kinds = [kind] if kind else None
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        elif form.is_bound:
            return {"filter_form": form, "timeline": None}
        timeline = Timeline(public=self.public, kinds=kinds, start=start, end=end, **scope)
        page = page_of(timeline, self.request, TIMELINE_PAGE_SIZE)
        return {"filter_form": form, "timeline": page.object_list, "page_obj": page}

    def years_chart(self, years):
        rows = [
            Row(key=str(row.year), label=str(row.year), count=row.figures.total) for row in years
        ]
        return bar_chart(
            rows,
            title=_("Records by year"),
            description=_(
                "Delegations, agreements and their activities, aid projects, conferences "
                "and relationship activities."
            ),
            label_header=_("Year"),
            value_header=_("Records"),
        )


class PartnerDetailView(TimelineMixin, TemplateView):
    """A partner: its relationships with the city, what the city did with it (figures,
    figures by year) and the timeline of it all."""

    template_name = "search/partner_detail.html"
    public = True

    def get_partner(self):
        partners = ForeignPartner.objects.select_related("parent")
        if self.public:
            partners = partners.public()
        return get_object_or_404(partners, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.get_partner()
        relationships = Relationship.objects.public() if self.public else Relationship.objects.all()
        figures, years = cached(
            ("partner-overview", partner.pk, self.public),
            lambda: partner_overview(partner, public=self.public),
        )
        context.update(
            partner=partner,
            parent_public=partner.parent
            if partner.parent and (partner.parent.is_public or not self.public)
            else None,
            relationships=list(
                relationships.filter(partner=partner)
                .select_related("local_unit")
                .ranked()
                .order_by("level_rank", "pk")
            ),
            figures=figures,
            years=years,
            years_chart=self.years_chart(years),
            public=self.public,
            country_url=self._country_url(partner.country),
            **self.timeline_context(partner=partner),
        )
        return context

    def _country_url(self, country):
        if not country:
            return ""
        name = "search:country_detail" if self.public else "search:staff_country_detail"
        return reverse(name, args=[country.code])


class StaffPartnerDetailView(StaffOnlyMixin, PartnerDetailView):
    template_name = "search/staff_partner_detail.html"
    public = False


class CountryDetailView(TimelineMixin, TemplateView):
    """A country: its partners (with their relationships and figures), what the city did
    with the country as a whole, year by year, and the timeline."""

    template_name = "search/country_detail.html"
    public = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = self.kwargs["code"].upper()
        if code not in countries:
            raise Http404
        rows, partners_count = cached(
            ("country-partner-rows", code, self.public), lambda: self.partner_rows(code)
        )
        figures, years = cached(
            ("country-overview", code, self.public),
            lambda: country_overview(code, public=self.public),
        )
        context.update(
            country=Country(code),
            partner_rows=rows,
            partners_count=partners_count,
            figures=figures,
            years=years,
            years_chart=self.years_chart(years),
            public=self.public,
            **self.timeline_context(country=code),
        )
        return context

    def partner_rows(self, code):
        """The ``COUNTRY_PARTNERS_SHOWN`` partners of the country the page lists, as
        (partner, current relationship or None, its figures), and how many it has."""
        partners = ForeignPartner.objects.filter(country=code)
        relationships = Relationship.objects.public() if self.public else Relationship.objects.all()
        if self.public:
            partners = partners.public()
        partner_pks = partners.values("pk")
        partners = list(partners.order_by("name", "pk"))
        by_partner = country_partner_figures(code, public=self.public)
        current = {}
        for relationship in (
            relationships.filter(partner__in=partner_pks)
            .exclude(status=Relationship.Status.ENDED)
            .ranked()
            .order_by("level_rank", "pk")
        ):
            current.setdefault(relationship.partner_id, relationship)
        rows = [(partner, current.get(partner.pk), by_partner[partner.pk]) for partner in partners]
        # Partners with a relationship first, then those with the most records.
        rows.sort(
            key=lambda row: (
                row[1] is None,
                row[1].level_rank if row[1] else 0,
                -row[2].total,
            )
        )
        return rows[:COUNTRY_PARTNERS_SHOWN], len(rows)


class StaffCountryDetailView(StaffOnlyMixin, CountryDetailView):
    template_name = "search/staff_country_detail.html"
    public = False
