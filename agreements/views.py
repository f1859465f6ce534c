"""Public pages of agreements: the filterable list, its CSV download, one agreement, and
its signed document."""

import re

from django.db.models import F, Prefetch
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView
from django_filters.views import FilterView

from conferences.models import Conference
from core.csv_export import csv_response
from core.listcache import CachedContentMixin, CachedCountPaginator, CachedDetailMixin
from delegations.models import Delegation

from .filtersets import AgreementFilterSet
from .models import Agreement, AgreementActivity, AgreementStatus

# Newest signed first; those still under negotiation (no date yet) lead, as in the admin.
NEWEST_FIRST = (F("signed_on").desc(nulls_first=True), "-pk")

# Statuses under which the days left to the expiry are worth showing.
LIVE_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE)


class AgreementListView(CachedContentMixin, FilterView):
    filterset_class = AgreementFilterSet
    template_name = "agreements/agreement_list.html"
    context_object_name = "agreements"
    paginate_by = 25
    # The count of a national list is a scan: cached until a record changes.
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        return Agreement.objects.public().for_list().with_effective_status().order_by(*NEWEST_FIRST)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class AgreementCsvView(AgreementListView):
    """Exactly the rows of the filtered list, every page of it, as CSV."""

    def render_to_response(self, context, **response_kwargs):
        return csv_response(
            f"agreements-{timezone.localdate().isoformat()}.csv",
            [
                _("Date of signing"),
                _("Reference number"),
                _("Kind"),
                _("Title"),
                _("Signing level"),
                _("Signatory unit"),
                _("Foreign parties"),
                _("Countries"),
                _("Sectors"),
                _("Entry into force"),
                _("Expiry date"),
                _("Renews automatically"),
                _("Status"),
                _("Page"),
            ],
            (self._row(agreement) for agreement in self.object_list.iterator(chunk_size=500)),
        )

    def get_context_data(self, **kwargs):
        # No pagination and no template context: every filtered row goes to the file.
        return {}

    def _row(self, agreement):
        expiry = agreement.current_expiry()
        if agreement.renews:
            renewal = ngettext(
                "Every {months} month", "Every {months} months", agreement.renewal_term_months
            ).format(months=agreement.renewal_term_months)
        else:
            renewal = _("No")
        return [
            agreement.signed_on.isoformat() if agreement.signed_on else "",
            agreement.reference_number,
            agreement.get_kind_display(),
            agreement.display_title,
            agreement.get_signing_level_display(),
            agreement.signatory_unit.display_name if agreement.signatory_unit else "",
            "; ".join(party.display_name for party in agreement.public_parties),
            "; ".join(str(country.name) for country in agreement.countries),
            "; ".join(sector.display_name for sector in agreement.sectors.all()),
            agreement.entry_into_force.isoformat() if agreement.entry_into_force else "",
            expiry.isoformat() if expiry else _("Open-ended"),
            renewal,
            AgreementStatus(agreement.effective_status).label,
            self.request.build_absolute_uri(agreement.get_absolute_url()),
        ]


class AgreementDetailView(CachedDetailMixin, DetailView):
    template_name = "agreements/agreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        public_activities = AgreementActivity.objects.public().select_related("unit")
        public_agreements = Agreement.objects.public()
        return (
            Agreement.objects.public()
            .for_list()
            .with_effective_status()
            .prefetch_related(
                # Links to related records only when the public may follow them; a
                # prefetch of a foreign key sets None when the row is filtered out.
                Prefetch(
                    "delegation",
                    queryset=Delegation.objects.public(),
                    to_attr="public_delegation",
                ),
                Prefetch(
                    "conference",
                    queryset=Conference.objects.public(),
                    to_attr="public_conference",
                ),
                Prefetch("parent", queryset=public_agreements, to_attr="public_parent"),
                Prefetch(
                    "amendments",
                    queryset=public_agreements.order_by(*NEWEST_FIRST),
                    to_attr="public_amendments",
                ),
                Prefetch("activities", queryset=public_activities, to_attr="public_activities"),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.cached_content is not None:
            return context  # the body, which alone shows what follows, is cached
        agreement = self.object
        expiry = agreement.current_expiry()
        renewing = agreement.renews
        days_left = None
        if expiry and not renewing and agreement.effective_status in LIVE_STATUSES:
            days_left = (expiry - timezone.localdate()).days
        context.update(expiry=expiry, renews=renewing, days_left=days_left)
        return context


def document_filename(agreement):
    """The download's name: the reference number made safe for a file name
    ('15/2023/MOU-UBND' -> '15-2023-MOU-UBND.pdf'), else 'agreement-<pk>.pdf'."""
    stem = re.sub(r"[^\w.-]+", "-", agreement.reference_number).strip("-.")
    return f"{stem or f'agreement-{agreement.pk}'}.pdf"


def agreement_document(request, pk):
    """The signed PDF, shown in the browser: to anyone when the agreement is public, to
    staff who may view agreements otherwise; 404 to everybody else and when there is none
    (404 rather than 403, so the address does not confirm that an internal one exists)."""
    agreement = Agreement.objects.public().filter(pk=pk).first()
    staff_only = False
    user = request.user
    if agreement is None and user.is_staff and user.has_perm("agreements.view_agreement"):
        agreement = Agreement.objects.filter(pk=pk).first()
        staff_only = True
    if agreement is None or not agreement.document:
        raise Http404(_("No signed document is available for this agreement."))
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("No signed document is available for this agreement.")) from error
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=False,
        filename=document_filename(agreement),
    )
    if staff_only:
        # An internal document must not stay in a shared cache or proxy.
        patch_cache_control(response, private=True, no_store=True)
    return response
