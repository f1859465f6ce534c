"""Public pages of relationships: the twin-cities list and one relationship's page."""

from django.db.models import F, Prefetch
from django.views.generic import DetailView
from django_filters.views import FilterView

from agreements.models import Agreement
from core.listcache import CachedContentMixin, CachedCountPaginator, CachedDetailMixin

from .filtersets import RelationshipFilterSet
from .models import Relationship, RelationshipActivity


class RelationshipListView(CachedContentMixin, FilterView):
    filterset_class = RelationshipFilterSet
    template_name = "partners/relationship_list.html"
    context_object_name = "relationships"
    paginate_by = 24
    # The count of a national list is a scan: cached until a record changes.
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        return (
            Relationship.objects.public()
            .for_list()
            .ranked()
            .order_by("level_rank", "partner__name", "pk")
        )


class RelationshipDetailView(CachedDetailMixin, DetailView):
    template_name = "partners/relationship_detail.html"
    context_object_name = "relationship"

    def get_queryset(self):
        public_activities = RelationshipActivity.objects.public().select_related("local_unit")
        return (
            Relationship.objects.public()
            .select_related("partner", "local_unit")
            .prefetch_related("sectors", Prefetch("activities", queryset=public_activities))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.cached_content is not None:
            return context  # the body, which alone shows what follows, is cached
        relationship = self.object
        # The public agreements the partner is a party to, and the founding agreement
        # when it is public (it may name the partner's parent), in one query: their keys
        # come from the parties table (its partner index) and the founding one's. The
        # same written ``EXISTS(…) OR pk = …`` read every public agreement (0.7 s at
        # national scale). Both parts unordered: SQLite refuses ORDER BY inside a UNION.
        keys = (
            Agreement.parties.through.objects.filter(foreignpartner=relationship.partner_id)
            .order_by()
            .values("agreement_id")
            .union(
                Agreement.objects.filter(pk=relationship.founding_agreement_id)
                .order_by()
                .values("pk"),
                all=True,
            )
        )
        agreements = list(
            Agreement.objects.public()
            .with_effective_status()
            .filter(pk__in=keys)
            .order_by(F("signed_on").desc(nulls_first=True), "-pk")
        )
        context["agreements"] = agreements
        # The founding agreement is linked only when public, so only when it is listed.
        context["founding_agreement"] = next(
            (a for a in agreements if a.pk == relationship.founding_agreement_id), None
        )
        return context
