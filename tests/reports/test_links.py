"""Every number on the dashboard is one click away from its records: following the link of
each headline figure, chart bar and trend column as a staff member gives an admin change
list that counts (or, for money and participants, totals) exactly the figure.

The records are generated at random (seeded) in the shape of the demo: dates on both sides
of the period's edges and of today, several countries, sectors, statuses (cancelled,
negotiating, terminated, ended…), internal and public records, currencies with and
without rates."""

import datetime
import random
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import Agreement
from aid.models import AidProject, Disbursement
from conferences.models import Conference, PermitStatus
from core.models import Visibility
from delegations.models import Delegation
from partners.models import ForeignPartner, Relationship
from reports import links
from reports.periods import Period
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
)

pytestmark = pytest.mark.django_db

COUNTRIES = ["JP", "KR", "US", "FR", "DE", "LA", "KH", "AU", "TH"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def demo_like_records(rng, size):
    """``size`` records of each type around 2024–2026 (today is in there too)."""
    today = timezone.localdate()
    first, last = datetime.date(2023, 12, 1), max(today, datetime.date(2025, 12, 31))
    span = (last - first).days + 120

    def day(edge_bias=True):
        # A fair share fall on the edges of 2025 and 2024, where off-by-one errors hide.
        if edge_bias and rng.random() < 0.25:
            return rng.choice(
                [
                    datetime.date(2024, 12, 31),
                    datetime.date(2025, 1, 1),
                    datetime.date(2025, 12, 31),
                    datetime.date(2026, 1, 1),
                    datetime.date(2025, 3, 31),
                    datetime.date(2025, 4, 1),
                ]
            )
        return first + datetime.timedelta(days=rng.randrange(span))

    def visibility():
        return rng.choice([Visibility.INTERNAL, Visibility.PUBLIC])

    sectors = [SectorFactory(code=code) for code in ("health", "trade", "education", "culture")]
    partners = [ForeignPartnerFactory(country=code) for code in COUNTRIES[:5]]
    partners.append(ForeignPartnerFactory(country="", kind=ForeignPartner.Kind.NETWORK))
    ExchangeRateFactory(valid_from=datetime.date(2020, 1, 1), rate_to_vnd="23500")
    ExchangeRateFactory(valid_from=datetime.date(2025, 6, 1), rate_to_vnd="25400")
    ExchangeRateFactory(currency="EUR", valid_from=datetime.date(2025, 7, 1), rate_to_vnd="27000")

    for _ in range(size):
        start = day()
        DelegationFactory(
            start_date=start,
            direction=rng.choice(Delegation.Direction.values),
            kind=rng.choice(["press", "business", "government", "academic"]),
            countries=rng.sample(COUNTRIES, rng.choice([1, 1, 1, 2, 3])),
            status=rng.choice(Delegation.Status.values),
            visibility=visibility(),
            member_count=rng.randint(1, 20),
        )

        status = rng.choice(
            ["negotiating", "signed", "signed", "in_force", "terminated", "expired"]
        )
        signed = None if status == "negotiating" else day()
        fields = {"status": status, "signed_on": signed}
        if signed and rng.random() < 0.5:
            fields["expires_on"] = signed + datetime.timedelta(days=rng.randrange(30, 1200))
        if status == "expired":
            fields["expires_on"] = signed + datetime.timedelta(days=rng.randrange(1, 400))
        if status == "terminated":
            fields["terminated_on"] = signed + datetime.timedelta(days=rng.randrange(0, 600))
        if fields.get("expires_on") and rng.random() < 0.2 and status != "expired":
            fields.update(auto_renew=True, renewal_term_months=12)
        if signed and rng.random() < 0.3:
            fields["entry_into_force"] = signed + datetime.timedelta(days=rng.randrange(0, 60))
            if fields.get("expires_on") and fields["expires_on"] < fields["entry_into_force"]:
                fields["expires_on"] = fields["entry_into_force"]
        agreement = AgreementFactory(
            kind=rng.choice(Agreement.Kind.values),
            signing_level=rng.choice(Agreement.Level.values),
            parties=rng.sample(partners, rng.choice([1, 1, 2])),
            sectors=rng.sample(sectors, rng.randrange(3)),
            visibility=visibility(),
            **fields,
        )
        for _activity in range(rng.randrange(3)):
            AgreementActivityFactory(agreement=agreement, date=day(edge_bias=False))

        role = rng.choice(["hosted", "hosted", "attended"])
        start = day()
        if role == "attended":
            ConferenceFactory(
                start_date=start,
                attended=True,
                format=rng.choice(Conference.Format.values),
                visibility=visibility(),
            )
        else:
            permit = rng.choice(PermitStatus.values)
            extra = {}
            if permit in ("requested", "rejected", "cancelled") and rng.random() < 0.5:
                extra = {"permit_number": "", "permit_date": None}
            total = rng.choice([None, rng.randrange(20, 500)])
            ConferenceFactory(
                start_date=start,
                permit_status=permit,
                format=rng.choice(Conference.Format.values),
                participants_total=total,
                participants_foreign=None if total is None else rng.randrange(0, total + 1),
                visibility=visibility(),
                **extra,
            )

        direction = rng.choice(["received", "received", "given"])
        modalities = ["in_kind", "ngo_project", "emergency"]
        if direction == "received":
            modalities += ["oda_loan", "oda_grant"]
        currency = rng.choice(["USD", "VND", "EUR"])
        project = AidProjectFactory(
            direction=direction,
            modality=rng.choice(modalities),
            status=rng.choice(AidProject.Status.values),
            country=rng.choice(COUNTRIES),
            currency=currency,
            commitment_amount=str(rng.randrange(1, 900) * (1000 if currency == "VND" else 1)),
            committed_on=day(),
            visibility=visibility(),
            sectors=rng.sample(sectors, rng.randrange(3)),
        )
        for _payment in range(rng.randrange(3)):
            DisbursementFactory(
                project=project, date=day(), currency="USD", amount=str(rng.randrange(1, 99))
            )

        status = rng.choice(Relationship.Status.values)
        established = rng.choice([None, day(), datetime.date(2010, 5, 5)])
        ended = None
        if status == "ended" and established and rng.random() < 0.8:
            ended = max(established, day())
        relationship = RelationshipFactory(
            partner=ForeignPartnerFactory(country=rng.choice(COUNTRIES)),
            level=rng.choice(Relationship.Level.values),
            status=status,
            established_on=established,
            ended_on=ended,
            visibility=visibility(),
        )
        for _activity in range(rng.randrange(3)):
            RelationshipActivityFactory(relationship=relationship, date=day(edge_bias=False))


def follow(client, url):
    """The admin change list behind ``url``: it must accept every filter (a refused one
    redirects to ``?e=1``)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, getattr(response, "url", ""))
    assert "cl" in response.context, url
    return response


def measured(response, measure):
    """What the change list shows for the figure's ``measure``."""
    cl = response.context["cl"]
    if measure == "count":
        return cl.result_count
    if measure in ("participants", "participants_foreign"):
        key = "held_participants" if measure == "participants" else "held_foreign"
        return response.context["totals"][key] or 0
    if measure == "committed_vnd":
        return cl.totals.commitment.vnd
    if measure == "committed_usd":
        return cl.totals.commitment.usd
    raise AssertionError(f"unknown measure {measure}")


def dashboard_context(client, period):
    with translation.override("en"):
        response = client.get(
            reverse("reports:dashboard"),
            {"kind": "custom", "start": period.start.isoformat(), "end": period.end.isoformat()}
            if period.kind == "custom"
            else {"kind": "year", "year": period.start.year, "compare": "on"},
        )
    assert response.status_code == 200
    return response.context


def disbursed_projects(start, end):
    """Independently: the received projects, not cancelled, with a disbursement dated in
    [start, end]."""
    return {
        payment.project_id
        for payment in Disbursement.objects.select_related("project")
        if start <= payment.date <= end
        and payment.project.status != AidProject.Status.CANCELLED
        and payment.project.direction == AidProject.Direction.RECEIVED
    }


@pytest.mark.parametrize("seed", [11, 12])
def test_every_headline_figure_links_to_exactly_its_records(viewer_client, seed):
    demo_like_records(random.Random(seed), 40)
    context = dashboard_context(viewer_client, Period.year(2025))
    checked = 0
    for section in context["sections"]:
        for figure in (f for main in section.figures for f in main.all()):
            response = follow(viewer_client, figure.url)
            if figure.measure == "disbursed":
                expected = disbursed_projects(
                    datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
                )
                assert {obj.pk for obj in response.context["cl"].queryset} == expected
            else:
                assert measured(response, figure.measure) == figure.value, (
                    figure.label,
                    figure.url,
                )
            checked += 1
    assert checked >= 26
    # The data made the test meaningful: most figures are not zero.
    values = [f.value for s in context["sections"] for f in s.figures]
    assert sum(1 for value in values if value) >= len(values) * 0.6


@pytest.mark.parametrize("seed", [21, 22])
def test_every_chart_bar_links_to_exactly_its_records(viewer_client, seed):
    demo_like_records(random.Random(seed), 40)
    charts = dashboard_context(viewer_client, Period.year(2025))["charts"]
    bars = 0
    for name in ("countries", "sectors", "levels", "formats", "donors", "modalities"):
        assert charts[name], name
        for row in charts[name]:
            response = follow(viewer_client, charts[f"{name}_links"][row.key])
            assert response.context["cl"].result_count == row.count, (name, row)
            if name in ("donors", "modalities"):
                assert response.context["cl"].totals.commitment.vnd == row.committed.vnd
            bars += 1
    assert bars >= 15


def test_every_trend_column_links_to_exactly_its_records(viewer_client):
    demo_like_records(random.Random(31), 40)
    charts = dashboard_context(viewer_client, Period.year(2025))["charts"]
    assert len(charts["trend"]) == 12
    for row in charts["trend"]:
        for series in (
            "delegations_inbound",
            "delegations_outbound",
            "agreements",
            "conferences",
            "aid_projects",
        ):
            response = follow(viewer_client, charts["trend_links"][(row.key, series)])
            assert response.context["cl"].result_count == getattr(row, series), (row.key, series)


def test_a_by_country_bar_counts_a_two_country_delegation_in_each(viewer_client):
    DelegationFactory(start_date=datetime.date(2025, 1, 1), countries=["JP", "KR"])
    DelegationFactory(start_date=datetime.date(2025, 12, 31), countries=["JP"])
    DelegationFactory(start_date=datetime.date(2026, 1, 1), countries=["JP"])
    DelegationFactory(
        start_date=datetime.date(2025, 6, 1), countries=["JP"], status=Delegation.Status.CANCELLED
    )
    charts = dashboard_context(viewer_client, Period.year(2025))["charts"]
    counts = {row.key: row.count for row in charts["countries"]}
    assert counts == {"JP": 2, "KR": 1}
    for code, count in counts.items():
        response = follow(viewer_client, charts["countries_links"][code])
        assert response.context["cl"].result_count == count


def test_a_month_bar_keeps_the_month_and_the_period(viewer_client):
    DelegationFactory(start_date=datetime.date(2025, 3, 1))
    DelegationFactory(start_date=datetime.date(2025, 3, 31))
    DelegationFactory(start_date=datetime.date(2025, 4, 1))
    DelegationFactory(
        start_date=datetime.date(2025, 3, 15), direction=Delegation.Direction.OUTBOUND
    )
    charts = dashboard_context(viewer_client, Period.year(2025))["charts"]
    march = next(row for row in charts["trend"] if row.key == "2025-03")
    assert march.delegations_inbound == 2
    url = charts["trend_links"][("2025-03", "delegations_inbound")]
    assert follow(viewer_client, url).context["cl"].result_count == 2
    query = parse_qs(urlsplit(url).query)
    assert query["start_date__gte"] == ["2025-03-01"]
    assert query["start_date__lte"] == ["2025-03-31"]


def test_a_month_of_a_custom_range_links_to_the_days_in_the_range():
    url = links.delegations_in_month(
        datetime.date(2025, 3, 10),
        datetime.date(2025, 4, 20),
        "2025-03",
        today=datetime.date(2026, 1, 1),
    )
    query = parse_qs(urlsplit(url).query)
    assert query["start_date__gte"] == ["2025-03-10"]
    assert query["start_date__lte"] == ["2025-03-31"]


def test_delegation_links_stop_at_today_as_the_figures_do():
    today = datetime.date(2025, 6, 15)
    url = links.delegations(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), today=today)
    assert parse_qs(urlsplit(url).query)["start_date__lte"] == ["2025-06-15"]


