"""No internal text through the search or the partner and country pages, with the marked
records of tests/test_leaks.py (whose crawl also walks these pages from the record and
twin-city pages)."""

import re

import pytest
from django.urls import reverse

from tests.test_leaks import MARKER, body, records  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_public_search_never_finds_internal_text(client, records):  # noqa: F811
    internal_urls = {
        record.get_absolute_url()
        for record in records.values()
        if hasattr(record, "get_absolute_url")
    } | {f"/partners/{records['partner'].pk}/"}
    for query in (MARKER, MARKER.lower(), f"{MARKER} partner", "partner", "title"):
        for prefix in ("", "/en"):
            response = client.get(f"{prefix}/search/", {"q": query})
            assert response.status_code == 200
            html = body(response)
            # The page repeats the query (title, box, count, links): the hits may not.
            found = re.findall(r'class="card__title" href="([^"]+)">([^<]*)<', html)
            if MARKER.lower() in query.lower():
                assert found == [], query
            assert not [title for _url, title in found if MARKER in title], query
            assert not {url.removeprefix("/en") for url, _title in found} & internal_urls


def test_the_staff_search_does_find_it(viewer_client, records):  # noqa: F811
    """The search is not blind: staff find the marked internal records."""
    response = viewer_client.get(reverse("search:staff_search"), {"q": MARKER})
    html = body(response)
    for name in ("partner", "delegation", "agreement", "conference", "aid project"):
        record = records[name]
        meta = record._meta
        if name == "partner":
            url = reverse("search:staff_partner_detail", args=[record.pk])
        else:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        assert url in html, name


def test_the_public_partner_and_country_pages_never_show_internal_text(client, records):  # noqa: F811
    from partners.models import ForeignPartner

    okayama = ForeignPartner.objects.get(name="Okayama")
    pages = [
        reverse("search:partner_detail", args=[okayama.pk]),
        reverse("search:country_detail", args=["JP"]),
        reverse("search:country_detail", args=["KR"]),  # the internal partner's country
    ]
    kinds = ["", "delegation", "agreement", "agreement_activity", "aid", "conference"]
    kinds += ["relationship", "relationship_activity"]
    for page in pages:
        for kind in kinds:
            response = client.get(page, {"kind": kind})
            assert response.status_code == 200
            assert MARKER not in body(response), (page, kind)
    secret = records["partner"]
    assert client.get(reverse("search:partner_detail", args=[secret.pk])).status_code == 404


def test_the_staff_pages_show_the_internal_records(viewer_client, records):  # noqa: F811
    secret = records["partner"]
    response = viewer_client.get(reverse("search:staff_partner_detail", args=[secret.pk]))
    assert MARKER in body(response)
    response = viewer_client.get(reverse("search:staff_country_detail", args=["KR"]))
    assert MARKER in body(response)
