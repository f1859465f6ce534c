"""The breakdowns of delegations and agreements (by kind, country, month, sector, level)
and the dormant relationships, against a second computation in plain Python, one record at
a time, over records generated with seeded random dates (on and around the period's edges),
countries (several per delegation), kinds, statuses (cancelled and under negotiation
included) and visibilities."""

import datetime
import random
from collections import Counter

import pytest
from django.utils import timezone, translation

from agreements.models import Agreement
from core.models import Visibility
from delegations.models import Delegation
from partners.models import ForeignPartner, Relationship
from reports.statistics.agreements import (
    agreements_by_country,
    agreements_by_kind,
    agreements_by_level,
    agreements_by_month,
    agreements_by_sector,
)
from reports.statistics.breakdowns import Row
from reports.statistics.delegations import (
    delegation_overview,
    delegation_summary,
    delegations_by_country,
    delegations_by_kind,
    delegations_by_month,
)
from reports.statistics.relationships import dormant_relationship_count
from tests.factories import (
    AgreementFactory,
    DelegationFactory,
    ForeignPartnerFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
    SectorFactory,
)

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL
START = datetime.date(2023, 1, 1)
END = datetime.date(2024, 12, 31)
ONE_DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def code_today_is_todays(monkeypatch):
    """The code under test reads today's date when it runs: pin it to this module's TODAY,
    or a run that crosses midnight in Vietnam (17:00 UTC) compares two different days."""
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None and timezone is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


THIS_YEAR = (TODAY.replace(month=1, day=1), TODAY.replace(month=12, day=31))
SEEDS = [1, 2, 3, 4]
COUNTRIES = ["JP", "KR", "US", "DE", "FR", "LA", "KH"]

# Each random test checks every period over the same records.
PERIODS = [
    (START, END),
    (None, None),
    (START, None),
    (None, END),
    (END, END),  # the last day
    (START, START),  # the first day
    THIS_YEAR,  # with days still to come, which delegations do not count yet
]


def random_day(rng):
    """A day on or next to an edge of the period most of the time, else anywhere from a
    year before it to a few weeks after today."""
    edges = [START - ONE_DAY, START, START + ONE_DAY, END - ONE_DAY, END, END + ONE_DAY]
    edges += [TODAY, TODAY + ONE_DAY, THIS_YEAR[1]]
    if rng.random() < 0.5:
        return rng.choice(edges)
    first = START - datetime.timedelta(days=365)
    return first + datetime.timedelta(days=rng.randrange((TODAY - first).days + 40))


def in_period(day, start, end):
    return day is not None and (start is None or day >= start) and (end is None or day <= end)


def month_keys(first, last):
    """ "YYYY-MM" of every month from ``first`` to ``last``, counted as year * 12 + month."""
    index = first.year * 12 + first.month - 1
    keys = []
    while index <= last.year * 12 + last.month - 1:
        keys.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
        index += 1
    return keys


def expected_months(days_by_record, start, end):
    """The month keys a monthly breakdown lists: every month of the period; a missing
    bound is the month of the first or last record."""
    days = sorted(days_by_record)
    first = start or (days[0] if days else end)
    last = end or (days[-1] if days else start)
    if first is None or last is None:
        return []
    return month_keys(first, last)


def as_counts(rows):
    return {row.key: row.count for row in rows}


def assert_most_first(rows):
    counts = [row.count for row in rows]
    assert counts == sorted(counts, reverse=True)


# Delegations


def make_delegations(rng, number):
    for _ in range(number):
        kind = rng.choice(Delegation.Kind.values)
        DelegationFactory(
            direction=rng.choice(Delegation.Direction.values),
            kind=kind,
            status=rng.choice(Delegation.Status.values),
            visibility=rng.choice([PUBLIC, INTERNAL]),
            start_date=random_day(rng),
            member_count=rng.randint(1, 40),
            countries=rng.sample(COUNTRIES, rng.choice([1, 1, 1, 2, 3])),
            media_outlets="VTV" if kind == Delegation.Kind.PRESS else "",
        )


def counted_delegations(start, end, public):
    """The counting rule: begun within the period and by today, not cancelled."""
    return [
        d
        for d in Delegation.objects.all()
        if d.status != Delegation.Status.CANCELLED
        and d.start_date <= TODAY
        and in_period(d.start_date, start, end)
        and (not public or d.visibility == PUBLIC)
    ]


