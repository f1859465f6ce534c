"""The public delegations pages: only public, non-cancelled records; filters; the CSV
download equals the filtered list; query budgets."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import Visibility
from delegations.models import Delegation
from tests.factories import (
    DelegationFactory,
    ForeignPartnerFactory,
    RelationshipFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "delegations:delegation_list"
CSV_URL = "delegations:delegation_csv"

# Filters (countries, years, sectors), the count, the page of rows, the partners.
# +1 on a cold cache: the sectors' ids are cached apart from the rows (core.listcache).
LIST_BUDGET = 7
# The delegation, its sectors, its public partners, the photo gallery.
DETAIL_BUDGET = 4
CSV_BUDGET = 5


def listed(response):
    return list(response.context["delegations"])


def csv_rows(response):
    """The data rows of a CSV download (the header dropped), read as a spreadsheet would."""
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1:]


def test_public_list_shows_title_head_flags_and_public_partners(anonymous_client):
    okayama = ForeignPartnerFactory(public=True, name="Okayama", name_vi="Thành phố Okayama")
    hidden = ForeignPartnerFactory(name="Undisclosed Trading Co.")
    delegation = DelegationFactory(
        public=True,
        title="Đoàn Okayama trao tặng thiết bị y tế",
        head_name="Ōmori Masao",
        head_title="Thị trưởng",
        countries=["JP"],
        partners=[okayama, hidden],
    )

    response = anonymous_client.get(reverse(LIST_URL))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Đoàn Okayama trao tặng thiết bị y tế" in html
    assert delegation.get_absolute_url() in html
    assert "Ōmori Masao, Thị trưởng" in html
    assert "flags/jp.gif" in html
    assert "Thành phố Okayama" in html
    assert "Undisclosed Trading Co." not in html


def test_public_list_never_shows_internal_or_cancelled_delegations(anonymous_client):
    shown = DelegationFactory(public=True, title="Đoàn đã công bố")
    DelegationFactory(title="Đoàn nội bộ")
    DelegationFactory(public=True, status=Delegation.Status.CANCELLED, title="Đoàn đã hủy")

    response = anonymous_client.get(reverse(LIST_URL))

    html = response.content.decode()
    assert listed(response) == [shown]
    assert "Đoàn nội bộ" not in html
    assert "Đoàn đã hủy" not in html


def test_list_is_newest_first(anonymous_client):
    old = DelegationFactory(public=True, start_date=datetime.date(2020, 2, 1))
    new = DelegationFactory(public=True, start_date=datetime.date(2025, 2, 1))

    assert listed(anonymous_client.get(reverse(LIST_URL))) == [new, old]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"direction": "outbound"}, {"outbound"}),
        ({"kind": "press"}, {"press"}),
        ({"country": "KR"}, {"press", "two-countries"}),
        ({"year": "2021"}, {"outbound"}),
        ({"q": "vien nghien cuu"}, {"two-countries"}),
        ({"q": "hanwha"}, {"business"}),
        ({"q": "Okayama Broadcasting"}, set()),
        ({"direction": "inbound", "country": "JP"}, {"business", "two-countries"}),
    ],
)
def test_filters_narrow_the_list(anonymous_client, params, expected):
    hanwha = ForeignPartnerFactory(public=True, name="Hanwha Group", country="KR")
    broadcaster = ForeignPartnerFactory(name="Okayama Broadcasting", country="JP")  # internal
    DelegationFactory(public=True, title_en="business", countries=["JP"], partners=[hanwha])
    DelegationFactory(
        public=True,
        title_en="press",
        kind=Delegation.Kind.PRESS,
        countries=["KR"],
        partners=[broadcaster],
    )
    DelegationFactory(
        public=True,
        title_en="outbound",
        direction=Delegation.Direction.OUTBOUND,
        countries=["LA"],
        start_date=datetime.date(2021, 11, 3),
    )
    DelegationFactory(
        public=True,
        title_en="two-countries",
        title="Viện nghiên cứu Hàn – Nhật",
        countries=["JP", "KR"],
    )

    with translation.override("en"):
        response = anonymous_client.get(reverse(LIST_URL), params)

    assert {d.title_en for d in listed(response)} == expected


def test_sector_filter_matches_own_sectors_and_the_partners_public_relationships(
    anonymous_client,
):
    health = SectorFactory(code="health")
    kaposvar = ForeignPartnerFactory(public=True, name="Kaposvár", country="HU")
    RelationshipFactory(public=True, partner=kaposvar, sectors=[health])
    secretive = ForeignPartnerFactory(public=True, name="Quiet City", country="HU")
    RelationshipFactory(partner=secretive, sectors=[health])  # relationship internal
    own = DelegationFactory(public=True, sectors=[health])
    via_partner = DelegationFactory(public=True, partners=[kaposvar])
    DelegationFactory(public=True, partners=[secretive])
    DelegationFactory(public=True)

    response = anonymous_client.get(reverse(LIST_URL), {"sector": "health"})

    assert set(listed(response)) == {own, via_partner}


def test_filter_choices_come_only_from_public_records(anonymous_client):
    DelegationFactory(public=True, countries=["HU"], start_date=datetime.date(2022, 1, 5))
    DelegationFactory(countries=["LA"], start_date=datetime.date(2019, 1, 5))
    DelegationFactory(
        public=True,
        status=Delegation.Status.CANCELLED,
        countries=["KH"],
        start_date=datetime.date(2018, 1, 5),
    )

    form = anonymous_client.get(reverse(LIST_URL)).context["filter"].form

    assert [code for code, _ in form.fields["country"].choices if code] == ["HU"]
    assert [year for year, _ in form.fields["year"].choices if year] == ["2022"]


def test_an_invalid_filter_value_shows_an_error_not_a_crash(anonymous_client):
    DelegationFactory(public=True)

    response = anonymous_client.get(reverse(LIST_URL), {"year": "1066"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["year"]


def test_csv_download_holds_exactly_the_filtered_rows_of_every_page(anonymous_client):
    for day in range(1, 31):
        DelegationFactory(public=True, countries=["KR"], start_date=datetime.date(2023, 1, day))
    DelegationFactory(public=True, countries=["JP"], start_date=datetime.date(2023, 2, 1))
    DelegationFactory(countries=["KR"], start_date=datetime.date(2023, 2, 2))  # internal

    params = {"country": "KR"}
    page_one = anonymous_client.get(reverse(LIST_URL), params)
    page_two = anonymous_client.get(reverse(LIST_URL), {**params, "page": 2})
    download = anonymous_client.get(reverse(CSV_URL), params)

    on_pages = listed(page_one) + listed(page_two)
    assert page_one.context["paginator"].count == len(on_pages) == 30
    rows = csv_rows(download)
    assert [row[-1].rsplit("/", 2)[-2] for row in rows] == [str(d.pk) for d in on_pages]
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in download["Content-Disposition"]


def test_list_links_the_csv_download_with_the_same_filters(anonymous_client):
    DelegationFactory(public=True, countries=["KR"])

    response = anonymous_client.get(reverse(LIST_URL), {"country": "KR", "page": "1"})

    assert f'href="{reverse(CSV_URL)}?country=KR"' in response.content.decode()


def test_csv_names_countries_and_only_public_partners_in_english_under_en(anonymous_client):
    hidden = ForeignPartnerFactory(name="Undisclosed Trading Co.")
    shown = ForeignPartnerFactory(public=True, name="Kaposvár", country="HU")
    DelegationFactory(public=True, countries=["HU", "DE"], partners=[hidden, shown])

    with translation.override("en"):
        response = anonymous_client.get(reverse(CSV_URL))
        text = b"".join(response.streaming_content).decode()

    header, row = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert header[0] == "Start date"
    assert row[8] == "Germany; Hungary"
    assert row[9] == "Kaposvár"
    assert row[2] == "Inbound (visiting the city)"


def test_csv_defuses_text_a_spreadsheet_would_run_as_a_formula(anonymous_client):
    DelegationFactory(public=True, title='=HYPERLINK("http://evil.example")')

    (row,) = csv_rows(anonymous_client.get(reverse(CSV_URL)))

    assert row[4] == '\'=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("rows", [3, 30])
def test_public_list_query_count_does_not_grow_with_rows(
    anonymous_client, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        DelegationFactory(
            public=True,
            countries=["JP", "KR"],
            partners=ForeignPartnerFactory.create_batch(2, public=True),
            sectors=[SectorFactory()],
        )

    with django_assert_max_num_queries(LIST_BUDGET):
        response = anonymous_client.get(reverse(LIST_URL))

    assert response.context["paginator"].count == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_csv_query_count_does_not_grow_with_rows(
    anonymous_client, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        DelegationFactory(public=True, partners=[ForeignPartnerFactory(public=True)])

    with django_assert_max_num_queries(CSV_BUDGET):
        assert len(csv_rows(anonymous_client.get(reverse(CSV_URL)))) == rows


def test_detail_shows_the_facts_and_never_members_notes_or_internal_partners(anonymous_client):
    hidden = ForeignPartnerFactory(name="Undisclosed Trading Co.")
    delegation = DelegationFactory(
        public=True,
        kind=Delegation.Kind.PRESS,
        media_outlets="NHK\nKyodo",
        purpose="Tìm hiểu về thành phố",
        notes="Ghi chú nội bộ không công bố",
        partners=[hidden],
        start_date=datetime.date(2024, 4, 2),
        end_date=datetime.date(2024, 4, 4),
        member_count=6,
    )
    delegation.members.create(name="Private Person")

    response = anonymous_client.get(delegation.get_absolute_url())

    html = response.content.decode()
    assert "NHK, Kyodo" in html
    assert "Tìm hiểu về thành phố" in html
    assert "3 ngày" in html
    assert "Ghi chú nội bộ" not in html
    assert "Private Person" not in html
    assert "Undisclosed Trading Co." not in html


@pytest.mark.parametrize(
    "make",
    [
        lambda: DelegationFactory(),
        lambda: DelegationFactory(public=True, status=Delegation.Status.CANCELLED),
    ],
    ids=["internal", "cancelled"],
)
def test_detail_of_a_delegation_the_public_may_not_see_is_404(anonymous_client, make):
    assert anonymous_client.get(make().get_absolute_url()).status_code == 404


def test_detail_is_404_for_internal_records_even_for_staff(editor_client):
    delegation = DelegationFactory(visibility=Visibility.INTERNAL)

    assert editor_client.get(delegation.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("partners", [1, 10])
def test_detail_query_count_does_not_grow_with_partners(
    anonymous_client, django_assert_max_num_queries, partners
):
    delegation = DelegationFactory(
        public=True,
        partners=ForeignPartnerFactory.create_batch(partners, public=True),
        sectors=SectorFactory.create_batch(2),
    )

    with django_assert_max_num_queries(DETAIL_BUDGET):
        assert anonymous_client.get(delegation.get_absolute_url()).status_code == 200


def test_detail_in_english_uses_the_english_title(anonymous_client):
    delegation = DelegationFactory(public=True, title="Đoàn Riverside", title_en="Riverside visit")

    with translation.override("en"):
        response = anonymous_client.get(delegation.get_absolute_url())

    assert "<h1>Riverside visit</h1>" in response.content.decode()


def test_public_navigation_links_the_delegations_list(anonymous_client):
    response = anonymous_client.get(reverse("core:home"))

    assert reverse(LIST_URL) in response.content.decode()
