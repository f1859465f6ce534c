"""The breakdowns of conferences and aid (by format, by month, by country, by modality, by
sector) and the monthly trend, against a second computation in plain Python, one record at
a time, over records generated with ``random.Random(seed)``: dates on and around the edges
of the period and on both sides of rate changes, every status (cancelled ones too), public
and internal, several currencies, some without a rate. Money is recounted with a dict of
rates and a loop written here, not with ``aid.money.RateTable``."""

import calendar
import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone, translation

from agreements.models import Agreement
from aid.models import AidProject
from aid.money import MissingRate, Total
from conferences.models import Conference
from core.models import LocalUnit, Visibility
from delegations.models import Delegation
from reports.statistics.aid import (
    AidRow,
    aid_by_country,
    aid_by_modality,
    aid_by_sector,
    aid_overview,
    aid_projects_by_month,
    aid_summary,
)
from reports.statistics.breakdowns import Row
from reports.statistics.conferences import (
    conference_summary,
    conferences_by_format,
    conferences_by_month,
)
from reports.statistics.trend import monthly_trend
from tests.factories import (
    AgreementFactory,
    AidProjectFactory,
    ConferenceFactory,
    DelegationFactory,
    DisbursementFactory,
    ExchangeRateFactory,
    LocalUnitFactory,
    SectorFactory,
)

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
START, END = D(2023, 1, 1), D(2023, 12, 31)
PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL
Permit, Role, Format = Conference.PermitStatus, Conference.Role, Conference.Format
Direction, Modality, Status = AidProject.Direction, AidProject.Modality, AidProject.Status

SEEDS = [3, 17, 2024]
PERIODS = [
    (START, END),
    (None, None),
    (START, None),
    (None, END),
    (START, START),
    (END, END),
    (D(2023, 3, 1), D(2023, 3, 31)),
    (END + ONE_DAY, END + ONE_DAY),
]

# VND per unit from a day on: changes on the first day, inside and on the last day of the
# period. No KRW rate at all; AUD only from 1 April 2023.
RATES = {
    "USD": [(D(2020, 1, 1), Decimal("23150")), (D(2023, 7, 1), Decimal("23800"))],
    "EUR": [(D(2020, 1, 1), Decimal("25928")), (START, Decimal("28219.5"))],
    "JPY": [(D(2020, 1, 1), Decimal("214.35")), (END, Decimal("170.96"))],
    "AUD": [(D(2023, 4, 1), Decimal("15946"))],
}
CURRENCIES = ["VND", "USD", "EUR", "JPY", "AUD", "KRW"]
WHOLE = {"VND", "JPY", "KRW"}
COUNTRIES = ["JP", "KR", "US", "FR", "KH", "LA", "AU"]
# Days that a counting rule turns on: the period's edges, a month's edges, rate changes.
EDGES = [
    START - ONE_DAY,
    START,
    START + ONE_DAY,
    D(2023, 3, 31),
    D(2023, 4, 1),
    D(2023, 6, 30),
    D(2023, 7, 1),
    END - ONE_DAY,
    END,
    END + ONE_DAY,
    D(2019, 12, 31),  # before any rate
]


def random_day(rng):
    """Half the time a day a rule turns on, else any day from two months before the
    period to two months after it."""
    if rng.random() < 0.5:
        return rng.choice(EDGES)
    return START - datetime.timedelta(days=60) + datetime.timedelta(days=rng.randrange(425))


def within(day, start, end):
    return (start is None or day >= start) and (end is None or day <= end)


def month_number(day):
    return day.year * 12 + day.month - 1


def expected_months(start, end, days):
    """(key, English label, Vietnamese label) of every month of [start, end]; an open side
    stops at the earliest or latest of ``days`` (with none, at the other side's month)."""
    first = start or (min(days) if days else end)
    last = end or (max(days) if days else start)
    if first is None or last is None:
        return []
    months = []
    for number in range(month_number(first), month_number(last) + 1):
        year, month = divmod(number, 12)
        month += 1
        months.append(
            (
                f"{year:04d}-{month:02d}",
                f"{calendar.month_abbr[month]} {year}",
                f"{month:02d}/{year}",
            )
        )
    return months


def month_of(day):
    return f"{day.year:04d}-{day.month:02d}"


# Conferences


