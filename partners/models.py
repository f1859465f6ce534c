"""Foreign partners (the counterparts) and the city's relationships with them: twin cities,
friendship and cooperation, network memberships, each with a dated activity log."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.db import CaseFold, trigram_index
from core.history import RecordHistory
from core.models import (
    LocalUnit,
    PublishableModel,
    PublishableQuerySet,
    Sector,
    Visibility,
    check_no_parent_loop,
    choices_constraint,
    localized,
    not_blank_constraint,
)


class PartnerKind(models.TextChoices):
    LOCALITY = "locality", _("Foreign locality (province, state, city)")
    GOVERNMENT = "government", _("National government body")
    DIPLOMATIC_MISSION = "mission", _("Embassy or consulate")
    INTERNATIONAL_ORGANISATION = "intl_org", _("International organisation")
    NETWORK = "network", _("Network of cities or localities")
    NGO = "ngo", _("Non-governmental organisation")
    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University or research institute")
    PRESS = "press", _("Press agency")
    OTHER = "other", _("Other")


# Kinds of partner that belong to no single country.
STATELESS_PARTNER_KINDS = (PartnerKind.INTERNATIONAL_ORGANISATION, PartnerKind.NETWORK)


class ForeignPartner(PublishableModel):
    """A foreign counterpart: a locality (province, state, city), a government body, an
    embassy or consulate, an international organisation or network, an NGO, an enterprise,
    a university or a press agency."""

    Kind = PartnerKind

    STATELESS_KINDS = STATELESS_PARTNER_KINDS

    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("The usual international (Latin-script) name, e.g. 'Kaposvár'."),
    )
    name_original = models.CharField(
        _("name in the original language"),
        max_length=255,
        blank=True,
        help_text=_("As the partner writes it, e.g. '岡山市' or '전라남도'."),
    )
    name_vi = models.CharField(_("name in Vietnamese"), max_length=255, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("Leave empty only for international organisations and networks."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("E.g. the ministry of an agency, or the prefecture of a city."),
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = RecordHistory()

    class Meta(PublishableModel.Meta):
        ordering = ["name"]
        verbose_name = _("foreign partner")
        verbose_name_plural = _("foreign partners")
        permissions = [("publish_foreignpartner", _("Can publish foreign partners"))]
        indexes = [
            models.Index(fields=["name"], name="partners_partner_name_idx"),
            models.Index(fields=["country", "name"], name="partners_partner_country_idx"),
            models.Index(fields=["kind", "name"], name="partners_partner_kind_idx"),
            models.Index(fields=["visibility", "name"], name="partners_partner_vis_idx"),
            trigram_index("name", name="partners_partner_name_trgm"),
            trigram_index("name_vi", name="partners_partner_name_vi_trgm"),
        ]
        constraints = [
            *PublishableModel.Meta.constraints,
            choices_constraint("kind", PartnerKind, "partners_partner_kind_valid"),
            not_blank_constraint(
                "name", "partners_partner_name_not_blank", _("Enter the partner's name.")
            ),
            models.CheckConstraint(
                condition=Q(kind__in=STATELESS_PARTNER_KINDS) | ~Q(country=""),
                name="partners_partner_country_required",
                violation_error_message=_(
                    "Choose the country. Only international organisations and networks "
                    "may have none."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="partners_partner_not_own_parent",
                violation_error_message=_("A partner cannot be its own parent."),
            ),
            models.UniqueConstraint(
                CaseFold("name"),
                "country",
                name="partners_partner_name_country_unique",
                violation_error_message=_(
                    "A partner with this name already exists in this country."
                ),
            ),
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        check_no_parent_loop(self, _("This parent would make a loop of partners."))

    @property
    def display_name(self):
        """The Vietnamese name on Vietnamese pages where known, else the usual name."""
        return localized(self.name_vi or self.name, self.name)


def current_on_condition(day):
    """The rule of a relationship current on ``day``: established on or before it (or on a
    date not recorded) and not ended by then (one ended after ``day`` was still current);
    with ``day`` None, every relationship not ended."""
    current = ~Q(status=RelationshipStatus.ENDED)
    if day is None:
        return current
    return (current | Q(ended_on__gt=day)) & (
        Q(established_on__isnull=True) | Q(established_on__lte=day)
    )


class RelationshipQuerySet(PublishableQuerySet):
    def current_on(self, day):
        """Relationships current on ``day`` (``current_on_condition``)."""
        return self.filter(current_on_condition(day))

    def public(self):
        """Public relationships with a public partner: a relationship page shows the
        partner, so an internal partner keeps its relationships off the public pages."""
        return self.filter(visibility=Visibility.PUBLIC, partner__visibility=Visibility.PUBLIC)

    def ranked(self):
        """Annotate ``level_rank``: twinning first, network memberships last."""
        order = [
            models.When(level=level, then=rank)
            for rank, level in enumerate(RelationshipLevel.values)
        ]
        return self.annotate(level_rank=models.Case(*order, output_field=models.IntegerField()))

    def dormant(self, days=365, today=None):
        """Current relationships (not ended) that have gone quiet: marked dormant, or with
        no activity in the last ``days`` days up to today (one dated later is planned, not
        done) although established before them (or on a date not recorded): like a
        dormant agreement, a relationship only just established is not yet dormant. Every
        activity counts, internal ones too: staff need to know."""
        today = today or timezone.localdate()
        since = today - datetime.timedelta(days=days)
        recent = RelationshipActivity.objects.filter(
            relationship=models.OuterRef("pk"), date__gt=since, date__lte=today
        )
        quiet = ~models.Exists(recent) & (
            Q(established_on__isnull=True) | Q(established_on__lte=since)
        )
        return self.exclude(status=RelationshipStatus.ENDED).filter(
            Q(status=RelationshipStatus.DORMANT) | quiet
        )

    def for_list(self):
        """What a list of relationships shows: the partner and the sectors, in 2 queries."""
        return self.select_related("partner").prefetch_related("sectors")


class RelationshipLevel(models.TextChoices):
    TWINNING = "twinning", _("Twinning (sister city)")
    FRIENDSHIP = "friendship", _("Friendship and cooperation")
    COOPERATION = "cooperation", _("Cooperation")
    NETWORK = "network", _("Network membership")


class RelationshipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    ENDED = "ended", _("Ended")


class Relationship(PublishableModel):
    """The city's relationship with a foreign locality or network: twinning (sister city),
    friendship and cooperation, cooperation, or membership of a network."""

    Level = RelationshipLevel

    Status = RelationshipStatus

    partner = models.ForeignKey(
        ForeignPartner,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="relationships",
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    local_unit = models.ForeignKey(
        LocalUnit,
        verbose_name=_("local party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relationships",
        help_text=_("The city's side, usually the People's Committee."),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("Only for an ended relationship.")
    )
    founding_agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("founding agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="founded_relationships",
        help_text=_("The agreement that established the relationship, where it is recorded."),
    )
    founding_document = models.CharField(
        _("founding document (text)"),
        max_length=255,
        blank=True,
        help_text=_(
            "Title and number of the founding document, for one not recorded as an agreement."
        ),
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="relationships"
    )
    summary = models.TextField(_("summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)

    objects = RelationshipQuerySet.as_manager()

    history = RecordHistory(m2m_fields=["sectors"])

    class Meta(PublishableModel.Meta):
        ordering = [F("established_on").asc(nulls_last=True), "id"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        permissions = [("publish_relationship", _("Can publish relationships"))]
        indexes = [
            models.Index(fields=["established_on", "id"], name="partners_rel_established_idx"),
            models.Index(fields=["level", "status"], name="partners_rel_level_status_idx"),
            models.Index(fields=["visibility", "established_on"], name="partners_rel_vis_idx"),
        ]
        constraints = [
            *PublishableModel.Meta.constraints,
            choices_constraint("level", RelationshipLevel, "partners_relationship_level_valid"),
            choices_constraint("status", RelationshipStatus, "partners_relationship_status_valid"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(ended_on__gte=F("established_on")),
                name="partners_relationship_ended_after_established",
                violation_error_message=_("The end date cannot be before the date established."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(status="ended"),
                name="partners_relationship_end_date_only_when_ended",
                violation_error_message=_(
                    "Only an ended relationship has an end date: set the status to 'Ended' "
                    "or clear the end date."
                ),
            ),
            models.UniqueConstraint(
                fields=["partner", "level"],
                condition=~Q(status="ended"),
                name="partners_relationship_one_current_per_level",
                violation_error_message=_(
                    "This partner already has a current relationship of this level."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.partner} – {self.get_level_display()}"

    def get_absolute_url(self):
        return reverse("partners:relationship_detail", kwargs={"pk": self.pk})

    @property
    def display_summary(self):
        return localized(self.summary, self.summary_en)


class RelationshipActivityQuerySet(PublishableQuerySet):
    def public(self):
        """Public activities of a relationship the public may see (public, with a public
        partner): an activity is shown under its relationship's name."""
        return self.filter(
            visibility=Visibility.PUBLIC,
            relationship__visibility=Visibility.PUBLIC,
            relationship__partner__visibility=Visibility.PUBLIC,
        )


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Visit or delegation")
    SIGNING = "signing", _("Signing of a document")
    MEETING = "meeting", _("Meeting or online talks")
    EXCHANGE = "exchange", _("Cultural, education or people exchange")
    SUPPORT = "support", _("Support or aid")
    EVENT = "event", _("Event or anniversary")
    OTHER = "other", _("Other")


