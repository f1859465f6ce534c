"""Agreements: MOUs, cooperation and international agreements, letters of intent,
twinning agreements, contracts and minutes; their foreign parties, expiry and renewal, and
the dated log of their implementation.

Status follows the dates without anyone editing it, and is derived, never kept by a command:
staff record the dates, and whether an agreement is still being negotiated or was terminated
(with the date). ``effective_status`` (``Agreement.get_effective_status`` on a row, and
``AgreementQuerySet.with_effective_status`` as an annotation for filters) reads, as of today:
negotiating; terminated from its termination date; expired after its expiry date; in force
from its entry into force (or its signing, when no entry into force is recorded); signed
before that. The stored "signed", "in force" and "expired" only say "the dates decide".
An agreement with automatic renewal never expires: it renews for its term each time its
expiry date passes (``current_expiry``). ``in_force_on(day)`` applies the same rule to any
day, for the statistics.
"""

import datetime
import os

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
from delegations.models import Delegation
from partners.models import ForeignPartner

EXPIRING_SOON_DAYS = 90
DORMANT_AFTER_DAYS = 365


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    COOPERATION = "cooperation", _("Cooperation agreement")
    INTERNATIONAL = "international", _("International agreement")
    LETTER_OF_INTENT = "intent", _("Letter of intent")
    TWINNING = "twinning", _("Twinning agreement")
    CONTRACT = "contract", _("Contract")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other")


class SigningLevel(models.TextChoices):
    CITY = "city", _("City leadership")
    UNIT = "unit", _("Department or unit")


class AgreementStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


