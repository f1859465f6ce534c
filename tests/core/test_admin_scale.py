"""The record admins at national scale (core.admin): counts that stop or estimate on a
large table and say so, a searched list paged through its cached keys, the figures of a
change list kept in the cache, the related-row filter and the row checkbox written
without a template, inline local units as autocomplete inputs.

"Large" is the planner's estimate of the table (PostgreSQL statistics): the tests set it
with monkeypatch, so they run on SQLite too.
"""

import datetime
import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from conferences.models import Conference
from core.admin import EstimatedCountPaginator
from delegations.models import Delegation
from partners.models import Relationship
from tests.admin_helpers import change_url, changelist_url
from tests.factories import (
    ConferenceFactory,
    DelegationFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def large_tables(monkeypatch):
    """Every table looks like a national one (2.5 million rows) to the paginator."""
    monkeypatch.setattr(EstimatedCountPaginator, "estimate", staticmethod(lambda model: 2_500_000))


# Counts


def test_a_filtered_list_beyond_the_exact_limit_shows_the_estimate_as_approximate(
    editor_client, large_tables, monkeypatch
):
    DelegationFactory.create_batch(4, kind=Delegation.Kind.PRESS)
    DelegationFactory(kind=Delegation.Kind.BUSINESS)
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 2)
    monkeypatch.setattr(
        EstimatedCountPaginator, "estimate_rows", staticmethod(lambda queryset: 48_000)
    )

    response = editor_client.get(changelist_url(Delegation), {"kind__exact": "press"})

    cl = response.context["cl"]
    assert cl.result_count == 48_000
    assert cl.paginator.is_estimate
    assert re.search(r'class="estimated-count">[^<]*48[.,]000', response.content.decode())
    # The rows themselves are exactly the filtered ones.
    assert {d.kind for d in cl.result_list} == {Delegation.Kind.PRESS}


def test_the_estimate_is_never_below_the_rows_already_counted(
    editor_client, large_tables, monkeypatch
):
    DelegationFactory.create_batch(4, kind=Delegation.Kind.PRESS)
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 2)
    monkeypatch.setattr(EstimatedCountPaginator, "estimate_rows", staticmethod(lambda queryset: 1))

    response = editor_client.get(changelist_url(Delegation), {"kind__exact": "press"})

    assert response.context["cl"].result_count == 3


def test_an_exact_count_is_not_labelled_approximate(editor_client, large_tables):
    DelegationFactory.create_batch(2, kind=Delegation.Kind.PRESS)

    response = editor_client.get(changelist_url(Delegation), {"kind__exact": "press"})

    assert response.context["cl"].result_count == 2
    assert not response.context["cl"].paginator.is_estimate
    assert "estimated-count" not in response.content.decode()


def test_the_unfiltered_estimate_is_labelled_approximate(editor_client, large_tables):
    DelegationFactory()

    response = editor_client.get(changelist_url(Delegation))

    assert response.context["cl"].paginator.is_estimate
    assert re.search(r'class="estimated-count">[^<]*2[.,]500[.,]000', response.content.decode())


def test_selecting_every_row_of_an_estimated_list_says_about(editor_client, large_tables):
    DelegationFactory()

    with translation.override("en"):
        html = editor_client.get(changelist_url(Delegation)).content.decode()

    assert re.search(r"Select all delegations \(about 2,500,000\)", html)
    assert "All of about 2,500,000 selected" in html
    assert "Select all 2500000" not in html


