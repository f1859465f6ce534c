"""The daily reminder digest: what needs each subscribed user's attention today, minus what
they were already told, as one email (plain text and HTML) in their language.

What needs attention comes from the record types' own QuerySet methods, the definitions the
dashboard's lists and the admin's filters use too:

- agreements expiring: ``Agreement.objects.expiring_within()``, at the user's three
  thresholds (90, 30 and 7 days by default). An item is reminded at the smallest threshold
  it has crossed: an agreement 85 days from its expiry on the first run gets the 90-day
  reminder, at 30 days the 30-day one, at 7 days the last one; each once;
- agreements without implementation activity for 12 months: ``Agreement.objects.dormant()``;
- dormant relationships: ``Relationship.objects.dormant()``;
- delegations coming (inbound) or going (outbound) in the next N days (14 by default):
  ``Delegation.objects.upcoming()``;
- hosted conferences starting within N days (30) whose permit is only requested:
  ``Conference.objects.permit_pending()``;
- aid projects ending within N days (60): ``AidProject.objects.ending_within()``.

An item is a record and the date it is about (expiry, start, end, last activity): a
``SentReminder`` row per user, item and threshold keeps it from being sent twice. If the
date changes (an agreement extended, a visit moved, new activity and another quiet year),
it is a new item and reminded again.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import DORMANT_AFTER_DAYS, Agreement
from aid.models import AidProject
from conferences.models import Conference
from delegations.models import Delegation
from partners.models import Relationship, RelationshipActivity

from .models import ReminderKind, ReminderSettings, SentReminder

logger = logging.getLogger(__name__)

Kind = ReminderKind
RELATIONSHIP_DORMANT_DAYS = 365


def absolute(path):
    """``path`` on this installation, as a full address (``settings.SITE_URL``)."""
    return settings.SITE_URL + path


def record_url(record, user):
    """Where a reminder about ``record`` leads ``user``: the record's admin page when they
    may open it (every staff role may), else its public page when it is public, else the
    dashboard. A path in the active language."""
    opts = record._meta
    if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    public = type(record)._default_manager.public()
    if getattr(record, "is_public", False) and public.filter(pk=record.pk).exists():
        return record.get_absolute_url()
    return reverse("reports:dashboard")


@dataclass
class Item:
    """One line of a digest."""

    kind: str
    record: models.Model
    threshold: int
    item_date: datetime.date
    title: str = ""
    date: datetime.date | None = None
    note: str = ""
    url: str = ""

    @property
    def key(self):
        return (self.kind, self.record.pk, self.item_date, self.threshold)


@dataclass
class Section:
    kind: str
    heading: str
    date_label: str
    items: list = field(default_factory=list)


def _short(day):
    return date_format(day, "SHORT_DATE_FORMAT")


def _in_days(days):
    if days == 0:
        return _("today")
    return ngettext("in {days} day", "in {days} days", days).format(days=days)


class Candidates:
    """The records that need attention on ``today``, fetched once per threshold and shared
    by every user's digest of the run (one query per kind and threshold)."""

    def __init__(self, today):
        self.today = today
        self._cache = {}

    def _get(self, key, build):
        if key not in self._cache:
            self._cache[key] = list(build())
        return self._cache[key]

    def expiring(self, days):
        return self._get(
            (Kind.AGREEMENT_EXPIRING, days),
            lambda: Agreement.objects.expiring_within(days, today=self.today).order_by(
                "expires_on", "id"
            ),
        )

    def dormant_agreements(self):
        return self._get(
            (Kind.AGREEMENT_DORMANT, DORMANT_AFTER_DAYS),
            lambda: (
                Agreement.objects.dormant(DORMANT_AFTER_DAYS, today=self.today)
                .with_last_activity()
                .order_by(models.F("last_activity_on").asc(nulls_first=True), "signed_on", "id")
            ),
        )

    def dormant_relationships(self):
        last = (
            RelationshipActivity.objects.filter(
                relationship=models.OuterRef("pk"), date__lte=self.today
            )
            .order_by("-date")
            .values("date")[:1]
        )
        return self._get(
            (Kind.RELATIONSHIP_DORMANT, RELATIONSHIP_DORMANT_DAYS),
            lambda: (
                Relationship.objects.dormant(RELATIONSHIP_DORMANT_DAYS, today=self.today)
                .select_related("partner")
                .annotate(last_activity_on=models.Subquery(last))
                .order_by(models.F("last_activity_on").asc(nulls_first=True), "partner__name", "id")
            ),
        )

    def delegations(self, days):
        return self._get(
            (Kind.DELEGATION_UPCOMING, days),
            lambda: Delegation.objects.upcoming(self.today).filter(
                start_date__lte=self.today + datetime.timedelta(days=days)
            ),
        )

    def permits(self, days):
        return self._get(
            (Kind.PERMIT_PENDING, days),
            lambda: Conference.objects.permit_pending(days, today=self.today),
        )

    def aid(self, days):
        return self._get(
            (Kind.AID_ENDING, days),
            lambda: AidProject.objects.ending_within(days, today=self.today),
        )


