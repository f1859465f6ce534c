"""The annual report as a Word document that a department can edit and send: the title
block, the narrative, the headline figures, the breakdowns, the exchange rates and then the
annexes; A4 portrait (the annexes, a dozen columns wide, on landscape pages of their own
section), Times New Roman as official documents use it, tables in the plain "Table Grid"
style with a header row repeated on each page and columns sized to their contents, and the
page number in the footer (PAGE / NUMPAGES fields, which Word and LibreOffice fill in).

Numbers are written as the report's language writes them (``1.234,5`` in Vietnamese,
``1,234.5`` in English). The charts are left to the PDF: python-docx takes only raster
images, and nothing on the server turns the charts' SVG into one.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml.etree import SubElement

from .content import DOCX_ANNEX_ROWS, printed_annexes, printed_breakdown
from .render import labels

FONT = "Times New Roman"
BODY_SIZE = Pt(13)
TABLE_SIZE = Pt(10)
ANNEX_SIZE = Pt(8)
HEADER_FILL = "D9E2F3"
TEXT_COLOUR = RGBColor(0x1F, 0x1F, 0x1F)
TABLE_STYLE = "Table Grid"
# The paragraph styles of the tables' text: a department edits them once for all tables.
TABLE_TEXT = "Report Table Text"
ANNEX_TEXT = "Report Annex Text"

# Sizing a table's columns (``_widths``): the narrowest column and the width past which a
# text column wraps rather than grows, in characters; about how wide a character is, in
# ems; a cell's margins, both sides.
SHORT_COLUMN = 4
LONG_COLUMN = 40
CHARACTER_EM = 0.5
BOLD_EM = 1.1
CELL_MARGIN = Mm(1.2)  # each side
CELL_PADDING = 2 * CELL_MARGIN + Mm(0.6)
WORD_BREAKS = re.compile(r"(?<=-)|\s+")
NUMERIC_KINDS = {"int", "VND", "USD", "money", "decimal"}
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_docx(report, stream):
    """Write ``report`` (``reports.annual.content.Report``) to the binary ``stream`` as a
    DOCX document."""
    with translation.override(report.language):
        document = _document()
        _write(document, report)
        document.save(stream)


# Formatting values as the report's language writes them


def _number(value, decimal_pos=None):
    return number_format(value, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


def _rounded(value, places):
    """``value`` rounded half up to ``places`` decimals (``number_format`` would cut)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _amount(value):
    """An amount of money: cents only when there are any."""
    value = _rounded(value, 2)
    return _number(value, 0 if value == value.to_integral_value() else 2)


def display(value, kind="text"):
    """A table cell's value as text: numbers grouped, dates as the language writes them."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | Decimal | float) and kind != "text":
        if kind == "int":
            return _number(value)
        if kind == "VND":
            return _number(_rounded(value, 0), 0)
        if kind in ("USD", "money"):
            return _amount(value)
        return _number(Decimal(value).normalize() if isinstance(value, Decimal) else value)
    return str(value)


def display_figure(value, unit):
    """A headline figure's value: a count grouped, an amount in whole dong or with its
    cents (the figure's label names the currency, see ``figure_label``)."""
    if value is None:
        return ""
    if unit == "VND":
        return _number(_rounded(value, 0), 0)
    if unit == "USD":
        return _amount(value)
    return _number(value)


def figure_label(figure):
    """The figure's label, with the currency of an amount: "Committed (VND)"."""
    if figure.unit in ("VND", "USD"):
        return f"{figure.label} ({figure.unit})"
    return str(figure.label)


def display_change(figure):
    """The change against the previous period, signed ("+31", "−3", "±0"), and in percent
    ("+8,1%"; "new" where there was nothing before, "—" where there is nothing in either
    period); ("", "") when the figure is not compared."""
    change = figure.change
    if change is None:
        return "", ""
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    amount = sign + display_figure(abs(change), figure.unit)
    percent = figure.change_percent
    if percent is not None:
        percent_sign = "+" if percent > 0 else "−" if percent < 0 else "±"
        return amount, f"{percent_sign}{_number(abs(percent), 1)}%"
    if not figure.previous and figure.value:
        return amount, _("new")
    return amount, "—"


# The document's layout


def _set_font(style, size=None, bold=None, colour=None):
    """``style`` in Times New Roman for every script (the default template's headings use
    theme fonts, which would win over a plain font name)."""
    style.font.name = FONT
    if size is not None:
        style.font.size = size
    if bold is not None:
        style.font.bold = bold
    if colour is not None:
        style.font.color.rgb = colour
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), FONT)
        fonts.attrib.pop(qn(f"w:{script}Theme"), None)


