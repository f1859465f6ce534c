"""Public pages of delegations: the filterable list, its CSV download, and one delegation."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.csv_export import csv_response
from core.listcache import CachedContentMixin, CachedCountPaginator, CachedDetailMixin

from .filtersets import DelegationFilterSet
from .models import Delegation


class DelegationListView(CachedContentMixin, FilterView):
    filterset_class = DelegationFilterSet
    template_name = "delegations/delegation_list.html"
    context_object_name = "delegations"
    paginate_by = 25
    # The count of a national list is a scan: cached until a record changes.
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        return Delegation.objects.public().for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class DelegationCsvView(DelegationListView):
    """Exactly the rows of the filtered list, every page of it, as CSV."""

    def render_to_response(self, context, **response_kwargs):
        return csv_response(
            f"delegations-{timezone.localdate().isoformat()}.csv",
            [
                _("Start date"),
                _("End date"),
                _("Direction"),
                _("Kind"),
                _("Title"),
                _("Head of delegation"),
                _("Rank of the head"),
                _("Members"),
                _("Countries"),
                _("Partner organisations"),
                _("Host unit"),
                _("Status"),
                _("Page"),
            ],
            (self._row(delegation) for delegation in self.object_list.iterator(chunk_size=500)),
        )

    def get_context_data(self, **kwargs):
        # No pagination and no template context: every filtered row goes to the file.
        return {}

    def _row(self, delegation):
        return [
            delegation.start_date.isoformat(),
            delegation.end_date.isoformat(),
            delegation.get_direction_display(),
            delegation.get_kind_display(),
            delegation.display_title,
            delegation.head,
            delegation.get_head_rank_display(),
            delegation.member_count,
            "; ".join(str(country.name) for country in delegation.countries),
            "; ".join(str(partner) for partner in delegation.public_partners),
            delegation.host_unit.display_name if delegation.host_unit else "",
            delegation.get_status_display(),
            self.request.build_absolute_uri(delegation.get_absolute_url()),
        ]


class DelegationDetailView(CachedDetailMixin, DetailView):
    template_name = "delegations/delegation_detail.html"
    context_object_name = "delegation"

    def get_queryset(self):
        return Delegation.objects.public().for_list().prefetch_related("sectors")
