"""The leaders' dashboard: who may see it, the period picker, the figures compared with the
previous period, the cache, the query budget, and the two languages. The drill-down links
are tested in test_links.py."""

import datetime
import random
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import Agreement
from core.roles import EDITORS
from delegations.models import Delegation
from reports import cache as dashboard_cache
from reports.forms import PeriodForm
from reports.periods import Period
from reports.views import Figure, compact_money
from tests.factories import (
    AgreementActivityFactory,
    AgreementFactory,
    AidProjectFactory,
    ConferenceFactory,
    DelegationFactory,
    DisbursementFactory,
    ExchangeRateFactory,
    ForeignPartnerFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

YEAR_2025 = {"kind": "year", "year": "2025", "compare": "on"}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test computes its own figures: the memory cache outlives a test's rollback."""
    cache.clear()
    yield
    cache.clear()


def dashboard(client, params=None, **kwargs):
    return client.get(reverse("reports:dashboard"), params or {}, **kwargs)


def figure(response, label):
    """The headline figure labelled ``label`` (as rendered in the response's language)."""
    found = [f for s in response.context["sections"] for f in s.figures if f.label == label]
    assert len(found) == 1, (
        f"{label!r}: {[f.label for s in response.context['sections'] for f in s.figures]}"
    )
    return found[0]


def text(response):
    """The page as text, tags removed, whitespace collapsed."""
    body = re.sub(r"<svg.*?</svg>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


# Who may see it


def test_anonymous_visitor_is_sent_to_log_in(anonymous_client):
    url = reverse("reports:dashboard")
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert f"next={url}" in response.url


@pytest.mark.parametrize("client_name", ["viewer_client", "editor_client", "publisher_client"])
def test_every_role_sees_the_dashboard(request, client_name):
    response = dashboard(request.getfixturevalue(client_name))
    assert response.status_code == 200
    assert "sections" in response.context


def test_superuser_sees_the_dashboard(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert dashboard(client).status_code == 200


def test_logged_in_user_who_is_not_staff_is_refused(client):
    user = UserFactory(username="member", is_staff=False)
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    assert dashboard(client).status_code == 403


def test_staff_member_without_a_role_is_refused(client):
    client.force_login(UserFactory(username="nobody"))
    assert dashboard(client).status_code == 403


def test_admin_header_links_to_the_dashboard(viewer_client):
    response = viewer_client.get(reverse("admin:index"))
    assert f'href="{reverse("reports:dashboard")}"' in response.content.decode()


def test_staff_layout_logs_out_with_a_post_form(viewer_client):
    page = dashboard(viewer_client).content.decode()
    assert re.search(rf'<form method="post" action="{reverse("admin:logout")}">', page)


# Periods


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (Period.year(2025), Period.year(2024)),
        (Period.quarter(2025, 1), Period.quarter(2024, 4)),
        (Period.quarter(2025, 3), Period.quarter(2025, 2)),
        (Period.month(2025, 1), Period.month(2024, 12)),
        (Period.month(2024, 3), Period.month(2024, 2)),
        (
            Period.custom(datetime.date(2025, 3, 1), datetime.date(2025, 3, 10)),
            Period.custom(datetime.date(2025, 2, 19), datetime.date(2025, 2, 28)),
        ),
        (
            # Across 29 February: as many days, ending the day before.
            Period.custom(datetime.date(2024, 3, 1), datetime.date(2024, 3, 31)),
            Period.custom(datetime.date(2024, 1, 30), datetime.date(2024, 2, 29)),
        ),
    ],
)
def test_previous_period_has_the_same_length_just_before(period, previous):
    assert period.previous() == previous
    assert period.previous().end == period.start - datetime.timedelta(days=1)


def test_periods_include_both_end_days():
    assert Period.year(2025).start == datetime.date(2025, 1, 1)
    assert Period.year(2025).end == datetime.date(2025, 12, 31)
    assert Period.quarter(2025, 4).end == datetime.date(2025, 12, 31)
    assert Period.month(2024, 2).end == datetime.date(2024, 2, 29)
    assert Period.year(2024).days == 366


def test_period_refuses_to_end_before_it_starts():
    with pytest.raises(ValueError):
        Period.custom(datetime.date(2025, 3, 2), datetime.date(2025, 3, 1))


def test_period_labels_in_english():
    with translation.override("en"):
        assert Period.year(2025).label == "2025"
        assert Period.quarter(2025, 1).label == "Q1 2025"
        assert Period.month(2025, 3).label == "March 2025"
        custom = Period.custom(datetime.date(2025, 1, 1), datetime.date(2025, 3, 15))
        assert custom.label == "1 Jan 2025–15 Mar 2025"


def test_period_labels_in_vietnamese():
    with translation.override("vi"):
        assert Period.month(2025, 3).label == "03/2025"
        custom = Period.custom(datetime.date(2025, 1, 1), datetime.date(2025, 3, 15))
        assert custom.label == "01/01/2025–15/03/2025"


# The period form


TODAY = datetime.date(2026, 5, 20)


@pytest.mark.parametrize(
    ("data", "period"),
    [
        ({"kind": "year", "year": "2025"}, Period.year(2025)),
        ({"kind": "quarter", "year": "2025", "quarter": "2"}, Period.quarter(2025, 2)),
        ({"kind": "month", "year": "2024", "month": "2"}, Period.month(2024, 2)),
        (
            {"kind": "custom", "start": "2025-01-15", "end": "2025-02-14"},
            Period.custom(datetime.date(2025, 1, 15), datetime.date(2025, 2, 14)),
        ),
        (
            # Day first, as staff type dates here.
            {"kind": "custom", "start": "15/01/2025", "end": "14/02/2025"},
            Period.custom(datetime.date(2025, 1, 15), datetime.date(2025, 2, 14)),
        ),
    ],
)
def test_period_form_reads_each_kind_of_period(data, period):
    form = PeriodForm(data, today=TODAY)
    assert form.is_valid(), form.errors
    assert form.period == period
    assert form.comparing is False


def test_period_form_defaults_to_this_year_compared_with_the_last():
    form = PeriodForm({}, today=TODAY)
    assert not form.is_bound
    assert form.period == Period.year(2026)
    assert form.comparing is True


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "year", "year": "1800"}, "year", "Choose a year between 1990 and 2100."),
        ({"kind": "year", "year": "twenty"}, "year", "Enter a year such as 2025."),
        ({"kind": "year"}, "year", "Enter the year."),
        ({"kind": "quarter", "year": "2025"}, "quarter", "Choose the quarter."),
        ({"kind": "quarter", "year": "2025", "quarter": "5"}, "quarter", "Select a valid choice"),
        ({"kind": "month", "year": "2025"}, "month", "Choose the month."),
        ({"kind": "custom", "end": "2025-03-01"}, "start", "Enter the first day of the range."),
        ({"kind": "custom", "start": "2025-03-01"}, "end", "Enter the last day of the range."),
        (
            {"kind": "custom", "start": "2025-03-02", "end": "2025-03-01"},
            "end",
            "The last day cannot be before the first day.",
        ),
        ({"kind": "custom", "start": "2025-02-30", "end": "2025-03-01"}, "start", "valid date"),
        ({"kind": "decade", "year": "2025"}, "kind", "Select a valid choice"),
    ],
)
def test_period_form_explains_what_is_wrong(data, field, message):
    with translation.override("en"):
        form = PeriodForm(data, today=TODAY)
        assert not form.is_valid()
        assert any(message in str(error) for error in form.errors[field]), form.errors