@pytest.fixture(params=SEEDS, ids=[f"seed-{seed}" for seed in SEEDS])
def random_delegations(request, db):
    make_delegations(random.Random(request.param), 70)


def check_delegations_by_kind(start, end, public):
    counted = counted_delegations(start, end, public)
    expected = [
        (
            kind,
            sum(1 for d in counted if d.kind == kind),
            {
                "inbound": sum(1 for d in counted if d.kind == kind and d.direction == "inbound"),
                "outbound": sum(1 for d in counted if d.kind == kind and d.direction == "outbound"),
                "people": sum(d.member_count for d in counted if d.kind == kind),
            },
        )
        for kind in Delegation.Kind.values
    ]

    rows = delegations_by_kind(start=start, end=end, public=public)

    assert [(row.key, row.count, row.extra) for row in rows] == expected
    assert sum(row.count for row in rows) == len(counted)


@pytest.mark.usefixtures("random_delegations")
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_delegations_by_kind_match_a_count_one_delegation_at_a_time(public):
    for start, end in PERIODS:
        check_delegations_by_kind(start, end, public)


def check_delegations_by_country(start, end, public, direction):
    counted = [
        d
        for d in counted_delegations(start, end, public)
        if direction is None or d.direction == direction
    ]
    expected = Counter(code for d in counted for code in {country.code for country in d.countries})

    rows = delegations_by_country(start=start, end=end, public=public, direction=direction)

    assert as_counts(rows) == dict(expected)
    assert_most_first(rows)
    assert all(row.label and isinstance(row.label, str) for row in rows)


@pytest.mark.usefixtures("random_delegations")
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_delegations_by_country_count_a_delegation_once_in_each_of_its_countries(public):
    for start, end in PERIODS:
        for direction in (None, "inbound", "outbound"):
            check_delegations_by_country(start, end, public, direction)


@pytest.mark.usefixtures("random_delegations")
def test_the_dashboards_single_reading_of_delegations_gives_the_summary_and_the_countries(
    django_assert_num_queries,
):
    for start, end in PERIODS:
        for public in (False, True):
            span = {"start": start, "end": end, "public": public}
            with django_assert_num_queries(1):
                overview = delegation_overview(**span, limit=5)

            assert overview.summary == delegation_summary(**span), span
            assert overview.summary.total == len(counted_delegations(start, end, public))
            assert overview.by_country == delegations_by_country(**span, limit=5), span
            assert delegation_overview(**span).by_country == delegations_by_country(**span)


def check_delegations_by_month(start, end, public):
    counted = counted_delegations(start, end, public)
    keys = expected_months([d.start_date for d in counted], start, end)

    def in_month(key, direction=None):
        return sum(
            1
            for d in counted
            if f"{d.start_date:%Y-%m}" == key and direction in (None, d.direction)
        )

    rows = delegations_by_month(start=start, end=end, public=public)

    assert [row.key for row in rows] == keys
    assert [(row.count, row.extra) for row in rows] == [
        (
            in_month(key),
            {"inbound": in_month(key, "inbound"), "outbound": in_month(key, "outbound")},
        )
        for key in keys
    ]
    assert sum(row.count for row in rows) == len(counted)


@pytest.mark.usefixtures("random_delegations")
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_delegations_by_month_count_each_delegation_in_the_month_it_began(public):
    for start, end in PERIODS:
        check_delegations_by_month(start, end, public)


@pytest.mark.django_db
def test_a_delegation_from_two_countries_is_one_delegation_and_in_both_countries():
    DelegationFactory(countries=["JP", "KR"], start_date=START, member_count=7)

    by_kind = delegations_by_kind(start=START, end=END)
    by_country = delegations_by_country(start=START, end=END)

    assert sum(row.count for row in by_kind) == 1
    assert [(row.key, row.count, row.extra) for row in by_kind if row.count] == [
        ("business", 1, {"inbound": 1, "outbound": 0, "people": 7})
    ]
    assert as_counts(by_country) == {"JP": 1, "KR": 1}