def make_conferences(seed, size):
    """``size`` conferences, hosted (in every permit status) or attended, on random days,
    in random formats, public or internal, with or without participant figures."""
    rng = random.Random(seed)
    unit = LocalUnit.objects.first() or LocalUnitFactory()
    for _ in range(size):
        start_date = random_day(rng)
        fields = {
            "start_date": start_date,
            "end_date": start_date + datetime.timedelta(days=rng.choice([0, 0, 1, 3, 40])),
            "format": rng.choice(Format.values),
            "visibility": rng.choice([PUBLIC, INTERNAL]),
            "organiser_unit": unit,
            "participants_total": rng.choice([None, rng.randrange(20, 800)]),
        }
        if rng.random() < 0.3:
            ConferenceFactory(attended=True, **fields)
            continue
        status = rng.choice(Permit.values)
        decided = status in (Permit.APPROVED, Permit.HELD) or (
            status != Permit.REQUESTED and rng.random() < 0.5
        )
        ConferenceFactory(
            permit_status=status,
            permit_number=f"{rng.randrange(1, 999)}/QĐ-UBND" if decided else "",
            permit_date=start_date - datetime.timedelta(days=21) if decided else None,
            **fields,
        )


def counted_conferences(*, public):
    """Every conference public=… may count: with public=True, the published ones that were
    neither rejected nor cancelled."""
    conferences = list(Conference.objects.all())
    if public:
        conferences = [
            c
            for c in conferences
            if c.visibility == PUBLIC and c.permit_status not in (Permit.REJECTED, Permit.CANCELLED)
        ]
    return conferences


def expected_conferences_by_format(*, start, end, public):
    rows = []
    conferences = [
        c for c in counted_conferences(public=public) if within(c.start_date, start, end)
    ]
    for value, label in (
        (Format.IN_PERSON, "In person"),
        (Format.ONLINE, "Online"),
        (Format.HYBRID, "Hybrid"),
    ):
        hosted = sum(
            1
            for c in conferences
            if c.format == value and c.role == Role.HOSTED and c.permit_status == Permit.HELD
        )
        attended = sum(1 for c in conferences if c.format == value and c.role == Role.ATTENDED)
        rows.append((value, label, hosted + attended, {"hosted": hosted, "attended": attended}))
    return rows


def expected_conferences_by_month(*, start, end, public):
    conferences = [
        c
        for c in counted_conferences(public=public)
        if within(c.start_date, start, end)
        and c.permit_status not in (Permit.REJECTED, Permit.CANCELLED)
    ]
    rows = []
    for key, english, _vietnamese in expected_months(
        start, end, [c.start_date for c in conferences]
    ):
        mine = [c for c in conferences if month_of(c.start_date) == key]
        hosted = sum(1 for c in mine if c.role == Role.HOSTED)
        attended = sum(1 for c in mine if c.role == Role.ATTENDED)
        rows.append((key, english, len(mine), {"hosted": hosted, "attended": attended}))
    return rows


def as_tuples(rows):
    return [(row.key, row.label, row.count, row.extra) for row in rows]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS)
def test_conferences_by_format_and_by_month_match_a_count_one_conference_at_a_time(seed):
    make_conferences(seed, 60)

    with translation.override("en"):
        for start, end in PERIODS:
            for public in (False, True):
                period = {"start": start, "end": end, "public": public}
                assert as_tuples(conferences_by_format(**period)) == (
                    expected_conferences_by_format(**period)
                ), period
                assert as_tuples(conferences_by_month(**period)) == (
                    expected_conferences_by_month(**period)
                ), period


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS)
def test_conferences_by_format_splits_what_the_summary_counts_by_format(seed):
    make_conferences(seed, 60)

    for public in (False, True):
        summary = conference_summary(start=START, end=END, public=public)
        rows = {row.key: row for row in conferences_by_format(start=START, end=END, public=public)}

        assert rows[Format.IN_PERSON].count == summary.in_person
        assert rows[Format.ONLINE].count == summary.online
        assert rows[Format.HYBRID].count == summary.hybrid
        assert sum(row.count for row in rows.values()) == summary.taken_place
        assert sum(row.extra["hosted"] for row in rows.values()) == summary.hosted_held


