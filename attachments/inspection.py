"""Check an uploaded file by its content and prepare what is stored.

Never by its name: the type comes from the first bytes (and, for DOCX and XLSX, from the
package's own ``[Content_Types].xml``). A photo is opened with Pillow under a pixel limit
(``ATTACHMENT_MAX_PIXELS``; a decompression bomb is refused before it is decoded), decoded
in full (a truncated file is refused), turned upright by its EXIF orientation, and
re-encoded from its pixels alone, so that no EXIF, GPS position, XMP or comment survives;
a WebP thumbnail is made from it. Every refusal is a ``ValidationError`` with a translated
message.
"""

import hashlib
import io
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from .models import EXTENSIONS, PHOTO_TYPES, AttachmentKind, FileType

THUMBNAIL_SIZE = (480, 480)
_PILLOW_FORMATS = {FileType.JPEG: "JPEG", FileType.PNG: "PNG", FileType.WEBP: "WEBP"}
_OFFICE_MAIN_PARTS = {
    # The main part's content type in [Content_Types].xml. Macro-enabled files (.docm,
    # .xlsm) declare another one and are refused with the rest.
    FileType.DOCX: (
        "word/",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    FileType.XLSX: (
        "xl/",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
_CONTENT_TYPES_LIMIT = 1_000_000  # bytes of [Content_Types].xml read, at most


@dataclass
class Inspected:
    """What an accepted upload is, and the bytes to store for it."""

    kind: str
    file_type: str
    content: bytes
    original_name: str
    thumbnail: bytes = b""

    @property
    def extension(self):
        return EXTENSIONS[FileType(self.file_type)]

    @property
    def size(self):
        return len(self.content)

    @property
    def sha256(self):
        return hashlib.sha256(self.content).hexdigest()


def _not_accepted():
    return ValidationError(
        _(
            "This file type is not accepted. Upload a document as PDF, DOCX or XLSX, or a "
            "photo as JPEG, PNG or WebP. The type is read from the file's content, not from "
            "its name."
        ),
        code="type",
    )


def sniff(data):
    """The accepted type of ``data`` by its first bytes (and package contents), or None."""
    if data.startswith(b"%PDF-"):
        return FileType.PDF
    if data.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return FileType.WEBP
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    return None


def _office_type(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names:
                return None
            with package.open("[Content_Types].xml") as handle:
                content_types = handle.read(_CONTENT_TYPES_LIMIT).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError):
        return None
    for file_type, (folder, main_part) in _OFFICE_MAIN_PARTS.items():
        if main_part in content_types and any(name.startswith(folder) for name in names):
            return file_type
    return None


def inspect_upload(upload):
    """Check ``upload`` (an uploaded file) and return an ``Inspected``; raise
    ``ValidationError`` when it is refused."""
    limit = settings.ATTACHMENT_MAX_BYTES
    size = upload.size
    if size is not None and size > limit:
        raise ValidationError(
            _("This file is {size}; files may be at most {limit}.").format(
                size=filesizeformat(size), limit=filesizeformat(limit)
            ),
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("This file is larger than {limit}.").format(limit=filesizeformat(limit)),
            code="too_large",
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    file_type = sniff(data)
    if file_type is None:
        raise _not_accepted()
    original_name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    original_name = original_name or f"file.{EXTENSIONS[file_type]}"
    if file_type not in PHOTO_TYPES:
        return Inspected(AttachmentKind.DOCUMENT, file_type, data, original_name)
    content, thumbnail = _clean_photo(data, file_type)
    return Inspected(AttachmentKind.PHOTO, file_type, content, original_name, thumbnail)


def _refused_photo():
    return ValidationError(
        _("This photo could not be read: it is damaged or incomplete. Upload the original."),
        code="damaged",
    )


def _too_many_pixels(width=None, height=None):
    """Pillow's own guard (``Image.MAX_IMAGE_PIXELS``) stops a bomb before our check can
    read its size: then the message gives the limit only."""
    limit = settings.ATTACHMENT_MAX_PIXELS // 1_000_000
    if width is None:
        message = _(
            "This photo has too many pixels; photos may have at most {limit} megapixels. "
            "Reduce its size and upload it again."
        ).format(limit=limit)
    else:
        message = _(
            "This photo is {width}×{height} pixels; photos may have at most {limit} "
            "megapixels. Reduce its size and upload it again."
        ).format(width=width, height=height, limit=limit)
    return ValidationError(message, code="too_many_pixels")


def _clean_photo(data, file_type):
    """Decode, check, straighten and re-encode a photo; return (content, thumbnail)."""
    pillow_format = _PILLOW_FORMATS[file_type]
    with warnings.catch_warnings():
        # Pillow's own bomb guard warns, then fails, on huge images: refuse at the warning.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[pillow_format])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _refused_photo() from None
        width, height = image.size
        if width * height > settings.ATTACHMENT_MAX_PIXELS:
            raise _too_many_pixels(width, height)
        # WeasyPrint (the PDF report, same process) sets Pillow's process-wide
        # LOAD_TRUNCATED_IMAGES on import, which would pad a truncated photo with grey.
        tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            image.load()  # the whole image: a truncated file fails here
            upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise _refused_photo() from None
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = tolerant

    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    mode = "RGBA" if has_alpha and file_type != FileType.JPEG else "RGB"
    converted = upright.convert(mode)
    # A new image from the pixels alone: no metadata of the upload can follow it.
    clean = Image.frombytes(mode, converted.size, converted.tobytes())
    output = io.BytesIO()
    if file_type == FileType.JPEG:
        clean.save(output, "JPEG", quality=90, optimize=True)
    elif file_type == FileType.PNG:
        clean.save(output, "PNG", optimize=True)
    else:
        clean.save(output, "WEBP", quality=90)

    thumb = clean.copy()
    thumb.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    thumb_output = io.BytesIO()
    thumb.save(thumb_output, "WEBP", quality=80)
    return output.getvalue(), thumb_output.getvalue()
