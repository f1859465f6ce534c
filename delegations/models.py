"""Delegations: foreign delegations received by the city (inbound) and the city's own
delegations abroad (outbound), including foreign press delegations."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.db import trigram_index
from core.history import RecordHistory
from core.models import (
    LocalUnit,
    PublishableModel,
    PublishableQuerySet,
    Sector,
    Visibility,
    choices_constraint,
    localized,
    not_blank_constraint,
)
from partners.models import ForeignPartner


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound (visiting the city)")
    OUTBOUND = "outbound", _("Outbound (the city abroad)")


class DelegationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    DIPLOMATIC = "diplomatic", _("Diplomatic corps")
    BUSINESS = "business", _("Business")
    PRESS = "press", _("Press")
    NGO = "ngo", _("Non-governmental organisation")
    ACADEMIC = "academic", _("Academic")
    CULTURAL = "cultural", _("Cultural")
    OTHER = "other", _("Other")


class HeadRank(models.TextChoices):
    HEAD_OF_STATE = "head_of_state", _("Head of state or government")
    MINISTER = "minister", _("Minister")
    VICE_MINISTER = "vice_minister", _("Vice minister")
    GOVERNOR = "governor", _("Governor or mayor")
    AMBASSADOR = "ambassador", _("Ambassador or consul general")
    DIRECTOR = "director", _("Director")
    OTHER = "other", _("Other")


class DelegationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class DelegationQuerySet(PublishableQuerySet):
    def public(self):
        """What the public pages show: published, and not cancelled."""
        return self.filter(visibility=Visibility.PUBLIC).exclude(status=DelegationStatus.CANCELLED)

    def counted(self, today=None):
        """What the statistics count: delegations that have begun (by today) and were not
        cancelled. A planned visit counts once its first day has come, whether or not
        anyone has marked it completed yet; one still to come is an upcoming visit."""
        today = today or timezone.localdate()
        return self.exclude(status=DelegationStatus.CANCELLED).filter(start_date__lte=today)

    def upcoming(self, today=None):
        """Planned or confirmed delegations that have not begun, soonest first."""
        today = today or timezone.localdate()
        return self.filter(
            status__in=[DelegationStatus.PLANNED, DelegationStatus.CONFIRMED],
            start_date__gt=today,
        ).order_by("start_date", "id")

    # A visit counts once, in the period in which it began, even if it ends in the next.
    period_field = "start_date"

    def for_list(self):
        """What a list of delegations shows, in 2 queries: the host unit, and the partners
        (only public ones, as the public pages show)."""
        public_partners = ForeignPartner.objects.public().order_by("name")
        return self.select_related("host_unit").prefetch_related(
            models.Prefetch("partners", queryset=public_partners, to_attr="public_partners")
        )


class Delegation(PublishableModel):
    """A delegation: a foreign one visiting the city (inbound), or one of the city's own
    abroad (outbound). Press delegations also record their media outlets."""

    Direction = Direction
    Kind = DelegationKind
    Rank = HeadRank
    Status = DelegationStatus

    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.INBOUND
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DelegationKind.choices)
    title = models.CharField(
        _("title (Vietnamese)"),
        max_length=255,
        help_text=_("E.g. 'Tổng Lãnh sự Đức tại TP. Hồ Chí Minh thăm và làm việc'."),
    )
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    purpose = models.TextField(_("purpose (Vietnamese)"), blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    head_name = models.CharField(
        _("head of delegation"),
        max_length=255,
        blank=True,
        help_text=_("The name, where known. Give at least the name or the position."),
    )
    head_title = models.CharField(
        _("title of the head"),
        max_length=255,
        blank=True,
        help_text=_("Position as the delegation gives it, e.g. 'Consul General'."),
    )
    head_rank = models.CharField(
        _("rank of the head"),
        max_length=16,
        choices=HeadRank.choices,
        default=HeadRank.OTHER,
        help_text=_("The protocol level, used to count high-level visits."),
    )
    member_count = models.PositiveSmallIntegerField(
        _("number of members"), default=1, help_text=_("Including the head.")
    )
    countries = CountryField(
        _("countries"),
        multiple=True,
        help_text=_("One or more. A delegation from two countries still counts once."),
    )
    partners = models.ManyToManyField(
        ForeignPartner,
        verbose_name=_("foreign partner organisations"),
        blank=True,
        related_name="delegations",
    )
    media_outlets = models.TextField(
        _("media outlets"),
        blank=True,
        help_text=_("Press delegations only: the newspapers, agencies and channels, one per line."),
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="delegations"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), blank=True, help_text=_("Leave empty for a one-day visit.")
    )
    host_unit = models.ForeignKey(
        LocalUnit,
        verbose_name=_("local host unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        help_text=_("Inbound: the unit that hosted. Outbound: the unit that sent it."),
    )
    city_leader = models.CharField(
        _("city leader"),
        max_length=255,
        blank=True,
        help_text=_(
            "Inbound: who received the delegation. Outbound: who led it. Name and position."
        ),
    )
    outcome = models.TextField(_("outcome (Vietnamese)"), blank=True)
    outcome_en = models.TextField(_("outcome (English)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DelegationStatus.choices,
        default=DelegationStatus.PLANNED,
    )
    notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never public."))

    objects = DelegationQuerySet.as_manager()

    history = RecordHistory(m2m_fields=["partners", "sectors"])

    class Meta(PublishableModel.Meta):
        ordering = ["-start_date", "-id"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        permissions = [("publish_delegation", _("Can publish delegations"))]
        indexes = [
            # The admin's and the public list's order, and every date filter.
            models.Index(fields=["-start_date", "-id"], name="delegations_start_idx"),
            # The statistics: counts by direction and kind over a period.
            models.Index(
                fields=["direction", "kind", "start_date"], name="delegations_dir_kind_idx"
            ),
            models.Index(fields=["status", "start_date"], name="delegations_status_idx"),
            # The dashboard's figures of a period as index-only scans (PostgreSQL): every
            # column the statistics count by, so no row of the table is read.
            models.Index(
                fields=["start_date"],
                include=[
                    "id",
                    "status",
                    "direction",
                    "kind",
                    "visibility",
                    "member_count",
                    "countries",
                ],
                name="delegations_stats_idx",
            ),
            models.Index(fields=["visibility", "start_date"], name="delegations_vis_idx"),
            # The public list in its order, over exactly the public rows (the condition of
            # ``public()``): page 50 reads 1,250 index entries, no sort, no filtered rows.
            models.Index(
                fields=["-start_date", "-id"],
                condition=Q(visibility=Visibility.PUBLIC) & ~Q(status=DelegationStatus.CANCELLED),
                name="delegations_public_list_idx",
            ),
            trigram_index("title", name="delegations_title_trgm"),
            trigram_index("title_en", name="delegations_title_en_trgm"),
            trigram_index("head_name", name="delegations_head_name_trgm"),
            trigram_index("head_title", name="delegations_head_title_trgm"),
            trigram_index("city_leader", name="delegations_leader_trgm"),
        ]
        constraints = [
            *PublishableModel.Meta.constraints,
            choices_constraint("direction", Direction, "delegations_direction_valid"),
            choices_constraint("kind", DelegationKind, "delegations_kind_valid"),
            choices_constraint("head_rank", HeadRank, "delegations_head_rank_valid"),
            choices_constraint("status", DelegationStatus, "delegations_status_valid"),
            not_blank_constraint(
                "title", "delegations_title_not_blank", _("Enter the delegation's title.")
            ),
            models.CheckConstraint(
                condition=~Q(head_name="") | ~Q(head_title=""),
                name="delegations_head_named",
                violation_error_message=_(
                    "Enter the name or the position of the head of delegation."
                ),
            ),
            not_blank_constraint(
                "countries", "delegations_countries_not_blank", _("Choose at least one country.")
            ),
            models.CheckConstraint(
                condition=Q(member_count__gte=1),
                name="delegations_member_count_positive",
                violation_error_message=_("A delegation has at least one member."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="delegations_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(kind=DelegationKind.PRESS) | Q(media_outlets=""),
                name="delegations_media_outlets_only_for_press",
                violation_error_message=_(
                    "Only press delegations have media outlets: choose the kind 'Press' or "
                    "clear the media outlets."
                ),
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def head(self):
        """The head as a list shows it: "name, position", or whichever is known."""
        return ", ".join(part for part in (self.head_name, self.head_title) if part)

    def save(self, *args, **kwargs):
        # A one-day visit: the form may leave the end date empty.
        if self.end_date is None:
            self.end_date = self.start_date
        super().save(*args, **kwargs)

    def clean(self):
        if self.end_date is None:
            self.end_date = self.start_date
        super().clean()

    def get_absolute_url(self):
        return reverse("delegations:delegation_detail", kwargs={"pk": self.pk})

    @property
    def display_title(self):
        return localized(self.title, self.title_en)

    @property
    def display_purpose(self):
        return localized(self.purpose, self.purpose_en)

    @property
    def display_outcome(self):
        return localized(self.outcome, self.outcome_en)

    @property
    def is_press(self):
        return self.kind == DelegationKind.PRESS

    @property
    def duration_days(self):
        """Days of the visit, both ends included."""
        return (self.end_date - self.start_date).days + 1

    @property
    def media_outlet_list(self):
        return [line.strip() for line in self.media_outlets.splitlines() if line.strip()]

    @property
    def is_upcoming(self):
        return self.start_date > timezone.localdate()


class DelegationMember(models.Model):
    """A member of a delegation other than its head. Optional: many records give only the
    number of members. Never shown on the public pages."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=255)
    title = models.CharField(_("position"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)

    history = RecordHistory()

    class Meta:
        ordering = ["delegation", "id"]
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        constraints = [
            not_blank_constraint(
                "name", "delegations_member_name_not_blank", _("Enter the member's name.")
            ),
        ]

    def __str__(self):
        return self.name
