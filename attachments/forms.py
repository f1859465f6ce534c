"""The attachment form the admin inlines use: an upload is checked by its content
(``attachments.inspection``) and what is stored is the checked file under our own name."""

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .inspection import THUMBNAIL_SIZE, inspect_upload
from .models import Attachment


class StoredFileWidget(forms.Widget):
    """A saved attachment's file, shown as a link to its protected address (MEDIA_URL is
    not served). The file of a saved attachment is not replaced: upload a new one."""

    def __init__(self, attachment, attrs=None):
        super().__init__(attrs)
        self.attachment = attachment

    def render(self, name, value, attrs=None, renderer=None):
        attachment = self.attachment
        return format_html(
            '<a href="{}">{}</a> <span class="quiet">{} · {}</span>',
            attachment.get_absolute_url(),
            attachment.original_name,
            attachment.get_file_type_display(),
            filesizeformat(attachment.size),
        )


def apply_inspection(instance, inspected):
    """Set the checked content and the facts found on ``instance`` (not saved yet)."""
    instance.kind = inspected.kind
    instance.file_type = inspected.file_type
    instance.size = inspected.size
    instance.sha256 = inspected.sha256
    instance.original_name = inspected.original_name
    # The names given here only carry the extension; upload_to makes the stored names.
    instance.file = ContentFile(inspected.content, name=f"upload.{inspected.extension}")
    if inspected.thumbnail:
        instance.thumbnail = ContentFile(inspected.thumbnail, name="thumbnail.webp")
    else:
        instance.thumbnail = ""


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "caption", "caption_en", "date", "visibility"]
        widgets = {"file": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._inspected = None
        file_field = self.fields.get("file")
        if file_field is None:
            return
        if self.instance.pk:
            file_field.disabled = True
            file_field.required = False
            file_field.widget = StoredFileWidget(self.instance)
        else:
            file_field.help_text = upload_help()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.instance.pk or not isinstance(upload, UploadedFile):
            return upload
        self._inspected = inspect_upload(upload)  # raises ValidationError when refused
        return ContentFile(self._inspected.content, name=f"upload.{self._inspected.extension}")

    def clean(self):
        cleaned_data = super().clean()
        if self._inspected is not None:
            apply_inspection(self.instance, self._inspected)
        return cleaned_data


def upload_help():
    return _(
        "PDF, DOCX or XLSX documents; JPEG, PNG or WebP photos; at most {limit}. Photos are "
        "stored without their metadata (such as GPS position) and get a {size}-pixel "
        "thumbnail."
    ).format(limit=filesizeformat(settings.ATTACHMENT_MAX_BYTES), size=THUMBNAIL_SIZE[0])