@pytest.mark.django_db
def test_delegations_by_country_ties_sort_by_name_in_the_active_language():
    # Áo (AT), Đức (DE), Hoa Kỳ (US) in Vietnamese; Austria, Germany, United States in
    # English. Japan leads with two.
    DelegationFactory(countries=["US", "DE", "AT", "JP"], start_date=START)
    DelegationFactory(countries=["JP"], start_date=START)

    with translation.override("vi"):
        vietnamese = delegations_by_country(start=START, end=END)
    with translation.override("en"):
        english = delegations_by_country(start=START, end=END, limit=3)

    assert [(row.key, row.label, row.count) for row in vietnamese] == [
        ("JP", "Nhật Bản", 2),
        ("AT", "Áo", 1),
        ("DE", "Đức", 1),
        ("US", "Hợp chủng quốc Hoa Kỳ", 1),
    ]
    assert [(row.key, row.label) for row in english] == [
        ("JP", "Japan"),
        ("AT", "Austria"),
        ("DE", "Germany"),
    ]


@pytest.mark.django_db
def test_delegations_by_month_lists_empty_months_and_counts_both_edge_days():
    DelegationFactory(start_date=START - ONE_DAY)
    DelegationFactory(start_date=START, direction=Delegation.Direction.OUTBOUND)
    DelegationFactory(start_date=datetime.date(2023, 3, 31))
    DelegationFactory(start_date=datetime.date(2023, 3, 15), status=Delegation.Status.CANCELLED)
    DelegationFactory(start_date=END)
    DelegationFactory(start_date=END + ONE_DAY)

    rows = delegations_by_month(start=START, end=END)
    unbounded = delegations_by_month(start=None, end=None)

    assert len(rows) == 24
    assert rows[0] == Row("2023-01", "01/2023", 1, {"inbound": 0, "outbound": 1})
    assert rows[0].extra == {"inbound": 0, "outbound": 1}
    assert [row.count for row in rows[1:3]] == [0, 1]
    assert rows[-1] == Row("2024-12", "12/2024", 1)
    assert sum(row.count for row in rows) == 3
    # Unbounded: from the first delegation's month (December 2022) to the last's.
    assert [unbounded[0].key, unbounded[-1].key, len(unbounded)] == ["2022-12", "2025-01", 26]


@pytest.mark.django_db
def test_monthly_breakdowns_of_nothing_list_the_period_or_nothing():
    assert [row.count for row in delegations_by_month(start=START, end=END)] == [0] * 24
    assert delegations_by_month(start=None, end=None) == []
    assert agreements_by_month(start=None, end=None) == []
    assert [row.key for row in agreements_by_month(start=END, end=None)] == ["2024-12"]


@pytest.mark.django_db
def test_labels_are_plain_strings_in_the_language_active_when_built():
    DelegationFactory(countries=["DE"], start_date=START)
    with translation.override("en"):
        kinds = delegations_by_kind(start=START, end=END)
        countries = delegations_by_country(start=START, end=END)
        month = delegations_by_month(start=START, end=START)
        levels = agreements_by_level(start=START, end=END)
        expected_kinds = [str(label) for label in Delegation.Kind.labels]
    with translation.override("vi"):
        vietnamese_month = delegations_by_month(start=START, end=START)

    for row in [*kinds, *countries, *month, *levels]:
        assert type(row.label) is str
    # Built in English, they stay English in Vietnamese.
    assert [row.label for row in kinds] == expected_kinds
    assert [row.label for row in countries] == ["Germany"]
    assert [row.label for row in levels] == ["City leadership", "Department or unit"]
    assert month[0].label == "Jan 2023"
    assert vietnamese_month[0].label == "01/2023"


# Agreements


@pytest.fixture
def partners_and_sectors(db):
    """Partners in a few countries (two in Japan, one without a country, one internal)
    and sectors with accented names."""
    partners = [
        ForeignPartnerFactory(country="JP", visibility=PUBLIC),
        ForeignPartnerFactory(country="JP", visibility=PUBLIC),
        ForeignPartnerFactory(country="KR", visibility=PUBLIC),
        ForeignPartnerFactory(country="DE", visibility=INTERNAL),
        ForeignPartnerFactory(country="US", visibility=PUBLIC),
        ForeignPartnerFactory(country="", kind=ForeignPartner.Kind.NETWORK, visibility=PUBLIC),
    ]
    sectors = [
        SectorFactory(code="health", name="Y tế", name_en="Health"),
        SectorFactory(code="education", name="Giáo dục", name_en="Education"),
        SectorFactory(code="agriculture", name="Nông nghiệp", name_en="Agriculture"),
        SectorFactory(code="environment", name="Môi trường", name_en="Environment"),
    ]
    return partners, sectors


