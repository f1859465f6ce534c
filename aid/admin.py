"""The aid admin: the exchange rates staff maintain, and the aid projects with their
disbursements.

The project list answers "how much, in VND and in USD?" for any filter: above the rows, the
totals of every filtered project (all pages, not only the one shown), converted row by row
with ``aid.money`` at the rates in force on each row's date. Cancelled projects are listed
but left out of the totals, and a missing rate is named (currency and date, and how many rows
it leaves out) instead of giving a silently smaller total. The whole page converts with one
``RateTable`` (one query), never a query per row.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from attachments.admin import AttachmentInline
from core.admin import (
    AuditedAdmin,
    CachedCountryFilter,
    CachedDatesChangeList,
    CachedRelatedOnlyFieldListFilter,
    EstimatedCountPaginator,
    LabelledTabularInline,
    ParameterFilter,
    PublishableAdmin,
    list_flag_icon,
    parse_period,
)
from core.importing_admin import RecordImportExportMixin
from core.listcache import cached_for
from reports.statistics.aid import stored_total

from .conversions import unconverted
from .currencies import USD, VND
from .models import AidProject, AidStatus, Disbursement, ExchangeRate
from .money import MissingRate, RateTable, format_money, total
from .resources import AidProjectResource, ExchangeRateResource


def _constraint_message(model, name):
    (constraint,) = [c for c in model._meta.constraints if c.name == name]
    return constraint.violation_error_message


def _short_date(day):
    """03/05/2021 in Vietnamese, 3 May 2021 in English."""
    return date_format(day, "SHORT_DATE_FORMAT")


def missing_rate_text(missing):
    """A cell's text for a conversion that lacked a rate: which currency, which date."""
    return _("no rate for {currency} on {date}").format(
        currency=missing.currency, date=_short_date(missing.date)
    )


def _missing_cell(missing):
    return format_html(
        '<span class="missing-rate" style="color: var(--error-fg)">{}</span>',
        missing_rate_text(missing),
    )


def converted_cell(rates, amount, currency, day, target):
    """``amount`` converted to ``target`` (VND or USD) at the rate in force on ``day``,
    formatted; or, without a rate, the missing rate named. Never a guess."""
    convert = rates.to_vnd if target == VND else rates.to_usd
    try:
        return format_money(convert(amount, currency, day), target)
    except MissingRate as missing:
        return _missing_cell(missing)


# The three clauses of a missing-rate warning: rows out of both totals, of the VND total
# only, of the USD total only (see _left_out).
PROJECT_WORDING = (
    ngettext_lazy(
        "%(count)d project is not in the totals",
        "%(count)d projects are not in the totals",
        "count",
    ),
    ngettext_lazy(
        "%(count)d project is not in the VND total",
        "%(count)d projects are not in the VND total",
        "count",
    ),
    ngettext_lazy(
        "%(count)d project is not in the USD total",
        "%(count)d projects are not in the USD total",
        "count",
    ),
)
DISBURSEMENT_WORDING = (
    ngettext_lazy(
        "%(count)d disbursement is not in the disbursed totals",
        "%(count)d disbursements are not in the disbursed totals",
        "count",
    ),
    ngettext_lazy(
        "%(count)d disbursement is not in the disbursed VND total",
        "%(count)d disbursements are not in the disbursed VND total",
        "count",
    ),
    ngettext_lazy(
        "%(count)d disbursement is not in the disbursed USD total",
        "%(count)d disbursements are not in the disbursed USD total",
        "count",
    ),
)
BOTH, VND_ONLY, USD_ONLY = range(3)


def _left_out(rows, rates):
    """For each missing rate (currency, date): how many of ``rows`` it leaves out of both
    totals, of the VND total only and of the USD total only. A missing USD rate leaves a
    EUR row of that day in the VND total but out of the USD one, and a USD row out of the
    VND total only."""
    counts = {}
    for row in rows:
        single = total([row], rates)
        for pair in single.missing_vnd | single.missing_usd:
            if pair not in single.missing_usd:
                which = VND_ONLY
            elif pair not in single.missing_vnd:
                which = USD_ONLY
            else:
                which = BOTH
            counts.setdefault(pair, [0, 0, 0])[which] += 1
    return dict(sorted(counts.items()))


