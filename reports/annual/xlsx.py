"""The annual report as an Excel workbook: a summary sheet (the title block, the headline
figures with the previous period and the change, the narrative, the breakdowns, the exchange
rates and the missing ones) and one sheet per annex.

Cells keep their real types: numbers are numbers and dates are dates, each with a number
format, so that a reader can sort, filter and add them up. The workbook is written by
XlsxWriter in its ``constant_memory`` mode, row by row from the annexes' generators, with
inline strings: memory stays bounded whatever the number of records, and a year of a
national city (1.6 million cells) takes seconds, where openpyxl's write-only mode took
minutes. Text that a spreadsheet would run as a formula is defused
(``core.csv_export.safe_cell``), and every cell is written by its type (``write_string``,
``write_number``…), never guessed from its text.
"""

import contextlib
import datetime
import os
import re
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from xlsxwriter import Workbook
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

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

# Cell styles, as XlsxWriter's format properties.
BOLD = {"bold": True}
TITLE = {"bold": True, "font_size": 14}
HEADING = {"bold": True, "font_size": 12}
ITALIC = {"italic": True}
WRAP = {"text_wrap": True, "valign": "top"}
LEFT = {"align": "left"}
PAPER_A4 = 9

# XlsxWriter adds a cell's padding (5 pixels of the 7 of a digit of Calibri 11) to a width
# it is given; openpyxl, which wrote these workbooks before, stored the width as given. The
# widths are given less the padding, so that the file keeps the very same widths.
WIDTH_PADDING = 5 / 7

# What XML text cannot hold as it is (a carriage return would be read as a line feed).
XML_SPECIAL = re.compile(r"[&<>\r]")


def write_xlsx(report, stream):
    """Write ``report`` (``reports.annual.content.Report``) to the binary ``stream`` as an
    XLSX workbook. The annexes' rows are read once, as they are written."""
    with translation.override(report.language):
        _write_workbook(report, stream)


def _write_workbook(report, stream):
    workbook = Workbook(stream, {"constant_memory": True})
    try:
        styles = _Styles(workbook)
        names = set()
        summary = workbook.add_worksheet(_sheet_name(_("Summary"), names), _Worksheet)
        _write_summary(summary, styles, report)
        for table in report.annexes:
            sheet = workbook.add_worksheet(_sheet_name(table.title, names), _Worksheet)
            _write_annex(sheet, styles, table)
        workbook.close()
    except BaseException:
        _discard(workbook)
        raise


def _escape(text):
    """``text`` as XML character data."""
    if XML_SPECIAL.search(text):
        return (
            text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\r", "&#13;")
        )
    return text


class _Worksheet(Worksheet):
    """A sheet whose text is written as openpyxl wrote it, and reads back the same: a
    carriage return as a character reference, every other character as it is (``_text``
    has dropped those a workbook cannot hold), rather than Excel's ``_x000D_`` escapes,
    which openpyxl and others read as they are."""

    @staticmethod
    def _escape_control_characters(data):
        return data

    def _escape_data(self, data):
        return _escape(data) if isinstance(data, str) else data


def _discard(workbook):
    """Close and delete the temporary files of the sheets of a workbook that failed half-way
    (a query that failed while an annex was read): ``constant_memory`` mode keeps each
    sheet's rows in one until the workbook is assembled."""
    for sheet in workbook.worksheets():
        handle, name = getattr(sheet, "row_data_fh", None), getattr(sheet, "row_data_filename", "")
        if handle is not None and not handle.closed:
            with contextlib.suppress(Exception):
                handle.close()
        if name:
            with contextlib.suppress(OSError):
                os.unlink(name)
    # Nothing to write: the stream is the caller's to close or delete.
    workbook.fileclosed = True


def _width(characters):
    return characters - WIDTH_PADDING


class _Styles:
    """The workbook's cell formats, each made once: XlsxWriter makes a format per call."""

    def __init__(self, workbook):
        self.workbook = workbook
        self._formats = {}

    def get(self, number_format=None, *styles):
        properties = {}
        for style in styles:
            if style:
                properties.update(style)
        if number_format:
            properties["num_format"] = number_format
        if not properties:
            return None
        key = tuple(sorted(properties.items()))
        style = self._formats.get(key)
        if style is None:
            style = self._formats[key] = self.workbook.add_format(properties)
        return style


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


def _write(sheet, row, column, value, style=None):
    """Write ``value`` by its type: text as text (never a formula, a number or a link),
    a number as a number, a date as a date; nothing writes no cell."""
    if value is None:
        return
    if value == "":
        # Nothing to read: a cell only when it has a style.
        if style is not None:
            sheet.write_blank(row, column, None, style)
        return
    if isinstance(value, str):
        sheet.write_string(row, column, value, style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, column, value, style)
    elif isinstance(value, datetime.date | datetime.datetime):
        sheet.write_datetime(row, column, value, style)
    else:
        sheet.write_string(row, column, _text(value), style)


