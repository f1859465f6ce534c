"""aid_summary against a second computation in plain Python: one project and one
disbursement at a time, converted with a dict of rates and a loop written here (not
``aid.money.RateTable``), over rows on and just outside the edges of a period, cancelled,
internal, and without a rate."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import translation

from aid.models import AidProject
from aid.money import MissingRate, Total
from core.models import Visibility
from reports.statistics.aid import AidFigures, AidSummary, aid_summary
from tests.factories import AidProjectFactory, DisbursementFactory, ExchangeRateFactory

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
START, END = D(2021, 1, 1), D(2023, 12, 31)
PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL
Direction, Modality, Status = AidProject.Direction, AidProject.Modality, AidProject.Status

# VND per unit from a day on. No KRW rate at all; AUD only from 2023-07-01.
RATES = {
    "USD": [(D(2020, 1, 1), Decimal("23150")), (D(2023, 7, 1), Decimal("23800"))],
    "EUR": [(D(2020, 1, 1), Decimal("25928")), (D(2021, 1, 1), Decimal("28219.5"))],
    "JPY": [(D(2020, 1, 1), Decimal("214.35")), (D(2022, 7, 1), Decimal("170.96"))],
    "AUD": [(D(2023, 7, 1), Decimal("15946"))],
}


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
        if currency == "USD":  # dollars are dollars, whatever the rates
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


def group_of(project):
    if project.direction == Direction.GIVEN:
        return "given"
    return "oda" if project.modality in (Modality.ODA_LOAN, Modality.ODA_GRANT) else "other"


def expected_summary(*, start=None, end=None, public=False):
    """The counting rules of aid_summary, one project and one disbursement at a time."""

    def within(day):
        return (start is None or day >= start) and (end is None or day <= end)

    projects = [
        p
        for p in AidProject.objects.prefetch_related("disbursements")
        if p.status != Status.CANCELLED and (not public or p.visibility == PUBLIC)
    ]
    figures = {}
    for group in ("oda", "other", "given"):
        mine = [p for p in projects if group_of(p) == group]
        committed = [p for p in mine if within(p.committed_on)]
        disbursed = [d for p in mine for d in p.disbursements.all() if within(d.date)]
        figures[group] = AidFigures(
            count=len(committed),
            committed=recount(
                [(p.commitment_amount, p.currency, p.committed_on) for p in committed]
            ),
            disbursed=recount([(d.amount, d.currency, d.date) for d in disbursed]),
        )
    return AidSummary(**figures)


def add_rates():
    for currency, rows in RATES.items():
        for valid_from, rate in rows:
            ExchangeRateFactory(currency=currency, valid_from=valid_from, rate_to_vnd=rate)


def project(kind, committed_on, visibility=PUBLIC, **fields):
    """A project of each kind the summary tells apart, in a currency of its own."""
    kinds = {
        "oda": {"modality": Modality.ODA_LOAN, "currency": "USD", "commitment_amount": "1250000.50"},
        "grant": {"modality": Modality.ODA_GRANT, "currency": "JPY", "commitment_amount": "150000000"},
        "other": {"modality": Modality.NGO_PROJECT, "currency": "EUR", "commitment_amount": "98765.43"},
        "in_kind": {"modality": Modality.IN_KIND, "currency": "VND", "commitment_amount": "462800000"},
        "given": {
            "direction": Direction.GIVEN,
            "modality": Modality.EMERGENCY,
            "currency": "VND",
            "commitment_amount": "1020000000",
            "country": "KH",
        },
    }  # fmt: skip
    return AidProjectFactory(
        committed_on=committed_on, visibility=visibility, **{**kinds[kind], **fields}
    )


@pytest.fixture
def aid_around_the_period(db):
    """Projects and disbursements that each test one counting rule."""
    add_rates()
    edges = (START - ONE_DAY, START, END, END + ONE_DAY)
    # Committed on and just outside both edges, of every kind, public and internal.
    for day in edges:
        for kind in ("oda", "grant", "other", "in_kind", "given"):
            for visibility in (PUBLIC, INTERNAL):
                project(kind, day, visibility)
    # Any status but cancelled counts.
    for status in (Status.PIPELINE, Status.APPROVED, Status.ONGOING, Status.SUSPENDED):
        project("other", D(2022, 5, 5), status=status)
    # Cancelled: counts nowhere, nor do its disbursements.
    for visibility in (PUBLIC, INTERNAL):
        cancelled = project("oda", D(2022, 2, 2), visibility, status=Status.CANCELLED)
        DisbursementFactory(project=cancelled, date=D(2022, 3, 3), amount="1000", currency="USD")
    # Disbursed on and just outside the edges, by projects committed before the period,
    # in it, and after the end (an advance); in the project's currency or in VND.
    early = project("oda", D(2019, 6, 1))
    inside = project("other", D(2022, 4, 4), INTERNAL)
    given = project("given", D(2021, 5, 27))
    for day in edges:
        DisbursementFactory(project=early, date=day, amount="100000.25", currency="USD")
        DisbursementFactory(project=inside, date=day, amount="250000000", currency="VND")
        DisbursementFactory(project=given, date=day, amount="300000000", currency="VND")
    late = project("grant", D(2024, 3, 1))
    DisbursementFactory(project=late, date=END, amount="5000000", currency="JPY")
    # Without a rate: KRW never has one, AUD not before 2023-07-01 (both sides of it).
    project("other", D(2022, 8, 8), currency="KRW", commitment_amount="23000000")
    project("other", D(2023, 6, 30), currency="AUD", commitment_amount="1000.00")
    project("other", D(2023, 7, 1), INTERNAL, currency="AUD", commitment_amount="1000.00")
    DisbursementFactory(project=inside, date=D(2022, 9, 9), amount="10000000", currency="KRW")
    # Before the first USD rate: dong lack a USD value; dollars lack a VND value only.
    project("given", D(2019, 12, 31))
    project("oda", D(2019, 12, 31), INTERNAL)


PERIODS = [
    pytest.param(START, END, id="period"),
    pytest.param(None, None, id="unbounded"),
    pytest.param(START, None, id="from-start"),
    pytest.param(None, END, id="until-end"),
    pytest.param(END, END, id="last-day"),
    pytest.param(START, START, id="first-day"),
    pytest.param(END + ONE_DAY, END + ONE_DAY, id="day-after"),
]


@pytest.mark.usefixtures("aid_around_the_period")
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_aid_summary_matches_a_count_one_row_at_a_time(
    django_assert_max_num_queries, start, end, public
):
    # The sums of commitments and of disbursements; the rates some rows lack.
    with django_assert_max_num_queries(4):
        summary = aid_summary(start=start, end=end, public=public)

    assert summary == expected_summary(start=start, end=end, public=public)


@pytest.mark.usefixtures("aid_around_the_period")
def test_aid_summary_counts_both_edge_days_and_every_status_but_cancelled():
    summary = aid_summary(start=START, end=END)

    # 2 edge days × 2 visibilities of each kind; ODA: loans and grants.
    assert summary.oda.count == 4 + 4
    # NGO projects and in-kind donations on the edges, 4 statuses, KRW, 2 × AUD, inside.
    assert summary.other.count == 4 + 4 + 4 + 1 + 2 + 1
    # The edges, and the one given on 2021-05-27.
    assert summary.given.count == 4 + 1
    assert summary.received_count == summary.oda.count + summary.other.count


@pytest.mark.usefixtures("aid_around_the_period")
def test_cancelled_projects_and_their_disbursements_are_left_out():
    summary = aid_summary(start=D(2022, 2, 2), end=D(2022, 3, 3))

    assert summary.oda.count == 0
    assert summary.oda.disbursed == Total()
    assert summary.oda.committed == Total()


@pytest.mark.usefixtures("aid_around_the_period")
def test_public_aid_summary_leaves_out_internal_projects_and_their_disbursements():
    internal = aid_summary(start=START, end=END)
    public = aid_summary(start=START, end=END, public=True)

    assert internal.oda.count - public.oda.count == 4
    assert internal.other.count - public.other.count == 4 + 1 + 1  # edges, inside, AUD
    assert internal.given.count - public.given.count == 2
    # The internal NGO project disbursed 250,000,000 VND on START and on END.
    assert internal.other.disbursed.rows - public.other.disbursed.rows == 2 + 1  # and KRW
    assert internal.other.disbursed.vnd - public.other.disbursed.vnd == 2 * 250_000_000


@pytest.mark.usefixtures("aid_around_the_period")
def test_aid_summary_names_the_missing_rates_and_leaves_their_rows_out_of_the_sums():
    summary = aid_summary(start=START, end=END)

    assert not summary.complete
    assert summary.missing == [
        MissingRate("AUD", D(2023, 6, 30)),
        MissingRate("KRW", D(2022, 8, 8)),
        MissingRate("KRW", D(2022, 9, 9)),
    ]
    assert summary.other.committed.missing_vnd == {("AUD", D(2023, 6, 30)), ("KRW", D(2022, 8, 8))}
    assert summary.other.disbursed.missing_vnd == {("KRW", D(2022, 9, 9))}
    with translation.override("en"):
        assert str(summary.missing[0]) == "No exchange rate for AUD on 30 Jun 2023."
    assert aid_summary(start=START, end=D(2021, 12, 31)).complete


@pytest.mark.usefixtures("aid_around_the_period")
def test_before_the_first_usd_rate_dollars_still_count_in_usd_and_dong_in_vnd():
    summary = aid_summary(start=D(2019, 12, 31), end=D(2019, 12, 31))

    assert summary.given.committed == Total(
        vnd=Decimal("1020000000"),
        usd=Decimal(0),
        rows=1,
        missing_usd={("USD", D(2019, 12, 31))},
        rows_without_usd=1,
    )
    assert summary.oda.committed == Total(
        vnd=Decimal(0),
        usd=Decimal("1250000.50"),
        rows=1,
        missing_vnd={("USD", D(2019, 12, 31))},
        rows_without_vnd=1,
    )


@pytest.mark.django_db
def test_aid_summary_of_a_small_case_checked_by_hand():
    add_rates()
    loan = project("oda", D(2022, 3, 1), commitment_amount="1000000")
    ngo = project("other", D(2021, 6, 15), commitment_amount="100000")
    given = project("given", D(2021, 5, 27), commitment_amount="1000000000")
    DisbursementFactory(project=loan, date=D(2022, 9, 1), amount="250000", currency="USD")
    DisbursementFactory(project=ngo, date=D(2021, 8, 1), amount="500000000", currency="VND")
    DisbursementFactory(project=given, date=D(2021, 5, 27), amount="1000000000", currency="VND")
    project("other", D(2022, 1, 1), status=Status.CANCELLED, commitment_amount="5000")

    summary = aid_summary(start=D(2021, 1, 1), end=D(2022, 12, 31))

    # USD 1,000,000 × 23,150.
    assert summary.oda == AidFigures(
        count=1,
        committed=Total(Decimal("23150000000"), Decimal("1000000.00"), 1),
        disbursed=Total(Decimal("5787500000"), Decimal("250000.00"), 1),
    )
    # EUR 100,000 × 28,219.5 = 2,821,950,000 VND; ÷ 23,150 = 121,898.488… → 121,898.49.
    # 500,000,000 VND ÷ 23,150 = 21,598.272… → 21,598.27.
    assert summary.other == AidFigures(
        count=1,
        committed=Total(Decimal("2821950000"), Decimal("121898.49"), 1),
        disbursed=Total(Decimal("500000000"), Decimal("21598.27"), 1),
    )
    # 1,000,000,000 VND ÷ 23,150 = 43,196.544… → 43,196.54.
    assert summary.given == AidFigures(
        count=1,
        committed=Total(Decimal("1000000000"), Decimal("43196.54"), 1),
        disbursed=Total(Decimal("1000000000"), Decimal("43196.54"), 1),
    )
    assert summary.complete and summary.missing == []


@pytest.mark.django_db
def test_aid_summary_of_nothing_is_all_zeros(django_assert_num_queries):
    with django_assert_num_queries(2):
        summary = aid_summary(start=START, end=END, public=True)

    nothing = AidFigures(0, Total(), Total())
    assert summary == AidSummary(oda=nothing, other=nothing, given=nothing)
    assert summary.complete


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 40])
def test_aid_summary_takes_two_queries_however_many_rows(django_assert_num_queries, size):
    add_rates()
    for index in range(size):
        row = project(
            ["oda", "grant", "other", "in_kind", "given"][index % 5], START + ONE_DAY * index
        )
        DisbursementFactory(
            project=row, date=START + ONE_DAY * (index + 30), amount="1000", currency="USD"
        )

    # The database adds the converted amounts up (``aid.conversions``).
    with django_assert_num_queries(2):
        summary = aid_summary(start=START, end=END)

    assert summary.received_count + summary.given.count == size