def make_agreements(rng, number, partners, sectors):
    Status = Agreement.Status
    for _ in range(number):
        status = rng.choice(Status.values)
        signed_on = None if status == Status.NEGOTIATING else random_day(rng)
        dates = {}
        if status == Status.TERMINATED:
            dates["terminated_on"] = signed_on + datetime.timedelta(days=rng.randrange(400))
        if status == Status.EXPIRED:
            dates["expires_on"] = signed_on + datetime.timedelta(days=rng.randrange(400))
        AgreementFactory(
            kind=rng.choice(Agreement.Kind.values),
            signing_level=rng.choice(Agreement.Level.values),
            status=status,
            signed_on=signed_on,
            visibility=rng.choice([PUBLIC, INTERNAL]),
            parties=rng.sample(partners, rng.choice([1, 1, 2, 3])),
            sectors=rng.sample(sectors, rng.choice([0, 1, 1, 2, 3])),
            **dates,
        )


def signed_agreements(start, end, public):
    """The counting rule: signed within the period, not under negotiation."""
    return [
        a
        for a in Agreement.objects.prefetch_related("parties", "sectors")
        if a.status != Agreement.Status.NEGOTIATING
        and in_period(a.signed_on, start, end)
        and (not public or a.visibility == PUBLIC)
    ]


@pytest.fixture(params=SEEDS, ids=[f"seed-{seed}" for seed in SEEDS])
def random_agreements(request, partners_and_sectors):
    make_agreements(random.Random(request.param), 60, *partners_and_sectors)


def check_agreements_by_kind_and_level(start, end, public):
    signed = signed_agreements(start, end, public)

    def how_many(kind=None, level=None):
        return sum(1 for a in signed if kind in (None, a.kind) and level in (None, a.signing_level))

    by_kind = agreements_by_kind(start=start, end=end, public=public)
    by_level = agreements_by_level(start=start, end=end, public=public)

    assert [(row.key, row.count, row.extra) for row in by_kind] == [
        (kind, how_many(kind), {"city": how_many(kind, "city"), "unit": how_many(kind, "unit")})
        for kind in Agreement.Kind.values
    ]
    assert [(row.key, row.count) for row in by_level] == [
        ("city", how_many(level="city")),
        ("unit", how_many(level="unit")),
    ]
    assert sum(row.count for row in by_level) == len(signed)


@pytest.mark.usefixtures("random_agreements")
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_agreements_by_kind_and_level_match_a_count_one_agreement_at_a_time(public):
    for start, end in PERIODS:
        check_agreements_by_kind_and_level(start, end, public)


def check_agreements_by_sector_and_country(start, end, public):
    signed = signed_agreements(start, end, public)
    by_sector = Counter(sector.code for a in signed for sector in a.sectors.all())
    by_country = Counter(
        code
        for a in signed
        for code in {
            party.country.code
            for party in a.parties.all()
            if party.country and (not public or party.visibility == PUBLIC)
        }
    )

    sectors = agreements_by_sector(start=start, end=end, public=public)
    countries = agreements_by_country(start=start, end=end, public=public)

    assert as_counts(sectors) == dict(by_sector)
    assert as_counts(countries) == dict(by_country)
    assert_most_first(sectors)
    assert_most_first(countries)


@pytest.mark.usefixtures("random_agreements")
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_agreements_by_sector_and_country_count_an_agreement_once_in_each(public):
    for start, end in PERIODS:
        check_agreements_by_sector_and_country(start, end, public)


def check_agreements_by_month(start, end, public):
    signed = signed_agreements(start, end, public)
    keys = expected_months([a.signed_on for a in signed], start, end)

    def in_month(key, level=None):
        return sum(
            1 for a in signed if f"{a.signed_on:%Y-%m}" == key and level in (None, a.signing_level)
        )

    rows = agreements_by_month(start=start, end=end, public=public)

    assert [row.key for row in rows] == keys
    assert [(row.count, row.extra) for row in rows] == [
        (in_month(key), {"city": in_month(key, "city"), "unit": in_month(key, "unit")})
        for key in keys
    ]


@pytest.mark.usefixtures("random_agreements")
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_agreements_by_month_count_each_agreement_in_the_month_it_was_signed(public):
    for start, end in PERIODS:
        check_agreements_by_month(start, end, public)