def crossed_threshold(days_left, thresholds):
    """The smallest threshold that ``days_left`` has reached (``days_left <= t``), or None.
    With (90, 30, 7): 85 days left → 90, 30 → 30, 29 → 30, 7 → 7, 0 → 7, 91 → None."""
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached else None


def due_sections(prefs, candidates):
    """The digest's sections for ``prefs`` (a ``ReminderSettings``) on the candidates' day,
    before removing what was already sent. Texts in the active language."""
    today = candidates.today
    sections = []
    if prefs.agreements_expiring:
        section = Section(Kind.AGREEMENT_EXPIRING, _("Agreements expiring"), _("Expires"))
        thresholds = prefs.expiry_thresholds
        for agreement in candidates.expiring(max(thresholds)):
            days_left = (agreement.expires_on - today).days
            threshold = crossed_threshold(days_left, thresholds)
            if threshold is None:
                continue
            note = _("expires {when}").format(when=_in_days(days_left))
            if agreement.reference_number:
                note = f"{agreement.reference_number} · {note}"
            section.items.append(
                Item(
                    Kind.AGREEMENT_EXPIRING,
                    agreement,
                    threshold,
                    agreement.expires_on,
                    agreement.display_title,
                    agreement.expires_on,
                    note,
                )
            )
        sections.append(section)
    if prefs.agreements_dormant:
        section = Section(
            Kind.AGREEMENT_DORMANT,
            _("Agreements without implementation activity for 12 months"),
            _("Last activity"),
        )
        for agreement in candidates.dormant_agreements():
            since = agreement.last_activity_on or agreement.signed_on
            if agreement.last_activity_on:
                note = _("signed {date}").format(date=_short(agreement.signed_on))
            else:
                note = _("signed {date}; no implementation activity recorded").format(
                    date=_short(agreement.signed_on)
                )
            section.items.append(
                Item(
                    Kind.AGREEMENT_DORMANT,
                    agreement,
                    DORMANT_AFTER_DAYS,
                    since,
                    agreement.display_title,
                    agreement.last_activity_on,
                    note,
                )
            )
        sections.append(section)
    if prefs.relationships_dormant:
        section = Section(
            Kind.RELATIONSHIP_DORMANT,
            _("Relationships dormant for 12 months"),
            _("Last activity"),
        )
        for relationship in candidates.dormant_relationships():
            since = (
                relationship.last_activity_on
                or relationship.established_on
                or relationship.created_at.date()
            )
            section.items.append(
                Item(
                    Kind.RELATIONSHIP_DORMANT,
                    relationship,
                    RELATIONSHIP_DORMANT_DAYS,
                    since,
                    str(relationship.partner),
                    relationship.last_activity_on,
                    f"{relationship.get_level_display()} · {relationship.get_status_display()}",
                )
            )
        sections.append(section)
    if prefs.delegations_upcoming:
        days = prefs.delegation_days
        section = Section(
            Kind.DELEGATION_UPCOMING,
            _("Delegations in the next {days} days").format(days=days),
            _("Starts"),
        )
        for delegation in candidates.delegations(days):
            direction = (
                _("Inbound")
                if delegation.direction == Delegation.Direction.INBOUND
                else _("Outbound")
            )
            countries = ", ".join(country.name for country in delegation.countries)
            section.items.append(
                Item(
                    Kind.DELEGATION_UPCOMING,
                    delegation,
                    days,
                    delegation.start_date,
                    delegation.display_title,
                    delegation.start_date,
                    " · ".join(
                        part
                        for part in (
                            direction,
                            countries,
                            delegation.get_status_display(),
                            _in_days((delegation.start_date - today).days),
                        )
                        if part
                    ),
                )
            )
        sections.append(section)
    if prefs.permits_pending:
        days = prefs.permit_days
        section = Section(
            Kind.PERMIT_PENDING,
            _("Hosted conferences in the next {days} days without an approved permit").format(
                days=days
            ),
            _("Starts"),
        )
        for conference in candidates.permits(days):
            section.items.append(
                Item(
                    Kind.PERMIT_PENDING,
                    conference,
                    days,
                    conference.start_date,
                    conference.display_name,
                    conference.start_date,
                    f"{conference.get_permit_status_display()} · {_in_days((conference.start_date - today).days)}",
                )
            )
        sections.append(section)
    if prefs.aid_ending:
        days = prefs.aid_days
        section = Section(
            Kind.AID_ENDING,
            _("Aid projects ending in the next {days} days").format(days=days),
            _("Ends"),
        )
        for project in candidates.aid(days):
            section.items.append(
                Item(
                    Kind.AID_ENDING,
                    project,
                    days,
                    project.end_date,
                    project.display_title,
                    project.end_date,
                    f"{project.get_status_display()} · {_in_days((project.end_date - today).days)}",
                )
            )
        sections.append(section)
    return sections