@pytest.mark.django_db
def test_conferences_by_month_counts_a_conference_in_the_month_of_its_first_day():
    unit = LocalUnitFactory()
    # Over two months: counted in January only.
    ConferenceFactory(start_date=D(2023, 1, 31), end_date=D(2023, 2, 2), organiser_unit=unit)
    ConferenceFactory(attended=True, start_date=D(2023, 3, 1), organiser_unit=unit)
    # Rejected and cancelled: not in any month.
    ConferenceFactory(start_date=D(2023, 2, 10), permit_status=Permit.REJECTED, organiser_unit=unit)
    ConferenceFactory(
        start_date=D(2023, 2, 11), permit_status=Permit.CANCELLED, organiser_unit=unit
    )
    # Still awaiting its permit: counted, it may yet take place.
    ConferenceFactory(
        start_date=D(2023, 3, 31),
        permit_status=Permit.REQUESTED,
        permit_number="",
        permit_date=None,
        organiser_unit=unit,
    )

    with translation.override("en"):
        rows = conferences_by_month(start=START, end=D(2023, 4, 30))

    assert as_tuples(rows) == [
        ("2023-01", "Jan 2023", 1, {"hosted": 1, "attended": 0}),
        ("2023-02", "Feb 2023", 0, {"hosted": 0, "attended": 0}),
        ("2023-03", "Mar 2023", 2, {"hosted": 1, "attended": 1}),
        ("2023-04", "Apr 2023", 0, {"hosted": 0, "attended": 0}),
    ]


@pytest.mark.django_db
def test_conferences_by_month_of_an_unbounded_period_runs_from_the_first_to_the_last_month():
    ConferenceFactory(start_date=D(2022, 11, 5))
    ConferenceFactory(start_date=D(2023, 1, 20))

    assert [row.key for row in conferences_by_month(start=None, end=None)] == [
        "2022-11",
        "2022-12",
        "2023-01",
    ]
    assert [row.key for row in conferences_by_month(start=D(2022, 12, 15), end=None)] == [
        "2022-12",
        "2023-01",
    ]


@pytest.mark.django_db
def test_conferences_by_month_without_any_conference_is_empty_when_unbounded_and_zeros_else():
    assert conferences_by_month(start=None, end=None) == []
    assert [row.count for row in conferences_by_month(start=START, end=END)] == [0] * 12


@pytest.mark.django_db
def test_conference_breakdowns_have_plain_labels_in_the_active_language():
    ConferenceFactory(start_date=D(2023, 3, 5), format=Format.ONLINE)

    with translation.override("vi"):
        formats = conferences_by_format(start=START, end=END)
        months = conferences_by_month(start=D(2023, 3, 1), end=D(2023, 3, 31))
        vietnamese_online = str(Format.ONLINE.label)
    with translation.override("en"):
        english = conferences_by_format(start=START, end=END)

    assert [row.label for row in english] == ["In person", "Online", "Hybrid"]
    assert formats[1].label == vietnamese_online
    assert months[0].label == "03/2023"
    assert all(isinstance(row, Row) for row in [*formats, *months, *english])
    assert all(type(row.label) is str for row in [*formats, *months, *english])


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 50])
def test_conference_breakdowns_take_one_query_whatever_the_number_of_conferences(
    django_assert_num_queries, size
):
    make_conferences(1, size)

    with django_assert_num_queries(1):
        conferences_by_format(start=START, end=END)
    with django_assert_num_queries(1):
        conferences_by_month(start=START, end=END)
    with django_assert_num_queries(1):
        conferences_by_month(start=None, end=None, public=True)


# Aid


def add_rates():
    for currency, rows in RATES.items():
        for valid_from, rate in rows:
            ExchangeRateFactory(currency=currency, valid_from=valid_from, rate_to_vnd=rate)


def random_amount(rng, currency):
    if currency in WHOLE:
        return Decimal(rng.randrange(1, 10**10))
    return Decimal(rng.randrange(1, 10**9)) / 100