class _Columns:
    """How a table's values are written, column by column: the cell formats of each
    column's kind made once, a row written with a function per cell rather than a test
    of every rule for every cell (a year has 1.6 million of them)."""

    def __init__(self, styles, table):
        self.kinds = [column.kind for column in table.columns]
        self.date = styles.get(DATE_FORMAT)
        self.datetime = styles.get(DATETIME_FORMAT)
        self.numbers = [styles.get(KIND_FORMATS.get(kind)) for kind in self.kinds]
        self.yes, self.no = _("yes"), _("no")

    def write(self, sheet, row, values):
        write_string, write_number = sheet.write_string, sheet.write_number
        for column, (value, kind, number) in enumerate(
            zip(values, self.kinds, self.numbers, strict=True)
        ):
            if value is None or value == "":
                continue
            if kind == "text" or isinstance(value, str):
                write_string(row, column, _text(value))
            elif kind == "date":
                if isinstance(value, datetime.datetime):
                    sheet.write_datetime(row, column, _naive(value), self.datetime)
                else:
                    sheet.write_datetime(row, column, value, self.date)
            elif isinstance(value, bool):
                write_string(row, column, self.yes if value else self.no)
            elif isinstance(value, int | float | Decimal):
                write_number(row, column, value, number)
            else:
                write_string(row, column, _text(value))