def _document():
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)

    styles = document.styles
    _set_font(styles["Normal"], BODY_SIZE)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    _set_font(styles["Title"], Pt(16), bold=True, colour=TEXT_COLOUR)
    for level, size in ((1, Pt(14)), (2, Pt(13)), (3, Pt(13))):
        _set_font(styles[f"Heading {level}"], size, bold=True, colour=TEXT_COLOUR)
    # The default template underlines the title with a blue border: not in an official paper.
    title_ppr = styles["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)

    for name, size in ((TABLE_TEXT, TABLE_SIZE), (ANNEX_TEXT, ANNEX_SIZE)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size = size
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1

    _page_number_footer(section)
    return document


def _field(paragraph, instruction):
    """A field (``PAGE``, ``NUMPAGES``) that the word processor fills in; "1" until then."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _page_number_footer(section):
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE")
    paragraph.add_run(" / ")
    _field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(10)


def _shade(cell, fill):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_margins(table):
    """Narrower cell margins than the style's (1.9 mm): room for a dozen columns."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(CELL_MARGIN.twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    # In the schema's order of a table's properties.
    table._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def _repeat_header(row):
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _clean(text):
    """Text without the control characters XML cannot hold (pasted from elsewhere)."""
    return ILLEGAL_CHARACTERS.sub("", text)


def _append_row(table, texts, style_id, right):
    """A row of ``texts`` built straight in XML: python-docx's ``add_row`` and runs take
    a millisecond a cell, too slow for an annex of thousands of records. ``right``: for
    each cell, whether it is aligned right."""
    tr = SubElement(table._tbl, qn("w:tr"))
    for text, align_right in zip(texts, right, strict=True):
        tc = SubElement(tr, qn("w:tc"))
        paragraph = SubElement(tc, qn("w:p"))
        properties = SubElement(paragraph, qn("w:pPr"))
        SubElement(properties, qn("w:pStyle")).set(qn("w:val"), style_id)
        if align_right:
            SubElement(properties, qn("w:jc")).set(qn("w:val"), "right")
        if text:
            element = SubElement(SubElement(paragraph, qn("w:r")), qn("w:t"))
            element.text = _clean(text)
            if text != text.strip():
                element.set(qn("xml:space"), "preserve")


def _words(text):
    """The pieces a line of ``text`` may break between."""
    return WORD_BREAKS.split(text)


def _widths(columns, texts, width, size):
    """The columns' widths (EMU) in a table ``width`` wide, its text ``size`` big, from
    their contents. Each column wants room for a long value on one line (the longest
    number or date; nine in ten of a text, capped at ``LONG_COLUMN`` characters) and needs
    room for its longest word (of the header or a value). When the wants do not fit, every
    column gets its need and the rest is shared in proportion to what each still wants;
    when they fit, the room to spare goes to the text columns.
    A text wraps between words and after a hyphen; a number or a date never."""
    character = size * CHARACTER_EM
    wants, needs = [], []
    for index, (label, kind) in enumerate(columns):
        values = [row[index] for row in texts]
        lengths = sorted(len(value) for value in values) or [0]
        if kind in NUMERIC_KINDS or kind == "date":
            want = need = lengths[-1]  # a number or a date never wraps
        else:
            want = min(lengths[int(0.9 * (len(lengths) - 1))], LONG_COLUMN)
            need = max((len(word) for value in values for word in _words(value)), default=0)
        # The header is bold: its letters are wider.
        header = max((len(word) for word in _words(str(label))), default=0) * BOLD_EM
        need = max(need, header, SHORT_COLUMN)
        needs.append(min(need, LONG_COLUMN) * character + CELL_PADDING)
        wants.append(max(want, need) * character + CELL_PADDING)
    if sum(wants) <= width:
        # Room to spare: it widens the text columns, the numbers stay snug.
        text_wants = [
            want if kind not in NUMERIC_KINDS else 0
            for want, (_l, kind) in zip(wants, columns, strict=True)
        ]
        growing = text_wants if sum(text_wants) else wants
        extra = (width - sum(wants)) / sum(growing)
        return [int(want + grow * extra) for want, grow in zip(wants, growing, strict=True)]
    if sum(needs) >= width:
        return [int(need * width / sum(needs)) for need in needs]
    share = (width - sum(needs)) / (sum(wants) - sum(needs))
    return [int(need + (want - need) * share) for want, need in zip(wants, needs, strict=True)]


def _table(document, columns, rows, style, weights=None):
    """A table of ``columns`` (label, kind) and ``rows`` (lists of values), its header
    shaded, bold and repeated on every page, numbers aligned right, its text in the
    paragraph style ``style``; the columns sized to their contents unless ``weights``
    says how. Returns the table and how many rows it has."""
    texts = [
        [display(value, kind) for value, (_label, kind) in zip(values, columns, strict=True)]
        for values in rows
    ]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: the widths below, and a fast one to lay out
    _cell_margins(table)
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    if weights:
        widths = [int(width * weight / sum(weights)) for weight in weights]
    else:
        widths = _widths(columns, texts, width, style.font.size)
    for column, column_width in zip(table.columns, widths, strict=True):
        column.width = column_width

    header = table.rows[0]
    _repeat_header(header)
    right = [kind in NUMERIC_KINDS or kind == "number" for _label, kind in columns]
    for cell, (label, _kind), cell_width, align_right in zip(
        header.cells, columns, widths, right, strict=True
    ):
        cell.width = cell_width
        _shade(cell, HEADER_FILL)
        paragraph = cell.paragraphs[0]
        paragraph.style = style
        if align_right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(_clean(str(label))).bold = True
    for row in texts:
        _append_row(table, row, style.style_id, right)
    return table, len(texts)


def _note(document, text):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(_clean(str(text)))
    run.italic = True
    run.font.size = TABLE_SIZE


def _data_table(document, table, style, level=2):
    document.add_heading(_clean(str(table.title)), level=level)
    columns = [(column.label, column.kind) for column in table.columns]
    _table_element, count = _table(document, columns, table.rows, style)
    if not count:
        _note(document, _("None in this period."))
    if table.note:
        _note(document, table.note)


# The content


def _title_block(document, report):
    center = WD_ALIGN_PARAGRAPH.CENTER
    heads = [report.department]
    if report.city not in report.department:
        heads.insert(0, report.city)
    for text in heads:
        if text:
            paragraph = document.add_paragraph()
            paragraph.alignment = center
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run(str(text).upper()).bold = True
    title = document.add_paragraph(str(report.title), style="Title")
    title.alignment = center
    title.paragraph_format.space_before = Pt(18)

    period, previous = labels(report)
    lines = [_("Period: {period}").format(period=period)]
    if previous:
        lines.append(_("Compared with: {period}").format(period=previous))
    generated = display(report.generated_at)
    if report.generated_by:
        lines.append(
            _("Generated on {date} by {person}").format(date=generated, person=report.generated_by)
        )
    else:
        lines.append(_("Generated on {date}").format(date=generated))
    for line in lines:
        paragraph = document.add_paragraph(line)
        paragraph.alignment = center
        paragraph.paragraph_format.space_after = Pt(0)
    document.add_paragraph()


def _figures(document, report):
    """One table per section: the figure, its value, and when comparing the previous
    value and the change. A figure's note (the missing rates of an amount) below the
    table, marked with asterisks."""
    document.add_heading(_("Headline figures"), level=1)
    style = document.styles[TABLE_TEXT]
    compared = report.previous is not None
    columns = [(_("Figure"), "text"), (_("Value"), "number")]
    weights = [3, 2.8]
    if compared:
        columns += [(_("Previous period"), "number"), (_("Change"), "number"), ("%", "number")]
        weights += [2.8, 3, 2]
    right = [False] + [True] * (len(columns) - 1)
    for section in report.sections:
        document.add_heading(_clean(str(section.title)), level=2)
        table, _count = _table(document, columns, [], style, weights=weights)
        notes = {}  # note -> its mark: figures with the same note share it
        for figure in section.figures:
            label = figure_label(figure)
            if figure.note:
                mark = notes.setdefault(figure.note, "*" * (len(notes) + 1))
                label += " " + mark
            texts = [label, display_figure(figure.value, figure.unit)]
            if compared:
                texts += [display_figure(figure.previous, figure.unit), *display_change(figure)]
            _append_row(table, texts, style.style_id, right)
        for note, mark in notes.items():
            _note(document, f"{mark} {note}")
        if getattr(section, "note", ""):
            _note(document, section.note)


def _write(document, report):
    _title_block(document, report)

    if report.narrative:
        document.add_heading(_("Overview"), level=1)
        for text in report.narrative:
            paragraph = document.add_paragraph(_clean(str(text)))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Mm(10)

    _figures(document, report)

    table_text = document.styles[TABLE_TEXT]
    if report.breakdowns:
        document.add_heading(_("Breakdowns"), level=1)
        for table in report.breakdowns:
            _data_table(document, printed_breakdown(table, list(table.rows)), table_text)

    _data_table(document, report.rates, table_text, level=1)
    if report.missing_rates:
        paragraph = document.add_paragraph()
        paragraph.add_run(_("Missing exchange rates:")).bold = True
        for sentence in report.missing_rates:
            document.add_paragraph(_clean(str(sentence)), style="List Bullet")

    if report.annexes:
        # The annexes have many columns: landscape pages (the page numbers run on).
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Mm(15)
        document.add_heading(_("Annexes"), level=1)
        annex_text = document.styles[ANNEX_TEXT]
        for table in printed_annexes(report.annexes, DOCX_ANNEX_ROWS):
            _data_table(document, table, annex_text)