def test_invalid_period_shows_the_message_not_an_error_page(viewer_client):
    with translation.override("en"):
        response = dashboard(
            viewer_client, {"kind": "custom", "start": "2025-03-02", "end": "2025-03-01"}
        )
    assert response.status_code == 200
    assert "The last day cannot be before the first day." in text(response)
    assert "sections" not in response.context


def test_garbage_in_the_query_string_is_a_message(viewer_client):
    response = dashboard(viewer_client, {"kind": "year", "year": "9" * 40})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_dashboard_shows_the_chosen_quarter(viewer_client):
    DelegationFactory(start_date=datetime.date(2025, 4, 1))  # first day of Q2
    DelegationFactory(start_date=datetime.date(2025, 6, 30))  # last day of Q2
    DelegationFactory(start_date=datetime.date(2025, 7, 1))  # Q3
    DelegationFactory(start_date=datetime.date(2025, 3, 31))  # Q1
    with translation.override("en"):
        response = dashboard(
            viewer_client, {"kind": "quarter", "year": "2025", "quarter": "2", "compare": "on"}
        )
        assert figure(response, "Foreign delegations received").value == 2
        assert figure(response, "Foreign delegations received").previous == 1
        assert response.context["period"].label == "Q2 2025"
        assert response.context["previous_period"].label == "Q1 2025"


