"""The annual report's content (``reports.annual.content``): every figure is the statistics
layer's (and the dashboard's) over seeded random data, for one year and for a range of
years; the narrative's rules (no clause about a category without records, numbers grouped
as each language writes them, the wording of a change and of a multi-year period); the
tables by unit add up to the totals; the rates used and the missing ones; the annexes list
every record of the period, cancelled ones marked, lazily and in a fixed number of
queries."""

import datetime
import random
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import translation

from agreements.models import Agreement
from aid.models import AidProject
from conferences.models import Conference
from core.models import Visibility
from delegations.models import Delegation
from partners.models import Relationship
from reports.annual import Figure, build_report
from reports.annual.content import (
    AnnexRows,
    period_label,
    period_of,
    previous_period,
)
from reports.annual.narrative import Facts, money_usd, money_vnd, narrative
from reports.periods import Period
from reports.statistics import (
    agreement_summary,
    aid_by_country,
    aid_summary,
    conference_summary,
    delegation_summary,
    delegations_by_country,
    dormant_relationship_count,
    monthly_trend,
    relationship_summary,
)
from reports.views import dashboard_data
from tests.factories import (
    AgreementFactory,
    AidProjectFactory,
    ConferenceFactory,
    DelegationFactory,
    DisbursementFactory,
    ExchangeRateFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 3, 15)
PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL
COUNTRIES = ["JP", "KR", "FR", "US", "DE", "LA"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


FIRST_DAY, LAST_DAY = D(2023, 11, 1), D(2026, 2, 28)
YEAR_START, YEAR_END = D(2025, 1, 1), D(2025, 12, 31)


def random_day(rng, first=FIRST_DAY, last=LAST_DAY):
    """Half the time a day on a period's edge, else any day from ``first`` to ``last``."""
    if rng.random() < 0.5:
        return rng.choice(
            [D(2023, 12, 31), D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 1), D(2025, 12, 31)]
        )
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def make_records(seed, size=12):
    """Delegations, agreements, conferences, relationships and aid (with rates, one
    currency lacking them) on random days around 2024 and 2025, in every status and
    visibility."""
    rng = random.Random(seed)
    ExchangeRateFactory(currency="USD", valid_from=D(2020, 1, 1), rate_to_vnd="24000")
    ExchangeRateFactory(currency="USD", valid_from=D(2025, 1, 1), rate_to_vnd="25400")
    ExchangeRateFactory(currency="JPY", valid_from=D(2020, 1, 1), rate_to_vnd="170.5")
    units = [LocalUnitFactory() for _ in range(3)]
    sectors = [SectorFactory(code=code) for code in ("health", "education", "trade")]
    partners = [ForeignPartnerFactory(country=code) for code in COUNTRIES[:4]]
    for _ in range(size * 3):
        direction = rng.choice(Delegation.Direction.values)
        DelegationFactory(
            direction=direction,
            kind=rng.choice([Delegation.Kind.PRESS, Delegation.Kind.BUSINESS])
            if direction == Delegation.Direction.INBOUND
            else Delegation.Kind.GOVERNMENT,
            countries=rng.sample(COUNTRIES, rng.choice([1, 1, 2])),
            start_date=random_day(rng),
            member_count=rng.randrange(1, 30),
            status=rng.choice(Delegation.Status.values),
            visibility=rng.choice([PUBLIC, INTERNAL]),
            host_unit=rng.choice([None, *units]),
            partners=rng.sample(partners, rng.choice([0, 1, 2])),
        )
    for _ in range(size):
        status = rng.choice(Agreement.Status.values)
        signed = None if status == Agreement.Status.NEGOTIATING else random_day(rng)
        expires = None
        if signed and (status == Agreement.Status.EXPIRED or rng.random() < 0.5):
            expires = signed + datetime.timedelta(days=rng.choice([30, 400, 900]))
        AgreementFactory(
            signing_level=rng.choice(Agreement.Level.values),
            signed_on=signed,
            status=status,
            terminated_on=signed + datetime.timedelta(days=10)
            if status == Agreement.Status.TERMINATED
            else None,
            expires_on=expires,
            signatory_unit=rng.choice([None, *units]),
            visibility=rng.choice([PUBLIC, INTERNAL]),
            parties=rng.sample(partners, rng.choice([1, 2])),
            sectors=rng.sample(sectors, rng.choice([0, 1, 2])),
        )
    for _ in range(size):
        start = random_day(rng)
        if rng.random() < 0.3:
            ConferenceFactory(attended=True, start_date=start, organiser_unit=units[0])
            continue
        status = rng.choice(Conference.PermitStatus.values)
        decided = status != Conference.PermitStatus.REQUESTED
        ConferenceFactory(
            start_date=start,
            organiser_unit=units[0],
            permit_status=status,
            permit_number=f"{rng.randrange(1, 999)}/QĐ-UBND" if decided else "",
            permit_date=start - datetime.timedelta(days=20) if decided else None,
            participants_total=rng.choice([None, rng.randrange(20, 900)]),
            participants_foreign=rng.choice([None, rng.randrange(0, 20)]),
            format=rng.choice(Conference.Format.values),
            visibility=rng.choice([PUBLIC, INTERNAL]),
        )
    for partner in rng.sample(partners, 3):
        relationship = RelationshipFactory(
            partner=partner,
            established_on=rng.choice([D(2015, 1, 1), D(2024, 6, 1), D(2025, 2, 1)]),
            status=rng.choice([Relationship.Status.ACTIVE, Relationship.Status.DORMANT]),
            local_unit=units[0],
        )
        RelationshipActivityFactory(relationship=relationship, date=random_day(rng))
    for _ in range(size):
        direction = rng.choice(AidProject.Direction.values)
        modalities = [AidProject.Modality.NGO_PROJECT, AidProject.Modality.IN_KIND]
        if direction == AidProject.Direction.RECEIVED:
            modalities.append(AidProject.Modality.ODA_LOAN)
        currency = rng.choice(["VND", "USD", "JPY", "EUR"])  # no EUR rate: missing
        project = AidProjectFactory(
            direction=direction,
            modality=rng.choice(modalities),
            country=rng.choice(COUNTRIES),
            currency=currency,
            commitment_amount=Decimal(rng.randrange(1, 10**7)),
            committed_on=random_day(rng),
            status=rng.choice(AidProject.Status.values),
            visibility=rng.choice([PUBLIC, INTERNAL]),
            implementing_unit=rng.choice([None, *units]),
            sectors=rng.sample(sectors, rng.choice([0, 1, 2])),
        )
        for _ in range(rng.choice([0, 1, 2])):
            DisbursementFactory(
                project=project,
                date=random_day(rng),
                currency=rng.choice(["VND", "USD"]),
                amount=Decimal(rng.randrange(1, 10**6)),
            )


