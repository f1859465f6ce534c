"""aid.conversions: every commitment and disbursement keeps its amount converted to whole
dong and US cents, as aid.money converts it, through saves, rate changes, the demo and the
generator; the statistics add those up. Each expectation is the conversion worked out by
hand, or by ``RateTable`` one row at a time."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from aid.conversions import convert_all
from aid.models import AidProject, Disbursement, ExchangeRate
from aid.money import RateTable, stored_amounts
from core.history import restore_deleted
from tests.admin_helpers import add_url
from tests.factories import AidProjectFactory, DisbursementFactory, ExchangeRateFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def rate(currency, day, value):
    return ExchangeRateFactory(currency=currency, valid_from=day, rate_to_vnd=value)


def stored(row):
    row.refresh_from_db()
    return (row.converted_vnd, row.converted_usd_cents)


def test_a_saved_commitment_keeps_its_amount_in_whole_dong_and_us_cents():
    rate("USD", D(2021, 1, 1), "23000")
    rate("EUR", D(2021, 1, 1), "27000.5")
    project = AidProjectFactory(
        commitment_amount="1000.25", currency="EUR", committed_on=D(2021, 3, 1)
    )

    # 1,000.25 × 27,000.5 = 27,007,250.125 → 27,007,250 ₫; ÷ 23,000 = 1,174.228… → $1,174.23
    assert stored(project) == (27_007_250, 117_423)


def test_a_saved_disbursement_is_converted_on_its_own_date():
    rate("USD", D(2021, 1, 1), "23000")
    rate("USD", D(2021, 7, 1), "25000")
    disbursement = DisbursementFactory(date=D(2021, 8, 1), amount="100.50", currency="USD")

    assert stored(disbursement) == (2_512_500, 10_050)


def test_a_row_without_a_rate_keeps_no_conversion_and_a_dollar_amount_keeps_its_usd():
    euros = AidProjectFactory(commitment_amount="500", currency="EUR", committed_on=D(2021, 3, 1))
    dollars = AidProjectFactory(commitment_amount="75", currency="USD", committed_on=D(2021, 3, 1))
    dong = AidProjectFactory(commitment_amount="230000", currency="VND", committed_on=D(2021, 3, 1))

    assert stored(euros) == (None, None)
    assert stored(dollars) == (None, 7_500)  # no dollar rate: no VND, but its USD is itself
    assert stored(dong) == (230_000, None)  # dong needs no rate; its USD needs the dollar's


def test_changing_the_amount_currency_or_date_converts_again():
    rate("USD", D(2021, 1, 1), "23000")
    rate("JPY", D(2021, 1, 1), "200")
    project = AidProjectFactory(commitment_amount="100", currency="USD", committed_on=D(2021, 3, 1))

    project.currency = "JPY"
    project.save(update_fields=["currency"])
    assert stored(project) == (20_000, 87)  # ¥100 = 20,000 ₫ = $0.8695… → $0.87

    project.committed_on = D(2020, 12, 31)  # before any rate
    project.save()
    assert stored(project) == (None, None)


def test_saving_other_fields_alone_leaves_the_conversion_alone():
    rate("USD", D(2021, 1, 1), "23000")
    project = AidProjectFactory(commitment_amount="10", currency="USD", committed_on=D(2021, 3, 1))

    project.title = "Dự án khác"
    with CaptureQueriesContext(connection) as queries:
        project.save(update_fields=["title"])
    assert not [query for query in queries if "aid_exchangerate" in query["sql"]]
    assert stored(project) == (230_000, 1_000)


def test_an_amount_too_large_to_keep_converted_is_refused_with_a_message():
    rate("USD", D(2021, 1, 1), "25000")
    rate("EUR", D(2021, 1, 1), "27000")
    project = AidProjectFactory.build(
        commitment_amount=Decimal("900000000000000000"), currency="EUR", committed_on=D(2021, 3, 1)
    )
    disbursement = Disbursement(
        date=D(2021, 3, 1), amount=Decimal("900000000000000000"), currency="USD"
    )

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            project.full_clean()
        assert refused.value.message_dict["commitment_amount"] == [
            "This amount is too large to be converted to VND and USD: check it."
        ]
    with pytest.raises(ValidationError) as refused:
        disbursement.full_clean(exclude=["project"])
    assert list(refused.value.message_dict) == ["amount"]

    project.commitment_amount = Decimal("9000000000")  # 9 billion euros: kept
    project.full_clean()


def test_a_new_rate_converts_the_rows_from_its_day_to_the_next_rate_only():
    rate("EUR", D(2021, 1, 1), "27000")
    rate("EUR", D(2021, 9, 1), "28000")
    rate("USD", D(2021, 1, 1), "25000")
    before = AidProjectFactory(commitment_amount="10", currency="EUR", committed_on=D(2021, 3, 31))
    within = DisbursementFactory(date=D(2021, 4, 1), amount="10", currency="EUR")
    after = DisbursementFactory(date=D(2021, 9, 1), amount="10", currency="EUR")

    rate("EUR", D(2021, 4, 1), "30000")

    assert stored(before) == (270_000, 1_080)
    assert stored(within) == (300_000, 1_200)
    assert stored(after) == (280_000, 1_120)


def test_a_changed_rate_converts_again_and_a_deleted_one_gives_way_to_the_one_before():
    first = rate("EUR", D(2021, 1, 1), "27000")
    rate("USD", D(2021, 1, 1), "25000")
    second = rate("EUR", D(2021, 6, 1), "30000")
    project = AidProjectFactory(commitment_amount="10", currency="EUR", committed_on=D(2021, 7, 1))

    second.rate_to_vnd = Decimal("32500")
    second.save()
    assert stored(project) == (325_000, 1_300)

    second.delete()
    assert stored(project) == (270_000, 1_080)

    first.delete()
    assert stored(project) == (None, None)


def test_a_rate_moved_to_another_day_or_currency_converts_both_windows():
    rate("USD", D(2021, 1, 1), "25000")
    rate("EUR", D(2021, 1, 1), "27000")
    moved = rate("EUR", D(2021, 3, 1), "30000")
    march = AidProjectFactory(commitment_amount="1", currency="EUR", committed_on=D(2021, 3, 15))
    june = AidProjectFactory(commitment_amount="1", currency="EUR", committed_on=D(2021, 6, 15))
    pounds = AidProjectFactory(commitment_amount="1", currency="GBP", committed_on=D(2021, 6, 15))

    moved.valid_from = D(2021, 6, 1)
    moved.save()
    assert (stored(march)[0], stored(june)[0]) == (27_000, 30_000)

    moved.currency = "GBP"
    moved.save()
    assert (stored(june)[0], stored(pounds)[0]) == (27_000, 30_000)


def test_a_dollar_rate_converts_the_usd_of_every_currency_in_its_window():
    rate("USD", D(2021, 1, 1), "25000")
    rate("EUR", D(2021, 1, 1), "27000")
    euros = DisbursementFactory(date=D(2021, 5, 1), amount="100", currency="EUR")
    dong = AidProjectFactory(commitment_amount="500000", currency="VND", committed_on=D(2021, 5, 1))

    rate("USD", D(2021, 4, 1), "20000")

    assert stored(euros) == (2_700_000, 13_500)
    assert stored(dong) == (500_000, 2_500)


def test_after_any_sequence_of_rate_changes_every_row_is_what_the_rates_give():
    """Random rows and random rate additions, changes, moves and deletions; after each,
    every stored conversion equals the conversion of its row by the rates in force."""
    rng = random.Random(7)
    currencies = ["USD", "EUR", "JPY", "VND"]
    days = [D(2021, 1, 1) + datetime.timedelta(days=30 * n) for n in range(8)]
    for n in range(12):
        AidProjectFactory(
            commitment_amount=str(rng.randint(1, 10**6)),
            currency=rng.choice(currencies),
            committed_on=rng.choice(days) + datetime.timedelta(days=n),
        )
        DisbursementFactory(
            date=rng.choice(days) + datetime.timedelta(days=n),
            amount=str(rng.randint(1, 10**5)),
            currency=rng.choice(currencies),
        )

    for _step in range(25):
        existing = list(ExchangeRate.objects.all())
        action = rng.choice(["add", "add", "change", "move", "delete"]) if existing else "add"
        if action == "add":
            ExchangeRate.objects.get_or_create(
                currency=rng.choice(["USD", "EUR", "JPY"]),
                valid_from=rng.choice(days) + datetime.timedelta(days=rng.randint(0, 20)),
                defaults={"rate_to_vnd": Decimal(rng.randint(100, 30000)), "source": "SBV"},
            )
            continue
        chosen = rng.choice(existing)
        if action == "delete":
            chosen.delete()
            continue
        if action == "change":
            chosen.rate_to_vnd = Decimal(rng.randint(100, 30000)) / 7
        else:
            chosen.valid_from = rng.choice(days) + datetime.timedelta(days=rng.randint(21, 29))
        if not ExchangeRate.objects.filter(
            currency=chosen.currency, valid_from=chosen.valid_from
        ).exclude(pk=chosen.pk):
            chosen.save()

        rates = RateTable()
        for row in (*AidProject.objects.all(), *Disbursement.objects.all()):
            amount, currency, day, _vnd, _usd = (getattr(row, f) for f in row.CONVERTED)
            assert stored(row) == stored_amounts(amount, currency, day, rates), row
    assert convert_all(write=False) == 0


def test_a_deleted_project_restored_with_its_disbursements_is_converted_again(editor):
    rate("USD", D(2021, 1, 1), "25000")
    project = AidProjectFactory(commitment_amount="10", currency="USD", committed_on=D(2021, 3, 1))
    DisbursementFactory(project=project, date=D(2021, 4, 1), amount="4", currency="USD")
    project.delete()
    rate("USD", D(2021, 2, 1), "20000")  # while it was deleted

    restored = restore_deleted(AidProject.history.get(history_type="-"), editor)

    assert stored(restored) == (200_000, 1_000)
    assert stored(restored.disbursements.get()) == (80_000, 400)


def test_a_rate_added_in_the_admin_says_how_many_amounts_it_converted(editor_client):
    rate("USD", D(2021, 1, 1), "25000")
    project = AidProjectFactory(commitment_amount="10", currency="EUR", committed_on=D(2021, 7, 15))
    DisbursementFactory(project=project, date=D(2021, 8, 1), amount="2", currency="EUR")
    AidProjectFactory(commitment_amount="10", currency="EUR", committed_on=D(2021, 6, 30))

    with translation.override("en"):
        response = editor_client.post(
            add_url(ExchangeRate),
            {
                "currency": "EUR",
                "valid_from": "01/07/2021",
                "rate_to_vnd": "27500",
                "source": "Ngân hàng Nhà nước Việt Nam",
            },
            follow=True,
        )

    assert "2 aid amounts are now converted at the new rates." in [
        str(message) for message in response.context["messages"]
    ]
    assert stored(project) == (275_000, 1_100)


def test_the_command_converts_again_what_was_edited_behind_the_applications_back():
    rate("USD", D(2021, 1, 1), "25000")
    project = AidProjectFactory(commitment_amount="10", currency="USD", committed_on=D(2021, 3, 1))
    ExchangeRate.objects.update(rate_to_vnd=Decimal("20000"))  # no signal

    with pytest.raises(CommandError, match="1"):
        call_command("convert_aid_amounts", "--check")
    assert stored(project) == (250_000, 1_000)

    call_command("convert_aid_amounts")
    assert stored(project) == (200_000, 1_000)
    call_command("convert_aid_amounts", "--check")


def test_the_generator_stores_every_conversion():
    call_command("generate_data", scale=0.05, seed=3, stdout=io.StringIO(), stderr=io.StringIO())
    assert AidProject.objects.exclude(converted_vnd=None).count() > 10
    assert Disbursement.objects.exclude(converted_usd_cents=None).count() > 10
    assert convert_all(write=False) == 0


# Last: from here on, the module's database holds the demo (see ``demo_data``).
def test_the_demo_stores_every_conversion(demo_data):
    assert AidProject.objects.exclude(converted_vnd=None).exists()
    assert convert_all(write=False) == 0
