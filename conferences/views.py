"""Public pages of conferences: the filterable list with its totals, its CSV download, and
one conference."""

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import DetailView
from django_filters.views import FilterView

from agreements.models import Agreement
from core.csv_export import csv_response
from core.listcache import CachedContentMixin, CachedCountPaginator, CachedDetailMixin, cached_for
from partners.models import ForeignPartner

from .filtersets import ConferenceFilterSet
from .models import Conference, SessionKind

# The headings of a conference's sessions, in the order the page lists them.
SESSION_GROUPS = {
    SessionKind.PLENARY: gettext_lazy("Plenary sessions"),
    SessionKind.SYMPOSIUM: gettext_lazy("Symposiums"),
    SessionKind.SIDE_EVENT: gettext_lazy("Side events"),
}


def public_organisers(conference):
    """The organisers a public page may name: the local unit, the foreign partner when it
    is public, and the other organiser's name. ``Conference.organiser`` would name an
    internal partner, so public pages use this instead."""
    partner = conference.organiser_partner
    names = [
        conference.organiser_unit.display_name if conference.organiser_unit else "",
        partner.display_name if partner is not None and partner.is_public else "",
        conference.organiser_name,
    ]
    return [name for name in names if name]


def participant_totals(queryset):
    """The count of ``queryset`` and the sums of its participants and foreign participants,
    in one query. A conference whose number is unknown adds nothing to that sum and is
    counted in ``*_unknown`` instead, so a page can say what the sums leave out."""
    return queryset.order_by().aggregate(
        count=Count("pk"),
        participants=Sum("participants_total", default=0),
        foreign=Sum("participants_foreign", default=0),
        participants_unknown=Count("pk", filter=Q(participants_total__isnull=True)),
        foreign_unknown=Count("pk", filter=Q(participants_foreign__isnull=True)),
    )


class ConferenceListView(CachedContentMixin, FilterView):
    filterset_class = ConferenceFilterSet
    template_name = "conferences/conference_list.html"
    context_object_name = "conferences"
    paginate_by = 25
    # The count of a national list is a scan: cached until a record changes.
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        return Conference.objects.public().for_list().order_by("-start_date", "-pk")

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        # The totals query counts the rows too: the paginator need not count them again.
        # It reads every filtered row (a scan unfiltered): cached until a record changes.
        self.totals = cached_for(
            "totals", queryset.order_by(), lambda: participant_totals(queryset)
        )
        paginator.count = self.totals["count"]
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        context["totals"] = self.totals
        return context


class ConferenceCsvView(ConferenceListView):
    """Exactly the rows of the filtered list, every page of it, as CSV."""

    def render_to_response(self, context, **response_kwargs):
        return csv_response(
            f"conferences-{timezone.localdate().isoformat()}.csv",
            [
                _("Start date"),
                _("End date"),
                _("Name"),
                _("Edition"),
                _("Kind"),
                _("Role"),
                pgettext("conference", "Format"),
                _("Organiser"),
                _("Venue"),
                _("City"),
                _("Country"),
                _("Participants"),
                _("Foreign participants"),
                _("Number of countries"),
                _("Number of localities"),
                _("Permit status"),
                _("Page"),
            ],
            (self._row(conference) for conference in self.object_list.iterator(chunk_size=500)),
        )

    def get_context_data(self, **kwargs):
        # No pagination and no template context: every filtered row goes to the file.
        return {}

    def _row(self, conference):
        return [
            conference.start_date.isoformat(),
            conference.end_date.isoformat(),
            conference.display_name,
            conference.edition,
            conference.get_kind_display(),
            conference.get_role_display(),
            conference.get_format_display(),
            "; ".join(public_organisers(conference)),
            conference.venue,
            conference.city,
            conference.country.name,
            conference.participants_total,
            conference.participants_foreign,
            conference.countries_count,
            conference.localities_count,
            conference.get_permit_status_display(),
            self.request.build_absolute_uri(conference.get_absolute_url()),
        ]


class ConferenceDetailView(CachedDetailMixin, DetailView):
    template_name = "conferences/conference_detail.html"
    context_object_name = "conference"

    def get_queryset(self):
        return (
            Conference.objects.public()
            .for_list()
            .select_related("permit_requested_by")
            .prefetch_related(
                "co_organiser_units",
                Prefetch(
                    "co_organiser_partners",
                    queryset=ForeignPartner.objects.public().order_by("name"),
                    to_attr="public_co_organiser_partners",
                ),
                "sessions",
                "recommendations",
                # Only the agreements the public may follow; signed ones in date order.
                Prefetch(
                    "agreements",
                    queryset=Agreement.objects.public().order_by("signed_on", "pk"),
                    to_attr="public_agreements",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.cached_content is not None:
            return context  # the body, which alone shows what follows, is cached
        conference = self.object
        context["organisers"] = public_organisers(conference)
        context["session_groups"] = group_sessions(conference.sessions.all())
        return context


def group_sessions(sessions):
    """``[(heading, [session, …]), …]`` in the order of ``SESSION_GROUPS``, without the
    kinds that have no session."""
    by_kind = {kind: [] for kind in SESSION_GROUPS}
    for session in sessions:
        by_kind.setdefault(session.kind, []).append(session)
    return [(SESSION_GROUPS[kind], by_kind[kind]) for kind in SESSION_GROUPS if by_kind[kind]]