def make_aid(seed, size):
    """The rates, three sectors, and ``size`` projects received or given, of any modality,
    status (cancelled too) and visibility, in random currencies (some without a rate on
    their day), with none, one or two sectors and up to three disbursements each."""
    rng = random.Random(seed)
    add_rates()
    sectors = [SectorFactory(code=code) for code in ("health", "education", "climate")]
    for _ in range(size):
        direction = rng.choice([Direction.RECEIVED, Direction.RECEIVED, Direction.GIVEN])
        modalities = Modality.values
        if direction == Direction.GIVEN:
            modalities = [m for m in modalities if m not in (Modality.ODA_LOAN, Modality.ODA_GRANT)]
        currency = rng.choice(CURRENCIES)
        project = AidProjectFactory(
            direction=direction,
            modality=rng.choice(modalities),
            country=rng.choice(COUNTRIES),
            currency=currency,
            commitment_amount=random_amount(rng, currency),
            committed_on=random_day(rng),
            status=rng.choice(Status.values),
            visibility=rng.choice([PUBLIC, INTERNAL]),
            sectors=rng.sample(sectors, rng.choice([0, 1, 1, 2])),
        )
        for _ in range(rng.choice([0, 0, 1, 3])):
            currency = rng.choice([project.currency, "VND", "KRW"])
            DisbursementFactory(
                project=project,
                date=random_day(rng),
                currency=currency,
                amount=random_amount(rng, currency),
            )


def rate_on(currency, day):
    """The rate of the latest day on or before ``day``, or None."""
    if currency == "VND":
        return Decimal(1)
    found = None
    for valid_from, rate in RATES.get(currency, []):
        if valid_from <= day and (found is None or valid_from > found[0]):
            found = (valid_from, rate)
    return found and found[1]


def recount(rows):
    """Total of (amount, currency, day) rows, one at a time: each row to VND (whole dong,
    half up) and to USD (through VND, to the cent, half up), then added."""
    vnd, usd, missing_vnd, missing_usd = Decimal(0), Decimal(0), set(), set()
    without_vnd = without_usd = 0
    for amount, currency, day in rows:
        rate, usd_rate = rate_on(currency, day), rate_on("USD", day)
        if rate is None:
            missing_vnd.add((currency, day))
            without_vnd += 1
        else:
            in_vnd = (amount * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            vnd += in_vnd
        if currency == "USD":
            usd += amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        elif rate is None or usd_rate is None:
            missing_usd.add((currency, day) if rate is None else ("USD", day))
            without_usd += 1
        else:
            usd += (in_vnd / usd_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Total(
        vnd=vnd,
        usd=usd,
        rows=len(rows),
        missing_vnd=missing_vnd,
        missing_usd=missing_usd,
        rows_without_vnd=without_vnd,
        rows_without_usd=without_usd,
    )


def groups_of(project, by):
    """(key, English label) of each row ``project`` counts in."""
    if by == "country":
        return [(project.country.code, str(project.country.name))]
    if by == "modality":
        return [(project.modality, str(project.get_modality_display()))]
    sectors = list(project.sectors.all())
    if not sectors:
        return [("", "No sector")]
    return [(sector.code, sector.name_en) for sector in sectors]


def expected_aid_rows(by, *, start, end, public, direction):
    projects = [
        p
        for p in AidProject.objects.prefetch_related("sectors", "disbursements")
        if p.status != Status.CANCELLED
        and (not public or p.visibility == PUBLIC)
        and (direction is None or p.direction == direction)
    ]
    labels, committed, disbursed = {}, {}, {}
    for project in projects:
        for key, label in groups_of(project, by):
            if within(project.committed_on, start, end):
                labels[key] = label
                committed.setdefault(key, []).append(
                    (project.commitment_amount, project.currency, project.committed_on)
                )
            for disbursement in project.disbursements.all():
                if within(disbursement.date, start, end):
                    labels[key] = label
                    disbursed.setdefault(key, []).append(
                        (disbursement.amount, disbursement.currency, disbursement.date)
                    )
    rows = [
        AidRow(
            key=key,
            label=label,
            count=len(committed.get(key, [])),
            committed=recount(committed.get(key, [])),
            disbursed=recount(disbursed.get(key, [])),
        )
        for key, label in labels.items()
    ]
    return sorted(rows, key=lambda row: (-row.committed.vnd, -row.count, row.label, row.key))


BREAKDOWNS = {"country": aid_by_country, "modality": aid_by_modality, "sector": aid_by_sector}


@pytest.mark.django_db
@pytest.mark.parametrize("by", list(BREAKDOWNS))
@pytest.mark.parametrize("seed", SEEDS)
def test_aid_breakdowns_match_a_count_one_project_and_one_disbursement_at_a_time(seed, by):
    make_aid(seed, 50)

    with translation.override("en"):
        for start, end in PERIODS:
            for public in (False, True):
                for direction in (Direction.RECEIVED, Direction.GIVEN, None):
                    found = BREAKDOWNS[by](start=start, end=end, public=public, direction=direction)
                    expected = expected_aid_rows(
                        by, start=start, end=end, public=public, direction=direction
                    )
                    assert found == expected, (start, end, public, direction)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS)
def test_aid_breakdowns_are_sorted_by_the_vnd_committed_largest_first(seed):
    make_aid(seed, 50)

    for breakdown in BREAKDOWNS.values():
        rows = breakdown(start=None, end=None, direction=None)
        committed = [row.committed.vnd for row in rows]
        assert len(rows) > 1
        assert committed == sorted(committed, reverse=True)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS)
