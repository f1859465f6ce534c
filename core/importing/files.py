"""Files in and out: reading an uploaded XLSX or CSV, the template to fill in, and the
streamed exports."""

import csv
import io
import re
import tempfile
from datetime import date
from decimal import Decimal

import tablib
from django.http import FileResponse
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_countries import countries
from import_export.formats import base_formats

from ..csv_export import csv_response, safe_cell
from .widgets import (
    ChoiceWidget,
    CountryWidget,
    IdWidget,
    NamedForeignKeyWidget,
    NamedManyToManyWidget,
    StrictDateWidget,
    StrictDecimalWidget,
    StrictIntegerWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
    date_forms_hint,
    format_plain_number,
)

# --- Reading files ---------------------------------------------------------------------


class CSVFormat(base_formats.CSV):
    """CSV as Excel writes it: UTF-8 with or without a byte-order mark, separated by ','
    or (in locales where ',' is the decimal comma) ';', or a tab."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValueError(
                    _("The file is not in UTF-8. In Excel, save it as “CSV UTF-8”.")
                ) from None
        text = in_stream.lstrip("\ufeff")
        first_line = text.split("\n", 1)[0]
        delimiter = max([",", ";", "\t"], key=first_line.count)
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows = list(reader)
        dataset = tablib.Dataset()
        if rows:
            width = max(len(row) for row in rows)
            dataset.headers = rows[0] + [""] * (width - len(rows[0]))
            for row in rows[1:]:
                dataset.append(row + [""] * (width - len(row)))
        return dataset


class XLSXFormat(base_formats.XLSX):
    """The first sheet of a workbook (not the one that happened to be open when it was
    saved), with its cells' own types: dates as dates, numbers as numbers."""

    def create_dataset(self, in_stream):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds
            raise ValueError(
                _("The file could not be read as an Excel workbook (.xlsx).")
            ) from error
        sheet = book.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        book.close()
        dataset = tablib.Dataset()
        if rows:
            width = max(len(row) for row in rows)
            dataset.headers = [cell_text(cell) for cell in rows[0]] + [""] * (width - len(rows[0]))
            for row in rows[1:]:
                dataset.append(row + [None] * (width - len(row)))
        return dataset


FORMATS = {"csv": CSVFormat, "xlsx": XLSXFormat}


def format_for(file_name):
    """The format for a file name by its extension ('data.xlsx' -> XLSXFormat)."""
    extension = str(file_name).rsplit(".", 1)[-1].lower()
    try:
        return FORMATS[extension]()
    except KeyError:
        raise ValueError(
            _("Only .xlsx and .csv files can be imported, not “{name}”.").format(name=file_name)
        ) from None


def read_dataset(data, file_name):
    """A file's bytes as a dataset, by the file's extension."""
    return format_for(file_name).create_dataset(data)


# --- Templates and exports -------------------------------------------------------------


def _field_hint(field):
    widget = field.widget
    if isinstance(widget, IdWidget):
        return _("Empty for a new record; to update a recorded one, its ID (as exported).")
    if isinstance(widget, StrictDateWidget):
        return date_forms_hint()
    if isinstance(widget, StrictIntegerWidget):
        return _("A whole number.")
    if isinstance(widget, StrictDecimalWidget):
        return _(
            "A number: 1234.5 or 1234,5; thousands may be grouped (1,234.5 or 1.234,5). "
            "1.234 alone is refused as ambiguous."
        )
    if isinstance(widget, YesNoWidget):
        return _("Yes or No.")
    if isinstance(widget, ChoiceWidget):
        return _("One of the values in the “Allowed values” sheet.")
    if isinstance(widget, CountryWidget):
        if widget.multiple:
            return _("Countries (name or ISO code), separated by “;”.")
        return _("A country: its name or ISO code (FR).")
    if isinstance(widget, NamedManyToManyWidget):
        return _("Names or codes, separated by “;”.")
    if isinstance(widget, NamedForeignKeyWidget):
        return _("The name (or code) of a recorded {model}.").format(
            model=widget.model._meta.verbose_name
        )
    return ""


def allowed_values(resource):
    """[(column header, [allowed values])] for every column with a closed list: choices,
    countries, yes/no, and the sectors and local units on record."""
    from ..models import LocalUnit, Sector

    lists = []
    for name in resource.import_field_names():
        field = resource.fields[name]
        widget = field.widget
        if isinstance(widget, ChoiceWidget):
            values = widget.labels()
        elif isinstance(widget, CountryWidget):
            values = [str(name) for _code, name in countries]
        elif isinstance(widget, YesNoWidget):
            values = [_("Yes"), _("No")]
        elif isinstance(widget, (NamedForeignKeyWidget, NamedManyToManyWidget)):
            one = widget.one if isinstance(widget, NamedManyToManyWidget) else widget
            if one.model not in (LocalUnit, Sector):
                continue
            values = [one.render_one(obj) for obj in one.model._default_manager.all()]
        else:
            continue
        lists.append((field.column_name, values))
    return lists


