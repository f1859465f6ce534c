"""On PostgreSQL the search's queries use the indexes of search/migrations: their
expressions are written exactly as the indexes are. (The planner may prefer a sequential
scan on a small table, so the test forbids it to see whether the index *can* be used.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegations.models import Delegation
from partners.involvement import delegations_of
from search.engine import KINDS, Search

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes"),
]


@pytest.fixture
def no_seqscan():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_seqscan")


def plans(sqls):
    found = []
    with connection.cursor() as cursor:
        for sql in sqls:
            cursor.execute("EXPLAIN " + sql)
            found.append("\n".join(row[0] for row in cursor.fetchall()))
    return found


@pytest.mark.parametrize("kind", [kind.key for kind in KINDS])
def test_the_full_text_search_uses_its_index(no_seqscan, kind):
    search = Search("can tho", public=False, kind=kind)
    plan = search._matching(search.kinds[0]).explain()
    assert f"search_{kind}_vector_idx" in plan, plan


def test_the_partner_queries_use_their_indexes(no_seqscan):
    # Nor a walk of the primary key (on an empty table, as good as any plan): bitmap scans
    # of the three indexes remain.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_indexscan = off")
    search = Search("okyama", public=False, kind="partner")
    with CaptureQueriesContext(connection) as queries:
        search.counts()
    explained = "\n".join(plans(query["sql"] for query in queries.captured_queries))
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_indexscan")
    for index in (
        "search_partner_vector_idx",
        "search_partner_trgm_idx",
        "search_partner_name_idx",
    ):
        assert index in explained, index


def test_a_country_of_delegations_uses_its_index(no_seqscan):
    # Unordered: on a near-empty table the planner may otherwise walk the date index.
    plan = delegations_of(Delegation.objects.all(), country="JP").order_by().explain()
    assert "search_delegation_countries_idx" in plan, plan
