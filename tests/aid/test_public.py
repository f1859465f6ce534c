"""The public aid pages: only public, not cancelled projects and public partners; filters;
the totals of every filtered row in VND and USD, checked against sums worked out by hand,
with any missing rate named; the CSV equals the filtered list with the same conversions;
the detail page with its disbursements; money formats; query budgets."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from aid.models import AidProject
from core.models import LocalUnit
from tests.factories import (
    AgreementFactory,
    AidProjectFactory,
    DisbursementFactory,
    ExchangeRateFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "aid:aidproject_list"
CSV_URL = "aid:aidproject_csv"

# Filters (countries, years, sectors), the count, the page of rows, their sectors, the
# totals of every filtered row (summed by the database; with rows lacking a rate, as
# here, the rates they lack and those rows), the rates.
# +1 on a cold cache: the sectors' ids are cached apart from the rows (core.listcache).
LIST_BUDGET = 11
# Filters (countries, years), the rows, their sectors, their disbursements, the rates.
# +1 on a cold cache: the sectors' ids are cached apart from the rows (core.listcache).
CSV_BUDGET = 7
# The project (with partner and units), sectors, agreement, disbursements, rates, the
# photo gallery.
DETAIL_BUDGET = 6

# CSV columns, by name.
COLUMNS = {
    name: index
    for index, name in enumerate(
        [
            "committed_on",
            "title",
            "direction",
            "modality",
            "partner",
            "country",
            "sectors",
            "unit",
            "district",
            "amount",
            "currency",
            "vnd",
            "usd",
            "missing",
            "rate",
            "rate_from",
            "usd_rate",
            "usd_rate_from",
            "disbursed_vnd",
            "status",
            "start",
            "end",
            "page",
        ]
    )
}

D = datetime.date


def listed(response):
    return list(response.context["projects"])


def csv_rows(response):
    """The rows of a CSV download (header first), read as a spreadsheet would."""
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def cell(row, name):
    return row[COLUMNS[name]]


def detail_url(project):
    return reverse("aid:aidproject_detail", kwargs={"pk": project.pk})


def rate(currency, valid_from, rate_to_vnd):
    return ExchangeRateFactory(currency=currency, valid_from=valid_from, rate_to_vnd=rate_to_vnd)


@pytest.fixture
def rates():
    """USD and EUR, each changing on 1 January 2022."""
    rate("USD", D(2021, 1, 1), "23000")
    rate("USD", D(2022, 1, 1), "24000")
    rate("EUR", D(2021, 1, 1), "27000")
    rate("EUR", D(2022, 1, 1), "26000")


def project(amount, currency, day, **kwargs):
    kwargs.setdefault("public", True)
    return AidProjectFactory(
        commitment_amount=amount, currency=currency, committed_on=day, **kwargs
    )


# --- What the list shows ----------------------------------------------------------------


def test_list_shows_public_projects_only_never_internal_or_cancelled(anonymous_client, rates):
    shown = project("75000", "USD", D(2021, 9, 14), title="Thiết bị y tế công bố")
    project("1000", "USD", D(2021, 9, 14), public=False, title="Dự án nội bộ")
    project(
        "1000",
        "USD",
        D(2021, 9, 14),
        title="Dự án đã hủy",
        status=AidProject.Status.CANCELLED,
    )

    response = anonymous_client.get(reverse(LIST_URL))

    html = response.content.decode()
    assert listed(response) == [shown]
    assert "Thiết bị y tế công bố" in html
    assert "Dự án nội bộ" not in html
    assert "Dự án đã hủy" not in html
    assert response.context["totals"].rows == 1


def test_list_is_newest_commitment_first(anonymous_client, rates):
    old = project("1", "USD", D(2021, 3, 1))
    new = project("1", "USD", D(2023, 3, 1))
    middle = project("1", "USD", D(2022, 3, 1))

    assert listed(anonymous_client.get(reverse(LIST_URL))) == [new, middle, old]


def test_list_names_a_public_partner_and_only_the_country_of_an_internal_one(
    anonymous_client, rates
):
    okayama = ForeignPartnerFactory(public=True, name="Okayama", name_vi="Thành phố Okayama")
    hidden = ForeignPartnerFactory(
        name="Undisclosed Donor Ltd", name_vi="Nhà tài trợ kín", country="SG"
    )
    project("75000", "USD", D(2021, 9, 14), partner=okayama, country="JP")
    project("1000", "USD", D(2021, 9, 15), partner=hidden, country="SG")

    with translation.override("en"):
        html = anonymous_client.get(reverse(LIST_URL)).content.decode()

    assert "Okayama" in html
    assert "flags/jp.gif" in html
    assert "flags/sg.gif" in html and "Singapore" in html
    assert "Undisclosed Donor Ltd" not in html
    assert "Nhà tài trợ kín" not in html


def test_list_row_shows_the_commitment_in_its_currency_in_vnd_and_in_usd(anonymous_client, rates):
    project("10000", "EUR", D(2021, 12, 31), modality=AidProject.Modality.NGO_PROJECT)

    with translation.override("en"):
        html = anonymous_client.get(reverse(LIST_URL)).content.decode()

    assert "EUR 10,000" in html
    assert "VND 270,000,000" in html
    # 270,000,000 / 23,000 = 11,739.1304…
    assert "USD 11,739.13" in html
    assert '<span class="tag tag--kind">Foreign NGO project</span>' in html
    assert '<span class="status status--completed">Completed</span>' in html


# --- Filters ----------------------------------------------------------------------------


@pytest.fixture
def filter_records(rates):
    """Five public projects, one internal and one cancelled (named by title_en)."""
    health = SectorFactory(code="health")
    climate = SectorFactory(code="climate")
    kaposvar = ForeignPartnerFactory(public=True, name="Kaposvár", country="HU")
    secret = ForeignPartnerFactory(name="Quiet Holdings", country="SG")
    project(
        "75000",
        "USD",
        D(2021, 9, 14),
        title_en="medical-equipment",
        title="Trang thiết bị y tế cho bệnh viện",
        modality=AidProject.Modality.IN_KIND,
        country="US",
        sectors=[health],
        status=AidProject.Status.COMPLETED,
    )
    project(
        "2000000000",
        "VND",
        D(2022, 5, 1),
        title_en="aid-to-laos",
        direction=AidProject.Direction.GIVEN,
        modality=AidProject.Modality.EMERGENCY,
        country="LA",
        beneficiaries="Người dân vùng lũ",
        status=AidProject.Status.COMPLETED,
    )
    project(
        "5000000",
        "EUR",
        D(2022, 7, 1),
        title_en="climate-oda",
        modality=AidProject.Modality.ODA_LOAN,
        country="HU",
        partner=kaposvar,
        sectors=[climate],
        status=AidProject.Status.ONGOING,
    )
    project(
        "30000",
        "EUR",
        D(2023, 2, 1),
        title_en="ngo-school",
        modality=AidProject.Modality.NGO_PROJECT,
        country="SG",
        partner=secret,
        status=AidProject.Status.PIPELINE,
    )
    project(
        "1000",
        "USD",
        D(2023, 8, 1),
        title_en="suspended-grant",
        modality=AidProject.Modality.ODA_GRANT,
        country="HU",
        sectors=[health],
        status=AidProject.Status.SUSPENDED,
    )
    project("1", "USD", D(2023, 8, 1), public=False, title_en="internal", sectors=[health])
    project("1", "USD", D(2023, 8, 1), title_en="cancelled", status=AidProject.Status.CANCELLED)


@pytest.mark.usefixtures("filter_records")
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"direction": "given"}, {"aid-to-laos"}),
        (
            {"direction": "received"},
            {"medical-equipment", "climate-oda", "ngo-school", "suspended-grant"},
        ),
        ({"modality": "oda_loan"}, {"climate-oda"}),
        ({"modality": "in_kind"}, {"medical-equipment"}),
        ({"status": "completed"}, {"medical-equipment", "aid-to-laos"}),
        ({"status": "suspended"}, {"suspended-grant"}),
        ({"country": "HU"}, {"climate-oda", "suspended-grant"}),
        ({"country": "LA"}, {"aid-to-laos"}),
        ({"sector": "health"}, {"medical-equipment", "suspended-grant"}),
        ({"year": "2022"}, {"aid-to-laos", "climate-oda"}),
        ({"q": "thiet bi Y TE"}, {"medical-equipment"}),
        ({"q": "ngo-school"}, {"ngo-school"}),
        ({"q": "vung lu"}, {"aid-to-laos"}),
        ({"q": "KAPOSVAR"}, {"climate-oda"}),
        ({"q": "Quiet Holdings"}, set()),
        ({"country": "HU", "year": "2023"}, {"suspended-grant"}),
    ],
)
def test_filters_narrow_the_list(anonymous_client, params, expected):
    response = anonymous_client.get(reverse(LIST_URL), params)

    assert response.status_code == 200
    assert {project.title_en for project in listed(response)} == expected


def test_filter_choices_come_only_from_public_records(anonymous_client, rates):
    SectorFactory(code="unused")
    project("1", "USD", D(2022, 1, 5), country="HU", sectors=[SectorFactory(code="visible")])
    project(
        "1",
        "USD",
        D(2019, 1, 5),
        public=False,
        country="LA",
        sectors=[SectorFactory(code="secret", name="Lĩnh vực nội bộ")],
    )
    project(
        "1",
        "USD",
        D(2018, 1, 5),
        country="KH",
        status=AidProject.Status.CANCELLED,
        sectors=[SectorFactory(code="cancelled")],
    )

    response = anonymous_client.get(reverse(LIST_URL))

    form = response.context["filter"].form
    assert [code for code, _ in form.fields["country"].choices if code] == ["HU"]
    assert [year for year, _ in form.fields["year"].choices if year] == ["2022"]
    assert [sector.code for sector in form.fields["sector"].queryset] == ["visible"]
    assert "cancelled" not in [status for status, _ in form.fields["status"].choices]
    assert "Lĩnh vực nội bộ" not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"year": "1066"},
        {"status": "cancelled"},
        {"modality": "barter"},
        {"direction": "sideways"},
        {"country": "ZZ"},
        {"sector": "no-such-sector"},
    ],
)
def test_an_invalid_filter_value_shows_an_error_not_a_crash(anonymous_client, rates, params):
    project("1", "USD", D(2022, 1, 5))

    response = anonymous_client.get(reverse(LIST_URL), params)

    assert response.status_code == 200
    (field,) = params
    assert response.context["filter"].form.errors[field]
    assert 'class="field-error"' in response.content.decode()
    assert listed(response) == []


# --- The totals -------------------------------------------------------------------------


@pytest.fixture
def totals_records(rates):
    """Rows in VND, USD and EUR on both sides of the rates' change on 1 January 2022, and
    25 small ones so that the list has two pages; worked out by hand below."""
    # VND 1,500,000 / 23,000 = 65.217… -> USD 65.22
    project("1500000", "VND", D(2021, 6, 1), title_en="vnd-2021")
    # 75,000 × 23,000 = VND 1,725,000,000
    project("75000.00", "USD", D(2021, 12, 31), title_en="usd-2021")
    # 1,000.50 × 24,000 = VND 24,012,000
    project("1000.50", "USD", D(2022, 1, 1), title_en="usd-2022")
    # 10,000 × 27,000 = VND 270,000,000; / 23,000 = 11,739.130… -> USD 11,739.13
    project("10000.00", "EUR", D(2021, 12, 31), title_en="eur-2021")
    # 10,000 × 26,000 = VND 260,000,000; / 24,000 = 10,833.333… -> USD 10,833.33
    project("10000.00", "EUR", D(2022, 1, 1), title_en="eur-2022")
    # VND 2,000,000,001 / 24,000 = 83,333.3333… -> USD 83,333.33
    project("2000000001", "VND", D(2022, 3, 1), title_en="vnd-2022")
    # 25 × VND 100,000; each / 24,000 = 4.1666… -> USD 4.17, so USD 104.25
    for _ in range(25):
        project("100000", "VND", D(2023, 5, 5), title_en="small")
    # Never counted:
    project("999999", "USD", D(2022, 1, 1), public=False)
    project("999999", "USD", D(2022, 1, 1), status=AidProject.Status.CANCELLED)


ALL_VND = Decimal("4283012001")  # 1,500,000 + 1,725,000,000 + 24,012,000 + 270,000,000
#                                  + 260,000,000 + 2,000,000,001 + 2,500,000
ALL_USD = Decimal("182075.76")  # 65.22 + 75,000.00 + 1,000.50 + 11,739.13 + 10,833.33
#                                 + 83,333.33 + 104.25


@pytest.mark.usefixtures("totals_records")
def test_totals_count_every_filtered_row_of_every_page_converted_at_its_own_date(
    anonymous_client,
):
    with translation.override("en"):
        response = anonymous_client.get(reverse(LIST_URL))
        html = response.content.decode()

    totals = response.context["totals"]
    assert len(listed(response)) == 25
    assert totals.rows == response.context["paginator"].count == 31
    assert totals.total.vnd == ALL_VND
    assert totals.total.usd == ALL_USD
    assert totals.complete
    assert '<span class="figure__value" data-total="vnd">VND 4,283,012,001</span>' in html
    assert '<span class="figure__value" data-total="usd">USD 182,075.76</span>' in html
    assert "Committed by the 31 projects listed (all pages)" in html
    assert "exchange rate in force on its date of commitment" in html
    assert "incomplete" not in html


@pytest.mark.usefixtures("totals_records")
def test_totals_follow_the_filters(anonymous_client):
    with translation.override("en"):
        response = anonymous_client.get(reverse(LIST_URL), {"year": "2021"})
        html = response.content.decode()

    totals = response.context["totals"]
    assert totals.rows == 3
    # 1,500,000 + 1,725,000,000 + 270,000,000; 65.22 + 75,000 + 11,739.13
    assert totals.total.vnd == Decimal("1996500000")
    assert totals.total.usd == Decimal("86804.35")
    assert "VND 1,996,500,000" in html
    assert "USD 86,804.35" in html


@pytest.mark.usefixtures("totals_records")
def test_totals_on_the_second_page_are_still_those_of_every_row(anonymous_client):
    response = anonymous_client.get(reverse(LIST_URL), {"page": 2})

    assert len(listed(response)) == 6
    assert response.context["totals"].total.vnd == ALL_VND
    assert response.context["totals"].total.usd == ALL_USD


def test_totals_name_each_missing_rate_and_the_projects_left_out(anonymous_client, rates):
    project("1000000", "VND", D(2022, 6, 1))  # VND 1,000,000; USD 41.67
    project("500000", "JPY", D(2022, 6, 1))  # no JPY rate at all
    project("300000", "JPY", D(2022, 6, 2))  # nor on the next day
    project("2000000", "VND", D(2020, 6, 1))  # before the first USD rate: no USD amount

    with translation.override("en"):
        response = anonymous_client.get(reverse(LIST_URL))
        html = response.content.decode()

    totals = response.context["totals"]
    assert not totals.complete
    assert totals.total.vnd == Decimal("3000000")  # the two VND rows only
    assert totals.total.usd == Decimal("41.67")  # 1,000,000 / 24,000, the only one
    assert totals.left_out_vnd == 2
    assert totals.left_out_usd == 3
    assert [(gap.currency, gap.day, gap.rows) for gap in totals.gaps] == [
        ("JPY", D(2022, 6, 1), 1),
        ("JPY", D(2022, 6, 2), 1),
        ("USD", D(2020, 6, 1), 1),
    ]
    assert "Committed by the 4 projects listed</h2>" in html  # one page: no "(all pages)"
    assert "These totals are incomplete: an exchange rate is missing." in html
    assert (
        'No exchange rate for JPY on <time datetime="2022-06-01">1 Jun 2022</time>: '
        "1 project is not fully counted." in html
    )
    assert 'No exchange rate for USD on <time datetime="2020-06-01">1 Jun 2020</time>' in html
    assert "2 projects are not in the total in VND." in html
    assert "3 projects are not in the total in USD." in html
    assert "without 3 projects (missing rates)" in html
    # And in the row itself, instead of an amount:
    assert 'No JPY rate on <time datetime="2022-06-02">2 Jun 2022</time>' in html


def test_a_missing_rate_of_many_projects_counts_them_all(anonymous_client, rates):
    for _ in range(3):
        project("1000", "GBP", D(2022, 6, 1))

    with translation.override("en"):
        html = anonymous_client.get(reverse(LIST_URL)).content.decode()

    assert "3 projects are not fully counted." in html
    assert "3 projects are not in the total in VND." in html


def test_no_totals_box_for_an_empty_list(anonymous_client):
    with translation.override("en"):
        html = anonymous_client.get(reverse(LIST_URL)).content.decode()

    assert "data-total" not in html
    assert "No aid project matches these filters." in html


# --- Money formats ----------------------------------------------------------------------


def test_english_page_writes_the_currency_code_first(anonymous_client, rates):
    project("75000.00", "USD", D(2021, 9, 14))
    project("1500000", "VND", D(2021, 9, 14))

    with translation.override("en"):
        html = anonymous_client.get(reverse(LIST_URL)).content.decode()

    assert "USD 75,000" in html
    assert "USD 75,000.00" not in html
    assert "VND 1,500,000" in html


def test_vietnamese_page_writes_dots_and_the_dong_sign(anonymous_client, rates):
    project("75000.00", "USD", D(2021, 9, 14))
    project("1500000", "VND", D(2021, 9, 14))

    with translation.override("vi"):
        html = anonymous_client.get(reverse(LIST_URL)).content.decode()

    assert "1.500.000 ₫" in html
    assert "75.000 USD" in html
    # 75,000 × 23,000
    assert "1.725.000.000 ₫" in html


# --- CSV --------------------------------------------------------------------------------


@pytest.mark.usefixtures("totals_records")
def test_csv_holds_exactly_the_filtered_rows_of_every_page_converted_as_on_the_page(
    anonymous_client,
):
    project("1", "USD", D(2021, 5, 5), country="KR")  # filtered out below

    params = {"country": "JP"}
    page_one = anonymous_client.get(reverse(LIST_URL), params)
    page_two = anonymous_client.get(reverse(LIST_URL), {**params, "page": 2})
    header, *rows = csv_rows(anonymous_client.get(reverse(CSV_URL), params))

    on_pages = listed(page_one) + listed(page_two)
    assert len(header) == len(COLUMNS)
    assert len(on_pages) == len(rows) == 31
    assert [cell(row, "page").rsplit("/", 2)[-2] for row in rows] == [
        str(project.pk) for project in on_pages
    ]
    for row, shown in zip(rows, on_pages, strict=True):
        assert Decimal(cell(row, "vnd")) == shown.commitment.vnd
        assert Decimal(cell(row, "usd")) == shown.commitment.usd
    # A person adding the columns in a spreadsheet finds the totals above the list.
    totals = page_one.context["totals"]
    assert sum(Decimal(cell(row, "vnd")) for row in rows) == totals.total.vnd == ALL_VND
    assert sum(Decimal(cell(row, "usd")) for row in rows) == totals.total.usd == ALL_USD


def test_csv_amounts_are_plain_decimals_with_the_rates_used(anonymous_client, rates):
    unit = LocalUnitFactory(name_en="Department of Health")
    district = LocalUnitFactory(name_en="Ninh Kieu District", kind=LocalUnit.Kind.DISTRICT)
    shown = project(
        "10000.00",
        "EUR",
        D(2022, 3, 1),
        title_en="Clean water for Ninh Kieu",
        direction=AidProject.Direction.RECEIVED,
        modality=AidProject.Modality.ODA_GRANT,
        partner=ForeignPartnerFactory(public=True, name="Kaposvár", country="HU"),
        country="HU",
        sectors=[SectorFactory(name_en="Health"), SectorFactory(name_en="Environment")],
        implementing_unit=unit,
        district=district,
        status=AidProject.Status.ONGOING,
        start_date=D(2022, 4, 1),
        end_date=D(2024, 4, 1),
    )
    DisbursementFactory(project=shown, amount="5000.00", currency="EUR", date=D(2022, 5, 1))
    DisbursementFactory(project=shown, amount="1500000", currency="VND", date=D(2022, 6, 1))
    project("1500000", "VND", D(2021, 9, 15))

    with translation.override("en"):
        header, eur, vnd = csv_rows(anonymous_client.get(reverse(CSV_URL)))
        page = f"http://testserver{shown.get_absolute_url()}"

    assert header[:3] == ["Date of commitment", "Title", "Direction"]
    assert eur[: COLUMNS["missing"] + 1] == [
        "2022-03-01",
        "Clean water for Ninh Kieu",
        "Received by the city",
        "ODA grant",
        "Kaposvár",
        "Hungary",
        "Health; Environment",
        "Department of Health",
        "Ninh Kieu District",
        "10000.00",
        "EUR",
        "260000000",  # 10,000 × 26,000
        "10833.33",  # 260,000,000 / 24,000
        "",
    ]
    assert eur[COLUMNS["rate"] :] == [
        "26000",
        "2022-01-01",
        "24000",
        "2022-01-01",
        "131500000",  # 5,000 × 26,000 + 1,500,000
        "Ongoing",
        "2022-04-01",
        "2024-04-01",
        page,
    ]
    assert cell(vnd, "amount") == "1500000"
    assert cell(vnd, "vnd") == "1500000"
    assert cell(vnd, "usd") == "65.22"
    assert cell(vnd, "rate") == "1"
    assert cell(vnd, "rate_from") == ""
    assert cell(vnd, "usd_rate") == "23000"
    assert cell(vnd, "disbursed_vnd") == "0"


def test_csv_leaves_a_converted_amount_empty_and_names_the_missing_rate(anonymous_client, rates):
    shown = project("500000", "JPY", D(2022, 6, 1))
    DisbursementFactory(project=shown, amount="100", currency="GBP", date=D(2022, 7, 1))
    project("2000000", "VND", D(2020, 6, 1))

    header, jpy, vnd = csv_rows(anonymous_client.get(reverse(CSV_URL)))  # newest first

    assert (cell(jpy, "amount"), cell(jpy, "vnd"), cell(jpy, "usd")) == ("500000", "", "")
    assert cell(jpy, "missing") == "JPY 2022-06-01; GBP 2022-07-01"
    assert (cell(jpy, "rate"), cell(jpy, "usd_rate")) == ("", "24000")
    assert cell(jpy, "disbursed_vnd") == ""
    assert (cell(vnd, "vnd"), cell(vnd, "usd")) == ("2000000", "")
    assert cell(vnd, "missing") == "USD 2020-06-01"


def test_csv_never_names_an_internal_partner(anonymous_client, rates):
    hidden = ForeignPartnerFactory(name="Undisclosed Donor Ltd", name_vi="Nhà tài trợ kín")
    project("1000", "USD", D(2022, 1, 5), partner=hidden, country="SG")

    with translation.override("en"):
        response = anonymous_client.get(reverse(CSV_URL))
        (row,) = csv_rows(response)[1:]

    assert cell(row, "partner") == ""
    assert cell(row, "country") == "Singapore"
    assert "Undisclosed" not in ",".join(row) and "Nhà tài trợ kín" not in ",".join(row)


def test_csv_defuses_text_a_spreadsheet_would_run_as_a_formula(anonymous_client, rates):
    project("1", "USD", D(2022, 1, 5), title='=HYPERLINK("http://evil.example")')

    (row,) = csv_rows(anonymous_client.get(reverse(CSV_URL)))[1:]

    assert cell(row, "title") == '\'=HYPERLINK("http://evil.example")'


def test_list_links_the_csv_download_with_the_same_filters(anonymous_client, rates):
    project("1", "USD", D(2022, 1, 5))

    response = anonymous_client.get(reverse(LIST_URL), {"modality": "in_kind", "page": "1"})

    assert f'href="{reverse(CSV_URL)}?modality=in_kind"' in response.content.decode()


# --- Detail -----------------------------------------------------------------------------


def test_detail_shows_facts_commitment_and_disbursements_at_their_own_dates(
    anonymous_client, rates
):
    agreement = AgreementFactory(public=True, title_en="Twinning with Okayama")
    shown = project(
        "75000.00",
        "USD",
        D(2021, 9, 14),
        title_en="Medical equipment from Okayama",
        partner=ForeignPartnerFactory(public=True, name="Okayama", country="JP"),
        country="JP",
        sectors=[SectorFactory(name_en="Health")],
        implementing_unit=LocalUnitFactory(name_en="Department of Health"),
        district=LocalUnitFactory(name_en="Ninh Kieu District", kind=LocalUnit.Kind.DISTRICT),
        beneficiaries="Patients of the city hospital",
        start_date=D(2021, 10, 1),
        end_date=D(2022, 3, 31),
        agreement=agreement,
        summary_en="Ventilators and monitors.",
        notes="MARKER-NOTES never public",
    )
    # 25,000 × 23,000; 50,000 × 24,000; 1,000 EUR × 26,000 = 26,000,000 / 24,000 = 1,083.33
    DisbursementFactory(
        project=shown, date=D(2021, 10, 1), amount="25000", currency="USD", note="Đợt 1"
    )
    DisbursementFactory(project=shown, date=D(2022, 2, 1), amount="50000", currency="USD")
    DisbursementFactory(project=shown, date=D(2022, 3, 1), amount="1000", currency="EUR")

    with translation.override("en"):
        response = anonymous_client.get(detail_url(shown))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Medical equipment from Okayama</h1>" in html
    assert "Okayama" in html and "flags/jp.gif" in html
    assert "Health" in html
    assert "Department of Health" in html
    assert "Ninh Kieu District" in html
    assert "Patients of the city hospital" in html
    assert '<time datetime="2021-10-01">' in html and '<time datetime="2022-03-31">' in html
    assert agreement.get_absolute_url() in html
    assert "Ventilators and monitors." in html
    assert "MARKER-NOTES" not in html
    # The commitment: USD 75,000 × 23,000, and the rate used.
    assert "USD 75,000" in html
    assert "VND 1,725,000,000" in html
    assert '1 USD = VND 23,000, in force since <time datetime="2021-01-01">' in html
    # Each disbursement at its own date.
    assert "VND 575,000,000" in html
    assert "VND 1,200,000,000" in html
    assert "EUR 1,000" in html
    assert "VND 26,000,000" in html
    assert "USD 1,083.33" in html
    assert "Đợt 1" in html
    disbursed = response.context["disbursed"]
    assert disbursed.total.vnd == Decimal("1801000000")
    assert disbursed.total.usd == Decimal("76083.33")
    assert "Total of 3 disbursements" in html
    assert "VND 1,801,000,000" in html
    assert "USD 76,083.33" in html


def test_detail_names_a_missing_rate_instead_of_an_amount(anonymous_client, rates):
    shown = project("500000", "JPY", D(2022, 6, 1))
    DisbursementFactory(project=shown, date=D(2022, 7, 1), amount="100000", currency="JPY")
    DisbursementFactory(project=shown, date=D(2022, 7, 1), amount="1000000", currency="VND")

    with translation.override("en"):
        response = anonymous_client.get(detail_url(shown))

    html = response.content.decode()
    assert "JPY 500,000" in html
    assert 'No JPY rate on <time datetime="2022-06-01">1 Jun 2022</time>' in html
    assert 'No JPY rate on <time datetime="2022-07-01">1 Jul 2022</time>' in html
    assert response.context["disbursed"].total.vnd == Decimal("1000000")
    assert "without 1 disbursement (missing rate)" in html


def test_detail_of_a_project_in_vnd_names_a_missing_usd_rate(anonymous_client, rates):
    shown = project("2000000", "VND", D(2020, 6, 1))

    with translation.override("en"):
        html = anonymous_client.get(detail_url(shown)).content.decode()

    assert "VND 2,000,000" in html
    assert 'No USD rate on <time datetime="2020-06-01">1 Jun 2020</time>' in html
    assert "1 USD =" not in html


def test_detail_shows_a_rate_with_every_digit_it_was_entered_with(anonymous_client, rates):
    rate("JPY", D(2022, 1, 1), "172.35")
    shown = project("1000000", "JPY", D(2022, 6, 1))

    with translation.override("en"):
        html = anonymous_client.get(detail_url(shown)).content.decode()

    assert "1 JPY = VND 172.35, in force since" in html
    assert '<br><span class="rate">1 USD = VND 24,000, in force since' in html
    assert "VND 172,350,000" in html


def test_detail_names_only_a_public_partner_and_links_only_a_public_agreement(
    anonymous_client, rates
):
    shown = project(
        "1000",
        "USD",
        D(2022, 1, 5),
        partner=ForeignPartnerFactory(name="Undisclosed Donor Ltd", country="SG"),
        country="SG",
        agreement=AgreementFactory(title="Thỏa thuận nội bộ"),
    )

    with translation.override("en"):
        html = anonymous_client.get(detail_url(shown)).content.decode()

    assert "Undisclosed Donor Ltd" not in html
    assert "Singapore" in html
    assert "Thỏa thuận nội bộ" not in html
    assert "/agreements/" not in html.replace(reverse("agreements:agreement_list"), "")


@pytest.mark.parametrize("kwargs", [{"public": False}, {"status": AidProject.Status.CANCELLED}])
def test_detail_of_an_internal_or_cancelled_project_is_404_even_for_staff(
    anonymous_client, editor_client, kwargs
):
    hidden = project("1", "USD", D(2022, 1, 5), **kwargs)

    assert anonymous_client.get(detail_url(hidden)).status_code == 404
    assert editor_client.get(detail_url(hidden)).status_code == 404


# --- Query budgets ----------------------------------------------------------------------


def budget_records(rows):
    rate("USD", D(2020, 1, 1), "23000")
    rate("EUR", D(2020, 1, 1), "27000")
    unit = LocalUnitFactory()
    district = LocalUnitFactory(kind=LocalUnit.Kind.DISTRICT)
    for index in range(rows):
        shown = project(
            "1000",
            ("USD", "EUR", "VND", "JPY")[index % 4],  # JPY: no rate, named
            D(2020 + index % 5, 1 + index % 12, 1),
            partner=ForeignPartnerFactory(public=index % 2 == 0),
            implementing_unit=unit,
            district=district,
            sectors=SectorFactory.create_batch(2),
        )
        DisbursementFactory.create_batch(2, project=shown, currency="EUR")


@pytest.mark.parametrize("rows", [3, 40])
def test_list_query_count_does_not_grow_with_rows(
    anonymous_client, django_assert_max_num_queries, rows
):
    budget_records(rows)

    with django_assert_max_num_queries(LIST_BUDGET):
        response = anonymous_client.get(reverse(LIST_URL))

    assert response.context["totals"].rows == rows


@pytest.mark.parametrize("rows", [3, 40])
def test_csv_query_count_does_not_grow_with_rows(
    anonymous_client, django_assert_max_num_queries, rows
):
    budget_records(rows)

    with django_assert_max_num_queries(CSV_BUDGET):
        assert len(csv_rows(anonymous_client.get(reverse(CSV_URL)))) == rows + 1


@pytest.mark.parametrize("size", [1, 15])
def test_detail_query_count_does_not_grow_with_disbursements_and_sectors(
    anonymous_client, django_assert_max_num_queries, size
):
    rate("USD", D(2020, 1, 1), "23000")
    rate("EUR", D(2020, 1, 1), "27000")
    shown = project(
        "1000",
        "EUR",
        D(2021, 1, 1),
        partner=ForeignPartnerFactory(public=True),
        implementing_unit=LocalUnitFactory(),
        district=LocalUnitFactory(kind=LocalUnit.Kind.DISTRICT),
        agreement=AgreementFactory(public=True),
        sectors=SectorFactory.create_batch(size),
    )
    for index in range(size):
        DisbursementFactory(
            project=shown,
            date=D(2021, 1 + index % 12, 1),
            currency=("USD", "EUR", "VND", "JPY")[index % 4],
            amount="1000",
        )

    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = anonymous_client.get(detail_url(shown))

    assert response.status_code == 200
    assert len(response.context["disbursements"]) == size