def test_dashboard_shows_a_custom_range_including_both_days(viewer_client):
    for day in (9, 10, 20, 21):
        DelegationFactory(start_date=datetime.date(2025, 1, day))
    with translation.override("en"):
        response = dashboard(
            viewer_client, {"kind": "custom", "start": "2025-01-10", "end": "2025-01-20"}
        )
        assert figure(response, "Foreign delegations received").value == 2
        assert response.context["previous_period"] is None


# Figures and their comparison


def test_change_is_absolute_and_in_percent():
    with translation.override("en"):
        grew = Figure("x", 3, previous=2)
        assert (grew.display_delta, grew.display_percent, grew.direction) == ("+1", "+50.0%", "up")
        fell = Figure("x", 1, previous=4)
        assert (fell.display_delta, fell.display_percent, fell.direction) == (
            "−3",
            "−75.0%",
            "down",
        )
        same = Figure("x", 1200, previous=1200)
        assert (same.display_delta, same.display_percent, same.direction) == ("±0", "±0.0%", "same")


def test_change_from_nothing_is_new_and_nothing_to_nothing_a_dash():
    with translation.override("en"):
        assert Figure("x", 5, previous=0).display_percent == "new"
        assert Figure("x", 0, previous=0).display_percent == "—"
        assert Figure("x", 0, previous=0).display_delta == "±0"
        assert Figure("x", 5).display_percent == ""


def test_money_change_is_formatted_as_money():
    with translation.override("en"):
        money = Figure("x", Decimal("1500000"), previous=Decimal("1000000"), currency="VND")
        assert money.display == "VND 1.5 million"
        assert money.display_delta == "+VND 500,000"
        assert money.display_percent == "+50.0%"
        assert money.exact == "VND 1,500,000"


def test_large_amounts_read_in_millions_and_billions():
    with translation.override("en"):
        assert compact_money(Decimal("7116606504916"), "VND") == "VND 7,116.6 billion"
        assert compact_money(Decimal("281725885.73"), "USD") == "USD 281.7 million"
        assert compact_money(Decimal("75000.50"), "USD") == "USD 75,001"
        assert compact_money(Decimal("999999"), "VND") == "VND 999,999"
    with translation.override("vi"):
        # Vietnamese wording comes with the translations; the number and symbol are local.
        assert "7.116,6" in compact_money(Decimal("7116606504916"), "VND")
        assert "₫" in compact_money(Decimal("7116606504916"), "VND")


def test_numbers_are_grouped_in_each_language():
    big = Figure("x", 12345, previous=1234)
    with translation.override("en"):
        assert (big.display, big.display_previous) == ("12,345", "1,234")
    with translation.override("vi"):
        assert (big.display, big.display_percent) == ("12.345", "+900,4%")


