"""On PostgreSQL a query whose words are in many titles finds its newest hits by reading the
newest rows in date order (``Search._walk``) instead of sorting every match: the hits must
be exactly those the plain query gives, and a rare word must take the plain path."""

import datetime

import pytest
from django.db import connection

from delegations.models import Delegation
from search import engine
from search.engine import Search
from tests.factories import DelegationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL statistics"),
]


@pytest.fixture
def delegations(monkeypatch):
    monkeypatch.setattr(engine, "RANK_LIMIT", 8)
    monkeypatch.setattr(engine, "WALK_ROWS", 60)
    engine._statistics.clear()
    start = datetime.date(2020, 1, 1)
    for number in range(90):
        # Two of three are conferences ("hội nghị"); one of thirty names Okayama.
        title = "Đoàn dự hội nghị hợp tác" if number % 3 else "Đoàn khảo sát"
        if number % 30 == 0:
            title += " Okayama"
        DelegationFactory(
            public=True, title=title, start_date=start + datetime.timedelta(days=number * 7)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE delegations_delegation")
    yield
    engine._statistics.clear()


def newest_matching(query):
    """The newest matches, computed another way: every row, matched in Python."""
    words = engine.words(query)
    rows = Delegation.objects.public().order_by("-start_date", "-pk")
    return [
        d.pk
        for d in rows
        if set(words) <= set(engine.words(" ".join([d.title, d.title_en, d.head_name])))
    ][: engine.RANK_LIMIT]


def test_a_common_phrase_is_walked_and_finds_the_newest_matches(delegations):
    search = Search("hội nghị", public=True, kind="delegation")
    kind = search.kinds[0]
    assert search._common(kind)
    walked = search._walk(kind)
    assert walked == newest_matching("hội nghị")
    assert search._newest(kind, search._matching(kind)) == walked


def test_a_rare_word_takes_the_indexed_path(delegations):
    search = Search("okayama", public=True, kind="delegation")
    kind = search.kinds[0]
    assert not search._common(kind)
    found = search._newest(kind, search._matching(kind))
    assert found == newest_matching("okayama")
    assert len(found) == 3


def test_a_walk_that_finds_too_few_falls_back_to_every_match(delegations, monkeypatch):
    # Common words, but the newest rows read hold fewer hits than a page of ranking.
    monkeypatch.setattr(engine, "WALK_ROWS", 5)
    search = Search("hội nghị", public=True, kind="delegation")
    kind = search.kinds[0]
    assert search._common(kind)
    assert len(search._walk(kind)) < engine.RANK_LIMIT
    assert search._newest(kind, search._matching(kind)) == newest_matching("hội nghị")


def test_several_words_are_whole_words_one_word_also_a_beginning():
    assert Search("hợp tá", public=True)._tsquery() == "hop & ta"
    assert Search("okayam", public=True)._tsquery() == "okayam:*"
    assert Search("hoi", public=True)._tsquery() == "hoi"
