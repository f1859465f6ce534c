"""The agreements admin: entering an agreement with its parties, sectors and implementation
log, and the change list that answers a leader's question in two clicks ("Needs attention":
expiring within 90 days, or no activity for a year).

The list reads the status as it is today (``effective_status``), not as it was typed: an
agreement past its expiry lists as expired without anyone editing it.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries as all_countries

from attachments.admin import AttachmentInline
from core.admin import (
    CachedChoicesInlineMixin,
    DayFilter,
    EstimatedCountPaginator,
    PublishableAdmin,
    PublishableInlineMixin,
    list_flag_icon,
)
from core.importing_admin import RecordImportExportMixin
from core.listcache import cached_for
from partners.models import ForeignPartner

from .models import (
    DORMANT_AFTER_DAYS,
    EXPIRING_SOON_DAYS,
    Agreement,
    AgreementActivity,
    AgreementStatus,
)
from .resources import AgreementResource


class _ProtectedDocument:
    """A stored document as the file widget shows it: its name, linked to the protected
    download view (MEDIA_URL is not served)."""

    def __init__(self, file, url):
        self.file = file
        self.url = url

    def __str__(self):
        return str(self.file)


class ProtectedDocumentWidget(AdminFileWidget):
    """The admin file input, linking the current document to ``document_url`` (set by the
    form for a saved agreement) instead of the file's raw storage URL."""

    document_url = None

    def format_value(self, value):
        value = super().format_value(value)
        if value and self.document_url:
            return _ProtectedDocument(value, self.document_url)
        return value


def agreement_document_url(agreement):
    return reverse("agreements:agreement_document", kwargs={"pk": agreement.pk})


class AgreementAdminForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        document = self.fields.get("document")
        if document is not None and self.instance.pk and self.instance.document:
            document.widget.document_url = agreement_document_url(self.instance)

    def _get_validation_exclusions(self):
        # A document already stored was checked when uploaded; validating it again would
        # open (and read) the stored file on every save.
        exclusions = super()._get_validation_exclusions()
        if "document" not in self.changed_data:
            exclusions.add("document")
        return exclusions


class EffectiveStatusFilter(admin.SimpleListFilter):
    """The status as it reads today: the ``effective_status`` annotation of the admin's
    queryset."""

    title = _("status")
    parameter_name = "effective_status"

    def lookups(self, request, model_admin):
        return AgreementStatus.choices

    def queryset(self, request, queryset):
        if self.value() in AgreementStatus.values:
            return queryset.filter(effective_status=self.value())
        return queryset