def report(start=YEAR_START, end=YEAR_END, **kwargs):
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("language", "en")
    return build_report(start=start, end=end, **kwargs)


def statistics_figures(period, *, public=False, today=TODAY):
    """Every headline figure of ``period``, by the report's keys, straight from the
    statistics layer."""
    span = {"start": period.start, "end": period.end, "public": public}
    delegations = delegation_summary(**span)
    agreements = agreement_summary(**span, today=today)
    relationships = relationship_summary(**span)
    conferences = conference_summary(**span)
    aid = aid_summary(**span)
    figures = {
        "delegations.inbound": delegations.inbound,
        "delegations.outbound": delegations.outbound,
        "delegations.inbound_press": delegations.inbound_press,
        "agreements.city": agreements.city,
        "agreements.unit": agreements.unit,
        "agreements.in_force": agreements.in_force,
        "agreements.expiring_soon": agreements.expiring_soon,
        "agreements.dormant": agreements.dormant,
        "relationships.current": relationships.current,
        "relationships.active": relationships.active,
        "relationships.new_in_period": relationships.new_in_period,
        "relationships.dormant": dormant_relationship_count(today=today, public=public),
        "conferences.hosted_permitted": conferences.hosted_permitted,
        "conferences.hosted_held": conferences.hosted_held,
        "conferences.participants": conferences.participants,
        "conferences.participants_foreign": conferences.participants_foreign,
        "conferences.attended": conferences.attended,
        "aid.received.count": aid.received_count,
        "aid.received.oda": aid.oda.count,
        "aid.given.count": aid.given.count,
        "aid.given.committed.vnd": aid.given.committed.vnd,
        "aid.given.committed.usd": aid.given.committed.usd,
    }
    for total in ("committed", "disbursed"):
        for currency in ("vnd", "usd"):
            figures[f"aid.received.{total}.{currency}"] = getattr(
                getattr(aid.oda, total), currency
            ) + getattr(getattr(aid.other, total), currency)
    return figures


AS_OF_TODAY = {"agreements.expiring_soon", "agreements.dormant", "relationships.dormant"}


def text_of(paragraphs):
    return " ".join(paragraphs)