def test_an_empty_list_of_ids_links_to_an_empty_list(viewer_client):
    url = links.by_ids(Relationship, [])
    response = follow(viewer_client, url)
    assert response.context["cl"].result_count == 0


def test_custom_range_figures_link_to_their_records(viewer_client):
    demo_like_records(random.Random(41), 25)
    period = Period.custom(datetime.date(2025, 3, 31), datetime.date(2025, 9, 30))
    context = dashboard_context(viewer_client, period)
    for section in context["sections"]:
        for figure in (f for main in section.figures for f in main.all()):
            if figure.measure == "disbursed":
                continue
            response = follow(viewer_client, figure.url)
            assert measured(response, figure.measure) == figure.value, (figure.label, figure.url)


def test_current_year_links_agreements_in_force_at_its_end(viewer_client):
    """The period that includes today ends in the future: in force at its end is the
    list's "in force on" filter; a period ending today uses its own status filter."""
    today = timezone.localdate()
    AgreementFactory(signed_on=today - datetime.timedelta(days=10))
    AgreementFactory(
        signed_on=today - datetime.timedelta(days=10),
        expires_on=today + datetime.timedelta(days=400),
    )
    assert "effective_status=in_force" in links.agreements_in_force(today, today=today)
    for day in (today, today + datetime.timedelta(days=30), datetime.date(2025, 12, 31)):
        url = links.agreements_in_force(day, today=today)
        expected = Agreement.objects.in_force_on(day).count()
        assert follow(viewer_client, url).context["cl"].result_count == expected


