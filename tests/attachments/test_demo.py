"""The demo's photos: public ones on public records show in their galleries; an internal
photo and an internal document stay off the public pages."""

import pytest

from attachments.models import Attachment
from core.models import Visibility

pytestmark = pytest.mark.django_db


def test_the_demo_has_public_photos_on_public_records_and_internal_files(demo_data):
    public = list(Attachment.objects.public_photos().select_related("content_type"))
    assert len(public) >= 5
    assert {photo.content_type.model for photo in public} == {
        "delegation",
        "agreement",
        "conference",
        "aidproject",
        "relationship",
    }
    assert all(photo.record_is_public() for photo in public)
    assert Attachment.objects.filter(visibility=Visibility.INTERNAL, kind="photo").exists()
    assert Attachment.objects.filter(kind="document", file_type="application/pdf").exists()


def test_every_public_demo_photo_shows_on_its_records_page(demo_data, anonymous_client):
    # (The files themselves are in the demo's temporary folder; serving is tested apart.)
    for photo in Attachment.objects.public_photos():
        html = anonymous_client.get(photo.record.get_absolute_url()).content.decode()
        assert photo.get_thumbnail_url() in html, photo.caption


def test_internal_demo_files_are_not_public(demo_data, anonymous_client):
    for attachment in Attachment.objects.exclude(
        pk__in=Attachment.objects.public_photos().values("pk")
    ):
        assert anonymous_client.get(attachment.get_absolute_url()).status_code == 404
        html = anonymous_client.get(attachment.record.get_absolute_url()).content.decode()
        assert attachment.caption not in html
