from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from attachments.admin import AttachmentInline
from core.admin import (
    CachedChoicesInlineMixin,
    CachedCountryFilter,
    DayFilter,
    ParameterFilter,
    PublishableAdmin,
    PublishableInlineMixin,
    list_flag_icon,
)
from core.formatting import flag_with_name
from core.importing_admin import RecordImportExportMixin

from .models import ForeignPartner, Relationship, RelationshipActivity
from .resources import ForeignPartnerResource, RelationshipResource


@admin.register(ForeignPartner)
class ForeignPartnerAdmin(RecordImportExportMixin, PublishableAdmin):
    resource_classes = [ForeignPartnerResource]
    import_type = "partners"
    list_display = [
        "name",
        "name_vi",
        "kind",
        "country_with_flag",
        "parent",
        "visibility",
        "updated_at",
    ]
    list_filter = ["kind", ("country", CachedCountryFilter), "visibility"]
    list_select_related = ["parent"]
    search_fields = [
        "name__unaccent",
        "name_vi__unaccent",
        "name_original",
        "abbreviation",
    ]
    autocomplete_fields = ["parent"]
    ordering = ["name"]
    inlines = [AttachmentInline]
    fieldsets = [
        (None, {"fields": ["name", "name_vi", "name_original", "abbreviation", "kind", "country"]}),
        (_("Details"), {"fields": ["parent", "website", "notes", "visibility"]}),
    ]

    @admin.display(description=_("country"), ordering="country")
    def country_with_flag(self, obj):
        return flag_with_name(obj.country) or "—"


class RelationshipActivityInline(
    CachedChoicesInlineMixin, PublishableInlineMixin, admin.StackedInline
):
    model = RelationshipActivity
    extra = 0
    cached_choice_fields = ["local_unit"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}
    fields = [
        ("date", "kind", "visibility"),
        ("title", "title_en"),
        ("description", "description_en"),
        "local_unit",
    ]
    ordering = ["-date", "-id"]


class CurrentOnFilter(DayFilter):
    """``?current_on=2025-12-31``: the relationships current on that day
    (``RelationshipQuerySet.current_on``), where the dashboard's "current at the end of
    the period" leads."""

    title = _("current on")
    parameter_name = "current_on"

    def apply(self, request, queryset, day):
        return queryset.current_on(day)


class DormantFilter(ParameterFilter):
    """``?dormant=365``: current relationships without activity for that many days, as
    of today (``RelationshipQuerySet.dormant``), where the dashboard's "dormant" leads."""

    title = _("dormant")
    parameter_name = "dormant"

    def parse(self, value):
        days = int(value)
        if not 0 < days <= 36600:
            raise ValueError("A number of days, from 1.")
        return days

    def describe(self, days):
        return ngettext("No activity for {days} day", "No activity for {days} days", days).format(
            days=days
        )

    def apply(self, request, queryset, days):
        return queryset.dormant(days)


@admin.register(Relationship)
class RelationshipAdmin(RecordImportExportMixin, PublishableAdmin):
    resource_classes = [RelationshipResource]
    import_type = "relationships"
    offer_create_missing_partners = True
    list_display = [
        "partner_with_flag",
        "level",
        "established_on",
        "status",
        "activity_count",
        "visibility",
    ]
    list_filter = [
        CurrentOnFilter,
        DormantFilter,
        "level",
        "status",
        ("partner__country", CachedCountryFilter),
        "visibility",
        "sectors",
    ]
    list_select_related = ["partner"]
    search_fields = [
        "partner__name__unaccent",
        "partner__name_vi__unaccent",
        "partner__name_original",
        "founding_document__unaccent",
    ]
    autocomplete_fields = ["partner", "local_unit", "sectors", "founding_agreement"]
    date_hierarchy = "established_on"
    inlines = [RelationshipActivityInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["partner", "level", "status", "local_unit"]}),
        (
            _("Dates"),
            {"fields": ["established_on", "ended_on", "founding_agreement", "founding_document"]},
        ),
        (_("Content"), {"fields": ["sectors", "summary", "summary_en", "visibility"]}),
    ]

    def view_on_site(self, obj):
        # Only a record the public can see has a page to view; others would be a 404.
        if Relationship.objects.public().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("partner")
            .annotate(activity_total=Count("activities", distinct=True))
        )

    @admin.display(description=_("partner"), ordering="partner__name")
    def partner_with_flag(self, obj):
        # The flag's title names the country; the country filter is in the sidebar.
        if not obj.partner.country:
            return str(obj.partner)
        return format_html("{} {}", list_flag_icon(obj.partner.country), obj.partner)

    @admin.display(description=_("number of activities"), ordering="activity_total")
    def activity_count(self, obj):
        return obj.activity_total


@admin.register(RelationshipActivity)
class RelationshipActivityAdmin(PublishableAdmin):
    list_display = ["date", "title", "relationship", "kind", "local_unit", "visibility"]
    list_filter = ["kind", "visibility", "relationship__level"]
    list_select_related = ["relationship__partner", "local_unit"]
    search_fields = [
        "title__unaccent",
        "title_en",
        "description__unaccent",
        "relationship__partner__name__unaccent",
        "relationship__partner__name_vi__unaccent",
    ]
    autocomplete_fields = ["relationship", "local_unit"]
    date_hierarchy = "date"
    ordering = ["-date", "-id"]
    fieldsets = [
        (None, {"fields": ["relationship", "date", "kind", "local_unit"]}),
        (
            _("Content"),
            {"fields": ["title", "title_en", "description", "description_en", "visibility"]},
        ),
    ]
