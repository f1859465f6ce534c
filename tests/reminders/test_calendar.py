"""The calendar feeds: valid iCalendar that ``icalendar`` parses back, stable UIDs, DTSTAMP,
all-day dates with an exclusive end, the public feed's privacy (no internal record, ever),
the private feed's token (a reset token makes the old address 404), caching and query
budgets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agreements.models import Agreement
from conferences.models import Conference
from core.roles import EDITORS, VIEWERS
from delegations.models import Delegation
from reminders.models import ReminderSettings
from tests.conftest import _member_of
from tests.factories import AgreementFactory, ConferenceFactory, DelegationFactory

pytestmark = pytest.mark.django_db

MARKER = "QXLEAKMARKER"
SITE = "https://doingoai.example.vn"
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def today():
    return timezone.localdate()


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def public_feed(client, prefix=""):
    return client.get(prefix + reverse("reminders:calendar"))


def feed_of(user):
    prefs = ReminderSettings.objects.for_user(user)
    return reverse("reminders:calendar_private", args=[prefs.feed_token])


# The public feed


def test_the_public_feed_has_public_visits_conferences_and_agreement_expiries(client, today):
    delegation = DelegationFactory(
        public=True,
        start_date=today + 10 * DAY,
        end_date=today + 12 * DAY,
        status=Delegation.Status.CONFIRMED,
        purpose="Trao đổi hợp tác giáo dục",
    )
    conference = ConferenceFactory(
        public=True, start_date=today + 40 * DAY, venue="Trung tâm Hội nghị"
    )
    agreement = AgreementFactory(
        public=True, signed_on=today - 400 * DAY, expires_on=today + 60 * DAY
    )

    found = events(public_feed(client))

    host = "doingoai.example.vn"
    visit = found[f"delegation-{delegation.pk}@{host}"]
    assert visit["SUMMARY"] == delegation.title
    assert visit.decoded("DTSTART") == delegation.start_date
    assert visit.decoded("DTEND") == delegation.end_date + DAY  # exclusive end
    assert visit["DTSTART"].params.get("VALUE") == "DATE"
    assert visit.decoded("DTSTAMP").tzinfo is not None  # UTC
    assert visit["STATUS"] == "CONFIRMED"
    assert "Trao đổi hợp tác giáo dục" in visit["DESCRIPTION"]
    assert str(visit["URL"]) == "http://testserver" + delegation.get_absolute_url()

    meeting = found[f"conference-{conference.pk}@{host}"]
    assert meeting.decoded("DTSTART") == conference.start_date
    assert meeting.decoded("DTEND") == conference.start_date + DAY  # one day
    assert "Trung tâm Hội nghị" in meeting["LOCATION"]

    expiry = found[f"agreement-expiry-{agreement.pk}@{host}"]
    assert expiry.decoded("DTSTART") == agreement.expires_on
    assert expiry.decoded("DTEND") == agreement.expires_on + DAY
    assert agreement.title in expiry["SUMMARY"]
    assert expiry["TRANSP"] == "TRANSPARENT"
    assert len(found) == 3


def test_the_public_feed_is_in_the_pages_language(client, today):
    delegation = DelegationFactory(public=True, start_date=today + 3 * DAY)

    [event] = events(public_feed(client, "/en")).values()

    assert event["SUMMARY"] == delegation.title_en
    assert str(event["URL"]) == f"http://testserver/en/delegations/{delegation.pk}/"


def test_the_public_feed_never_shows_an_internal_or_cancelled_record(client, today):
    soon = today + 5 * DAY
    DelegationFactory(public=True, start_date=soon)  # something to show
    DelegationFactory(start_date=soon, title=MARKER, purpose=MARKER, notes=MARKER)
    DelegationFactory(
        public=True, start_date=soon, status=Delegation.Status.CANCELLED, title=MARKER
    )
    ConferenceFactory(start_date=soon, name=MARKER, summary=MARKER)
    ConferenceFactory(
        public=True,
        start_date=soon,
        name=MARKER,
        permit_status=Conference.PermitStatus.REJECTED,
        permit_number="",
        permit_date=None,
    )
    AgreementFactory(
        title=MARKER, reference_number=MARKER, signed_on=today - 10 * DAY, expires_on=soon
    )
    AgreementFactory(public=True, notes=MARKER, signed_on=today - 10 * DAY, expires_on=soon)

    for prefix in ("", "/en"):
        response = public_feed(client, prefix)
        assert MARKER not in response.content.decode()
        assert len(events(response)) == 2  # the public visit and the public expiry


def test_the_feed_keeps_to_its_window(client, today):
    recent = DelegationFactory(public=True, start_date=today - 300 * DAY)
    DelegationFactory(public=True, start_date=today - 400 * DAY)  # over a year ago
    far = DelegationFactory(public=True, start_date=today + 700 * DAY)
    AgreementFactory(public=True, signed_on=today - 900 * DAY, expires_on=today - 500 * DAY)

    found = events(public_feed(client))

    assert {uid.split("@")[0] for uid in found} == {
        f"delegation-{recent.pk}",
        f"delegation-{far.pk}",
    }


def test_agreements_that_renew_end_early_or_are_negotiated_have_no_expiry_event(client, today):
    AgreementFactory(
        public=True,
        signed_on=today - 100 * DAY,
        expires_on=today + 10 * DAY,
        auto_renew=True,
        renewal_term_months=12,
    )
    AgreementFactory(
        public=True,
        signed_on=today - 100 * DAY,
        expires_on=today + 10 * DAY,
        status=Agreement.Status.TERMINATED,
        terminated_on=today - 5 * DAY,
    )
    AgreementFactory(public=True, status=Agreement.Status.NEGOTIATING, signed_on=None)

    assert events(public_feed(client)) == {}


def test_the_same_records_give_the_same_feed_and_a_304(client, today):
    DelegationFactory(public=True, start_date=today + 3 * DAY)

    first = public_feed(client)
    second = public_feed(client)
    cached = client.get(reverse("reminders:calendar"), HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.content == second.content
    assert "max-age" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert cached.status_code == 304


def test_the_public_pages_link_to_the_public_feed(client):
    url = reverse("reminders:calendar")
    for page in ("core:home", "delegations:delegation_list", "conferences:conference_list"):
        assert f'href="{url}"' in client.get(reverse(page)).content.decode(), page


@pytest.mark.parametrize("size", [3, 30])
def test_the_public_feed_takes_a_fixed_number_of_queries(
    client, today, django_assert_max_num_queries, size
):
    for n in range(size):
        DelegationFactory(public=True, start_date=today + n * DAY)
        ConferenceFactory(public=True, start_date=today + n * DAY)
        AgreementFactory(public=True, signed_on=today - 10 * DAY, expires_on=today + n * DAY)

    with django_assert_max_num_queries(4):
        response = public_feed(client)

    assert len(events(response)) == 3 * size


# The private feed


def test_a_private_feed_has_every_record_and_marks_cancelled_ones(client, today):
    viewer = _member_of(VIEWERS, "leader")
    internal = DelegationFactory(start_date=today + 5 * DAY, status=Delegation.Status.PLANNED)
    cancelled = DelegationFactory(start_date=today + 6 * DAY, status=Delegation.Status.CANCELLED)
    pending = ConferenceFactory(
        start_date=today + 20 * DAY,
        permit_status=Conference.PermitStatus.REQUESTED,
        permit_number="",
        permit_date=None,
    )
    expiring = AgreementFactory(signed_on=today - 10 * DAY, expires_on=today + 30 * DAY)

    found = events(client.get(feed_of(viewer)))

    host = "doingoai.example.vn"
    assert found[f"delegation-{internal.pk}@{host}"]["STATUS"] == "TENTATIVE"
    assert found[f"delegation-{cancelled.pk}@{host}"]["STATUS"] == "CANCELLED"
    assert found[f"conference-{pending.pk}@{host}"]["STATUS"] == "TENTATIVE"
    assert f"agreement-expiry-{expiring.pk}@{host}" in found
    assert str(found[f"delegation-{internal.pk}@{host}"]["URL"]).endswith(
        reverse("admin:delegations_delegation_change", args=[internal.pk])
    )


def test_a_private_feed_is_in_the_users_language(client, today):
    viewer = _member_of(VIEWERS, "leader")
    prefs = ReminderSettings.objects.for_user(viewer)
    prefs.language = "en"
    prefs.save()
    delegation = DelegationFactory(start_date=today + 5 * DAY)

    [event] = events(client.get(feed_of(viewer))).values()

    assert event["SUMMARY"] == delegation.title_en


def test_a_private_feed_needs_its_token(client):
    viewer = _member_of(VIEWERS, "leader")
    good = ReminderSettings.objects.for_user(viewer).feed_token
    row_id, signature = good.split("-")
    other = _member_of(EDITORS, "other")
    other_token = ReminderSettings.objects.for_user(other).feed_token

    def status(token):
        return client.get(reverse("reminders:calendar_private", args=[token])).status_code

    assert status(good) == 200
    assert status(f"{row_id}-{signature[:-1]}0" if signature[-1] != "0" else f"{row_id}-0") == 404
    assert status(f"{row_id}-") == 404
    assert status(f"{row_id}-{other_token.split('-')[1]}") == 404  # another user's secret
    assert status("nothing") == 404
    assert status(f"999999-{signature}") == 404


def test_a_reset_token_makes_the_old_address_404(client):
    viewer = _member_of(VIEWERS, "leader")
    old = feed_of(viewer)
    assert client.get(old).status_code == 200

    ReminderSettings.objects.for_user(viewer).reset_feed_token()

    assert client.get(old).status_code == 404
    assert client.get(feed_of(viewer)).status_code == 200


def test_a_private_feed_stops_when_the_user_may_no_longer_sign_in(client):
    viewer = _member_of(VIEWERS, "leader")
    address = feed_of(viewer)
    viewer.is_active = False
    viewer.save()

    assert client.get(address).status_code == 404

    viewer.is_active = True
    viewer.save()
    viewer.groups.clear()
    assert client.get(address).status_code == 404


def test_a_private_feed_is_not_cached_by_shared_caches(client):
    response = client.get(feed_of(_member_of(VIEWERS, "leader")))

    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("size", [3, 30])
def test_the_private_feed_takes_a_fixed_number_of_queries(
    client, today, django_assert_max_num_queries, size
):
    viewer = _member_of(VIEWERS, "leader")
    address = feed_of(viewer)
    for n in range(size):
        DelegationFactory(start_date=today + n * DAY)
        ConferenceFactory(start_date=today + n * DAY)
        AgreementFactory(signed_on=today - 10 * DAY, expires_on=today + n * DAY)

    with django_assert_max_num_queries(6):
        response = client.get(address)

    assert len(events(response)) == 3 * size
