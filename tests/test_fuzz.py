"""Bad input anywhere gets a clear answer, never a 500: every public list and its CSV
download, fed arbitrary query strings (hypothesis) — unknown filter values, malformed
dates and page numbers, huge values, characters from anywhere, bytes that are not UTF-8."""

import string
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    AgreementFactory,
    AidProjectFactory,
    ConferenceFactory,
    DelegationFactory,
    RelationshipFactory,
)

LISTS = {
    "/twin-cities/": ["q", "level", "status", "country", "sector", "page"],
    "/delegations/": ["q", "direction", "kind", "country", "year", "sector", "page"],
    "/delegations/export.csv": ["q", "direction", "kind", "country", "year", "sector"],
    "/agreements/": ["q", "kind", "signing_level", "status", "country", "year", "sector", "page"],
    "/agreements/export.csv": ["q", "kind", "status", "country", "year", "sector"],
    "/conferences/": ["q", "role", "kind", "format", "year", "sector", "country", "page"],
    "/conferences/export.csv": ["q", "role", "kind", "format", "year", "country"],
    "/aid/": ["q", "direction", "modality", "status", "country", "sector", "year", "page"],
    "/aid/export.csv": ["q", "direction", "modality", "status", "country", "year"],
}

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "0", "-1", "1e9", "99999999999999999999", "2025-13-45", "NaN", "∞"]),
    st.text(alphabet=string.printable, min_size=2000, max_size=5000),  # a huge value
    st.integers().map(str),
)


@pytest.fixture
def some_records(db):
    RelationshipFactory(public=True)
    DelegationFactory(public=True)
    AgreementFactory(public=True)
    ConferenceFactory(public=True)
    AidProjectFactory(public=True)


def query_string(params):
    return "&".join(f"{quote(key)}={quote(value)}" for key, value in params)


@pytest.mark.parametrize("path", sorted(LISTS))
def test_any_query_string_gets_an_answer_not_a_server_error(client, some_records, path):
    names = st.sampled_from([*LISTS[path], "o", "format", "lang", "ø"])

    @FUZZ
    @given(params=st.lists(st.tuples(names, values), max_size=5))
    def check(params):
        response = client.get(f"{path}?{query_string(params)}")
        assert response.status_code < 500, params

    check()


@pytest.mark.parametrize("path", sorted(LISTS))
@pytest.mark.parametrize(
    "raw",
    [
        "q=%FF%FE%FD",  # not UTF-8
        "q=%C3%28",  # a broken two-byte sequence
        "page=%00",
        "year=20%2025",
        "country=%E2%80%AE",
        "q=" + "%41" * 20000,  # a very long query string
    ],
)
def test_malformed_bytes_get_an_answer_not_a_server_error(client, some_records, path, raw):
    assert client.get(f"{path}?{raw}").status_code < 500


@pytest.mark.parametrize("path", ["/delegations/", "/agreements/", "/conferences/", "/aid/"])
@pytest.mark.parametrize("page", ["0", "-3", "abc", "999999", "1.5"])
def test_an_impossible_page_number_is_not_a_server_error(client, some_records, path, page):
    response = client.get(path, {"page": page})

    assert response.status_code in (200, 404)
