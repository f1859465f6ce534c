"""Serving attachments: staff get any file, the public only a public photo of a public
record (and its thumbnail); anything else is a 404. Files are never under MEDIA_URL."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from tests.factories import (
    PDF_BYTES,
    AttachmentFactory,
    DelegationFactory,
    ForeignPartnerFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db


def fetch(client, url):
    """GET ``url`` and read the whole body (which closes a served file): ``.body``."""
    response = client.get(url)
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def stored(field_file):
    with field_file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def clients(anonymous_client, viewer_client, editor_client):
    return {"anonymous": anonymous_client, "viewer": viewer_client, "editor": editor_client}


@pytest.mark.parametrize("role", ["anonymous", "viewer", "editor"])
@pytest.mark.parametrize("photo_public", [True, False])
@pytest.mark.parametrize("record_public", [True, False])
def test_who_may_see_a_photo(clients, role, photo_public, record_public):
    photo = AttachmentFactory(record=DelegationFactory(public=record_public), public=photo_public)
    client = clients[role]
    expected = 200 if (role != "anonymous" or (photo_public and record_public)) else 404

    full = fetch(client, photo.get_absolute_url())
    thumbnail = fetch(client, photo.get_thumbnail_url())

    assert (full.status_code, thumbnail.status_code) == (expected, expected)
    if expected == 200:
        assert full.body == stored(photo.file)
        assert Image.open(io.BytesIO(thumbnail.body)).format == "WEBP"


def test_a_photo_is_shown_inline_with_its_type_and_original_name(anonymous_client):
    photo = AttachmentFactory(public=True, name="Lễ đón đoàn.jpg")

    response = fetch(anonymous_client, photo.get_absolute_url())

    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "filename*=utf-8''L%E1%BB%85%20%C4%91%C3%B3n%20%C4%91o%C3%A0n.jpg" in disposition
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_document_downloads_under_its_name_with_the_type_found(viewer_client):
    pdf = AttachmentFactory(data=PDF_BYTES, name="programme.jpg")

    response = fetch(viewer_client, pdf.get_absolute_url())

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert 'filename="programme.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response.body == PDF_BYTES


def test_an_office_file_is_a_download(viewer_client):
    import openpyxl

    workbook = io.BytesIO()
    openpyxl.Workbook().save(workbook)
    sheet = AttachmentFactory(data=workbook.getvalue(), name="budget.xlsx")

    response = fetch(viewer_client, sheet.get_absolute_url())

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_public_document_of_a_public_record_is_not_public(anonymous_client):
    pdf = AttachmentFactory(public=True, data=PDF_BYTES, name="programme.pdf")

    assert fetch(anonymous_client, pdf.get_absolute_url()).status_code == 404


def test_a_document_has_no_thumbnail(viewer_client):
    pdf = AttachmentFactory(data=PDF_BYTES, name="programme.pdf")

    assert fetch(viewer_client, pdf.get_thumbnail_url()).status_code == 404


def test_a_public_photo_of_a_relationship_with_an_internal_partner_is_hidden(anonymous_client):
    # The relationship is public, but its partner is not: public() hides it, and its photos.
    relationship = RelationshipFactory(public=True, partner=ForeignPartnerFactory())
    photo = AttachmentFactory(record=relationship, public=True)

    assert fetch(anonymous_client, photo.get_absolute_url()).status_code == 404


def test_a_public_photo_of_a_deleted_record_is_hidden(anonymous_client, viewer_client):
    delegation = DelegationFactory(public=True)
    photo = AttachmentFactory(record=delegation, public=True)
    delegation.delete()

    assert fetch(anonymous_client, photo.get_absolute_url()).status_code == 404
    assert fetch(viewer_client, photo.get_absolute_url()).status_code == 200


def test_an_unknown_attachment_is_404(viewer_client):
    url = reverse("attachments:attachment_file", kwargs={"pk": 999999})

    assert fetch(viewer_client, url).status_code == 404


def test_the_stored_file_is_not_reachable_under_media_url(anonymous_client, viewer_client):
    photo = AttachmentFactory(public=True)

    for client in (anonymous_client, viewer_client):
        assert fetch(client, f"/media/{photo.file.name}").status_code == 404
        assert fetch(client, f"/en/media/{photo.file.name}").status_code == 404


def test_a_file_missing_on_disk_is_404_not_500(viewer_client):
    photo = AttachmentFactory()
    photo.file.storage.delete(photo.file.name)

    assert fetch(viewer_client, photo.get_absolute_url()).status_code == 404
