"""Aid: projects and non-project aid received by the city (ODA loans and grants, foreign NGO
projects, in-kind donations, emergency relief) or given by it, in any currency, with their
disbursements; and the exchange rates that staff maintain to report every amount in VND
and USD (see ``aid.money``)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Round
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.db import trigram_index
from core.history import RecordHistory
from core.models import (
    AuditedModel,
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

from .currencies import CURRENCIES, CURRENCY_CHOICES, VND, WHOLE_CURRENCIES

AMOUNT = {"max_digits": 20, "decimal_places": 2}


def currency_constraint(name):
    return models.CheckConstraint(
        condition=Q(currency__in=list(CURRENCIES)),
        name=name,
        violation_error_message=_("Choose one of the listed currencies."),
    )


def whole_amount_constraint(field, name):
    """VND, JPY and KRW have no minor unit: an amount in them is a whole number."""
    return models.CheckConstraint(
        condition=~Q(currency__in=WHOLE_CURRENCIES) | Q(**{field: Round(F(field))}),
        name=name,
        violation_error_message=_("This currency has no minor unit: enter a whole amount."),
    )


def non_negative_constraint(field, name):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=_("An amount cannot be negative."),
    )


class ExchangeRate(AuditedModel):
    """How many VND one unit of a currency is worth, from a date until the next rate of that
    currency. Entered by staff from an official source; never fetched."""

    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    valid_from = models.DateField(_("valid from"))
    rate_to_vnd = models.DecimalField(
        _("VND per unit"), max_digits=18, decimal_places=6, help_text=_("E.g. 25450 for USD.")
    )
    source = models.CharField(
        _("source"), max_length=255, help_text=_("E.g. State Bank of Vietnam, central rate.")
    )

    history = RecordHistory()

    class Meta:
        ordering = ["currency", "-valid_from"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            currency_constraint("aid_rate_currency_valid"),
            models.CheckConstraint(
                condition=~Q(currency=VND),
                name="aid_rate_not_vnd",
                violation_error_message=_("The dong needs no rate: amounts in VND are VND."),
            ),
            models.CheckConstraint(
                condition=Q(rate_to_vnd__gt=0),
                name="aid_rate_positive",
                violation_error_message=_("A rate must be greater than zero."),
            ),
            not_blank_constraint("source", "aid_rate_source_not_blank", _("Enter the source.")),
            models.UniqueConstraint(
                fields=["currency", "valid_from"],
                name="aid_rate_one_per_day",
                violation_error_message=_("This currency already has a rate from this date."),
            ),
        ]

    def __str__(self):
        return f"{self.currency} {self.valid_from:%Y-%m-%d}: {self.rate_to_vnd}"


class Direction(models.TextChoices):
    RECEIVED = "received", _("Received by the city")
    GIVEN = "given", _("Given by the city")


class Modality(models.TextChoices):
    ODA_LOAN = "oda_loan", _("ODA loan")
    ODA_GRANT = "oda_grant", _("ODA grant")
    NGO_PROJECT = "ngo_project", _("Foreign NGO project")
    NON_PROJECT = "non_project", _("Non-project aid")
    IN_KIND = "in_kind", _("In-kind donation")
    EMERGENCY = "emergency", _("Emergency relief")
    OTHER = "other", _("Other")


class AidStatus(models.TextChoices):
    """The IATI activity statuses, in the department's words."""

    PIPELINE = "pipeline", _("Pipeline")
    APPROVED = "approved", _("Approved")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    SUSPENDED = "suspended", _("Suspended")


# A project under way, whose end "ending within" watches (``ending_within``), and how far
# ahead by default: the dashboard's list, and each user's reminders until they choose.
UNDER_WAY_STATUSES = [AidStatus.APPROVED, AidStatus.ONGOING]
AID_ENDING_DAYS = 60


ODA_MODALITIES = (Modality.ODA_LOAN, Modality.ODA_GRANT)


def counted_condition(prefix=""):
    """The projects that totals count: every one except cancelled ones (``prefix``:
    the path to the project, "project__" from a disbursement)."""
    return ~Q(**{f"{prefix}status": AidStatus.CANCELLED})


def public_condition(prefix=""):
    """The projects the public sees: published and not cancelled."""
    return Q(**{f"{prefix}visibility": Visibility.PUBLIC}) & counted_condition(prefix)


