"""Spreadsheet import and export of aid records (see core.importing and docs/importing.md).

``ExchangeRateResource`` (the ``rates`` type) is keyed by (currency, valid from): a file
without IDs updates the rate of that currency and day instead of adding a second one.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from import_export.fields import Field

from agreements.resources import agreement_widget
from core.importing import (
    BaseRecordResource,
    ChoiceWidget,
    NamedForeignKeyWidget,
    StrictDateWidget,
    StrictDecimalWidget,
    cell_text,
    create_partner,
    format_plain_number,
    lookup_for,
)
from core.models import LocalUnit
from partners.models import ForeignPartner

from .currencies import CURRENCY_CHOICES, VND
from .models import AidProject, Disbursement, ExchangeRate


class ExchangeRateResource(BaseRecordResource):
    """Exchange rates: currency (its code, e.g. EUR), valid from, VND per unit, source."""

    # Written as the code (EUR), read as the code or its name in either language.
    currency = Field(attribute="currency", widget=ChoiceWidget(CURRENCY_CHOICES, render_value=True))

    natural_key = ("currency", "valid_from")
    template_example = {
        "currency": "EUR",
        "valid_from": date(2025, 1, 2),
        "rate_to_vnd": Decimal("26500.5"),
        "source": _("State Bank of Vietnam, central rate"),
    }

    class Meta(BaseRecordResource.Meta):
        model = ExchangeRate
        fields = ("id", "currency", "valid_from", "rate_to_vnd", "source")


# ---------------------------------------------------------------------------------------
# Aid projects and their disbursements (the ``aid`` type): added below by the RECORDS
# helper (AidProjectResource, and DisbursementResource or a disbursements column).
# ---------------------------------------------------------------------------------------

# Aid projects (the ``aid`` type). A row is one project. With the ID column empty, a project
# is known by its title and date of commitment (case ignored): re-importing a file without
# IDs updates those projects instead of adding them twice. The donor (or recipient) is a
# partner on record, or one created in the row's country with "create missing partners".
#
# Disbursements travel in one column of the project's row, one per line (or separated by
# ";"), each "date: amount currency (note)": "01/10/2021: 25000 USD (first tranche)". The
# currency may be left out (the project's), and so may the note. On import the column is
# the project's whole list: disbursements not listed are removed, listed ones added, and
# identical ones kept as they are; an empty cell removes them all, and a file without the
# column leaves them alone. Chosen over a second sheet keyed by project ID because a
# department's spreadsheet has one row per project and no IDs before its first import.

DISBURSEMENT_LINE = re.compile(
    r"^(?P<date>[^:]+?)\s*:\s*(?P<amount>[^()]*?)\s*(?P<currency>\b[A-Za-z]{3})?\s*"
    r"(?:\((?P<note>.*)\))?\s*$",
    re.DOTALL,
)


@dataclass(frozen=True, order=True)
class DisbursementLine:
    """One disbursement as the column writes it: what identifies it on re-import."""

    date: date
    amount: Decimal
    currency: str
    note: str = ""

    @classmethod
    def of(cls, disbursement):
        return cls(
            disbursement.date,
            Decimal(disbursement.amount),
            disbursement.currency,
            disbursement.note,
        )

    def same_as(self, other):
        # 25000 and 25000.00 are the same amount.
        return (self.date, self.amount, self.currency, self.note) == (
            other.date,
            Decimal(other.amount),
            other.currency,
            other.note,
        )


# Written as the code (EUR), read as the code or its name in either language.
CURRENCY_WIDGET = ChoiceWidget(CURRENCY_CHOICES, render_value=True)


def disbursement_format_hint():
    return gettext(
        "Write one disbursement per line (or separate them with “;”) as “date: amount "
        "currency (note)”, e.g. “01/10/2021: 25000 USD (first tranche)”; the currency and "
        "the note may be left out."
    )


def split_entries(text):
    """The disbursements of a cell: one per line, or separated by ";" outside the
    parentheses of a note ("01/10/2021: 5 USD (first; in kind)" is one)."""
    entries, current, depth = [], [], 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if char in "\r\n" or (char == ";" and depth == 0):
            entries.append("".join(current))
            current = []
        else:
            current.append(char)
    entries.append("".join(current))
    return entries


class DisbursementsWidget(widgets.Widget):
    """The disbursements column: its text to a list of ``DisbursementLine`` (each checked
    against the disbursement's rules), and back. The project's currency (the row's currency
    column) is the default for a line that names none."""

    def __init__(self, currency_field="currency", **kwargs):
        self.currency_field = currency_field
        self.resource = None
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return []
        entries = split_entries(text)
        default_currency = self.row_currency(row)
        lines, problems = [], []
        for number, entry in enumerate((e.strip() for e in entries if e.strip()), start=1):
            try:
                lines.append(self.parse(entry, default_currency))
            except ValueError as error:
                problems.append(
                    gettext("Disbursement {number} (“{entry}”): {problem}").format(
                        number=number, entry=entry, problem=error
                    )
                )
        if problems:
            raise ValueError(" ".join(problems))
        return sorted(lines)

    def row_currency(self, row):
        resource = self.resource
        if not row or resource is None or self.currency_field not in resource.fields:
            return VND
        try:
            return resource.fields[self.currency_field].clean(row) or VND
        except (KeyError, ValueError):  # no currency column, or a wrong one (its own error)
            return VND

    @staticmethod
    def parse(entry, default_currency):
        match = DISBURSEMENT_LINE.match(entry)
        if not match or not match.group("amount"):
            raise ValueError(disbursement_format_hint())
        day = StrictDateWidget().clean(match.group("date"))
        amount = StrictDecimalWidget().clean(match.group("amount"))
        currency = match.group("currency")
        currency = CURRENCY_WIDGET.clean(currency) if currency else default_currency
        note = (match.group("note") or "").strip()
        disbursement = Disbursement(date=day, amount=amount, currency=currency, note=note)
        try:
            disbursement.full_clean(exclude=["project"])
        except ValidationError as error:
            raise ValueError(" ".join(dict.fromkeys(error.messages))) from None
        return DisbursementLine(day, amount, currency, note)

    def render(self, value, obj=None, **kwargs):
        if isinstance(value, str):
            return value  # the template's example, already written out
        return "\n".join(self.render_one(line) for line in value or [])

    @staticmethod
    def render_one(line):
        text = "{date}: {amount} {currency}".format(
            date=line.date.strftime("%d/%m/%Y"),
            amount=format_plain_number(line.amount),
            currency=line.currency,
        )
        return f"{text} ({line.note})" if line.note else text


class DisbursementsField(Field):
    """The disbursements of a project as one column. Its value is the list read from the
    row while importing (``_import_disbursements``), else the stored list: comparing the
    two tells an unchanged row."""

    def get_value(self, instance):
        if hasattr(instance, "_import_disbursements"):
            return instance._import_disbursements
        if instance.pk is None:
            return []
        return sorted(DisbursementLine.of(d) for d in instance.disbursements.all())

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._import_disbursements = self.clean(row, **kwargs)


class DistrictWidget(NamedForeignKeyWidget):
    """The location: a local unit of the kind "district", named as any unit is."""

    def clean(self, value, row=None, **kwargs):
        unit = super().clean(value, row=row, **kwargs)
        if unit is not None and unit.kind != LocalUnit.Kind.DISTRICT:
            raise ValueError(
                gettext("“{unit}” is a local unit but not a district.").format(unit=unit.name)
            )
        return unit


class AidProjectResource(BaseRecordResource):
    """Aid projects with their disbursements; see the comment above."""

    partner = Field(
        attribute="partner",
        widget=NamedForeignKeyWidget(
            ForeignPartner, create=create_partner, **lookup_for(ForeignPartner)
        ),
    )
    currency = Field(
        attribute="currency",
        widget=ChoiceWidget(CURRENCY_CHOICES, render_value=True),
        default=VND,
    )
    agreement = Field(attribute="agreement", widget=agreement_widget())
    district = Field(
        attribute="district", widget=DistrictWidget(LocalUnit, **lookup_for(LocalUnit))
    )
    disbursements = DisbursementsField(
        attribute="disbursements",
        column_name=_("Disbursements"),
        widget=DisbursementsWidget(),
    )

    natural_key = ("title", "committed_on")
    partner_country_field = "country"
    required_columns = ("modality", "title", "country", "commitment_amount", "committed_on")
    template_example = {
        "direction": AidProject.Direction.RECEIVED,
        "modality": AidProject.Modality.IN_KIND,
        "status": AidProject.Status.COMPLETED,
        "title": "Tiếp nhận trang thiết bị y tế",
        "title_en": "Medical equipment received",
        "partner": "KOICA",
        "country": "KR",
        "sectors": "",
        "commitment_amount": Decimal("75000"),
        "currency": "USD",
        "committed_on": date(2024, 9, 14),
        "beneficiaries": "",
        "disbursements": "01/10/2024: 25000 USD\n15/03/2025: 50000 USD (second tranche)",
        "visibility": "internal",
    }

    class Meta(BaseRecordResource.Meta):
        model = AidProject
        fields = (
            "id",
            "direction",
            "modality",
            "status",
            "title",
            "title_en",
            "partner",
            "country",
            "sectors",
            "implementing_unit",
            "commitment_amount",
            "currency",
            "committed_on",
            "start_date",
            "end_date",
            "district",
            "beneficiaries",
            "agreement",
            "summary",
            "summary_en",
            "disbursements",
            "visibility",
            "notes",
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["disbursements"].widget.resource = self

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        wanted = getattr(instance, "_import_disbursements", None)
        if wanted is not None:
            self.sync_disbursements(instance, wanted)

    def sync_disbursements(self, project, wanted):
        """Make the project's disbursements ``wanted``: keep the identical ones, remove the
        others, add the missing ones (stamped with the importing user)."""
        remaining = list(wanted)
        for disbursement in project.disbursements.all():
            same = next((line for line in remaining if line.same_as(disbursement)), None)
            if same is None:
                disbursement.delete()
            else:
                remaining.remove(same)
        user = self.user if self.user is not None and self.user.pk else None
        for line in remaining:
            Disbursement.objects.create(
                project=project,
                date=line.date,
                amount=line.amount,
                currency=line.currency,
                note=line.note,
                created_by=user,
                updated_by=user,
            )

    def iter_queryset(self, queryset):
        # The export: the related records in the same query, the lists in one query each
        # per chunk.
        if hasattr(queryset, "select_related"):
            queryset = queryset.select_related(
                "partner", "implementing_unit", "district", "agreement"
            ).prefetch_related("sectors", "disbursements")
        return super().iter_queryset(queryset)