def test_aid_by_country_and_by_modality_add_up_to_the_summary(seed):
    make_aid(seed, 50)

    summary = aid_summary(start=START, end=END)
    for breakdown in (aid_by_country, aid_by_modality):
        received = breakdown(start=START, end=END)
        given = breakdown(start=START, end=END, direction=Direction.GIVEN)

        assert sum(row.count for row in received) == summary.received_count
        assert sum(row.committed.vnd for row in received) == (
            summary.oda.committed.vnd + summary.other.committed.vnd
        )
        assert sum(row.disbursed.usd for row in received) == (
            summary.oda.disbursed.usd + summary.other.disbursed.usd
        )
        assert sum(row.count for row in given) == summary.given.count
        assert sum(row.committed.usd for row in given) == summary.given.committed.usd
        missing = {m for row in [*received, *given] for m in row.missing}
        assert missing == set(summary.missing)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS)
def test_the_dashboards_single_reading_of_aid_gives_the_summary_and_both_breakdowns(
    seed, django_assert_max_num_queries
):
    make_aid(seed, 50)

    with translation.override("en"):
        for start, end in PERIODS:
            for public in (False, True):
                # The sums of commitments and of disbursements; the rates some rows lack.
                with django_assert_max_num_queries(4):
                    overview = aid_overview(start=start, end=end, public=public)

                span = {"start": start, "end": end, "public": public}
                assert overview.summary == aid_summary(**span), span
                assert overview.by_country == expected_aid_rows(
                    "country", **span, direction=Direction.RECEIVED
                ), span
                assert overview.by_modality == expected_aid_rows(
                    "modality", **span, direction=Direction.RECEIVED
                ), span


def in_kind(day, currency, amount, **fields):
    return AidProjectFactory(
        committed_on=day, currency=currency, commitment_amount=amount, **fields
    )


@pytest.mark.django_db
def test_aid_by_country_names_every_missing_rate_and_sums_what_it_can_convert():
    add_rates()
    in_kind(D(2023, 8, 8), "KRW", "23000000", country="KR")
    in_kind(D(2023, 3, 31), "AUD", "1000.00", country="KR")  # the day before the AUD rate
    in_kind(D(2023, 4, 1), "AUD", "1000.00", country="KR")
    in_kind(D(2023, 5, 5), "USD", "100.00", country="US")

    with translation.override("en"):
        korea, united_states = aid_by_country(start=START, end=END)

    assert (korea.key, korea.label, korea.count) == ("KR", "South Korea", 3)
    assert korea.committed.vnd == 15946000  # the AUD 1,000 of 1 April, nothing guessed
    assert korea.committed.rows_without_vnd == 2
    assert korea.missing == [MissingRate("AUD", D(2023, 3, 31)), MissingRate("KRW", D(2023, 8, 8))]
    assert not korea.complete
    assert (united_states.key, united_states.committed.vnd) == ("US", 2315000)
    assert united_states.complete
    # Sorted by what is known: Korea's 15.9 million dong before the 2.3 million.
    assert korea.committed.vnd > united_states.committed.vnd


