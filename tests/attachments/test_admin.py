"""The attachments inline on every record admin: an upload is checked by content, a refused
file is an error on its row and nothing of the page is saved; files are linked to their
protected addresses; deleting an attachment leaves a trace."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement
from aid.models import AidProject
from attachments.models import Attachment, AttachmentKind
from conferences.models import Conference
from core.models import Visibility
from delegations.models import Delegation
from partners.models import ForeignPartner, Relationship
from tests.admin_helpers import change_url
from tests.factories import (
    PDF_BYTES,
    AgreementFactory,
    AidProjectFactory,
    AttachmentFactory,
    ConferenceFactory,
    DelegationFactory,
    ForeignPartnerFactory,
    RelationshipFactory,
    image_bytes,
)
from tests.partners.test_admin import partner_form

pytestmark = pytest.mark.django_db

PREFIX = "attachments-attachment-content_type-object_id"


def stored_files(media_root):
    root = Path(media_root)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def attachment_rows(*rows, initial=0):
    """The inline's part of a POST: its management form and ``rows`` (dicts of fields)."""
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": str(initial),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{PREFIX}-{index}-{key}"] = value
    return data


def new_row(data, name, **overrides):
    return {
        "file": SimpleUploadedFile(name, data),
        "caption": "Lễ đón đoàn Okayama",
        "caption_en": "Welcoming Okayama's delegation",
        "date": "15/03/2024",
        **overrides,
    }


def existing_row(attachment, **overrides):
    return {
        "id": attachment.pk,
        "caption": attachment.caption,
        "caption_en": attachment.caption_en,
        "date": attachment.date.strftime("%d/%m/%Y"),
        "visibility": attachment.visibility,
        **overrides,
    }


@pytest.mark.parametrize(
    ("factory", "model"),
    [
        (DelegationFactory, Delegation),
        (AgreementFactory, Agreement),
        (ConferenceFactory, Conference),
        (AidProjectFactory, AidProject),
        (RelationshipFactory, Relationship),
        (ForeignPartnerFactory, ForeignPartner),
    ],
)
def test_every_record_type_has_the_attachments_inline(editor_client, factory, model):
    record = factory()
    AttachmentFactory(record=record, caption="Ảnh buổi làm việc")

    response = editor_client.get(change_url(record))

    assert response.status_code == 200
    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    (attachments,) = [formset for formset in formsets if formset.model is Attachment]
    assert [form.instance.caption for form in attachments.initial_forms] == ["Ảnh buổi làm việc"]


def test_editor_uploads_a_photo_and_it_is_stored_checked(editor_client, editor, media_root):
    partner = ForeignPartnerFactory(name="Okayama", country="JP")

    response = editor_client.post(
        change_url(partner),
        {**partner_form(partner), **attachment_rows(new_row(image_bytes(900, 600), "IMG 1.JPG"))},
    )

    assert response.status_code == 302
    (attachment,) = Attachment.objects.for_record(partner)
    assert attachment.kind == AttachmentKind.PHOTO
    assert attachment.visibility == Visibility.INTERNAL
    assert attachment.original_name == "IMG 1.JPG"
    assert attachment.file.name.startswith("attachments/2024/")
    assert attachment.file.name.endswith(".jpg") and "IMG" not in attachment.file.name
    content = Path(attachment.file.path).read_bytes()
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert Path(attachment.thumbnail.path).is_file()
    assert (attachment.created_by, attachment.updated_by) == (editor, editor)
    (created,) = attachment.history.all()
    assert (created.history_type, created.history_user) == ("+", editor)


def test_a_refused_upload_is_an_error_on_its_row_and_nothing_is_saved(editor_client, media_root):
    partner = ForeignPartnerFactory(name="Okayma", country="JP")
    fake = b"<!DOCTYPE html><html><body>not a photo</body></html>"

    response = editor_client.post(
        change_url(partner),
        {
            **partner_form(partner, name="Okayama"),
            **attachment_rows(
                new_row(image_bytes(), "good.jpg", caption="Ảnh hợp lệ"),
                new_row(fake, "photo.png", caption="Ảnh giả"),
            ),
        },
    )

    assert response.status_code == 200
    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    (attachments,) = [formset for formset in formsets if formset.model is Attachment]
    assert attachments.forms[0].errors == {}
    assert "file" in attachments.forms[1].errors
    assert "không được chấp nhận" in str(attachments.forms[1].errors["file"])
    partner.refresh_from_db()
    assert partner.name == "Okayma"
    assert Attachment.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_pdf_named_jpg_is_stored_as_a_pdf(editor_client):
    partner = ForeignPartnerFactory(country="JP")

    response = editor_client.post(
        change_url(partner),
        {**partner_form(partner), **attachment_rows(new_row(PDF_BYTES, "scan.jpg"))},
    )

    assert response.status_code == 302
    (attachment,) = Attachment.objects.for_record(partner)
    assert (attachment.kind, attachment.file_type) == ("document", "application/pdf")
    assert attachment.file.name.endswith(".pdf")
    assert not attachment.thumbnail


