"""The date logic of agreements: calendar months, the current expiry of an automatically
renewing agreement around its renewal dates, and the effective status, whose Python and
SQL twins must agree with each other and with ``in_force_on``."""

import datetime
import itertools

import pytest

from agreements.models import Agreement, add_months
from tests.factories import AgreementFactory

Status = Agreement.Status
TODAY = datetime.date(2026, 11, 26)
D = datetime.date


def days(n):
    return datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 8, 31), 1, D(2025, 9, 30)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2025, 12, 31), 1, D(2026, 1, 31)),
        (D(2025, 12, 15), 0, D(2025, 12, 15)),
        (D(2020, 4, 9), 60, D(2025, 4, 9)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 15), -13, D(2024, 12, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def renewing(expires_on, months):
    return Agreement(
        signed_on=D(2010, 1, 1), expires_on=expires_on, auto_renew=True, renewal_term_months=months
    )


@pytest.mark.parametrize(
    ("expires_on", "months", "today", "expected"),
    [
        # Expiring today: still the current expiry; renewed from tomorrow.
        (TODAY, 12, TODAY, TODAY),
        (TODAY, 12, TODAY + days(1), D(2027, 11, 26)),
        # Expired yesterday: renewed for one term.
        (TODAY - days(1), 12, TODAY, D(2027, 11, 25)),
        # Not reached yet.
        (TODAY + days(1), 12, TODAY, TODAY + days(1)),
        # Several terms ago: the first renewal date on or after today.
        (D(2017, 8, 24), 60, TODAY, D(2027, 8, 24)),
        (D(2020, 4, 9), 60, D(2025, 4, 9), D(2025, 4, 9)),
        (D(2020, 4, 9), 60, D(2025, 4, 10), D(2030, 4, 9)),
        # Month ends: 31 January renews on the last day of February, then on 31 March,
        # because every renewal counts from the original date (no drift to the 28th/29th).
        (D(2024, 1, 31), 1, D(2024, 2, 1), D(2024, 2, 29)),
        (D(2024, 1, 31), 1, D(2024, 2, 29), D(2024, 2, 29)),
        (D(2024, 1, 31), 1, D(2024, 3, 1), D(2024, 3, 31)),
        (D(2023, 1, 31), 1, D(2023, 2, 15), D(2023, 2, 28)),
        (D(2024, 2, 29), 12, D(2024, 3, 1), D(2025, 2, 28)),
        (D(2024, 2, 29), 12, D(2027, 3, 1), D(2028, 2, 29)),
    ],
)
def test_current_expiry_of_a_renewing_agreement_is_the_first_renewal_on_or_after_today(
    expires_on, months, today, expected
):
    assert renewing(expires_on, months).current_expiry(today) == expected


def test_current_expiry_without_renewal_is_the_recorded_expiry_even_when_past():
    agreement = Agreement(signed_on=D(2020, 1, 1), expires_on=D(2021, 1, 1))

    assert agreement.current_expiry(TODAY) == D(2021, 1, 1)
    assert agreement.days_to_expiry(TODAY) == (D(2021, 1, 1) - TODAY).days < 0


def test_an_open_ended_agreement_has_no_expiry_and_no_days_to_expiry():
    agreement = Agreement(signed_on=D(2020, 1, 1))

    assert agreement.current_expiry(TODAY) is None
    assert agreement.days_to_expiry(TODAY) is None


@pytest.mark.parametrize(
    ("expires_on", "expected"), [(TODAY, 0), (TODAY - days(1), 364), (TODAY + days(90), 90)]
)
def test_days_to_expiry_of_a_renewing_agreement_is_never_negative(expires_on, expected):
    assert renewing(expires_on, 12).days_to_expiry(TODAY) == expected


# The effective status on a grid of dates around TODAY.

OFFSETS = [None, -400, -1, 0, 1]


def on(offset):
    return None if offset is None else TODAY + days(offset)


def is_valid(status, signed, entry, expiry, auto, terminated):
    """The model's constraints, so that the grid holds only rows the database accepts."""
    if (status == Status.NEGOTIATING) != (signed is None):
        return False
    if (status == Status.TERMINATED) != (terminated is not None):
        return False
    if status == Status.EXPIRED and expiry is None:
        return False
    if auto and expiry is None:
        return False
    if entry is not None and (signed is None or entry < signed):
        return False
    start = entry or signed
    if expiry is not None and (start is None or expiry < start):
        return False
    return terminated is None or terminated >= signed


def grid():
    """Unsaved agreements: every recorded status with signing, entry into force, expiry and
    termination on, around and far from TODAY, renewing or not."""
    rows = []
    for status, signed, entry, expiry, auto, terminated in itertools.product(
        Status.values, OFFSETS, OFFSETS, OFFSETS, (False, True), OFFSETS
    ):
        signed, entry, expiry, terminated = map(on, (signed, entry, expiry, terminated))
        if is_valid(status, signed, entry, expiry, auto, terminated):
            rows.append(
                Agreement(
                    kind=Agreement.Kind.MOU,
                    title=f"Case {len(rows)}",
                    signing_level=Agreement.Level.CITY,
                    status=status,
                    signed_on=signed,
                    entry_into_force=entry,
                    expires_on=expiry,
                    auto_renew=auto,
                    renewal_term_months=12 if auto else None,
                    terminated_on=terminated,
                )
            )
    return rows


@pytest.fixture
def agreements_on_a_grid(db):
    return Agreement.objects.bulk_create(grid())


def describe(agreement):
    return (
        agreement.status,
        agreement.signed_on,
        agreement.entry_into_force,
        agreement.expires_on,
        agreement.auto_renew,
        agreement.terminated_on,
    )


@pytest.mark.parametrize("today", [TODAY - days(1), TODAY, TODAY + days(1)])
def test_effective_status_in_python_and_in_sql_agree_on_every_case(agreements_on_a_grid, today):
    annotated = dict(
        Agreement.objects.with_effective_status(today).values_list("pk", "effective_status")
    )

    mismatches = [
        (describe(a), a.get_effective_status(today), annotated[a.pk])
        for a in agreements_on_a_grid
        if a.get_effective_status(today) != annotated[a.pk]
    ]
    assert len(agreements_on_a_grid) > 300
    assert mismatches == []


@pytest.mark.parametrize("today", [TODAY - days(1), TODAY, TODAY + days(1)])
def test_an_agreement_reads_in_force_exactly_when_in_force_on_counts_it(
    agreements_on_a_grid, today
):
    counted = set(Agreement.objects.in_force_on(today).values_list("pk", flat=True))

    mismatches = [
        (describe(a), a.get_effective_status(today))
        for a in agreements_on_a_grid
        if (a.get_effective_status(today) == Status.IN_FORCE) != (a.pk in counted)
    ]
    assert mismatches == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"expires_on": TODAY}, Status.IN_FORCE),  # expires today: still in force
        ({"expires_on": TODAY - days(1)}, Status.EXPIRED),
        (
            {"expires_on": TODAY - days(1), "auto_renew": True, "renewal_term_months": 12},
            Status.IN_FORCE,
        ),
        ({"signed_on": TODAY}, Status.IN_FORCE),
        ({"signed_on": TODAY, "entry_into_force": TODAY + days(1)}, Status.SIGNED),
        ({"status": Status.TERMINATED, "terminated_on": TODAY}, Status.TERMINATED),
        ({"status": Status.TERMINATED, "terminated_on": TODAY + days(1)}, Status.IN_FORCE),
        ({"status": Status.NEGOTIATING, "signed_on": None}, Status.NEGOTIATING),
    ],
)
def test_the_effective_status_follows_the_dates(db, fields, expected):
    agreement = AgreementFactory(**{"signed_on": D(2022, 3, 1), **fields})

    annotated = Agreement.objects.with_effective_status(TODAY).get(pk=agreement.pk)
    assert agreement.get_effective_status(TODAY) == expected
    assert annotated.effective_status == expected
