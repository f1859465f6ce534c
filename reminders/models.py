"""Reminders and calendar feeds: each staff member's reminder settings (which reminders,
which thresholds, which language, the secret of the private calendar feed) and the record
of every reminder sent, so that no item is sent twice for the same threshold.

What needs attention is not defined here: the reminders ask the record types' own QuerySet
methods (``Agreement.objects.expiring_within()`` and ``dormant()``,
``Relationship.objects.dormant()``, ``Delegation.objects.upcoming()``,
``Conference.objects.permit_pending()``, ``AidProject.objects.ending_within()``), the same
ones the dashboard's lists use (see ``reminders.digest``).
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from aid.models import AID_ENDING_DAYS
from conferences.models import PERMIT_PENDING_DAYS
from core.models import not_blank_constraint
from core.roles import EDITORS, PUBLISHERS, VIEWERS

FEED_SALT = "reminders.calendar-feed"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# The limits a form enforces, and the database too (the constraints below).
EXPIRY_MAX_DAYS = 365
DELEGATION_MAX_DAYS = 90
PERMIT_MAX_DAYS = 180
AID_MAX_DAYS = 365


def _days(maximum):
    return [MinValueValidator(1), MaxValueValidator(maximum)]


def new_feed_nonce():
    return secrets.token_hex(16)


class ReminderKind(models.TextChoices):
    AGREEMENT_EXPIRING = "agreement_expiring", _("Agreements expiring")
    AGREEMENT_DORMANT = "agreement_dormant", _("Agreements without implementation activity")
    RELATIONSHIP_DORMANT = "relationship_dormant", _("Dormant relationships")
    DELEGATION_UPCOMING = "delegation_upcoming", _("Upcoming delegations")
    PERMIT_PENDING = "permit_pending", _("Conference permits not yet approved")
    AID_ENDING = "aid_ending", _("Aid projects ending")


# Which reminders a role gets until the user chooses: leaders (Viewers) the agreements and
# the visits; those who keep the records (Editors, Publishers) everything.
ROLE_DEFAULTS = {
    VIEWERS: {
        "agreements_expiring": True,
        "agreements_dormant": True,
        "relationships_dormant": False,
        "delegations_upcoming": True,
        "permits_pending": False,
        "aid_ending": False,
    },
    EDITORS: {
        "agreements_expiring": True,
        "agreements_dormant": True,
        "relationships_dormant": True,
        "delegations_upcoming": True,
        "permits_pending": True,
        "aid_ending": True,
    },
}
ROLE_DEFAULTS[PUBLISHERS] = ROLE_DEFAULTS[EDITORS]


def role_defaults(user):
    """The reminders ``user`` gets by default: those of their widest role (a superuser:
    everything). One query (the groups) unless a superuser."""
    if user.is_superuser:
        return dict(ROLE_DEFAULTS[EDITORS])
    groups = set(user.groups.values_list("name", flat=True))
    for role in (PUBLISHERS, EDITORS, VIEWERS):
        if role in groups:
            return dict(ROLE_DEFAULTS[role])
    return dict(ROLE_DEFAULTS[VIEWERS])


class ReminderSettingsQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's settings, created with their role's defaults on first use."""
        found = self.filter(user=user).first()
        if found is not None:
            return found
        row, _created = self.get_or_create(user=user, defaults=role_defaults(user))
        return row

    def by_feed_token(self, token):
        """The settings whose private calendar feed ``token`` opens, or None. The token is
        ``<id>-<HMAC of the id and the row's secret>``: the row is found by its id and the
        HMAC compared in constant time; the secret alone (in the database) opens nothing
        without the server's SECRET_KEY. One query."""
        row_id, _dash, signature = (token or "").partition("-")
        if not (row_id.isdigit() and signature) or len(row_id) > 18:
            return None
        row = self.select_related("user").filter(pk=int(row_id)).first()
        if row is None or not constant_time_compare(signature, row.feed_signature()):
            return None
        return row


