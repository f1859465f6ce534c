"""The public agreements pages: only public records and public parties; filters (status as it
reads today); the CSV download equals the filtered list; the signed document; query budgets."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import Agreement
from core.models import Visibility
from delegations.models import Delegation
from tests.factories import (
    AgreementActivityFactory,
    AgreementFactory,
    DelegationFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "agreements:agreement_list"
CSV_URL = "agreements:agreement_csv"

# Filters (countries, years, sectors), the count, the page of rows, the parties, the sectors.
# +1 on a cold cache: the sectors' ids are cached apart from the rows (core.listcache).
LIST_BUDGET = 8
# Filters (countries, years), the rows, the parties, the sectors.
# +1 on a cold cache: the sectors' ids are cached apart from the rows (core.listcache).
CSV_BUDGET = 6
# The agreement, parties, sectors, delegation, conference, parent, amendments, activities,
# the photo gallery (the conference is tested in tests/conferences/test_public.py).
DETAIL_BUDGET = 9

PDF = b"%PDF-1.4\n% a signed agreement\n%%EOF\n"


def listed(response):
    return list(response.context["agreements"])


def csv_rows(response):
    """The data rows of a CSV download (the header dropped), read as a spreadsheet would."""
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1:]


def detail_url(agreement):
    return reverse("agreements:agreement_detail", kwargs={"pk": agreement.pk})


def document_url(agreement):
    return reverse("agreements:agreement_document", kwargs={"pk": agreement.pk})


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_public_list_shows_title_flags_and_public_parties_only(anonymous_client):
    okayama = ForeignPartnerFactory(public=True, name="Okayama", name_vi="Thành phố Okayama")
    hidden = ForeignPartnerFactory(name="Undisclosed Trading Co.", country="SG")
    agreement = AgreementFactory(
        public=True,
        title="Biên bản ghi nhớ hợp tác y tế với Okayama",
        reference_number="15/2023/MOU-UBND",
        parties=[okayama, hidden],
    )

    response = anonymous_client.get(reverse(LIST_URL))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Biên bản ghi nhớ hợp tác y tế với Okayama" in html
    assert "15/2023/MOU-UBND" in html
    assert agreement.get_absolute_url() in html
    assert "Thành phố Okayama" in html
    assert "flags/jp.gif" in html
    assert "Undisclosed Trading Co." not in html
    # Nor the internal party's country.
    assert "flags/sg.gif" not in html


def test_public_list_never_shows_internal_agreements(anonymous_client):
    shown = AgreementFactory(public=True, title="Thỏa thuận đã công bố")
    AgreementFactory(title="Thỏa thuận nội bộ")

    response = anonymous_client.get(reverse(LIST_URL))

    assert listed(response) == [shown]
    assert "Thỏa thuận nội bộ" not in response.content.decode()


def test_list_is_newest_signed_first(anonymous_client):
    old = AgreementFactory(public=True, signed_on=datetime.date(2019, 5, 1))
    new = AgreementFactory(public=True, signed_on=datetime.date(2024, 5, 1))
    middle = AgreementFactory(public=True, signed_on=datetime.date(2022, 5, 1))

    assert listed(anonymous_client.get(reverse(LIST_URL))) == [new, middle, old]


def test_list_reads_an_agreement_past_its_expiry_as_expired(anonymous_client):
    AgreementFactory(
        public=True,
        status=Agreement.Status.SIGNED,
        signed_on=datetime.date(2018, 1, 1),
        expires_on=datetime.date(2021, 1, 1),
    )

    with translation.override("en"):
        html = anonymous_client.get(reverse(LIST_URL)).content.decode()

    assert '<span class="status status--expired">Expired</span>' in html


@pytest.fixture
def filter_records():
    """Five public agreements, one internal, for the filter tests (named by title_en)."""
    health = SectorFactory(code="health")
    trade = SectorFactory(code="trade")
    riverside = ForeignPartnerFactory(
        public=True, name="Riverside", name_vi="Thành phố Riverside", country="US"
    )
    kaposvar = ForeignPartnerFactory(public=True, name="Kaposvár", country="HU")
    secret = ForeignPartnerFactory(name="Quiet Holdings", country="SG")  # internal
    unit = LocalUnitFactory(name="Sở Y tế", name_en="Department of Health")
    AgreementFactory(
        public=True,
        title_en="riverside-twinning",
        title="Thỏa thuận kết nghĩa với Riverside",
        kind=Agreement.Kind.TWINNING,
        parties=[riverside],
        signed_on=datetime.date(2015, 4, 9),
    )
    AgreementFactory(
        public=True,
        title_en="health-mou",
        title="Biên bản ghi nhớ về y tế",
        signing_level=Agreement.Level.UNIT,
        signatory_unit=unit,
        parties=[kaposvar],
        sectors=[health],
        signed_on=datetime.date(2023, 6, 1),
        expires_on=datetime.date(2024, 6, 1),  # stored as signed: reads as expired
    )
    AgreementFactory(
        public=True,
        title_en="trade-contract",
        kind=Agreement.Kind.CONTRACT,
        signing_level=Agreement.Level.UNIT,
        reference_number="88/HĐ-SCT",
        parties=[secret],
        sectors=[trade],
        signed_on=datetime.date(2023, 9, 1),
    )
    AgreementFactory(
        public=True,
        title_en="negotiating",
        status=Agreement.Status.NEGOTIATING,
        signed_on=None,
        parties=[riverside, kaposvar],
        summary="Dự thảo về khởi nghiệp sáng tạo",
    )
    AgreementFactory(
        public=True,
        title_en="terminated",
        status=Agreement.Status.TERMINATED,
        signed_on=datetime.date(2020, 1, 1),
        terminated_on=datetime.date(2021, 1, 1),
        parties=[kaposvar],
    )
    AgreementFactory(title_en="internal", parties=[riverside], sectors=[health])


@pytest.mark.usefixtures("filter_records")
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "twinning"}, {"riverside-twinning"}),
        ({"kind": "contract"}, {"trade-contract"}),
        ({"signing_level": "city"}, {"riverside-twinning", "negotiating", "terminated"}),
        ({"signing_level": "unit"}, {"health-mou", "trade-contract"}),
        ({"status": "expired"}, {"health-mou"}),
        ({"status": "in_force"}, {"riverside-twinning", "trade-contract"}),
        ({"status": "signed"}, set()),
        ({"status": "negotiating"}, {"negotiating"}),
        ({"status": "terminated"}, {"terminated"}),
        ({"country": "US"}, {"riverside-twinning", "negotiating"}),
        ({"country": "HU"}, {"health-mou", "negotiating", "terminated"}),
        ({"year": "2023"}, {"health-mou", "trade-contract"}),
        ({"sector": "health"}, {"health-mou"}),
        ({"q": "ket nghia"}, {"riverside-twinning"}),
        ({"q": "KAPOSVAR"}, {"health-mou", "negotiating", "terminated"}),
        ({"q": "88/hđ"}, {"trade-contract"}),
        ({"q": "khoi nghiep"}, {"negotiating"}),
        ({"q": "Quiet Holdings"}, set()),
        ({"country": "HU", "signing_level": "unit"}, {"health-mou"}),
    ],
)
def test_filters_narrow_the_list(anonymous_client, params, expected):
    with translation.override("en"):
        response = anonymous_client.get(reverse(LIST_URL), params)

    assert response.status_code == 200
    assert {agreement.title_en for agreement in listed(response)} == expected


def test_filter_choices_come_only_from_public_records_and_public_parties(anonymous_client):
    visible = SectorFactory(code="visible", name="Lĩnh vực công khai")
    secret_sector = SectorFactory(code="secret", name="Lĩnh vực nội bộ")
    SectorFactory(code="unused")
    AgreementFactory(
        public=True,
        signed_on=datetime.date(2022, 1, 5),
        parties=[
            ForeignPartnerFactory(public=True, country="HU"),
            ForeignPartnerFactory(country="SG"),  # internal party of a public agreement
        ],
        sectors=[visible],
    )
    AgreementFactory(
        signed_on=datetime.date(2019, 1, 5),
        parties=[ForeignPartnerFactory(public=True, country="LA")],
        sectors=[secret_sector],
    )

    response = anonymous_client.get(reverse(LIST_URL))

    form = response.context["filter"].form
    assert [code for code, _ in form.fields["country"].choices if code] == ["HU"]
    assert [year for year, _ in form.fields["year"].choices if year] == ["2022"]
    assert [sector.code for sector in form.fields["sector"].queryset] == ["visible"]
    assert "Lĩnh vực nội bộ" not in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"year": "1066"}, {"status": "forgotten"}, {"signing_level": "mayor"}]
)
def test_an_invalid_filter_value_shows_an_error_not_a_crash(anonymous_client, params):
    AgreementFactory(public=True)

    response = anonymous_client.get(reverse(LIST_URL), params)

    assert response.status_code == 200
    (field,) = params
    assert response.context["filter"].form.errors[field]
    assert 'class="field-error"' in response.content.decode()


def test_csv_download_holds_exactly_the_filtered_rows_of_every_page(anonymous_client):
    korea = ForeignPartnerFactory(public=True, country="KR")
    for day in range(1, 31):
        AgreementFactory(public=True, parties=[korea], signed_on=datetime.date(2023, 1, day))
    AgreementFactory(public=True, signed_on=datetime.date(2023, 2, 1))  # a Japanese party
    AgreementFactory(parties=[korea], signed_on=datetime.date(2023, 2, 2))  # internal

    params = {"country": "KR"}
    page_one = anonymous_client.get(reverse(LIST_URL), params)
    page_two = anonymous_client.get(reverse(LIST_URL), {**params, "page": 2})
    download = anonymous_client.get(reverse(CSV_URL), params)

    on_pages = listed(page_one) + listed(page_two)
    assert page_one.context["paginator"].count == len(on_pages) == 30
    rows = csv_rows(download)
    assert [row[-1].rsplit("/", 2)[-2] for row in rows] == [str(a.pk) for a in on_pages]
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in download["Content-Disposition"]


def test_list_links_the_csv_download_with_the_same_filters(anonymous_client):
    AgreementFactory(public=True)

    response = anonymous_client.get(reverse(LIST_URL), {"kind": "mou", "page": "1"})

    assert f'href="{reverse(CSV_URL)}?kind=mou"' in response.content.decode()


def test_csv_columns_in_english_under_en(anonymous_client):
    hidden = ForeignPartnerFactory(name="Undisclosed Trading Co.", country="SG")
    kaposvar = ForeignPartnerFactory(public=True, name="Kaposvár", country="HU")
    riverside = ForeignPartnerFactory(public=True, name="Riverside", country="US")
    AgreementFactory(
        public=True,
        reference_number="07/2016/TTHT",
        title_en="Cooperation with Kaposvár",
        kind=Agreement.Kind.COOPERATION,
        signing_level=Agreement.Level.UNIT,
        signatory_unit=LocalUnitFactory(name_en="Department of Health"),
        parties=[hidden, kaposvar, riverside],
        sectors=[SectorFactory(name_en="Health")],
        signed_on=datetime.date(2016, 10, 20),
        entry_into_force=datetime.date(2016, 11, 1),
        expires_on=datetime.date(2019, 10, 20),
    )
    AgreementFactory(
        public=True,
        title_en="Renewing",
        parties=[kaposvar],
        signed_on=datetime.date(2020, 1, 1),
        expires_on=datetime.date(2021, 1, 1),
        auto_renew=True,
        renewal_term_months=12,
    )
    AgreementFactory(public=True, title_en="Open", signed_on=datetime.date(2015, 1, 1))

    with translation.override("en"):
        response = anonymous_client.get(reverse(CSV_URL))
        text = b"".join(response.streaming_content).decode()

    header, renewing, cooperation, open_ended = list(
        csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    )
    assert header[0] == "Date of signing"
    assert cooperation[:10] == [
        "2016-10-20",
        "07/2016/TTHT",
        "Cooperation agreement",
        "Cooperation with Kaposvár",
        "Department or unit",
        "Department of Health",
        "Kaposvár; Riverside",
        "Hungary; United States of America",
        "Health",
        "2016-11-01",
    ]
    assert cooperation[10:13] == ["2019-10-20", "No", "Expired"]
    next_renewal = Agreement.objects.get(title_en="Renewing").current_expiry()
    assert next_renewal >= timezone.localdate()
    assert renewing[10:13] == [next_renewal.isoformat(), "Every 12 months", "In force"]
    assert open_ended[10:13] == ["Open-ended", "No", "In force"]
    assert "Undisclosed" not in text


def test_csv_defuses_text_a_spreadsheet_would_run_as_a_formula(anonymous_client):
    AgreementFactory(public=True, title='=HYPERLINK("http://evil.example")')

    (row,) = csv_rows(anonymous_client.get(reverse(CSV_URL)))

    assert row[3] == '\'=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("rows", [3, 30])
def test_public_list_query_count_does_not_grow_with_rows(
    anonymous_client, django_assert_max_num_queries, rows
):
    unit = LocalUnitFactory()
    for index in range(rows):
        AgreementFactory(
            public=True,
            signatory_unit=unit,
            signed_on=datetime.date(2010 + index % 15, 1, 1),
            parties=[
                ForeignPartnerFactory(public=True, country="JP"),
                ForeignPartnerFactory(public=True, country="KR"),
                ForeignPartnerFactory(),
            ],
            sectors=[SectorFactory()],
        )

    with django_assert_max_num_queries(LIST_BUDGET):
        response = anonymous_client.get(reverse(LIST_URL))

    assert response.context["paginator"].count == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_csv_query_count_does_not_grow_with_rows(
    anonymous_client, django_assert_max_num_queries, rows
):
    unit = LocalUnitFactory()
    for _ in range(rows):
        AgreementFactory(
            public=True,
            signatory_unit=unit,
            parties=ForeignPartnerFactory.create_batch(2, public=True),
            sectors=[SectorFactory()],
        )

    with django_assert_max_num_queries(CSV_BUDGET):
        assert len(csv_rows(anonymous_client.get(reverse(CSV_URL)))) == rows


def test_detail_shows_parties_sectors_dates_and_public_activities_never_notes(
    anonymous_client,
):
    hidden = ForeignPartnerFactory(name="Undisclosed Trading Co.")
    kaposvar = ForeignPartnerFactory(public=True, name="Kaposvár", country="HU")
    agreement = AgreementFactory(
        public=True,
        title_en="Cooperation with Kaposvár",
        reference_number="07/2016/TTHT",
        signatory="Trần Văn A, Vice Chairman",
        signatory_unit=LocalUnitFactory(name_en="People's Committee"),
        signed_on=datetime.date(2016, 10, 20),
        signed_at="Kaposvár, Hungary",
        entry_into_force=datetime.date(2016, 11, 1),
        parties=[kaposvar, hidden],
        sectors=[SectorFactory(name_en="Education")],
        summary_en="Exchanges of students and teachers.",
        notes="MARKER-NOTES never public",
    )
    AgreementActivityFactory(
        agreement=agreement,
        public=True,
        date=datetime.date(2018, 9, 5),
        description_en="First students enrolled",
        progress="20 of 40 places filled",
        unit=LocalUnitFactory(name_en="Can Tho University"),
    )
    AgreementActivityFactory(
        agreement=agreement, date=datetime.date(2019, 1, 1), description_en="MARKER-INTERNAL"
    )

    with translation.override("en"):
        response = anonymous_client.get(detail_url(agreement))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Cooperation with Kaposvár</h1>" in html
    assert "07/2016/TTHT" in html
    assert "Kaposvár" in html and "flags/hu.gif" in html
    assert "Trần Văn A, Vice Chairman" in html
    assert "People&#x27;s Committee" in html
    assert "Kaposvár, Hungary" in html
    assert '<time datetime="2016-10-20">' in html
    assert '<time datetime="2016-11-01">' in html
    assert "Open-ended" in html
    assert "Education" in html
    assert "Exchanges of students and teachers." in html
    assert "First students enrolled" in html
    assert "20 of 40 places filled" in html
    assert "Can Tho University" in html
    assert '<span class="status status--in_force">In force</span>' in html
    assert "MARKER-INTERNAL" not in html
    assert "MARKER-NOTES" not in html
    assert "Undisclosed Trading Co." not in html
    assert "document.pdf" not in html  # no document, no link


def test_detail_shows_the_days_left_to_the_expiry(anonymous_client):
    agreement = AgreementFactory(
        public=True, signed_on=days_from_today(-300), expires_on=days_from_today(45)
    )

    with translation.override("en"):
        html = anonymous_client.get(detail_url(agreement)).content.decode()

    assert f'<time datetime="{days_from_today(45).isoformat()}">' in html
    assert "(45 days left)" in html


def test_detail_shows_the_next_renewal_of_an_agreement_that_renews_automatically(
    anonymous_client,
):
    agreement = AgreementFactory(
        public=True,
        signed_on=datetime.date(2019, 3, 15),
        expires_on=datetime.date(2020, 3, 15),
        auto_renew=True,
        renewal_term_months=6,
    )
    next_renewal = agreement.current_expiry()

    with translation.override("en"):
        response = anonymous_client.get(detail_url(agreement))

    html = response.content.decode()
    assert next_renewal >= timezone.localdate()
    assert response.context["expiry"] == next_renewal
    assert "Renews automatically every 6 months, next on" in html
    assert "days left" not in html
    assert '<span class="status status--in_force">In force</span>' in html


def test_detail_of_an_expired_agreement_shows_no_days_left(anonymous_client):
    agreement = AgreementFactory(
        public=True, signed_on=datetime.date(2018, 1, 1), expires_on=datetime.date(2021, 1, 1)
    )

    with translation.override("en"):
        html = anonymous_client.get(detail_url(agreement)).content.decode()

    assert '<span class="status status--expired">Expired</span>' in html
    assert '<time datetime="2021-01-01">' in html
    assert "days left" not in html


def test_detail_links_public_delegation_parent_and_amendments_only(anonymous_client):
    public_delegation = DelegationFactory(public=True, title="Đoàn Kaposvár thăm thành phố")
    parent = AgreementFactory(public=True, title="Thỏa thuận gốc")
    agreement = AgreementFactory(public=True, parent=parent, delegation=public_delegation)
    amendment = AgreementFactory(public=True, parent=agreement, title="Phụ lục công khai")
    AgreementFactory(parent=agreement, title="Phụ lục nội bộ")
    other = AgreementFactory(
        public=True,
        parent=AgreementFactory(title="Gốc nội bộ"),
        delegation=DelegationFactory(public=True, status=Delegation.Status.CANCELLED),
    )

    html = anonymous_client.get(detail_url(agreement)).content.decode()
    other_html = anonymous_client.get(detail_url(other)).content.decode()

    assert public_delegation.get_absolute_url() in html
    assert parent.get_absolute_url() in html
    assert amendment.get_absolute_url() in html
    assert "Phụ lục nội bộ" not in html
    assert "Gốc nội bộ" not in other_html
    assert "/delegations/" not in other_html.replace(reverse("delegations:delegation_list"), "")


def test_detail_of_an_internal_agreement_is_404_even_for_staff(anonymous_client, editor_client):
    agreement = AgreementFactory(visibility=Visibility.INTERNAL)

    assert anonymous_client.get(detail_url(agreement)).status_code == 404
    assert editor_client.get(detail_url(agreement)).status_code == 404


@pytest.mark.parametrize("size", [1, 12])
def test_detail_query_count_does_not_grow_with_parties_and_activities(
    anonymous_client, django_assert_max_num_queries, size
):
    agreement = AgreementFactory(
        public=True,
        signatory_unit=LocalUnitFactory(),
        parent=AgreementFactory(public=True),
        delegation=DelegationFactory(public=True),
        parties=ForeignPartnerFactory.create_batch(size, public=True),
        sectors=SectorFactory.create_batch(size),
    )
    AgreementFactory.create_batch(size, public=True, parent=agreement)
    AgreementActivityFactory.create_batch(
        size, agreement=agreement, public=True, unit=LocalUnitFactory()
    )

    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = anonymous_client.get(detail_url(agreement))

    assert response.status_code == 200
    assert len(response.context["agreement"].public_activities) == size


def with_document(**kwargs):
    return AgreementFactory(
        document=SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf"), **kwargs
    )


def test_public_agreements_document_is_served_inline_to_anyone(anonymous_client):
    agreement = with_document(public=True, reference_number="15/2023/MOU-UBND")

    detail = anonymous_client.get(detail_url(agreement)).content.decode()
    response = anonymous_client.get(document_url(agreement))

    assert f'href="{document_url(agreement)}"' in detail
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="15-2023-MOU-UBND.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_document_without_a_reference_number_is_named_after_the_agreement(anonymous_client):
    agreement = with_document(public=True)

    response = anonymous_client.get(document_url(agreement))

    assert response["Content-Disposition"] == f'inline; filename="agreement-{agreement.pk}.pdf"'
    response.close()


def test_internal_agreements_document_is_404_for_anonymous_and_served_to_an_editor(
    anonymous_client, editor_client
):
    agreement = with_document()

    assert anonymous_client.get(document_url(agreement)).status_code == 404
    response = editor_client.get(document_url(agreement))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "private" in response["Cache-Control"]


def test_internal_agreements_document_is_404_for_staff_without_the_view_permission(client):
    client.force_login(UserFactory(username="clerk"))  # staff, in no group
    agreement = with_document()

    assert client.get(document_url(agreement)).status_code == 404


def test_document_is_404_when_there_is_none(anonymous_client, editor_client):
    agreement = AgreementFactory(public=True)

    assert anonymous_client.get(document_url(agreement)).status_code == 404
    assert editor_client.get(document_url(agreement)).status_code == 404


def test_document_is_404_when_the_file_is_missing_from_storage(anonymous_client):
    agreement = with_document(public=True)
    agreement.document.storage.delete(agreement.document.name)

    assert anonymous_client.get(document_url(agreement)).status_code == 404


def test_public_navigation_links_the_agreements_list(anonymous_client):
    response = anonymous_client.get(reverse("core:home"))

    assert reverse(LIST_URL) in response.content.decode()
