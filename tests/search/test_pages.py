"""The partner and country pages: the relationship, the figures (from the statistics
layer), and one timeline in date order holding exactly the records that involve the
partner or country, public ones only on the public pages, each line a link to its
record; filters by type and period; a fixed number of queries however long the history."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementActivity
from aid.models import AidProject
from conferences.models import Conference
from delegations.models import Delegation
from partners import involvement
from partners.models import Relationship, RelationshipActivity
from reports.statistics import partner_figures
from search.timeline import Timeline
from tests.factories import DelegationFactory, RelationshipActivityFactory

pytestmark = pytest.mark.django_db


def timeline_lines(html):
    """(date, link, title) of every line of the page's timeline, in page order."""
    return re.findall(
        r'<li class="timeline__item[^"]*">\s*<time datetime="([^"]+)">.*?'
        r'<h4><a href="([^"]+)">([^<]*)</a></h4>',
        html,
        re.S,
    )


def expected_records(*, partner=None, country=None, public):
    """(date, url) of every dated record of the partner or country, written out with
    each model's own filters: what the timeline must hold, no more, no less."""
    scope = {"partner": partner, "country": country, "public": public}

    def visible(model):
        return model.objects.public() if public else model.objects.all()

    def url(record, page_of=None):
        target = page_of or record
        if public:
            return target.get_absolute_url()
        meta = target._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk])

    found = []
    for d in involvement.delegations_of(visible(Delegation), **scope):
        found.append((d.start_date, url(d)))
    agreements = involvement.agreements_of(visible(Agreement), **scope)
    for a in agreements.filter(signed_on__isnull=False):
        found.append((a.signed_on, url(a)))
    for activity in visible(AgreementActivity).filter(agreement__in=agreements):
        found.append((activity.date, url(activity, activity.agreement)))
    for p in involvement.aid_projects_of(visible(AidProject), **scope):
        found.append((p.committed_on, url(p)))
    for c in involvement.conferences_of(visible(Conference), **scope):
        found.append((c.start_date, url(c)))
    for r in involvement.relationships_of(visible(Relationship), **scope):
        if r.established_on:
            found.append((r.established_on, url(r)))
    for r in involvement.relationship_activities_of(visible(RelationshipActivity), **scope):
        found.append((r.date, url(r, r.relationship)))
    return found


def all_lines(client, url):
    """Every line of a timeline, page after page."""
    lines, page = [], 1
    while True:
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        html = response.content.decode()
        lines.extend(timeline_lines(html))
        if 'rel="next"' not in html:
            return lines
        page += 1


def check_timeline(lines, expected):
    days = [datetime.date.fromisoformat(day) for day, _url, _title in lines]
    assert days == sorted(days, reverse=True), "newest first"
    assert sorted((day, url) for day, (_d, url, _t) in zip(days, lines, strict=True)) == sorted(
        expected
    )


def test_the_public_partner_page_tells_the_whole_public_story_in_date_order(client, world):
    # More lines than a page holds.
    for day in range(1, 30):
        RelationshipActivityFactory(
            relationship=world.twin, public=True, date=datetime.date(2016, 1, day)
        )
    url = reverse("search:partner_detail", args=[world.okayama.pk])
    lines = all_lines(client, url)

    expected = expected_records(partner=world.okayama, public=True)
    check_timeline(lines, expected)
    assert len(lines) > 25
    html = client.get(url).content.decode()
    assert "Kết nghĩa từ 09/04/2015" in html or "Kết nghĩa từ 9/4/2015" in html
    assert reverse("search:country_detail", args=["JP"]) in html


def test_the_public_timeline_has_no_internal_or_cancelled_record(client, world):
    url = reverse("search:partner_detail", args=[world.okayama.pk])
    lines = all_lines(client, url)
    internal = Delegation.objects.exclude(visibility="public").filter(partners=world.okayama)
    cancelled = Delegation.objects.filter(status=Delegation.Status.CANCELLED)
    shown = {link for _day, link, _title in lines}
    for delegation in [*internal, *cancelled]:
        assert delegation.get_absolute_url() not in shown
    # Nor the internal partner's records, nor a line naming it.
    html = client.get(url).content.decode()
    assert "Secret Prefecture" not in html


def test_the_staff_partner_page_tells_everything_with_admin_links(viewer_client, world):
    url = reverse("search:staff_partner_detail", args=[world.okayama.pk])
    lines = all_lines(viewer_client, url)
    check_timeline(lines, expected_records(partner=world.okayama, public=False))
    assert all(link.startswith("/admin/") for _day, link, _title in lines)


def test_an_internal_partner_has_no_public_page_but_a_staff_one(client, viewer_client, world):
    assert client.get(reverse("search:partner_detail", args=[world.secret.pk])).status_code == 404
    response = viewer_client.get(reverse("search:staff_partner_detail", args=[world.secret.pk]))
    assert response.status_code == 200
    assert "Secret Prefecture" in response.content.decode()


