"""The public pages' bodies kept in the cache (core.listcache.CachedContentMixin and
CachedDetailMixin) and the select boxes written in Python (core.filters.FastSelect): the
same HTML as without them, dropped the moment a record changes, never a way round the
404 of a record the public may not see."""

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements.models import Agreement
from core.filters import FastSelect
from core.models import Sector, Visibility
from delegations.models import Delegation
from tests.factories import (
    AgreementActivityFactory,
    AgreementFactory,
    DelegationFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


def get(client, url):
    """The response and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def squeeze(html):
    """HTML without the whitespace between tags, which differs between the renderers."""
    return re.sub(r">\s+<", "><", str(html)).strip()


# Select boxes ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "b", ["b"], "missing"])
def test_fast_select_writes_what_django_writes(value):
    choices = [("", "All <kinds>"), ("a", "Ăn & uống"), ("b", "B"), ("b", "B again"), (1, "One")]
    django_select = forms.Select(attrs={"class": "wide", "required": True}, choices=choices)
    fast = FastSelect(attrs={"class": "wide", "required": True}, choices=choices)
    attrs = {"id": "id_kind", "aria-describedby": "kind-error"}

    written = fast.render("kind", value, attrs)

    assert squeeze(written) == squeeze(django_select.render("kind", value, attrs))
    assert "All &lt;kinds&gt;" in written
    # Only the first of two equal values is selected, as Django does.
    assert written.count(" selected") == (1 if value in (None, "", "b", ["b"]) else 0)


def test_fast_select_leaves_grouped_choices_to_django():
    choices = [("Group", [("a", "A"), ("b", "B")]), ("c", "C")]
    django_select = forms.Select(choices=choices)

    assert FastSelect(choices=choices).render("x", "b") == django_select.render("x", "b")


def test_fast_select_reads_model_choices_in_one_query():
    SectorFactory.create_batch(3)
    field = forms.ModelChoiceField(queryset=Sector.objects.all(), widget=FastSelect)

    with CaptureQueriesContext(connection) as queries:
        written = field.widget.render("sector", None)

    # No COUNT before the rows: list() of the choices would ask for their len().
    assert len(queries) == 1
    assert written.count("<option") == 4


def test_public_filter_forms_use_fast_selects(anonymous_client):
    DelegationFactory(public=True)

    response = anonymous_client.get(reverse("delegations:delegation_list"))

    form = response.context["filter"].form
    assert isinstance(form.fields["kind"].widget, FastSelect)
    assert isinstance(form.fields["sector"].widget, FastSelect)
    assert '<option value="" selected>' in response.content.decode()


# Lists ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    [
        "core:home",
        "partners:relationship_list",
        "delegations:delegation_list",
        "agreements:agreement_list",
        "conferences:conference_list",
        "aid:aidproject_list",
    ],
)
def test_a_list_seen_again_is_served_without_a_query(anonymous_client, url_name):
    DelegationFactory(public=True)
    AgreementFactory(public=True)
    url = reverse(url_name)

    first, cold = get(anonymous_client, url)
    again, warm = get(anonymous_client, url)

    assert cold > 0
    assert warm == 0
    assert squeeze(again.content) == squeeze(first.content)


def test_a_cached_list_shows_a_changed_record_at_once(anonymous_client):
    delegation = DelegationFactory(public=True, title="Đoàn Okayama")
    url = reverse("delegations:delegation_list")
    assert "Đoàn Okayama" in anonymous_client.get(url).content.decode()

    delegation.title = "Đoàn Kaposvár"
    delegation.save()
    html = anonymous_client.get(url).content.decode()

    assert "Đoàn Kaposvár" in html
    assert "Đoàn Okayama" not in html


def test_a_list_hides_at_once_a_record_made_internal(anonymous_client):
    delegation = DelegationFactory(public=True, title="Đoàn Okayama")
    url = reverse("delegations:delegation_list")
    assert "Đoàn Okayama" in anonymous_client.get(url).content.decode()

    delegation.visibility = Visibility.INTERNAL
    delegation.save()

    assert "Đoàn Okayama" not in anonymous_client.get(url).content.decode()


def test_each_filter_and_page_has_its_own_body(anonymous_client):
    DelegationFactory(public=True, kind=Delegation.Kind.GOVERNMENT, title="Đoàn chính phủ")
    DelegationFactory(public=True, kind=Delegation.Kind.BUSINESS, title="Đoàn doanh nghiệp")
    url = reverse("delegations:delegation_list")
    anonymous_client.get(url)

    html = anonymous_client.get(f"{url}?kind=business").content.decode()

    assert "Đoàn doanh nghiệp" in html
    assert "Đoàn chính phủ" not in html


def test_each_language_has_its_own_body(anonymous_client):
    DelegationFactory(public=True)
    vietnamese = anonymous_client.get(reverse("delegations:delegation_list")).content.decode()
    with translation.override("en"):
        url = reverse("delegations:delegation_list")
    english = anonymous_client.get(url).content.decode()

    assert "Download CSV" in english
    assert "Download CSV" not in vietnamese


def test_an_address_with_unknown_parameters_is_not_cached(anonymous_client):
    DelegationFactory(public=True)
    url = reverse("delegations:delegation_list") + "?utm_source=mail"

    get(anonymous_client, url)
    _response, again = get(anonymous_client, url)

    assert again > 0


# Detail pages -----------------------------------------------------------------------------


def test_a_detail_page_seen_again_reads_only_its_record_and_photos(anonymous_client):
    agreement = AgreementFactory(public=True)
    AgreementActivityFactory(agreement=agreement, public=True)
    url = agreement.get_absolute_url()

    first, cold = get(anonymous_client, url)
    again, warm = get(anonymous_client, url)

    # The record (a 404 when the public may not see it) and the photo gallery.
    assert warm == 2 < cold
    assert squeeze(again.content) == squeeze(first.content)


def test_a_cached_detail_page_is_a_404_once_its_record_is_internal(anonymous_client):
    agreement = AgreementFactory(public=True, title="Biên bản Okayama")
    url = agreement.get_absolute_url()
    assert anonymous_client.get(url).status_code == 200

    # update() sends no signal: the cached body outlives the change, the 404 must not.
    Agreement.objects.filter(pk=agreement.pk).update(visibility=Visibility.INTERNAL)
    response = anonymous_client.get(url)

    assert response.status_code == 404
    assert "Biên bản Okayama" not in response.content.decode()


def test_a_cached_detail_page_shows_a_new_activity_at_once(anonymous_client):
    agreement = AgreementFactory(public=True)
    url = agreement.get_absolute_url()
    anonymous_client.get(url)

    AgreementActivityFactory(agreement=agreement, public=True, description="Trao học bổng")

    assert "Trao học bổng" in anonymous_client.get(url).content.decode()


# The version, read once per request -------------------------------------------------------


def test_a_request_reads_the_version_once_and_again_after_a_change():
    from core import listcache
    from reports import cache as reports_cache

    listcache._request_started()
    try:
        first = listcache.version()
        # A direct call sends no signal: within the request the version read stands...
        reports_cache.invalidate()
        assert listcache.version() == first
        # ...until a row changes, which is what sets a new version.
        DelegationFactory(public=True)
        assert listcache.version() == reports_cache.version() != first
    finally:
        listcache._request_finished()

    # Outside a request, it is always read afresh.
    reports_cache.invalidate()
    assert listcache.version() == reports_cache.version()
