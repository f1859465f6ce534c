"""The public home page, the language versions and the URL contract."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import Relationship

from ..factories import DelegationFactory, RelationshipActivityFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def test_home_shows_public_figures_and_twin_cities_only(anonymous_client):
    RelationshipFactory(public=True, partner__name_vi="Thành phố Riverside", partner__country="US")
    RelationshipFactory(public=True, partner__name_vi="Thành phố Okayama", partner__country="JP")
    RelationshipFactory(partner__name_vi="Tỉnh Champasak", partner__country="LA")
    RelationshipFactory(
        public=True,
        partner__name_vi="Mạng lưới AIMF",
        partner__kind="network",
        partner__country="",
        level=Relationship.Level.NETWORK,
    )

    response = anonymous_client.get(reverse("core:home"))

    html = response.content.decode()
    summary = response.context["summary"]
    assert (summary.twinning, summary.network, summary.countries) == (2, 1, 2)
    assert "Thành phố Riverside" in html
    assert "Thành phố Okayama" in html
    assert "Tỉnh Champasak" not in html


def test_home_counts_published_delegations_received_press_and_abroad(anonymous_client):
    DelegationFactory.create_batch(3, public=True, start_date=datetime.date(2021, 3, 1))
    DelegationFactory(public=True, kind="press", start_date=datetime.date(2020, 7, 1))
    DelegationFactory(public=True, direction="outbound")
    DelegationFactory(start_date=datetime.date(2019, 1, 1))  # internal
    DelegationFactory(public=True, status="cancelled", start_date=datetime.date(2018, 1, 1))

    html = anonymous_client.get(reverse("core:home")).content.decode()

    figures = re.findall(r'figure__value">(\d+)<', html)
    assert figures[-3:] == ["4", "1", "1"]
    assert "Các đoàn đã công bố từ năm 2020" in html


def test_home_shows_no_delegation_figures_before_any_is_published(anonymous_client):
    DelegationFactory()

    html = anonymous_client.get(reverse("core:home")).content.decode()

    assert "figures--three" not in html


def test_home_lists_recent_public_activities_of_public_relationships_only(anonymous_client):
    public = RelationshipFactory(public=True)
    RelationshipActivityFactory(relationship=public, public=True, title="Hoạt động công khai")
    RelationshipActivityFactory(relationship=public, title="Hoạt động nội bộ")
    hidden = RelationshipFactory(partner__public=True)
    RelationshipActivityFactory(relationship=hidden, public=True, title="Của quan hệ nội bộ")

    html = anonymous_client.get(reverse("core:home")).content.decode()

    assert "Hoạt động công khai" in html
    assert "Hoạt động nội bộ" not in html
    assert "Của quan hệ nội bộ" not in html


@pytest.mark.parametrize("rows", [2, 20])
def test_home_query_count_does_not_grow_with_rows(
    anonymous_client, django_assert_max_num_queries, rows
):
    for index in range(rows):
        relationship = RelationshipFactory(public=True)
        RelationshipActivityFactory(
            relationship=relationship, public=True, date=datetime.date(2020, 1, 1 + index % 28)
        )
        DelegationFactory(public=True)

    with django_assert_max_num_queries(4):
        response = anonymous_client.get(reverse("core:home"))

    assert response.status_code == 200


def test_home_is_vietnamese_without_a_prefix_even_for_an_english_browser(anonymous_client):
    response = anonymous_client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Trang chủ" in html
    assert "Sở Ngoại vụ" in html


def test_english_lives_under_en(anonymous_client):
    response = anonymous_client.get("/en/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Department of Foreign Affairs" in html
    assert "Can Tho" in html


def test_language_switcher_links_to_the_same_page_in_the_other_language(anonymous_client):
    relationship = RelationshipFactory(public=True)

    vietnamese = anonymous_client.get(f"/twin-cities/{relationship.pk}/").content.decode()
    english = anonymous_client.get(f"/en/twin-cities/{relationship.pk}/").content.decode()

    assert f'href="/en/twin-cities/{relationship.pk}/" hreflang="en"' in vietnamese
    assert f'href="/twin-cities/{relationship.pk}/" hreflang="vi"' in english


def test_language_switcher_keeps_the_filters(anonymous_client):
    html = anonymous_client.get("/twin-cities/?level=network").content.decode()

    assert 'href="/en/twin-cities/?level=network" hreflang="en"' in html


def test_admin_speaks_vietnamese_at_admin_and_english_under_en(editor_client):
    vietnamese = editor_client.get("/admin/").content.decode()
    english = editor_client.get("/en/admin/").content.decode()

    assert "Hồ sơ của Sở Ngoại vụ" in vietnamese
    assert "Records of the Department of Foreign Affairs" in english


def test_public_url_contract():
    """The public addresses are part of the product: links to them are printed and shared."""
    relationship_pk = 7
    assert reverse("core:home") == "/"
    assert reverse("partners:relationship_list") == "/twin-cities/"
    assert reverse("partners:relationship_detail", kwargs={"pk": relationship_pk}) == (
        "/twin-cities/7/"
    )
    with translation.override("en"):
        assert reverse("core:home") == "/en/"
        assert reverse("partners:relationship_list") == "/en/twin-cities/"
    assert reverse("delegations:delegation_list") == "/delegations/"
    assert reverse("delegations:delegation_detail", kwargs={"pk": 7}) == "/delegations/7/"
    assert reverse("delegations:delegation_csv") == "/delegations/export.csv"
    with translation.override("en"):
        assert reverse("delegations:delegation_list") == "/en/delegations/"
    assert reverse("agreements:agreement_list") == "/agreements/"
    assert reverse("agreements:agreement_detail", kwargs={"pk": 7}) == "/agreements/7/"
    assert reverse("agreements:agreement_csv") == "/agreements/export.csv"
    assert reverse("agreements:agreement_document", kwargs={"pk": 7}) == (
        "/agreements/7/document.pdf"
    )
    with translation.override("en"):
        assert reverse("agreements:agreement_list") == "/en/agreements/"
    assert reverse("conferences:conference_list") == "/conferences/"
    assert reverse("conferences:conference_detail", kwargs={"pk": 7}) == "/conferences/7/"
    assert reverse("conferences:conference_csv") == "/conferences/export.csv"
    assert reverse("aid:aidproject_list") == "/aid/"
    assert reverse("aid:aidproject_detail", kwargs={"pk": 7}) == "/aid/7/"
    assert reverse("aid:aidproject_csv") == "/aid/export.csv"
    with translation.override("en"):
        assert reverse("conferences:conference_list") == "/en/conferences/"
        assert reverse("aid:aidproject_list") == "/en/aid/"
    assert reverse("admin:index") == "/admin/"


def test_unknown_page_is_404(anonymous_client):
    assert anonymous_client.get("/no-such-page/").status_code == 404
    assert anonymous_client.get("/en/no-such-page/").status_code == 404


def test_not_found_page_is_translated_and_keeps_the_site_layout(anonymous_client):
    vietnamese = anonymous_client.get("/twin-cities/999999/")
    english = anonymous_client.get("/en/twin-cities/999999/")

    assert vietnamese.status_code == english.status_code == 404
    assert "Không tìm thấy trang" in vietnamese.content.decode()
    assert "Page not found" in english.content.decode()
    assert 'hreflang="en"' in vietnamese.content.decode()


def test_pages_declare_their_other_language_version_for_search_engines(anonymous_client):
    html = anonymous_client.get("/twin-cities/").content.decode()

    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/twin-cities/">' in html
    assert '<link rel="alternate" hreflang="vi" href="http://testserver/twin-cities/">' in html


def test_favicon_ico_redirects_to_our_icon(anonymous_client):
    response = anonymous_client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith("img/favicon.svg")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/twin-cities/",
        "/en/twin-cities/",
        "/delegations/",
        "/en/delegations/",
        "/agreements/",
        "/en/agreements/",
        "/conferences/",
        "/en/conferences/",
        "/aid/",
        "/en/aid/",
    ],
)
def test_public_pages_load_nothing_from_another_host(anonymous_client, path):
    # Stylesheets, scripts, images and icons are ours, served locally: no CDN, no tracker.
    RelationshipFactory(public=True, partner__website="https://www.city.okayama.jp")

    html = anonymous_client.get(path).content.decode()

    assets = re.findall(
        r"<(?:link|script|img|source|iframe)\b[^>]*?(?:src|href)=\"([^\"]+)\"", html
    )
    assert assets, "the page should load at least its stylesheet"
    external = [url for url in assets if url.startswith(("http:", "https:", "//"))]
    assert [url for url in external if not url.startswith("http://testserver/")] == []
