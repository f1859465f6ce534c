"""The demo aid: the seeds' figures for 2020–2025 (16 ODA projects over 37,000 billion VND;
216 other projects and non-project aid over USD 25 million; the twin cities' USD 75,000 that
is nearly 1.7 billion VND; about 2 billion VND to Cambodia and Laos), a rate for every
amount, idempotency, and every row within the model's constraints.

The figures are recomputed here one row at a time with ``aid.money``, not with the
statistics layer (which has its own tests against a hand count)."""

import datetime
import io
import unicodedata
from decimal import Decimal

import pytest
from django.core.management import call_command

from aid import demo
from aid.models import ODA_MODALITIES, AidProject, Disbursement, ExchangeRate
from aid.money import RateTable, total
from core.models import Visibility
from partners.demo import COVID_SUPPORT_DATES
from partners.demo import PARTNERS as PARTNER_DEMO
from partners.models import ForeignPartner
from reports.statistics.aid import aid_summary

FIRST_DAY, LAST_DAY = datetime.date(2020, 1, 1), datetime.date(2025, 12, 31)
BILLION = Decimal(1_000_000_000)
TWIN_CITIES = {PARTNER_DEMO[key][0] for key, _date in COVID_SUPPORT_DATES}
TEXT_FIELDS = ["title", "title_en", "beneficiaries", "summary", "summary_en", "notes"]


# Every test reads the demo, loaded once for the module (demo_data in tests/conftest.py);
# what a test changes (a second load included) is rolled back after it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def load_demo():
    call_command("load_demo", force=True, stdout=io.StringIO())


def counted_in_2020_to_2025(project):
    return (
        project.status != AidProject.Status.CANCELLED
        and FIRST_DAY <= project.committed_on <= LAST_DAY
    )


def commitments(projects):
    return total([(p.commitment_amount, p.currency, p.committed_on) for p in projects], RateTable())


def received(is_oda):
    return [
        p
        for p in AidProject.objects.all()
        if counted_in_2020_to_2025(p)
        and p.direction == AidProject.Direction.RECEIVED
        and (p.modality in ODA_MODALITIES) == is_oda
    ]


def test_loading_twice_keeps_the_rows_and_their_ids():
    def snapshot():
        return (
            list(AidProject.objects.order_by("pk").values_list("pk", "title", "commitment_amount")),
            list(Disbursement.objects.order_by("pk").values_list("pk", "amount")),
            list(ExchangeRate.objects.order_by("pk").values_list("pk", "rate_to_vnd")),
            AidProject.sectors.through.objects.count(),
            ForeignPartner.objects.count(),
        )

    before = snapshot()  # after the first load, demo_data's
    load_demo()
    assert snapshot() == before


def test_an_incomplete_generated_set_is_created_again_in_full():
    counts = (AidProject.objects.count(), Disbursement.objects.count())
    generated = AidProject.objects.filter(notes=demo.GENERATED_NOTE).order_by("pk")
    AidProject.objects.filter(pk__in=list(generated.values_list("pk", flat=True)[:5])).delete()

    load_demo()

    assert (AidProject.objects.count(), Disbursement.objects.count()) == counts
    assert generated.count() == len(demo.generated_projects())


def test_16_oda_projects_of_2020_to_2025_are_worth_over_37000_billion_vnd():
    projects = received(is_oda=True)
    figures = commitments(projects)

    assert len(projects) == 16
    assert figures.complete
    assert figures.vnd == Decimal("37435505500000")
    assert figures.vnd > 37_000 * BILLION
    assert {sector.code for p in projects for sector in p.sectors.all()} >= {
        "climate-change",
        "health",
        "transport",
        "urban-infrastructure",
        "fisheries",
        "energy",
    }
    assert {p.modality for p in projects} == set(ODA_MODALITIES)
    assert {p.currency for p in projects} == {"USD", "JPY", "EUR", "KRW"}


def test_216_other_projects_and_non_project_aid_of_2020_to_2025_are_worth_over_25_million_usd():
    projects = received(is_oda=False)
    figures = commitments(projects)

    assert len(projects) == 216
    assert figures.complete
    assert figures.usd == demo.OTHER_RECEIVED_USD == Decimal("25318640.00")
    assert figures.usd > 25_000_000
    assert len({p.currency for p in projects}) >= 5


def test_the_twin_cities_covid_equipment_is_about_75000_usd_and_nearly_17_billion_vnd():
    gifts = AidProject.objects.filter(
        partner__name__in=TWIN_CITIES,
        modality=AidProject.Modality.IN_KIND,
        committed_on__year=2021,
        sectors__code="health",
    )
    figures = commitments(gifts)

    assert {p.partner.name for p in gifts} == TWIN_CITIES
    assert len(gifts) == 4
    assert figures.complete
    assert abs(figures.usd - 75_000) <= Decimal("0.03") * 75_000
    assert Decimal("1.6") * BILLION <= figures.vnd < Decimal("1.7") * BILLION
    assert (figures.vnd, figures.usd) == (Decimal("1699260000"), Decimal("73433.88"))
    # The same gifts were handed over on the days partners.demo records.
    assert {(p.partner.name, p.committed_on) for p in gifts} == {
        (PARTNER_DEMO[key][0], date) for key, date in COVID_SUPPORT_DATES
    }