def without_sent(sections, user):
    """The sections without the items already sent to ``user`` (one query), and without
    the sections left empty."""
    items = [item for section in sections for item in section.items]
    if not items:
        return []
    sent = set(
        SentReminder.objects.filter(
            user=user, object_id__in={item.record.pk for item in items}
        ).values_list("kind", "object_id", "item_date", "threshold")
    )
    kept = []
    for section in sections:
        section.items = [item for item in section.items if item.key not in sent]
        if section.items:
            kept.append(section)
    return kept


@dataclass
class Digest:
    user: object
    prefs: ReminderSettings
    sections: list
    message: EmailMultiAlternatives

    @property
    def items(self):
        return [item for section in self.sections for item in section.items]


def build_digest(prefs, candidates):
    """The email for ``prefs.user`` on the candidates' day, or None when there is nothing
    new to say. Rendered in the user's language."""
    user = prefs.user
    with translation.override(prefs.language):
        sections = without_sent(due_sections(prefs, candidates), user)
        if not sections:
            return None
        for section in sections:
            for item in section.items:
                item.url = absolute(record_url(item.record, user))
        count = sum(len(section.items) for section in sections)
        today = candidates.today
        subject = "{}: {} ({})".format(
            _("Diplomacy Tracker"),
            ngettext(
                "{count} item needs your attention",
                "{count} items need your attention",
                count,
            ).format(count=count),
            _short(today),
        )
        context = {
            "user": user,
            "sections": sections,
            "count": count,
            "today": today,
            "settings_url": absolute(reverse("reminders:settings")),
            "dashboard_url": absolute(reverse("reports:dashboard")),
            "site_city_name": settings.SITE_CITY_NAME.get(prefs.language)
            or settings.SITE_CITY_NAME[settings.LANGUAGE_CODE],
        }
        text = render_to_string("reminders/digest.txt", context)
        html = render_to_string("reminders/digest.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    return Digest(user, prefs, sections, message)


def recipients():
    """The settings of every user who gets a digest: subscribed, active, staff, with an
    email address, and still in a role that may see the dashboard."""
    from reports.views import may_view_dashboard

    rows = (
        ReminderSettings.objects.filter(subscribed=True, user__is_active=True, user__is_staff=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    return [row for row in rows if may_view_dashboard(row.user)]


@dataclass
class RunResult:
    sent: list = field(default_factory=list)  # the digests sent (or, dry, to send)
    failed: list = field(default_factory=list)  # (user, error)


def send_reminders(today, *, dry_run=False, write=None):
    """Send today's digest to every recipient; ``dry_run``: send and record nothing, only
    describe (``write``, a function taking a line). Each user's digest is its own
    transaction: the user's settings row is locked (a second run at the same time waits,
    then finds the items sent), the email sent, then the items recorded; an email that
    fails records nothing, so the next run tries again."""
    result = RunResult()
    candidates = Candidates(today)
    for prefs in recipients():
        try:
            with transaction.atomic():
                locked = (
                    ReminderSettings.objects.select_for_update()
                    .select_related("user")
                    .get(pk=prefs.pk)
                )
                digest = build_digest(locked, candidates)
                if digest is None:
                    continue
                if dry_run:
                    result.sent.append(digest)
                    if write:
                        describe(digest, write)
                    continue
                digest.message.send(fail_silently=False)
                SentReminder.objects.bulk_create(
                    SentReminder(
                        user=digest.user,
                        kind=item.kind,
                        object_id=item.record.pk,
                        item_date=item.item_date,
                        threshold=item.threshold,
                    )
                    for item in digest.items
                )
                result.sent.append(digest)
        except Exception as error:  # one user's failure must not stop the others' digests
            logger.exception("Reminder digest to %s failed", prefs.user)
            result.failed.append((prefs.user, error))
    return result


def describe(digest, write):
    message = digest.message
    write(f"To {message.to[0]} ({digest.prefs.language}): {message.subject}")
    for section in digest.sections:
        write(f"  {section.heading}")
        for item in section.items:
            when = item.date.isoformat() if item.date else "-"
            write(f"    - {when} {item.title} [{item.threshold}] {item.url}")