@pytest.mark.django_db
def test_random_records_cover_what_the_breakdowns_count(partners_and_sectors):
    """The generated records reach every rule the tests above check, so that they check
    something: counted and excluded records on both sides of the edges, several countries
    and sectors."""
    rng = random.Random(SEEDS[0])
    make_delegations(rng, 70)
    make_agreements(rng, 60, *partners_and_sectors)

    delegations = Delegation.objects.all()
    counted = counted_delegations(START, END, public=False)
    assert {START, END} <= {d.start_date for d in counted}
    assert delegations.filter(status=Delegation.Status.CANCELLED, start_date__gte=START).exists()
    assert any(len(d.countries) > 1 for d in counted)
    assert 0 < len(counted_delegations(START, END, public=True)) < len(counted)
    signed = signed_agreements(START, END, public=False)
    assert len(signed) > 5
    assert any(a.sectors.count() > 1 for a in signed)
    assert Agreement.objects.filter(status=Agreement.Status.NEGOTIATING).exists()


@pytest.mark.django_db
def test_agreements_by_sector_and_country_with_a_worked_example():
    japan, osaka = ForeignPartnerFactory(country="JP"), ForeignPartnerFactory(country="JP")
    korea = ForeignPartnerFactory(country="KR", visibility=PUBLIC)
    network = ForeignPartnerFactory(country="", kind=ForeignPartner.Kind.NETWORK)
    health = SectorFactory(code="health", name="Y tế", name_en="Health")
    trade = SectorFactory(code="trade", name="Thương mại", name_en="Trade")
    # Two Japanese parties and a network: once in Japan, nowhere else.
    AgreementFactory(parties=[japan, osaka, network], sectors=[health, trade], signed_on=START)
    # Japan and Korea: once in each.
    AgreementFactory(parties=[osaka, korea], sectors=[health], signed_on=END, public=True)
    # Outside the period, and one under negotiation: in no row.
    AgreementFactory(parties=[korea], sectors=[trade], signed_on=END + ONE_DAY)
    AgreementFactory(
        parties=[korea], sectors=[trade], signed_on=None, status=Agreement.Status.NEGOTIATING
    )

    with translation.override("en"):
        sectors = agreements_by_sector(start=START, end=END)
        countries = agreements_by_country(start=START, end=END)
        public_countries = agreements_by_country(start=START, end=END, public=True)

    assert sectors == [
        Row("health", "Health", 2, {"sector_id": health.pk}),
        Row("trade", "Trade", 1),
    ]
    assert sectors[0].extra == {"sector_id": health.pk}
    assert countries == [Row("JP", "Japan", 2), Row("KR", "South Korea", 1)]
    # The public agreement's Japanese party is internal: only Korea shows.
    assert public_countries == [Row("KR", "South Korea", 1)]


QUERIES = [
    (delegations_by_kind, {}, 1),
    (delegations_by_country, {}, 1),
    (delegations_by_country, {"direction": "inbound", "limit": 3}, 1),
    (delegations_by_month, {}, 1),
    (agreements_by_kind, {}, 1),
    (agreements_by_level, {}, 1),
    (agreements_by_sector, {}, 1),
    (agreements_by_country, {}, 1),
    (agreements_by_month, {}, 1),
    (dormant_relationship_count, {}, 1),
]


@pytest.mark.parametrize("number", [3, 40])
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_each_breakdown_takes_a_fixed_number_of_queries(
    partners_and_sectors, django_assert_num_queries, public, number
):
    rng = random.Random(number)
    make_delegations(rng, number)
    make_agreements(rng, number, *partners_and_sectors)
    for _ in range(number):
        relationship = RelationshipFactory(status=Relationship.Status.ACTIVE, public=True)
        RelationshipActivityFactory(relationship=relationship, date=random_day(rng))
    # At least one of each that every breakdown counts, whatever the draw.
    DelegationFactory(public=True, start_date=START)
    AgreementFactory(public=True, sectors=partners_and_sectors[1][:1])

    for function, options, queries in QUERIES:
        with django_assert_num_queries(queries, info=function.__name__):
            function(start=None, end=None, public=public, **options)


# Dormant relationships

DAYS = 365
YEAR_AGO = TODAY - datetime.timedelta(days=DAYS)


def relationship(status=Relationship.Status.ACTIVE, established_on=None, visibility=PUBLIC):
    return RelationshipFactory(
        status=status,
        established_on=established_on,
        ended_on=TODAY if status == Relationship.Status.ENDED else None,
        visibility=visibility,
        partner=ForeignPartnerFactory(visibility=PUBLIC),
    )


