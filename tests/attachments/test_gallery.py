"""The public photos of a public record appear on its public page as a small gallery;
internal photos and every document stay off it. One query, whatever the number of photos."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import (
    PDF_BYTES,
    AgreementFactory,
    AidProjectFactory,
    AttachmentFactory,
    ConferenceFactory,
    DelegationFactory,
    ForeignPartnerFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

RECORD_FACTORIES = {
    "delegation": lambda: DelegationFactory(public=True),
    "agreement": lambda: AgreementFactory(public=True),
    "conference": lambda: ConferenceFactory(public=True),
    "aid project": lambda: AidProjectFactory(public=True),
    "twin city": lambda: RelationshipFactory(
        public=True, partner=ForeignPartnerFactory(public=True)
    ),
}


@pytest.mark.parametrize("kind", RECORD_FACTORIES)
def test_the_public_page_shows_public_photos_only(anonymous_client, kind):
    record = RECORD_FACTORIES[kind]()
    shown = AttachmentFactory(record=record, public=True, caption="Lễ ký kết tại Cần Thơ")
    hidden = AttachmentFactory(record=record, caption="Ảnh nội bộ")
    document = AttachmentFactory(
        record=record, public=True, caption="Văn bản công khai", data=PDF_BYTES, name="a.pdf"
    )

    html = anonymous_client.get(record.get_absolute_url()).content.decode()

    assert 'class="gallery"' in html
    assert shown.get_thumbnail_url() in html
    assert f'href="{shown.get_absolute_url()}"' in html
    assert "Lễ ký kết tại Cần Thơ" in html
    assert "15/03/2024" in html
    for absent in (hidden, document):
        assert absent.display_caption not in html
        assert absent.get_absolute_url() not in html


def test_a_page_without_public_photos_has_no_gallery(anonymous_client):
    delegation = DelegationFactory(public=True)
    AttachmentFactory(record=delegation)

    html = anonymous_client.get(delegation.get_absolute_url()).content.decode()

    assert 'class="gallery"' not in html


def test_the_english_page_shows_the_english_caption(anonymous_client):
    delegation = DelegationFactory(public=True)
    AttachmentFactory(record=delegation, public=True, caption="Lễ đón", caption_en="Welcome")

    with translation.override("en"):
        url = delegation.get_absolute_url()
    html = anonymous_client.get(url).content.decode()

    assert "Welcome" in html
    assert "Lễ đón" not in html


def test_photos_of_another_record_with_the_same_id_are_not_shown(anonymous_client):
    delegation = DelegationFactory(public=True)
    agreement = AgreementFactory(public=True, id=delegation.pk)  # the same id: the type decides
    AttachmentFactory(record=agreement, public=True, caption="Ảnh của thỏa thuận")

    html = anonymous_client.get(delegation.get_absolute_url()).content.decode()

    assert "Ảnh của thỏa thuận" not in html


@pytest.mark.parametrize("photos", [1, 12])
def test_the_gallery_costs_one_query_whatever_the_number_of_photos(anonymous_client, photos):
    delegation = DelegationFactory(public=True)
    AttachmentFactory.create_batch(photos, record=delegation, public=True)

    with CaptureQueriesContext(connection) as queries:
        response = anonymous_client.get(delegation.get_absolute_url())

    assert response.content.decode().count('class="gallery__item"') == photos
    gallery = [q for q in queries.captured_queries if "attachments_attachment" in q["sql"]]
    assert len(gallery) == 1
