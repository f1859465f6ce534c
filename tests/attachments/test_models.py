"""Every rule of an attachment is also a database constraint: a row written around the
form (a script, a bad migration) is refused by the database itself, by that constraint."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from attachments.models import Attachment
from tests.factories import PDF_BYTES, AttachmentFactory
from tests.partners.test_models import violates


def photo():
    return AttachmentFactory()


def document():
    return AttachmentFactory(data=PDF_BYTES, name="a.pdf")


def update(make, **values):
    def run():
        attachment = make()
        Attachment.objects.filter(pk=attachment.pk).update(**values)

    return run


INVALID_ROWS = {
    "attachments_attachment_visibility_valid": update(photo, visibility="secret"),
    "attachments_kind_valid": update(photo, kind="video"),
    "attachments_file_type_valid": update(photo, file_type="text/html"),
    "attachments_caption_not_blank": update(photo, caption=""),
    "attachments_file_not_blank": update(photo, file=""),
    "attachments_original_name_not_blank": update(photo, original_name=""),
    "attachments_size_positive": update(photo, size=0),
    "attachments_sha256_length": update(photo, sha256="abc"),
    "attachments_kind_matches_type": update(document, kind="photo"),
    "attachments_extension_matches_type": update(photo, file="attachments/2024/abc.png"),
    "attachments_thumbnail_only_for_photos": update(photo, thumbnail=""),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(INVALID_ROWS))
def test_the_database_refuses_a_row_that_breaks_the_constraint(name):
    with violates(name):
        INVALID_ROWS[name]()


def test_every_attachments_constraint_has_a_database_test():
    models = apps.get_app_config("attachments").get_models()
    assert {c.name for m in models for c in m._meta.constraints} == set(INVALID_ROWS)


@pytest.mark.django_db
def test_a_document_with_a_thumbnail_is_refused_too():
    with violates("attachments_thumbnail_only_for_photos"):
        update(document, thumbnail="attachments/2024/x.thumb.webp")()


@pytest.mark.django_db
def test_a_bad_kind_is_a_translated_form_message():
    attachment = photo()
    attachment.kind = "document"

    with pytest.raises(ValidationError) as caught:
        attachment.full_clean()

    assert "Loại tệp đính kèm không khớp" in str(caught.value)


def test_the_default_limits_are_20_megabytes_and_50_megapixels():
    from diplomacy_tracker import settings as project_settings

    assert project_settings.ATTACHMENT_MAX_BYTES == 20 * 1024 * 1024
    assert project_settings.ATTACHMENT_MAX_PIXELS == 50_000_000