# Every figure is the statistics layer's


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_figure_equals_the_statistics_layer_for_a_year(seed):
    make_records(seed)
    result = report()
    figures = result.figures()
    expected = statistics_figures(Period.year(2025))
    expected_before = statistics_figures(Period.year(2024))
    assert set(figures) == set(expected)
    for key, value in expected.items():
        assert figures[key].value == value, key
        if key in AS_OF_TODAY:
            assert figures[key].previous is None, key
        else:
            assert figures[key].previous == expected_before[key], key


def test_every_figure_equals_the_statistics_layer_for_a_range_of_years():
    make_records(4)
    result = report(D(2024, 1, 1), D(2025, 12, 31))
    assert result.previous == Period.custom(D(2022, 1, 1), D(2023, 12, 31))
    expected = statistics_figures(Period.custom(D(2024, 1, 1), D(2025, 12, 31)))
    expected_before = statistics_figures(result.previous)
    for key, value in expected.items():
        assert result.figure(key).value == value, key
        if key not in AS_OF_TODAY:
            assert result.figure(key).previous == expected_before[key], key


def test_counts_agree_with_a_count_of_the_records_themselves():
    make_records(5)
    result = report()
    counted = [
        d
        for d in Delegation.objects.all()
        if d.status != Delegation.Status.CANCELLED
        and D(2025, 1, 1) <= d.start_date <= D(2025, 12, 31)
    ]
    inbound = [d for d in counted if d.direction == Delegation.Direction.INBOUND]
    assert result.figure("delegations.inbound").value == len(inbound)
    assert result.figure("delegations.inbound_press").value == len(
        [d for d in inbound if d.kind == Delegation.Kind.PRESS]
    )
    assert result.figure("delegations.outbound").value == len(counted) - len(inbound)


@pytest.mark.parametrize("seed", [6, 7])
def test_figures_are_the_dashboards_for_the_same_period(seed):
    """Label by label, in each section, the report shows the dashboard's numbers."""
    make_records(seed)
    period = Period.year(2025)
    with translation.override("en"):
        dashboard = dashboard_data(period, True, TODAY)["sections"]
    result = report()
    assert len(dashboard) == len(result.sections)
    for theirs, ours in zip(dashboard, result.sections, strict=True):
        assert theirs.title == ours.title
        shown = {}
        for figure in theirs.figures:
            for part in figure.all():
                shown[(part.label, part.currency or "count")] = (part.value, part.previous)
        mine = {
            (f.label, f.unit if f.unit in ("VND", "USD") else "count"): (f.value, f.previous)
            for f in ours.figures
        }
        assert mine == shown


def test_public_report_counts_only_what_the_public_pages_show():
    make_records(8)
    result = report(include_internal=False)
    expected = statistics_figures(Period.year(2025), public=True)
    for key, value in expected.items():
        assert result.figure(key).value == value, key
    for annex in result.annexes:
        assert all(row[-1] == "Public" for row in annex.rows), annex.key


def test_without_comparison_no_figure_has_a_previous_value():
    make_records(9, size=4)
    result = report(compare=False)
    assert result.previous is None
    assert result.previous_label == ""
    assert all(f.previous is None for s in result.sections for f in s.figures)
    assert not re.search(r"\b(up|down) \d", text_of(result.narrative))


def test_as_of_today_figures_say_so():
    make_records(10, size=4)
    result = report()
    assert result.figure("agreements.expiring_soon").note == "As of 15 Mar 2026."