def test_the_citys_aid_to_cambodia_and_laos_is_about_2_billion_vnd():
    given = AidProject.objects.filter(
        direction=AidProject.Direction.GIVEN, committed_on__year=2021, sectors__code="health"
    )
    figures = commitments(given)

    assert sorted(p.country.code for p in given) == ["KH", "LA"]
    assert {p.currency for p in given} == {"VND"}
    assert Decimal("1.9") * BILLION <= figures.vnd <= Decimal("2.1") * BILLION
    # Handed over in full, in kind and in cash.
    disbursed = Disbursement.objects.filter(project__in=given)
    assert sum(d.amount for d in disbursed) == figures.vnd
    assert {d.note for d in disbursed} >= {"Tiền mặt"}


def test_every_demo_amount_has_a_rate_on_its_day():
    projects = AidProject.objects.values_list("commitment_amount", "currency", "committed_on")
    disbursements = Disbursement.objects.values_list("amount", "currency", "date")

    assert commitments(AidProject.objects.all()).missing == []
    assert total(disbursements).missing == []
    assert total(projects).rows == AidProject.objects.count()
    used = {c for _a, c, _d in projects} | {c for _a, c, _d in disbursements}
    assert used - {"VND"} == set(ExchangeRate.objects.values_list("currency", flat=True))


def test_the_demo_rates_are_illustrative_and_plausible():
    rates = RateTable()
    assert ExchangeRate.objects.filter(source__contains="minh họa").count() == (
        ExchangeRate.objects.count()
    )
    assert Decimal(23_000) <= rates.rate("USD", datetime.date(2020, 6, 1)) <= Decimal(23_300)
    assert Decimal(25_000) <= rates.rate("USD", datetime.date(2025, 9, 1)) <= Decimal(25_600)
    # Cross rates of a day stay within the range of those years.
    for day in (datetime.date(2020, 6, 1), datetime.date(2023, 3, 1), datetime.date(2025, 9, 1)):
        usd = rates.rate("USD", day)
        assert 1.0 < rates.rate("EUR", day) / usd < 1.25
        assert 100 < usd / rates.rate("JPY", day) < 165
        assert 1050 < usd / rates.rate("KRW", day) < 1500
        assert 0.6 < rates.rate("AUD", day) / usd < 0.8


def test_the_demo_has_cancelled_future_and_unfinished_projects_and_is_mostly_public():
    projects = list(AidProject.objects.all())
    statuses = {p.status for p in projects}

    assert statuses == set(AidProject.Status.values)
    assert sum(p.status == AidProject.Status.CANCELLED for p in projects) >= 3
    assert any(p.committed_on.year == 2026 for p in projects)
    assert any(p.committed_on.year == 2019 for p in projects)
    public = sum(p.visibility == Visibility.PUBLIC for p in projects)
    assert 0.6 <= public / len(projects) <= 0.72
    assert not AidProject.objects.public().filter(status=AidProject.Status.CANCELLED).exists()
    assert AidProject.objects.filter(district__kind="district").count() >= len(projects) / 3


def test_disbursements_follow_their_project_and_never_exceed_it_in_its_own_currency():
    per_project = {}
    for d in Disbursement.objects.select_related("project"):
        project = d.project
        assert project.status not in ("cancelled", "pipeline", "approved"), project.pk
        assert project.committed_on <= d.date <= demo.DEMO_TODAY, d.pk
        assert d.currency in (project.currency, "VND")
        if d.currency == project.currency:
            per_project[project.pk] = per_project.get(project.pk, 0) + d.amount
        count = project.disbursements.count()
        assert 1 <= count <= 4
    projects = AidProject.objects.in_bulk(per_project)
    for pk, amount in per_project.items():
        assert amount <= projects[pk].commitment_amount, pk
    assert len(per_project) >= 100


def test_the_oda_donors_are_public_bodies_under_their_real_names():
    donors = ForeignPartner.objects.filter(aid_projects__modality__in=ODA_MODALITIES).values_list(
        "abbreviation", flat=True
    )

    assert set(donors) == {"WB", "ADB", "JICA", "KOICA", "KfW", "AFD", "EDCF"}


def test_every_demo_row_satisfies_the_model_constraints():
    for project in AidProject.objects.all():
        project.validate_constraints()
        for field in TEXT_FIELDS:
            text = getattr(project, field)
            assert unicodedata.normalize("NFC", text) == text, (project.pk, field)
        if project.district_id:
            assert project.district.kind == "district"
    for disbursement in Disbursement.objects.all():
        disbursement.validate_constraints()
    for rate in ExchangeRate.objects.all():
        rate.validate_constraints()


def test_the_statistics_of_2020_to_2025_show_the_seeds_figures():
    summary = aid_summary(start=FIRST_DAY, end=LAST_DAY)

    assert (summary.oda.count, summary.other.count) == (16, 216)
    assert summary.oda.committed.vnd == Decimal("37435505500000")
    assert summary.other.committed.usd == Decimal("25318640.00")
    assert summary.given.committed.vnd == 2 * BILLION
    assert summary.complete
