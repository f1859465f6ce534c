"""The public conferences pages: only public conferences that took or will take place, never
an internal organiser; filters; the totals line; the CSV download equals the filtered list;
the detail page; query budgets. And the agreement page's link to its conference."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from conferences.models import Conference
from tests.agreements.test_public import DETAIL_BUDGET as AGREEMENT_DETAIL_BUDGET
from tests.factories import (
    AgreementActivityFactory,
    AgreementFactory,
    ConferenceFactory,
    ConferenceSessionFactory,
    DelegationFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    RecommendationFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "conferences:conference_list"
CSV_URL = "conferences:conference_csv"

# Filters (years, countries, sectors), the count with the totals, the page of rows, the
# sectors.
# +1 on a cold cache: the sectors' ids are cached apart from the rows (core.listcache).
LIST_BUDGET = 7
# Filters (years, countries), the rows, the sectors.
# +1 on a cold cache: the sectors' ids are cached apart from the rows (core.listcache).
CSV_BUDGET = 5
# The conference (with its organisers), sectors, co-organising units and partners,
# sessions, recommendations, agreements, the photo gallery.
DETAIL_BUDGET = 8

HIDDEN_PARTNER = "Undisclosed Sponsor Ltd."


def make_conference(**kwargs):
    """A conference whose permit decision is dated before ``start_date`` (the factory's
    fixed permit date would fall after the end of an earlier conference), with
    ``co_organiser_units`` and ``co_organiser_partners`` set when given."""
    units = kwargs.pop("co_organiser_units", None)
    partners = kwargs.pop("co_organiser_partners", None)
    start = kwargs.get("start_date")
    attended = kwargs.get("attended") or kwargs.get("role") == Conference.Role.ATTENDED
    if start is not None and not attended:
        kwargs.setdefault("permit_date", start - datetime.timedelta(days=20))
    conference = ConferenceFactory(**kwargs)
    if units:
        conference.co_organiser_units.set(units)
    if partners:
        conference.co_organiser_partners.set(partners)
    return conference


def listed(response):
    return list(response.context["conferences"])


def csv_text(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return text.removeprefix("\ufeff")


def csv_rows(response):
    """The data rows of a CSV download (the header dropped), read as a spreadsheet would."""
    return list(csv.reader(io.StringIO(csv_text(response))))[1:]


def detail_url(conference):
    return reverse("conferences:conference_detail", kwargs={"pk": conference.pk})


# The list


def test_public_list_shows_dates_name_edition_kind_role_format_place_and_participants(
    anonymous_client,
):
    conference = make_conference(
        public=True,
        name="Hội nghị hợp tác phân cấp Việt – Pháp",
        name_en="Vietnam–France Decentralised Cooperation Conference",
        edition=12,
        kind=Conference.Kind.CONFERENCE,
        format=Conference.Format.HYBRID,
        start_date=datetime.date(2024, 11, 20),
        end_date=datetime.date(2024, 11, 22),
        city="Cần Thơ",
        participants_total=1000,
        participants_foreign=120,
    )

    with translation.override("en"):
        response = anonymous_client.get(reverse(LIST_URL))

    html = response.content.decode()
    assert response.status_code == 200
    assert listed(response) == [conference]
    assert "Vietnam–France Decentralised Cooperation Conference" in html
    assert conference.get_absolute_url() in html
    assert "(edition 12)" in html
    assert '<span class="tag tag--kind">Conference</span>' in html
    assert "Hosted" in html
    assert "Hybrid" in html
    assert "Cần Thơ" in html and "flags/vn.gif" in html
    assert '<time datetime="2024-11-20">' in html and '<time datetime="2024-11-22">' in html
    assert "1,000" in html and "120 foreign" in html


def test_public_list_shows_an_attended_conference_abroad_with_its_countrys_flag(
    anonymous_client,
):
    make_conference(public=True, attended=True, city="Lyon", country="FR")

    with translation.override("en"):
        html = anonymous_client.get(reverse(LIST_URL)).content.decode()

    assert "Attended" in html
    assert "Lyon" in html and "flags/fr.gif" in html


def test_public_list_never_shows_internal_rejected_or_cancelled_conferences(anonymous_client):
    shown = make_conference(public=True, name="Hội thảo công khai")
    make_conference(name="Hội thảo nội bộ")
    make_conference(
        public=True,
        name="Hội thảo bị từ chối",
        permit_status=Conference.PermitStatus.REJECTED,
        permit_number="",
        permit_date=None,
    )
    make_conference(
        public=True, name="Hội thảo bị hủy", permit_status=Conference.PermitStatus.CANCELLED
    )

    response = anonymous_client.get(reverse(LIST_URL))

    html = response.content.decode()
    assert listed(response) == [shown]
    assert "nội bộ" not in html
    assert "từ chối" not in html
    assert "bị hủy" not in html


def test_list_is_newest_first(anonymous_client):
    old = make_conference(public=True, start_date=datetime.date(2020, 3, 1))
    new = make_conference(public=True, start_date=datetime.date(2025, 3, 1))
    middle = make_conference(public=True, start_date=datetime.date(2022, 3, 1))

    assert listed(anonymous_client.get(reverse(LIST_URL))) == [new, middle, old]


def test_an_internal_organiser_is_never_named_on_the_list_the_detail_or_the_csv(
    anonymous_client,
):
    hidden = ForeignPartnerFactory(name=HIDDEN_PARTNER, name_vi=HIDDEN_PARTNER)
    shown = ForeignPartnerFactory(public=True, name="Okayama", name_vi="Okayama")
    conference = make_conference(
        public=True,
        organiser_unit=None,
        organiser_partner=hidden,
        organiser_name="Bộ Ngoại giao",
        co_organiser_partners=[hidden, shown],
    )
    only_hidden = make_conference(public=True, organiser_unit=None, organiser_partner=hidden)

    list_html = anonymous_client.get(reverse(LIST_URL)).content.decode()
    detail_html = anonymous_client.get(detail_url(conference)).content.decode()
    only_hidden_html = anonymous_client.get(detail_url(only_hidden)).content.decode()
    text = csv_text(anonymous_client.get(reverse(CSV_URL)))
    searched = anonymous_client.get(reverse(LIST_URL), {"q": "undisclosed"})

    for page in [list_html, detail_html, only_hidden_html, text]:
        assert HIDDEN_PARTNER not in page
    assert "Bộ Ngoại giao" in detail_html
    assert "Okayama" in detail_html
    organiser_by_page = {row[-1]: row[7] for row in csv.reader(io.StringIO(text))}
    assert organiser_by_page[f"http://testserver{conference.get_absolute_url()}"] == "Bộ Ngoại giao"
    assert organiser_by_page[f"http://testserver{only_hidden.get_absolute_url()}"] == ""
    assert listed(searched) == []


# Filters


@pytest.fixture
def filter_records():
    """Five public conferences, one internal, for the filter tests (named by name_en)."""
    health = SectorFactory(code="health")
    trade = SectorFactory(code="trade")
    riverside = ForeignPartnerFactory(
        public=True, name="Riverside", name_vi="Thành phố Riverside", country="US"
    )
    secret = ForeignPartnerFactory(name="Quiet Holdings", country="SG")  # internal
    health_dept = LocalUnitFactory(name="Sở Y tế", name_en="Department of Health")
    make_conference(
        public=True,
        name_en="health-seminar",
        name="Hội thảo quốc tế về y tế cơ sở",
        kind=Conference.Kind.SEMINAR,
        organiser_unit=health_dept,
        venue="Khách sạn Mường Thanh",
        sectors=[health],
        start_date=datetime.date(2023, 6, 14),
    )
    make_conference(
        public=True,
        name_en="trade-forum",
        name="Diễn đàn thương mại Mekong",
        kind=Conference.Kind.FORUM,
        format=Conference.Format.ONLINE,
        organiser_partner=secret,
        co_organiser_partners=[riverside],
        sectors=[trade],
        start_date=datetime.date(2024, 3, 5),
    )
    make_conference(
        public=True,
        attended=True,
        name_en="diplomatic-conference",
        name="Hội nghị Ngoại giao lần thứ 31",
        kind=Conference.Kind.CONFERENCE,
        organiser_unit=None,
        organiser_name="Bộ Ngoại giao",
        start_date=datetime.date(2024, 12, 19),
    )
    make_conference(
        public=True,
        attended=True,
        name_en="lyon-forum",
        name="Diễn đàn hợp tác phân cấp",
        kind=Conference.Kind.FORUM,
        format=Conference.Format.HYBRID,
        city="Lyon",
        country="FR",
        co_organiser_units=[health_dept],
        start_date=datetime.date(2022, 10, 1),
    )
    make_conference(
        public=True,
        name_en="exhibition",
        name="Triển lãm ảnh",
        kind=Conference.Kind.EXHIBITION,
        permit_status=Conference.PermitStatus.HELD,
        start_date=datetime.date(2023, 9, 1),
    )
    make_conference(name_en="internal", sectors=[health], start_date=datetime.date(2021, 1, 1))


@pytest.mark.usefixtures("filter_records")
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": "hosted"}, {"health-seminar", "trade-forum", "exhibition"}),
        ({"role": "attended"}, {"diplomatic-conference", "lyon-forum"}),
        ({"kind": "forum"}, {"trade-forum", "lyon-forum"}),
        ({"kind": "workshop"}, set()),
        ({"format": "online"}, {"trade-forum"}),
        ({"format": "hybrid"}, {"lyon-forum"}),
        ({"year": "2024"}, {"trade-forum", "diplomatic-conference"}),
        ({"sector": "health"}, {"health-seminar"}),
        ({"country": "FR"}, {"lyon-forum"}),
        # The 31st Diplomatic Conference took place in Hanoi.
        (
            {"country": "VN"},
            {"health-seminar", "trade-forum", "diplomatic-conference", "exhibition"},
        ),
        ({"q": "y te co so"}, {"health-seminar"}),
        ({"q": "muong thanh"}, {"health-seminar"}),
        ({"q": "LYON"}, {"lyon-forum"}),
        ({"q": "bo ngoai giao"}, {"diplomatic-conference"}),
        ({"q": "department of health"}, {"health-seminar", "lyon-forum"}),
        ({"q": "riverside"}, {"trade-forum"}),
        ({"q": "Quiet Holdings"}, set()),
        ({"role": "attended", "kind": "forum"}, {"lyon-forum"}),
    ],
)
def test_filters_narrow_the_list(anonymous_client, params, expected):
    with translation.override("en"):
        response = anonymous_client.get(reverse(LIST_URL), params)

    assert response.status_code == 200
    assert {conference.name_en for conference in listed(response)} == expected


def test_filter_choices_come_only_from_public_records(anonymous_client):
    visible = SectorFactory(code="visible", name="Lĩnh vực công khai")
    secret_sector = SectorFactory(code="secret", name="Lĩnh vực nội bộ")
    SectorFactory(code="unused")
    make_conference(
        public=True, start_date=datetime.date(2022, 1, 5), country="VN", sectors=[visible]
    )
    make_conference(start_date=datetime.date(2019, 1, 5), country="KR", sectors=[secret_sector])
    make_conference(
        public=True,
        start_date=datetime.date(2018, 1, 5),
        country="LA",
        sectors=[secret_sector],
        permit_status=Conference.PermitStatus.CANCELLED,
    )

    response = anonymous_client.get(reverse(LIST_URL))

    form = response.context["filter"].form
    assert [code for code, _ in form.fields["country"].choices if code] == ["VN"]
    assert [year for year, _ in form.fields["year"].choices if year] == ["2022"]
    assert [sector.code for sector in form.fields["sector"].queryset] == ["visible"]
    assert "Lĩnh vực nội bộ" not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"year": "1066"}, {"role": "visiting"}, {"country": "KR"}, {"sector": "nothing"}],
)
def test_an_invalid_filter_value_shows_an_error_not_a_crash(anonymous_client, params):
    make_conference(public=True)

    response = anonymous_client.get(reverse(LIST_URL), params)

    assert response.status_code == 200
    (field,) = params
    assert response.context["filter"].form.errors[field]
    assert 'class="field-error"' in response.content.decode()


# Totals


def test_totals_line_sums_only_the_filtered_rows_and_ignores_unknown_numbers(
    anonymous_client,
):
    counted = [
        make_conference(public=True, participants_total=1000, participants_foreign=120),
        make_conference(public=True, participants_total=250, participants_foreign=None),
        make_conference(public=True, participants_total=None, participants_foreign=None),
        make_conference(public=True, participants_total=80, participants_foreign=80),
    ]
    # Not in the filtered rows: another year, internal, cancelled.
    make_conference(
        public=True,
        start_date=datetime.date(2020, 5, 1),
        participants_total=5000,
        participants_foreign=900,
    )
    make_conference(participants_total=7000, participants_foreign=700)
    make_conference(
        public=True,
        permit_status=Conference.PermitStatus.CANCELLED,
        participants_total=300,
        participants_foreign=30,
    )

    with translation.override("en"):
        response = anonymous_client.get(reverse(LIST_URL), {"year": "2023"})

    html = response.content.decode()
    totals = response.context["totals"]
    # An independent recount of the rows, one by one.
    assert totals["count"] == len(counted) == 4
    assert totals["participants"] == sum(c.participants_total or 0 for c in counted) == 1330
    assert totals["foreign"] == sum(c.participants_foreign or 0 for c in counted) == 200
    assert "4 conferences, 1,330 participants, of whom 200 foreign" in html
    assert "The number of participants is not known for 1 conference" in html
    assert "The number of foreign participants is not known for 2 conferences" in html


def test_totals_line_has_no_note_when_every_number_is_known(anonymous_client):
    make_conference(public=True, participants_total=40, participants_foreign=3)

    with translation.override("en"):
        html = anonymous_client.get(reverse(LIST_URL)).content.decode()

    assert "1 conference, 40 participants, of whom 3 foreign" in html
    assert "not known" not in html


def test_totals_line_counts_every_page(anonymous_client):
    for _ in range(30):
        make_conference(public=True, participants_total=10, participants_foreign=1)

    with translation.override("en"):
        response = anonymous_client.get(reverse(LIST_URL), {"page": 2})

    assert len(listed(response)) == 5
    assert "30 conferences, 300 participants, of whom 30 foreign" in response.content.decode()


def test_totals_line_of_an_empty_list(anonymous_client):
    with translation.override("en"):
        html = anonymous_client.get(reverse(LIST_URL)).content.decode()

    assert "0 conferences" in html
    assert "No conference matches these filters." in html


# CSV


def test_csv_download_holds_exactly_the_filtered_rows_of_every_page(anonymous_client):
    for day in range(1, 31):
        make_conference(
            public=True, kind=Conference.Kind.FORUM, start_date=datetime.date(2023, 1, day)
        )
    make_conference(public=True, start_date=datetime.date(2023, 2, 1))  # a seminar
    make_conference(kind=Conference.Kind.FORUM, start_date=datetime.date(2023, 2, 2))  # internal

    params = {"kind": "forum"}
    page_one = anonymous_client.get(reverse(LIST_URL), params)
    page_two = anonymous_client.get(reverse(LIST_URL), {**params, "page": 2})
    download = anonymous_client.get(reverse(CSV_URL), params)

    on_pages = listed(page_one) + listed(page_two)
    assert page_one.context["paginator"].count == len(on_pages) == 30
    rows = csv_rows(download)
    assert [row[-1].rsplit("/", 2)[-2] for row in rows] == [str(c.pk) for c in on_pages]
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in download["Content-Disposition"]


def test_list_links_the_csv_download_with_the_same_filters(anonymous_client):
    make_conference(public=True)

    response = anonymous_client.get(reverse(LIST_URL), {"role": "hosted", "page": "1"})

    assert f'href="{reverse(CSV_URL)}?role=hosted"' in response.content.decode()


def test_csv_columns_in_english_under_en(anonymous_client):
    hosted = make_conference(
        public=True,
        name_en="Vietnam–France Decentralised Cooperation Conference",
        edition=12,
        kind=Conference.Kind.CONFERENCE,
        format=Conference.Format.HYBRID,
        organiser_unit=LocalUnitFactory(name_en="People's Committee"),
        organiser_partner=ForeignPartnerFactory(public=True, name="Cités Unies France"),
        venue="Trung tâm Hội nghị",
        start_date=datetime.date(2024, 11, 20),
        end_date=datetime.date(2024, 11, 22),
        participants_total=1000,
        participants_foreign=120,
        countries_count=2,
        localities_count=62,
        permit_status=Conference.PermitStatus.HELD,
    )
    make_conference(
        public=True,
        attended=True,
        name_en="31st Diplomatic Conference",
        organiser_unit=None,
        organiser_name="Ministry of Foreign Affairs",
        start_date=datetime.date(2024, 12, 19),
    )

    with translation.override("en"):
        text = csv_text(anonymous_client.get(reverse(CSV_URL)))
        page = "http://testserver" + hosted.get_absolute_url()

    header, attended, hosted_row = list(csv.reader(io.StringIO(text)))
    assert header[:4] == ["Start date", "End date", "Name", "Edition"]
    assert header[-2:] == ["Permit status", "Page"]
    assert hosted_row == [
        "2024-11-20",
        "2024-11-22",
        "Vietnam–France Decentralised Cooperation Conference",
        "12",
        "Conference",
        "Hosted in the city",
        "Hybrid",
        "People's Committee; Cités Unies France",
        "Trung tâm Hội nghị",
        "Cần Thơ",
        "Vietnam",
        "1000",
        "120",
        "2",
        "62",
        "Held",
        page,
    ]
    assert attended[:8] == [
        "2024-12-19",
        "2024-12-19",
        "31st Diplomatic Conference",
        "",
        "Seminar",
        "Attended by the city elsewhere",
        "In person",
        "Ministry of Foreign Affairs",
    ]
    assert attended[11:16] == ["", "", "", "", ""]


def test_csv_defuses_text_a_spreadsheet_would_run_as_a_formula(anonymous_client):
    make_conference(public=True, name='=HYPERLINK("http://evil.example")')

    (row,) = csv_rows(anonymous_client.get(reverse(CSV_URL)))

    assert row[2] == '\'=HYPERLINK("http://evil.example")'


# Detail


def test_detail_shows_facts_sessions_recommendations_and_public_agreements_never_notes(
    anonymous_client,
):
    hidden = ForeignPartnerFactory(name=HIDDEN_PARTNER)
    conference = make_conference(
        public=True,
        name_en="Vietnam–France Decentralised Cooperation Conference",
        edition=12,
        kind=Conference.Kind.CONFERENCE,
        format=Conference.Format.HYBRID,
        organiser_unit=LocalUnitFactory(name_en="People's Committee"),
        co_organiser_units=[LocalUnitFactory(name_en="Department of Foreign Affairs")],
        co_organiser_partners=[
            ForeignPartnerFactory(public=True, name="Cités Unies France", country="FR"),
            hidden,
        ],
        venue="Trung tâm Hội nghị thành phố",
        start_date=datetime.date(2024, 11, 20),
        end_date=datetime.date(2024, 11, 22),
        participants_total=1000,
        participants_foreign=120,
        countries_count=2,
        localities_count=62,
        awards_organisations=12,
        awards_individuals=1,
        permit_status=Conference.PermitStatus.HELD,
        permit_number="1234/QĐ-UBND",
        permit_date=datetime.date(2024, 10, 1),
        permit_authority="UBND thành phố Cần Thơ",
        sectors=[SectorFactory(name_en="Climate change")],
        summary_en="A plenary and four symposiums.",
        notes="MARKER-NOTES never public",
    )
    ConferenceSessionFactory(conference=conference, kind="symposium", title_en="Climate and water")
    ConferenceSessionFactory(conference=conference, kind="plenary", title_en="Opening plenary")
    ConferenceSessionFactory(conference=conference, kind="side_event", title_en="Food fair")
    RecommendationFactory(
        conference=conference,
        text_en="Simplify visas for French partners",
        addressed_to="Ministry of Foreign Affairs",
    )
    signed = AgreementFactory(public=True, conference=conference, title_en="Water MOU")
    AgreementFactory(conference=conference, title_en="MARKER-INTERNAL-AGREEMENT")

    with translation.override("en"):
        response = anonymous_client.get(detail_url(conference))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Vietnam–France Decentralised Cooperation Conference</h1>" in html
    assert "<dd>12</dd>" in html
    assert "Hybrid" in html
    assert "Trung tâm Hội nghị thành phố" in html and "flags/vn.gif" in html
    assert "People&#x27;s Committee" in html
    assert "Department of Foreign Affairs" in html
    assert "Cités Unies France" in html and "flags/fr.gif" in html
    # A public co-organising partner links to its page (search app).
    assert re.search(
        r'Department of Foreign Affairs<br><a href="/en/partners/\d+/">Cités Unies France</a>',
        html,
    )
    assert "1,000" in html and "of which 120 foreign" in html
    assert "<dd>62</dd>" in html
    assert "12 organisations" in html and "1 individual" in html
    assert '<span class="status status--held">Held</span>' in html
    assert "Decision 1234/QĐ-UBND of" in html and "UBND thành phố Cần Thơ" in html
    assert "Climate change" in html
    assert "A plenary and four symposiums." in html
    # Sessions grouped by kind, the plenary first.
    plenary = html.index("Plenary sessions")
    assert plenary < html.index("Opening plenary") < html.index("Symposiums")
    assert html.index("Symposiums") < html.index("Climate and water") < html.index("Side events")
    assert html.index("Side events") < html.index("Food fair")
    assert "Simplify visas for French partners" in html
    assert "To: Ministry of Foreign Affairs" in html
    assert signed.get_absolute_url() in html and "Water MOU" in html
    assert "MARKER-INTERNAL-AGREEMENT" not in html
    assert "MARKER-NOTES" not in html
    assert HIDDEN_PARTNER not in html


def test_detail_of_an_attended_conference_shows_no_permit(anonymous_client):
    conference = make_conference(public=True, attended=True)

    with translation.override("en"):
        html = anonymous_client.get(detail_url(conference)).content.decode()

    assert "Permit" not in html
    assert "No programme or outcome of this conference has been published yet." in html


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_conference(),
        lambda: make_conference(
            public=True,
            permit_status=Conference.PermitStatus.REJECTED,
            permit_number="",
            permit_date=None,
        ),
        lambda: make_conference(public=True, permit_status=Conference.PermitStatus.CANCELLED),
    ],
    ids=["internal", "rejected", "cancelled"],
)
def test_detail_of_a_conference_the_public_may_not_see_is_404_even_for_staff(
    anonymous_client, editor_client, make
):
    conference = make()

    assert anonymous_client.get(detail_url(conference)).status_code == 404
    assert editor_client.get(detail_url(conference)).status_code == 404


def test_detail_in_english_uses_the_english_name(anonymous_client):
    conference = make_conference(
        public=True, name="Hội nghị Ngoại giao", name_en="Diplomatic Conference"
    )

    with translation.override("en"):
        html = anonymous_client.get(detail_url(conference)).content.decode()
    vietnamese = anonymous_client.get(detail_url(conference)).content.decode()

    assert "<h1>Diplomatic Conference</h1>" in html
    assert "<h1>Hội nghị Ngoại giao</h1>" in vietnamese


# The agreement's link to its conference


def test_agreement_detail_links_its_public_conference_and_not_an_internal_one(
    anonymous_client,
):
    public = make_conference(public=True, name_en="MARKER-PUBLIC conference")
    internal = make_conference(name_en="MARKER-INTERNAL conference")
    cancelled = make_conference(
        public=True,
        name_en="MARKER-CANCELLED conference",
        permit_status=Conference.PermitStatus.CANCELLED,
    )
    linked = AgreementFactory(public=True, conference=public)
    hidden = [
        AgreementFactory(public=True, conference=internal),
        AgreementFactory(public=True, conference=cancelled),
    ]

    with translation.override("en"):
        html = anonymous_client.get(linked.get_absolute_url()).content.decode()
        conference_url = public.get_absolute_url()
        conference_list_url = reverse("conferences:conference_list")
        hidden_html = [
            anonymous_client.get(agreement.get_absolute_url()).content.decode()
            for agreement in hidden
        ]

    assert "Signed at the conference" in html
    assert f'href="{conference_url}"' in html
    assert "MARKER-PUBLIC conference" in html
    for page in hidden_html:
        assert "Signed at the conference" not in page
        assert "/conferences/" not in page.replace(conference_list_url, "")
    assert "MARKER-INTERNAL" not in hidden_html[0]
    assert "MARKER-CANCELLED" not in hidden_html[1]


@pytest.mark.parametrize("size", [1, 12])
def test_agreement_detail_query_count_with_a_conference(
    anonymous_client, django_assert_max_num_queries, size
):
    # Every link the page may show, as in the agreements' own budget test, and the
    # conference.
    agreement = AgreementFactory(
        public=True,
        conference=make_conference(public=True),
        delegation=DelegationFactory(public=True),
        parent=AgreementFactory(public=True),
        signatory_unit=LocalUnitFactory(),
        parties=ForeignPartnerFactory.create_batch(size, public=True),
        sectors=SectorFactory.create_batch(size),
    )
    AgreementFactory.create_batch(size, public=True, parent=agreement)
    AgreementActivityFactory.create_batch(size, agreement=agreement, public=True)

    with django_assert_max_num_queries(AGREEMENT_DETAIL_BUDGET):
        response = anonymous_client.get(agreement.get_absolute_url())

    assert response.context["agreement"].public_conference is not None


# Query budgets


def make_full_conference(size, **kwargs):
    """A public conference with ``size`` of everything a page shows."""
    kwargs.setdefault("sectors", SectorFactory.create_batch(size))
    conference = make_conference(
        public=True,
        organiser_partner=ForeignPartnerFactory(public=True),
        co_organiser_units=LocalUnitFactory.create_batch(size),
        co_organiser_partners=ForeignPartnerFactory.create_batch(size, public=True),
        participants_total=100,
        participants_foreign=10,
        **kwargs,
    )
    ConferenceSessionFactory.create_batch(size, conference=conference)
    RecommendationFactory.create_batch(size, conference=conference)
    AgreementFactory.create_batch(size, public=True, conference=conference)
    return conference


@pytest.mark.parametrize("rows", [3, 30])
def test_public_list_query_count_does_not_grow_with_rows(
    anonymous_client, django_assert_max_num_queries, rows
):
    for index in range(rows):
        make_full_conference(
            2,
            start_date=datetime.date(2010 + index % 15, 3, 1),
            country=["VN", "FR", "JP"][index % 3],
        )

    with django_assert_max_num_queries(LIST_BUDGET):
        response = anonymous_client.get(reverse(LIST_URL))

    assert response.context["paginator"].count == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_public_list_query_count_with_filters_does_not_grow_with_rows(
    anonymous_client, django_assert_max_num_queries, rows
):
    sector = SectorFactory(code="health")
    for _ in range(rows):
        make_full_conference(1, sectors=[sector])

    # The sector filter looks its value up once more.
    with django_assert_max_num_queries(LIST_BUDGET + 1):
        response = anonymous_client.get(
            reverse(LIST_URL), {"sector": "health", "q": "hoi thao", "role": "hosted"}
        )

    assert response.context["paginator"].count == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_csv_query_count_does_not_grow_with_rows(
    anonymous_client, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        make_full_conference(2)

    with django_assert_max_num_queries(CSV_BUDGET):
        assert len(csv_rows(anonymous_client.get(reverse(CSV_URL)))) == rows


@pytest.mark.parametrize("size", [1, 12])
def test_detail_query_count_does_not_grow_with_sessions_recommendations_and_agreements(
    anonymous_client, django_assert_max_num_queries, size
):
    conference = make_full_conference(size, permit_requested_by=LocalUnitFactory())

    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = anonymous_client.get(detail_url(conference))

    assert response.status_code == 200
    assert len(response.context["conference"].public_agreements) == size


def test_a_recommendation_made_by_another_city_says_so(anonymous_client):
    from tests.factories import ConferenceFactory, RecommendationFactory

    conference = ConferenceFactory(public=True, attended=True)
    RecommendationFactory(conference=conference, text="Kiến nghị A", made_by="TP. Hồ Chí Minh")
    RecommendationFactory(conference=conference, text="Kiến nghị B")

    with translation.override("en"):
        html = anonymous_client.get(conference.get_absolute_url()).content.decode()

    assert "By TP. Hồ Chí Minh" in html
    assert "By Can Tho" in html