@pytest.mark.django_db
def test_aid_by_sector_counts_a_project_in_each_of_its_sectors_and_keeps_those_without_one():
    health, education = (
        SectorFactory(code="health", name_en="Health", name="Y tế"),
        SectorFactory(code="education", name_en="Education", name="Giáo dục"),
    )
    in_kind(D(2023, 2, 1), "VND", "3000000", sectors=[health, education])
    in_kind(D(2023, 2, 2), "VND", "1000000", sectors=[health])
    in_kind(D(2023, 2, 3), "VND", "500000")
    # Cancelled, and committed outside the period: not counted.
    in_kind(D(2023, 2, 4), "VND", "7000000", sectors=[education], status=Status.CANCELLED)
    in_kind(START - ONE_DAY, "VND", "9000000", sectors=[education])

    with translation.override("en"):
        english = aid_by_sector(start=START, end=END)
    with translation.override("vi"):
        vietnamese = aid_by_sector(start=START, end=END)

    assert [(row.key, row.label, row.count, row.committed.vnd) for row in english] == [
        ("health", "Health", 2, 4000000),
        ("education", "Education", 1, 3000000),
        ("", "No sector", 1, 500000),
    ]
    assert [row.label for row in vietnamese][:2] == ["Y tế", "Giáo dục"]
    assert all(type(row.label) is str for row in [*english, *vietnamese])


@pytest.mark.django_db
def test_aid_breakdowns_count_disbursements_of_projects_committed_in_other_periods():
    add_rates()
    earlier = in_kind(D(2022, 6, 1), "USD", "1000.00", country="JP", modality=Modality.ODA_GRANT)
    DisbursementFactory(project=earlier, date=START, amount="400.00", currency="USD")
    DisbursementFactory(project=earlier, date=END + ONE_DAY, amount="600.00", currency="USD")

    (row,) = aid_by_modality(start=START, end=END)

    assert (row.key, row.count, row.committed.rows) == (Modality.ODA_GRANT, 0, 0)
    assert (row.disbursed.usd, row.disbursed.vnd) == (Decimal("400.00"), 400 * 23150)


@pytest.mark.django_db
def test_aid_breakdowns_leave_out_cancelled_projects_and_count_internal_ones_only_for_staff():
    in_kind(D(2023, 5, 1), "VND", "1000", country="JP", visibility=PUBLIC)
    in_kind(D(2023, 5, 2), "VND", "2000", country="JP", visibility=INTERNAL)
    cancelled = in_kind(
        D(2023, 5, 3), "VND", "4000", country="FR", visibility=PUBLIC, status=Status.CANCELLED
    )
    DisbursementFactory(project=cancelled, date=D(2023, 5, 4), amount="4000", currency="VND")

    staff = aid_by_country(start=START, end=END)
    public = aid_by_country(start=START, end=END, public=True)

    assert [(row.key, row.count, row.committed.vnd) for row in staff] == [("JP", 2, 3000)]
    assert [(row.key, row.count, row.committed.vnd) for row in public] == [("JP", 1, 1000)]


@pytest.mark.django_db
def test_aid_breakdowns_refuse_an_unknown_direction():
    with pytest.raises(ValueError):
        aid_by_country(start=START, end=END, direction="sideways")


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS)
def test_aid_projects_by_month_matches_a_count_one_project_at_a_time(seed):
    make_aid(seed, 50)

    for start, end in PERIODS:
        for public in (False, True):
            projects = [
                p
                for p in AidProject.objects.all()
                if p.status != Status.CANCELLED
                and (not public or p.visibility == PUBLIC)
                and within(p.committed_on, start, end)
            ]
            expected = []
            for key, _english, vietnamese in expected_months(
                start, end, [p.committed_on for p in projects]
            ):
                mine = [p for p in projects if month_of(p.committed_on) == key]
                received = sum(1 for p in mine if p.direction == Direction.RECEIVED)
                expected.append(
                    (
                        key,
                        vietnamese,
                        len(mine),
                        {"received": received, "given": len(mine) - received},
                    )
                )

            found = aid_projects_by_month(start=start, end=end, public=public)

            assert as_tuples(found) == expected, (start, end, public)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 50])
def test_aid_breakdowns_take_a_fixed_number_of_queries_whatever_the_number_of_rows(
    django_assert_num_queries, django_assert_max_num_queries, size
):
    make_aid(1, size)

    for breakdown in BREAKDOWNS.values():
        # The sums of the commitments and of the disbursements, grouped in the database,
        # and the rates some of them lack; no query per row or per label.
        with django_assert_max_num_queries(4):
            rows = breakdown(start=START, end=END, direction=None)
            [row.label for row in rows]
        with django_assert_max_num_queries(4):
            breakdown(start=None, end=None, public=True)
    with django_assert_num_queries(1):
        aid_projects_by_month(start=START, end=END)


