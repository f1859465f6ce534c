from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db import models
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from attachments.admin import AttachmentInline
from core.admin import (
    CachedCountryFilter,
    CachedRelatedOnlyFieldListFilter,
    EstimatedCountPaginator,
    LabelledTabularInline,
    PublishableAdmin,
    list_flag_icon,
)
from core.importing_admin import RecordImportExportMixin

from .models import Delegation, DelegationMember
from .resources import DelegationResource


class DelegationAdminForm(forms.ModelForm):
    """The countries may be left empty when partners are chosen: they are then taken from
    the partners, which is what staff would type anyway."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "countries" in self.fields:
            self.fields["countries"].required = False
            self.fields["countries"].help_text = _(
                "One or more. Left empty, the countries of the partner organisations are used."
            )

    def clean(self):
        cleaned_data = super().clean()
        partners = cleaned_data.get("partners")
        if "countries" in self.fields and not cleaned_data.get("countries"):
            from_partners = sorted({p.country.code for p in partners or [] if p.country})
            if from_partners:
                cleaned_data["countries"] = from_partners
            elif "countries" not in self.errors:
                self.add_error(
                    "countries",
                    _("Choose at least one country, or a partner organisation with a country."),
                )
        return cleaned_data


class DelegationMemberInline(LabelledTabularInline):
    model = DelegationMember
    extra = 0
    fields = ["name", "title", "organisation"]
    verbose_name = _("member")
    verbose_name_plural = _("members (optional; the head is entered above)")


@admin.register(Delegation)
class DelegationAdmin(RecordImportExportMixin, PublishableAdmin):
    resource_classes = [DelegationResource]
    import_type = "delegations"
    offer_create_missing_partners = True
    form = DelegationAdminForm
    list_display = [
        "title",
        "direction_short",
        "kind",
        "head_of_delegation",
        "country_flags",
        "start_date",
        "end_date",
        "status",
        "visibility",
    ]
    list_display_links = ["title"]
    list_filter = [
        "direction",
        "kind",
        "status",
        ("countries", CachedCountryFilter),
        ("host_unit", CachedRelatedOnlyFieldListFilter),
        "head_rank",
        "visibility",
    ]
    list_select_related = ["host_unit"]
    search_fields = [
        "title__unaccent",
        "title_en__unaccent",
        "head_name__unaccent",
        "head_title__unaccent",
        "city_leader__unaccent",
        "partners__name__unaccent",
        "partners__name_vi__unaccent",
        "partners__abbreviation",
    ]
    search_help_text = _("Title, head of delegation, city leader or partner; accents optional.")
    autocomplete_fields = ["partners", "host_unit", "sectors"]
    date_hierarchy = "start_date"
    ordering = ["-start_date", "-id"]
    inlines = [DelegationMemberInline, AttachmentInline]
    actions = ["mark_completed", "make_public", "make_internal"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    formfield_overrides = {
        **PublishableAdmin.formfield_overrides,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})},
    }
    fieldsets = [
        (None, {"fields": ["direction", "kind", "status", "title", "title_en"]}),
        (
            _("Head of delegation"),
            {"fields": ["head_name", "head_title", "head_rank", "member_count"]},
        ),
        (_("From"), {"fields": ["countries", "partners", "media_outlets"]}),
        (
            _("Dates and hosts"),
            {"fields": [("start_date", "end_date"), "host_unit", "city_leader"]},
        ),
        (
            _("Content"),
            {"fields": ["purpose", "purpose_en", "outcome", "outcome_en", "sectors"]},
        ),
        (_("Publication"), {"fields": ["visibility", "notes"]}),
    ]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # A field with choices never reaches formfield_overrides: set the widget here. The
        # two-list filter finds a country by typing, among some 250.
        if db_field.name == "countries":
            kwargs["widget"] = FilteredSelectMultiple(_("countries"), is_stacked=False)
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def view_on_site(self, obj):
        # Only a record the public can see has a page to view; others would be a 404.
        if Delegation.objects.public().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None

    @admin.display(description=_("direction"), ordering="direction")
    def direction_short(self, obj):
        return _("Inbound") if obj.direction == Delegation.Direction.INBOUND else _("Outbound")

    @admin.display(description=_("head of delegation"), ordering="head_name")
    def head_of_delegation(self, obj):
        return obj.head

    @admin.display(description=_("countries"))
    def country_flags(self, obj):
        return format_html_join(
            " ", "{}", ((list_flag_icon(country),) for country in obj.countries)
        )

    @admin.action(
        description=_("Mark the selected delegations as completed"), permissions=["change"]
    )
    def mark_completed(self, request, queryset):
        today = timezone.localdate()
        open_ = queryset.filter(status__in=[Delegation.Status.PLANNED, Delegation.Status.CONFIRMED])
        changed = self.set_field(
            request, open_.filter(end_date__lte=today), "status", Delegation.Status.COMPLETED
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d delegation is now completed.",
                "%(count)d delegations are now completed.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )
        not_over = open_.filter(end_date__gt=today).count()
        if not_over:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delegation has not ended yet and was left as it was.",
                    "%(count)d delegations have not ended yet and were left as they were.",
                    not_over,
                )
                % {"count": not_over},
                messages.WARNING,
            )