def template_row(resource):
    """The example row, rendered as the export would write it."""
    row = []
    for name in resource.import_field_names():
        field = resource.fields[name]
        value = resource.template_example.get(name)
        if isinstance(value, Promise):
            value = str(value)
        if value is None:
            row.append("")
        elif isinstance(value, str) and isinstance(
            field.widget, (NamedForeignKeyWidget, NamedManyToManyWidget, TextWidget)
        ):
            row.append(value)
        else:
            row.append(force_str(field.widget.render(value)))
    return row


def build_template(resource_class, format="xlsx", language=None):
    """A file to fill in: the headers and one example row; in XLSX, a second sheet with
    the allowed values of every closed-list column and a third describing each column.
    CSV has room for the first sheet only. Returns bytes."""
    language = language or translation.get_language()
    with translation.override(language):
        resource = resource_class()
        names = resource.import_field_names()
        headers = [resource.fields[name].column_name for name in names]
        example = template_row(resource)
        if format == "csv":
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow([safe_cell(cell) for cell in headers])
            writer.writerow([safe_cell(cell) for cell in example])
            return ("\ufeff" + out.getvalue()).encode("utf-8")
        if format != "xlsx":
            raise ValueError(f"Unknown template format {format!r}: use 'xlsx' or 'csv'.")
        return _template_workbook(resource, names, headers, example)


def _sheet_title(text):
    return re.sub(r"[\[\]:*?/\\]", " ", str(text))[:31]


def _template_workbook(resource, names, headers, example):
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _sheet_title(capfirst(resource._meta.model._meta.verbose_name_plural))
    sheet.append(headers)
    sheet.append(example)
    bold = Font(bold=True)
    required = set(resource.required_field_names())
    for index, name in enumerate(names, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = max(
            12, len(headers[index - 1]) + 4
        )
        if name in required:
            cell.font = Font(bold=True, underline="single")
    sheet.freeze_panes = "A2"

    allowed = book.create_sheet(_sheet_title(_("Allowed values")))
    for index, (column, values) in enumerate(allowed_values(resource), start=1):
        allowed.cell(row=1, column=index, value=column).font = bold
        for row, value in enumerate(values, start=2):
            allowed.cell(row=row, column=index, value=safe_cell(value))
        allowed.column_dimensions[get_column_letter(index)].width = max(
            [14, len(column) + 2, *(min(len(str(v)), 60) for v in values)]
        )

    guide = book.create_sheet(_sheet_title(_("Columns")))
    guide.append([_("Column"), _("Required"), _("What to write")])
    for cell in guide[1]:
        cell.font = bold
    for name in names:
        field = resource.fields[name]
        model_field = resource.model_field(name)
        help_text = str(getattr(model_field, "help_text", "") or "") if name != "id" else ""
        hint = " ".join(part for part in (_field_hint(field), help_text) if part)
        guide.append([field.column_name, _("Yes") if name in required else "", hint])
    guide.column_dimensions["A"].width = 32
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_rows(resource, queryset, *, native=False):
    """The header row, then one row per record of ``queryset``, one at a time (the query
    is iterated in chunks). ``native=True`` keeps dates and numbers as such (for XLSX)."""
    fields = resource.get_export_fields()
    yield resource.get_export_headers()
    for instance in resource.iter_queryset(queryset):
        yield [resource.export_field(field, instance, force_native_type=native) for field in fields]


def csv_export_response(resource, queryset, filename):
    """Stream ``queryset`` as a CSV download (UTF-8 with a byte-order mark for Excel)."""
    rows = export_rows(resource, queryset)
    header = next(rows)
    return csv_response(filename, header, rows)


# A Decimal with at most this many significant digits is exact as an Excel number.
EXACT_DIGITS = 15


def xlsx_cell(sheet, value):
    """A value as an XLSX cell: a date cell shown dd/mm/yyyy, a number cell when the number
    is exact as one (else its text), text as is."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Decimal):
        digits = len(value.normalize().as_tuple().digits)
        if digits > EXACT_DIGITS:
            return format_plain_number(value)
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if value is None:
        return None
    return value


def xlsx_export_response(resource, queryset, filename):
    """``queryset`` as an XLSX download: rows written one at a time to a temporary file
    (openpyxl's write-only mode, so memory does not grow with the rows), then streamed."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(
        _sheet_title(capfirst(resource._meta.model._meta.verbose_name_plural))
    )
    for row in export_rows(resource, queryset, native=True):
        sheet.append([xlsx_cell(sheet, value) for value in row])
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type=base_formats.XLSX.CONTENT_TYPE,
    )