def hand_checked_records():
    """2025 and 2024 side by side, small enough to count by hand."""
    # Delegations: 3 inbound in 2025 (one of them press, one from two countries), 1 outbound;
    # 2 inbound in 2024. A cancelled one and one in 2023 never count.
    DelegationFactory(start_date=datetime.date(2025, 1, 1), countries=["JP", "KR"])
    DelegationFactory(start_date=datetime.date(2025, 6, 5), kind=Delegation.Kind.PRESS)
    DelegationFactory(start_date=datetime.date(2025, 12, 31))
    DelegationFactory(start_date=datetime.date(2025, 8, 8), direction=Delegation.Direction.OUTBOUND)
    DelegationFactory(start_date=datetime.date(2025, 8, 9), status=Delegation.Status.CANCELLED)
    DelegationFactory(start_date=datetime.date(2024, 1, 1))
    DelegationFactory(start_date=datetime.date(2024, 12, 31))
    DelegationFactory(start_date=datetime.date(2023, 12, 31))
    # Agreements: 2025: 1 by the city, 2 by units; 2024: 2 by the city, none by units.
    AgreementFactory(signed_on=datetime.date(2025, 2, 1))
    AgreementFactory(signed_on=datetime.date(2025, 3, 1), signing_level="unit")
    AgreementFactory(signed_on=datetime.date(2025, 4, 1), signing_level="unit")
    AgreementFactory(signed_on=datetime.date(2024, 2, 1))
    AgreementFactory(signed_on=datetime.date(2024, 5, 1))
    # Aid received: 2025: USD 1,000 at 25,000; 2024: VND 10,000,000.
    ExchangeRateFactory(valid_from=datetime.date(2024, 1, 1), rate_to_vnd="23500")
    ExchangeRateFactory(valid_from=datetime.date(2025, 1, 1), rate_to_vnd="25000")
    AidProjectFactory(
        committed_on=datetime.date(2025, 5, 5), commitment_amount="1000", currency="USD"
    )
    AidProjectFactory(
        committed_on=datetime.date(2024, 5, 5), commitment_amount="10000000", currency="VND"
    )


def test_compare_shows_the_previous_values_and_the_changes(viewer_client):
    hand_checked_records()
    with translation.override("en"):
        response = dashboard(viewer_client, YEAR_2025)
        inbound = figure(response, "Foreign delegations received")
        assert (inbound.value, inbound.previous) == (3, 2)
        assert figure(response, "Delegations of the city abroad").value == 1
        assert figure(response, "Foreign press delegations").value == 1
        city = figure(response, "Signed by the city leadership")
        assert (city.value, city.previous, city.display_percent) == (1, 2, "−50.0%")
        units = figure(response, "Signed by departments and units")
        assert (units.value, units.previous, units.display_percent) == (2, 0, "new")
        committed = response.context["sections"][4].figures[2]
        assert (committed.label, committed.value, committed.previous) == (
            "Committed",
            Decimal(25_000_000),
            Decimal(10_000_000),
        )
        assert (committed.secondary.value, committed.secondary.previous) == (
            Decimal(1000),
            Decimal("425.53"),  # 10,000,000 / 23,500
        )
        page = text(response)
    assert "Foreign delegations received 3 2024: 2 ▲ +1 (+50.0%)" in page
    assert "Signed by departments and units 2 2024: 0 ▲ +2 (new)" in page
    assert "VND 25.0 million USD 1,000 2024: VND 10.0 million ▲ +VND 15.0 million (+150.0%)" in page


def test_without_compare_no_previous_value_is_shown(viewer_client):
    hand_checked_records()
    with translation.override("en"):
        response = dashboard(viewer_client, {"kind": "year", "year": "2025"})
        assert figure(response, "Foreign delegations received").previous is None
        assert "2024:" not in text(response)


def test_figures_as_of_today_are_not_compared(viewer_client):
    hand_checked_records()
    with translation.override("en"):
        response = dashboard(viewer_client, YEAR_2025)
        expiring = figure(response, "Expiring within 90 days")
        assert expiring.as_of_today
        assert "as of today" in text(response)


def test_missing_exchange_rate_is_named_on_the_dashboard(viewer_client):
    AidProjectFactory(
        committed_on=datetime.date(2025, 5, 5), commitment_amount="10", currency="EUR"
    )
    with translation.override("en"):
        page = text(dashboard(viewer_client, YEAR_2025))
    assert "No exchange rate for EUR on 5 May 2025." in page
    assert "Incomplete: missing exchange rates" in page


