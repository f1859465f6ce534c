"""Spreadsheet import and export of conferences (the ``conferences`` type; see
core.importing and docs/importing.md).

A row is one conference, seminar, forum or exhibition. With the ID column empty, a
conference is known by its name and start date (case ignored): re-importing a file without
IDs updates those conferences instead of adding them twice. The organiser is a local unit,
a foreign partner or another organiser named in words (at least one of the three); the
co-organisers and sectors are lists separated by ";". The end date may be left empty for a
one-day event. A conference attended elsewhere has no permit: leave the permit columns
empty. Sessions and recommendations are entered in the admin, not imported.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from core.importing import BaseRecordResource
from delegations.resources import fill_end_date

from .models import Conference


class ConferenceResource(BaseRecordResource):
    natural_key = ("name", "start_date")
    constraint_columns = {
        # "Enter the organiser: a local unit, a foreign partner or another organiser."
        "conferences_organiser_given": "organiser_unit",
        "conferences_permit_only_when_hosted": "permit_status",
    }
    template_example = {
        "name": "Hội thảo quốc tế về thích ứng với biến đổi khí hậu",
        "name_en": "International seminar on climate change adaptation",
        "edition": 3,
        "kind": Conference.Kind.SEMINAR,
        "role": Conference.Role.HOSTED,
        "format": Conference.Format.HYBRID,
        "organiser_name": _("Department of Foreign Affairs"),
        "start_date": date(2024, 6, 14),
        "end_date": date(2024, 6, 15),
        "venue": "",
        "city": "Cần Thơ",
        "country": "VN",
        "participants_total": 250,
        "participants_foreign": 40,
        "permit_status": Conference.PermitStatus.APPROVED,
        "permit_number": "120/QĐ-UBND",
        "permit_date": date(2024, 5, 20),
        "permit_authority": _("City People's Committee"),
        "awards_organisations": 0,
        "awards_individuals": 0,
        "visibility": "internal",
    }

    class Meta(BaseRecordResource.Meta):
        model = Conference
        fields = (
            "id",
            "name",
            "name_en",
            "edition",
            "kind",
            "role",
            "format",
            "organiser_unit",
            "organiser_partner",
            "organiser_name",
            "co_organiser_units",
            "co_organiser_partners",
            "start_date",
            "end_date",
            "venue",
            "city",
            "country",
            "participants_total",
            "participants_foreign",
            "countries_count",
            "localities_count",
            "permit_status",
            "permit_number",
            "permit_date",
            "permit_authority",
            "permit_requested_by",
            "awards_organisations",
            "awards_individuals",
            "sectors",
            "summary",
            "summary_en",
            "visibility",
            "notes",
        )

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            fill_end_date(instance)

    def iter_queryset(self, queryset):
        # The export: the related records in the same query, the lists in one query each
        # per chunk.
        if hasattr(queryset, "select_related"):
            queryset = queryset.select_related(
                "organiser_unit", "organiser_partner", "permit_requested_by"
            ).prefetch_related("co_organiser_units", "co_organiser_partners", "sectors")
        return super().iter_queryset(queryset)