def test_trend_is_the_statistics_monthly_trend():
    make_records(11, size=6)
    result = report()
    with translation.override("en"):
        assert result.trend == monthly_trend(start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert len(result.trend) == 12


def test_charts_are_static_svg_with_their_titles():
    make_records(12, size=6)
    result = report()
    assert set(result.charts) >= {"trend_delegations", "countries", "sectors", "donors"}
    for svg in result.charts.values():
        assert svg.lstrip().startswith("<svg")
    assert "Top partner countries" in result.charts["countries"]


# Figure


def test_change_and_percent_of_a_figure():
    figure = Figure("k", "Label", 412, 381, "count")
    assert figure.change == 31
    assert figure.change_percent == Decimal("8.1")
    assert Figure("k", "Label", 3, 0, "count").change_percent is None
    assert Figure("k", "Label", 3, None, "count").change is None
    assert Figure("k", "Label", Decimal("10.50"), Decimal("21"), "USD").change_percent == Decimal(
        "-50.0"
    )


# Periods


def test_period_of_recognises_years_quarters_months_and_ranges():
    assert period_of(D(2025, 1, 1), D(2025, 12, 31)) == Period.year(2025)
    assert period_of(D(2025, 4, 1), D(2025, 6, 30)) == Period.quarter(2025, 2)
    assert period_of(D(2025, 2, 1), D(2025, 2, 28)) == Period.month(2025, 2)
    years = period_of(D(2020, 1, 1), D(2025, 12, 31))
    assert years.kind == "custom"
    assert previous_period(years) == Period.custom(D(2014, 1, 1), D(2019, 12, 31))
    assert previous_period(Period.year(2025)) == Period.year(2024)
    with translation.override("en"):
        assert period_label(years) == "2020–2025"
        assert period_label(Period.year(2025)) == "2025"
        assert period_label(Period.quarter(2025, 2)) == "Q2 2025"


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        report(D(2025, 2, 1), D(2025, 1, 1))


def test_title_block_names_city_department_period_and_author():
    result = report(user="Nguyễn Văn An", language="vi")
    assert result.city == "Cần Thơ"
    assert result.department == "Sở Ngoại vụ thành phố Cần Thơ"
    assert result.period_label == "2025"
    assert result.previous_label == "2024"
    assert result.generated_by == "Nguyễn Văn An"
    assert "2025" in result.title
    english = report()
    assert english.city == "Can Tho"
    assert english.title == "Report on foreign affairs in 2025"
    assert report(D(2020, 1, 1), D(2025, 12, 31)).title == "Report on foreign affairs, 2020–2025"


def test_generated_by_a_user_names_them(viewer):
    viewer.first_name, viewer.last_name = "Lan", "Trần"
    assert report(user=viewer).generated_by == "Lan Trần"
    viewer.first_name = viewer.last_name = ""
    assert report(user=viewer).generated_by == "viewer"


# Languages


def test_labels_follow_the_reports_language():
    vietnamese = report(language="vi")
    english = report(language="en")
    assert vietnamese.language == "vi"
    assert vietnamese.figure("delegations.inbound").label == "Đoàn nước ngoài đến làm việc"
    assert english.figure("delegations.inbound").label == "Foreign delegations received"
    # Built in its own language, whatever the caller's.
    assert translation.get_language() == "vi"


def test_annex_rows_are_in_the_reports_language_whenever_they_are_read():
    DelegationFactory(
        start_date=D(2025, 3, 1),
        title="Đoàn Thành phố Okayama thăm làm việc",
        title_en="Okayama City delegation",
        status=Delegation.Status.COMPLETED,
    )
    vietnamese = report(language="vi").annexes[0]
    english = report(language="en").annexes[0]
    with translation.override("en"):
        (row,) = list(vietnamese.rows)
    assert row[4] == "Đoàn Thành phố Okayama thăm làm việc"
    assert "Nhật Bản" in row[7]
    assert translation.get_language() == "vi"
    (row,) = list(english.rows)
    assert row[4] == "Okayama City delegation"
    assert row[7] == "Japan"


# Breakdowns


def test_tables_by_unit_add_up_to_the_totals():
    make_records(13)
    result = report()
    tables = {table.key: table for table in result.breakdowns}
    by_host = tables["delegations_by_unit"].rows
    assert sum(row[1] for row in by_host) == (
        result.figure("delegations.inbound").value + result.figure("delegations.outbound").value
    )
    assert sum(row[2] for row in by_host) == result.figure("delegations.inbound").value
    by_signatory = tables["agreements_by_unit"].rows
    assert sum(row[2] for row in by_signatory) == result.figure("agreements.city").value
    assert sum(row[3] for row in by_signatory) == result.figure("agreements.unit").value
    by_implementing = tables["aid_by_unit"].rows
    assert sum(row[1] for row in by_implementing) == result.figure("aid.received.count").value
    assert (
        sum(row[2] for row in by_implementing) == result.figure("aid.received.committed.vnd").value
    )
    assert (
        sum(row[5] for row in by_implementing) == result.figure("aid.received.disbursed.usd").value
    )


def test_country_and_aid_tables_are_the_statistics_rows():
    make_records(14)
    result = report()
    tables = {table.key: table for table in result.breakdowns}
    span = {"start": D(2025, 1, 1), "end": D(2025, 12, 31)}
    with translation.override("en"):
        countries = delegations_by_country(**span)
        donors = aid_by_country(**span, direction="received")
    assert [row[:2] for row in tables["delegations_by_country"].rows] == [
        [row.label, row.count] for row in countries
    ]
    assert [row[:6] for row in tables["aid_by_country"].rows] == [
        [
            row.label,
            row.count,
            row.committed.vnd,
            row.committed.usd,
            row.disbursed.vnd,
            row.disbursed.usd,
        ]
        for row in donors
    ]
    kinds = {column.key: column.kind for column in tables["aid_by_country"].columns}
    assert kinds["committed_vnd"] == "VND" and kinds["committed_usd"] == "USD"


def test_every_row_has_a_value_for_each_column():
    make_records(15, size=6)
    result = report()
    for table in [*result.breakdowns, result.rates, *result.annexes]:
        for row in table.rows:
            assert len(row) == len(table.columns), table.key


# Exchange rates


def test_rates_used_and_missing_rates_are_named():
    ExchangeRateFactory(currency="USD", valid_from=D(2024, 1, 1), rate_to_vnd="24000")
    ExchangeRateFactory(currency="USD", valid_from=D(2025, 1, 1), rate_to_vnd="25000")
    ExchangeRateFactory(currency="USD", valid_from=D(2026, 1, 1), rate_to_vnd="26000")
    ExchangeRateFactory(currency="JPY", valid_from=D(2025, 1, 1), rate_to_vnd="170")
    AidProjectFactory(currency="JPY", commitment_amount="1000000", committed_on=D(2025, 5, 2))
    AidProjectFactory(currency="EUR", commitment_amount="1000", committed_on=D(2025, 3, 5))
    result = report(compare=False)
    assert [row[:3] for row in result.rates.rows] == [
        ["JPY", D(2025, 1, 1), Decimal("170")],
        ["USD", D(2025, 1, 1), Decimal("25000")],
    ]
    assert result.missing_rates == ["No exchange rate for EUR on 5 Mar 2025."]
    committed = result.figure("aid.received.committed.vnd")
    assert committed.value == Decimal("170000000")
    assert "No exchange rate for EUR on 5 Mar 2025." in committed.note
    assert "no exchange rate" in text_of(result.narrative)


# Annexes


def test_annexes_list_every_record_of_the_period_with_its_status():
    inside = DelegationFactory(start_date=D(2025, 1, 1), status=Delegation.Status.COMPLETED)
    cancelled = DelegationFactory(start_date=D(2025, 12, 31), status=Delegation.Status.CANCELLED)
    DelegationFactory(start_date=D(2024, 12, 31))
    DelegationFactory(start_date=D(2026, 1, 1))
    AgreementFactory(signed_on=D(2025, 6, 1), reference_number="=HYPERLINK(1)")
    AgreementFactory(signed_on=D(2024, 6, 1))
    ConferenceFactory(start_date=D(2025, 4, 1), permit_status=Conference.PermitStatus.REJECTED)
    AidProjectFactory(committed_on=D(2025, 2, 2), status=AidProject.Status.CANCELLED)
    RelationshipActivityFactory(date=D(2025, 9, 9))
    RelationshipActivityFactory(date=D(2026, 9, 9))
    result = report()
    annexes = {annex.key: annex for annex in result.annexes}
    assert list(annexes) == [
        "delegations",
        "agreements",
        "conferences",
        "aid_projects",
        "relationship_activities",
    ]
    delegations = list(annexes["delegations"].rows)
    assert [row[4] for row in delegations] == [inside.title_en, cancelled.title_en]
    assert [row[10] for row in delegations] == ["Completed", "Cancelled"]
    assert delegations[0][0] == D(2025, 1, 1)
    assert delegations[0][-1] == "Internal"
    # Counted: the cancelled one is listed, never counted.
    assert result.figure("delegations.inbound").value == 1
    (agreement,) = list(annexes["agreements"].rows)
    assert agreement[1] == "=HYPERLINK(1)"  # raw: the writers escape it
    (conference,) = list(annexes["conferences"].rows)
    assert conference[10] == "Permit rejected"
    (project,) = list(annexes["aid_projects"].rows)
    assert project[11] == "Cancelled"
    assert len(list(annexes["relationship_activities"].rows)) == 1


def test_annex_columns_are_typed():
    ExchangeRateFactory(currency="USD", valid_from=D(2020, 1, 1), rate_to_vnd="25000")
    AidProjectFactory(currency="USD", commitment_amount="1000.50", committed_on=D(2025, 2, 2))
    ConferenceFactory(start_date=D(2025, 4, 1), participants_total=None)
    result = report()
    annexes = {annex.key: annex for annex in result.annexes}
    projects = annexes["aid_projects"]
    kinds = {column.key: column.kind for column in projects.columns}
    assert kinds == {
        "committed_on": "date",
        "title": "text",
        "direction": "text",
        "modality": "text",
        "partner": "text",
        "country": "text",
        "implementing_unit": "text",
        "amount": "money",
        "currency": "text",
        "vnd": "VND",
        "usd": "USD",
        "status": "text",
        "visibility": "text",
    }
    (row,) = list(projects.rows)
    values = dict(zip([column.key for column in projects.columns], row, strict=True))
    assert values["amount"] == Decimal("1000.50")
    assert values["currency"] == "USD"
    assert values["vnd"] == Decimal("25012500")
    assert values["usd"] == Decimal("1000.50")
    (conference,) = list(annexes["conferences"].rows)
    assert conference[8] is None  # not recorded: empty, not zero


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("include_internal", [True, False])
def test_annex_partners_parties_sectors_and_countries_equal_the_records(
    language, include_internal, monkeypatch
):
    """Read in chunks of two (rows across chunks keep their own partners), the annexes'
    lists equal what the records themselves say, in the report's language: partners and
    parties by name (only the public ones in a public report), the parties' countries once
    each, sectors by name, the countries of a delegation, its host unit."""
    monkeypatch.setattr("reports.annual.content.CHUNK_SIZE", 2)
    public = {"visibility": Visibility.PUBLIC}
    okayama = ForeignPartnerFactory(name="Okayama", name_vi="Ôkayama", country="JP", **public)
    busan = ForeignPartnerFactory(name="Busan", name_vi="", country="KR", **public)
    osaka = ForeignPartnerFactory(name="Osaka", name_vi="Ôsaka", country="JP", **public)
    hidden = ForeignPartnerFactory(name="Aachen", country="DE", visibility=Visibility.INTERNAL)
    unit = LocalUnitFactory(name="Sở Du lịch", name_en="Department of Tourism")
    tourism = SectorFactory(name="Du lịch", name_en="Tourism")
    health = SectorFactory(name="Y tế", name_en="Health")
    partner_sets = [[okayama, busan, hidden], [], [osaka], [hidden], [busan, osaka, okayama]]
    for day, partners in enumerate(partner_sets, 1):
        DelegationFactory(
            start_date=D(2025, 4, day),
            countries=["KR", "JP"] if day % 2 else ["FR"],
            partners=partners,
            host_unit=unit if day % 2 else None,
            **public,
        )
        AgreementFactory(
            signed_on=D(2025, 5, day),
            parties=partners or [busan],
            sectors=[health, tourism][: day % 3],
            signatory_unit=unit,
            **public,
        )
    result = report(language=language, include_internal=include_internal)
    annexes = {annex.key: annex for annex in result.annexes}
    with translation.override(language):

        def names(records):
            return ", ".join(str(record) for record in records)

        def visible(partners):
            partners = partners.order_by("name")
            return partners if include_internal else partners.filter(**public)

        expected = [
            [
                str(Delegation.Kind(delegation.kind).label),
                delegation.head,
                ", ".join(str(country.name) for country in delegation.countries),
                names(visible(delegation.partners.all())),
                delegation.host_unit.display_name if delegation.host_unit else "",
            ]
            for delegation in Delegation.objects.order_by("start_date", "id")
        ]
        agreements = []
        for agreement in Agreement.objects.order_by("signed_on", "id"):
            parties = list(visible(agreement.parties.all()))
            agreement.public_parties = parties  # what Agreement.countries reads
            countries = ", ".join(str(country.name) for country in agreement.countries)
            sectors = names(agreement.sectors.order_by("name"))
            agreements.append([names(parties), countries, sectors])
    rows = [[row[3], row[5], row[7], row[8], row[9]] for row in annexes["delegations"].rows]
    assert rows == expected
    assert [row[6:9] for row in annexes["agreements"].rows] == agreements
    assert translation.get_language() == "vi"


def test_annex_rows_are_lazy_and_can_be_read_again():
    for day in range(1, 11):
        DelegationFactory(start_date=D(2025, 1, day))
    annex = report().annexes[0]
    assert isinstance(annex.rows, AnnexRows)
    assert annex.rows.count() == 10
    first = list(annex.rows)
    DelegationFactory(start_date=D(2025, 2, 1))
    assert len(list(annex.rows)) == len(first) + 1


@pytest.mark.parametrize("size", [3, 30])
def test_reading_an_annex_takes_a_fixed_number_of_queries(size, django_assert_max_num_queries):
    partner = ForeignPartnerFactory()
    unit = LocalUnitFactory()
    for index in range(size):
        DelegationFactory(start_date=D(2025, 1, 1 + index % 28), partners=[partner], host_unit=unit)
        AgreementFactory(signed_on=D(2025, 3, 1 + index % 28), signatory_unit=unit)
        AidProjectFactory(committed_on=D(2025, 5, 1 + index % 28), partner=partner)
        RelationshipActivityFactory(date=D(2025, 6, 1 + index % 28), local_unit=unit)
    result = report()
    with django_assert_max_num_queries(8):
        for annex in result.annexes:
            assert len(list(annex.rows)) in (0, size)


# The narrative


def facts(language="en", kind="year", label="2025", before="2024", **values):
    """Facts with the figures ``values`` (key with dots as underscores: value, or
    (value, previous))."""
    figures = {}
    for name, value in values.items():
        value, previous = value if isinstance(value, tuple) else (value, None)
        key = name.replace("__", ".")
        figures[key] = Figure(key, key, value, previous, "count")
    return Facts(period_label=label, previous_label=before, kind=kind, figures=figures)


def test_narrative_reads_like_the_departments_summaries():
    made = facts(
        delegations__inbound=(412, 381),
        delegations__inbound_press=9,
        agreements__city=6,
        agreements__unit=7,
    )
    made.agreement_countries = ["Japan", "Korea", "France"]
    made.agreement_country_count = 3
    paragraphs = narrative(made, "en")
    assert paragraphs[0].startswith(
        "In 2025, the city welcomed 412 foreign delegations (up 8% on 2024), including 9 "
        "foreign press delegations."
    )
    assert (
        "city leaders signed 6 agreements and the city's departments and units 7, 13 in all, "
        "with partners in Japan, Korea and France" in paragraphs[1]
    )


def test_narrative_says_nothing_about_the_press_without_press_delegations():
    DelegationFactory(start_date=D(2025, 3, 1), kind=Delegation.Kind.BUSINESS)
    DelegationFactory(
        start_date=D(2025, 4, 1), kind=Delegation.Kind.PRESS, status=Delegation.Status.CANCELLED
    )
    DelegationFactory(start_date=D(2024, 4, 1), kind=Delegation.Kind.PRESS)
    result = report()
    text = text_of(result.narrative)
    assert "welcomed 1 foreign delegation" in text
    assert "press" not in text.lower()
    with_press = text_of(report(D(2024, 1, 1), D(2024, 12, 31)).narrative)
    assert "including 1 foreign press delegation" in with_press


def test_narrative_has_no_aid_paragraph_without_aid():
    DelegationFactory(start_date=D(2025, 3, 1))
    AidProjectFactory(committed_on=D(2025, 3, 1), status=AidProject.Status.CANCELLED)
    text = text_of(report().narrative)
    assert not re.search(r"\b(aid|ODA|VND|USD|disburse\w*)\b", text)
    assert "conference" not in text and "agreement" not in text


def test_narrative_aid_paragraph_gives_vnd_and_usd():
    ExchangeRateFactory(currency="USD", valid_from=D(2020, 1, 1), rate_to_vnd="25000")
    AidProjectFactory(
        currency="USD",
        commitment_amount="1500000",
        committed_on=D(2025, 3, 1),
        modality=AidProject.Modality.ODA_GRANT,
    )
    AidProjectFactory(
        direction=AidProject.Direction.GIVEN,
        currency="VND",
        commitment_amount="2000000000",
        committed_on=D(2025, 3, 1),
        country="LA",
    )
    english = text_of(report().narrative)
    assert (
        "the city attracted 1 project or non-project aid, including 1 ODA project, with "
        "commitments of 37.5 billion VND (1.5 million USD), from donors in Japan" in english
    )
    assert "The city gave 1 aid project or donation worth 2 billion VND (80,000 USD)" in english
    vietnamese = text_of(report(language="vi").narrative)
    assert "37,5" in vietnamese and "1,5" in vietnamese and "80.000" in vietnamese


def test_narrative_groups_numbers_as_each_language_writes_them():
    ConferenceFactory(
        start_date=D(2025, 5, 1),
        permit_status=Conference.PermitStatus.HELD,
        participants_total=1234,
        participants_foreign=56,
    )
    assert "1,234 participants" in text_of(report().narrative)
    vietnamese = text_of(report(language="vi").narrative)
    assert "1.234" in vietnamese and "1,234" not in vietnamese
    made = facts(delegations__inbound=(12345, 1234))
    assert "12,345" in narrative(made, "en")[0]
    assert "12.345" in narrative(made, "vi")[0]
    assert "(so với 1.234 của năm 2024)" in narrative(made, "vi")[0]


def test_narrative_wording_of_a_change():
    assert "(down 25% on 2024)" in narrative(facts(delegations__inbound=(3, 4)), "en")[0]
    assert "(the same as in 2024)" in narrative(facts(delegations__inbound=(4, 4)), "en")[0]
    # Nothing before: nothing to compare with.
    assert "(" not in narrative(facts(delegations__inbound=(4, 0)), "en")[0]
    assert "(up 200% on 2024)" in narrative(facts(delegations__inbound=(3, 1)), "en")[0]
    # Past three times as many, the previous figure reads better than a percentage.
    assert "(compared with 7 in 2024)" in narrative(facts(delegations__inbound=(232, 7)), "en")[0]
    # A tiny change keeps one decimal.
    assert "(up 0.1% on 2024)" in narrative(facts(delegations__inbound=(1001, 1000)), "en")[0]


def test_narrative_of_a_range_of_years():
    DelegationFactory(start_date=D(2021, 3, 1))
    DelegationFactory(start_date=D(2016, 3, 1))
    result = report(D(2020, 1, 1), D(2025, 12, 31))
    assert result.period_label == "2020–2025"
    assert result.previous_label == "2014–2019"
    assert result.narrative[0].startswith(
        "In 2020–2025, the city welcomed 1 foreign delegation (the same as in 2014–2019)"
    )
    vietnamese = report(D(2020, 1, 1), D(2025, 12, 31), language="vi")
    assert "2020–2025" in vietnamese.narrative[0]


def test_narrative_of_an_empty_period_says_so():
    assert report().narrative == [
        "No delegation, agreement, conference or aid project is recorded for 2025."
    ]


def test_narrative_names_the_top_partner_countries_and_sectors():
    for country in ["JP", "JP", "JP", "KR", "KR", "FR", "US", "DE", "LA"]:
        DelegationFactory(start_date=D(2025, 3, 1), countries=[country])
    health = SectorFactory(code="health", name="Y tế", name_en="Health")
    AgreementFactory(
        signed_on=D(2025, 3, 1),
        parties=[ForeignPartnerFactory(country="KR")],
        sectors=[health],
    )
    text = text_of(report().narrative)
    assert (
        "The delegations came from or went to 6 countries, above all Japan, South Korea, "
        "France, Germany and Laos." in text
    )
    assert "with partners in South Korea, in the fields of health" in text


def test_money_reads_in_billions_and_millions():
    with translation.override("en"):
        assert money_vnd(Decimal("37000000000000")) == "37,000 billion VND"
        assert money_vnd(Decimal("1700000000")) == "1.7 billion VND"
        assert money_vnd(Decimal("2000000000")) == "2 billion VND"
        assert money_vnd(Decimal("250000000")) == "250 million VND"
        assert money_usd(Decimal("25300000")) == "25.3 million USD"
        assert money_usd(Decimal("86467.79")) == "86,468 USD"
    with translation.override("vi"):
        assert money_vnd(Decimal("1700000000")).startswith("1,7 ")
        assert money_usd(Decimal("86467.79")).startswith("86.468 ")


@pytest.mark.parametrize("seed,size", [(20, 2), (21, 15)])
def test_building_a_report_takes_a_fixed_number_of_queries(
    seed, size, django_assert_max_num_queries
):
    make_records(seed, size=size)
    # Each of the seven aid figures: two sums, and two more when some row lacks a rate.
    with django_assert_max_num_queries(64):
        report(D(2024, 1, 1), D(2025, 12, 31))


def test_an_annex_read_in_part_closes_its_query():
    for day in range(1, 6):
        DelegationFactory(start_date=D(2025, 1, day))
    rows = iter(report().annexes[0].rows)
    assert next(rows)[0] == D(2025, 1, 1)
    rows.close()
    assert translation.get_language() == "vi"


def test_the_package_exports_the_render_function_not_its_module():
    import importlib

    import reports.annual

    importlib.import_module("reports.annual.render")
    assert callable(reports.annual.render)
    assert reports.annual.build_report is build_report


def test_sector_names_are_written_in_lower_case_inside_a_sentence_but_not_acronyms():
    made = facts(agreements__city=2)
    made.agreement_sectors = ["Y tế", "ODA infrastructure", "Education"]
    assert "in the fields of y tế, ODA infrastructure and education" in narrative(made, "en")[0]