def test_internal_records_count_on_the_dashboard_but_never_show_in_public(
    viewer_client, anonymous_client
):
    DelegationFactory(start_date=datetime.date(2025, 3, 3), title="Đoàn nội bộ bí mật")
    DelegationFactory(start_date=datetime.date(2025, 3, 4), public=True)
    with translation.override("en"):
        assert (
            figure(dashboard(viewer_client, YEAR_2025), "Foreign delegations received").value == 2
        )
    public_list = anonymous_client.get(reverse("delegations:delegation_list"))
    assert public_list.status_code == 200
    assert "Đoàn nội bộ bí mật" not in public_list.content.decode()


def test_lists_show_upcoming_delegations_and_agreements_needing_attention(viewer_client):
    today = timezone.localdate()
    soon = DelegationFactory(
        start_date=today + datetime.timedelta(days=10),
        status=Delegation.Status.CONFIRMED,
        title="Đoàn sắp đến",
    )
    DelegationFactory(
        start_date=today + datetime.timedelta(days=45),
        status=Delegation.Status.CONFIRMED,
        title="Đoàn còn xa",
    )
    expiring = AgreementFactory(
        signed_on=today - datetime.timedelta(days=200),
        expires_on=today + datetime.timedelta(days=30),
        title="Sắp hết hạn",
    )
    AgreementActivityFactory(agreement=expiring, date=today - datetime.timedelta(days=3))
    quiet = AgreementFactory(signed_on=today - datetime.timedelta(days=800), title="Im lặng")
    relationship = RelationshipFactory(established_on=today - datetime.timedelta(days=900))
    RelationshipActivityFactory(
        relationship=relationship, date=today - datetime.timedelta(days=500)
    )
    response = dashboard(viewer_client)
    upcoming, expiring_list, dormant, relationships = response.context["lists"][:4]
    assert [item.title for item in upcoming.items] == ["Đoàn sắp đến"]
    assert upcoming.items[0].url == reverse("admin:delegations_delegation_change", args=[soon.pk])
    assert [item.title for item in expiring_list.items] == ["Sắp hết hạn"]
    assert [item.title for item in dormant.items] == ["Im lặng"]
    assert dormant.items[0].url == reverse("admin:agreements_agreement_change", args=[quiet.pk])
    assert relationships.count == 1
    assert relationships.items[0].url == reverse(
        "admin:partners_relationship_change", args=[relationship.pk]
    )
    page = response.content.decode()
    assert "Đoàn còn xa" not in page


@pytest.mark.parametrize("never_active", [2, 12], ids=["few-never-active", "many-never-active"])
def test_dormant_agreements_list_those_never_active_first_then_the_longest_silent(
    viewer_client, never_active
):
    today = timezone.localdate()
    agreements = []
    for index in range(never_active):
        agreements.append(
            AgreementFactory(
                signed_on=today - datetime.timedelta(days=900 - index % 3),
                title=f"never {index}",
            )
        )
    for index in range(4):
        silent = AgreementFactory(
            signed_on=today - datetime.timedelta(days=1000 + index), title=f"silent {index}"
        )
        AgreementActivityFactory(
            agreement=silent, date=today - datetime.timedelta(days=400 + 10 * (index % 2))
        )
        agreements.append(silent)
    # The order of the admin's list: no activity first, then the oldest last activity, then
    # the signing date and the id.
    expected = sorted(
        Agreement.objects.dormant(today=today).with_last_activity(),
        key=lambda a: (
            a.last_activity_on is not None,
            a.last_activity_on or today,
            a.signed_on,
            a.pk,
        ),
    )[:10]

    dormant = dashboard(viewer_client).context["lists"][2]

    assert dormant.count == len(agreements)
    assert [item.title for item in dormant.items] == [a.display_title for a in expected]
    assert [item.date for item in dormant.items] == [a.last_activity_on for a in expected]


def test_page_states_when_the_figures_were_computed(viewer_client):
    with translation.override("en"):
        response = dashboard(viewer_client, YEAR_2025)
    assert response.context["computed_at"] is not None
    assert "Figures computed at" in text(response)
    assert "at least every 10 minutes" in text(response)


