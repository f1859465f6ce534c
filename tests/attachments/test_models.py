"""Every rule of an attachment is also a database constraint: a row written around the
form (a script, a bad migration) is refused by the database itself."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from attachments.models import Attachment
from tests.factories import PDF_BYTES, AttachmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    return AttachmentFactory()


@pytest.fixture
def document():
    return AttachmentFactory(data=PDF_BYTES, name="a.pdf")


def refused_by_database(attachment, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).update(**values)


def test_a_photo_must_have_a_thumbnail(photo):
    refused_by_database(photo, thumbnail="")


def test_a_document_has_no_thumbnail(document):
    refused_by_database(document, thumbnail="attachments/2024/x.thumb.webp")


def test_the_kind_follows_the_type(photo, document):
    refused_by_database(photo, kind="document")
    refused_by_database(document, kind="photo")


def test_the_stored_name_carries_the_types_extension(photo, document):
    refused_by_database(photo, file="attachments/2024/abc.png")
    refused_by_database(document, file="attachments/2024/abc.jpg")


def test_size_checksum_caption_type_and_visibility_are_checked(photo):
    refused_by_database(photo, size=0)
    refused_by_database(photo, sha256="abc")
    refused_by_database(photo, caption="")
    refused_by_database(photo, original_name="")
    refused_by_database(photo, file_type="text/html")
    refused_by_database(photo, visibility="secret")


def test_a_bad_kind_is_a_translated_form_message(photo):
    photo.kind = "document"

    with pytest.raises(ValidationError) as caught:
        photo.full_clean()

    assert "Loại tệp đính kèm không khớp" in str(caught.value)


def test_the_default_limits_are_20_megabytes_and_50_megapixels(settings):
    from diplomacy_tracker import settings as project_settings

    assert project_settings.ATTACHMENT_MAX_BYTES == 20 * 1024 * 1024
    assert project_settings.ATTACHMENT_MAX_PIXELS == 50_000_000