def is_dormant(r, days=DAYS, today=TODAY):
    """The rule of RelationshipQuerySet.dormant, one relationship at a time."""
    since = today - datetime.timedelta(days=days)
    if r.status == Relationship.Status.ENDED:
        return False
    if r.status == Relationship.Status.DORMANT:
        return True
    established_before = r.established_on is None or r.established_on <= since
    recent = [a for a in r.activities.all() if since < a.date <= today]
    return established_before and not recent


@pytest.mark.django_db
def test_dormant_relationships_are_quiet_for_a_year_or_marked_dormant():
    Status = Relationship.Status
    long_ago = datetime.date(2010, 1, 1)
    # Quiet: no activity at all, or none since a year ago (the day itself is a year ago).
    never = relationship(established_on=long_ago)
    undated = relationship()
    last_year = relationship(established_on=long_ago)
    RelationshipActivityFactory(relationship=last_year, date=YEAR_AGO)
    # Only an activity still to come: planned, not done.
    planned = relationship(established_on=long_ago)
    RelationshipActivityFactory(relationship=planned, date=TODAY + ONE_DAY)
    # Marked dormant, though active this month.
    marked = relationship(status=Status.DORMANT, established_on=long_ago)
    RelationshipActivityFactory(relationship=marked, date=TODAY)
    # Not dormant: an activity the day after a year ago, an internal one today, just
    # established, established exactly a year ago is old enough, or ended.
    recent = relationship(established_on=long_ago)
    RelationshipActivityFactory(relationship=recent, date=YEAR_AGO + ONE_DAY)
    internal_activity = relationship(established_on=long_ago)
    RelationshipActivityFactory(relationship=internal_activity, date=TODAY, visibility=INTERNAL)
    relationship(established_on=YEAR_AGO + ONE_DAY)
    a_year_old = relationship(established_on=YEAR_AGO)
    relationship(status=Status.ENDED, established_on=long_ago)

    dormant = set(Relationship.objects.dormant())

    assert dormant == {never, undated, last_year, planned, marked, a_year_old}
    assert set(Relationship.objects.dormant(days=DAYS + 1)) == {never, undated, planned, marked}
    assert dormant_relationship_count() == 6


@pytest.mark.django_db
def test_dormant_relationship_count_is_as_of_today_and_public_hides_internal_ones():
    today = datetime.date(2024, 6, 30)
    relationship(established_on=datetime.date(2020, 1, 1))
    relationship(established_on=datetime.date(2020, 1, 1), visibility=INTERNAL)
    # Its partner is internal: not a public relationship.
    RelationshipFactory(
        established_on=datetime.date(2020, 1, 1),
        visibility=PUBLIC,
        partner=ForeignPartnerFactory(visibility=INTERNAL),
    )
    busy = relationship(established_on=datetime.date(2020, 1, 1))
    RelationshipActivityFactory(relationship=busy, date=datetime.date(2024, 1, 1))

    assert dormant_relationship_count(today=today) == 3
    assert dormant_relationship_count(start=START, end=END, today=today) == 3
    assert dormant_relationship_count(today=today, public=True) == 1
    # Half a year on, the busy one has gone quiet too.
    assert dormant_relationship_count(today=datetime.date(2025, 1, 2)) == 4


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS)
def test_dormant_relationships_match_a_check_one_relationship_at_a_time(seed):
    rng = random.Random(seed)
    Status = Relationship.Status
    for _ in range(40):
        status = rng.choice([Status.ACTIVE, Status.ACTIVE, Status.DORMANT, Status.ENDED])
        established = rng.choice(
            [None, YEAR_AGO, YEAR_AGO + ONE_DAY, TODAY, TODAY - datetime.timedelta(days=3000)]
        )
        row = relationship(status=status, established_on=established)
        for _ in range(rng.randrange(3)):
            offset = rng.choice([-DAYS - 1, -DAYS, -DAYS + 1, -10, 0, 1, rng.randrange(-900, 30)])
            RelationshipActivityFactory(
                relationship=row,
                date=TODAY + datetime.timedelta(days=offset),
                visibility=rng.choice([PUBLIC, INTERNAL]),
            )
    everything = Relationship.objects.prefetch_related("activities")
    expected = {r.pk for r in everything if is_dormant(r)}

    assert {r.pk for r in Relationship.objects.dormant()} == expected
    assert dormant_relationship_count() == len(expected)
    assert 0 < len(expected) < everything.count()