class ReminderSettings(models.Model):
    """One staff member's reminders: whether they get the daily digest, which kinds of
    item and at which thresholds, in which language; and the secret behind their private
    calendar feed's address. Created with the role's defaults on first use."""

    Kind = ReminderKind

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_settings",
    )
    subscribed = models.BooleanField(
        _("send me the daily email digest"),
        default=False,
        help_text=_("At most one email a day, and none on a day with nothing to report."),
    )
    language = models.CharField(
        _("language of the email and the calendar"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    agreements_expiring = models.BooleanField(_("agreements expiring"), default=True)
    expiry_first_days = models.PositiveSmallIntegerField(
        _("first reminder (days before expiry)"), default=90, validators=_days(EXPIRY_MAX_DAYS)
    )
    expiry_second_days = models.PositiveSmallIntegerField(
        _("second reminder (days before expiry)"), default=30, validators=_days(EXPIRY_MAX_DAYS)
    )
    expiry_last_days = models.PositiveSmallIntegerField(
        _("last reminder (days before expiry)"), default=7, validators=_days(EXPIRY_MAX_DAYS)
    )
    agreements_dormant = models.BooleanField(
        _("agreements without implementation activity for 12 months"), default=True
    )
    relationships_dormant = models.BooleanField(
        _("relationships dormant for 12 months"), default=True
    )
    delegations_upcoming = models.BooleanField(_("delegations coming up"), default=True)
    delegation_days = models.PositiveSmallIntegerField(
        _("delegations: days ahead"), default=14, validators=_days(DELEGATION_MAX_DAYS)
    )
    permits_pending = models.BooleanField(
        _("hosted conferences whose permit is not yet approved"), default=True
    )
    permit_days = models.PositiveSmallIntegerField(
        _("conferences: days ahead"), default=PERMIT_PENDING_DAYS, validators=_days(PERMIT_MAX_DAYS)
    )
    aid_ending = models.BooleanField(_("aid projects ending"), default=True)
    aid_days = models.PositiveSmallIntegerField(
        _("aid projects: days ahead"), default=AID_ENDING_DAYS, validators=_days(AID_MAX_DAYS)
    )
    feed_nonce = models.CharField(
        _("calendar feed secret"), max_length=64, default=new_feed_nonce, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReminderSettingsQuerySet.as_manager()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=LANGUAGE_CODES),
                name="reminders_settings_language_valid",
                violation_error_message=_("Choose one of the listed values."),
            ),
            models.CheckConstraint(
                condition=Q(expiry_first_days__lte=EXPIRY_MAX_DAYS)
                & Q(expiry_first_days__gt=F("expiry_second_days"))
                & Q(expiry_second_days__gt=F("expiry_last_days"))
                & Q(expiry_last_days__gte=1),
                name="reminders_settings_expiry_order",
                violation_error_message=_(
                    "The expiry reminders must come in order: the first more days before "
                    "the expiry than the second, the second more than the last, the last "
                    "at least one day before, and the first at most 365 days before."
                ),
            ),
            models.CheckConstraint(
                condition=Q(delegation_days__gte=1, delegation_days__lte=DELEGATION_MAX_DAYS),
                name="reminders_settings_delegation_days_range",
                violation_error_message=_("Delegations: choose between 1 and 90 days ahead."),
            ),
            models.CheckConstraint(
                condition=Q(permit_days__gte=1, permit_days__lte=PERMIT_MAX_DAYS),
                name="reminders_settings_permit_days_range",
                violation_error_message=_("Conferences: choose between 1 and 180 days ahead."),
            ),
            models.CheckConstraint(
                condition=Q(aid_days__gte=1, aid_days__lte=AID_MAX_DAYS),
                name="reminders_settings_aid_days_range",
                violation_error_message=_("Aid projects: choose between 1 and 365 days ahead."),
            ),
            not_blank_constraint(
                "feed_nonce",
                "reminders_settings_feed_nonce_not_blank",
                _("The calendar feed needs a secret."),
            ),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def expiry_thresholds(self):
        """The expiry reminders' days, largest first: (90, 30, 7) by default."""
        return (self.expiry_first_days, self.expiry_second_days, self.expiry_last_days)

    def feed_signature(self):
        return salted_hmac(
            FEED_SALT, f"{self.pk}:{self.feed_nonce}", algorithm="sha256"
        ).hexdigest()

    @property
    def feed_token(self):
        """The secret part of the private calendar feed's address."""
        return f"{self.pk}-{self.feed_signature()}"

    def reset_feed_token(self):
        """A new secret: the feed's old address stops working at once."""
        self.feed_nonce = new_feed_nonce()
        self.save(update_fields=["feed_nonce", "updated_at"])


class SentReminder(models.Model):
    """One item of one digest sent to one user: the record that keeps the next digest from
    repeating it. An item is a record and the date the reminder is about (its expiry, its
    start, its end, its last activity): a changed date is a new item. Written only after the
    email went out."""

    Kind = ReminderKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="sent_reminders",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField(_("record id"))
    item_date = models.DateField(
        _("date reminded of"),
        help_text=_("The expiry, start, end or last activity the reminder was about."),
    )
    threshold = models.PositiveSmallIntegerField(_("threshold (days)"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values),
                name="reminders_sent_kind_valid",
                violation_error_message=_("Choose one of the listed values."),
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "object_id", "item_date", "threshold"],
                name="reminders_sent_once_per_threshold",
                violation_error_message=_("This reminder was already sent."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} #{self.object_id} · {self.threshold}"
