"""The public home page, and the favicon that browsers ask for at the root."""

from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from core.listcache import CachedContentMixin
from partners.models import Relationship, RelationshipActivity
from reports import cache
from reports.statistics import delegation_summary, relationship_summary


class HomeView(CachedContentMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Figures over every public record: cached for the day until a record changes.
        # Lazy, like the rest of the page's body: a cached body needs none of it.
        figures = SimpleLazyObject(
            lambda: cache.get_or_compute(
                ("home", timezone.localdate().isoformat()),
                lambda: {
                    "summary": relationship_summary(public=True),
                    "delegations": delegation_summary(public=True),
                },
            )
        )
        context["summary"] = SimpleLazyObject(lambda: figures["summary"])
        context["delegations"] = SimpleLazyObject(lambda: figures["delegations"])
        context["twin_cities"] = (
            Relationship.objects.public()
            .filter(level=Relationship.Level.TWINNING)
            .exclude(status=Relationship.Status.ENDED)
            .select_related("partner")
            .order_by("partner__name")
        )
        context["recent_activities"] = RelationshipActivity.objects.public().select_related(
            "relationship__partner"
        )[:6]
        return context


def favicon(request):
    # Resolved per request: the hashed static name exists only after collectstatic.
    # Temporary (302): the hashed file name changes with every deployment.
    return HttpResponseRedirect(static("img/favicon.svg"))