def add_months(day, months):
    """``day`` plus ``months`` calendar months, on the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def agreement_document_path(agreement, filename):
    # The file name is ours, not the uploader's: no path tricks, no clashes.
    signed = agreement.signed_on or timezone.localdate()
    return f"agreements/{signed.year}/{os.urandom(8).hex()}.pdf"


def validate_pdf(upload):
    """A signed document must be a PDF: by its name and by its first bytes."""
    if upload is None or not hasattr(upload, "read") or getattr(upload, "_committed", False):
        # Nothing uploaded, or the stored file, checked when it was uploaded.
        return
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(5)
    upload.seek(position)
    if head != b"%PDF-":
        raise ValidationError(
            _("This file is not a PDF. Scan or save the signed document as PDF."),
            code="not_pdf",
        )


class AgreementQuerySet(PublishableQuerySet):
    period_field = "signed_on"

    def with_effective_status(self, today=None):
        """Annotate ``effective_status``: the status as it reads today (see the module
        docstring; ``Agreement.get_effective_status`` is the same rule in Python)."""
        today = today or timezone.localdate()
        return self.annotate(
            effective_status=models.Case(
                models.When(
                    status=AgreementStatus.NEGOTIATING,
                    then=models.Value(AgreementStatus.NEGOTIATING),
                ),
                models.When(
                    status=AgreementStatus.TERMINATED,
                    terminated_on__lte=today,
                    then=models.Value(AgreementStatus.TERMINATED),
                ),
                models.When(
                    auto_renew=False,
                    expires_on__lt=today,
                    then=models.Value(AgreementStatus.EXPIRED),
                ),
                models.When(
                    Q(entry_into_force__lte=today)
                    | Q(entry_into_force__isnull=True, signed_on__lte=today),
                    then=models.Value(AgreementStatus.IN_FORCE),
                ),
                default=models.Value(AgreementStatus.SIGNED),
                output_field=models.CharField(),
            )
        )

    def with_last_activity(self):
        """Annotate ``last_activity_on``: the date of the latest implementation activity
        (any visibility: staff need to know), or None. A subquery, not a join: the rows
        are not grouped, so the ordering and other annotations stay as they were."""
        latest = AgreementActivity.objects.filter(agreement=models.OuterRef("pk")).order_by("-date")
        return self.annotate(last_activity_on=models.Subquery(latest.values("date")[:1]))

    def in_force_on(self, day):
        """Agreements in force on ``day``: signed and in force by then (entry into force,
        or the signing date when none is recorded), not expired before it (automatic
        renewal never expires) and not terminated by then."""
        return self.filter(
            Q(
                status__in=[
                    AgreementStatus.SIGNED,
                    AgreementStatus.IN_FORCE,
                    AgreementStatus.EXPIRED,
                ]
            )
            | Q(status=AgreementStatus.TERMINATED, terminated_on__gt=day),
            signed_on__isnull=False,
        ).filter(
            Q(entry_into_force__lte=day) | Q(entry_into_force__isnull=True, signed_on__lte=day),
            Q(expires_on__isnull=True) | Q(expires_on__gte=day) | Q(auto_renew=True),
        )

    def expiring_within(self, days=EXPIRING_SOON_DAYS, today=None):
        """Agreements in force whose expiry falls within the next ``days`` days (today
        included). Automatically renewing ones renew, so they are not expiring."""
        today = today or timezone.localdate()
        return self.in_force_on(today).filter(
            auto_renew=False,
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=days),
        )

    def dormant(self, days=DORMANT_AFTER_DAYS, today=None):
        """Agreements in force that have had no implementation activity for ``days`` days:
        none since the later of the signing and ``days`` ago."""
        today = today or timezone.localdate()
        since = today - datetime.timedelta(days=days)
        recent = AgreementActivity.objects.filter(agreement=models.OuterRef("pk"), date__gt=since)
        return self.in_force_on(today).filter(signed_on__lte=since).exclude(models.Exists(recent))

    def signed_in_period(self, start=None, end=None):
        """Agreements signed within ``start``–``end``, both days included."""
        return self.filter(signed_on__isnull=False).in_period(start, end)

    def for_list(self):
        """What a public list shows, in 3 queries: the signatory unit, the public parties
        and the sectors."""
        public_parties = ForeignPartner.objects.public().order_by("name")
        return self.select_related("signatory_unit").prefetch_related(
            models.Prefetch("parties", queryset=public_parties, to_attr="public_parties"),
            "sectors",
        )


class Agreement(PublishableModel):
    """An MOU, agreement, letter of intent, contract or minutes signed (or being negotiated)
    by the city's leadership or one of its units with foreign parties."""

    Kind = AgreementKind
    Level = SigningLevel
    Status = AgreementStatus

    kind = models.CharField(_("kind"), max_length=16, choices=AgreementKind.choices)
    reference_number = models.CharField(
        _("reference number"),
        max_length=64,
        blank=True,
        help_text=_("The document's number, e.g. '15/2023/MOU-UBND'. Unique when given."),
    )
    title = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    signing_level = models.CharField(
        _("signing level"),
        max_length=8,
        choices=SigningLevel.choices,
        help_text=_(
            "Signed by the city's leadership, or by a department or unit: reports count "
            "them separately."
        ),
    )
    signatory_unit = models.ForeignKey(
        LocalUnit,
        verbose_name=_("signatory unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    signatory = models.CharField(
        _("signatory"), max_length=255, blank=True, help_text=_("Name and position.")
    )
    parties = models.ManyToManyField(
        ForeignPartner, verbose_name=_("foreign parties"), related_name="agreements"
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="agreements"
    )
    signed_on = models.DateField(
        _("date of signing"), null=True, blank=True, help_text=_("Empty while negotiating.")
    )
    signed_at = models.CharField(_("place of signing"), max_length=255, blank=True)
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("signed during the delegation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    conference = models.ForeignKey(
        "conferences.Conference",
        verbose_name=_("signed at the conference"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    entry_into_force = models.DateField(
        _("entry into force"),
        null=True,
        blank=True,
        help_text=_("Empty when it takes effect on signing."),
    )
    expires_on = models.DateField(
        _("expiry date"), null=True, blank=True, help_text=_("Empty for an open-ended agreement.")
    )
    auto_renew = models.BooleanField(
        _("renews automatically"),
        default=False,
        help_text=_("Renews for the term below each time it reaches its expiry date."),
    )
    renewal_term_months = models.PositiveSmallIntegerField(
        _("renewal term (months)"), null=True, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("amends or extends"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AgreementStatus.choices,
        default=AgreementStatus.SIGNED,
        help_text=_(
            "The dates decide the rest: an agreement reads as in force from its entry into "
            "force and as expired after its expiry date, without anyone editing it. Set "
            "'Negotiating' or 'Terminated' (with its date) by hand."
        ),
    )
    terminated_on = models.DateField(
        _("terminated on"), null=True, blank=True, help_text=_("Only for a terminated agreement.")
    )
    document = models.FileField(
        _("signed document (PDF)"),
        upload_to=agreement_document_path,
        blank=True,
        max_length=255,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
    )
    summary = models.TextField(_("summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never public."))

    objects = AgreementQuerySet.as_manager()

    history = RecordHistory(m2m_fields=["parties", "sectors"])

    class Meta(PublishableModel.Meta):
        ordering = [F("signed_on").desc(nulls_first=True), "-id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        permissions = [("publish_agreement", _("Can publish agreements"))]
        indexes = [
            models.Index(fields=["-signed_on", "-id"], name="agreements_signed_idx"),
            models.Index(fields=["signing_level", "signed_on"], name="agreements_level_idx"),
            models.Index(fields=["kind", "signed_on"], name="agreements_kind_idx"),
            models.Index(fields=["status", "expires_on"], name="agreements_expiry_idx"),
            models.Index(fields=["visibility", "signed_on"], name="agreements_vis_idx"),
            # The public list in its order (PostgreSQL's DESC puts the undated first, as
            # ``NEWEST_FIRST`` does) over exactly the public rows: no sort of the ~17,000
            # agreements under negotiation before page 50.
            models.Index(
                fields=["-signed_on", "-id"],
                condition=Q(visibility=Visibility.PUBLIC),
                name="agreements_public_list_idx",
            ),
            # The dashboard's figures as index-only scans (PostgreSQL; migration 0006).
            models.Index(
                fields=["signed_on"],
                include=[
                    "id",
                    "status",
                    "signing_level",
                    "kind",
                    "visibility",
                    "terminated_on",
                    "entry_into_force",
                    "expires_on",
                    "auto_renew",
                ],
                name="agreements_stats_idx",
            ),
            trigram_index("title", name="agreements_title_trgm"),
            trigram_index("title_en", name="agreements_title_en_trgm"),
            trigram_index("signatory", name="agreements_signatory_trgm"),
        ]
        constraints = [
            *PublishableModel.Meta.constraints,
            choices_constraint("kind", AgreementKind, "agreements_kind_valid"),
            choices_constraint("signing_level", SigningLevel, "agreements_level_valid"),
            choices_constraint("status", AgreementStatus, "agreements_status_valid"),
            not_blank_constraint(
                "title", "agreements_title_not_blank", _("Enter the agreement's title.")
            ),
            models.UniqueConstraint(
                CaseFold("reference_number"),
                condition=~Q(reference_number=""),
                name="agreements_reference_unique",
                violation_error_message=_("An agreement with this reference number exists."),
            ),
            models.CheckConstraint(
                condition=Q(status=AgreementStatus.NEGOTIATING) | Q(signed_on__isnull=False),
                name="agreements_signed_date_required",
                violation_error_message=_(
                    "Enter the date of signing, or set the status to 'Negotiating'."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=AgreementStatus.NEGOTIATING) | Q(signed_on__isnull=True),
                name="agreements_negotiating_not_signed",
                violation_error_message=_(
                    "An agreement under negotiation has no date of signing yet."
                ),
            ),
            models.CheckConstraint(
                condition=Q(entry_into_force__isnull=True)
                | Q(entry_into_force__gte=F("signed_on")),
                name="agreements_force_after_signing",
                violation_error_message=_(
                    "The entry into force cannot be before the date of signing."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(expires_on__gte=Coalesce("entry_into_force", "signed_on")),
                name="agreements_expiry_after_start",
                violation_error_message=_(
                    "The expiry date cannot be before the signing or the entry into force."
                ),
            ),
            models.CheckConstraint(
                condition=Q(auto_renew=False, renewal_term_months__isnull=True)
                | Q(
                    auto_renew=True,
                    expires_on__isnull=False,
                    # Spelled out: NULL >= 1 is unknown, and CHECK lets unknown through.
                    renewal_term_months__isnull=False,
                    renewal_term_months__gte=1,
                ),
                name="agreements_renewal_complete",
                violation_error_message=_(
                    "An agreement that renews automatically needs an expiry date and a "
                    "renewal term of at least one month; one that does not, no term."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status=AgreementStatus.TERMINATED, terminated_on__isnull=False)
                | (~Q(status=AgreementStatus.TERMINATED) & Q(terminated_on__isnull=True)),
                name="agreements_terminated_date",
                violation_error_message=_(
                    "A terminated agreement needs the date it ended, and only a terminated "
                    "one has it."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=AgreementStatus.EXPIRED) | Q(expires_on__isnull=False),
                name="agreements_expired_has_date",
                violation_error_message=_("Enter the expiry date of an expired agreement."),
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True) | Q(terminated_on__gte=F("signed_on")),
                name="agreements_terminated_after_signing",
                violation_error_message=_("An agreement cannot end before it was signed."),
            ),
            models.CheckConstraint(
                condition=Q(document="") | Q(document__iendswith=".pdf"),
                name="agreements_document_is_pdf",
                violation_error_message=_("The signed document must be a PDF."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="agreements_not_own_parent",
                violation_error_message=_("An agreement cannot amend itself."),
            ),
        ]

    def __str__(self):
        if self.reference_number:
            return f"{self.reference_number} – {self.display_title}"
        return self.display_title

    def clean(self):
        super().clean()
        check_no_parent_loop(self, _("This would make a loop of amendments."))

    def get_absolute_url(self):
        return reverse("agreements:agreement_detail", kwargs={"pk": self.pk})

    @property
    def display_title(self):
        return localized(self.title, self.title_en)

    @property
    def display_summary(self):
        return localized(self.summary, self.summary_en)

    def current_expiry(self, today=None):
        """The expiry date that applies today: for an automatically renewing agreement, the
        first renewal date on or after today; else the recorded expiry (or None)."""
        if not (self.auto_renew and self.expires_on and self.renewal_term_months):
            return self.expires_on
        if self.get_effective_status(today) == AgreementStatus.TERMINATED:
            return self.expires_on  # Ended: it renews no more.
        today = today or timezone.localdate()
        expiry, terms = self.expires_on, 0
        while expiry < today:
            terms += 1
            expiry = add_months(self.expires_on, terms * self.renewal_term_months)
        return expiry

    def get_effective_status(self, today=None):
        """The status as it reads today (the Python twin of the annotation)."""
        today = today or timezone.localdate()
        if self.status == AgreementStatus.NEGOTIATING:
            return AgreementStatus.NEGOTIATING
        if self.status == AgreementStatus.TERMINATED and self.terminated_on <= today:
            return AgreementStatus.TERMINATED
        if not self.auto_renew and self.expires_on and self.expires_on < today:
            return AgreementStatus.EXPIRED
        in_force_from = self.entry_into_force or self.signed_on
        if in_force_from and in_force_from <= today:
            return AgreementStatus.IN_FORCE
        return AgreementStatus.SIGNED

    @property
    def renews(self):
        """Whether it still renews by itself: automatic renewal, and not terminated."""
        return self.auto_renew and self.get_effective_status() != AgreementStatus.TERMINATED

    def get_effective_status_display(self):
        return AgreementStatus(self.get_effective_status()).label

    def days_to_expiry(self, today=None):
        """Days until the current expiry (negative once past), or None when open-ended,
        terminated or still under negotiation."""
        expiry = self.current_expiry(today)
        ended = (AgreementStatus.TERMINATED, AgreementStatus.NEGOTIATING)
        if expiry is None or self.get_effective_status(today) in ended:
            return None
        return (expiry - (today or timezone.localdate())).days

    @property
    def countries(self):
        """The parties' countries, once each: of the public parties where ``for_list()``
        prefetched them (a public page), else of all the parties (prefetch ``parties``)."""
        parties = getattr(self, "public_parties", None)
        if parties is None:
            parties = self.parties.all()
        seen = {}
        for party in parties:
            if party.country:
                seen.setdefault(party.country.code, party.country)
        return list(seen.values())


class AgreementActivityQuerySet(PublishableQuerySet):
    def public(self):
        """Public activities of a public agreement."""
        return self.filter(visibility=Visibility.PUBLIC, agreement__visibility=Visibility.PUBLIC)


class AgreementActivity(PublishableModel):
    """A dated step in carrying out an agreement: what was done, by which unit, and how far
    the implementation has come."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="activities"
    )
    date = models.DateField(_("date"))
    description = models.TextField(_("what was done (Vietnamese)"))
    description_en = models.TextField(_("what was done (English)"), blank=True)
    unit = models.ForeignKey(
        LocalUnit,
        verbose_name=_("implementing unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_activities",
    )
    progress = models.CharField(
        _("progress note"),
        max_length=255,
        blank=True,
        help_text=_("E.g. 'first 20 students enrolled; second phase in 2025'."),
    )

    objects = AgreementActivityQuerySet.as_manager()

    history = RecordHistory()

    class Meta(PublishableModel.Meta):
        ordering = ["-date", "-id"]
        verbose_name = _("implementation activity")
        verbose_name_plural = _("implementation activities")
        permissions = [("publish_agreementactivity", _("Can publish implementation activities"))]
        indexes = [
            models.Index(fields=["agreement", "-date"], name="agreements_activity_date_idx"),
            # The admin's list of every activity, newest first (Meta.ordering).
            models.Index(fields=["-date", "-id"], name="agreements_activity_list_idx"),
        ]
        constraints = [
            *PublishableModel.Meta.constraints,
            not_blank_constraint(
                "description",
                "agreements_activity_description_not_blank",
                _("Enter what was done."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} – {self.display_description[:60]}"

    @property
    def display_description(self):
        return localized(self.description, self.description_en)
