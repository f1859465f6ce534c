"""Aid: database constraints, validation messages, and the public/counted/period querysets."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from aid.models import AidProject, ExchangeRate
from core.models import Visibility
from tests.factories import AidProjectFactory, DisbursementFactory, ExchangeRateFactory
from tests.partners.test_models import violates

Status = AidProject.Status
Modality = AidProject.Modality
WHOLE_AMOUNT = "This currency has no minor unit: enter a whole amount."
NOT_NEGATIVE = "An amount cannot be negative."


# Each case writes one invalid row with .objects.create()/.save(), bypassing forms.
def _rate_in_an_unknown_currency():
    ExchangeRateFactory(currency="XXX")


def _rate_for_the_dong():
    ExchangeRateFactory(currency="VND")


def _rate_of_zero():
    ExchangeRateFactory(rate_to_vnd="0")


def _rate_without_a_source():
    ExchangeRateFactory(source="")


def _two_rates_of_a_currency_from_the_same_day():
    fields = {"currency": "EUR", "valid_from": datetime.date(2022, 1, 1), "source": "SBV"}
    ExchangeRate.objects.create(rate_to_vnd="26000", **fields)
    ExchangeRate.objects.create(rate_to_vnd="26100", **fields)


def _project_with_secret_visibility():
    AidProjectFactory(visibility="secret")


def _project_in_an_unknown_direction():
    AidProjectFactory(direction="sideways")


def _project_of_an_unknown_modality():
    AidProjectFactory(modality="barter")


def _project_with_an_unknown_status():
    AidProjectFactory(status="postponed")


def _project_in_an_unknown_currency():
    AidProjectFactory(currency="XXX")


def _project_without_a_title():
    AidProjectFactory(title="")


def _project_from_no_country():
    AidProjectFactory(country="")


def _negative_commitment():
    AidProjectFactory(commitment_amount="-1.00")


def _commitment_in_fractions_of_a_dong():
    AidProjectFactory(currency="VND", commitment_amount="1500000.50")


def _project_ending_before_it_starts():
    AidProjectFactory(start_date=datetime.date(2022, 3, 5), end_date=datetime.date(2022, 3, 4))


def _oda_given_by_the_city():
    AidProjectFactory(direction=AidProject.Direction.GIVEN, modality=Modality.ODA_GRANT)


def _disbursement_in_an_unknown_currency():
    DisbursementFactory(currency="XXX")


def _negative_disbursement():
    DisbursementFactory(amount="-0.01")


def _disbursement_in_fractions_of_a_yen():
    DisbursementFactory(currency="JPY", amount="1000.5")


INVALID_ROWS = {
    "aid_rate_currency_valid": _rate_in_an_unknown_currency,
    "aid_rate_not_vnd": _rate_for_the_dong,
    "aid_rate_positive": _rate_of_zero,
    "aid_rate_source_not_blank": _rate_without_a_source,
    "aid_rate_one_per_day": _two_rates_of_a_currency_from_the_same_day,
    "aid_aidproject_visibility_valid": _project_with_secret_visibility,
    "aid_direction_valid": _project_in_an_unknown_direction,
    "aid_modality_valid": _project_of_an_unknown_modality,
    "aid_status_valid": _project_with_an_unknown_status,
    "aid_project_currency_valid": _project_in_an_unknown_currency,
    "aid_title_not_blank": _project_without_a_title,
    "aid_country_not_blank": _project_from_no_country,
    "aid_commitment_not_negative": _negative_commitment,
    "aid_commitment_whole_in_vnd": _commitment_in_fractions_of_a_dong,
    "aid_end_after_start": _project_ending_before_it_starts,
    "aid_oda_only_received": _oda_given_by_the_city,
    "aid_disbursement_currency_valid": _disbursement_in_an_unknown_currency,
    "aid_disbursement_not_negative": _negative_disbursement,
    "aid_disbursement_whole_in_vnd": _disbursement_in_fractions_of_a_yen,
}
# SQLite reports a unique index on plain columns by its columns.
SQLITE_COLUMNS = {
    "aid_rate_one_per_day": "aid_exchangerate.currency, aid_exchangerate.valid_from",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(INVALID_ROWS))
def test_the_database_refuses_a_row_that_breaks_the_constraint(name):
    with violates(name, SQLITE_COLUMNS.get(name)):
        INVALID_ROWS[name]()


def test_every_aid_constraint_has_a_database_test():
    models = apps.get_app_config("aid").get_models()
    assert {c.name for m in models for c in m._meta.constraints} == set(INVALID_ROWS)


@pytest.mark.django_db
@pytest.mark.parametrize("currency", ["VND", "JPY", "KRW"])
def test_the_database_refuses_a_fraction_in_a_currency_without_a_minor_unit(currency):
    with violates("aid_commitment_whole_in_vnd"):
        AidProjectFactory(currency=currency, commitment_amount="1000.01")
    with violates("aid_disbursement_whole_in_vnd"):
        DisbursementFactory(currency=currency, amount="999.99")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("currency", "amount"),
    [("VND", "1500000"), ("VND", "1500000.00"), ("JPY", "2000000"), ("KRW", "0"),
     ("USD", "75000.50"), ("EUR", "0.01"), ("HUF", "4500000.25")],
)  # fmt: skip
def test_the_database_accepts_whole_amounts_and_cents_where_the_currency_has_them(currency, amount):
    project = AidProjectFactory(currency=currency, commitment_amount=amount)
    disbursement = DisbursementFactory(project=project, currency=currency, amount=amount)

    project.refresh_from_db()
    disbursement.refresh_from_db()
    assert project.commitment_amount == disbursement.amount == Decimal(amount)
    project.validate_constraints()
    disbursement.validate_constraints()


@pytest.mark.django_db
@pytest.mark.parametrize("currency", ["VND", "JPY", "KRW"])
def test_full_clean_refuses_a_fraction_of_a_whole_currency_with_the_constraint_message(
    currency,
):
    project = AidProjectFactory.build(currency=currency, commitment_amount=Decimal("1000.50"))
    disbursement = DisbursementFactory.build(
        project=AidProjectFactory(), currency=currency, amount=Decimal("0.5")
    )

    for row in (project, disbursement):
        with translation.override("en"), pytest.raises(ValidationError) as excinfo:
            row.full_clean()
        assert excinfo.value.messages == [WHOLE_AMOUNT]


@pytest.mark.django_db
@pytest.mark.parametrize("currency", ["VND", "USD"])
def test_full_clean_refuses_a_negative_amount_with_the_constraint_message(currency):
    project = AidProjectFactory.build(currency=currency, commitment_amount=Decimal("-1"))
    disbursement = DisbursementFactory.build(
        project=AidProjectFactory(), currency=currency, amount=Decimal("-1")
    )

    for row in (project, disbursement):
        with translation.override("en"), pytest.raises(ValidationError) as excinfo:
            row.full_clean()
        assert excinfo.value.messages == [NOT_NEGATIVE]


@pytest.mark.django_db
def test_full_clean_refuses_oda_given_by_the_city():
    project = AidProjectFactory.build(
        direction=AidProject.Direction.GIVEN, modality=Modality.ODA_LOAN, country="LA"
    )

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        project.full_clean()

    assert excinfo.value.messages == ["The city receives ODA; it does not give it."]


@pytest.mark.django_db
def test_full_clean_refuses_a_rate_for_the_dong_and_a_second_rate_on_the_same_day():
    ExchangeRateFactory(currency="USD", valid_from=datetime.date(2024, 1, 1))
    dong = ExchangeRate(currency="VND", valid_from=datetime.date(2024, 1, 1), rate_to_vnd=1)
    twice = ExchangeRate(
        currency="USD", valid_from=datetime.date(2024, 1, 1), rate_to_vnd=24000, source="SBV"
    )

    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            dong.full_clean()
        assert "The dong needs no rate: amounts in VND are VND." in excinfo.value.messages
        with pytest.raises(ValidationError) as excinfo:
            twice.full_clean()
        assert excinfo.value.messages == ["This currency already has a rate from this date."]


@pytest.mark.django_db
def test_a_project_given_by_the_city_names_the_recipients_country():
    project = AidProjectFactory(
        direction=AidProject.Direction.GIVEN,
        modality=Modality.EMERGENCY,
        country="KH",
        currency="VND",
        commitment_amount="1020000000",
    )

    project.full_clean()
    assert project.country.code == "KH"


# ---------------------------------------------------------------------------------------
# Querysets.


@pytest.mark.django_db
def test_public_projects_are_published_and_not_cancelled():
    shown = AidProjectFactory(public=True)
    AidProjectFactory(public=True, status=Status.CANCELLED)
    AidProjectFactory(visibility=Visibility.INTERNAL)

    assert list(AidProject.objects.public()) == [shown]


@pytest.mark.django_db
def test_counted_projects_are_every_one_not_cancelled_whatever_its_status_or_visibility():
    counted = {
        AidProjectFactory(status=status, visibility=visibility)
        for status in Status.values
        if status != Status.CANCELLED
        for visibility in Visibility.values
    }
    AidProjectFactory(status=Status.CANCELLED)
    AidProjectFactory(status=Status.CANCELLED, public=True)

    assert set(AidProject.objects.counted()) == counted
    assert len(counted) == 10


@pytest.mark.django_db
def test_a_period_includes_both_its_end_days():
    first_day = AidProjectFactory(committed_on=datetime.date(2023, 1, 1))
    last_day = AidProjectFactory(committed_on=datetime.date(2023, 12, 31))
    before = AidProjectFactory(committed_on=datetime.date(2022, 12, 31))
    after = AidProjectFactory(committed_on=datetime.date(2024, 1, 1))
    start, end = datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)

    assert set(AidProject.objects.in_period(start, end)) == {first_day, last_day}
    assert set(AidProject.objects.in_period(start, None)) == {first_day, last_day, after}
    assert set(AidProject.objects.in_period(None, end)) == {before, first_day, last_day}
    assert AidProject.objects.in_period().count() == 4
    assert list(AidProject.objects.in_period(end, end)) == [last_day]


@pytest.mark.django_db
def test_a_period_goes_by_the_commitment_date_not_the_start_date():
    project = AidProjectFactory(
        committed_on=datetime.date(2023, 12, 20),
        start_date=datetime.date(2024, 2, 1),
        end_date=datetime.date(2025, 2, 1),
    )

    assert list(
        AidProject.objects.in_period(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    ) == [project]
    assert not AidProject.objects.in_period(datetime.date(2024, 1, 1), None).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("vi", "Viện trợ"), ("en", "Aid")])
def test_a_project_reads_as_its_title_in_the_active_language(language, expected):
    project = AidProjectFactory(title="Viện trợ", title_en="Aid")

    with translation.override(language):
        assert str(project) == expected
