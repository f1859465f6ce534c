"""The conferences admin: entering a conference with its sessions and recommendations; each
rule refused with a message on the form; the filters and the totals line that answer "how
many international conferences did we permit in 2024, how many were held, and with how many
foreign participants?" (Permit: permitted, year 2024); the "mark as held" action.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from attachments.admin import AttachmentInline
from core.admin import (
    CachedRelatedOnlyFieldListFilter,
    EstimatedCountPaginator,
    LabelledTabularInline,
    PublishableAdmin,
)
from core.importing_admin import RecordImportExportMixin

from .models import (
    PERMITTED,
    Conference,
    ConferenceRole,
    ConferenceSession,
    PermitStatus,
    Recommendation,
)
from .resources import ConferenceResource


def changelist_totals(queryset):
    """The figures of the totals line above the change list, for the rows of ``queryset``
    (the filtered list, not the page): how many conferences, how many of them were held,
    the participants and foreign participants summed, over all the rows and over the held
    ones (what the dashboard's statistics count). One query.

    A conference whose participant figures are not recorded adds nothing to the sums;
    ``unrecorded`` counts them, so the line can say the sums leave them out.
    """
    held = Q(permit_status=PermitStatus.HELD)
    return queryset.aggregate(
        count=Count("pk"),
        held=Count("pk", filter=held),
        participants=Sum("participants_total"),
        foreign=Sum("participants_foreign"),
        held_participants=Sum("participants_total", filter=held),
        held_foreign=Sum("participants_foreign", filter=held),
        unrecorded=Count(
            "pk",
            filter=Q(participants_total__isnull=True) | Q(participants_foreign__isnull=True),
        ),
    )


class PermittedFilter(admin.SimpleListFilter):
    """The leader's "how many did we permit": hosted conferences whose permit was approved,
    whatever followed (held, or cancelled after approval)."""

    title = _("permit")
    parameter_name = "permit"

    PERMITTED = "permitted"

    def lookups(self, request, model_admin):
        return [(self.PERMITTED, _("Permitted (approved, held or cancelled after approval)"))]

    def queryset(self, request, queryset):
        if self.value() == self.PERMITTED:
            return queryset.filter(PERMITTED)
        return queryset


class ConferenceSessionInline(LabelledTabularInline):
    model = ConferenceSession
    extra = 0
    fields = ["title", "title_en", "kind", "date"]


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = [("text", "text_en"), "addressed_to"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}
    verbose_name_plural = _("recommendations made by the city")


@admin.register(Conference)
class ConferenceAdmin(RecordImportExportMixin, PublishableAdmin):
    resource_classes = [ConferenceResource]
    import_type = "conferences"
    list_display = [
        "name_with_edition",
        "kind",
        "role_short",
        "format",
        "start_date",
        "end_date",
        "city",
        "participants_column",
        "permit_column",
        "visibility",
    ]
    list_display_links = ["name_with_edition"]
    list_filter = [
        "role",
        PermittedFilter,
        "permit_status",
        "kind",
        "format",
        "sectors",
        ("organiser_unit", CachedRelatedOnlyFieldListFilter),
        "visibility",
    ]
    list_select_related = ["organiser_unit", "organiser_partner"]
    search_fields = [
        "name__unaccent",
        "name_en__unaccent",
        "venue__unaccent",
        "city__unaccent",
        "permit_number",
        "organiser_name__unaccent",
        "organiser_unit__name__unaccent",
        "organiser_partner__name__unaccent",
    ]
    search_help_text = _(
        "Name, venue, city, permit decision number or organiser; accents optional."
    )
    autocomplete_fields = [
        "organiser_unit",
        "organiser_partner",
        "co_organiser_units",
        "co_organiser_partners",
        "permit_requested_by",
        "sectors",
    ]
    readonly_fields = ["agreements_signed"]
    date_hierarchy = "start_date"
    ordering = ["-start_date", "-id"]
    inlines = [ConferenceSessionInline, RecommendationInline, AttachmentInline]
    actions = ["mark_held", "make_public", "make_internal"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    formfield_overrides = {
        **PublishableAdmin.formfield_overrides,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})},
    }
    fieldsets = [
        (None, {"fields": ["name", "name_en", "edition", "kind", "role", "format"]}),
        (
            _("Organisers"),
            {
                "fields": [
                    "organiser_unit",
                    "organiser_partner",
                    "organiser_name",
                    "co_organiser_units",
                    "co_organiser_partners",
                ]
            },
        ),
        (
            _("Dates and place"),
            {"fields": [("start_date", "end_date"), "venue", "city", "country"]},
        ),
        (
            _("Participants"),
            {
                "fields": [
                    ("participants_total", "participants_foreign"),
                    ("countries_count", "localities_count"),
                ]
            },
        ),
        (
            _("Permit (hosted in the city)"),
            {
                "fields": [
                    "permit_status",
                    ("permit_number", "permit_date"),
                    "permit_authority",
                    "permit_requested_by",
                ]
            },
        ),
        (
            _("Outcomes"),
            {
                "fields": [
                    "agreements_signed",
                    ("awards_organisations", "awards_individuals"),
                    "sectors",
                    "summary",
                    "summary_en",
                ]
            },
        ),
        (_("Publication"), {"fields": ["visibility", "notes"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        # The totals of the filtered rows, from the change list the page already built
        # (a second one would count and filter again). A redirect (after an action, or
        # for a wrong filter parameter) has no context and needs none.
        context = getattr(response, "context_data", None)
        if context is not None and "cl" in context:
            context["totals"] = changelist_totals(context["cl"].queryset)
        return response

    def view_on_site(self, obj):
        # Only a record the public can see has a page to view; others would be a 404.
        if Conference.objects.public().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None

    @admin.display(description=_("name"), ordering="name")
    def name_with_edition(self, obj):
        name = obj.display_name
        if obj.edition:
            name = _("{name} · no. {edition}").format(name=name, edition=obj.edition)
        # The organiser is the unit or partner of list_select_related: no query per row.
        return format_html('{}<br><span class="quiet">{}</span>', name, obj.organiser)

    @admin.display(description=_("role"), ordering="role")
    def role_short(self, obj):
        return _("Hosted") if obj.role == ConferenceRole.HOSTED else _("Attended")

    # Unknown figures sort as the smallest, on both databases (their NULL orders differ).
    @admin.display(
        description=_("participants (foreign)"),
        ordering=F("participants_total").asc(nulls_first=True),
    )
    def participants_column(self, obj):
        def figure(value):
            return "—" if value is None else intcomma(value)

        if obj.participants_total is None and obj.participants_foreign is None:
            return "—"
        return f"{figure(obj.participants_total)} ({figure(obj.participants_foreign)})"

    @admin.display(description=_("permit"), ordering="permit_status")
    def permit_column(self, obj):
        if not obj.permit_status:
            return "—"
        if not obj.permit_number:
            return obj.get_permit_status_display()
        return format_html(
            '{}<br><span class="quiet">{}</span>',
            obj.get_permit_status_display(),
            _("Decision {number}").format(number=obj.permit_number),
        )

    @admin.display(description=_("agreements signed at the conference"))
    def agreements_signed(self, obj):
        """The agreements that name this conference, linked to their change pages, and a
        link to record another. One query."""
        if obj is None or obj.pk is None:
            return _("Save the conference first, then record the agreements signed at it.")
        signed = list(obj.agreements.order_by("signed_on", "id"))
        add = format_html(
            '<a href="{}?conference={}">{}</a>',
            reverse("admin:agreements_agreement_add"),
            obj.pk,
            _("Record an agreement signed at this conference"),
        )
        if not signed:
            return add
        links = format_html_join(
            "<br>",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:agreements_agreement_change", args=[a.pk]), a.display_title)
                for a in signed
            ),
        )
        return format_html("{}<br>{}", links, add)

    @admin.action(description=_("Mark the selected conferences as held"), permissions=["change"])
    def mark_held(self, request, queryset):
        """Hosted conferences whose permit is approved and which have ended become held;
        the others are left as they were, with a message saying why."""
        today = timezone.localdate()
        approved = queryset.filter(role=ConferenceRole.HOSTED, permit_status=PermitStatus.APPROVED)
        changed = self.set_field(
            request, approved.filter(end_date__lte=today), "permit_status", PermitStatus.HELD
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d conference is now marked as held.",
                "%(count)d conferences are now marked as held.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )
        not_over = approved.filter(end_date__gt=today).count()
        if not_over:
            self.message_user(
                request,
                ngettext(
                    "%(count)d conference has not ended yet and was left as it was.",
                    "%(count)d conferences have not ended yet and were left as they were.",
                    not_over,
                )
                % {"count": not_over},
                messages.WARNING,
            )
        # Already held ones need no message; the rest have no approved permit to hold.
        not_approved = queryset.exclude(
            role=ConferenceRole.HOSTED,
            permit_status__in=[PermitStatus.APPROVED, PermitStatus.HELD],
        ).count()
        if not_approved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d conference was left as it was: only a conference hosted in "
                    "the city with an approved permit can be marked as held.",
                    "%(count)d conferences were left as they were: only a conference hosted "
                    "in the city with an approved permit can be marked as held.",
                    not_approved,
                )
                % {"count": not_approved},
                messages.WARNING,
            )
