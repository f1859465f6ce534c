"""Spreadsheet import and export of foreign partners (the ``partners`` type) and of the
city's relationships with them (``relationships``); see core.importing and
docs/importing.md.

A partner is known by its name and country (as the database's unique rule): a file without
IDs updates the partner of that name in that country. A relationship is known by its
partner, level and date established. A partner named in a relationship row must exist, or
be created with "create missing partners" (from the row's "Partner's country" column).
"""

from datetime import date

from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from core.importing import (
    BaseRecordResource,
    CountryWidget,
    NamedForeignKeyWidget,
    create_partner,
    lookup_for,
)

from .models import ForeignPartner, Relationship


class ForeignPartnerResource(BaseRecordResource):
    natural_key = ("name", "country")
    template_example = {
        "name": "Kaposvár",
        "name_original": "Kaposvár",
        "name_vi": "Kaposvár",
        "kind": ForeignPartner.Kind.LOCALITY,
        "country": "HU",
        "website": "https://www.kaposvar.hu",
        "visibility": "internal",
    }

    class Meta(BaseRecordResource.Meta):
        model = ForeignPartner
        fields = (
            "id",
            "name",
            "name_vi",
            "name_original",
            "abbreviation",
            "kind",
            "country",
            "parent",
            "website",
            "notes",
            "visibility",
        )


class RelationshipResource(BaseRecordResource):
    partner = Field(
        attribute="partner",
        widget=NamedForeignKeyWidget(
            ForeignPartner, create=create_partner, **lookup_for(ForeignPartner)
        ),
    )
    # Not stored on the relationship: it tells which partner is meant when several share a
    # name, and gives a partner created by the import its country.
    partner_country = Field(column_name=_("partner's country"), widget=CountryWidget())

    natural_key = ("partner", "level", "established_on")
    partner_country_field = "partner_country"
    template_example = {
        "partner": "Riverside",
        "partner_country": "US",
        "level": Relationship.Level.TWINNING,
        "status": Relationship.Status.ACTIVE,
        "local_unit": _("People's Committee"),
        "established_on": date(2015, 6, 25),
        "founding_document": _("Memorandum of twinning, 25/06/2015"),
        "sectors": "",
        "summary": "",
        "visibility": "internal",
    }

    class Meta(BaseRecordResource.Meta):
        model = Relationship
        fields = (
            "id",
            "partner",
            "partner_country",
            "level",
            "status",
            "local_unit",
            "established_on",
            "ended_on",
            "founding_agreement",
            "founding_document",
            "sectors",
            "summary",
            "summary_en",
            "visibility",
        )

    def dehydrate_partner_country(self, relationship):
        return CountryWidget().render(relationship.partner.country)

    def get_queryset(self):
        return super().get_queryset().select_related("partner")
