"""The demo delegations: the seeds' figures for 2020–2025, the real visits from the seeds,
idempotency without churn, and every row within the model's constraints."""

import datetime
import io
import unicodedata

import pytest
from django.core.management import call_command

from delegations import demo
from delegations.models import Delegation, DelegationMember

TEXT_FIELDS = [
    "title",
    "title_en",
    "purpose",
    "purpose_en",
    "head_name",
    "head_title",
    "city_leader",
    "outcome",
    "outcome_en",
    "media_outlets",
    "notes",
]


# Every test reads the demo, loaded once for the module (demo_data in tests/conftest.py);
# what a test changes (a second load included) is rolled back after it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def load_demo():
    call_command("load_demo", force=True, stdout=io.StringIO())


def generated_ids():
    return list(
        Delegation.objects.filter(notes=demo.GENERATED_NOTE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def test_inbound_delegations_of_2020_to_2025_number_2012_with_41_press_delegations():
    inbound = press = 0
    first, last = datetime.date(2020, 1, 1), datetime.date(2025, 12, 31)
    for row in Delegation.objects.values("direction", "kind", "status", "start_date"):
        if row["direction"] != "inbound" or row["status"] == "cancelled":
            continue
        if first <= row["start_date"] <= last:
            inbound += 1
            press += row["kind"] == "press"
    assert (inbound, press) == (2012, 41)


def test_inbound_delegations_dip_in_the_covid_years():
    per_year = {}
    for row in Delegation.objects.values("direction", "status", "start_date"):
        if row["direction"] == "inbound" and row["status"] != "cancelled":
            year = row["start_date"].year
            per_year[year] = per_year.get(year, 0) + 1
    assert per_year[2021] < per_year[2020] < per_year[2022] < per_year[2023] < per_year[2024]


def test_loading_twice_keeps_the_rows_and_the_ids_of_the_generated_delegations():
    # After the first load, demo_data's.
    ids, members = generated_ids(), DelegationMember.objects.count()
    total = Delegation.objects.count()
    load_demo()
    assert generated_ids() == ids
    assert len(ids) == len(demo.generated_delegations())
    assert Delegation.objects.count() == total
    assert DelegationMember.objects.count() == members > 0


def test_an_incomplete_generated_set_is_created_again_in_full():
    total = Delegation.objects.count()
    partner_links = Delegation.partners.through.objects.count()
    Delegation.objects.filter(pk__in=generated_ids()[:5]).delete()
    load_demo()
    assert Delegation.objects.count() == total
    assert Delegation.partners.through.objects.count() == partner_links


def test_the_seed_delegations_are_public():
    german = Delegation.objects.public().get(
        head_title="Tổng Lãnh sự Đức tại TP. Hồ Chí Minh", notes=""
    )
    assert german.kind == Delegation.Kind.DIPLOMATIC
    assert german.head_rank == Delegation.Rank.AMBASSADOR
    assert [p.name for p in german.partners.all()] == [
        "Consulate General of Germany in Ho Chi Minh City"
    ]
    handovers = Delegation.objects.public().filter(
        direction="inbound", sectors__code="health", title__contains="COVID-19", notes=""
    )
    assert {d.partners.get().name for d in handovers} == {
        "Riverside",
        "Kaposvár",
        "Okayama",
        "Jeollanam-do",
    }
    aid = Delegation.objects.public().filter(direction="outbound", notes="")
    assert sorted(country.code for d in aid for country in d.countries) == ["KH", "LA"]


def test_every_demo_delegation_satisfies_the_model_constraints():
    delegations = list(Delegation.objects.order_by("pk"))
    sample = [d for index, d in enumerate(delegations) if index % 10 == 0 or not d.notes]
    for delegation in sample:
        delegation.validate_constraints()
    for delegation in delegations:
        assert delegation.end_date - delegation.start_date <= datetime.timedelta(days=3)
        assert (delegation.media_outlets != "") == delegation.is_press
        if delegation.kind == Delegation.Kind.DIPLOMATIC:
            assert delegation.head_rank == Delegation.Rank.AMBASSADOR
        for field in TEXT_FIELDS:
            text = getattr(delegation, field)
            assert unicodedata.normalize("NFC", text) == text, (delegation.pk, field)


def test_the_demo_has_upcoming_and_cancelled_delegations():
    upcoming = Delegation.objects.filter(
        start_date__gt=demo.DEMO_TODAY, status__in=["planned", "confirmed"]
    )
    assert 5 <= upcoming.count() <= 15
    assert upcoming.filter(status="confirmed", visibility="public").exists()
    assert not Delegation.objects.filter(
        start_date__gt=demo.DEMO_TODAY, status="completed"
    ).exists()
    cancelled = Delegation.objects.filter(status="cancelled")
    assert 10 <= cancelled.count() <= 20
    assert {d.direction for d in cancelled} == {"inbound", "outbound"}
    assert not Delegation.objects.public().filter(status="cancelled").exists()
