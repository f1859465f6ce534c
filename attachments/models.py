"""Files attached to any record: documents (PDF, DOCX, XLSX) and photos (JPEG, PNG, WebP).

Every file is checked by its content when it is uploaded (``attachments.inspection``):
its type by its first bytes, never by its name; a photo is decoded in full under a pixel
limit, turned upright, re-encoded without its metadata (EXIF, GPS) and given a thumbnail.
What is stored is that checked file under a random name of ours, with the facts the check
found (kind, type, size, SHA-256) and the uploader's file name for downloads.

Files are not served from MEDIA_URL: ``attachments.views`` decides who may read each one
(staff: all; the public: a public photo of a public record). An attachment outlives its
record on purpose: a deleted record restored from its history finds its files again, and a
deleted attachment keeps its file and a history row (``history``).
"""

import os

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import (
    PublishableModel,
    PublishableQuerySet,
    Visibility,
    choices_constraint,
    localized,
    not_blank_constraint,
)


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")


class FileType(models.TextChoices):
    """The accepted types, as found in the file's content; each has one extension."""

    PDF = "application/pdf", "PDF"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"
    WEBP = "image/webp", "WebP"


EXTENSIONS = {
    FileType.PDF: "pdf",
    FileType.DOCX: "docx",
    FileType.XLSX: "xlsx",
    FileType.JPEG: "jpg",
    FileType.PNG: "png",
    FileType.WEBP: "webp",
}
PHOTO_TYPES = [FileType.JPEG, FileType.PNG, FileType.WEBP]
DOCUMENT_TYPES = [FileType.PDF, FileType.DOCX, FileType.XLSX]
THUMBNAIL_EXTENSION = "webp"

# The record types that take attachments (each admin shows the inline). Their querysets'
# public() decides whether a public photo may be shown to the public.
ATTACHABLE_MODELS = (
    "delegations.Delegation",
    "agreements.Agreement",
    "conferences.Conference",
    "aid.AidProject",
    "partners.Relationship",
    "partners.ForeignPartner",
)


def _random_stem(instance):
    year = (instance.date or timezone.localdate()).year
    if not getattr(instance, "_stem", None):
        instance._stem = f"attachments/{year}/{os.urandom(12).hex()}"
    return instance._stem


def attachment_path(instance, filename):
    # Our own name, never the uploader's: no path tricks, no clashes, nothing to guess.
    return f"{_random_stem(instance)}.{EXTENSIONS[FileType(instance.file_type)]}"


def thumbnail_path(instance, filename):
    return f"{_random_stem(instance)}.thumb.{THUMBNAIL_EXTENSION}"


def _history_user(instance, request=None, **kwargs):
    """Who made the change: the signed-in user of the request when the history middleware
    is installed, else the user the admin stamped on the row."""
    if request is not None:
        return request.user
    return getattr(instance, "updated_by", None)


class AttachmentQuerySet(PublishableQuerySet):
    period_field = "date"

    def for_record(self, record):
        """The attachments of ``record`` (a join on the content type: no separate query
        for it, whatever the content-type cache holds)."""
        meta = record._meta
        return self.filter(
            content_type__app_label=meta.app_label,
            content_type__model=meta.model_name,
            object_id=record.pk,
        )

    def public_photos(self):
        """Photos marked public. Shown only on the page of a public record: callers start
        from a record that is public (a public detail page) or check it (the file view)."""
        return self.public().filter(kind=AttachmentKind.PHOTO)


