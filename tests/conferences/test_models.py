"""Conferences: one database test per constraint, the participant and permit rules with
their messages, the querysets (public, hosted, attended, in_period, for_list), the end date
of a one-day event, and how a conference names its organiser."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from conferences.models import Conference
from core.models import Visibility
from tests.factories import (
    ConferenceFactory,
    ConferenceSessionFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    RecommendationFactory,
    SectorFactory,
)
from tests.partners.test_models import violates

Permit = Conference.PermitStatus
Role = Conference.Role
START = datetime.date(2023, 6, 14)


def _with_secret_visibility():
    ConferenceFactory(visibility="secret")


def _with_unknown_kind():
    ConferenceFactory(kind="banquet")


def _with_unknown_format():
    ConferenceFactory(format="by_post")


def _with_blank_name():
    ConferenceFactory(name="")


def _ending_before_it_starts():
    ConferenceFactory(start_date=START, end_date=START - datetime.timedelta(days=1))


def _without_an_organiser():
    ConferenceFactory(organiser_unit=None, organiser_partner=None, organiser_name="")


def _more_foreign_participants_than_participants():
    ConferenceFactory(participants_total=40, participants_foreign=41)


def _hosted_without_a_permit_status():
    ConferenceFactory(permit_status="")


def _approved_without_a_decision_number():
    ConferenceFactory(permit_status=Permit.APPROVED, permit_number="")


def _permit_dated_after_the_end():
    ConferenceFactory(permit_date=START + datetime.timedelta(days=1))


def _session_of_unknown_kind():
    ConferenceSessionFactory(kind="banquet")


def _session_without_a_title():
    ConferenceSessionFactory(title="")


def _recommendation_without_text():
    RecommendationFactory(text="")


def _permit_number_without_a_date():
    ConferenceFactory(permit_status=Conference.PermitStatus.REQUESTED, permit_date=None)


def _edition_zero():
    ConferenceFactory(edition=0)


INVALID_ROWS = {
    "conferences_permit_number_with_date": _permit_number_without_a_date,
    "conferences_edition_positive": _edition_zero,
    "conferences_conference_visibility_valid": _with_secret_visibility,
    "conferences_kind_valid": _with_unknown_kind,
    "conferences_format_valid": _with_unknown_format,
    "conferences_name_not_blank": _with_blank_name,
    "conferences_end_after_start": _ending_before_it_starts,
    "conferences_organiser_given": _without_an_organiser,
    "conferences_foreign_within_total": _more_foreign_participants_than_participants,
    "conferences_permit_only_when_hosted": _hosted_without_a_permit_status,
    "conferences_permit_decision_recorded": _approved_without_a_decision_number,
    "conferences_permit_before_end": _permit_dated_after_the_end,
    "conferences_session_kind_valid": _session_of_unknown_kind,
    "conferences_session_title_not_blank": _session_without_a_title,
    "conferences_recommendation_not_blank": _recommendation_without_text,
}
# A role outside the choices breaks conferences_permit_only_when_hosted too (it is neither
# hosted nor attended); SQLite names the first constraint declared, PostgreSQL the first
# by name, so this one is tested on its own below.
TESTED_APART = {"conferences_role_valid"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(INVALID_ROWS))
def test_the_database_refuses_a_row_that_breaks_the_constraint(name):
    with violates(name):
        INVALID_ROWS[name]()


@pytest.mark.django_db
def test_the_database_refuses_an_unknown_role():
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        ConferenceFactory(role="online")

    if connection.vendor == "sqlite":
        assert "conferences_role_valid" in str(excinfo.value)
    else:
        assert "conferences_" in str(excinfo.value)


@pytest.mark.django_db
def test_validate_constraints_names_the_unknown_role_with_the_choices_message():
    conference = ConferenceFactory.build(organiser_unit=LocalUnitFactory(), role="online_only")

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        conference.validate_constraints()

    assert "Choose one of the listed values." in excinfo.value.messages


def test_every_conferences_constraint_has_a_database_test():
    models = apps.get_app_config("conferences").get_models()
    names = {c.name for m in models for c in m._meta.constraints}
    assert names == set(INVALID_ROWS) | TESTED_APART


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["participants_total", "participants_foreign", "countries_count", "localities_count"]
)
def test_the_database_refuses_a_negative_count(field):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceFactory(**{field: -1})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "permit",
    [
        # Each case breaks this one rule only (PostgreSQL names the first it finds).
        {"permit_status": Permit.REQUESTED},
        {"permit_number": "12/QĐ-UBND", "permit_date": datetime.date(2023, 5, 20)},
        {"permit_authority": "UBND thành phố Cần Thơ"},
        {"permit_requested_by": "a unit"},
    ],
    ids=["status", "decision", "authority", "requested-by"],
)
def test_a_conference_attended_elsewhere_has_no_permit_at_all(permit):
    if "permit_requested_by" in permit:
        permit = {"permit_requested_by": LocalUnitFactory()}

    with violates("conferences_permit_only_when_hosted"):
        ConferenceFactory(attended=True, **permit)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Permit.REQUESTED, Permit.REJECTED, Permit.CANCELLED])
def test_a_permit_not_approved_needs_no_decision_number(status):
    conference = ConferenceFactory(permit_status=status, permit_number="", permit_date=None)

    conference.full_clean()


@pytest.mark.django_db
def test_a_held_conference_needs_the_decision_date_too():
    with violates("conferences_permit_decision_recorded"):
        ConferenceFactory(permit_status=Permit.HELD, permit_date=None)


@pytest.mark.django_db
def test_foreign_participants_may_equal_the_total_or_be_known_alone():
    ConferenceFactory(participants_total=40, participants_foreign=40).full_clean()
    ConferenceFactory(participants_total=None, participants_foreign=12).full_clean()
    ConferenceFactory(participants_total=0, participants_foreign=0).full_clean()


@pytest.mark.django_db
def test_a_permit_decided_on_the_last_day_is_accepted():
    ConferenceFactory(
        end_date=START + datetime.timedelta(days=2), permit_date=START + datetime.timedelta(2)
    ).full_clean()


@pytest.mark.django_db
def test_an_organiser_named_only_is_enough():
    ConferenceFactory(
        attended=True, organiser_unit=None, organiser_name="Bộ Ngoại giao"
    ).full_clean()


@pytest.mark.django_db
def test_full_clean_reports_too_many_foreign_participants_with_the_constraint_message():
    conference = ConferenceFactory.build(
        organiser_unit=LocalUnitFactory(), participants_total=40, participants_foreign=41
    )

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        conference.full_clean()

    assert excinfo.value.messages == [
        "There cannot be more foreign participants than participants."
    ]


@pytest.mark.django_db
def test_full_clean_reports_an_approved_permit_without_its_decision():
    conference = ConferenceFactory.build(
        organiser_unit=LocalUnitFactory(), permit_number="", permit_date=None
    )

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        conference.full_clean()

    assert excinfo.value.messages == ["An approved permit needs its decision number and date."]


@pytest.mark.django_db
def test_a_one_day_event_may_leave_the_end_date_empty():
    saved = ConferenceFactory(start_date=START, end_date=None)
    saved.refresh_from_db()
    cleaned = ConferenceFactory.build(
        organiser_unit=LocalUnitFactory(), start_date=START, end_date=None
    )
    cleaned.full_clean()

    assert saved.end_date == cleaned.end_date == START


@pytest.mark.django_db
def test_an_end_date_given_is_kept():
    conference = ConferenceFactory(start_date=START, end_date=START + datetime.timedelta(2))
    conference.refresh_from_db()

    assert conference.end_date == datetime.date(2023, 6, 16)


@pytest.mark.django_db
def test_public_conferences_are_published_and_neither_rejected_nor_cancelled():
    shown = {
        ConferenceFactory(public=True, permit_status=status)
        for status in (Permit.REQUESTED, Permit.APPROVED, Permit.HELD)
    }
    shown.add(ConferenceFactory(public=True, attended=True))
    ConferenceFactory(public=True, permit_status=Permit.REJECTED)
    ConferenceFactory(public=True, permit_status=Permit.CANCELLED)
    ConferenceFactory(visibility=Visibility.INTERNAL, permit_status=Permit.HELD)
    ConferenceFactory(attended=True)

    assert set(Conference.objects.public()) == shown


@pytest.mark.django_db
def test_hosted_and_attended_split_the_conferences_by_role():
    hosted = ConferenceFactory()
    attended = ConferenceFactory(attended=True)

    assert list(Conference.objects.hosted()) == [hosted]
    assert list(Conference.objects.attended()) == [attended]


@pytest.mark.django_db
def test_a_period_includes_both_its_end_days_and_counts_a_conference_where_it_began():
    def conference(start, end=None):
        return ConferenceFactory(attended=True, start_date=start, end_date=end)

    first_day = conference(datetime.date(2024, 1, 1))
    last_day = conference(datetime.date(2024, 12, 31), datetime.date(2025, 1, 2))
    before = conference(datetime.date(2023, 12, 31), datetime.date(2024, 1, 2))
    after = conference(datetime.date(2025, 1, 1))

    rows = Conference.objects
    assert set(rows.in_period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))) == {
        first_day,
        last_day,
    }
    assert set(rows.in_period(start=datetime.date(2024, 12, 31))) == {last_day, after}
    assert set(rows.in_period(end=datetime.date(2023, 12, 31))) == {before}
    assert rows.in_period().count() == 4


@pytest.mark.django_db
def test_for_list_loads_organisers_and_sectors_in_two_queries(django_assert_num_queries):
    for _index in range(3):
        ConferenceFactory(organiser_partner=ForeignPartnerFactory(), sectors=[SectorFactory()])
    ConferenceFactory(organiser_unit=None, organiser_partner=ForeignPartnerFactory())

    with django_assert_num_queries(2):
        rows = [
            (c.organiser_unit, c.organiser_partner, list(c.sectors.all()))
            for c in Conference.objects.for_list()
        ]

    assert len(rows) == 4
    assert sum(1 for _unit, _partner, sectors in rows if sectors) == 3


@pytest.mark.django_db
def test_the_organiser_is_the_unit_else_the_partner_else_the_name():
    unit = LocalUnitFactory(name="Sở Ngoại vụ")
    partner = ForeignPartnerFactory(name="JICA")

    assert ConferenceFactory(organiser_unit=unit, organiser_partner=partner).organiser == unit
    assert ConferenceFactory(organiser_unit=None, organiser_partner=partner).organiser == partner
    named = ConferenceFactory(attended=True, organiser_unit=None, organiser_name="Bộ Ngoại giao")
    assert named.organiser == "Bộ Ngoại giao"


@pytest.mark.django_db
def test_a_conference_is_upcoming_only_after_today():
    today = timezone.localdate()

    assert ConferenceFactory(attended=True, start_date=today + datetime.timedelta(1)).is_upcoming
    assert not ConferenceFactory(attended=True, start_date=today).is_upcoming


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "Hội nghị Ngoại giao lần thứ 31"), ("en", "31st Diplomatic Conference")],
)
def test_a_conference_reads_as_its_name_in_the_active_language(language, expected):
    conference = ConferenceFactory(
        name="Hội nghị Ngoại giao lần thứ 31", name_en="31st Diplomatic Conference"
    )

    with translation.override(language):
        assert str(conference) == expected


@pytest.mark.django_db
def test_a_conference_without_an_english_name_reads_in_vietnamese_in_english():
    conference = ConferenceFactory(name="Hội thảo quốc tế", name_en="")

    with translation.override("en"):
        assert str(conference) == "Hội thảo quốc tế"


@pytest.mark.django_db
def test_sessions_and_recommendations_read_in_the_active_language():
    session = ConferenceSessionFactory(title="Phiên toàn thể", title_en="Plenary session")
    recommendation = RecommendationFactory(text="Kiến nghị " + "dài " * 30, text_en="")

    with translation.override("en"):
        assert str(session) == "Plenary session"
        assert str(recommendation) == recommendation.text[:80]
    with translation.override("vi"):
        assert str(session) == "Phiên toàn thể"


@pytest.mark.django_db
def test_a_conference_cancelled_before_its_permit_was_decided_is_not_permitted():
    before = ConferenceFactory(
        permit_status=Conference.PermitStatus.CANCELLED, permit_number="", permit_date=None
    )
    after = ConferenceFactory(permit_status=Conference.PermitStatus.CANCELLED)

    assert not before.is_permitted
    assert after.is_permitted
    assert list(Conference.objects.permitted()) == [after]
