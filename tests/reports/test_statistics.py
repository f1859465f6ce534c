"""The statistics layer against a second computation in plain Python over every row."""

import datetime

import pytest
from django.utils import timezone

from core.models import Visibility
from delegations.models import Delegation
from partners.models import ForeignPartner, Relationship
from reports.statistics import (
    DelegationSummary,
    RelationshipSummary,
    delegation_summary,
    relationship_summary,
)
from tests.factories import DelegationFactory, ForeignPartnerFactory, RelationshipFactory

Level = Relationship.Level
Status = Relationship.Status
PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL

START = datetime.date(2020, 1, 1)
END = datetime.date(2022, 12, 31)
ONE_DAY = datetime.timedelta(days=1)


def expected_summary(*, start=None, end=None, public=False):
    """The counting rules of reports/statistics, one relationship at a time."""
    relationships = list(Relationship.objects.select_related("partner"))
    if public:
        relationships = [
            r for r in relationships if r.visibility == PUBLIC and r.partner.visibility == PUBLIC
        ]

    def is_current(r):
        if end is None:
            return r.status != Status.ENDED
        established_by_end = r.established_on is None or r.established_on <= end
        # An ended relationship without an end date has ended by any date.
        still_running = r.status != Status.ENDED or (r.ended_on is not None and r.ended_on > end)
        return established_by_end and still_running

    def is_new(r):
        if r.established_on is None:
            return False
        after_start = start is None or r.established_on >= start
        before_end = end is None or r.established_on <= end
        return after_start and before_end

    current = [r for r in relationships if is_current(r)]
    by_level = {level: 0 for level in Level.values}
    for r in current:
        by_level[r.level] += 1
    return RelationshipSummary(
        twinning=by_level[Level.TWINNING],
        friendship=by_level[Level.FRIENDSHIP],
        cooperation=by_level[Level.COOPERATION],
        network=by_level[Level.NETWORK],
        current=len(current),
        active=sum(1 for r in current if r.status == Status.ACTIVE),
        countries=len({r.partner.country.code for r in current if r.partner.country}),
        new_in_period=sum(1 for r in relationships if is_new(r)),
    )


def partner(name, country, visibility=PUBLIC, kind=ForeignPartner.Kind.LOCALITY):
    return ForeignPartnerFactory(name=name, country=country, visibility=visibility, kind=kind)


def relationship(
    partner, level, established_on, status=Status.ACTIVE, ended_on=None, visibility=PUBLIC
):
    return RelationshipFactory(
        partner=partner,
        level=level,
        status=status,
        established_on=established_on,
        ended_on=ended_on,
        visibility=visibility,
    )


@pytest.fixture
def mixed_relationships(db):
    """A dozen relationships that each test one counting rule; comments give the verdict
    for the period [START, END]."""
    okayama = partner("Okayama", "JP")
    osaka = partner("Osaka", "JP")
    jeollanam = partner("Jeollanam-do", "KR")
    gwangju = partner("Gwangju", "KR")
    riverside = partner("Riverside", "US")
    austin = partner("Austin", "US")
    kaposvar = partner("Kaposvár", "HU")
    bonn = partner("Bonn", "DE")
    network = partner("AIMF", "", kind=ForeignPartner.Kind.NETWORK)
    champasak = partner("Champasak", "LA", visibility=INTERNAL)

    # Established on the first day: new and current.
    relationship(okayama, Level.TWINNING, START)
    # Established on the last day, dormant: new and current, not active.
    relationship(jeollanam, Level.FRIENDSHIP, END, status=Status.DORMANT)
    # Established the day after: neither.
    relationship(riverside, Level.COOPERATION, END + ONE_DAY)
    # Ended after the period closed: still current at its end, but not active.
    relationship(
        kaposvar,
        Level.TWINNING,
        datetime.date(2010, 5, 5),
        status=Status.ENDED,
        ended_on=END + ONE_DAY,
    )
    # Ended on the last day: no longer current.
    relationship(
        kaposvar, Level.TWINNING, datetime.date(2005, 1, 1), status=Status.ENDED, ended_on=END
    )
    # Date unknown: current, never new; a network has no country.
    relationship(network, Level.NETWORK, None)
    # Internal partner, public relationship: counted internally only.
    relationship(champasak, Level.COOPERATION, datetime.date(2021, 6, 1))
    # Internal relationship of a public partner, the day before the period: current, not new.
    relationship(osaka, Level.FRIENDSHIP, START - ONE_DAY, visibility=INTERNAL)
    # Ended without an end date: not current.
    relationship(gwangju, Level.NETWORK, datetime.date(2015, 3, 3), status=Status.ENDED)
    # Established and ended within the period: new, not current.
    relationship(
        austin,
        Level.FRIENDSHIP,
        datetime.date(2021, 1, 1),
        status=Status.ENDED,
        ended_on=datetime.date(2022, 1, 1),
    )
    # Active, date unknown, in a country with no other relationship.
    relationship(bonn, Level.COOPERATION, None)


PERIODS = [
    pytest.param(START, END, id="period"),
    pytest.param(None, None, id="unbounded"),
    pytest.param(START, None, id="from-start"),
    pytest.param(None, END, id="until-end"),
    pytest.param(END, END, id="last-day"),
    pytest.param(START, START, id="first-day"),
    pytest.param(END + ONE_DAY, END + ONE_DAY, id="day-after"),
]


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_summary_matches_a_row_by_row_count(
    mixed_relationships, django_assert_num_queries, start, end, public
):
    with django_assert_num_queries(1):
        summary = relationship_summary(start=start, end=end, public=public)
    assert summary == expected_summary(start=start, end=end, public=public)