def _write_header(sheet, styles, row, table):
    style = styles.get(None, BOLD, WRAP)
    for column, spec in enumerate(table.columns):
        _write(sheet, row, column, _text(spec.label), style)


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
    """Writes rows to the summary sheet, one after the other, and keeps count of them."""

    def __init__(self, sheet, styles):
        self.sheet = sheet
        self.styles = styles
        self.rows = 0

    def append(self, cells=()):
        """A row of cells: a value, or (value, style)."""
        for column, cell in enumerate(cells):
            value, style = cell if isinstance(cell, tuple) else (cell, None)
            _write(self.sheet, self.rows, column, value, style)
        self.rows += 1

    def heading(self, text, font=HEADING):
        self.append([(_text(text), self.styles.get(None, font))])

    def paragraph(self, text, font=None):
        """Text across all the summary's columns, wrapped, its row tall enough."""
        lines = max(1, -(-len(text) // NARRATIVE_LINE) + text.count("\n"))
        self.sheet.set_row(self.rows, LINE_HEIGHT * lines)
        style = self.styles.get(None, font, WRAP)
        self.sheet.merge_range(self.rows, 0, self.rows, SUMMARY_COLUMNS - 1, "", style)
        _write(self.sheet, self.rows, 0, _text(text), style)
        self.rows += 1

    def table(self, table, font=BOLD):
        self.heading(table.title, font=font)
        _write_header(self.sheet, self.styles, self.rows, table)
        self.rows += 1
        columns = _Columns(self.styles, table)
        for values in table.rows:
            columns.write(self.sheet, self.rows, values)
            self.rows += 1
        if table.note:
            self.paragraph(table.note)
        self.append()


def _unit_label(unit):
    return {"count": "", "people": _("people")}.get(unit, unit)


def _figure_row(styles, figure):
    number_format = styles.get(UNIT_FORMATS.get(figure.unit, AMOUNT_FORMAT))

    def number(value):
        return None if value is None else (value, number_format)

    percent = figure.change_percent
    return [
        _text(figure.label),
        number(figure.value),
        _text(_unit_label(figure.unit)),
        number(figure.previous),
        number(figure.change),
        None if percent is None else (Decimal(percent) / 100, styles.get(PERCENT_FORMAT)),
        _text(figure.note or None),
    ]


def _write_summary(sheet, styles, report):
    for index, width in enumerate(SUMMARY_WIDTHS):
        sheet.set_column(index, index, _width(width))
    # The title stays in view; below it the sheet is read, not filtered.
    sheet.freeze_panes(1, 0)
    summary = _Summary(sheet, styles)
    bold = styles.get(None, BOLD)

    summary.append([(_text(report.title), styles.get(None, TITLE))])
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
            value = (value, styles.get(DATETIME_FORMAT, LEFT))
        else:
            value = _text(value)
        summary.append([(_text(label), bold), value])
    summary.append()

    summary.heading(_("Headline figures"))
    header = styles.get(None, BOLD, WRAP)
    summary.append(
        [
            (_text(text), header)
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
        summary.append([(_text(section.title), bold)])
        for figure in section.figures:
            summary.append(_figure_row(styles, figure))
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

# Excel's day 1 is 1 January 1900, and it counts a 29 February 1900 that never was.
EXCEL_EPOCH = datetime.datetime(1899, 12, 31)  # noqa: DTZ001
EXCEL_FALSE_LEAP_DAY = 59


def _excel_serial(value):
    """A date or a (naive) date and time as Excel's serial number, as XlsxWriter writes it."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime(value.year, value.month, value.day)  # noqa: DTZ001
    delta = value - EXCEL_EPOCH
    days = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    if days > EXCEL_FALSE_LEAP_DAY:
        days += 1
    return f"{days:.16G}"


class _AnnexRows:
    """Writes an annex's rows of values as the XML of the sheet's rows, straight into the
    file where XlsxWriter's ``constant_memory`` mode keeps the sheet's rows until the
    workbook is assembled: what ``write_string``/``write_number``/``write_datetime`` would
    write (inline strings, the same cell formats), without their work for every cell (a
    year has 1.6 million: 11 s of the writer's 12 s went there). This leans on XlsxWriter's
    ``constant_memory`` internals (the row file ``fh``, ``previous_row``, the dimensions),
    hence the pinned minor version; the tests read every cell back."""

    def __init__(self, sheet, styles, table):
        self.sheet = sheet
        self.kinds = [column.kind for column in table.columns]
        self.letters = [xl_col_to_name(index) for index in range(len(self.kinds))]
        self.numbers = [_xf(styles.get(KIND_FORMATS.get(kind))) for kind in self.kinds]
        self.date, self.datetime = _xf(styles.get(DATE_FORMAT)), _xf(styles.get(DATETIME_FORMAT))
        self.yes, self.no = _("yes"), _("no")
        self._dates = {}

    def write(self, rows, first):
        """Write ``rows`` from the sheet's row ``first`` (from 0) on; the next free row."""
        sheet = self.sheet
        # The rows before (the header) go to the file first, as XlsxWriter would.
        sheet._write_single_row(first)
        write, row = sheet.fh.write, first
        for values in rows:
            write(self._row(row + 1, values))
            row += 1
        if row > first:
            sheet._check_dimensions(row - 1, len(self.kinds) - 1)
        sheet.previous_row = row
        return row

    def _row(self, number, values):
        number = str(number)
        cells = []
        cell = cells.append
        for letter, kind, style, value in zip(
            self.letters, self.kinds, self.numbers, values, strict=True
        ):
            if value is None or value == "":
                continue
            if kind == "text" or isinstance(value, str):
                cell(_string(letter + number, value))
            elif kind == "date":
                if isinstance(value, datetime.datetime):
                    serial, style = _excel_serial(_naive(value)), self.datetime
                else:
                    serial = self._dates.get(value)
                    if serial is None:
                        serial = self._dates[value] = _excel_serial(value)
                    style = self.date
                cell(f'<c r="{letter}{number}"{style}><v>{serial}</v></c>')
            elif isinstance(value, bool):
                cell(_string(letter + number, self.yes if value else self.no))
            elif isinstance(value, int):
                cell(f'<c r="{letter}{number}"{style}><v>{value}</v></c>')
            elif isinstance(value, float | Decimal):
                cell(f'<c r="{letter}{number}"{style}><v>{value:.16G}</v></c>')
            else:
                cell(_string(letter + number, value))
        return f'<row r="{number}">{"".join(cells)}</row>'


def _string(reference, value):
    """The inline string cell at ``reference`` of ``_text(value)`` (in one function: the
    annexes have a million of them)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    if XML_SPECIAL.search(text):
        text = _escape(text)
    return f'<c r="{reference}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _xf(style):
    """A cell format's ``s`` attribute ("" for none)."""
    return "" if style is None else f' s="{style._get_xf_index()}"'


def _write_annex(sheet, styles, table):
    """The header in row 1, frozen and repeated on every printed page, a filter over the
    rows, one row per record."""
    for index, column in enumerate(table.columns):
        sheet.set_column(index, index, _width(KIND_WIDTHS.get(column.kind, DEFAULT_WIDTH)))
    sheet.freeze_panes(1, 0)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.set_paper(PAPER_A4)
    sheet.fit_to_pages(1, 0)

    _write_header(sheet, styles, 0, table)
    row = _AnnexRows(sheet, styles, table).write(table.rows, 1)
    sheet.autofilter(0, 0, row - 1, max(len(table.columns), 1) - 1)
    if table.note:
        _write(sheet, row + 1, 0, _text(table.note))