def test_page_has_the_charts_with_their_tables(viewer_client):
    hand_checked_records()
    with translation.override("en"):
        page = dashboard(viewer_client, YEAR_2025).content.decode()
    # Two trends, six breakdowns, each a figure with its caption; those with records have
    # the drawing and the table of its numbers.
    assert page.count('<figure class="chart') == 8
    # Every drawing links its bars to the records, so it is a labelled group, not an image.
    assert page.count('role="group"') == page.count('<table class="chart-table"') == 7
    assert "Top partner countries" in page
    assert "A delegation from two countries counts once in each of them." in page


# Cache


def test_cache_is_dropped_when_a_record_is_saved(viewer_client):
    DelegationFactory(start_date=datetime.date(2025, 3, 3))
    with translation.override("en"):
        assert (
            figure(dashboard(viewer_client, YEAR_2025), "Foreign delegations received").value == 1
        )
        # Changed behind the signals' back: the cached figure stays…
        Delegation.objects.update(member_count=9)
        DelegationFactory.build()  # (not saved: no signal)
        assert (
            figure(dashboard(viewer_client, YEAR_2025), "Foreign delegations received").value == 1
        )
        # …and a saved record shows at once.
        DelegationFactory(start_date=datetime.date(2025, 3, 4))
        assert (
            figure(dashboard(viewer_client, YEAR_2025), "Foreign delegations received").value == 2
        )
        # A deletion too.
        Delegation.objects.first().delete()
        assert (
            figure(dashboard(viewer_client, YEAR_2025), "Foreign delegations received").value == 1
        )


def test_cache_is_dropped_when_a_many_to_many_link_changes(viewer_client):
    sector = SectorFactory(code="health")
    agreement = AgreementFactory(signed_on=datetime.date(2025, 3, 3))
    assert dashboard(viewer_client, YEAR_2025).context["charts"]["sectors"] == []
    agreement.sectors.add(sector)
    rows = dashboard(viewer_client, YEAR_2025).context["charts"]["sectors"]
    assert [row.key for row in rows] == ["health"]


def test_changes_outside_the_records_keep_the_cache():
    version = dashboard_cache.version()
    UserFactory(username="someone")
    assert dashboard_cache.version() == version
    DelegationFactory()
    assert dashboard_cache.version() != version


def test_cache_is_per_language(viewer_client):
    with translation.override("en"):
        english = dashboard(viewer_client, YEAR_2025)
        assert "Foreign delegations received" in text(english)
    with translation.override("vi"):
        vietnamese = dashboard(viewer_client, YEAR_2025)
    assert vietnamese.context["sections"][0].title != english.context["sections"][0].title


def test_warm_cache_renders_in_three_queries(viewer_client):
    many_records(random.Random(3), 10)
    dashboard(viewer_client, YEAR_2025)
    with CaptureQueriesContext(connection) as queries:
        response = dashboard(viewer_client, YEAR_2025)
    assert response.status_code == 200
    # The session, the user, the user's groups.
    assert len(queries) <= 3, [q["sql"] for q in queries]


def test_warm_cache_serves_the_figures_without_rendering_them_again(viewer_client, monkeypatch):
    many_records(random.Random(4), 5)
    with translation.override("en"):
        first = dashboard(viewer_client, YEAR_2025)

        def fail(*args, **kwargs):
            raise AssertionError("the cached figures were rendered again")

        # Neither the figures nor their charts are computed or drawn on a cached request.
        monkeypatch.setattr("reports.views.dashboard_data", fail)
        monkeypatch.setattr("reports.charts.bar_chart", fail)
        monkeypatch.setattr("reports.charts.trend_chart", fail)
        second = dashboard(viewer_client, YEAR_2025)
    # The same figures, charts and lists (the page around them has its own CSRF token).
    assert second.context["figures_html"] == first.context["figures_html"]
    assert second.context["figures_html"] in second.content.decode()
    assert second.content.decode().count('<figure class="chart') == 8


def test_cached_figures_html_is_dropped_with_the_figures(viewer_client):
    with translation.override("en"):
        before = dashboard(viewer_client, YEAR_2025).content.decode()
        DelegationFactory(start_date=datetime.date(2025, 3, 3), title="Đoàn mới")
        after = dashboard(viewer_client, YEAR_2025)
    assert figure(after, "Foreign delegations received").value == 1
    # The rendered part follows the figures: the new delegation's count is on the page.
    figures_html = after.context["figures_html"]
    assert figures_html in after.content.decode()
    assert figures_html not in before


