"""agreement_summary against a second computation in plain Python, one agreement at a time,
over agreements on and just outside the edges of a period and of the 90- and 365-day
windows."""

import datetime

import pytest
from django.utils import timezone

from agreements.models import Agreement
from core.models import Visibility
from reports.statistics import AgreementSummary, agreement_summary
from tests.factories import AgreementActivityFactory, AgreementFactory

Level = Agreement.Level
Status = Agreement.Status
PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL

START = datetime.date(2020, 1, 1)
END = datetime.date(2025, 12, 31)
TODAY = datetime.date(2026, 11, 26)
ONE_DAY = datetime.timedelta(days=1)
# The signed ones, then one count each: in force, expiring, dormant.
SUMMARY_QUERIES = 4


def days(n):
    return datetime.timedelta(days=n)


def is_in_force(a, day):
    """In force on ``day``: signed and started by then, not terminated by then, and not
    past an expiry that does not renew."""
    if a.status == Status.NEGOTIATING or a.signed_on is None:
        return False
    if a.status == Status.TERMINATED and a.terminated_on <= day:
        return False
    if (a.entry_into_force or a.signed_on) > day:
        return False
    return a.auto_renew or a.expires_on is None or a.expires_on >= day


def expected_summary(*, start=None, end=None, public=False, today=TODAY):
    """The counting rules of agreement_summary, one agreement at a time."""
    agreements = list(Agreement.objects.prefetch_related("activities"))
    if public:
        agreements = [a for a in agreements if a.visibility == PUBLIC]

    def is_signed_in_period(a):
        return (
            a.status != Status.NEGOTIATING
            and a.signed_on is not None
            and (start is None or a.signed_on >= start)
            and (end is None or a.signed_on <= end)
        )

    def is_expiring(a):
        return (
            is_in_force(a, today)
            and not a.auto_renew
            and a.expires_on is not None
            and 0 <= (a.expires_on - today).days <= 90
        )

    def is_dormant(a):
        year_ago = today - days(365)
        return (
            is_in_force(a, today)
            and a.signed_on <= year_ago
            and all(activity.date <= year_ago for activity in a.activities.all())
        )

    signed = [a for a in agreements if is_signed_in_period(a)]
    return AgreementSummary(
        city=sum(1 for a in signed if a.signing_level == Level.CITY),
        unit=sum(1 for a in signed if a.signing_level == Level.UNIT),
        in_force=sum(1 for a in agreements if is_in_force(a, end or today)),
        expiring_soon=sum(1 for a in agreements if is_expiring(a)),
        dormant=sum(1 for a in agreements if is_dormant(a)),
    )


def agreement(signed_on=datetime.date(2022, 3, 1), visibility=PUBLIC, active=True, **fields):
    """An agreement; ``active`` ones had an implementation activity a month before TODAY,
    so that only the agreements made to test it are dormant."""
    row = AgreementFactory(signed_on=signed_on, visibility=visibility, **fields)
    if active and signed_on is not None:
        AgreementActivityFactory(agreement=row, date=TODAY - days(30), visibility=PUBLIC)
    return row


@pytest.fixture
def agreements_around_the_period(db):
    """Agreements that each test one counting rule; comments give the verdict for the
    period [START, END] and TODAY."""
    # Signed on and just outside both edges, at both levels, public and internal.
    for day in (START - ONE_DAY, START, END, END + ONE_DAY):
        for level in Level.values:
            for visibility in (PUBLIC, INTERNAL):
                agreement(day, visibility, signing_level=level)
    # Under negotiation: never signed, never in force.
    agreement(None, status=Status.NEGOTIATING)
    agreement(None, INTERNAL, status=Status.NEGOTIATING, signing_level=Level.UNIT)
    # Terminated the day before the end, on the end, the day after: in force on END only
    # when terminated after it; signed in the period all the same.
    for ended in (END - ONE_DAY, END, END + ONE_DAY):
        agreement(datetime.date(2021, 5, 5), status=Status.TERMINATED, terminated_on=ended)
    # Terminated after TODAY: still in force today, expiring and dormant count it.
    agreement(
        datetime.date(2021, 6, 6),
        status=Status.TERMINATED,
        terminated_on=TODAY + days(30),
        expires_on=TODAY + days(60),
    )
    # Expiring on day 0, day 90 and day 91 from TODAY; and expired yesterday.
    for offset in (0, 90, 91, -1):
        agreement(datetime.date(2023, 1, 10), expires_on=TODAY + days(offset))
    # Expiring within 90 days but renewing automatically: in force, not expiring.
    agreement(
        datetime.date(2022, 2, 2),
        expires_on=TODAY + days(30),
        auto_renew=True,
        renewal_term_months=12,
    )
    # Past its first expiry long ago, renewing: still in force; internal.
    agreement(
        datetime.date(2012, 8, 24),
        INTERNAL,
        expires_on=datetime.date(2017, 8, 24),
        auto_renew=True,
        renewal_term_months=60,
        signing_level=Level.UNIT,
    )
    # Expired on the period's last day (in force on END) and the day before (not).
    agreement(datetime.date(2020, 6, 1), expires_on=END)
    agreement(datetime.date(2020, 6, 1), expires_on=END - ONE_DAY)
    # Recorded as expired, expiry after END: it was in force on END.
    agreement(datetime.date(2020, 7, 1), status=Status.EXPIRED, expires_on=END + days(10))
    # Signed in the period, in force only after it.
    agreement(END - days(10), entry_into_force=END + ONE_DAY)
    agreement(END - days(10), INTERNAL, status=Status.IN_FORCE, entry_into_force=END)

    # Activity 364 days ago: active. 365 and 366 days ago: dormant.
    for ago, visibility in ((364, PUBLIC), (364, INTERNAL), (365, PUBLIC), (366, PUBLIC)):
        AgreementActivityFactory(
            agreement=agreement(datetime.date(2024, 1, 1), active=False, signing_level=Level.UNIT),
            date=TODAY - days(ago),
            visibility=visibility,
        )
    # A public agreement whose only recent activity is internal: not dormant.
    AgreementActivityFactory(
        agreement=agreement(datetime.date(2024, 2, 2), active=False), date=TODAY - days(10)
    )
    # Signed 365 days ago without activity: dormant; 364 days ago: not yet.
    agreement(TODAY - days(365), active=False)
    agreement(TODAY - days(364), active=False)
    # No activity for years, but expired: not dormant.
    agreement(datetime.date(2021, 1, 1), active=False, expires_on=TODAY - days(100))