class AidProjectQuerySet(PublishableQuerySet):
    def public(self):
        """Published and not cancelled."""
        return self.filter(public_condition())

    def counted(self):
        """What totals count: every project except cancelled ones."""
        return self.filter(counted_condition())

    def ending_within(self, days=AID_ENDING_DAYS, today=None):
        """Approved or ongoing projects whose end date falls within the next ``days`` days
        (today included), soonest first."""
        today = today or timezone.localdate()
        return self.filter(
            status__in=UNDER_WAY_STATUSES,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=days),
        ).order_by("end_date", "id")

    # A project counts in the period of its commitment.
    period_field = "committed_on"

    def for_list(self):
        """What a list shows: the partner, the implementing unit and the district."""
        return self.select_related("partner", "implementing_unit", "district").prefetch_related(
            "sectors"
        )


class ConvertedOnSave:
    """An amount kept converted to whole dong and US cents at the rates in force on its
    date (``aid.money.stored_amounts``; ``None`` where a rate is missing), so that the
    statistics add them up in the database. ``save()`` converts; a change of an exchange
    rate converts again the rows it affects (``aid.conversions``). ``CONVERTED`` names the
    amount, currency, date, VND and US-cent fields."""

    CONVERTED = ()
    # The stored conversions are 64-bit integers (whole dong, US cents).
    LARGEST = 2**63 - 1

    def clean(self):
        """An amount so large that it cannot be kept converted is a typing error: refused
        with a message, never a database error on saving."""
        super().clean()
        from .conversions import conversion_of

        try:
            converted = conversion_of(self)
        except (ArithmeticError, TypeError, ValueError):
            return  # an amount or date that is not valid has its own message
        if any(abs(value) > self.LARGEST for value in converted if value is not None):
            raise ValidationError(
                {
                    self.CONVERTED[0]: _(
                        "This amount is too large to be converted to VND and USD: check it."
                    )
                }
            )

    def save(self, *args, **kwargs):
        from .conversions import convert, hold_rates

        amount, currency, day, vnd, usd = self.CONVERTED
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not {amount, currency, day} & set(update_fields):
            return super().save(*args, **kwargs)  # the conversion is unchanged
        with transaction.atomic():
            hold_rates()  # no rate changes between the conversion and the commit
            convert(self)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, vnd, usd}
            return super().save(*args, **kwargs)


