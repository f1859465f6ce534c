"""The aid admin: entering a project with its disbursements; each rule refused with its
message on the form (for the project and for a disbursement row); the exchange rates; the
totals of the filtered list in VND and USD, checked against sums worked out by hand from the
rows and the rates; the per-row conversions; roles; query budgets."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import translation

from aid.admin import AidProjectAdmin
from aid.conversions import converted
from aid.models import AidProject, Disbursement, ExchangeRate
from core.models import LocalUnit, Visibility
from tests.admin_helpers import add_url, change_url, changelist_url, constraint_message, form_errors
from tests.factories import (
    AidProjectFactory,
    DisbursementFactory,
    ExchangeRateFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

# Session, user, permissions (2), the sector and implementing-unit filters' choices, the
# count, the page of rows, their disbursements, the rates (one RateTable for the page and the
# totals), the date hierarchy (2), the totals (counted rows, disbursements, cancelled count),
# the country filter's choices. Measured 16 at 3 and at 30 rows (15 filtered and searched);
# plus a margin of one.
CHANGELIST_BUDGET = 17
# Measured 13 at 1 and at 20 disbursements: the selected partner, units, sectors and
# agreement of the autocomplete widgets, the rates of the converted commitment, view on site.
CHANGE_PAGE_BUDGET = 14
# Measured 9 at 3 and at 30 rates (the small table is counted twice, filtered and in full).
RATE_CHANGELIST_BUDGET = 10

D = datetime.date


def project_form(disbursements=(), **overrides):
    """Every field of the change form, valid (USD 75,000 of medical equipment received from
    Japan on 14/09/2021), plus the disbursement inline (``disbursements`` are row dicts,
    with an ``id`` for a row that exists)."""
    data = {
        "direction": AidProject.Direction.RECEIVED,
        "modality": AidProject.Modality.IN_KIND,
        "status": AidProject.Status.COMPLETED,
        "title": "Hỗ trợ trang thiết bị y tế phòng chống dịch",
        "title_en": "Medical equipment against the epidemic",
        "partner": "",
        "country": "JP",
        "commitment_amount": "75000",
        "currency": "USD",
        "committed_on": "14/09/2021",
        "start_date": "",
        "end_date": "",
        "implementing_unit": "",
        "district": "",
        "beneficiaries": "",
        "agreement": "",
        "summary": "",
        "summary_en": "",
        "notes": "",
    }
    data.update(overrides)
    disbursements = sorted(disbursements, key=lambda row: "id" not in row)
    data.update(
        {
            "disbursements-TOTAL_FORMS": str(len(disbursements)),
            "disbursements-INITIAL_FORMS": str(sum(1 for row in disbursements if "id" in row)),
            "disbursements-MIN_NUM_FORMS": "0",
            "disbursements-MAX_NUM_FORMS": "1000",
        }
    )
    for index, row in enumerate(disbursements):
        for key, value in row.items():
            data[f"disbursements-{index}-{key}"] = value
    return {key: value for key, value in data.items() if value is not None}


def disbursement_row(**overrides):
    return {"date": "01/10/2021", "amount": "25000", "currency": "USD", "note": "", **overrides}


def rate(currency, valid_from, rate_to_vnd):
    return ExchangeRateFactory(currency=currency, valid_from=valid_from, rate_to_vnd=rate_to_vnd)


def action_names(client):
    response = client.get(changelist_url(AidProject))
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


# Entering a project.


def test_editor_adds_a_project_with_two_disbursements_in_two_currencies_as_its_author(
    editor_client, editor
):
    donor = ForeignPartnerFactory(name="Okayama Prefecture", country="JP")
    unit = LocalUnitFactory()
    health = SectorFactory(code="health")

    response = editor_client.post(
        add_url(AidProject),
        project_form(
            partner=donor.pk,
            implementing_unit=unit.pk,
            sectors=[health.pk],
            disbursements=[
                disbursement_row(date="01/10/2021", amount="25000.50", currency="USD"),
                disbursement_row(date="15/11/2021", amount="1150000000", currency="VND"),
            ],
        ),
    )

    assert response.status_code == 302, form_errors(response)
    project = AidProject.objects.get()
    assert project.commitment_amount == Decimal("75000")
    assert project.committed_on == D(2021, 9, 14)
    assert project.partner == donor
    assert list(project.sectors.all()) == [health]
    assert project.created_by == editor
    assert project.visibility == Visibility.INTERNAL
    rows = list(project.disbursements.values_list("date", "amount", "currency", "created_by"))
    assert rows == [
        (D(2021, 10, 1), Decimal("25000.50"), "USD", editor.pk),
        (D(2021, 11, 15), Decimal("1150000000"), "VND", editor.pk),
    ]


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"commitment_amount": "-1"}, "aid_commitment_not_negative"),
        ({"commitment_amount": "1500000.5", "currency": "VND"}, "aid_commitment_whole_in_vnd"),
        ({"commitment_amount": "250000.5", "currency": "JPY"}, "aid_commitment_whole_in_vnd"),
        ({"start_date": "01/03/2022", "end_date": "28/02/2022"}, "aid_end_after_start"),
        (
            {"direction": AidProject.Direction.GIVEN, "modality": AidProject.Modality.ODA_GRANT},
            "aid_oda_only_received",
        ),
        ({"country": ""}, "aid_country_not_blank"),
        ({"title": ""}, "aid_title_not_blank"),
    ],
)
def test_a_rule_broken_on_the_project_form_is_refused_with_its_message_and_nothing_is_saved(
    editor_client, overrides, constraint
):
    response = editor_client.post(
        add_url(AidProject), project_form(disbursements=[disbursement_row()], **overrides)
    )

    assert response.status_code == 200
    assert constraint_message(AidProject, constraint) in form_errors(response)
    assert not AidProject.objects.exists()
    assert not Disbursement.objects.exists()


def test_a_fractional_vnd_disbursement_is_a_row_error_with_its_message(editor_client):
    project = AidProjectFactory()

    response = editor_client.post(
        change_url(project),
        project_form(
            disbursements=[
                disbursement_row(),
                disbursement_row(amount="1500000.5", currency="VND"),
            ]
        ),
    )

    assert response.status_code == 200
    inline, _attachments = response.context["inline_admin_formsets"]
    assert inline.formset.errors[0] == {}
    assert inline.formset.errors[1]["__all__"] == [
        constraint_message(Disbursement, "aid_disbursement_whole_in_vnd")
    ]
    assert not Disbursement.objects.exists()


def test_a_negative_disbursement_is_a_row_error_with_its_message(editor_client):
    response = editor_client.post(
        add_url(AidProject), project_form(disbursements=[disbursement_row(amount="-100")])
    )

    assert response.status_code == 200
    inline, _attachments = response.context["inline_admin_formsets"]
    assert (
        constraint_message(Disbursement, "aid_disbursement_not_negative")
        in (inline.formset.errors[0]["__all__"])
    )
    assert not AidProject.objects.exists()


def test_cents_are_accepted_in_a_currency_that_has_them(editor_client):
    response = editor_client.post(
        add_url(AidProject), project_form(commitment_amount="75000.50", currency="USD")
    )

    assert response.status_code == 302, form_errors(response)
    assert AidProject.objects.get().commitment_amount == Decimal("75000.50")


def test_the_district_is_chosen_among_districts_only(editor_client):
    district = LocalUnitFactory(name="Quận Ninh Kiều", kind=LocalUnit.Kind.DISTRICT)
    department = LocalUnitFactory(name="Sở Y tế", kind=LocalUnit.Kind.DEPARTMENT)

    found = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "aid", "model_name": "aidproject", "field_name": "district", "term": ""},
    ).json()["results"]
    refused = editor_client.post(add_url(AidProject), project_form(district=department.pk))
    accepted = editor_client.post(add_url(AidProject), project_form(district=district.pk))

    assert [row["id"] for row in found] == [str(district.pk)]
    assert "district" in refused.context["adminform"].form.errors
    assert accepted.status_code == 302, form_errors(accepted)
    assert AidProject.objects.get().district == district


def test_the_partner_sectors_units_and_agreement_are_picked_by_autocomplete(editor_client):
    response = editor_client.get(add_url(AidProject))

    form = response.context["adminform"].form
    for name in ["partner", "implementing_unit", "district", "sectors", "agreement"]:
        assert "admin-autocomplete" in str(form[name]), name


def test_editor_finds_a_project_by_its_donor_without_accents(editor_client):
    wanted = AidProjectFactory(partner=ForeignPartnerFactory(name_vi="Tỉnh Okayama"))
    AidProjectFactory(partner=ForeignPartnerFactory(name_vi="Thành phố Sêu"))

    response = editor_client.get(changelist_url(AidProject), {"q": "tinh okayama"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_changelist_filters_by_country_sector_unit_status_and_year(editor_client):
    unit = LocalUnitFactory()
    health = SectorFactory(code="health")
    wanted = AidProjectFactory(
        country="KR", sectors=[health], implementing_unit=unit, committed_on=D(2022, 4, 1)
    )
    AidProjectFactory(country="JP", sectors=[health], implementing_unit=unit)
    AidProjectFactory(country="KR", implementing_unit=unit, committed_on=D(2022, 4, 1))
    AidProjectFactory(country="KR", sectors=[health], committed_on=D(2022, 4, 1))
    AidProjectFactory(
        country="KR", sectors=[health], implementing_unit=unit, committed_on=D(2023, 4, 1)
    )
    AidProjectFactory(
        country="KR",
        sectors=[health],
        implementing_unit=unit,
        committed_on=D(2022, 4, 1),
        status=AidProject.Status.ONGOING,
    )

    response = editor_client.get(
        changelist_url(AidProject),
        {
            "country": "KR",
            "sectors__id__exact": health.pk,
            "implementing_unit__id__exact": unit.pk,
            "status__exact": AidProject.Status.COMPLETED,
            "committed_on__year": 2022,
        },
    )

    assert list(response.context["cl"].result_list) == [wanted]


def test_the_country_filter_lists_only_the_countries_of_projects(editor_client):
    AidProjectFactory(country="KH")
    AidProjectFactory(country="LA")

    response = editor_client.get(changelist_url(AidProject))

    (country_filter,) = [
        spec for spec in response.context["cl"].filter_specs if spec.field_path == "country"
    ]
    codes = [code for code, _name in country_filter.lookup_choices(response.context["cl"])]
    assert codes == ["KH", "LA"]


# Exchange rates.


def rate_form(**overrides):
    return {
        "currency": "EUR",
        "valid_from": "01/07/2021",
        "rate_to_vnd": "27500",
        "source": "Ngân hàng Nhà nước Việt Nam",
        **overrides,
    }


def test_editor_adds_an_exchange_rate_as_its_author(editor_client, editor):
    response = editor_client.post(add_url(ExchangeRate), rate_form(rate_to_vnd="27500.123456"))

    assert response.status_code == 302, form_errors(response)
    added = ExchangeRate.objects.get()
    assert (added.currency, added.valid_from, added.rate_to_vnd) == (
        "EUR",
        D(2021, 7, 1),
        Decimal("27500.123456"),
    )
    assert added.created_by == editor


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"currency": "VND"}, "aid_rate_not_vnd"),
        ({"rate_to_vnd": "0"}, "aid_rate_positive"),
        ({"rate_to_vnd": "-27000"}, "aid_rate_positive"),
        ({"source": ""}, "aid_rate_source_not_blank"),
        ({"source": "   "}, "aid_rate_source_not_blank"),
        ({"valid_from": "01/01/2021"}, "aid_rate_one_per_day"),
    ],
)
def test_a_rate_rule_broken_on_the_form_is_refused_with_its_message(
    editor_client, overrides, constraint
):
    existing = rate("EUR", D(2021, 1, 1), "27000")

    response = editor_client.post(add_url(ExchangeRate), rate_form(**overrides))

    assert response.status_code == 200
    assert constraint_message(ExchangeRate, constraint) in form_errors(response)
    assert list(ExchangeRate.objects.all()) == [existing]


def test_the_same_date_is_allowed_for_another_currency(editor_client):
    rate("EUR", D(2021, 1, 1), "27000")

    response = editor_client.post(
        add_url(ExchangeRate), rate_form(currency="USD", valid_from="01/01/2021")
    )

    assert response.status_code == 302, form_errors(response)


def test_the_rate_list_shows_the_rate_in_the_language_of_the_page(editor_client, editor):
    ExchangeRateFactory(currency="USD", rate_to_vnd="25450", updated_by=editor)
    ExchangeRateFactory(currency="KRW", rate_to_vnd="18.25")

    vietnamese = editor_client.get(changelist_url(ExchangeRate)).content.decode()
    with translation.override("en"):
        english = editor_client.get(changelist_url(ExchangeRate)).content.decode()

    assert "25.450<" in vietnamese
    assert "18,25<" in vietnamese
    assert "25,450<" in english
    assert "18.25<" in english
    assert ">editor<" in english


def test_the_rate_list_filters_by_currency_and_year(editor_client):
    wanted = rate("EUR", D(2022, 1, 1), "26000")
    rate("EUR", D(2021, 1, 1), "27000")
    rate("USD", D(2022, 1, 1), "23000")

    response = editor_client.get(
        changelist_url(ExchangeRate), {"currency__exact": "EUR", "valid_from__year": 2022}
    )

    assert list(response.context["cl"].result_list) == [wanted]


# The totals above the list.


@pytest.fixture
def rates_2021():
    """USD and EUR, each changing on 1 July 2021."""
    rate("USD", D(2021, 1, 1), "23000")
    rate("USD", D(2021, 7, 1), "23500")
    rate("EUR", D(2021, 1, 1), "27000")
    rate("EUR", D(2021, 7, 1), "27500")


@pytest.fixture
def projects_2021(rates_2021):
    """Projects received in VND, USD and EUR on both sides of the rate change, one
    cancelled, two in EUR before the first EUR rate, and one given."""
    vnd = AidProjectFactory(
        commitment_amount="1500000000", currency="VND", committed_on=D(2021, 3, 15)
    )
    usd_before = AidProjectFactory(
        commitment_amount="75000", currency="USD", committed_on=D(2021, 6, 30)
    )
    AidProjectFactory(commitment_amount="10000.50", currency="USD", committed_on=D(2021, 7, 1))
    AidProjectFactory(commitment_amount="20000", currency="EUR", committed_on=D(2021, 7, 15))
    AidProjectFactory(commitment_amount="1000", currency="EUR", committed_on=D(2021, 6, 30))
    cancelled = AidProjectFactory(
        commitment_amount="999999",
        currency="USD",
        committed_on=D(2021, 8, 1),
        status=AidProject.Status.CANCELLED,
    )
    AidProjectFactory.create_batch(
        2, commitment_amount="5000", currency="EUR", committed_on=D(2020, 12, 20)
    )
    AidProjectFactory(
        direction=AidProject.Direction.GIVEN,
        modality=AidProject.Modality.EMERGENCY,
        country="LA",
        commitment_amount="2000000000",
        currency="VND",
        committed_on=D(2021, 9, 1),
    )
    DisbursementFactory(project=vnd, date=D(2021, 4, 1), amount="500000000", currency="VND")
    DisbursementFactory(project=usd_before, date=D(2021, 10, 1), amount="25000", currency="USD")
    DisbursementFactory(project=cancelled, date=D(2021, 8, 2), amount="1000", currency="USD")


RECEIVED = {"direction__exact": AidProject.Direction.RECEIVED}


def test_totals_of_the_filtered_list_convert_each_row_at_the_rate_of_its_date(
    editor_client, projects_2021
):
    with translation.override("en"):
        response = editor_client.get(changelist_url(AidProject), RECEIVED)
        html = response.content.decode()

    totals = response.context["cl"].totals
    # By hand, each row at the rate of its date, rounded, then added:
    #   VND 1,500,000,000 on 15/03             = 1,500,000,000 VND = 1,500,000,000 / 23,000
    #   USD 75,000 on 30/06 (old rate 23,000)  = 1,725,000,000 VND = USD 75,000.00
    #   USD 10,000.50 on 01/07 (new, 23,500)   =   235,011,750 VND = USD 10,000.50
    #   EUR 20,000 on 15/07 (27,500)           =   550,000,000 VND = 550,000,000 / 23,500
    #   EUR 1,000 on 30/06 (27,000)            =    27,000,000 VND = 27,000,000 / 23,000
    assert totals.commitment.vnd == Decimal("4037011750")
    assert totals.commitment.usd == Decimal("65217.39") + Decimal("75000.00") + Decimal(
        "10000.50"
    ) + Decimal("23404.26") + Decimal("1173.91")
    assert totals.commitment.usd == Decimal("174796.06")
    assert "VND 4,037,011,750 (incomplete: see below)" in html
    assert "USD 174,796.06 (incomplete: see below)" in html
    # Disbursed: VND 500,000,000 on 01/04 (USD 21,739.13) and USD 25,000 on 01/10
    # (587,500,000 VND); the cancelled project's USD 1,000 is left out.
    assert (totals.disbursed.vnd, totals.disbursed.usd) == (
        Decimal("1087500000"),
        Decimal("46739.13"),
    )
    assert "VND 1,087,500,000<" in html
    assert "USD 46,739.13<" in html


def test_cancelled_projects_are_listed_but_left_out_of_the_totals_and_counted(
    editor_client, projects_2021
):
    with translation.override("en"):
        response = editor_client.get(changelist_url(AidProject), RECEIVED)
        html = response.content.decode()

    totals = response.context["cl"].totals
    assert response.context["cl"].result_count == 8
    assert (totals.rows, totals.cancelled, totals.commitment.rows) == (8, 1, 7)
    assert "Totals of the 8 projects listed, on every page" in html
    assert "Cancelled projects are left out of the totals: 1 listed project is cancelled." in html


def test_a_missing_rate_is_named_with_the_projects_it_leaves_out(editor_client, projects_2021):
    with translation.override("en"):
        response = editor_client.get(changelist_url(AidProject), RECEIVED)
        warnings = [str(w) for w in response.context["cl"].totals.warnings]
        html = response.content.decode()

    assert warnings == [
        "No exchange rate for EUR on 20 Dec 2020 — 2 projects are not in the totals."
    ]
    assert warnings[0] in html
    totals = response.context["cl"].totals
    assert totals.commitment.missing_vnd == {("EUR", D(2020, 12, 20))}


def test_a_missing_rate_is_named_in_vietnamese_with_the_day_first(editor_client, projects_2021):
    response = editor_client.get(changelist_url(AidProject), RECEIVED)

    (warning,) = [str(w) for w in response.context["cl"].totals.warnings]
    assert "EUR" in warning
    assert "20/12/2020" in warning
    assert warning in response.content.decode()
    assert "4.037.011.750 ₫" in response.content.decode()


def test_a_missing_usd_rate_leaves_rows_out_of_the_usd_total_only(editor_client):
    rate("EUR", D(2021, 1, 1), "27000")
    rate("USD", D(2021, 6, 1), "23000")
    AidProjectFactory(commitment_amount="1000", currency="EUR", committed_on=D(2021, 3, 1))
    AidProjectFactory(commitment_amount="100", currency="USD", committed_on=D(2021, 3, 1))

    with translation.override("en"):
        response = editor_client.get(changelist_url(AidProject))
        warnings = [str(w) for w in response.context["cl"].totals.warnings]

    totals = response.context["cl"].totals
    # The EUR row is in the VND total (27,000,000) but not in the USD one; the USD row is
    # in the USD total (100.00) but not in the VND one.
    assert (totals.commitment.vnd, totals.commitment.usd) == (Decimal("27000000"), Decimal("100"))
    assert warnings == [
        "No exchange rate for USD on 1 Mar 2021 — "
        "1 project is not in the VND total; 1 project is not in the USD total."
    ]


def test_a_disbursement_without_a_rate_is_named_too(editor_client):
    project = AidProjectFactory(commitment_amount="1000000", currency="VND")
    DisbursementFactory(project=project, date=D(2021, 10, 1), amount="500", currency="GBP")

    with translation.override("en"):
        response = editor_client.get(changelist_url(AidProject))
        warnings = [str(w) for w in response.context["cl"].totals.warnings]

    assert (
        "No exchange rate for GBP on 1 Oct 2021 — 1 disbursement is not in the disbursed "
        in (warnings[-1])
    )


def test_totals_follow_the_filters(editor_client, projects_2021):
    given = editor_client.get(
        changelist_url(AidProject), {"direction__exact": AidProject.Direction.GIVEN}
    )
    year_2020 = editor_client.get(changelist_url(AidProject), {"committed_on__year": 2020})

    totals = given.context["cl"].totals
    assert (totals.rows, totals.commitment.vnd, totals.commitment.usd) == (
        1,
        Decimal("2000000000"),
        Decimal("85106.38"),  # 2,000,000,000 / 23,500 on 1 September 2021
    )
    assert totals.commitment.complete and totals.disbursed.complete
    assert totals.warnings == []
    # Two EUR projects before the first EUR rate: counted as rows, in no total, named.
    totals = year_2020.context["cl"].totals
    assert (totals.rows, totals.commitment.vnd, totals.commitment.usd) == (2, 0, 0)
    assert len(totals.warnings) == 1


def test_totals_follow_the_search(editor_client, rates_2021):
    AidProjectFactory(
        title="Viện trợ cho Lào",
        commitment_amount="1000",
        currency="USD",
        committed_on=D(2021, 8, 1),
    )
    AidProjectFactory(title="Dự án khác", commitment_amount="5000", currency="USD")

    response = editor_client.get(changelist_url(AidProject), {"q": "lao"})

    totals = response.context["cl"].totals
    assert (totals.rows, totals.commitment.vnd) == (1, Decimal("23500000"))


def test_totals_cover_every_page_not_only_the_one_shown(editor_client, monkeypatch):
    monkeypatch.setattr(AidProjectAdmin, "list_per_page", 2)
    rate("USD", D(2021, 1, 1), "25000")
    for amount in ["1000000", "2000000", "3000000", "4000000", "5000000"]:
        AidProjectFactory(commitment_amount=amount, currency="VND", committed_on=D(2021, 5, 1))

    first = editor_client.get(changelist_url(AidProject))
    last = editor_client.get(changelist_url(AidProject), {"p": 3})

    assert len(first.context["cl"].result_list) == 2
    assert len(last.context["cl"].result_list) == 1
    for response in (first, last):
        totals = response.context["cl"].totals
        assert (totals.rows, totals.commitment.vnd, totals.commitment.usd) == (
            5,
            Decimal("15000000"),
            Decimal("600"),
        )


def test_totals_of_more_rows_than_a_page(editor_client):
    rate("USD", D(2021, 1, 1), "25000")
    # bulk_create does not call save(): the rows are converted as they are made.
    AidProject.objects.bulk_create(
        converted(
            AidProject(
                modality=AidProject.Modality.IN_KIND,
                title=f"Dự án {number}",
                country="JP",
                commitment_amount=Decimal(number),
                currency="VND",
                committed_on=D(2021, 5, 1),
            )
        )
        for number in range(1, 106)
    )

    response = editor_client.get(changelist_url(AidProject))

    cl = response.context["cl"]
    assert len(cl.result_list) == AidProjectAdmin.list_per_page < 105
    assert cl.totals.rows == 105
    assert cl.totals.commitment.vnd == sum(range(1, 106))


def test_no_totals_box_for_an_empty_list(editor_client):
    response = editor_client.get(changelist_url(AidProject))

    assert response.status_code == 200
    assert 'id="aid-totals"' not in response.content.decode()


# The columns.


def test_each_row_shows_its_commitment_in_its_currency_in_vnd_and_in_usd(editor_client, rates_2021):
    project = AidProjectFactory(
        commitment_amount="20000", currency="EUR", committed_on=D(2021, 7, 15)
    )
    DisbursementFactory(project=project, date=D(2021, 3, 1), amount="1000", currency="EUR")
    DisbursementFactory(project=project, date=D(2021, 8, 1), amount="100", currency="USD")

    with translation.override("en"):
        html = editor_client.get(changelist_url(AidProject)).content.decode()

    assert '<td class="field-commitment">EUR 20,000</td>' in html
    assert '<td class="field-commitment_vnd">VND 550,000,000</td>' in html
    assert '<td class="field-commitment_usd">USD 23,404.26</td>' in html
    # 1,000 × 27,000 + 100 × 23,500
    assert '<td class="field-disbursed_vnd">VND 29,350,000</td>' in html


def test_a_row_without_a_rate_names_the_missing_rate_in_its_cells(editor_client, rates_2021):
    project = AidProjectFactory(
        commitment_amount="5000", currency="GBP", committed_on=D(2021, 5, 3)
    )
    DisbursementFactory(project=project, date=D(2021, 6, 1), amount="100", currency="GBP")

    with translation.override("en"):
        html = editor_client.get(changelist_url(AidProject)).content.decode()

    assert html.count("no rate for GBP on 3 May 2021") == 2  # in VND, in USD
    assert "no rate for GBP on 1 Jun 2021" in html
    assert "GBP 5,000" in html


def test_the_list_shows_the_donor_with_the_flag_of_its_country(editor_client):
    AidProjectFactory(partner=ForeignPartnerFactory(name="KOICA", country="KR"), country="KR")

    html = editor_client.get(changelist_url(AidProject)).content.decode()

    assert "flags/kr.gif" in html
    assert "KOICA" in html


# The change form and saving.


def test_the_change_form_shows_the_commitment_converted(editor_client, rates_2021):
    project = AidProjectFactory(
        commitment_amount="20000", currency="EUR", committed_on=D(2021, 7, 15)
    )

    with translation.override("en"):
        html = editor_client.get(change_url(project)).content.decode()

    assert "VND 550,000,000 / USD 23,404.26" in html


def test_the_change_form_names_a_missing_rate(editor_client, rates_2021):
    project = AidProjectFactory(
        commitment_amount="5000", currency="GBP", committed_on=D(2021, 5, 3)
    )

    with translation.override("en"):
        html = editor_client.get(change_url(project)).content.decode()

    assert "no rate for GBP on 3 May 2021" in html


def test_saving_a_project_without_a_rate_warns_and_links_to_add_it(editor_client, rates_2021):
    with translation.override("en"):
        response = editor_client.post(
            add_url(AidProject),
            project_form(
                commitment_amount="5000",
                currency="GBP",
                committed_on="03/05/2021",
                disbursements=[disbursement_row(date="01/06/2021", currency="CHF")],
            ),
            follow=True,
        )
        messages = [str(m) for m in response.context["messages"]]
        add_rate = reverse("admin:aid_exchangerate_add")

    assert AidProject.objects.exists()
    warnings = [m for m in messages if m.startswith("No exchange rate")]
    assert warnings == [
        "No exchange rate for CHF on 1 Jun 2021: add it under "
        f'<a href="{add_rate}?currency=CHF&amp;valid_from=2021-06-01">Exchange rates</a>.',
        "No exchange rate for GBP on 3 May 2021: add it under "
        f'<a href="{add_rate}?currency=GBP&amp;valid_from=2021-05-03">Exchange rates</a>.',
    ]


def test_saving_a_project_with_its_rates_does_not_warn(editor_client, rates_2021):
    response = editor_client.post(
        add_url(AidProject), project_form(disbursements=[disbursement_row()]), follow=True
    )

    assert AidProject.objects.exists()
    assert [m for m in response.context["messages"] if m.level_tag == "warning"] == []


def test_the_add_rate_link_fills_in_the_currency_and_date(editor_client):
    response = editor_client.get(
        add_url(ExchangeRate), {"currency": "GBP", "valid_from": "2021-05-03"}
    )

    form = response.context["adminform"].form
    assert form["currency"].value() == "GBP"
    assert form["valid_from"].value() == "2021-05-03"


# Roles.


def test_editors_are_not_offered_the_publish_actions_and_publishers_are(
    editor_client, publisher_client
):
    AidProjectFactory()

    assert not {"make_public", "make_internal"} & action_names(editor_client)
    assert {"make_public", "make_internal"} <= action_names(publisher_client)


def test_publisher_publishes_projects_in_bulk(publisher_client, publisher):
    projects = AidProjectFactory.create_batch(2)

    publisher_client.post(
        changelist_url(AidProject),
        {"action": "make_public", ACTION_CHECKBOX_NAME: [p.pk for p in projects]},
    )

    assert set(AidProject.objects.values_list("visibility", flat=True)) == {Visibility.PUBLIC}
    assert set(AidProject.objects.values_list("updated_by", flat=True)) == {publisher.pk}


def test_editor_cannot_publish_by_posting_visibility(editor_client):
    response = editor_client.post(add_url(AidProject), project_form(visibility="public"))

    assert response.status_code == 302, form_errors(response)
    assert AidProject.objects.get().visibility == Visibility.INTERNAL


def test_viewer_reads_the_list_and_the_change_page_but_cannot_change(viewer_client):
    project = AidProjectFactory(title="Dự án cũ")
    DisbursementFactory(project=project)

    listing = viewer_client.get(changelist_url(AidProject))
    page = viewer_client.get(change_url(project))
    post = viewer_client.post(change_url(project), project_form())

    assert listing.status_code == 200
    assert listing.context["action_form"] is None
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert post.status_code == 403
    assert viewer_client.get(add_url(AidProject)).status_code == 403
    assert viewer_client.get(changelist_url(ExchangeRate)).status_code == 200
    assert viewer_client.get(add_url(ExchangeRate)).status_code == 403
    project.refresh_from_db()
    assert project.title == "Dự án cũ"


def test_view_on_site_is_offered_for_public_projects_only(editor_client):
    public = AidProjectFactory(public=True)
    internal = AidProjectFactory()
    cancelled = AidProjectFactory(public=True, status=AidProject.Status.CANCELLED)

    public_page = editor_client.get(change_url(public))

    assert public_page.context["has_absolute_url"]
    assert f'href="{public.get_absolute_url()}"' in public_page.content.decode()
    assert not editor_client.get(change_url(internal)).context["has_absolute_url"]
    assert not editor_client.get(change_url(cancelled)).context["has_absolute_url"]


# Query budgets.


def _projects_with_disbursements_and_sectors(rows):
    rate("USD", D(2021, 1, 1), "23000")
    rate("EUR", D(2021, 1, 1), "27000")
    for row in range(rows):
        project = AidProjectFactory(
            title=f"Dự án Okayama {row}",
            partner=ForeignPartnerFactory(country="JP"),
            implementing_unit=LocalUnitFactory(),
            sectors=[SectorFactory(), SectorFactory()],
            currency=["USD", "EUR", "VND", "GBP"][row % 4],
            commitment_amount="1000",
            status=[AidProject.Status.COMPLETED, AidProject.Status.CANCELLED][row % 2],
        )
        DisbursementFactory(project=project, currency="EUR")
        DisbursementFactory(project=project, currency="USD")


@pytest.mark.parametrize("rows", [3, 30])
def test_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    _projects_with_disbursements_and_sectors(rows)

    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response = editor_client.get(changelist_url(AidProject))

    assert response.context["cl"].result_count == rows
    assert response.context["cl"].totals.rows == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_filtered_and_searched_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    _projects_with_disbursements_and_sectors(rows)

    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response = editor_client.get(
            changelist_url(AidProject),
            {"q": "okayama", "country": "JP", "committed_on__year": 2021},
        )

    assert response.context["cl"].totals.rows == rows


@pytest.mark.parametrize("disbursements", [1, 20])
def test_change_page_query_count_does_not_grow_with_disbursements(
    editor_client, django_assert_max_num_queries, disbursements
):
    rate("USD", D(2021, 1, 1), "23000")
    project = AidProjectFactory(
        partner=ForeignPartnerFactory(),
        implementing_unit=LocalUnitFactory(),
        district=LocalUnitFactory(kind=LocalUnit.Kind.DISTRICT),
        sectors=[SectorFactory(), SectorFactory()],
    )
    DisbursementFactory.create_batch(disbursements, project=project)

    with django_assert_max_num_queries(CHANGE_PAGE_BUDGET):
        response = editor_client.get(change_url(project))

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_rate_changelist_query_count_does_not_grow_with_rows(
    editor_client, editor, django_assert_max_num_queries, rows
):
    for row in range(rows):
        ExchangeRateFactory(
            valid_from=D(2000, 1, 1) + datetime.timedelta(days=row), updated_by=editor
        )

    with django_assert_max_num_queries(RATE_CHANGELIST_BUDGET):
        response = editor_client.get(changelist_url(ExchangeRate))

    assert response.context["cl"].result_count == rows