class NeedsAttentionFilter(admin.SimpleListFilter):
    """The leader's questions: what expires soon, what has gone quiet, what has expired."""

    title = _("needs attention")
    parameter_name = "attention"

    EXPIRING = "expiring"
    DORMANT = "dormant"
    EXPIRED = "expired"

    def lookups(self, request, model_admin):
        return [
            (
                self.EXPIRING,
                _("Expiring within {days} days").format(days=EXPIRING_SOON_DAYS),
            ),
            (
                self.DORMANT,
                _("No implementation activity for {months} months").format(
                    months=round(DORMANT_AFTER_DAYS / 30.4)
                ),
            ),
            (self.EXPIRED, _("Expired")),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.EXPIRING:
            return queryset.expiring_within()
        if self.value() == self.DORMANT:
            return queryset.dormant()
        if self.value() == self.EXPIRED:
            return queryset.filter(effective_status=AgreementStatus.EXPIRED)
        return queryset


class InForceOnFilter(DayFilter):
    """``?in_force_on=2025-12-31``: the agreements in force on that day
    (``AgreementQuerySet.in_force_on``), where the dashboard's "in force at the end of the
    period" leads."""

    title = _("in force on")
    parameter_name = "in_force_on"

    def apply(self, request, queryset, day):
        return queryset.in_force_on(day)


class PartyCountryFilter(admin.SimpleListFilter):
    """The countries of the foreign parties, only those some agreement has. Filters with
    ``Exists``, so an agreement with two parties from the country is listed once."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            ForeignPartner.objects.filter(agreements__isnull=False)
            .exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        # A scan of every party of every agreement: kept in the cache until a record
        # changes (core.listcache); the names are looked up per language, here.
        used = cached_for("admin-party-countries", codes, lambda: list(codes))
        return sorted(
            ((code, all_countries.name(code)) for code in used), key=lambda item: str(item[1])
        )

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        parties = ForeignPartner.objects.filter(agreements=OuterRef("pk"), country=self.value())
        return queryset.filter(Exists(parties))


class AgreementActivityInline(
    CachedChoicesInlineMixin, PublishableInlineMixin, admin.StackedInline
):
    model = AgreementActivity
    extra = 0
    cached_choice_fields = ["unit"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}
    fields = [
        ("date", "unit", "visibility"),
        ("description", "description_en"),
        "progress",
    ]
    ordering = ["-date", "-id"]


@admin.register(Agreement)
class AgreementAdmin(RecordImportExportMixin, PublishableAdmin):
    resource_classes = [AgreementResource]
    import_type = "agreements"
    form = AgreementAdminForm
    list_display = [
        "title_with_reference",
        "kind",
        "signing_level",
        "party_flags",
        "signed_on",
        "effective_status_label",
        "expiry_column",
        "last_activity",
        "visibility",
    ]
    list_display_links = ["title_with_reference"]
    list_filter = [
        InForceOnFilter,
        NeedsAttentionFilter,
        "kind",
        "signing_level",
        EffectiveStatusFilter,
        "sectors",
        PartyCountryFilter,
        "visibility",
    ]
    list_select_related = ["signatory_unit"]
    search_fields = [
        "title__unaccent",
        "title_en__unaccent",
        "reference_number",
        "signatory__unaccent",
        "parties__name__unaccent",
        "parties__name_vi__unaccent",
    ]
    search_help_text = _("Title, reference number, signatory or foreign party; accents optional.")
    autocomplete_fields = [
        "parties",
        "sectors",
        "signatory_unit",
        "delegation",
        "conference",
        "parent",
    ]
    date_hierarchy = "signed_on"
    inlines = [AgreementActivityInline, AttachmentInline]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    formfield_overrides = {
        **PublishableAdmin.formfield_overrides,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})},
        models.FileField: {"widget": ProtectedDocumentWidget},
    }
    fieldsets = [
        (None, {"fields": ["kind", "reference_number", "title", "title_en", "status"]}),
        (
            _("Signing"),
            {
                "fields": [
                    "signing_level",
                    "signatory_unit",
                    "signatory",
                    ("signed_on", "signed_at"),
                    "delegation",
                    "conference",
                ]
            },
        ),
        (_("Parties and sectors"), {"fields": ["parties", "sectors"]}),
        (
            _("Validity"),
            {
                "fields": [
                    "entry_into_force",
                    "expires_on",
                    ("auto_renew", "renewal_term_months"),
                    "terminated_on",
                    "parent",
                ]
            },
        ),
        (_("Document and content"), {"fields": ["document", "summary", "summary_en"]}),
        (_("Publication"), {"fields": ["visibility", "notes"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_effective_status()
            .with_last_activity()
            .prefetch_related("parties")
            # The aggregate annotation drops Meta.ordering (a GROUP BY query): restore it
            # for the autocomplete lists, which do not order by themselves.
            .order_by(*Agreement._meta.ordering)
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # Read-only, the admin would link the file's raw storage URL, which is not served.
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        "document_link" if field == "document" else field
                        for field in options["fields"]
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def view_on_site(self, obj):
        # Only a record the public can see has a page to view; others would be a 404.
        if Agreement.objects.public().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None

    @admin.display(description=_("signed document (PDF)"))
    def document_link(self, obj):
        if not obj.document:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', agreement_document_url(obj), _("Open the signed document")
        )

    @admin.display(description=_("title"), ordering="title")
    def title_with_reference(self, obj):
        if not obj.reference_number:
            return obj.display_title
        return format_html(
            '{}<br><span class="quiet">{}</span>', obj.display_title, obj.reference_number
        )

    @admin.display(description=_("countries"))
    def party_flags(self, obj):
        # obj.countries reads the prefetched parties: no query per row.
        return format_html_join(
            " ", "{}", ((list_flag_icon(country),) for country in obj.countries)
        )

    @admin.display(description=_("status"), ordering="effective_status")
    def effective_status_label(self, obj):
        return AgreementStatus(obj.effective_status).label

    @admin.display(description=_("expiry"), ordering=F("expires_on").asc(nulls_last=True))
    def expiry_column(self, obj):
        if obj.effective_status in (AgreementStatus.TERMINATED, AgreementStatus.NEGOTIATING):
            return "—"
        today = timezone.localdate()
        expiry = obj.current_expiry(today)
        if expiry is None:
            return "—"
        if obj.auto_renew:
            return _("renews {date}").format(date=expiry.isoformat())
        days = (expiry - today).days
        if days < 0:
            text = ngettext("expired %(count)d day ago", "expired %(count)d days ago", -days)
            return format_html(
                '<span class="expiry-past" style="color: var(--error-fg)">{}</span>',
                text % {"count": -days},
            )
        if days == 0:
            text = _("expires today")
        else:
            text = ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}
        if days <= EXPIRING_SOON_DAYS:
            return format_html('<strong class="expiry-soon">{}</strong>', text)
        return text

    # Never active sorts as the oldest, on both databases (their NULL orders differ).
    @admin.display(
        description=_("last activity"), ordering=F("last_activity_on").asc(nulls_first=True)
    )
    def last_activity(self, obj):
        return obj.last_activity_on


@admin.register(AgreementActivity)
class AgreementActivityAdmin(PublishableAdmin):
    list_display = ["date", "agreement", "unit", "progress", "visibility"]
    list_filter = ["visibility", "agreement__kind", "agreement__signing_level"]
    list_select_related = ["agreement", "unit"]
    search_fields = [
        "description__unaccent",
        "description_en__unaccent",
        "progress__unaccent",
        "agreement__title__unaccent",
        "agreement__title_en__unaccent",
        "agreement__reference_number",
    ]
    search_help_text = _("What was done, progress note, or the agreement; accents optional.")
    autocomplete_fields = ["agreement", "unit"]
    date_hierarchy = "date"
    ordering = ["-date", "-id"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    formfield_overrides = {
        **PublishableAdmin.formfield_overrides,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})},
    }
    fieldsets = [
        (None, {"fields": ["agreement", "date", "unit", "progress"]}),
        (
            _("Content"),
            {"fields": ["description", "description_en", "visibility"]},
        ),
    ]
