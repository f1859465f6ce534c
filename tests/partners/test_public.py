"""The public twin-cities pages: only public records, ever; filters; query budgets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.models import Agreement
from core.models import Visibility
from partners.models import Relationship

from ..factories import (
    AgreementFactory,
    ForeignPartnerFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "partners:relationship_list"


def detail_url(relationship):
    return reverse("partners:relationship_detail", kwargs={"pk": relationship.pk})


def test_public_list_shows_public_relationships_with_flag_year_status_and_sectors(anonymous_client):
    health = SectorFactory(code="health", name="Y tế", name_en="Health")
    relationship = RelationshipFactory(
        public=True,
        partner__name="Kaposvár",
        partner__name_vi="Thành phố Kaposvár",
        partner__country="HU",
        established_on=datetime.date(2016, 10, 20),
        sectors=[health],
    )

    response = anonymous_client.get(reverse(LIST_URL))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Thành phố Kaposvár" in html
    assert detail_url(relationship) in html
    assert "flags/hu.gif" in html
    assert ">2016<" in html
    assert "Y tế" in html
    assert 'class="status status--active"' in html


def test_public_list_never_shows_internal_relationships_or_public_ones_of_internal_partners(
    anonymous_client,
):
    RelationshipFactory(partner__name="Internal Relationship City", partner__public=True)
    RelationshipFactory(
        visibility=Visibility.PUBLIC, partner__name="Internal Partner City"
    )  # partner internal
    published = RelationshipFactory(public=True, partner__name_vi="Thành phố đã công bố")

    response = anonymous_client.get(reverse(LIST_URL))

    html = response.content.decode()
    assert list(response.context["relationships"]) == [published]
    assert "Thành phố đã công bố" in html
    assert "Internal Relationship City" not in html
    assert "Internal Partner City" not in html


def test_country_filter_offers_only_countries_of_public_records(anonymous_client):
    RelationshipFactory(public=True, partner__country="HU")
    RelationshipFactory(partner__country="LA", partner__public=True)  # relationship internal

    response = anonymous_client.get(reverse(LIST_URL))

    choices = [code for code, _name in response.context["filter"].form.fields["country"].choices]
    assert "HU" in choices
    assert "LA" not in choices


def test_filters_narrow_the_list(anonymous_client):
    fisheries = SectorFactory(code="fisheries")
    korea = RelationshipFactory(
        public=True, partner__name="Jeollanam-do", partner__country="KR", sectors=[fisheries]
    )
    network = RelationshipFactory(
        public=True,
        partner__name="Global Resilient Cities Network",
        partner__country="",
        partner__kind="network",
        level=Relationship.Level.NETWORK,
    )
    dormant = RelationshipFactory(
        public=True, partner__country="JP", status=Relationship.Status.DORMANT
    )
    url = reverse(LIST_URL)

    def listed(**params):
        return set(anonymous_client.get(url, params).context["relationships"])

    assert listed(level="network") == {network}
    assert listed(country="KR") == {korea}
    assert listed(sector="fisheries") == {korea}
    assert listed(status="dormant") == {dormant}
    assert listed(q="jeollanam") == {korea}
    assert listed(q="RESILIENT") == {network}
    assert listed() == {korea, network, dormant}


def test_list_puts_twin_cities_before_network_memberships(anonymous_client):
    network = RelationshipFactory(
        public=True,
        partner__name="AIMF",
        partner__kind="network",
        partner__country="",
        level=Relationship.Level.NETWORK,
    )
    twin = RelationshipFactory(public=True, partner__name="Zeta City")

    relationships = list(anonymous_client.get(reverse(LIST_URL)).context["relationships"])

    assert relationships == [twin, network]


def test_an_invalid_filter_value_shows_an_error_not_a_crash(anonymous_client):
    RelationshipFactory(public=True)

    response = anonymous_client.get(reverse(LIST_URL), {"level": "nonsense"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["level"]
    assert 'class="field-error"' in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_public_list_query_count_does_not_grow_with_rows(
    anonymous_client, django_assert_max_num_queries, rows
):
    sectors = [SectorFactory(), SectorFactory()]
    for _ in range(rows):
        RelationshipFactory(public=True, sectors=sectors)

    # count, page, sectors prefetch, country choices, sector choices: fixed, whatever the rows.
    with django_assert_max_num_queries(6):
        response = anonymous_client.get(reverse(LIST_URL))

    assert response.status_code == 200
    assert response.context["paginator"].count == rows


def test_detail_page_shows_the_public_timeline_and_hides_internal_activities(anonymous_client):
    relationship = RelationshipFactory(public=True, partner__name_vi="Thành phố Okayama")
    RelationshipActivityFactory(
        relationship=relationship,
        public=True,
        date=datetime.date(2021, 10, 8),
        title="Hỗ trợ trang thiết bị y tế",
    )
    RelationshipActivityFactory(
        relationship=relationship,
        date=datetime.date(2026, 3, 3),
        title="Dự thảo kế hoạch MARKER-INTERNAL",
        description="MARKER-INTERNAL-DESCRIPTION",
    )

    response = anonymous_client.get(detail_url(relationship))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Thành phố Okayama" in html
    assert "Hỗ trợ trang thiết bị y tế" in html
    assert '<time datetime="2021-10-08">' in html
    assert "MARKER-INTERNAL" not in html


def test_detail_of_an_internal_relationship_is_404(anonymous_client):
    internal = RelationshipFactory(partner__public=True)
    of_internal_partner = RelationshipFactory(visibility=Visibility.PUBLIC)

    assert anonymous_client.get(detail_url(internal)).status_code == 404
    assert anonymous_client.get(detail_url(of_internal_partner)).status_code == 404


def test_detail_is_404_even_for_logged_in_staff(editor_client):
    # Public pages show the public view to everybody; staff use the admin for the rest.
    internal = RelationshipFactory()

    assert editor_client.get(detail_url(internal)).status_code == 404


@pytest.mark.parametrize("activities", [2, 20])
def test_detail_query_count_does_not_grow_with_activities(
    anonymous_client, django_assert_max_num_queries, activities
):
    relationship = RelationshipFactory(public=True, sectors=[SectorFactory()])
    RelationshipActivityFactory.create_batch(activities, relationship=relationship, public=True)

    # The relationship, its sectors, its activities, (one more) its agreements, the photos.
    with django_assert_max_num_queries(5):
        response = anonymous_client.get(detail_url(relationship))

    assert len(response.context["relationship"].activities.all()) == activities


def test_detail_in_english_uses_english_names(anonymous_client):
    relationship = RelationshipFactory(
        public=True,
        partner__name="Okayama",
        partner__name_vi="Thành phố Okayama",
        summary="Tóm tắt tiếng Việt",
        summary_en="English summary",
    )
    with translation.override("en"):
        url = detail_url(relationship)

    html = anonymous_client.get(url).content.decode()

    assert url.startswith("/en/")
    assert "<h1>Okayama</h1>" in html
    assert "English summary" in html
    assert "Tóm tắt tiếng Việt" not in html


def test_search_ignores_diacritics_and_capitals(anonymous_client):
    kaposvar = RelationshipFactory(
        public=True, partner__name="Kaposvár", partner__name_vi="Thành phố Kaposvár"
    )
    RelationshipFactory(public=True, partner__name="Okayama", partner__name_vi="Thành phố Okayama")

    def listed(query):
        response = anonymous_client.get(reverse(LIST_URL), {"q": query})
        return list(response.context["relationships"])

    assert listed("kaposvar") == [kaposvar]
    assert listed("THANH PHO KAPOS") == [kaposvar]


def test_sector_filter_offers_only_sectors_of_public_records(anonymous_client):
    health = SectorFactory(code="health", name="Y tế")
    secret = SectorFactory(code="secret-sector", name="Lĩnh vực nội bộ")
    SectorFactory(code="unused", name="Không dùng")
    RelationshipFactory(public=True, sectors=[health])
    RelationshipFactory(partner__public=True, sectors=[secret])  # relationship internal

    response = anonymous_client.get(reverse(LIST_URL))

    offered = [label for _value, label in response.context["filter"].form.fields["sector"].choices]
    assert "Y tế" in offered
    assert "Lĩnh vực nội bộ" not in offered
    assert "Không dùng" not in offered
    assert "Lĩnh vực nội bộ" not in response.content.decode()


def test_detail_lists_the_partners_public_agreements_only(anonymous_client):
    relationship = RelationshipFactory(public=True)
    partner = relationship.partner
    signed = AgreementFactory(
        public=True,
        title_en="MOU on education",
        parties=[partner, ForeignPartnerFactory(public=True)],
        signed_on=datetime.date(2023, 3, 1),
        expires_on=datetime.date(2024, 3, 1),  # stored as signed: reads as expired
    )
    AgreementFactory(title="Thỏa thuận nội bộ MARKER", parties=[partner])
    AgreementFactory(public=True, title="Của đối tác khác MARKER")

    with translation.override("en"):
        response = anonymous_client.get(detail_url(relationship))
        link = f'href="{signed.get_absolute_url()}"'

    html = response.content.decode()
    assert response.context["agreements"] == [signed]
    assert link in html
    assert "MOU on education" in html
    assert '<time datetime="2023-03-01">' in html
    assert '<span class="status status--expired">Expired</span>' in html
    assert "MARKER" not in html


def test_detail_links_a_public_founding_agreement_and_marks_it_in_the_list(anonymous_client):
    founding = AgreementFactory(
        public=True,
        kind=Agreement.Kind.TWINNING,
        title="Thỏa thuận thiết lập quan hệ kết nghĩa",
        parties=[ForeignPartnerFactory(public=True)],  # signed by the partner's province
    )
    relationship = RelationshipFactory(
        public=True, founding_agreement=founding, founding_document="Văn bản MARKER"
    )

    with translation.override("en"):
        response = anonymous_client.get(detail_url(relationship))
        link = f'href="{founding.get_absolute_url()}"'

    html = response.content.decode()
    assert response.context["agreements"] == [founding]
    assert response.context["founding_agreement"] == founding
    assert html.count(link) == 2
    assert '<span class="tag tag--kind">Founding agreement</span>' in html
    assert "Văn bản MARKER" not in html


def test_detail_falls_back_to_the_founding_document_text_for_an_internal_agreement(
    anonymous_client,
):
    founding = AgreementFactory(title="Thỏa thuận nội bộ MARKER")
    relationship = RelationshipFactory(
        public=True,
        founding_agreement=founding,
        founding_document="Thỏa thuận hữu nghị số 12/TTHN",
    )

    response = anonymous_client.get(detail_url(relationship))

    html = response.content.decode()
    assert response.context["agreements"] == []
    assert response.context["founding_agreement"] is None
    assert "Thỏa thuận hữu nghị số 12/TTHN" in html
    assert founding.get_absolute_url() not in html
    assert "MARKER" not in html


@pytest.mark.parametrize("agreements", [1, 15])
def test_detail_query_count_does_not_grow_with_agreements(
    anonymous_client, django_assert_max_num_queries, agreements
):
    relationship = RelationshipFactory(public=True)
    AgreementFactory.create_batch(agreements, public=True, parties=[relationship.partner])
    relationship.founding_agreement = AgreementFactory(public=True)
    relationship.save()

    # Five with the photo gallery.
    with django_assert_max_num_queries(5):
        response = anonymous_client.get(detail_url(relationship))

    assert len(response.context["agreements"]) == agreements + 1