def _left_out_text(counts, wording):
    """'2 projects are not in the totals'; a clause for each way rows are left out."""
    return "; ".join(
        text % {"count": count} for text, count in zip(wording, counts, strict=True) if count
    )


def missing_rate_warnings(rows, rates, wording):
    """One sentence per missing rate: 'No exchange rate for EUR on 03/05/2021 — 2 projects
    are not in the totals.'"""
    return [
        _("No exchange rate for {currency} on {date} — {left_out}.").format(
            currency=currency,
            date=_short_date(day),
            left_out=_left_out_text(counts, wording),
        )
        for (currency, day), counts in _left_out(rows, rates).items()
    ]


@dataclass
class ListTotals:
    """The totals above the project list; see the module docstring."""

    commitment: object  # aid.money.Total
    disbursed: object  # aid.money.Total
    cancelled: int
    warnings: list

    @classmethod
    def of(cls, queryset, rates):
        """Three queries: the counted projects' commitments and their disbursements,
        added up by the database (``stored_total``), and the cancelled count; when some
        rows lack a rate, those rows are read to name the rates (``rates``, the page's
        RateTable)."""
        queryset = queryset.order_by()
        counted = queryset.counted()
        payments = Disbursement.objects.filter(project__in=counted.values("pk"))
        commitment = stored_total(counted)
        disbursed = stored_total(payments)
        warnings = []
        if not commitment.complete:
            warnings += missing_rate_warnings(unconverted(counted), rates, PROJECT_WORDING)
        if not disbursed.complete:
            warnings += missing_rate_warnings(unconverted(payments), rates, DISBURSEMENT_WORDING)
        return cls(
            commitment=commitment,
            disbursed=disbursed,
            cancelled=queryset.filter(status=AidStatus.CANCELLED).count(),
            warnings=warnings,
        )

    @property
    def rows(self):
        """Every project listed (all pages), cancelled ones included."""
        return self.commitment.rows + self.cancelled

    @staticmethod
    def _amount(value, currency, missing):
        text = format_money(value, currency)
        if missing:
            return _("{amount} (incomplete: see below)").format(amount=text)
        return text

    @property
    def commitment_vnd(self):
        return self._amount(self.commitment.vnd, VND, self.commitment.missing_vnd)

    @property
    def commitment_usd(self):
        return self._amount(self.commitment.usd, USD, self.commitment.missing_usd)

    @property
    def disbursed_vnd(self):
        return self._amount(self.disbursed.vnd, VND, self.disbursed.missing_vnd)

    @property
    def disbursed_usd(self):
        return self._amount(self.disbursed.usd, USD, self.disbursed.missing_usd)

    @property
    def cancelled_note(self):
        if not self.cancelled:
            return _("Cancelled projects are left out of the totals; none is listed.")
        return ngettext(
            "Cancelled projects are left out of the totals: %(count)d listed project is cancelled.",
            "Cancelled projects are left out of the totals: %(count)d listed projects are "
            "cancelled.",
            self.cancelled,
        ) % {"count": self.cancelled}


class AidProjectChangeList(CachedDatesChangeList):
    """The change list with one RateTable for the page and the totals of the filtered
    list (``totals``, computed when the template asks for them, then kept in the cache
    until a record changes)."""

    def get_results(self, request):
        super().get_results(request)
        # Evaluated here, once: the queryset keeps the rows it fetched, so the rows the
        # template renders are these ones, each given the page's rates and disbursements.
        projects = list(self.result_list)
        prefetch_related_objects(projects, "disbursements")
        self.rates = RateTable()
        for project in projects:
            project.page_rates = self.rates

    @cached_property
    def totals(self):
        # Per language: the warnings are sentences.
        return cached_for(
            f"aid-totals:{translation.get_language()}",
            self.queryset.order_by(),
            lambda: ListTotals.of(self.queryset, self.rates),
        )


class ExchangeRateAdminForm(forms.ModelForm):
    class Meta:
        error_messages = {
            # An empty source is the not-blank constraint's case: say it in its words.
            "source": {"required": _constraint_message(ExchangeRate, "aid_rate_source_not_blank")},
        }


