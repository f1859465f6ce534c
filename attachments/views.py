"""Attachment files, served only through these views (MEDIA_URL is not served).

Signed-in staff who may view attachments get any file; anybody else gets only a public
photo of a public record (and its thumbnail). Everything else is a 404, never a 403, so an
address does not confirm that an internal file exists.
"""

from pathlib import PurePath

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .models import Attachment


def _is_staff_reader(user):
    return user.is_active and user.is_staff and user.has_perm("attachments.view_attachment")


def _find(request, pk):
    """The attachment ``pk`` if this request may read it, and whether it is staff-only."""
    if _is_staff_reader(request.user):
        attachment = Attachment.objects.filter(pk=pk).first()
        if attachment is not None:
            return attachment, not attachment.is_visible_to_public()
    attachment = (
        Attachment.objects.public_photos().select_related("content_type").filter(pk=pk).first()
    )
    if attachment is None or not attachment.record_is_public():
        raise Http404(_("No such file."))
    return attachment, False


def download_name(attachment, extension=None):
    """The uploader's file name with the extension of the type found in its content
    ('report.png' holding a PDF is offered as 'report.pdf')."""
    stem = PurePath(attachment.original_name).stem or f"attachment-{attachment.pk}"
    return f"{stem}.{extension or attachment.extension}"


def _respond(field_file, *, content_type, inline, filename, private):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(_("No such file.")) from error
    response = FileResponse(
        handle, content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        # An internal file must not stay in a shared cache or proxy.
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def attachment_file(request, pk):
    """The file itself: photos and PDFs shown in the browser, other documents downloaded."""
    attachment, private = _find(request, pk)
    inline = attachment.is_photo or attachment.file_type == "application/pdf"
    return _respond(
        attachment.file,
        content_type=attachment.file_type,
        inline=inline,
        filename=download_name(attachment),
        private=private,
    )


@require_safe
def attachment_thumbnail(request, pk):
    """A photo's thumbnail (WebP); 404 for a document."""
    attachment, private = _find(request, pk)
    if not attachment.thumbnail:
        raise Http404(_("No such file."))
    return _respond(
        attachment.thumbnail,
        content_type="image/webp",
        inline=True,
        filename=download_name(attachment, "webp"),
        private=private,
    )