def test_an_editor_cannot_publish_an_attachment_but_a_publisher_can(
    editor_client, publisher_client
):
    partner = ForeignPartnerFactory(country="JP")
    row = new_row(image_bytes(), "a.jpg", visibility=Visibility.PUBLIC)

    editor_client.post(change_url(partner), {**partner_form(partner), **attachment_rows(row)})
    (attachment,) = Attachment.objects.for_record(partner)
    assert attachment.visibility == Visibility.INTERNAL

    publisher_client.post(
        change_url(partner),
        {
            **partner_form(partner),
            **attachment_rows(existing_row(attachment, visibility="public"), initial=1),
        },
    )
    attachment.refresh_from_db()
    assert attachment.visibility == Visibility.PUBLIC


def test_a_saved_attachment_keeps_its_file_when_another_is_posted(editor_client):
    partner = ForeignPartnerFactory(country="JP")
    attachment = AttachmentFactory(record=partner, name="first.jpg")
    stored = attachment.file.name

    response = editor_client.post(
        change_url(partner),
        {
            **partner_form(partner),
            **attachment_rows(
                existing_row(
                    attachment,
                    caption="Chú thích mới",
                    file=SimpleUploadedFile("x.pdf", PDF_BYTES),
                ),
                initial=1,
            ),
        },
    )

    assert response.status_code == 302
    attachment.refresh_from_db()
    assert (attachment.caption, attachment.file.name) == ("Chú thích mới", stored)


def test_deleting_an_attachment_leaves_a_trace_and_its_file(editor_client, editor):
    partner = ForeignPartnerFactory(country="JP")
    attachment = AttachmentFactory(record=partner, caption="Ảnh cần xóa")
    path = Path(attachment.file.path)

    response = editor_client.post(
        change_url(partner),
        {
            **partner_form(partner),
            **attachment_rows(existing_row(attachment, DELETE="on"), initial=1),
        },
    )

    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    deleted = Attachment.history.filter(id=attachment.pk, history_type="-").get()
    assert deleted.caption == "Ảnh cần xóa"
    assert deleted.history_user == editor
    assert path.is_file()


def test_an_editor_cannot_delete_a_public_attachment(editor_client):
    partner = ForeignPartnerFactory(country="JP")
    attachment = AttachmentFactory(record=partner, public=True)

    response = editor_client.post(
        change_url(partner),
        {
            **partner_form(partner),
            **attachment_rows(existing_row(attachment, DELETE="on"), initial=1),
        },
    )

    assert response.status_code == 200
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_save_without_the_attachments_part_leaves_them_alone(editor_client):
    partner = ForeignPartnerFactory(name="Okayma", country="JP")
    attachment = AttachmentFactory(record=partner)

    response = editor_client.post(change_url(partner), partner_form(partner, name="Okayama"))

    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Okayama"
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_the_change_page_links_files_to_their_protected_addresses(viewer_client, settings):
    partner = ForeignPartnerFactory(country="JP")
    photo = AttachmentFactory(record=partner)
    document = AttachmentFactory(record=partner, data=PDF_BYTES, name="programme.pdf")

    html = viewer_client.get(change_url(partner)).content.decode()

    assert photo.get_thumbnail_url() in html
    assert photo.get_absolute_url() in html
    assert document.get_absolute_url() in html
    assert "programme.pdf" in html
    assert f"/{settings.MEDIA_URL}" not in html


@pytest.mark.parametrize("attachments", [1, 12])
def test_the_change_page_query_count_does_not_grow_with_attachments(
    editor_client, django_assert_max_num_queries, attachments
):
    partner = ForeignPartnerFactory(country="JP")
    AttachmentFactory.create_batch(attachments, record=partner)
    AttachmentFactory.create_batch(attachments, record=partner, data=PDF_BYTES, name="a.pdf")
    editor_client.get(change_url(partner))  # warm the content-type cache

    # Session, user, permissions (2), the partner, its parent's choices, the attachments.
    with django_assert_max_num_queries(8):
        response = editor_client.get(change_url(partner))

    assert response.content.decode().count('class="attachment-thumbnail"') == attachments