def test_selecting_every_row_of_an_exact_list_gives_the_count(editor_client, monkeypatch):
    DelegationFactory.create_batch(3)
    monkeypatch.setattr(admin.site._registry[Delegation], "list_per_page", 2)

    with translation.override("en"):
        html = editor_client.get(changelist_url(Delegation)).content.decode()

    assert "Select all 3 delegations" in html
    assert "about" not in html.split('class="actions"')[1].split("</div>")[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner estimate")
def test_the_planner_estimates_a_filtered_query():
    DelegationFactory.create_batch(3)

    estimate = EstimatedCountPaginator.estimate_rows(Delegation.objects.filter(kind="press"))

    assert isinstance(estimate, int)
    assert estimate >= 0


# A searched list pages through its cached, ordered keys


def test_a_searched_large_list_pages_in_the_lists_order_with_an_exact_count(
    editor_client, large_tables
):
    kaposvar = ForeignPartnerFactory(name="Kaposvár", name_vi="Kaposvár")
    for day in range(1, 6):
        DelegationFactory(start_date=datetime.date(2024, 1, day), partners=[kaposvar])
    DelegationFactory(title="Đoàn Okayama", start_date=datetime.date(2024, 2, 1))
    model_admin = admin.site._registry[Delegation]
    model_admin.list_per_page = 2

    try:
        pages = [
            editor_client.get(changelist_url(Delegation), {"q": "kapos", "p": page})
            for page in (1, 2, 3)
        ]
    finally:
        del model_admin.list_per_page

    listed = [d.start_date.day for page in pages for d in page.context["cl"].result_list]
    assert listed == [5, 4, 3, 2, 1]
    assert all(page.context["cl"].result_count == 5 for page in pages)
    assert not pages[0].context["cl"].paginator.is_estimate


def test_a_searched_list_sees_a_record_saved_since_the_last_view(editor_client, large_tables):
    kaposvar = ForeignPartnerFactory(name="Kaposvár")
    DelegationFactory(partners=[kaposvar])
    editor_client.get(changelist_url(Delegation), {"q": "kapos"})

    added = DelegationFactory(title="Đoàn Kaposvár")
    response = editor_client.get(changelist_url(Delegation), {"q": "kapos"})

    assert added in list(response.context["cl"].result_list)
    assert response.context["cl"].result_count == 2


def test_a_searched_page_costs_the_same_queries_for_more_matches(editor_client, large_tables):
    kaposvar = ForeignPartnerFactory(name="Kaposvár")

    def queries_of_a_warm_view():
        editor_client.get(changelist_url(Delegation), {"q": "kapos"})
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(changelist_url(Delegation), {"q": "kapos"})
        return len(queries.captured_queries), response.context["cl"].result_count

    DelegationFactory.create_batch(30, partners=[kaposvar])
    few, thirty = queries_of_a_warm_view()
    DelegationFactory.create_batch(60, partners=[kaposvar])
    more, ninety = queries_of_a_warm_view()

    assert (thirty, ninety) == (30, 90)
    assert more <= few


# Figures of the change list kept in the cache


def test_the_conference_totals_come_from_the_cache_until_a_record_changes(editor_client):
    ConferenceFactory.create_batch(2, participants_total=10, participants_foreign=2)
    editor_client.get(changelist_url(Conference))

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(changelist_url(Conference))
    ConferenceFactory(participants_total=5, participants_foreign=1)
    after = editor_client.get(changelist_url(Conference))

    assert not [q for q in queries if "SUM(" in q["sql"].upper()]
    assert response.context["totals"]["participants"] == 20
    assert after.context["totals"]["participants"] == 25


# Written without a template, the same HTML as the admin's


def test_the_row_checkbox_is_the_admins_own(editor_client):
    delegation = DelegationFactory(title="Đoàn <Kaposvár> & co")
    model_admin = admin.site._registry[Delegation]

    ours = model_admin.action_checkbox(delegation)
    django = admin.ModelAdmin.action_checkbox(model_admin, delegation)

    assert str(ours) == str(django)


def test_the_host_unit_filter_links_as_the_admins_own_filter(editor_client):
    first, second = LocalUnitFactory(name="Sở A & B"), LocalUnitFactory(name="Sở C")
    DelegationFactory(host_unit=first)
    DelegationFactory(host_unit=second)

    response = editor_client.get(changelist_url(Delegation), {"kind__exact": "business"})

    page = response.content.decode()
    assert f'href="?host_unit__id__exact={first.pk}&amp;kind__exact=business"' in page
    assert f'href="?host_unit__id__exact={second.pk}&amp;kind__exact=business"' in page
    assert "Sở A &amp; B" in page
    selected = editor_client.get(changelist_url(Delegation), {"host_unit__id__exact": first.pk})
    assert re.search(
        rf'<li class="selected"><a href="\?host_unit__id__exact={first.pk}"',
        selected.content.decode(),
    )
    assert [d.host_unit for d in selected.context["cl"].result_list] == [first]


def test_facets_are_never_offered(editor_client):
    DelegationFactory()

    response = editor_client.get(changelist_url(Delegation), {"_facets": "True"})

    assert response.status_code == 200
    assert not response.context["cl"].add_facets


# Inline local units


@pytest.mark.parametrize("rows", [1, 12])
def test_inline_local_units_are_autocomplete_inputs_read_in_one_query(
    editor_client, django_assert_max_num_queries, rows
):
    units = LocalUnitFactory.create_batch(3)
    relationship = RelationshipFactory()
    for index in range(rows):
        RelationshipActivityFactory(relationship=relationship, local_unit=units[index % 3])

    with django_assert_max_num_queries(12):
        response = editor_client.get(change_url(relationship))

    page = response.content.decode()
    select = re.search(
        r'<select name="activities-0-local_unit"[^>]*>(.*?)</select>', page, re.DOTALL
    )
    assert select and "admin-autocomplete" in page
    options = re.findall(r"<option[^>]*>", select.group(1))
    # The empty choice and the unit chosen: not every unit.
    assert len(options) == 2
    assert any("selected" in option for option in options)
    assert Relationship.objects.get(pk=relationship.pk).activities.count() == rows


def test_a_row_link_of_a_filtered_list_carries_the_filters_back(editor_client):
    delegation = DelegationFactory(kind=Delegation.Kind.PRESS)

    response = editor_client.get(changelist_url(Delegation), {"kind__exact": "press", "q": "Đoàn"})

    expected = "{}?_changelist_filters={}".format(
        change_url(delegation), "kind__exact%3Dpress%26q%3D%25C4%2590o%25C3%25A0n"
    )
    assert f'href="{expected}"' in response.content.decode()
    plain = editor_client.get(changelist_url(Delegation))
    assert f'href="{change_url(delegation)}"' in plain.content.decode()
