"""relationship_summary() against a second computation in plain Python over every row."""

import datetime

import pytest

from core.models import Visibility
from partners.models import ForeignPartner, Relationship
from reports.statistics import RelationshipSummary, relationship_summary
from tests.factories import ForeignPartnerFactory, RelationshipFactory

Level = Relationship.Level
Status = Relationship.Status
PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL

START = datetime.date(2020, 1, 1)
END = datetime.date(2022, 12, 31)
ONE_DAY = datetime.timedelta(days=1)


def expected_summary(*, start=None, end=None, public=False):
    """The counting rules of reports/statistics.py, one relationship at a time."""
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