@admin.register(ExchangeRate)
class ExchangeRateAdmin(RecordImportExportMixin, AuditedAdmin):
    resource_classes = [ExchangeRateResource]
    import_type = "rates"
    form = ExchangeRateAdminForm
    list_display = ["currency", "valid_from", "rate", "source", "updated_by"]
    list_filter = ["currency"]
    list_select_related = ["updated_by"]
    search_fields = ["currency", "source__unaccent"]
    search_help_text = _("Currency code (EUR) or source; accents optional.")
    date_hierarchy = "valid_from"
    ordering = ["currency", "-valid_from"]
    fieldsets = [(None, {"fields": ["currency", "valid_from", "rate_to_vnd", "source"]})]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._say_converted(request, obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._say_converted(request, obj)

    def _say_converted(self, request, obj):
        """Say how many commitments and disbursements the rate's change converted again
        (``aid.conversions``): the figures that changed with it."""
        count = getattr(obj, "converted_rows", 0)
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)s aid amount is now converted at the new rates.",
                    "%(count)s aid amounts are now converted at the new rates.",
                    count,
                )
                % {"count": number_format(count, force_grouping=True)},
            )

    @admin.display(description=_("VND per unit"), ordering="rate_to_vnd")
    def rate(self, obj):
        # As many decimals as the rate has, no trailing zeros: 25,450 and 0.0061.
        text = format(obj.rate_to_vnd, "f").rstrip("0").rstrip(".")
        digits = len(text.partition(".")[2])
        return number_format(obj.rate_to_vnd, decimal_pos=digits, force_grouping=True)


class DisbursementInline(LabelledTabularInline):
    model = Disbursement
    extra = 0
    fields = ["date", "amount", "currency", "note"]


class DisbursedInFilter(ParameterFilter):
    """``?disbursed_in=2025-01-01..2025-12-31``: the projects with a disbursement dated in
    that period, where the dashboard's "disbursed in the period" leads (with the
    direction and the statuses counted as further filters)."""

    title = _("disbursed in")
    parameter_name = "disbursed_in"

    def parse(self, value):
        return parse_period(value)

    def describe(self, period):
        first, last = period
        return "{} – {}".format(
            date_format(first, "SHORT_DATE_FORMAT"), date_format(last, "SHORT_DATE_FORMAT")
        )

    def apply(self, request, queryset, period):
        first, last = period
        disbursed = Disbursement.objects.filter(date__gte=first, date__lte=last)
        return queryset.filter(pk__in=disbursed.values("project_id"))


class AidProjectAdminForm(forms.ModelForm):
    class Meta:
        error_messages = {
            # A required field left empty is its not-blank constraint's case.
            "title": {"required": _constraint_message(AidProject, "aid_title_not_blank")},
            "country": {"required": _constraint_message(AidProject, "aid_country_not_blank")},
        }