class Attachment(PublishableModel):
    """A document or a photo attached to a record, checked by its content when uploaded."""

    Kind = AttachmentKind

    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")

    kind = models.CharField(_("kind"), max_length=8, choices=AttachmentKind.choices, editable=False)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=thumbnail_path, max_length=255, blank=True, editable=False
    )
    caption = models.CharField(_("caption (Vietnamese)"), max_length=300)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("When the photo was taken or the document was dated."),
    )
    original_name = models.CharField(_("original file name"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False)
    file_type = models.CharField(
        _("file type"), max_length=80, choices=FileType.choices, editable=False
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)

    history = HistoricalRecords(get_user=_history_user)

    objects = AttachmentQuerySet.as_manager()

    class Meta(PublishableModel.Meta):
        ordering = ["date", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        permissions = [("publish_attachment", _("Can publish attachments"))]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "date"], name="attachments_record_idx"
            ),
        ]
        constraints = [
            *PublishableModel.Meta.constraints,
            choices_constraint("kind", AttachmentKind, "attachments_kind_valid"),
            choices_constraint("file_type", FileType, "attachments_file_type_valid"),
            not_blank_constraint("caption", "attachments_caption_not_blank", _("Enter a caption.")),
            not_blank_constraint("file", "attachments_file_not_blank", _("Choose a file.")),
            not_blank_constraint(
                "original_name",
                "attachments_original_name_not_blank",
                _("The original file name is missing."),
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0),
                name="attachments_size_positive",
                violation_error_message=_("The file is empty."),
            ),
            models.CheckConstraint(
                condition=Exact(Length("sha256"), 64),
                name="attachments_sha256_length",
                violation_error_message=_("The file's checksum is missing."),
            ),
            # The kind follows from the type found in the content, the stored name carries
            # that type's extension, and a photo (only) has a thumbnail. Each rule applies
            # to valid values only, so that a row breaks one named constraint at a time
            # (an unknown kind or type is the choices constraints' to refuse).
            models.CheckConstraint(
                condition=Q(kind=AttachmentKind.PHOTO, file_type__in=PHOTO_TYPES)
                | Q(kind=AttachmentKind.DOCUMENT, file_type__in=DOCUMENT_TYPES)
                | ~Q(kind__in=AttachmentKind.values)
                | ~Q(file_type__in=FileType.values),
                name="attachments_kind_matches_type",
                violation_error_message=_("The kind does not match the file's type."),
            ),
            models.CheckConstraint(
                condition=Q(
                    *[
                        Q(file_type=file_type, file__endswith=f".{extension}")
                        for file_type, extension in EXTENSIONS.items()
                    ],
                    ~Q(file_type__in=FileType.values),
                    Q(file=""),
                    _connector=Q.OR,
                ),
                name="attachments_extension_matches_type",
                violation_error_message=_("The file's name does not match its type."),
            ),
            models.CheckConstraint(
                condition=(Q(file_type__in=PHOTO_TYPES) & ~Q(thumbnail=""))
                | Q(file_type__in=DOCUMENT_TYPES, thumbnail="")
                | ~Q(file_type__in=FileType.values),
                name="attachments_thumbnail_only_for_photos",
                violation_error_message=_("Only a photo has a thumbnail, and every photo has one."),
            ),
        ]

    def __str__(self):
        return self.display_caption

    def save(self, *args, **kwargs):
        # A failed insert must not leave the files it just wrote behind.
        adding = self._state.adding
        try:
            super().save(*args, **kwargs)
        except Exception:
            if adding:
                for field_file in (self.file, self.thumbnail):
                    if field_file and getattr(field_file, "_committed", False):
                        field_file.storage.delete(field_file.name)
            raise

    @property
    def display_caption(self):
        return localized(self.caption, self.caption_en)

    @property
    def is_photo(self):
        return self.kind == AttachmentKind.PHOTO

    @property
    def extension(self):
        return EXTENSIONS[FileType(self.file_type)]

    def get_absolute_url(self):
        return reverse("attachments:attachment_file", kwargs={"pk": self.pk})

    def get_thumbnail_url(self):
        return reverse("attachments:attachment_thumbnail", kwargs={"pk": self.pk})

    def record_is_public(self):
        """Whether the record is one the public may see (one query)."""
        model = self.content_type.model_class()
        if model is None or model._meta.label not in ATTACHABLE_MODELS:
            return False
        return model.objects.public().filter(pk=self.object_id).exists()

    def is_visible_to_public(self):
        return (
            self.visibility == Visibility.PUBLIC
            and self.kind == AttachmentKind.PHOTO
            and self.record_is_public()
        )