def test_money_figures_equal_the_admin_totals_with_a_missing_rate(viewer_client):
    ExchangeRateFactory(valid_from=datetime.date(2020, 1, 1), rate_to_vnd="25000")
    AidProjectFactory(
        committed_on=datetime.date(2025, 2, 2), commitment_amount="100", currency="USD"
    )
    AidProjectFactory(
        committed_on=datetime.date(2025, 2, 3), commitment_amount="100", currency="EUR"
    )
    context = dashboard_context(viewer_client, Period.year(2025))
    committed = next(
        f for s in context["sections"] for f in s.figures if f.measure == "committed_vnd"
    )
    assert committed.value == Decimal("2500000")
    assert committed.missing
    assert measured(follow(viewer_client, committed.url), "committed_vnd") == committed.value


@pytest.mark.parametrize("seed", [31])
def test_no_link_lists_records_by_id(viewer_client, seed):
    """A rule the field lookups cannot spell has a filter of its own: a link never grows
    with the records (a list of ids made URLs of hundreds of kilobytes at national scale,
    beyond what a server accepts)."""
    demo_like_records(random.Random(seed), 40)
    context = dashboard_context(viewer_client, Period.year(2025))
    urls = [
        f.url for section in context["sections"] for main in section.figures for f in main.all()
    ]
    urls += [record_list.url for record_list in context["lists"]]
    assert urls
    for url in urls:
        assert "id__in" not in url, url
        assert len(url) < 400, url


@pytest.mark.parametrize(
    ("url_name", "parameter"),
    [
        ("admin:agreements_agreement_changelist", "in_force_on=2025-13-01"),
        ("admin:aid_aidproject_changelist", "disbursed_in=2025-12-31..2025-01-01"),
        ("admin:aid_aidproject_changelist", "disbursed_in=yesterday"),
        ("admin:partners_relationship_changelist", "current_on=someday"),
        ("admin:partners_relationship_changelist", "dormant=-3"),
    ],
)
def test_a_filter_value_that_does_not_parse_is_an_incorrect_lookup(
    viewer_client, url_name, parameter
):
    response = viewer_client.get(f"{reverse(url_name)}?{parameter}")
    # The admin's answer to an incorrect lookup: back to the list, flagged with e=1.
    assert response.status_code == 302
    assert response.url.endswith("?e=1")


def test_a_parameter_filter_shows_in_the_sidebar_only_while_it_applies(viewer_client):
    url = reverse("admin:partners_relationship_changelist")
    assert "current_on" not in viewer_client.get(url).content.decode()
    html = viewer_client.get(f"{url}?current_on=2025-12-31").content.decode()
    assert "31/12/2025" in html
