"""International conferences, seminars, workshops, forums and exhibitions: hosted in the
city (with the permit the department handles) or attended by the city elsewhere; their
sessions, participants and outcomes (agreements signed, the city's recommendations, awards).
"""

import datetime

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


class ConferenceKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    FORUM = "forum", _("Forum")
    EXHIBITION = "exhibition", _("Exhibition or festival")
    OTHER = "other", _("Other")


class ConferenceRole(models.TextChoices):
    HOSTED = "hosted", _("Hosted in the city")
    ATTENDED = "attended", _("Attended by the city elsewhere")


class ConferenceFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class PermitStatus(models.TextChoices):
    REQUESTED = "requested", _("Permit requested")
    APPROVED = "approved", _("Permit approved")
    REJECTED = "rejected", _("Permit rejected")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


# A hosted conference was permitted once its permit was approved, whatever followed: approved,
# held, or cancelled after the decision (a cancelled one with a decision number).
PERMITTED_STATUSES = (PermitStatus.APPROVED, PermitStatus.HELD, PermitStatus.CANCELLED)
# How far ahead a requested permit is watched by default (``permit_pending``): the
# dashboard's list, and each user's reminders until they choose.
PERMIT_PENDING_DAYS = 30
PERMITTED = Q(permit_status__in=PERMITTED_STATUSES) & ~Q(permit_number="")
# The public pages never show a conference that did not or will not take place.
UNHELD_STATUSES = (PermitStatus.REJECTED, PermitStatus.CANCELLED)


class ConferenceQuerySet(PublishableQuerySet):
    def public(self):
        """Published, and neither rejected nor cancelled."""
        return self.filter(visibility=Visibility.PUBLIC).exclude(permit_status__in=UNHELD_STATUSES)

    def hosted(self):
        return self.filter(role=ConferenceRole.HOSTED)

    def permitted(self):
        """Hosted conferences whose permit was granted (see ``PERMITTED``)."""
        return self.filter(PERMITTED)

    def attended(self):
        return self.filter(role=ConferenceRole.ATTENDED)

    def permit_pending(self, days=PERMIT_PENDING_DAYS, today=None):
        """Hosted conferences starting within the next ``days`` days (today included)
        whose permit is still only requested: not yet approved, nor rejected or
        cancelled. Soonest first."""
        today = today or timezone.localdate()
        return self.filter(
            role=ConferenceRole.HOSTED,
            permit_status=PermitStatus.REQUESTED,
            start_date__gte=today,
            start_date__lte=today + datetime.timedelta(days=days),
        ).order_by("start_date", "id")

    # A conference counts in the period in which it began.
    period_field = "start_date"

    def for_list(self):
        """What a list shows, in 2 queries: the organising unit and partner, and the
        sectors."""
        return self.select_related("organiser_unit", "organiser_partner").prefetch_related(
            "sectors"
        )


