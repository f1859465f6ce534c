"""The search, public and staff: diacritics and case do not matter, a partner's name typed
with one letter wrong is still found, an exact name comes before a partial one, internal
records never reach the public, and a page costs the same queries however many rows."""

import re

import pytest
from django.urls import reverse

from delegations.models import Delegation
from search.engine import Search, edit_distance, normalize
from tests.factories import (
    AgreementFactory,
    ConferenceFactory,
    DelegationFactory,
    ForeignPartnerFactory,
)

pytestmark = pytest.mark.django_db


def hits(client, query, url_name="search:search", **params):
    response = client.get(reverse(url_name), {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'class="card__title" href="([^"]+)">([^<]+)<', html), html


def titles(found):
    return [title for _url, title in found]


def test_normalize_and_edit_distance():
    assert normalize("  Cần   THƠ ") == "can tho"
    assert normalize("Đà Nẵng") == "da nang"
    assert edit_distance("okyama", "okayama") == 1
    assert edit_distance("okayama", "okayama") == 0
    assert edit_distance("okymaa", "okayama") == 2


@pytest.mark.parametrize("query", ["can tho", "CAN THO", "Cần Thơ", "cần thơ", "can"])
def test_diacritics_and_case_do_not_matter(client, query):
    ForeignPartnerFactory(public=True, name="Cần Thơ Friends", name_vi="", country="JP")
    found, _html = hits(client, query)
    assert "Cần Thơ Friends" in titles(found)


def test_kaposvar_finds_kaposvar(client, world):
    found, _html = hits(client, "kaposvar")
    assert titles(found)[0] == "Kaposvár"
    assert found[0][0] == reverse("search:partner_detail", args=[world.kaposvar.pk])


@pytest.mark.parametrize("query", ["okyama", "okayam", "Okayama", "OKAYAMA", "okaayama"])
def test_okayama_typed_without_care_gives_the_twin_city_first(client, world, query):
    found, _html = hits(client, query)
    assert found, query
    # On Vietnamese pages a partner shows its Vietnamese name.
    assert found[0] == (
        reverse("search:partner_detail", args=[world.okayama.pk]),
        "Thành phố Okayama",
    )


def test_an_exact_name_ranks_above_a_partial_one(client, world):
    # "Okayama Medical Exchange Foundation" also holds the word; created later, and with
    # more of it, it would not come first by chance.
    found, _html = hits(client, "okayama", kind="partner")
    assert titles(found)[:2] == ["Thành phố Okayama", "Okayama Medical Exchange Foundation"]
    # And a partner named exactly as typed comes before one that holds the words.
    ForeignPartnerFactory(public=True, name="Sendai Port Authority", name_vi="", country="JP")
    ForeignPartnerFactory(public=True, name="Sendai", name_vi="", country="JP")
    found, _html = hits(client, "sendai")
    assert titles(found)[:2] == ["Sendai", "Sendai Port Authority"]


def test_a_word_of_a_record_finds_it_with_its_type_and_date(client, world):
    DelegationFactory(public=True, title="Đoàn Hiroshima thăm thành phố", title_en="")
    found, html = hits(client, "hiroshima")
    assert titles(found) == ["Đoàn Hiroshima thăm thành phố"]
    assert "Đoàn" in html and "<time datetime=" in html
    assert 'class="tag tag--kind">Đoàn' in html or "tag--kind" in html


def test_the_public_search_never_shows_internal_records(client, world):
    DelegationFactory(title="Đoàn bí mật Okayama", title_en="")  # internal
    DelegationFactory(
        public=True,
        title="Đoàn đã hủy Okayama",
        title_en="",
        status=Delegation.Status.CANCELLED,
    )
    found, html = hits(client, "okayama")
    assert "Đoàn bí mật Okayama" not in html
    assert "Đoàn đã hủy Okayama" not in html
    found, html = hits(client, "secret prefecture")
    assert "Secret Prefecture" not in html


def test_the_staff_search_shows_internal_records_linked_to_the_admin(viewer_client, world):
    internal = DelegationFactory(title="Đoàn bí mật Okayama", title_en="")
    found, _html = hits(viewer_client, "bí mật", url_name="search:staff_search")
    assert found == [
        (reverse("admin:delegations_delegation_change", args=[internal.pk]), internal.title)
    ]
    found, _html = hits(viewer_client, "secret prefecture", url_name="search:staff_search")
    assert found[0] == (
        reverse("search:staff_partner_detail", args=[world.secret.pk]),
        "Secret Prefecture",
    )


def test_the_staff_search_is_for_staff_only(client):
    response = client.get(reverse("search:staff_search"), {"q": "okayama"})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("query", ["a", " ", "!!"])
def test_a_short_query_gets_a_message_and_no_search(client, query, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("search:search"), {"q": query})
    html = response.content.decode()
    if query.strip():
        assert "Nhập ít nhất hai chữ cái hoặc chữ số." in html
    assert "card__title" not in html


def test_no_query_shows_the_empty_form(client):
    response = client.get(reverse("search:search"))
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_a_country_name_offers_the_country_page(client, world):
    for query in ("japan", "nhat ban", "Nhật Bản"):
        found, _html = hits(client, query)
        assert found[0] == (reverse("search:country_detail", args=["JP"]), "Nhật Bản"), query


def test_the_results_are_paginated(client):
    for number in range(25):
        AgreementFactory(public=True, title=f"Thỏa thuận Sapporo {number}", title_en="")
    first, html = hits(client, "sapporo")
    assert len(first) == 20
    assert "Trang 1 / 2" in html or "page=2" in html
    second, _html = hits(client, "sapporo", page=2)
    assert len(second) == 5
    assert not set(first) & set(second)


def test_the_type_filter_keeps_one_type(client, world):
    agreement = AgreementFactory(public=True, title="Thỏa thuận với Okayama", title_en="")
    found, _html = hits(client, "okayama", kind="agreement")
    assert found == [(agreement.get_absolute_url(), agreement.title)]


def test_the_search_is_the_same_on_the_search_object(world):
    search = Search("okayama", public=True)
    assert search.counts()["partner"] == 2
    assert search[0].title == "Thành phố Okayama"
    assert search[0].kind == "partner"


def make_rows(count, first=0):
    for number in range(first, first + count):
        partner = ForeignPartnerFactory(public=True, name=f"Nagano {number}", name_vi="")
        DelegationFactory(public=True, title=f"Đoàn Nagano {number}", partners=[partner])
        AgreementFactory(public=True, title=f"Thỏa thuận Nagano {number}", parties=[partner])
        ConferenceFactory(public=True, name=f"Hội nghị Nagano {number}")


@pytest.mark.parametrize("url_name", ["search:search", "search:staff_search"])
def test_a_search_page_costs_the_same_queries_at_any_size(
    client, viewer_client, url_name, django_assert_max_num_queries
):
    browser = client if url_name == "search:search" else viewer_client
    # Staff pages add the session, the user and the user's groups.
    budget = 14 if url_name == "search:search" else 17
    make_rows(3)
    with django_assert_max_num_queries(budget):
        hits(browser, "nagano", url_name)
    make_rows(30, first=3)
    with django_assert_max_num_queries(budget):
        found, _html = hits(browser, "nagano", url_name)
    assert len(found) == 20