@admin.register(AidProject)
class AidProjectAdmin(RecordImportExportMixin, PublishableAdmin):
    resource_classes = [AidProjectResource]
    import_type = "aid"
    offer_create_missing_partners = True
    form = AidProjectAdminForm
    list_display = [
        "title",
        "direction",
        "modality",
        "partner_with_flag",
        "commitment",
        "commitment_vnd",
        "commitment_usd",
        "disbursed_vnd",
        "status",
        "committed_on",
        "visibility",
    ]
    list_display_links = ["title"]
    list_filter = [
        DisbursedInFilter,
        "direction",
        "modality",
        "status",
        ("country", CachedCountryFilter),
        "sectors",
        ("implementing_unit", CachedRelatedOnlyFieldListFilter),
        "visibility",
    ]
    list_select_related = ["partner"]
    search_fields = [
        "title__unaccent",
        "title_en__unaccent",
        "partner__name__unaccent",
        "partner__name_vi__unaccent",
        "beneficiaries__unaccent",
    ]
    search_help_text = _("Title, donor or recipient, or beneficiaries; accents optional.")
    autocomplete_fields = ["partner", "implementing_unit", "district", "sectors", "agreement"]
    date_hierarchy = "committed_on"
    ordering = ["-committed_on", "-id"]
    inlines = [DisbursementInline, AttachmentInline]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    readonly_fields = ["commitment_converted"]
    formfield_overrides = {
        **PublishableAdmin.formfield_overrides,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})},
    }
    fieldsets = [
        (None, {"fields": ["direction", "modality", "status", "title", "title_en"]}),
        (_("Donor or recipient"), {"fields": ["partner", "country"]}),
        (
            _("Money"),
            {
                "fields": [
                    ("commitment_amount", "currency"),
                    "committed_on",
                    "commitment_converted",
                ]
            },
        ),
        (
            _("Dates and place"),
            {
                "fields": [
                    ("start_date", "end_date"),
                    "implementing_unit",
                    "district",
                    "beneficiaries",
                ]
            },
        ),
        (_("Content"), {"fields": ["sectors", "agreement", "summary", "summary_en"]}),
        (_("Publication"), {"fields": ["visibility", "notes"]}),
    ]

    def get_changelist(self, request, **kwargs):
        return AidProjectChangeList

    def view_on_site(self, obj):
        # Only a record the public can see has a page to view; others would be a 404.
        if AidProject.objects.public().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._warn_about_missing_rates(request, form.instance)

    def _warn_about_missing_rates(self, request, project):
        """After a save: name each rate the commitment or a disbursement lacks, with a link
        to add it. Two queries (the rates, the disbursements)."""
        rows = [
            (project.commitment_amount, project.currency, project.committed_on),
            *project.disbursements.order_by().values_list("amount", "currency", "date"),
        ]
        for missing in total(rows, RateTable()).missing:
            add_rate = "{}?{}".format(
                reverse("admin:aid_exchangerate_add"),
                urlencode({"currency": missing.currency, "valid_from": missing.date.isoformat()}),
            )
            link = format_html('<a href="{}">{}</a>', add_rate, _("Exchange rates"))
            self.message_user(
                request,
                format_html(
                    _("No exchange rate for {currency} on {date}: add it under {link}."),
                    currency=missing.currency,
                    date=_short_date(missing.date),
                    link=link,
                ),
                messages.WARNING,
            )

    @admin.display(description=_("donor or recipient"), ordering="partner__name")
    def partner_with_flag(self, obj):
        name = obj.partner.name if obj.partner else obj.country.name
        return format_html("{} {}", list_flag_icon(obj.country), name)

    @admin.display(description=_("commitment"))
    def commitment(self, obj):
        return format_money(obj.commitment_amount, obj.currency)

    @admin.display(description=_("in VND"))
    def commitment_vnd(self, obj):
        return converted_cell(
            obj.page_rates, obj.commitment_amount, obj.currency, obj.committed_on, VND
        )

    @admin.display(description=_("in USD"))
    def commitment_usd(self, obj):
        return converted_cell(
            obj.page_rates, obj.commitment_amount, obj.currency, obj.committed_on, USD
        )

    @admin.display(description=_("disbursed (VND)"))
    def disbursed_vnd(self, obj):
        # The prefetched disbursements, each converted on its own date.
        rows = [(d.amount, d.currency, d.date) for d in obj.disbursements.all()]
        if not rows:
            return "—"
        disbursed = total(rows, obj.page_rates)
        if disbursed.missing_vnd:
            missing = [
                m for m in disbursed.missing if (m.currency, m.date) in disbursed.missing_vnd
            ]
            return format_html_join("; ", "{}", ((_missing_cell(m),) for m in missing))
        return format_money(disbursed.vnd, VND)

    @admin.display(description=_("in VND / in USD"))
    def commitment_converted(self, obj):
        """The commitment at the rates of its date, or the missing rate named. One query:
        the rates of its currency and of USD."""
        if obj is None or obj.commitment_amount is None or obj.committed_on is None:
            return "—"
        rates = RateTable(
            ExchangeRate.objects.filter(currency__in={obj.currency, USD}).values_list(
                "currency", "valid_from", "rate_to_vnd"
            )
        )
        args = (rates, obj.commitment_amount, obj.currency, obj.committed_on)
        return format_html("{} / {}", converted_cell(*args, VND), converted_cell(*args, USD))