def test_the_partner_page_shows_the_statistics_layers_figures(client, world):
    figures = partner_figures(world.okayama, public=True)
    html = client.get(reverse("search:partner_detail", args=[world.okayama.pk])).content
    html = html.decode()
    for value, label in [
        (figures.delegations_inbound, "đoàn vào"),
        (figures.agreements, "thỏa thuận đã ký"),
        (figures.aid_projects, "dự án viện trợ"),
    ]:
        assert re.search(
            rf'<span class="figure__value">{value}</span><span class="figure__label">{label}',
            html,
        ), label
    # The table year by year.
    assert '<th scope="row">2023</th>' in html


@pytest.mark.parametrize("public", [True, False])
def test_the_country_page_rolls_up_the_countrys_partners(client, viewer_client, world, public):
    name = "search:country_detail" if public else "search:staff_country_detail"
    browser = client if public else viewer_client
    url = reverse(name, args=["JP"])
    lines = all_lines(browser, url)
    check_timeline(lines, expected_records(country="JP", public=public))
    html = browser.get(url).content.decode()
    assert "Okayama Medical Exchange Foundation" in html
    assert ("Secret Prefecture" in html) is not public


def test_an_unknown_country_is_404(client):
    assert client.get(reverse("search:country_detail", args=["XX"])).status_code == 404
    assert client.get(reverse("search:country_detail", args=["jp"])).status_code == 200


def test_the_timeline_filters_by_type_and_period(client, world):
    url = reverse("search:partner_detail", args=[world.okayama.pk])
    response = client.get(url, {"kind": "delegation"})
    lines = timeline_lines(response.content.decode())
    assert lines and all("/delegations/" in link for _day, link, _title in lines)

    response = client.get(url, {"start": "2022-01-01", "end": "2022-12-31"})
    lines = timeline_lines(response.content.decode())
    assert lines and all(day.startswith("2022-") for day, _link, _title in lines)
    expected = [
        record
        for record in expected_records(partner=world.okayama, public=True)
        if record[0].year == 2022
    ]
    assert len(lines) == len(expected)


def test_a_period_ending_before_it_starts_gets_a_message(client, world):
    url = reverse("search:partner_detail", args=[world.okayama.pk])
    response = client.get(url, {"start": "2023-01-01", "end": "2022-01-01"})
    html = response.content.decode()
    assert "Ngày bắt đầu của khoảng thời gian phải trước ngày kết thúc." in html
    assert timeline_lines(html) == []


def test_undated_records_stay_off_the_timeline(world):
    timeline = Timeline(partner=world.okayama, public=True)
    negotiating = Agreement.objects.filter(status=Agreement.Status.NEGOTIATING)
    assert negotiating.exists()
    urls = {entry.url for entry in timeline[: timeline.count()]}
    assert not urls & {agreement.get_absolute_url() for agreement in negotiating}


@pytest.mark.parametrize(
    "url_name", ["search:partner_detail", "search:staff_partner_detail", "search:country_detail"]
)
def test_the_pages_cost_the_same_queries_at_any_size(
    client, viewer_client, world, url_name, django_assert_max_num_queries
):
    browser = viewer_client if "staff" in url_name else client
    arg = "JP" if "country" in url_name else world.okayama.pk
    url = reverse(url_name, args=[arg])
    # The partner, its relationships, 6 figures by year, then per record type (7) a
    # count and the newest rows; staff pages add the session, the user and its groups.
    budget = {
        "search:partner_detail": 22,
        "search:staff_partner_detail": 25,
        "search:country_detail": 30,
    }[url_name]
    with django_assert_max_num_queries(budget):
        assert browser.get(url).status_code == 200
    for number in range(40):
        DelegationFactory(
            public=True,
            partners=[world.okayama, world.foundation],
            start_date=datetime.date(2000 + number % 25, 1 + number % 12, 1),
        )
        RelationshipActivityFactory(
            relationship=world.twin, public=True, date=datetime.date(2001 + number % 20, 2, 2)
        )
    with django_assert_max_num_queries(budget):
        response = browser.get(url)
    assert len(timeline_lines(response.content.decode())) == 25


def test_a_cached_page_shows_a_new_record_at_once(client, world):
    """The figures and the timeline are kept in the cache, until any record changes."""
    url = reverse("search:partner_detail", args=[world.okayama.pk])
    before = client.get(url).content.decode()
    assert "Đoàn vừa tới" not in before
    with_cache = client.get(url).content.decode()
    assert timeline_lines(with_cache) == timeline_lines(before)
    figures = partner_figures(world.okayama, public=True)
    DelegationFactory(
        public=True,
        partners=[world.okayama],
        title="Đoàn vừa tới",
        start_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    after = client.get(url).content.decode()
    assert "Đoàn vừa tới" in after
    assert re.search(
        rf'<span class="figure__value">{figures.delegations_inbound + 1}</span>'
        r'<span class="figure__label">đoàn vào',
        after,
    )


def test_a_cached_page_costs_fewer_queries_the_second_time(
    client, world, django_assert_max_num_queries
):
    url = reverse("search:partner_detail", args=[world.okayama.pk])
    client.get(url)
    # The partner and its relationships: the figures and the timeline come from the cache.
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200
