"""Spreadsheet import and export of agreements (the ``agreements`` type; see core.importing
and docs/importing.md).

A row is one agreement. With the ID column empty, an agreement is known by its reference
number when it has one, else by its title and date of signing (case ignored): re-importing
a file without IDs updates those agreements instead of adding them twice. Foreign parties
(at least one) and sectors are lists separated by ";". The delegation or conference where
it was signed is named by its title; the agreement it amends, by its reference number or
title. A delegation, conference or agreement whose title another shares is named by its ID
(as the export writes it). The signed document (PDF) and the implementation log are added in the admin, not
imported.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from conferences.models import Conference
from core.db import CaseFold
from core.importing import BaseRecordResource, NamedForeignKeyWidget, norm
from delegations.models import Delegation

from .models import Agreement


class LinkedRecordWidget(NamedForeignKeyWidget):
    """A related record with no code of its own (a delegation, a conference, an agreement),
    named by the first of ``fields`` it has (an agreement's reference number, else its
    title), accents and case ignored; or by its ID.

    Exported as that text, or as the ID where another record of the model shares the text
    (conferences held every year under one name): the exported file always names one
    record, so it reads back as it was."""

    def __init__(self, model, fields):
        super().__init__(model, fields=[*fields, "id"])
        self.text_fields = list(fields)

    def render_one(self, obj):
        for name in self.text_fields:
            text = getattr(obj, name)
            if text:
                return str(obj.pk) if norm(text) in self.shared(name) else text
        return str(obj.pk)

    def shared(self, name):
        """The texts of ``name`` that several records share; one query per field and
        export, cached on the widget."""
        cache = self.__dict__.setdefault("_shared_by_field", {})
        if name not in cache:
            folded = (
                self.model._default_manager.exclude(**{name: ""})
                .values(folded=CaseFold(name))
                .annotate(count=Count("pk"))
                .filter(count__gt=1)
                .values_list("folded", flat=True)
            )
            cache[name] = {norm(text) for text in folded}
        return cache[name]


def agreement_widget():
    return LinkedRecordWidget(Agreement, ["reference_number", "title"])


class AgreementResource(BaseRecordResource):
    delegation = Field(
        attribute="delegation", widget=LinkedRecordWidget(Delegation, ["title", "title_en"])
    )
    conference = Field(
        attribute="conference", widget=LinkedRecordWidget(Conference, ["name", "name_en"])
    )
    parent = Field(attribute="parent", widget=agreement_widget())

    # The generic rule puts these on the status column; the date is what to correct.
    constraint_columns = {
        "agreements_signed_date_required": "signed_on",
        "agreements_negotiating_not_signed": "signed_on",
        "agreements_renewal_complete": "renewal_term_months",
        "agreements_terminated_date": "terminated_on",
        "agreements_expired_has_date": "expires_on",
    }
    template_example = {
        "kind": Agreement.Kind.MOU,
        "reference_number": "15/2024/MOU-UBND",
        "title": "Biên bản ghi nhớ hợp tác giáo dục",
        "title_en": "Memorandum of understanding on cooperation in education",
        "status": Agreement.Status.SIGNED,
        "signing_level": Agreement.Level.CITY,
        "signatory": gettext_lazy("Chairman of the City People's Committee"),
        "parties": "Okayama",
        "sectors": "",
        "signed_on": date(2024, 3, 1),
        "signed_at": "Cần Thơ",
        "expires_on": date(2029, 3, 1),
        "auto_renew": False,
        "visibility": "internal",
    }

    class Meta(BaseRecordResource.Meta):
        model = Agreement
        fields = (
            "id",
            "kind",
            "reference_number",
            "title",
            "title_en",
            "status",
            "signing_level",
            "signatory_unit",
            "signatory",
            "parties",
            "sectors",
            "signed_on",
            "signed_at",
            "delegation",
            "conference",
            "entry_into_force",
            "expires_on",
            "auto_renew",
            "renewal_term_months",
            "terminated_on",
            "parent",
            "summary",
            "summary_en",
            "visibility",
            "notes",
        )

    def find_by_natural_key(self, row):
        """By reference number when the row has one (the database keeps it unique), else
        by title and date of signing; only a single match is updated."""
        reference = self.cleaned_or_none("reference_number", row)
        if reference:
            queryset = self.get_queryset().annotate(_reference=CaseFold("reference_number"))
            return queryset.filter(_reference=reference.lower()).first()
        title = self.cleaned_or_none("title", row)
        if not title:
            return None
        signed_on = self.cleaned_or_none("signed_on", row)
        matches = list(
            self.get_queryset()
            .annotate(_title=CaseFold("title"))
            .filter(_title=title.lower(), signed_on=signed_on, reference_number="")[:2]
        )
        return matches[0] if len(matches) == 1 else None

    def cleaned_or_none(self, name, row):
        field = self.fields[name]
        if field.column_name not in row:
            return None
        try:
            return field.clean(row)
        except (ValueError, ValidationError):
            return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """An agreement has at least one foreign party, as the admin form requires."""
        errors = dict(import_validation_errors or {})
        parties = getattr(instance, "_import_m2m", {}).get("parties")
        has_stored = instance.pk is not None and instance.parties.exists()
        if "parties" not in errors and (parties == [] or (parties is None and not has_stored)):
            errors["parties"] = ValidationError(
                _("Name at least one foreign party (a partner on record), separated by “;”.")
            )
        super().validate_instance(instance, errors, validate_unique)

    def iter_queryset(self, queryset):
        # The export: the related records in the same query, the lists in one query each
        # per chunk.
        if hasattr(queryset, "select_related"):
            queryset = queryset.select_related(
                "signatory_unit", "delegation", "conference", "parent"
            ).prefetch_related("parties", "sectors")
        return super().iter_queryset(queryset)