# The monthly trend


def make_records(seed, size):
    """Delegations, agreements, conferences and aid projects on random days."""
    rng = random.Random(seed)
    for _ in range(size):
        DelegationFactory(
            direction=rng.choice(Delegation.Direction.values),
            start_date=random_day(rng),
            status=rng.choice(Delegation.Status.values),
            visibility=rng.choice([PUBLIC, INTERNAL]),
            countries=rng.sample(COUNTRIES, rng.choice([1, 1, 2])),
        )
        negotiating = rng.random() < 0.2
        AgreementFactory(
            signed_on=None if negotiating else random_day(rng),
            status=Agreement.Status.NEGOTIATING if negotiating else Agreement.Status.SIGNED,
            visibility=rng.choice([PUBLIC, INTERNAL]),
        )
    make_conferences(seed, size)
    make_aid(seed, size)


def expected_trend(*, start, end, public):
    today = timezone.localdate()

    def shown(record):
        return not public or record.visibility == PUBLIC

    delegations = [
        d
        for d in Delegation.objects.all()
        if d.status != Delegation.Status.CANCELLED
        and d.start_date <= today
        and shown(d)
        and within(d.start_date, start, end)
    ]
    agreements = [
        a
        for a in Agreement.objects.all()
        if a.signed_on is not None and shown(a) and within(a.signed_on, start, end)
    ]
    conferences = [
        c
        for c in counted_conferences(public=public)
        if within(c.start_date, start, end)
        and c.permit_status not in (Permit.REJECTED, Permit.CANCELLED)
    ]
    projects = [
        p
        for p in AidProject.objects.all()
        if p.status != Status.CANCELLED and shown(p) and within(p.committed_on, start, end)
    ]
    days = [
        *(d.start_date for d in delegations),
        *(a.signed_on for a in agreements),
        *(c.start_date for c in conferences),
        *(p.committed_on for p in projects),
    ]
    rows = []
    for key, english, _vietnamese in expected_months(start, end, days):
        rows.append(
            (
                key,
                english,
                sum(
                    1
                    for d in delegations
                    if month_of(d.start_date) == key and d.direction == Delegation.Direction.INBOUND
                ),
                sum(
                    1
                    for d in delegations
                    if month_of(d.start_date) == key
                    and d.direction == Delegation.Direction.OUTBOUND
                ),
                sum(1 for a in agreements if month_of(a.signed_on) == key),
                sum(1 for c in conferences if month_of(c.start_date) == key),
                sum(1 for p in projects if month_of(p.committed_on) == key),
            )
        )
    return rows


def trend_tuples(rows):
    return [
        (
            row.key,
            row.label,
            row.delegations_inbound,
            row.delegations_outbound,
            row.agreements,
            row.conferences,
            row.aid_projects,
        )
        for row in rows
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS)
def test_monthly_trend_matches_a_count_one_record_at_a_time(seed):
    make_records(seed, 30)

    with translation.override("en"):
        for start, end in PERIODS:
            for public in (False, True):
                found = monthly_trend(start=start, end=end, public=public)
                expected = expected_trend(start=start, end=end, public=public)
                assert trend_tuples(found) == expected, (start, end, public)


@pytest.mark.django_db
def test_monthly_trend_of_an_unbounded_period_spans_the_months_of_every_record_type():
    DelegationFactory(start_date=D(2022, 10, 3))
    AidProjectFactory(committed_on=D(2023, 2, 14))

    rows = monthly_trend(start=None, end=None)

    assert [row.key for row in rows] == ["2022-10", "2022-11", "2022-12", "2023-01", "2023-02"]
    assert [(row.delegations_inbound, row.aid_projects) for row in rows] == [
        (1, 0),
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 1),
    ]
    assert rows[0].label == "10/2022"


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_monthly_trend_takes_one_query_per_record_type_whatever_the_number_of_records(
    django_assert_num_queries, size
):
    make_records(1, size)

    with django_assert_num_queries(4):
        monthly_trend(start=START, end=END)
    with django_assert_num_queries(4):
        monthly_trend(start=None, end=None, public=True)