def test_summary_of_the_period_counts_what_each_rule_says(mixed_relationships):
    assert relationship_summary(start=START, end=END) == RelationshipSummary(
        twinning=2,  # Okayama, Kaposvár (ended after END)
        friendship=2,  # Jeollanam-do, Osaka
        cooperation=2,  # Champasak, Bonn
        network=1,  # AIMF
        current=7,
        active=5,  # all but Jeollanam-do (dormant) and Kaposvár (ended)
        countries=5,  # JP, KR, HU, LA, DE; not US, not the network's blank
        new_in_period=4,  # Okayama, Jeollanam-do, Champasak, Austin
    )


def test_public_summary_of_the_period_hides_internal_partners_and_relationships(
    mixed_relationships,
):
    summary = relationship_summary(start=START, end=END, public=True)
    assert summary == RelationshipSummary(
        twinning=2,
        friendship=1,
        cooperation=1,
        network=1,
        current=5,
        active=3,
        countries=4,
        new_in_period=3,
    )
    assert summary.friendship_and_cooperation == 2


@pytest.mark.django_db
def test_summary_of_nothing_is_all_zeros(django_assert_num_queries):
    with django_assert_num_queries(1):
        summary = relationship_summary(start=START, end=END, public=True)
    assert summary == RelationshipSummary(0, 0, 0, 0, 0, 0, 0, 0)


# Delegations


def expected_delegations(*, start=None, end=None, public=False):
    """The delegation counting rules, one delegation at a time."""
    counted = [
        d
        for d in Delegation.objects.all()
        if d.status != Delegation.Status.CANCELLED
        and (not public or d.visibility == PUBLIC)
        and (start is None or d.start_date >= start)
        and (end is None or d.start_date <= end)
        and d.start_date <= timezone.localdate()
    ]
    inbound = [d for d in counted if d.direction == Delegation.Direction.INBOUND]
    return DelegationSummary(
        inbound=len(inbound),
        outbound=len(counted) - len(inbound),
        inbound_press=sum(1 for d in inbound if d.kind == Delegation.Kind.PRESS),
        first_start=min((d.start_date for d in counted), default=None),
    )


@pytest.fixture
def delegations_around_the_period():
    """Delegations on and just outside both edges of the period, of every direction, kind,
    status and visibility that changes a count."""
    inside = [START, START + ONE_DAY, END - ONE_DAY, END]
    # Also one still to come, which no period counts yet.
    outside = [START - ONE_DAY, END + ONE_DAY, timezone.localdate() + ONE_DAY]
    for day in inside + outside:
        for direction in Delegation.Direction.values:
            for kind in (Delegation.Kind.PRESS, Delegation.Kind.BUSINESS):
                for status in (Delegation.Status.COMPLETED, Delegation.Status.CANCELLED):
                    for visibility in (PUBLIC, INTERNAL):
                        DelegationFactory(
                            direction=direction,
                            kind=kind,
                            status=status,
                            visibility=visibility,
                            start_date=day,
                            end_date=day + ONE_DAY,
                            countries=["KR", "JP"],
                        )


@pytest.mark.django_db
@pytest.mark.usefixtures("delegations_around_the_period")
@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize(("start", "end"), [(START, END), (None, None), (START, None), (None, END)])
def test_delegation_summary_matches_a_count_one_delegation_at_a_time(start, end, public):
    expected = expected_delegations(start=start, end=end, public=public)

    assert delegation_summary(start=start, end=end, public=public) == expected


@pytest.mark.django_db
@pytest.mark.usefixtures("delegations_around_the_period")
def test_delegation_summary_counts_both_edge_days_and_nothing_cancelled():
    summary = delegation_summary(start=START, end=END)

    # 4 days inside × 2 kinds × 2 visibilities, completed only; two countries count once.
    assert summary.inbound == summary.outbound == 16
    assert summary.inbound_press == 8
    assert summary.total == 32
    assert summary.first_start == START


@pytest.mark.django_db
def test_delegation_summary_counts_a_visit_once_its_first_day_has_come():
    today = timezone.localdate()
    DelegationFactory(status=Delegation.Status.PLANNED, start_date=today)
    DelegationFactory(status=Delegation.Status.CONFIRMED, start_date=today + ONE_DAY)

    assert delegation_summary(start=today, end=today + 10 * ONE_DAY).inbound == 1


@pytest.mark.django_db
def test_delegation_summary_is_one_query(django_assert_num_queries):
    DelegationFactory.create_batch(3)

    with django_assert_num_queries(1):
        delegation_summary(start=START, end=END, public=True)


@pytest.mark.django_db
def test_upcoming_delegations_are_counted_within_the_next_days_only():
    from reports.statistics.delegations import upcoming_delegation_count

    today = timezone.localdate()
    planned = Delegation.Status.PLANNED
    DelegationFactory(status=planned, start_date=today)  # today: begun, not upcoming
    DelegationFactory(status=planned, start_date=today + ONE_DAY)
    DelegationFactory(status=Delegation.Status.CONFIRMED, start_date=today + 30 * ONE_DAY)
    DelegationFactory(status=planned, start_date=today + 31 * ONE_DAY)
    DelegationFactory(status=Delegation.Status.CANCELLED, start_date=today + 2 * ONE_DAY)

    assert upcoming_delegation_count(days=30) == 2
