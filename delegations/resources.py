"""Spreadsheet import and export of delegations (the ``delegations`` type; see
core.importing and docs/importing.md).

A row is one delegation. With the ID column empty, a delegation is known by its title and
start date (case ignored): re-importing a file without IDs updates those delegations
instead of adding them twice. Countries, partners and sectors are lists separated by ";".
As in the admin, the countries may be left empty when partners are named: the partners'
countries are then used. The end date may be left empty for a one-day visit. Members
(other than the head) are entered in the admin, not imported.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from core.importing import (
    BaseRecordResource,
    CountryWidget,
    NamedManyToManyWidget,
    create_partner,
    lookup_for,
)
from partners.models import ForeignPartner

from .models import Delegation


def fill_end_date(instance):
    """A one-day event: the end date left empty is the start date (as the model's save()
    does), set before the row is compared with the record, so an unchanged row is skipped."""
    if instance.end_date is None and instance.start_date is not None:
        instance.end_date = instance.start_date


class DelegationResource(BaseRecordResource):
    # A partner not recorded yet may be created (with "create missing partners"), in the
    # row's country when the row names exactly one.
    partners = Field(
        attribute="partners",
        widget=NamedManyToManyWidget(
            ForeignPartner, create=create_partner, **lookup_for(ForeignPartner)
        ),
    )

    natural_key = ("title", "start_date")
    partner_country_field = "countries"
    # Every constraint the generic rule would put on the wrong column.
    constraint_columns = {"delegations_media_outlets_only_for_press": "media_outlets"}
    template_example = {
        "direction": Delegation.Direction.INBOUND,
        "kind": Delegation.Kind.DIPLOMATIC,
        "status": Delegation.Status.COMPLETED,
        "title": "Tổng Lãnh sự Nhật Bản tại TP. Hồ Chí Minh thăm và làm việc",
        "title_en": "Consul General of Japan in Ho Chi Minh City visits the city",
        "head_name": "Ono Masuo",
        "head_title": _("Consul General"),
        "head_rank": Delegation.Rank.AMBASSADOR,
        "member_count": 4,
        "countries": ["JP"],
        "partners": "",
        "start_date": date(2024, 3, 12),
        "end_date": date(2024, 3, 12),
        "host_unit": "",
        "city_leader": _("Chairman of the City People's Committee"),
        "purpose": "",
        "visibility": "internal",
    }

    class Meta(BaseRecordResource.Meta):
        model = Delegation
        fields = (
            "id",
            "direction",
            "kind",
            "status",
            "title",
            "title_en",
            "head_name",
            "head_title",
            "head_rank",
            "member_count",
            "countries",
            "partners",
            "media_outlets",
            "start_date",
            "end_date",
            "host_unit",
            "city_leader",
            "purpose",
            "purpose_en",
            "outcome",
            "outcome_en",
            "sectors",
            "visibility",
            "notes",
        )

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            fill_end_date(instance)
            self.countries_from_partners(instance)

    @staticmethod
    def countries_from_partners(instance):
        """No countries given: the partners' countries, as the admin form does."""
        partners = getattr(instance, "_import_m2m", {}).get("partners")
        if not instance.countries and partners:
            instance.countries = sorted({p.country.code for p in partners if p.country})

    def dehydrate_countries(self, delegation):
        # The field's value is django-countries' MultipleCountriesDescriptor, not a list:
        # hand the widget a plain list of the countries.
        return CountryWidget(multiple=True).render(list(delegation.countries))

    def iter_queryset(self, queryset):
        # The export: the unit in the same query, the lists in one query each per chunk.
        if hasattr(queryset, "select_related"):
            queryset = queryset.select_related("host_unit").prefetch_related("partners", "sectors")
        return super().iter_queryset(queryset)