PERIODS = [
    pytest.param(START, END, id="period"),
    pytest.param(None, None, id="unbounded"),
    pytest.param(START, None, id="from-start"),
    pytest.param(None, END, id="until-end"),
    pytest.param(END, END, id="last-day"),
    pytest.param(START, START, id="first-day"),
    pytest.param(END + ONE_DAY, END + ONE_DAY, id="day-after"),
]


@pytest.mark.usefixtures("agreements_around_the_period")
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_agreement_summary_matches_a_count_one_agreement_at_a_time(
    django_assert_num_queries, start, end, public
):
    with django_assert_num_queries(SUMMARY_QUERIES):
        summary = agreement_summary(start=start, end=end, public=public, today=TODAY)

    assert summary == expected_summary(start=start, end=end, public=public)


@pytest.mark.usefixtures("agreements_around_the_period")
@pytest.mark.parametrize("today", [TODAY - ONE_DAY, TODAY + ONE_DAY, TODAY + days(300)])
def test_agreement_summary_matches_the_row_by_row_count_on_other_days(today):
    summary = agreement_summary(start=START, end=END, today=today)

    assert summary == expected_summary(start=START, end=END, today=today)


@pytest.mark.usefixtures("agreements_around_the_period")
def test_agreement_summary_counts_both_edge_days_by_level_and_nothing_under_negotiation():
    summary = agreement_summary(start=START, end=END, today=TODAY)

    # The edge days: 2 days × 2 visibilities at each level; the 4 activity-window
    # agreements are unit-level; 18 other city-level ones are signed within the period.
    assert summary.unit == 4 + 4
    assert summary.city == 4 + 18
    assert summary.total == summary.city + summary.unit


@pytest.mark.usefixtures("agreements_around_the_period")
def test_agreement_summary_as_of_today_counts_days_0_and_90_but_not_91():
    summary = agreement_summary(today=TODAY)

    # Day 0, day 90, and the one terminated after TODAY (expiring in 60 days).
    assert summary.expiring_soon == 3
    # Activity 365 and 366 days ago, signed 365 days ago without activity.
    assert summary.dormant == 3


@pytest.mark.usefixtures("agreements_around_the_period")
def test_public_agreement_summary_leaves_out_internal_agreements():
    internal = agreement_summary(start=START, end=END, today=TODAY)
    public = agreement_summary(start=START, end=END, public=True, today=TODAY)

    # Internal: 2 edge-day agreements at each level, and the city-level one that came into
    # force on END.
    assert (internal.city - public.city, internal.unit - public.unit) == (2 + 1, 2)
    # In force on END: the internal ones signed on START - 1, START and END at both levels,
    # the one that came into force on END and the renewing one.
    assert internal.in_force - public.in_force == 6 + 1 + 1


@pytest.mark.django_db
def test_agreement_summary_counts_as_of_the_local_date_by_default():
    AgreementFactory(signed_on=datetime.date(2020, 1, 1), expires_on=timezone.localdate() + days(5))

    summary = agreement_summary()

    assert summary == AgreementSummary(city=1, unit=0, in_force=1, expiring_soon=1, dormant=1)


@pytest.mark.django_db
def test_agreement_summary_of_nothing_is_all_zeros(django_assert_num_queries):
    with django_assert_num_queries(SUMMARY_QUERIES):
        summary = agreement_summary(start=START, end=END, public=True, today=TODAY)

    assert summary == AgreementSummary(0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_agreement_summary_takes_four_queries_however_many_agreements(
    django_assert_num_queries,
):
    for index in range(12):
        AgreementActivityFactory(
            agreement=agreement(datetime.date(2021, 1, 1) + days(index), active=False),
            date=TODAY - days(index * 60),
        )

    with django_assert_num_queries(SUMMARY_QUERIES):
        agreement_summary(start=START, end=END, today=TODAY)
