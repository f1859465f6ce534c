"""conference_summary against a second computation in plain Python, one conference at a
time, over conferences on and just outside both edges of a period, in every permit status,
attended ones, public and internal, with participant figures known and unknown."""

import datetime

import pytest

from conferences.models import Conference
from core.models import Visibility
from reports.statistics.conferences import ConferenceSummary, conference_summary
from tests.factories import ConferenceFactory

Permit = Conference.PermitStatus
Role = Conference.Role
Format = Conference.Format
PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL

START = datetime.date(2024, 1, 1)
END = datetime.date(2024, 12, 31)
ONE_DAY = datetime.timedelta(days=1)


def expected_summary(*, start=None, end=None, public=False):
    """The counting rules of conference_summary, one conference at a time."""
    conferences = [
        c
        for c in Conference.objects.all()
        if (start is None or c.start_date >= start) and (end is None or c.start_date <= end)
    ]
    if public:
        conferences = [
            c
            for c in conferences
            if c.visibility == PUBLIC and c.permit_status not in (Permit.REJECTED, Permit.CANCELLED)
        ]
    hosted = [c for c in conferences if c.role == Role.HOSTED]
    held = [c for c in hosted if c.permit_status == Permit.HELD]
    attended = [c for c in conferences if c.role == Role.ATTENDED]
    took_place = held + attended

    def with_status(*statuses):
        return sum(1 for c in hosted if c.permit_status in statuses)

    def known(values):
        return sum(value for value in values if value is not None)

    return ConferenceSummary(
        hosted_permitted=with_status(Permit.APPROVED, Permit.HELD, Permit.CANCELLED),
        hosted_held=len(held),
        hosted_requested=with_status(Permit.REQUESTED),
        hosted_rejected=with_status(Permit.REJECTED),
        attended=len(attended),
        participants=known(c.participants_total for c in held),
        participants_foreign=known(c.participants_foreign for c in held),
        with_participant_counts=sum(1 for c in held if c.participants_total is not None),
        in_person=sum(1 for c in took_place if c.format == Format.IN_PERSON),
        online=sum(1 for c in took_place if c.format == Format.ONLINE),
        hybrid=sum(1 for c in took_place if c.format == Format.HYBRID),
    )


def hosted(start_date, status, visibility=PUBLIC, **fields):
    """A hosted conference whose permit, when decided, was dated three weeks ahead."""
    decided = status != Permit.REQUESTED
    return ConferenceFactory(
        start_date=start_date,
        permit_status=status,
        permit_number=f"{start_date:%j}/QĐ-UBND" if decided else "",
        permit_date=start_date - datetime.timedelta(days=21) if decided else None,
        visibility=visibility,
        **fields,
    )


def attended(start_date, visibility=PUBLIC, **fields):
    return ConferenceFactory(attended=True, start_date=start_date, visibility=visibility, **fields)


@pytest.fixture
def conferences_around_the_period(db):
    """Conferences that each test one counting rule."""
    formats = list(Format.values)
    # On and just outside both edges: every permit status, attended, public and internal;
    # the formats and participant figures vary with the row.
    for index, day in enumerate((START - ONE_DAY, START, END, END + ONE_DAY)):
        for visibility in (PUBLIC, INTERNAL):
            for offset, status in enumerate(Permit.values):
                hosted(
                    day,
                    status,
                    visibility,
                    format=formats[(index + offset) % 3],
                    participants_total=100 + 10 * offset,
                    participants_foreign=5 + offset,
                )
            attended(day, visibility, format=formats[index % 3], participants_total=1000)
    # Held in the period, participant figures unknown: nothing added, not a zero.
    hosted(START + ONE_DAY, Permit.HELD, participants_total=None, participants_foreign=None)
    # Foreign participants known, total unknown; and the reverse.
    hosted(START + ONE_DAY, Permit.HELD, participants_total=None, participants_foreign=7)
    hosted(START + ONE_DAY, Permit.HELD, INTERNAL, participants_total=60)
    # Began on the last day, ended after it: counted in the period it began in.
    hosted(END, Permit.HELD, end_date=END + datetime.timedelta(days=2), participants_total=30)
    # Began the day before, ended inside: not counted.
    hosted(START - ONE_DAY, Permit.HELD, end_date=START + ONE_DAY, participants_total=40)


PERIODS = [
    pytest.param(START, END, id="period"),
    pytest.param(None, None, id="unbounded"),
    pytest.param(START, None, id="from-start"),
    pytest.param(None, END, id="until-end"),
    pytest.param(START, START, id="first-day"),
    pytest.param(END, END, id="last-day"),
    pytest.param(END + ONE_DAY, END + ONE_DAY, id="day-after"),
]


@pytest.mark.usefixtures("conferences_around_the_period")
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_conference_summary_matches_a_count_one_conference_at_a_time(
    django_assert_num_queries, start, end, public
):
    with django_assert_num_queries(1):
        summary = conference_summary(start=start, end=end, public=public)

    assert summary == expected_summary(start=start, end=end, public=public)


@pytest.mark.usefixtures("conferences_around_the_period")
def test_conference_summary_counts_both_edge_days_and_every_permitted_status():
    summary = conference_summary(start=START, end=END)

    # Two edge days × two visibilities: approved, held and cancelled each count as
    # permitted; the 4 held ones added in the period count too.
    assert summary.hosted_permitted == 2 * 2 * 3 + 4
    assert summary.hosted_held == 2 * 2 + 4
    assert (summary.hosted_requested, summary.hosted_rejected) == (4, 4)
    assert summary.attended == 4
    assert summary.in_person + summary.online + summary.hybrid == summary.taken_place == 12


@pytest.mark.usefixtures("conferences_around_the_period")
def test_public_conference_summary_leaves_out_internal_rejected_and_cancelled_ones():
    summary = conference_summary(start=START, end=END, public=True)

    # Public, two edge days: approved and held (cancelled ones are hidden); and the three
    # public held ones added in the period.
    assert summary.hosted_permitted == 2 * 2 + 3
    assert summary.hosted_rejected == 0
    assert summary.attended == 2


@pytest.mark.django_db
def test_a_small_case_checked_by_hand():
    hosted(
        START, Permit.HELD, participants_total=120, participants_foreign=30, format=Format.ONLINE
    )
    hosted(START, Permit.HELD, participants_total=80, participants_foreign=None)
    hosted(START, Permit.HELD, participants_total=None, participants_foreign=None)
    hosted(START, Permit.CANCELLED, participants_total=500, participants_foreign=400)
    hosted(START, Permit.APPROVED, participants_total=50, participants_foreign=10)
    hosted(START, Permit.REQUESTED)
    attended(START, participants_total=1000, participants_foreign=900, format=Format.HYBRID)

    summary = conference_summary(start=START, end=END)

    assert summary == ConferenceSummary(
        hosted_permitted=5,
        hosted_held=3,
        hosted_requested=1,
        hosted_rejected=0,
        attended=1,
        participants=200,
        participants_foreign=30,
        with_participant_counts=2,
        in_person=2,
        online=1,
        hybrid=1,
    )


@pytest.mark.django_db
def test_conference_summary_of_nothing_is_all_zeros(django_assert_num_queries):
    with django_assert_num_queries(1):
        summary = conference_summary(start=START, end=END, public=True)

    assert summary == ConferenceSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_conference_summary_is_one_query_however_many_conferences(django_assert_num_queries):
    for index in range(15):
        hosted(START + datetime.timedelta(days=index * 20), Permit.values[index % 5])
        attended(START + datetime.timedelta(days=index * 20))

    with django_assert_num_queries(1):
        conference_summary(start=START, end=END)