def test_cached_figures_html_is_per_language(viewer_client):
    with translation.override("en"):
        english = dashboard(viewer_client, YEAR_2025).content.decode()
    with translation.override("vi"):
        vietnamese = dashboard(viewer_client, YEAR_2025).content.decode()
    assert "Month by month" in english
    assert "Month by month" not in vietnamese


# Query budget


QUERY_BUDGET = 45


def many_records(rng, size):
    """``size`` records of each type, spread over 2024–2025 with random countries, sectors,
    statuses and currencies."""
    sectors = [SectorFactory(code=code) for code in ("health", "trade", "education")]
    countries = ["JP", "KR", "US", "FR", "DE", "LA", "KH", "AU"]
    partners = [ForeignPartnerFactory(country=code) for code in countries[:4]]
    ExchangeRateFactory(valid_from=datetime.date(2020, 1, 1), rate_to_vnd="24000")

    def day():
        return datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(731))

    for _ in range(size):
        DelegationFactory(
            start_date=day(),
            direction=rng.choice(list(Delegation.Direction.values)),
            kind=rng.choice(["press", "business", "government"]),
            countries=rng.sample(countries, rng.choice([1, 1, 2])),
            status=rng.choice(["completed", "cancelled", "planned"]),
        )
        agreement = AgreementFactory(
            signed_on=day(),
            signing_level=rng.choice(["city", "unit"]),
            parties=[rng.choice(partners)],
            sectors=rng.sample(sectors, rng.randrange(3)),
        )
        AgreementActivityFactory(agreement=agreement, date=day())
        ConferenceFactory(
            start_date=day(),
            permit_status=rng.choice(["approved", "held"]),
            format=rng.choice(["in_person", "online", "hybrid"]),
            participants_total=100,
            participants_foreign=10,
        )
        ConferenceFactory(start_date=day(), attended=True)
        project = AidProjectFactory(
            committed_on=day(),
            country=rng.choice(countries),
            modality=rng.choice(["oda_grant", "in_kind", "ngo_project"]),
            currency=rng.choice(["USD", "VND"]),
            commitment_amount="1000",
        )
        DisbursementFactory(project=project, date=day(), currency="USD", amount="100")
        relationship = RelationshipFactory(
            partner=ForeignPartnerFactory(country=rng.choice(countries)),
            established_on=day(),
        )
        RelationshipActivityFactory(relationship=relationship, date=day())


def dashboard_queries(client, params):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = dashboard(client, params)
    assert response.status_code == 200
    return len(queries)


def test_query_budget_does_not_grow_with_the_records(viewer_client):
    many_records(random.Random(1), 8)
    few = dashboard_queries(viewer_client, YEAR_2025)
    many_records(random.Random(2), 40)
    many = dashboard_queries(viewer_client, YEAR_2025)
    assert few == many
    assert many <= QUERY_BUDGET


# Languages


def test_english_dashboard_is_under_en(viewer_client):
    hand_checked_records()
    with translation.override("en"):
        url = reverse("reports:dashboard")
        assert url == "/en/dashboard/"
        response = viewer_client.get(url, YEAR_2025)
        assert response.status_code == 200
        page = text(response)
        assert "Foreign delegations received" in page
        assert "Top partner countries" in page
        assert reverse("admin:delegations_delegation_changelist").startswith("/en/admin/")
        assert reverse("admin:delegations_delegation_changelist") in response.content.decode()


def test_vietnamese_dashboard_is_unprefixed(viewer_client):
    with translation.override("vi"):
        assert reverse("reports:dashboard") == "/dashboard/"
    response = viewer_client.get("/dashboard/")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()


def test_each_figure_link_is_named_by_its_label_for_screen_readers(viewer_client):
    page = dashboard(viewer_client, YEAR_2025).content.decode()
    assert 'id="figure-1-1"' in page
    assert 'aria-labelledby="figure-1-1 value-1-1"' in page
    # Every id on the page is unique.
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
