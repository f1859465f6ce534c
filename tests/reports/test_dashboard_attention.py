"""The dashboard's "needs attention" lists of conferences whose permit is still awaited and
of aid projects about to end: what they count (checked against a recount in Python), what
they show, and that each leads to the admin list of exactly those records."""

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from aid.models import AidProject
from conferences.models import Conference
from reports.statistics import aid_ending_count, permits_pending_count
from reports.views import AID_ENDING_DAYS, PERMIT_PENDING_DAYS
from tests.factories import (
    AidProjectFactory,
    ConferenceFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PERMIT_STATUSES = Conference.PermitStatus.values


def conference(start_date, permit_status, role=Conference.Role.HOSTED, **values):
    if role == Conference.Role.ATTENDED:
        values.update(permit_status="", permit_number="", permit_date=None, permit_authority="")
    elif permit_status in (Conference.PermitStatus.REQUESTED, Conference.PermitStatus.REJECTED):
        values.update(permit_status=permit_status, permit_number="", permit_date=None)
    else:
        values.update(permit_status=permit_status)
    return ConferenceFactory(start_date=start_date, role=role, **values)


def random_records(rng, today, size=40):
    """Conferences of every role and permit status, and aid projects of every status,
    around today: some just inside the lists' windows, some just outside."""
    for _ in range(size):
        role = rng.choice(Conference.Role.values)
        conference(
            today + rng.randrange(-5, PERMIT_PENDING_DAYS + 6) * DAY,
            rng.choice(PERMIT_STATUSES),
            role=role,
            visibility=rng.choice(["public", "internal"]),
        )
        start = today - rng.randrange(30, 400) * DAY
        AidProjectFactory(
            committed_on=start,
            start_date=start,
            end_date=today + rng.randrange(-5, AID_ENDING_DAYS + 6) * DAY,
            status=rng.choice(AidProject.Status.values),
            direction=rng.choice(AidProject.Direction.values),
            visibility=rng.choice(["public", "internal"]),
        )


def pending_recount(today, days, public=False):
    return {
        c.pk
        for c in Conference.objects.all()
        if c.role == Conference.Role.HOSTED
        and c.permit_status == Conference.PermitStatus.REQUESTED
        and today <= c.start_date <= today + days * DAY
        and (not public or c.visibility == "public")
    }


def ending_recount(today, days, public=False):
    return {
        p.pk
        for p in AidProject.objects.all()
        if p.status in (AidProject.Status.APPROVED, AidProject.Status.ONGOING)
        and p.end_date is not None
        and today <= p.end_date <= today + days * DAY
        and (not public or p.visibility == "public")
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_the_counts_equal_a_recount(seed):
    today = timezone.localdate()
    random_records(random.Random(seed), today)
    pending = pending_recount(today, PERMIT_PENDING_DAYS)
    ending = ending_recount(today, AID_ENDING_DAYS)
    assert pending and ending  # the data made the test meaningful

    assert permits_pending_count(days=PERMIT_PENDING_DAYS) == len(pending)
    assert aid_ending_count(days=AID_ENDING_DAYS) == len(ending)
    assert permits_pending_count(days=7, today=today) == len(pending_recount(today, 7))
    assert aid_ending_count(days=7, today=today) == len(ending_recount(today, 7))
    # The public pages' share, for a public dashboard of these figures.
    assert permits_pending_count(days=PERMIT_PENDING_DAYS, public=True) == len(
        pending_recount(today, PERMIT_PENDING_DAYS, public=True)
    )
    assert aid_ending_count(days=AID_ENDING_DAYS, public=True) == len(
        ending_recount(today, AID_ENDING_DAYS, public=True)
    )


def lists_by_title(viewer_client):
    with translation.override("en"):
        response = viewer_client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    return {record_list.title: record_list for record_list in response.context["lists"]}, response


def test_the_dashboard_lists_conferences_awaiting_a_permit_soonest_first(viewer_client):
    today = timezone.localdate()
    unit = LocalUnitFactory(name_en="Department of Health")
    later = conference(today + 20 * DAY, "requested", name_en="Mekong forum")
    sooner = conference(
        today + 2 * DAY, "requested", name_en="Rice seminar", permit_requested_by=unit
    )
    conference(today + 2 * DAY, "approved", name_en="Already permitted")
    conference(today + (PERMIT_PENDING_DAYS + 1) * DAY, "requested", name_en="Too far ahead")
    conference(today - DAY, "requested", name_en="Already begun")

    lists, response = lists_by_title(viewer_client)

    permits = lists[f"Conferences awaiting a permit, in the next {PERMIT_PENDING_DAYS} days"]
    assert [item.title for item in permits.items] == ["Rice seminar", "Mekong forum"]
    assert [item.date for item in permits.items] == [sooner.start_date, later.start_date]
    assert permits.items[0].meta == "requested by Department of Health"
    with translation.override("en"):
        change = reverse("admin:conferences_conference_change", args=[sooner.pk])
    assert permits.items[0].url == change
    assert permits.count == 2
    page = response.content.decode()
    assert "Rice seminar" in page and "Too far ahead" not in page


def test_the_dashboard_lists_aid_projects_about_to_end(viewer_client):
    today = timezone.localdate()
    donor = ForeignPartnerFactory(name="Okayama")
    ending = AidProjectFactory(
        title_en="Clean water",
        status=AidProject.Status.ONGOING,
        end_date=today + 10 * DAY,
        partner=donor,
    )
    AidProjectFactory(
        title_en="Finished early", status=AidProject.Status.COMPLETED, end_date=today + 5 * DAY
    )
    AidProjectFactory(
        title_en="Ends later",
        status=AidProject.Status.ONGOING,
        end_date=today + (AID_ENDING_DAYS + 1) * DAY,
    )

    lists, _response = lists_by_title(viewer_client)

    aid = lists[f"Aid projects ending within {AID_ENDING_DAYS} days"]
    assert [item.title for item in aid.items] == ["Clean water"]
    assert aid.items[0].date == ending.end_date
    assert aid.items[0].meta == "Received by the city · Okayama"
    assert aid.count == 1


def test_empty_lists_say_so(viewer_client):
    lists, _response = lists_by_title(viewer_client)

    permits = lists[f"Conferences awaiting a permit, in the next {PERMIT_PENDING_DAYS} days"]
    aid = lists[f"Aid projects ending within {AID_ENDING_DAYS} days"]
    assert permits.count == aid.count == 0
    assert permits.empty == (
        f"No conference of the next {PERMIT_PENDING_DAYS} days is waiting for its permit."
    )
    assert aid.empty == f"No aid project ends within {AID_ENDING_DAYS} days."


@pytest.mark.parametrize("seed", [3, 4])
def test_every_attention_list_links_to_exactly_its_records(viewer_client, seed):
    today = timezone.localdate()
    random_records(random.Random(seed), today)
    lists, _response = lists_by_title(viewer_client)
    expected = {
        f"Conferences awaiting a permit, in the next {PERMIT_PENDING_DAYS} days": pending_recount(
            today, PERMIT_PENDING_DAYS
        ),
        f"Aid projects ending within {AID_ENDING_DAYS} days": ending_recount(
            today, AID_ENDING_DAYS
        ),
    }
    for title, records in expected.items():
        record_list = lists[title]
        response = viewer_client.get(record_list.url)
        assert response.status_code == 200, record_list.url
        changelist = response.context["cl"]
        assert {obj.pk for obj in changelist.queryset} == records, title
        assert changelist.result_count == record_list.count == len(records)
        # The list's first rows are among them.
        listed = {int(item.url.rstrip("/").split("/")[-2]) for item in record_list.items}
        assert listed <= records
    # Every list of the dashboard leads to a change list that accepts its filters.
    for record_list in lists.values():
        response = viewer_client.get(record_list.url)
        assert response.status_code == 200 and "cl" in response.context, record_list.url
        assert response.context["cl"].result_count == record_list.count, record_list.title


def test_the_lists_cost_the_same_queries_for_two_records_or_twelve(viewer_client):
    """Each list reads its first rows with what they show (the requesting unit, the
    partner) in one query: no query per row."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()

    def add(count):
        for number in range(count):
            conference(
                today + (1 + number) * DAY, "requested", permit_requested_by=LocalUnitFactory()
            )
            AidProjectFactory(
                status=AidProject.Status.ONGOING,
                end_date=today + (1 + number) * DAY,
                partner=ForeignPartnerFactory(),
            )

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            lists, _response = lists_by_title(viewer_client)
        return len(captured), lists

    add(2)
    few, lists = queries()
    assert sum(len(record_list.items) for record_list in lists.values()) >= 4
    add(10)
    many, lists = queries()
    assert many == few
    assert lists[f"Aid projects ending within {AID_ENDING_DAYS} days"].count == 12