class AidProject(ConvertedOnSave, PublishableModel):
    """A project or non-project aid: received by the city from a foreign donor, or given
    by the city to a foreign recipient."""

    CONVERTED = (
        "commitment_amount",
        "currency",
        "committed_on",
        "converted_vnd",
        "converted_usd_cents",
    )

    Direction = Direction
    Modality = Modality
    Status = AidStatus

    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.RECEIVED
    )
    modality = models.CharField(_("modality"), max_length=12, choices=Modality.choices)
    title = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    partner = models.ForeignKey(
        ForeignPartner,
        verbose_name=_("donor or recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid_projects",
        help_text=_("Received: the donor. Given: the recipient."),
    )
    country = CountryField(
        _("donor or recipient country"),
        help_text=_("Received: the donor's country. Given: the recipient's."),
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="aid_projects"
    )
    implementing_unit = models.ForeignKey(
        LocalUnit,
        verbose_name=_("implementing unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid_projects",
    )
    commitment_amount = models.DecimalField(_("commitment"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default=VND)
    committed_on = models.DateField(
        _("date of commitment"),
        help_text=_(
            "The date of the approval or signing: the commitment is converted to VND "
            "and USD at the rates in force that day."
        ),
    )
    # The commitment converted on its date (``ConvertedOnSave``).
    converted_vnd = models.BigIntegerField(
        _("commitment in VND"), null=True, blank=True, editable=False
    )
    converted_usd_cents = models.BigIntegerField(
        _("commitment in US cents"), null=True, blank=True, editable=False
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AidStatus.choices, default=AidStatus.PIPELINE
    )
    district = models.ForeignKey(
        LocalUnit,
        verbose_name=_("location (district)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": LocalUnit.Kind.DISTRICT},
        related_name="located_aid_projects",
    )
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("related agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aid_projects",
    )
    summary = models.TextField(_("summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never public."))

    objects = AidProjectQuerySet.as_manager()

    history = RecordHistory(
        m2m_fields=["sectors"], excluded_fields=["converted_vnd", "converted_usd_cents"]
    )

    class Meta(PublishableModel.Meta):
        ordering = ["-committed_on", "-id"]
        verbose_name = _("aid project")
        verbose_name_plural = _("aid projects")
        permissions = [("publish_aidproject", _("Can publish aid projects"))]
        indexes = [
            models.Index(fields=["-committed_on", "-id"], name="aid_committed_idx"),
            models.Index(
                fields=["direction", "modality", "committed_on"], name="aid_dir_modality_idx"
            ),
            models.Index(fields=["status", "committed_on"], name="aid_status_idx"),
            # Projects about to end (``ending_within``: the dashboard and the reminders).
            models.Index(
                fields=["end_date", "id"],
                condition=Q(status__in=UNDER_WAY_STATUSES),
                name="aid_ending_idx",
            ),
            models.Index(fields=["country", "committed_on"], name="aid_country_idx"),
            models.Index(fields=["visibility", "committed_on"], name="aid_vis_idx"),
            # The public list in its order over exactly the public rows (``public()``).
            models.Index(
                fields=["-committed_on", "-id"],
                condition=Q(visibility=Visibility.PUBLIC) & ~Q(status=AidStatus.CANCELLED),
                name="aid_public_list_idx",
            ),
            # The dashboard's figures as index-only scans (PostgreSQL; migration 0006).
            models.Index(
                fields=["committed_on"],
                include=[
                    "id",
                    "status",
                    "direction",
                    "modality",
                    "country",
                    "visibility",
                    "commitment_amount",
                    "currency",
                    "converted_vnd",
                    "converted_usd_cents",
                ],
                name="aid_stats_idx",
            ),
            trigram_index("title", name="aid_title_trgm"),
            trigram_index("title_en", name="aid_title_en_trgm"),
            trigram_index("beneficiaries", name="aid_beneficiaries_trgm"),
        ]
        constraints = [
            *PublishableModel.Meta.constraints,
            choices_constraint("direction", Direction, "aid_direction_valid"),
            choices_constraint("modality", Modality, "aid_modality_valid"),
            choices_constraint("status", AidStatus, "aid_status_valid"),
            currency_constraint("aid_project_currency_valid"),
            not_blank_constraint("title", "aid_title_not_blank", _("Enter the project's title.")),
            not_blank_constraint(
                "country",
                "aid_country_not_blank",
                _("Choose the donor's country (or, for aid given, the recipient's)."),
            ),
            non_negative_constraint("commitment_amount", "aid_commitment_not_negative"),
            whole_amount_constraint("commitment_amount", "aid_commitment_whole_in_vnd"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="aid_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(direction=Direction.RECEIVED) | ~Q(modality__in=ODA_MODALITIES),
                name="aid_oda_only_received",
                violation_error_message=_("The city receives ODA; it does not give it."),
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("aid:aidproject_detail", kwargs={"pk": self.pk})

    @property
    def display_title(self):
        return localized(self.title, self.title_en)

    @property
    def display_summary(self):
        return localized(self.summary, self.summary_en)


class Disbursement(ConvertedOnSave, AuditedModel):
    """Money (or goods valued in money) actually handed over for a project, on a date."""

    CONVERTED = ("amount", "currency", "date", "converted_vnd", "converted_usd_cents")

    project = models.ForeignKey(
        AidProject,
        verbose_name=_("aid project"),
        on_delete=models.CASCADE,
        related_name="disbursements",
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default=VND)
    note = models.CharField(_("note"), max_length=255, blank=True)
    # The amount converted on its date (``ConvertedOnSave``).
    converted_vnd = models.BigIntegerField(
        _("amount in VND"), null=True, blank=True, editable=False
    )
    converted_usd_cents = models.BigIntegerField(
        _("amount in US cents"), null=True, blank=True, editable=False
    )

    history = RecordHistory(excluded_fields=["converted_vnd", "converted_usd_cents"])

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        indexes = [
            models.Index(fields=["project", "date"], name="aid_disbursement_date_idx"),
            # The disbursements of a period, read from the index alone (PostgreSQL; 0006).
            models.Index(
                fields=["date"],
                include=[
                    "id",
                    "project",
                    "amount",
                    "currency",
                    "converted_vnd",
                    "converted_usd_cents",
                ],
                name="aid_disbursement_stats_idx",
            ),
        ]
        constraints = [
            currency_constraint("aid_disbursement_currency_valid"),
            non_negative_constraint("amount", "aid_disbursement_not_negative"),
            whole_amount_constraint("amount", "aid_disbursement_whole_in_vnd"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.amount} {self.currency}"
