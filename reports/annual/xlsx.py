"""The annual report as an Excel workbook: a summary sheet (the title block, the headline
figures with the previous period and the change, the narrative, the breakdowns, the exchange
rates and the missing ones) and one sheet per annex.

Cells keep their real types: numbers are numbers and dates are dates, each with a number
format, so that a reader can sort, filter and add them up. The workbook is written in
openpyxl's write-only mode, row by row from the annexes' generators, with inline strings:
memory stays bounded whatever the number of records. Text that a spreadsheet would run as a
formula is defused (``core.csv_export.safe_cell``).
"""

import contextlib
import datetime
import re
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.csv_export import safe_cell

from .render import labels

COUNT_FORMAT = "#,##0"
AMOUNT_FORMAT = "#,##0.00"
DECIMAL_FORMAT = "#,##0.00##"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
PERCENT_FORMAT = "0.0%"

# The number format of a column of each kind (text has none).
KIND_FORMATS = {
    "int": COUNT_FORMAT,
    "VND": COUNT_FORMAT,
    "USD": AMOUNT_FORMAT,
    "money": AMOUNT_FORMAT,
    "decimal": DECIMAL_FORMAT,
    "date": DATE_FORMAT,
}
# The width of a column of each kind, in characters.
KIND_WIDTHS = {"text": 32, "date": 12, "int": 10, "VND": 20, "USD": 16, "money": 18}
DEFAULT_WIDTH = 14

# The number format of a figure of each unit.
UNIT_FORMATS = {"count": COUNT_FORMAT, "people": COUNT_FORMAT, "VND": COUNT_FORMAT}

# The summary sheet's columns: label, value, unit, previous, change, change %, note.
SUMMARY_WIDTHS = (48, 18, 10, 18, 18, 12, 40)
SUMMARY_COLUMNS = len(SUMMARY_WIDTHS)
# About how many characters of narrative fit on one line of the merged summary columns.
NARRATIVE_LINE = int(sum(SUMMARY_WIDTHS) * 1.1)
LINE_HEIGHT = 15  # points

# Excel's limits on a sheet's name.
SHEET_NAME_LENGTH = 31
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADING = Font(bold=True, size=12)
ITALIC = Font(italic=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def write_xlsx(report, stream):
    """Write ``report`` (``reports.annual.content.Report``) to the binary ``stream`` as an
    XLSX workbook. The annexes' rows are read once, as they are written."""
    with translation.override(report.language):
        _write_workbook(report, stream)


def _write_workbook(report, stream):
    workbook = Workbook(write_only=True)
    try:
        names = set()
        summary = workbook.create_sheet(_sheet_name(_("Summary"), names))
        _write_summary(summary, report)
        for table in report.annexes:
            sheet = workbook.create_sheet(_sheet_name(table.title, names))
            _write_annex(sheet, table)
        workbook.save(stream)
    except BaseException:
        _discard(workbook)
        raise


def _discard(workbook):
    """Close the sheets of a workbook that failed half-way (a query that failed while an
    annex was read): left open, their writers would complain when collected."""
    for sheet in workbook.worksheets:
        if not sheet.closed:
            with contextlib.suppress(Exception):
                sheet.close()


# Cells


def _text(value):
    """A text cell's value: user text is defused and rid of the control characters a
    workbook cannot hold; nothing stays nothing."""
    return None if value is None else ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))


def _naive(value):
    """Excel has no time zones: a date and time as the reader's clock shows it."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _cell(sheet, value, number_format=None, font=None, alignment=None):
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    if font:
        cell.font = font
    if alignment:
        cell.alignment = alignment
    return cell


def _value_cell(sheet, value, kind):
    """A cell of a table's column of ``kind``, with its type and number format."""
    if value is None or value == "":
        return None
    if kind == "text" or isinstance(value, str):
        return _text(value)
    if kind == "date":
        if isinstance(value, datetime.datetime):
            return _cell(sheet, _naive(value), DATETIME_FORMAT)
        return _cell(sheet, value, DATE_FORMAT)
    if isinstance(value, bool):
        return _text(_("yes") if value else _("no"))
    return _cell(sheet, value, KIND_FORMATS.get(kind))


def _header(sheet, table):
    return [
        _cell(sheet, _text(column.label), font=BOLD, alignment=WRAP) for column in table.columns
    ]


def _row(sheet, table, values):
    kinds = [column.kind for column in table.columns]
    return [_value_cell(sheet, value, kind) for value, kind in zip(values, kinds, strict=True)]


def _cut(text, length):
    """``text`` in at most ``length`` characters, cut between words where it can be."""
    if len(text) <= length:
        return text
    cut = text[:length]
    if text[length] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;-")


