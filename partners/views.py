"""Public pages of relationships: the twin-cities list and one relationship's page."""

from django.db.models import Prefetch
from django.views.generic import DetailView
from django_filters.views import FilterView

from .filtersets import RelationshipFilterSet
from .models import Relationship, RelationshipActivity


class RelationshipListView(FilterView):
    filterset_class = RelationshipFilterSet
    template_name = "partners/relationship_list.html"
    context_object_name = "relationships"
    paginate_by = 24

    def get_queryset(self):
        return (
            Relationship.objects.public()
            .for_list()
            .ranked()
            .order_by("level_rank", "partner__name", "pk")
        )


class RelationshipDetailView(DetailView):
    template_name = "partners/relationship_detail.html"
    context_object_name = "relationship"

    def get_queryset(self):
        public_activities = RelationshipActivity.objects.public().select_related("local_unit")
        return (
            Relationship.objects.public()
            .select_related("partner", "local_unit")
            .prefetch_related("sectors", Prefetch("activities", queryset=public_activities))
        )