class RelationshipActivity(PublishableModel):
    """A dated entry in a relationship's history: a visit, a signing, an exchange, support
    given or received, an anniversary."""

    Kind = ActivityKind

    relationship = models.ForeignKey(
        Relationship,
        verbose_name=_("relationship"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    local_unit = models.ForeignKey(
        LocalUnit,
        verbose_name=_("implementing unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relationship_activities",
    )

    objects = RelationshipActivityQuerySet.as_manager()

    history = RecordHistory()

    class Meta(PublishableModel.Meta):
        ordering = ["-date", "-id"]
        verbose_name = _("relationship activity")
        verbose_name_plural = _("relationship activities")
        permissions = [("publish_relationshipactivity", _("Can publish relationship activities"))]
        indexes = [
            models.Index(fields=["relationship", "-date"], name="partners_activity_rel_date_idx"),
            models.Index(fields=["-date", "-id"], name="partners_activity_date_idx"),
        ]
        constraints = [
            *PublishableModel.Meta.constraints,
            choices_constraint("kind", ActivityKind, "partners_activity_kind_valid"),
            not_blank_constraint(
                "title", "partners_activity_title_not_blank", _("Enter what was done.")
            ),
        ]

    def __str__(self):
        return f"{date_format(self.date, 'SHORT_DATE_FORMAT')} – {self.display_title}"

    @property
    def display_title(self):
        return localized(self.title, self.title_en)

    @property
    def display_description(self):
        return localized(self.description, self.description_en)
