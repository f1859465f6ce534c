"""Uploads are checked by their content, never by their name (attachments.inspection)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image

from attachments.inspection import inspect_upload
from attachments.models import AttachmentKind, FileType
from tests.factories import PDF_BYTES, image_bytes


def upload(data, name):
    return SimpleUploadedFile(name, data)


def refusal(data, name):
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload(data, name))
    return caught.value


def gps_exif():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to show upright
    exif[0x010F] = "Phone maker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (10.0, 2.0, 3.0), 3: "E", 4: (105.0, 46.0, 1.0)})
    return exif


def office_package(folder, main_type):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/{folder}main.xml" ContentType="{main_type}"/></Types>',
        )
        package.writestr(f"{folder}main.xml", "<document/>")
    return output.getvalue()


def test_an_html_file_named_png_is_refused():
    error = refusal(b"<!DOCTYPE html><script>alert(1)</script>", "photo.png")

    assert error.code == "type"
    assert "không được chấp nhận" in error.messages[0]


def test_a_truncated_jpeg_is_refused():
    data = image_bytes(800, 600, "navy")

    error = refusal(data[: len(data) // 2], "photo.jpg")

    assert error.code == "damaged"


def test_a_truncated_jpeg_is_refused_after_weasyprint_made_pillow_tolerant(monkeypatch):
    """WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES when imported (the PDF report runs
    in the web process): uploads are still checked in full, and the setting is restored."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = image_bytes(800, 600, "navy")

    error = refusal(data[: len(data) // 2], "photo.jpg")

    assert error.code == "damaged"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_a_20000_by_20000_png_is_refused_before_it_is_decoded():
    # A palette PNG of one colour compresses to a few kilobytes: a decompression bomb.
    output = io.BytesIO()
    Image.new("P", (20000, 20000)).save(output, "PNG")
    assert len(output.getvalue()) < 200_000

    error = refusal(output.getvalue(), "bomb.png")

    assert error.code == "too_many_pixels"
    assert "50 megapixel" in error.messages[0]


def test_a_photo_over_the_pixel_setting_is_refused_with_its_size(settings):
    settings.ATTACHMENT_MAX_PIXELS = 1_000_000

    error = refusal(image_bytes(1200, 1000, image_format="PNG"), "large.png")

    assert error.code == "too_many_pixels"
    assert "1200×1000" in error.messages[0]


def test_a_pdf_with_a_wrong_extension_is_accepted_as_a_pdf():
    inspected = inspect_upload(upload(PDF_BYTES, "scan.jpg"))

    assert inspected.file_type == FileType.PDF
    assert inspected.kind == AttachmentKind.DOCUMENT
    assert inspected.extension == "pdf"
    assert inspected.content == PDF_BYTES


def test_a_pdf_named_file_that_is_not_a_pdf_is_refused():
    error = refusal(b"Just some text pretending to be a PDF", "report.pdf")

    assert error.code == "type"


def test_an_oversize_file_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000

    error = refusal(PDF_BYTES + b" " * 1000, "big.pdf")

    assert error.code == "too_large"
    assert filesizeformat(1000) in error.messages[0]


def test_an_empty_file_is_refused():
    assert refusal(b"", "empty.pdf").code == "empty"


def test_a_photo_loses_its_exif_and_gps_and_is_turned_upright():
    data = image_bytes(80, 40, "olive", exif=gps_exif())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # GPS before

    inspected = inspect_upload(upload(data, "trip.jpg"))

    stored = Image.open(io.BytesIO(inspected.content))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert b"Phone maker" not in inspected.content
    assert stored.size == (40, 80)  # the orientation was applied, then dropped


@pytest.mark.parametrize(
    ("image_format", "file_type"),
    [("JPEG", FileType.JPEG), ("PNG", FileType.PNG), ("WEBP", FileType.WEBP)],
)
def test_every_photo_type_gets_a_webp_thumbnail_of_at_most_480_pixels(image_format, file_type):
    inspected = inspect_upload(upload(image_bytes(1600, 900, image_format=image_format), "x.bin"))

    assert inspected.file_type == file_type
    assert inspected.kind == AttachmentKind.PHOTO
    thumbnail = Image.open(io.BytesIO(inspected.thumbnail))
    assert thumbnail.format == "WEBP"
    assert thumbnail.size == (480, 270)


def test_a_png_keeps_its_transparency():
    output = io.BytesIO()
    Image.new("RGBA", (20, 20), (255, 0, 0, 0)).save(output, "PNG")

    inspected = inspect_upload(upload(output.getvalue(), "logo.png"))

    assert Image.open(io.BytesIO(inspected.content)).mode == "RGBA"


def test_docx_and_xlsx_are_recognised_by_their_package_contents():
    docx = office_package(
        "word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    xlsx = office_package(
        "xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )

    assert inspect_upload(upload(docx, "notes.pdf")).file_type == FileType.DOCX
    assert inspect_upload(upload(xlsx, "table")).file_type == FileType.XLSX


def test_real_office_files_are_accepted():
    import docx
    import openpyxl

    document, workbook = io.BytesIO(), io.BytesIO()
    docx.Document().save(document)
    openpyxl.Workbook().save(workbook)

    assert inspect_upload(upload(document.getvalue(), "a.docx")).file_type == FileType.DOCX
    assert inspect_upload(upload(workbook.getvalue(), "a.xlsx")).file_type == FileType.XLSX


def test_a_macro_enabled_workbook_and_a_plain_zip_are_refused():
    xlsm = office_package("xl/", "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("word/readme.txt", "hello")

    assert refusal(xlsm, "book.xlsx").code == "type"
    assert refusal(plain.getvalue(), "doc.docx").code == "type"


def test_the_refusal_is_in_vietnamese_by_default():
    error = refusal(b"<html></html>", "photo.png")

    assert "Tệp" in error.messages[0] or "tệp" in error.messages[0]