def _sheet_name(title, taken):
    """A sheet name Excel accepts (no ``[]:*?/\\``, at most 31 characters) and that no
    other sheet of the workbook has (Excel compares them ignoring case)."""
    base = SHEET_NAME_FORBIDDEN.sub("-", str(title)).strip(" '") or _("Sheet")
    name, number = _cut(base, SHEET_NAME_LENGTH), 1
    while name.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        name = _cut(base, SHEET_NAME_LENGTH - len(suffix)) + suffix
    taken.add(name.casefold())
    return name


# The summary sheet


class _Summary:
    """Appends rows to the summary sheet and keeps count of them (to merge the narrative's
    cells and size its rows, which write-only mode needs before the row is written)."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.rows = 0

    def append(self, cells=()):
        self.sheet.append(list(cells))
        self.rows += 1

    def heading(self, text, font=HEADING):
        self.append([_cell(self.sheet, _text(text), font=font)])

    def paragraph(self, text, font=None):
        """Text across all the summary's columns, wrapped, its row tall enough."""
        row = self.rows + 1
        lines = max(1, -(-len(text) // NARRATIVE_LINE) + text.count("\n"))
        self.sheet.row_dimensions[row].height = LINE_HEIGHT * lines
        last = get_column_letter(SUMMARY_COLUMNS)
        self.sheet.merged_cells.add(f"A{row}:{last}{row}")
        self.append([_cell(self.sheet, _text(text), font=font, alignment=WRAP)])

    def table(self, table, font=BOLD):
        self.heading(table.title, font=font)
        self.append(_header(self.sheet, table))
        for values in table.rows:
            self.append(_row(self.sheet, table, values))
        if table.note:
            self.paragraph(table.note)
        self.append()


def _unit_label(unit):
    return {"count": "", "people": _("people")}.get(unit, unit)


def _figure_row(sheet, figure):
    number_format = UNIT_FORMATS.get(figure.unit, AMOUNT_FORMAT)

    def number(value):
        return None if value is None else _cell(sheet, value, number_format)

    percent = figure.change_percent
    return [
        _text(figure.label),
        number(figure.value),
        _text(_unit_label(figure.unit)),
        number(figure.previous),
        number(figure.change),
        None if percent is None else _cell(sheet, Decimal(percent) / 100, PERCENT_FORMAT),
        _text(figure.note or None),
    ]


def _write_summary(sheet, report):
    for index, width in enumerate(SUMMARY_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # The title stays in view; below it the sheet is read, not filtered.
    sheet.freeze_panes = "A2"
    summary = _Summary(sheet)

    summary.append([_cell(sheet, _text(report.title), font=TITLE)])
    period, previous = labels(report)
    for label, value in (
        (_("City"), report.city),
        (_("Department"), report.department),
        (_("Period"), period),
        (_("Compared with"), previous),
        (_("Generated on"), _naive(report.generated_at)),
        (_("Generated by"), report.generated_by),
    ):
        if value in (None, ""):
            continue
        if isinstance(value, datetime.datetime):
            value = _cell(sheet, value, DATETIME_FORMAT, alignment=Alignment(horizontal="left"))
        else:
            value = _text(value)
        summary.append([_cell(sheet, _text(label), font=BOLD), value])
    summary.append()

    summary.heading(_("Headline figures"))
    summary.append(
        [
            _cell(sheet, _text(text), font=BOLD, alignment=WRAP)
            for text in (
                _("Figure"),
                _("Value"),
                _("Unit"),
                _("Previous period"),
                _("Change"),
                _("Change (%)"),
                _("Note"),
            )
        ]
    )
    for section in report.sections:
        summary.append([_cell(sheet, _text(section.title), font=BOLD)])
        for figure in section.figures:
            summary.append(_figure_row(sheet, figure))
        if getattr(section, "note", ""):
            summary.paragraph(section.note, font=ITALIC)
    summary.append()

    if report.narrative:
        summary.heading(_("Overview"))
        for paragraph in report.narrative:
            summary.paragraph(paragraph)
        summary.append()

    if report.breakdowns:
        summary.heading(_("Breakdowns"))
        for table in report.breakdowns:
            summary.table(table)

    summary.table(report.rates, font=HEADING)
    if report.missing_rates:
        summary.heading(_("Missing exchange rates"), font=BOLD)
        for sentence in report.missing_rates:
            summary.paragraph(sentence)


# An annex sheet


def _write_annex(sheet, table):
    """The header in row 1, frozen and repeated on every printed page, a filter over the
    rows, one row per record."""
    for index, column in enumerate(table.columns, 1):
        width = KIND_WIDTHS.get(column.kind, DEFAULT_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    sheet.append(_header(sheet, table))
    last_row = 1
    for values in table.rows:
        sheet.append(_row(sheet, table, values))
        last_row += 1
    last_column = get_column_letter(max(len(table.columns), 1))
    sheet.auto_filter.ref = f"A1:{last_column}{last_row}"
    if table.note:
        sheet.append([])
        sheet.append([_text(table.note)])
