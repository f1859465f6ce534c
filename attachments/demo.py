"""Demo photos: a few small pictures drawn with Pillow (no downloads, no real people), public
on some public demo records so that their pages show the gallery, and one internal photo and
one internal PDF that only staff see.

Each goes through the same checks as an upload (``attachments.inspection``). Idempotent:
keyed on the record and the caption; a second load keeps the files it made.
"""

import io

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from agreements.models import Agreement
from aid.models import AidProject
from conferences.models import Conference
from core.models import Visibility
from delegations.models import Delegation
from partners.models import Relationship

from .forms import apply_inspection
from .inspection import inspect_upload
from .models import Attachment

# (sky, water, accent) colours of each picture.
PALETTES = [
    ((135, 190, 230), (40, 110, 160), (250, 200, 60)),
    ((250, 210, 160), (60, 130, 120), (220, 80, 60)),
    ((200, 225, 240), (30, 90, 140), (255, 255, 255)),
    ((170, 210, 170), (70, 120, 90), (240, 160, 50)),
]

# (model, caption in Vietnamese, caption in English, visibility)
PHOTOS = [
    (
        Delegation,
        "Lễ đón đoàn tại Ủy ban nhân dân thành phố",
        "Welcoming the delegation at the City People's Committee",
        Visibility.PUBLIC,
    ),
    (Delegation, "Đoàn thăm bến Ninh Kiều", "The delegation at Ninh Kieu wharf", Visibility.PUBLIC),
    (
        Agreement,
        "Lễ ký kết thỏa thuận hợp tác",
        "Signing ceremony of the cooperation agreement",
        Visibility.PUBLIC,
    ),
    (Conference, "Toàn cảnh hội nghị", "The conference hall", Visibility.PUBLIC),
    (AidProject, "Công trình của dự án viện trợ", "A site of the aid project", Visibility.PUBLIC),
    (
        Relationship,
        "Giao lưu hữu nghị giữa hai thành phố kết nghĩa",
        "Friendship exchange between the twin cities",
        Visibility.PUBLIC,
    ),
    (
        Delegation,
        "Ảnh nội bộ: buổi làm việc (chưa công bố)",
        "Internal photo: working session (not published)",
        Visibility.INTERNAL,
    ),
]


def picture(index, width=960, height=640):
    """A river landscape with a sun and a boat, as JPEG bytes (Exif-free, 10–30 kB)."""
    sky, water, accent = PALETTES[index % len(PALETTES)]
    image = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    horizon = height * 3 // 5
    draw.rectangle([0, horizon, width, height], fill=water)
    sun = width // 5 + index * 97 % (width // 2)
    draw.ellipse([sun, height // 8, sun + height // 5, height // 8 + height // 5], fill=accent)
    for band in range(6):
        y = horizon + 18 + band * 40
        draw.line([(40 + band * 30, y), (width - 60 - band * 50, y)], fill=sky, width=3)
    boat = width // 2 + index * 53 % (width // 3)
    draw.polygon(
        [
            (boat, horizon + 60),
            (boat + 160, horizon + 60),
            (boat + 130, horizon + 100),
            (boat + 30, horizon + 100),
        ],
        fill=(90, 60, 40),
    )
    draw.rectangle([boat + 70, horizon - 30, boat + 76, horizon + 60], fill=(90, 60, 40))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=85)
    return output.getvalue()


def _attach(record, *, caption, caption_en, visibility, name, data):
    """Attach once: keyed on the record type and the caption, so that a load on a later
    day (when "the most recent" record may be another) adds nothing."""
    content_type = ContentType.objects.get_for_model(record)
    existing = Attachment.objects.filter(content_type=content_type, caption=caption).first()
    if existing is not None:
        if (existing.caption_en, existing.visibility) != (caption_en, visibility):
            existing.caption_en = caption_en
            existing.visibility = visibility
            existing.save(update_fields=["caption_en", "visibility", "updated_at"])
        return
    attachment = Attachment(
        content_type=content_type,
        object_id=record.pk,
        caption=caption,
        caption_en=caption_en,
        visibility=visibility,
        date=_date_of(record) or timezone.localdate(),
    )
    apply_inspection(attachment, inspect_upload(SimpleUploadedFile(name, data)))
    attachment.full_clean()
    attachment.save()


def _date_of(record):
    for field in ("start_date", "signed_on"):
        if getattr(record, field, None):
            return getattr(record, field)
    return None


def _candidates(model):
    """Public records of ``model`` that have happened (a photo of a planned visit would be
    odd), the most recent first."""
    today = timezone.localdate()
    queryset = model.objects.public()
    if model is Delegation:
        return queryset.filter(status=Delegation.Status.COMPLETED).order_by("-start_date", "-pk")
    if model is Agreement:
        return queryset.filter(signed_on__lte=today).order_by("-signed_on", "-pk")
    if model is Conference:
        return queryset.filter(start_date__lte=today).order_by("-start_date", "-pk")
    if model is AidProject:
        return queryset.filter(status__in=["ongoing", "completed"]).order_by("-pk")
    return queryset.order_by("pk")


def load():
    counts, offsets = {"photos": 0, "documents": 0}, {}
    for index, (model, caption, caption_en, visibility) in enumerate(PHOTOS):
        offset = offsets.get(model, 0)
        offsets[model] = offset + 1
        record = _candidates(model)[offset : offset + 1].first()
        if record is None:
            continue
        _attach(
            record,
            caption=caption,
            caption_en=caption_en,
            visibility=visibility,
            name=f"demo-photo-{index + 1}.jpg",
            data=picture(index),
        )
        counts["photos"] += 1
    delegation = _candidates(Delegation).first()
    if delegation is not None:
        _attach(
            delegation,
            caption="Chương trình làm việc của đoàn",
            caption_en="The delegation's programme",
            visibility=Visibility.INTERNAL,
            name="chuong-trinh-lam-viec.pdf",
            data=_programme_pdf(),
        )
        counts["documents"] += 1
    return {
        "attachments (photos)": counts["photos"],
        "attachments (documents)": counts["documents"],
    }


def _programme_pdf():
    """A one-page PDF (drawn by Pillow, which writes PDF too)."""
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle([40, 40, 555, 90], fill=(29, 79, 145))
    for line in range(12):
        draw.line(
            [(60, 130 + line * 40), (535 - (line % 3) * 60, 130 + line * 40)],
            fill=(120, 120, 120),
            width=2,
        )
    output = io.BytesIO()
    page.save(output, "PDF")
    return output.getvalue()