class Conference(PublishableModel):
    """An international conference, seminar, workshop, forum or exhibition, hosted in the
    city or attended by the city elsewhere."""

    Kind = ConferenceKind
    Role = ConferenceRole
    Format = ConferenceFormat
    PermitStatus = PermitStatus

    name = models.CharField(_("name (Vietnamese)"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    edition = models.PositiveSmallIntegerField(
        _("edition"), null=True, blank=True, help_text=_("E.g. 31 for the 31st.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ConferenceKind.choices)
    role = models.CharField(
        _("role"), max_length=8, choices=ConferenceRole.choices, default=ConferenceRole.HOSTED
    )
    organiser_unit = models.ForeignKey(
        LocalUnit,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_conferences",
    )
    organiser_partner = models.ForeignKey(
        ForeignPartner,
        verbose_name=_("organising foreign partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_conferences",
    )
    organiser_name = models.CharField(
        _("other organiser"),
        max_length=255,
        blank=True,
        help_text=_(
            "An organiser that is neither a local unit nor a foreign partner, e.g. "
            "the Ministry of Foreign Affairs."
        ),
    )
    co_organiser_units = models.ManyToManyField(
        LocalUnit,
        verbose_name=_("co-organising units"),
        blank=True,
        related_name="co_organised_conferences",
    )
    co_organiser_partners = models.ManyToManyField(
        ForeignPartner,
        verbose_name=_("co-organising foreign partners"),
        blank=True,
        related_name="co_organised_conferences",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), blank=True, help_text=_("Leave empty for a one-day event.")
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), default="VN")
    format = models.CharField(
        _("format"),
        max_length=10,
        choices=ConferenceFormat.choices,
        default=ConferenceFormat.IN_PERSON,
    )
    participants_total = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("Empty when not known.")
    )
    participants_foreign = models.PositiveIntegerField(
        _("foreign participants"), null=True, blank=True
    )
    countries_count = models.PositiveSmallIntegerField(
        _("number of countries"), null=True, blank=True
    )
    localities_count = models.PositiveSmallIntegerField(
        _("number of localities"), null=True, blank=True
    )
    permit_status = models.CharField(
        _("permit status"),
        max_length=10,
        choices=PermitStatus.choices,
        blank=True,
        help_text=_("Hosted conferences only: where the permit stands, then whether it was held."),
    )
    permit_number = models.CharField(_("permit decision number"), max_length=64, blank=True)
    permit_date = models.DateField(_("permit decision date"), null=True, blank=True)
    permit_authority = models.CharField(
        _("approving authority"),
        max_length=255,
        blank=True,
        help_text=_("E.g. the City People's Committee."),
    )
    permit_requested_by = models.ForeignKey(
        LocalUnit,
        verbose_name=_("permit requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conference_permit_requests",
    )
    awards_organisations = models.PositiveSmallIntegerField(_("organisations awarded"), default=0)
    awards_individuals = models.PositiveSmallIntegerField(_("individuals awarded"), default=0)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="conferences"
    )
    summary = models.TextField(_("summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never public."))

    objects = ConferenceQuerySet.as_manager()

    history = RecordHistory(m2m_fields=["co_organiser_units", "co_organiser_partners", "sectors"])

    class Meta(PublishableModel.Meta):
        ordering = ["-start_date", "-id"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        permissions = [("publish_conference", _("Can publish conferences"))]
        indexes = [
            models.Index(fields=["-start_date", "-id"], name="conferences_start_idx"),
            models.Index(
                fields=["role", "permit_status", "start_date"], name="conferences_role_idx"
            ),
            models.Index(fields=["kind", "start_date"], name="conferences_kind_idx"),
            models.Index(fields=["visibility", "start_date"], name="conferences_vis_idx"),
            # The public list in its order over exactly the public rows (``public()``).
            models.Index(
                fields=["-start_date", "-id"],
                condition=Q(visibility=Visibility.PUBLIC) & ~Q(permit_status__in=UNHELD_STATUSES),
                name="conferences_public_list_idx",
            ),
            # The dashboard's figures as index-only scans (PostgreSQL; migration 0005).
            models.Index(
                fields=["start_date"],
                include=[
                    "id",
                    "role",
                    "permit_status",
                    "format",
                    "permit_number",
                    "participants_total",
                    "participants_foreign",
                    "visibility",
                ],
                name="conferences_stats_idx",
            ),
            trigram_index("name", name="conferences_name_trgm"),
            trigram_index("name_en", name="conferences_name_en_trgm"),
            trigram_index("venue", name="conferences_venue_trgm"),
            trigram_index("city", name="conferences_city_trgm"),
            trigram_index("organiser_name", name="conferences_organiser_trgm"),
        ]
        constraints = [
            *PublishableModel.Meta.constraints,
            choices_constraint("kind", ConferenceKind, "conferences_kind_valid"),
            choices_constraint("role", ConferenceRole, "conferences_role_valid"),
            choices_constraint("format", ConferenceFormat, "conferences_format_valid"),
            not_blank_constraint(
                "name", "conferences_name_not_blank", _("Enter the conference's name.")
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="conferences_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(organiser_unit__isnull=False)
                | Q(organiser_partner__isnull=False)
                | ~Q(organiser_name=""),
                name="conferences_organiser_given",
                violation_error_message=_(
                    "Enter the organiser: a local unit, a foreign partner or another organiser."
                ),
            ),
            models.CheckConstraint(
                condition=Q(participants_foreign__isnull=True)
                | Q(participants_total__isnull=True)
                | Q(participants_foreign__lte=F("participants_total")),
                name="conferences_foreign_within_total",
                violation_error_message=_(
                    "There cannot be more foreign participants than participants."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role=ConferenceRole.HOSTED, permit_status__in=PermitStatus.values)
                | Q(
                    role=ConferenceRole.ATTENDED,
                    permit_status="",
                    permit_number="",
                    permit_date__isnull=True,
                    permit_authority="",
                    permit_requested_by__isnull=True,
                ),
                name="conferences_permit_only_when_hosted",
                violation_error_message=_(
                    "A conference hosted in the city needs a permit status; one attended "
                    "elsewhere has no permit."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(permit_status__in=[PermitStatus.APPROVED, PermitStatus.HELD])
                | (~Q(permit_number="") & Q(permit_date__isnull=False)),
                name="conferences_permit_decision_recorded",
                violation_error_message=_("An approved permit needs its decision number and date."),
            ),
            models.CheckConstraint(
                condition=Q(permit_number="", permit_date__isnull=True)
                | (~Q(permit_number="") & Q(permit_date__isnull=False)),
                name="conferences_permit_number_with_date",
                violation_error_message=_(
                    "Enter both the permit decision's number and its date, or neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(edition__isnull=True) | Q(edition__gte=1),
                name="conferences_edition_positive",
                violation_error_message=_("The edition is a number from 1 up."),
            ),
            models.CheckConstraint(
                condition=Q(permit_date__isnull=True) | Q(permit_date__lte=F("end_date")),
                name="conferences_permit_before_end",
                violation_error_message=_(
                    "The permit decision cannot be dated after the conference ended."
                ),
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if self.end_date is None:
            self.end_date = self.start_date
        super().save(*args, **kwargs)

    def clean(self):
        if self.end_date is None:
            self.end_date = self.start_date
        super().clean()

    def get_absolute_url(self):
        return reverse("conferences:conference_detail", kwargs={"pk": self.pk})

    @property
    def display_name(self):
        return localized(self.name, self.name_en)

    @property
    def display_summary(self):
        return localized(self.summary, self.summary_en)

    @property
    def organiser(self):
        """The organiser as a page shows it: the unit, the partner or the name."""
        return self.organiser_unit or self.organiser_partner or self.organiser_name

    @property
    def is_upcoming(self):
        return self.start_date > timezone.localdate()

    @property
    def is_permitted(self):
        """The Python twin of ``PERMITTED``."""
        return self.permit_status in PERMITTED_STATUSES and bool(self.permit_number)


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    SYMPOSIUM = "symposium", _("Symposium")
    SIDE_EVENT = "side_event", _("Side event")


class ConferenceSession(models.Model):
    """A session of a conference: the plenary, a symposium, a side event."""

    Kind = SessionKind

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=SessionKind.choices, default=SessionKind.SYMPOSIUM
    )
    date = models.DateField(_("date"), null=True, blank=True)

    history = RecordHistory()

    class Meta:
        ordering = ["conference", "date", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            choices_constraint("kind", SessionKind, "conferences_session_kind_valid"),
            not_blank_constraint(
                "title", "conferences_session_title_not_blank", _("Enter the session's title.")
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return localized(self.title, self.title_en)


class Recommendation(models.Model):
    """A recommendation the city made at a conference (to a ministry, say)."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    text = models.TextField(_("recommendation (Vietnamese)"))
    text_en = models.TextField(_("recommendation (English)"), blank=True)
    made_by = models.CharField(
        _("made by"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty when the city made it; else who did, e.g. Ho Chi Minh City."),
    )
    addressed_to = models.CharField(
        _("addressed to"),
        max_length=255,
        blank=True,
        help_text=_("E.g. the Ministry of Foreign Affairs."),
    )

    history = RecordHistory()

    class Meta:
        ordering = ["conference", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            not_blank_constraint(
                "text", "conferences_recommendation_not_blank", _("Enter the recommendation.")
            ),
        ]

    def __str__(self):
        return self.display_text[:80]

    @property
    def display_text(self):
        return localized(self.text, self.text_en)
