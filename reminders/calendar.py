"""iCalendar feeds (RFC 5545) of delegations, conferences and agreement expiries.

- The public feed shows what the public pages show, nothing else: public delegations
  (never a cancelled one), public conferences (never a rejected or cancelled one) and the
  expiry days of public agreements; each event links to its public page.
- A staff member's private feed shows every record, internal ones too, each linked to its
  admin page: cancelled delegations, and rejected or cancelled conferences, stay in it as
  ``STATUS:CANCELLED``, so that a calendar application that had the event removes it;
  planned visits and conferences whose permit is only requested are ``TENTATIVE``.

The records keep days, not times: every event is an all-day event (``VALUE=DATE``), its
``DTEND`` the day after its last day (RFC 5545: the end is exclusive), on the calendar days
of the city (Asia/Ho_Chi_Minh, the site's time zone, which also decides "today"). Each
event's ``UID`` is stable (``delegation-42@host``, ``conference-7@host``,
``agreement-expiry-3@host``, the host of ``settings.SITE_URL``) and its ``DTSTAMP`` and
``LAST-MODIFIED`` the record's last change, so the same records give the same bytes (the
views send an ETag). The window: events that ended in the last year, and every one to come.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from agreements.models import Agreement, AgreementStatus
from conferences.models import UNHELD_STATUSES, Conference, PermitStatus
from delegations.models import Delegation, DelegationStatus

PAST_DAYS = 365
REFRESH = datetime.timedelta(hours=6)
ONE_DAY = datetime.timedelta(days=1)


def uid_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _utc(moment):
    return moment.astimezone(datetime.UTC)


def _lines(*parts):
    return "\n\n".join(str(part).strip() for part in parts if part and str(part).strip())


def _event(*, uid, record, start, end, summary, description, url, status, location="", busy):
    event = Event()
    event.add("uid", f"{uid}@{uid_host()}")
    event.add("dtstamp", _utc(record.updated_at))
    event.add("last-modified", _utc(record.updated_at))
    event.add("created", _utc(record.created_at))
    event.add("dtstart", start)
    event.add("dtend", end + ONE_DAY)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("status", status)
    event.add("transp", "OPAQUE" if busy else "TRANSPARENT")
    return event


def delegation_events(queryset, *, private, link):
    for delegation in queryset:
        direction = (
            _("Inbound") if delegation.direction == Delegation.Direction.INBOUND else _("Outbound")
        )
        countries = ", ".join(country.name for country in delegation.countries)
        facts = " · ".join(
            part for part in (direction, delegation.get_kind_display(), countries) if part
        )
        extra = ""
        if private:
            extra = " · ".join(
                part
                for part in (
                    delegation.head,
                    str(delegation.host_unit) if delegation.host_unit else "",
                    delegation.get_status_display(),
                )
                if part
            )
        if delegation.status == DelegationStatus.CANCELLED:
            status = "CANCELLED"
        elif delegation.status == DelegationStatus.PLANNED:
            status = "TENTATIVE"
        else:
            status = "CONFIRMED"
        yield _event(
            uid=f"delegation-{delegation.pk}",
            record=delegation,
            start=delegation.start_date,
            end=delegation.end_date,
            summary=delegation.display_title,
            description=_lines(facts, extra, delegation.display_purpose),
            url=link(delegation),
            status=status,
            busy=True,
        )


def conference_events(queryset, *, private, link):
    for conference in queryset:
        location = ", ".join(
            part for part in (conference.venue, conference.city, conference.country.name) if part
        )
        facts = " · ".join(
            part
            for part in (
                conference.get_kind_display(),
                conference.get_role_display(),
                conference.get_format_display(),
            )
            if part
        )
        permit = conference.get_permit_status_display() if private else ""
        if conference.permit_status in UNHELD_STATUSES:
            status = "CANCELLED"
        elif conference.permit_status == PermitStatus.REQUESTED:
            status = "TENTATIVE"
        else:
            status = "CONFIRMED"
        yield _event(
            uid=f"conference-{conference.pk}",
            record=conference,
            start=conference.start_date,
            end=conference.end_date,
            summary=conference.display_name,
            description=_lines(facts, permit, conference.display_summary),
            url=link(conference),
            status=status,
            location=location,
            busy=True,
        )


def agreement_expiry_events(queryset, *, link):
    for agreement in queryset:
        yield _event(
            uid=f"agreement-expiry-{agreement.pk}",
            record=agreement,
            start=agreement.expires_on,
            end=agreement.expires_on,
            summary=_("Agreement expires: {title}").format(title=agreement.display_title),
            description=_lines(agreement.reference_number, agreement.get_kind_display()),
            url=link(agreement),
            status="CONFIRMED",
            busy=False,
        )


def expiring_agreements(queryset, since):
    """Agreements that expire (or expired) on a day from ``since`` on: signed, with an
    expiry date, not renewing automatically (those never expire), and not terminated
    before their expiry."""
    return (
        queryset.filter(expires_on__gte=since, auto_renew=False)
        .exclude(status=AgreementStatus.NEGOTIATING)
        .exclude(status=AgreementStatus.TERMINATED, terminated_on__lte=F("expires_on"))
        .order_by("expires_on", "id")
    )


def build_calendar(*, private, link, name, today=None):
    """The feed as bytes. ``private``: every record (a staff member's feed), else public
    records only. ``link(record)``: the absolute address an event points to. Three
    queries."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=PAST_DAYS)
    if private:
        delegations = Delegation.objects.select_related("host_unit")
        conferences = Conference.objects.all()
        agreements = Agreement.objects.all()
    else:
        delegations = Delegation.objects.public()
        conferences = Conference.objects.public()
        agreements = Agreement.objects.public()
    window = Q(end_date__gte=since)

    calendar = Calendar()
    calendar.add("prodid", "-//Diplomacy Tracker//{}//".format(settings.SITE_CITY_NAME["en"]))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for event in delegation_events(
        delegations.filter(window).order_by("start_date", "id"), private=private, link=link
    ):
        calendar.add_component(event)
    for event in conference_events(
        conferences.filter(window).order_by("start_date", "id"), private=private, link=link
    ):
        calendar.add_component(event)
    for event in agreement_expiry_events(expiring_agreements(agreements, since), link=link):
        calendar.add_component(event)
    return calendar.to_ical()


def admin_link(request):
    def link(record):
        opts = record._meta
        path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        return request.build_absolute_uri(path)

    return link


def public_link(request):
    def link(record):
        return request.build_absolute_uri(record.get_absolute_url())

    return link
