"""Delegations: database constraints, validation messages, the public/counted/period
querysets, and how a delegation reads."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core.models import Visibility
from delegations.models import Delegation
from tests.factories import DelegationFactory, DelegationMemberFactory, ForeignPartnerFactory
from tests.partners.test_models import violates

Status = Delegation.Status


def _delegation_with_secret_visibility():
    DelegationFactory(visibility="secret")


def _delegation_with_unknown_direction():
    DelegationFactory(direction="sideways")


def _delegation_with_unknown_kind():
    DelegationFactory(kind="military")


def _delegation_with_unknown_rank():
    DelegationFactory(head_rank="emperor")


def _delegation_with_unknown_status():
    DelegationFactory(status="postponed")


def _delegation_with_blank_title():
    DelegationFactory(title="")


def _delegation_with_no_head():
    DelegationFactory(head_name="", head_title="")


def _delegation_from_no_country():
    DelegationFactory(countries=[])


def _delegation_of_nobody():
    DelegationFactory(member_count=0)


def _delegation_ending_before_it_starts():
    DelegationFactory(start_date=datetime.date(2024, 3, 5), end_date=datetime.date(2024, 3, 4))


def _business_delegation_with_media_outlets():
    DelegationFactory(kind=Delegation.Kind.BUSINESS, media_outlets="NHK")


def _member_without_a_name():
    DelegationMemberFactory(name="")


INVALID_ROWS = {
    "delegations_delegation_visibility_valid": _delegation_with_secret_visibility,
    "delegations_direction_valid": _delegation_with_unknown_direction,
    "delegations_kind_valid": _delegation_with_unknown_kind,
    "delegations_head_rank_valid": _delegation_with_unknown_rank,
    "delegations_status_valid": _delegation_with_unknown_status,
    "delegations_title_not_blank": _delegation_with_blank_title,
    "delegations_head_named": _delegation_with_no_head,
    "delegations_countries_not_blank": _delegation_from_no_country,
    "delegations_member_count_positive": _delegation_of_nobody,
    "delegations_end_after_start": _delegation_ending_before_it_starts,
    "delegations_media_outlets_only_for_press": _business_delegation_with_media_outlets,
    "delegations_member_name_not_blank": _member_without_a_name,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(INVALID_ROWS))
def test_the_database_refuses_a_row_that_breaks_the_constraint(name):
    with violates(name):
        INVALID_ROWS[name]()


def test_every_delegations_constraint_has_a_database_test():
    models = apps.get_app_config("delegations").get_models()
    assert {c.name for m in models for c in m._meta.constraints} == set(INVALID_ROWS)


@pytest.mark.django_db
def test_a_one_day_visit_may_leave_the_end_date_empty():
    delegation = DelegationFactory(start_date=datetime.date(2024, 6, 3), end_date=None)

    delegation.refresh_from_db()
    assert delegation.end_date == datetime.date(2024, 6, 3)
    assert delegation.duration_days == 1


@pytest.mark.django_db
def test_a_head_known_only_by_position_is_accepted():
    delegation = DelegationFactory(head_name="", head_title="Tổng Lãnh sự")

    assert delegation.head == "Tổng Lãnh sự"


@pytest.mark.django_db
def test_a_press_delegation_lists_its_media_outlets_one_per_line():
    delegation = DelegationFactory(
        kind=Delegation.Kind.PRESS, media_outlets="NHK\n\n  Yonhap  \nKBS"
    )

    assert delegation.media_outlet_list == ["NHK", "Yonhap", "KBS"]


@pytest.mark.django_db
def test_full_clean_reports_an_end_before_the_start_with_the_constraint_message():
    delegation = DelegationFactory.build(
        start_date=datetime.date(2024, 3, 5), end_date=datetime.date(2024, 3, 4)
    )

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        delegation.full_clean()

    assert "The end date cannot be before the start date." in excinfo.value.messages


@pytest.mark.django_db
def test_full_clean_reports_media_outlets_on_a_business_delegation_in_vietnamese():
    delegation = DelegationFactory.build(kind=Delegation.Kind.BUSINESS, media_outlets="NHK")

    with translation.override("vi"), pytest.raises(ValidationError) as excinfo:
        delegation.full_clean()

    (message,) = excinfo.value.messages
    assert "báo chí" in message.lower()


@pytest.mark.django_db
def test_a_delegation_from_two_countries_keeps_both_in_order():
    delegation = DelegationFactory(countries=["LA", "KH"])

    delegation.refresh_from_db()
    assert [country.code for country in delegation.countries] == ["KH", "LA"]


@pytest.mark.django_db
def test_public_delegations_are_published_and_not_cancelled():
    shown = DelegationFactory(public=True)
    DelegationFactory(public=True, status=Status.CANCELLED)
    DelegationFactory(visibility=Visibility.INTERNAL)

    assert list(Delegation.objects.public()) == [shown]


@pytest.mark.django_db
def test_counted_delegations_have_begun_and_are_not_cancelled_whatever_their_visibility():
    today = timezone.localdate()
    internal = DelegationFactory()
    public = DelegationFactory(public=True, status=Status.PLANNED, start_date=today)
    DelegationFactory(status=Status.CANCELLED)
    DelegationFactory(status=Status.CONFIRMED, start_date=today + datetime.timedelta(days=1))

    assert set(Delegation.objects.counted()) == {internal, public}


@pytest.mark.django_db
def test_upcoming_delegations_are_planned_or_confirmed_and_still_to_come_soonest_first():
    today = timezone.localdate()
    later = DelegationFactory(status=Status.PLANNED, start_date=today + datetime.timedelta(30))
    sooner = DelegationFactory(status=Status.CONFIRMED, start_date=today + datetime.timedelta(1))
    DelegationFactory(status=Status.CANCELLED, start_date=today + datetime.timedelta(2))
    DelegationFactory(status=Status.CONFIRMED, start_date=today)

    assert list(Delegation.objects.upcoming()) == [sooner, later]


@pytest.mark.django_db
def test_a_period_includes_both_its_end_days_and_counts_a_visit_where_it_began():
    first_day = DelegationFactory(start_date=datetime.date(2023, 1, 1))
    last_day = DelegationFactory(
        start_date=datetime.date(2023, 12, 31), end_date=datetime.date(2024, 1, 2)
    )
    DelegationFactory(start_date=datetime.date(2022, 12, 31), end_date=datetime.date(2023, 1, 2))
    DelegationFactory(start_date=datetime.date(2024, 1, 1))

    in_2023 = Delegation.objects.in_period(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))

    assert set(in_2023) == {first_day, last_day}


@pytest.mark.django_db
def test_for_list_shows_only_public_partners(django_assert_num_queries):
    public_partner = ForeignPartnerFactory(public=True, name="Okayama")
    internal_partner = ForeignPartnerFactory(name="Secret Holdings")
    DelegationFactory(partners=[public_partner, internal_partner])

    with django_assert_num_queries(2):
        (delegation,) = Delegation.objects.for_list()
        assert delegation.public_partners == [public_partner]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"), [("vi", "Đoàn Okayama"), ("en", "Okayama delegation")]
)
def test_a_delegation_reads_as_its_title_in_the_active_language(language, expected):
    delegation = DelegationFactory(title="Đoàn Okayama", title_en="Okayama delegation")

    with translation.override(language):
        assert str(delegation) == expected


@pytest.mark.django_db
def test_a_delegation_links_to_its_page_in_the_current_language():
    delegation = DelegationFactory()

    with translation.override("en"):
        assert delegation.get_absolute_url() == f"/en/delegations/{delegation.pk}/"
    assert delegation.get_absolute_url() == f"/delegations/{delegation.pk}/"
