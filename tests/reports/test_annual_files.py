"""The annual report's files: the XLSX workbook (read back with openpyxl: sheets, real types,
number formats, frozen headers, filters, defused formulas, every figure equal to the report's
and the statistics layer's; opened by LibreOffice when it is installed; bounded memory for a
large annex), the DOCX document (read back with python-docx: headings, tables, figures, the
page number field), the file names, the ``annual_report`` command (every bad input a clear
error, ``--output -``, ranges of years) and the download from the dashboard (who may, what
comes back). The content itself is tested in test_annual_content.py, the PDF in
test_annual_pdf.py."""

import contextlib
import csv
import datetime
import io
import random
import shutil
import subprocess
import tempfile
import tracemalloc
import zipfile
from decimal import Decimal

import docx
import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import CommandError, ManagementUtility, call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from core.models import Visibility
from core.roles import EDITORS
from delegations.models import Delegation
from reports.annual import Column, Figure, Report, Section, Table, build_report
from reports.annual.docx import display, display_change, display_figure, figure_label, write_docx
from reports.annual.render import FORMATS, filename, period_slug, render
from reports.annual.xlsx import write_xlsx
from reports.periods import Period
from reports.statistics import agreement_summary, aid_summary, delegation_summary
from tests.factories import (
    AgreementFactory,
    AidProjectFactory,
    ConferenceFactory,
    DelegationFactory,
    DisbursementFactory,
    ExchangeRateFactory,
    ForeignPartnerFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
    UserFactory,
)

D = datetime.date
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
XLSX_TYPE = FORMATS["xlsx"].content_type
DOCX_TYPE = FORMATS["docx"].content_type


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


# Data


FIRST_DAY, LAST_DAY = D(2024, 1, 1), D(2025, 12, 31)
GENERATED_AT = timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 30))  # noqa: DTZ001


def generate_records(seed, first=FIRST_DAY, last=LAST_DAY, size=10):
    """Delegations (press among them), agreements at both levels, conferences, aid in USD
    and VND (one currency without a rate), twin-city activities, on random days of
    ``first``–``last``, in every status and visibility."""
    rng = random.Random(seed)
    days = (last - first).days

    def day():
        return first + datetime.timedelta(days=rng.randrange(days + 1))

    ExchangeRateFactory(currency="USD", valid_from=D(2020, 1, 1), rate_to_vnd="24000")
    countries = ["JP", "KR", "FR", "US", "DE"]
    partners = [ForeignPartnerFactory(country=code) for code in countries[:3]]
    for _ in range(size * 3):
        direction = rng.choice(Delegation.Direction.values)
        DelegationFactory(
            direction=direction,
            kind=rng.choice([Delegation.Kind.PRESS, Delegation.Kind.BUSINESS])
            if direction == Delegation.Direction.INBOUND
            else Delegation.Kind.GOVERNMENT,
            countries=rng.sample(countries, rng.choice([1, 2])),
            start_date=day(),
            member_count=rng.randrange(1, 20),
            status=rng.choice(Delegation.Status.values),
            visibility=rng.choice(Visibility.values),
        )
    for _ in range(size):
        AgreementFactory(
            signing_level=rng.choice(["city", "unit"]),
            signed_on=day(),
            visibility=rng.choice(Visibility.values),
            parties=[rng.choice(partners)],
        )
    for _ in range(size):
        ConferenceFactory(
            start_date=day(),
            participants_total=rng.randrange(20, 300),
            participants_foreign=rng.randrange(0, 20),
            visibility=rng.choice(Visibility.values),
        )
    for _ in range(size):
        project = AidProjectFactory(
            committed_on=day(),
            commitment_amount=str(rng.randrange(1, 900) * 1000),
            currency=rng.choice(["USD", "VND", "EUR"]),
            country=rng.choice(countries),
            visibility=rng.choice(Visibility.values),
        )
        DisbursementFactory(project=project, date=day(), amount="1000", currency="USD")
    relationship = RelationshipFactory(partner=partners[0])
    for _ in range(size // 2):
        RelationshipActivityFactory(relationship=relationship, date=day())


def report_of(year=2025, language="en", **kwargs):
    return build_report(start=D(year, 1, 1), end=D(year, 12, 31), language=language, **kwargs)


def small_report(rows=(), language="en", annex_rows=None, **changes):
    """A report made by hand, as ``build_report`` makes them: a section of two figures,
    a breakdown, the rates, and one annex (``annex_rows``, a list or a generator)."""
    columns = [
        Column("title", "Title", "text"),
        Column("start_date", "Start date", "date"),
        Column("members", "Members", "int"),
        Column("amount", "Amount", "money"),
        Column("currency", "Currency", "text"),
        Column("vnd", "In VND", "VND"),
        Column("usd", "In USD", "USD"),
    ]
    if annex_rows is None:
        annex_rows = [
            ["Đoàn Nhật Bản", D(2025, 3, 9), 12, Decimal("1500.50"), "USD", 36000000, None],
            *rows,
        ]
    values = {
        "language": language,
        "city": "Cần Thơ",
        "department": "Sở Ngoại vụ thành phố Cần Thơ",
        "title": "Báo cáo tổng kết công tác đối ngoại năm 2025",
        "period": Period.year(2025),
        "previous": Period.year(2024),
        "generated_at": GENERATED_AT,
        "generated_by": "Nguyễn Thị Hoa",
        "sections": [
            Section(
                "delegations",
                "Delegations",
                [
                    Figure(
                        "delegations.inbound", "Foreign delegations received", 1234, 1142, "count"
                    ),
                    Figure(
                        "aid.committed.vnd",
                        "Committed",
                        Decimal("38036880099916"),
                        Decimal("0"),
                        "VND",
                        note="No exchange rate for EUR on 03/05/2025.",
                    ),
                    Figure("aid.committed.usd", "Committed", Decimal("1601639.95"), None, "USD"),
                ],
            )
        ],
        "narrative": ["In 2025 the city welcomed 1,234 foreign delegations (up 8% on 2024)."],
        "breakdowns": [
            Table(
                "countries",
                "Delegations by country",
                [Column("country", "Country", "text"), Column("count", "Delegations", "int")],
                [["Nhật Bản", 341], ["Hàn Quốc", 290]],
            )
        ],
        "rates": Table(
            "rates",
            "Exchange rates used",
            [
                Column("currency", "Currency", "text"),
                Column("valid_from", "Valid from", "date"),
                Column("rate", "VND per unit", "decimal"),
                Column("source", "Source", "text"),
            ],
            [["USD", D(2025, 1, 1), Decimal("25400.5"), "Vietcombank"]],
        ),
        "missing_rates": ["No exchange rate for EUR on 03/05/2025."],
        "annexes": [Table("delegations", "Delegations", columns, annex_rows, note="All of them.")],
    }
    values.update(changes)
    return Report(**values)


def xlsx_of(report):
    stream = io.BytesIO()
    write_xlsx(report, stream)
    stream.seek(0)
    return load_workbook(stream)


def docx_of(report):
    stream = io.BytesIO()
    write_docx(report, stream)
    stream.seek(0)
    return docx.Document(stream)


def sheet_rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def summary_figures(sheet, report):
    """The summary sheet's figure rows, walked in the report's order: {key: row}."""
    rows = sheet_rows(sheet)
    start = next(i for i, row in enumerate(rows) if row[:2] == ["Figure", "Value"]) + 1
    found = {}
    for section in report.sections:
        # The section's title (after the note of the section before, if any).
        start = next(i for i in range(start, len(rows)) if rows[i][0] == section.title) + 1
        for figure in section.figures:
            found[figure.key] = rows[start]
            start += 1
    return found


def number(value):
    """A figure's value as openpyxl reads it back (an int or a float)."""
    return None if value is None else pytest.approx(float(value))


# XLSX


def test_workbook_has_a_summary_sheet_and_one_sheet_per_annex():
    workbook = xlsx_of(small_report())
    assert workbook.sheetnames == ["Summary", "Delegations"]
    workbook.close()


def test_summary_sheet_has_the_title_block():
    rows = sheet_rows(xlsx_of(small_report())["Summary"])
    assert rows[0][0] == "Báo cáo tổng kết công tác đối ngoại năm 2025"
    block = {row[0]: row[1] for row in rows[1:8] if row[0]}
    assert block["City"] == "Cần Thơ"
    assert block["Department"] == "Sở Ngoại vụ thành phố Cần Thơ"
    assert block["Period"] == "2025"
    assert block["Compared with"] == "2024"
    # Excel has no time zones: the time as the city's clock shows it.
    assert block["Generated on"] == timezone.make_naive(GENERATED_AT)
    assert block["Generated by"] == "Nguyễn Thị Hoa"


def test_summary_figures_are_numbers_with_the_previous_value_and_the_change():
    report = small_report()
    sheet = xlsx_of(report)["Summary"]
    rows = summary_figures(sheet, report)
    label, value, unit, previous, change, percent, note = rows["delegations.inbound"]
    assert (label, value, unit, previous, change) == (
        "Foreign delegations received",
        1234,
        None,
        1142,
        92,
    )
    assert percent == pytest.approx(0.081)
    assert note is None
    vnd = rows["aid.committed.vnd"]
    assert vnd[1:5] == [38036880099916, "VND", 0, 38036880099916]
    assert vnd[5] is None  # no percent of a change from zero
    assert vnd[6] == "No exchange rate for EUR on 03/05/2025."
    assert rows["aid.committed.usd"][1:5] == [pytest.approx(1601639.95), "USD", None, None]


def test_summary_number_formats_follow_the_unit():
    report = small_report()
    sheet = xlsx_of(report)["Summary"]
    start = next(
        row for row in sheet.iter_rows() if row[0].value == "Foreign delegations received"
    )[0].row
    count, vnd, usd = (sheet.cell(start + offset, 2) for offset in range(3))
    assert count.number_format == "#,##0"
    assert vnd.number_format == "#,##0"
    assert usd.number_format == "#,##0.00"
    assert sheet.cell(start, 6).number_format == "0.0%"


def test_summary_sheet_has_the_narrative_breakdowns_rates_and_missing_rates():
    section = Section("s", "Conferences", [], note="Counted once held.")
    rows = sheet_rows(xlsx_of(small_report(sections=[section]))["Summary"])
    texts = [row[0] for row in rows]
    assert texts[texts.index("Conferences") + 1] == "Counted once held."
    assert "In 2025 the city welcomed 1,234 foreign delegations (up 8% on 2024)." in texts
    assert ["Nhật Bản", 341] == rows[texts.index("Nhật Bản")][:2]
    rate = rows[texts.index("USD", texts.index("Exchange rates used"))]
    assert rate[0] == "USD" and rate[1].date() == D(2025, 1, 1)
    assert rate[2:4] == [pytest.approx(25400.5), "Vietcombank"]
    missing = texts.index("Missing exchange rates")
    assert texts[missing + 1] == "No exchange rate for EUR on 03/05/2025."


def test_annex_sheet_has_real_types_and_number_formats():
    sheet = xlsx_of(small_report())["Delegations"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["Title", "Start date", "Members", "Amount", "Currency", "In VND", "In USD"]
    cells = sheet[2]
    assert cells[1].value.date() == D(2025, 3, 9)
    assert [cell.value for i, cell in enumerate(cells) if i != 1] == [
        "Đoàn Nhật Bản",
        12,
        1500.5,
        "USD",
        36000000,
        None,
    ]
    assert cells[1].is_date
    assert cells[1].number_format == "DD/MM/YYYY"
    assert cells[2].number_format == "#,##0"
    assert cells[3].number_format == "#,##0.00"
    assert cells[5].number_format == "#,##0"
    assert all(cell.font.bold for cell in sheet[1])


def test_annex_sheet_freezes_its_header_and_filters_its_rows():
    rows = [[f"Đoàn {n}", D(2025, 1, n), n, None, None, None, None] for n in range(1, 6)]
    sheet = xlsx_of(small_report(rows))["Delegations"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G7"
    assert sheet.print_title_rows == "$1:$1"
    # The note stays out of the filter's range.
    assert sheet.cell(9, 1).value == "All of them."


def test_an_empty_annex_keeps_its_header_and_filter():
    sheet = xlsx_of(small_report(annex_rows=[]))["Delegations"]
    assert sheet.max_row == 3  # the header, a blank line, the note
    assert sheet.auto_filter.ref == "A1:G1"


@pytest.mark.parametrize("text", ["=1+2", "+33 123", "-SUM(A1)", "@cmd", "\tx", "\r=1"])
def test_user_text_a_spreadsheet_would_run_is_defused(text):
    workbook = xlsx_of(
        small_report(
            rows=[[text, None, None, None, None, None, None]],
            narrative=[text],
            breakdowns=[
                Table("countries", "By country", [Column("c", "Country", "text")], [[text]])
            ],
        )
    )
    annex = workbook["Delegations"]
    assert annex.cell(3, 1).value == "'" + text
    assert annex.cell(3, 1).data_type == "s"
    summary = [row[0] for row in sheet_rows(workbook["Summary"])]
    assert summary.count("'" + text) == 2
    assert text not in summary


@pytest.mark.parametrize(
    "text", ["A & B <b>", " Đoàn ", "Đoàn\nmới", "Line\r\nnext", "_x000D_ as typed", "9 > 8"]
)
def test_text_is_read_back_as_it_was_written(text):
    """Characters XML escapes, surrounding spaces, line breaks and what looks like Excel's
    own escapes come back the same, in an annex and on the summary."""
    workbook = xlsx_of(
        small_report(
            rows=[[text, None, None, None, None, None, None]],
            breakdowns=[
                Table("countries", "By country", [Column("c", "Country", "text")], [[text]])
            ],
        )
    )
    assert workbook["Delegations"].cell(3, 1).value == text
    assert text in [row[0] for row in sheet_rows(workbook["Summary"])]


def test_annex_cells_of_every_type():
    """A date and time in a date column keeps its time, a yes/no is written in words, an
    empty text is no cell, a number in a text column is text."""
    columns = [
        Column("when", "When", "date"),
        Column("done", "Done", "int"),
        Column("note", "Note", "text"),
        Column("code", "Code", "text"),
    ]
    at = timezone.make_aware(datetime.datetime(2025, 3, 9, 14, 30))  # noqa: DTZ001
    annex = Table(
        "things", "Things", columns, [[at, True, "", 42], [D(2025, 3, 10), False, None, "x"]]
    )
    sheet = xlsx_of(small_report(annexes=[annex]))["Things"]
    first, second = sheet[2], sheet[3]
    assert first[0].value == datetime.datetime(2025, 3, 9, 14, 30)  # noqa: DTZ001
    assert first[0].number_format == "DD/MM/YYYY HH:MM"
    assert second[0].value == datetime.datetime(2025, 3, 10)  # noqa: DTZ001
    assert second[0].number_format == "DD/MM/YYYY"
    assert [first[1].value, second[1].value] == ["yes", "no"]
    assert first[2].value is None and second[2].value is None
    assert first[3].value == "42" and first[3].data_type == "s"


def test_a_workbook_that_fails_half_way_leaves_no_temporary_file(tmp_path, monkeypatch):
    """A query that fails while an annex is read: the error comes through, and the sheets'
    temporary files are gone."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    columns = small_report().annexes[0].columns

    def rows():
        yield ["Đoàn", None, None, None, None, None, None]
        raise RuntimeError("the query failed")

    report = small_report(annexes=[Table("delegations", "Delegations", columns, rows())])
    with pytest.raises(RuntimeError, match="the query failed"):
        write_xlsx(report, io.BytesIO())
    assert list(tmp_path.iterdir()) == []


def test_control_characters_that_a_workbook_cannot_hold_are_dropped():
    sheet = xlsx_of(small_report(rows=[["Đoàn\x0b mới", None, None, None, None, None, None]]))
    assert sheet["Delegations"].cell(3, 1).value == "Đoàn mới"


def test_sheet_names_are_ones_excel_accepts():
    annexes = [
        Table(f"a{n}", title, [Column("t", "Title", "text")], [["x"]])
        for n, title in enumerate(
            ["Phụ lục 1: Đoàn vào/ra [2025]", "Summary", "A very long annex title that Excel cuts"]
        )
    ]
    names = xlsx_of(small_report(annexes=annexes)).sheetnames
    assert names[1] == "Phụ lục 1- Đoàn vào-ra -2025-"
    assert names[2] == "Summary (2)"
    assert names[3] == "A very long annex title that"  # cut between words
    assert all(len(name) <= 31 for name in names)


def test_workbook_is_written_in_the_reports_language():
    with translation.override("en"):
        workbook = xlsx_of(small_report(language="vi"))
    assert workbook.sheetnames[0] == "Tóm tắt"


def test_a_large_annex_is_written_in_bounded_memory():
    def rows(count):
        for n in range(count):
            yield [f"Đoàn công tác số {n}", D(2025, 1, 1), n, Decimal(n), "USD", n * 25000, n]

    def peak(count):
        report = small_report(annex_rows=rows(count))
        with tempfile.TemporaryFile() as stream:
            tracemalloc.start()
            try:
                write_xlsx(report, stream)
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    small, large = peak(2_000), peak(20_000)
    # The rows are streamed: ten times the rows, about the same memory (a few hundred KB).
    assert large < 4_000_000
    assert large < small * 1.5


# XLSX from the statistics layer


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_every_xlsx_figure_equals_the_report_and_the_statistics_layer(seed):
    generate_records(seed)
    report = report_of(2025)
    workbook = xlsx_of(report)
    rows = summary_figures(workbook["Summary"], report)
    assert rows.keys() == report.figures().keys()
    for key, figure in report.figures().items():
        assert rows[key][1] == number(figure.value), key
        assert rows[key][3] == number(figure.previous), key
    # And against the statistics layer itself, independently of the report.
    delegations = delegation_summary(start=D(2025, 1, 1), end=D(2025, 12, 31))
    before = delegation_summary(start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert rows["delegations.inbound"][1] == delegations.inbound
    assert rows["delegations.inbound"][3] == before.inbound
    assert rows["delegations.inbound_press"][1] == delegations.inbound_press
    agreements = agreement_summary(start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert rows["agreements.city"][1] == agreements.city
    assert rows["agreements.unit"][1] == agreements.unit
    workbook.close()


@pytest.mark.django_db
def test_xlsx_annexes_list_the_reports_annex_rows():
    generate_records(3)
    report = report_of(2025)
    workbook = xlsx_of(report)
    assert len(workbook.worksheets) == 1 + len(report.annexes)
    for table, sheet in zip(report.annexes, workbook.worksheets[1:], strict=True):
        assert sheet.max_row - 1 - (2 if table.note else 0) == len(list(table.rows))
    workbook.close()


@pytest.mark.django_db
def test_xlsx_aid_money_equals_the_statistics_layer_in_vnd_and_usd():
    generate_records(4)
    report = report_of(2025)
    rows = summary_figures(xlsx_of(report)["Summary"], report)
    aid = aid_summary(start=D(2025, 1, 1), end=D(2025, 12, 31))
    received = aid.oda.committed.vnd + aid.other.committed.vnd
    money = {key: row for key, row in rows.items() if row[2] == "VND"}
    assert money
    assert number(received) in [row[1] for row in money.values()]


@pytest.mark.django_db
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook(tmp_path):
    generate_records(5)
    report = report_of(2025)
    path = tmp_path / "report.xlsx"
    with path.open("wb") as stream:
        write_xlsx(report, stream)
    # A profile of its own: another LibreOffice running on the machine does not block it.
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path / "out"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (tmp_path / "out" / "report.csv").open(encoding="utf-8") as text:
        rows = list(csv.reader(text))
    assert rows[0][0] == report.title
    figure = report.figure("delegations.inbound")
    found = [row for row in rows if row and row[0] == figure.label]
    assert found and found[0][1] == str(figure.value)


# DOCX


def test_docx_has_the_title_block_and_headings():
    document = docx_of(small_report())
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "SỞ NGOẠI VỤ THÀNH PHỐ CẦN THƠ" in texts
    assert "Báo cáo tổng kết công tác đối ngoại năm 2025" in texts
    assert "Period: 2025" in texts
    assert "Compared with: 2024" in texts
    assert any(
        text.startswith("Generated on ") and text.endswith(" by Nguyễn Thị Hoa") for text in texts
    )
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Overview"),
        ("Heading 1", "Headline figures"),
        ("Heading 2", "Delegations"),
        ("Heading 1", "Breakdowns"),
        ("Heading 2", "Delegations by country"),
        ("Heading 1", "Exchange rates used"),
        ("Heading 1", "Annexes"),
        ("Heading 2", "Delegations"),
    ]


def test_docx_figures_table_has_value_previous_and_change():
    document = docx_of(small_report())
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Figure", "Value", "Previous period", "Change", "%"]
    assert rows[1] == ["Foreign delegations received", "1,234", "1,142", "+92", "+8.1%"]
    assert rows[2] == ["Committed (VND) *", "38,036,880,099,916", "0", "+38,036,880,099,916", "new"]
    assert rows[3] == ["Committed (USD)", "1,601,639.95", "", "", ""]
    notes = [p.text for p in document.paragraphs]
    assert "* No exchange rate for EUR on 03/05/2025." in notes


def test_docx_writes_numbers_and_dates_as_vietnamese_does():
    document = docx_of(small_report(language="vi"))
    figures = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert figures[1][1:] == ["1.234", "1.142", "+92", "+8,1%"]
    annex = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert annex[1] == ["Đoàn Nhật Bản", "09/03/2025", "12", "1.500,50", "USD", "36.000.000", ""]


def test_docx_tables_repeat_their_header_and_align_numbers_right():
    document = docx_of(small_report())
    annex = document.tables[-1]
    assert annex.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    members = annex.rows[1].cells[2].paragraphs[0]
    assert members.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert annex.rows[1].cells[0].paragraphs[0].alignment is None


def test_docx_has_page_numbers_in_the_footer():
    document = docx_of(small_report())
    for section in document.sections:
        instructions = [
            element.text.strip()
            for element in section.footer._element.iter(docx.oxml.ns.qn("w:instrText"))
        ]
        assert instructions == ["PAGE", "NUMPAGES"]


def test_docx_is_a4_portrait_with_the_annexes_on_landscape_pages():
    document = docx_of(small_report())
    body, annexes = document.sections
    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    assert (round(annexes.page_width.mm), round(annexes.page_height.mm)) == (297, 210)
    assert annexes.footer.is_linked_to_previous


def test_docx_says_so_when_an_annex_is_empty():
    texts = [p.text for p in docx_of(small_report(annex_rows=[])).paragraphs]
    assert "None in this period." in texts


def test_docx_drops_control_characters():
    document = docx_of(small_report(rows=[["Đoàn\x0c mới", None, None, None, None, None, None]]))
    assert document.tables[-1].rows[2].cells[0].text == "Đoàn mới"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_docx_figure_equals_the_report_and_the_statistics_layer(language):
    generate_records(6)
    report = report_of(2025, language=language)
    document = docx_of(report)
    tables = iter(document.tables)
    with translation.override(language):
        for section in report.sections:
            rows = [[cell.text for cell in row.cells] for row in next(tables).rows][1:]
            for figure, row in zip(section.figures, rows, strict=True):
                assert row[0].startswith(figure_label(figure))
                assert row[1] == display_figure(figure.value, figure.unit)
                assert row[2] == display_figure(figure.previous, figure.unit)
                assert row[3:] == list(display_change(figure))
    inbound = delegation_summary(start=D(2025, 1, 1), end=D(2025, 12, 31)).inbound
    first = [cell.text for cell in document.tables[0].rows[1].cells]
    separator = "." if language == "vi" else ","
    assert first[1] == f"{inbound:,}".replace(",", separator)


def test_display_of_cells_in_each_language():
    with translation.override("vi"):
        assert display(Decimal("1234567.5"), "money") == "1.234.567,50"
        assert display(Decimal("1234567"), "money") == "1.234.567"
        assert display(Decimal("25400.5000"), "decimal") == "25.400,5"
        assert display(D(2025, 3, 9), "date") == "09/03/2025"
        assert display(None, "int") == ""
    with translation.override("en"):
        assert display(1234, "int") == "1,234"
        assert display(Decimal("75000.455"), "USD") == "75,000.46"  # rounded, not cut
        assert display(Decimal("75000.999"), "money") == "75,001"
        assert display(Decimal("1499999.5"), "VND") == "1,500,000"


# Names of the files


@pytest.mark.parametrize(
    ("start", "end", "slug"),
    [
        (D(2025, 1, 1), D(2025, 12, 31), "2025"),
        (D(2020, 1, 1), D(2025, 12, 31), "2020-2025"),
        (D(2025, 4, 1), D(2025, 6, 30), "2025-q2"),
        (D(2024, 2, 1), D(2024, 2, 29), "2024-02"),
        (D(2025, 1, 1), D(2025, 3, 15), "2025-01-01_2025-03-15"),
    ],
)
def test_period_slug(start, end, slug):
    assert period_slug(start, end) == slug


def test_filename_is_in_the_reports_language():
    assert filename(small_report(language="vi"), "xlsx") == "bao-cao-doi-ngoai-2025.xlsx"
    assert filename(small_report(language="en"), "pdf") == "foreign-affairs-report-2025.pdf"


def test_render_writes_each_office_format():
    for name, magic in (("xlsx", b"PK"), ("docx", b"PK")):
        stream = io.BytesIO()
        render(small_report(), name, stream)
        assert stream.getvalue().startswith(magic)
        with zipfile.ZipFile(stream) as archive:
            assert archive.testzip() is None


def test_render_refuses_an_unknown_format():
    with pytest.raises(KeyError):
        render(small_report(), "odt", io.BytesIO())


# The command


def run(*args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("annual_report", *args, stdout=kwargs.pop("stdout", out), stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["20x5"], "“20x5” is not a year"),
        (["1200"], "1200 is out of range"),
        ([], "Give the year of the report"),
        (["2025", "--from", "2020", "--to", "2025"], "Give either a year or --from and --to"),
        (["--from", "2020"], "A range needs both --from and --to"),
        (["--from", "2025", "--to", "2020"], "The range 2025–2020 is empty"),
        (["2025", "--format", "odt"], "Unknown format “odt”: choose one of xlsx, docx, pdf."),
        (["2025", "--lang", "fr"], "Unknown language “fr”: choose one of vi, en."),
        (["2025", "--user", "nobody"], "No user is named “nobody”."),
    ],
)
@pytest.mark.django_db
def test_command_refuses_bad_input_with_a_clear_message(args, message, tmp_path):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(".", r"\.")):
        run(*args, "--output", str(tmp_path / "report.xlsx"))
    assert not (tmp_path / "report.xlsx").exists()


@pytest.mark.django_db
def test_command_refuses_an_unwritable_path(tmp_path):
    with pytest.raises(CommandError, match="Cannot write to .*missing/report.xlsx"):
        run("2025", "--format", "xlsx", "--output", str(tmp_path / "missing" / "report.xlsx"))
    with pytest.raises(CommandError, match="it is a folder"):
        run("2025", "--format", "xlsx", "--output", str(tmp_path))


@pytest.mark.django_db
def test_command_errors_exit_non_zero_without_a_traceback():
    utility = ManagementUtility(["manage.py", "annual_report", "2025", "--format", "odt"])
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info, contextlib.redirect_stderr(err):
        utility.execute()
    assert exit_info.value.code != 0
    # In the default language, Vietnamese: the value and the choices whatever the words.
    assert err.getvalue().startswith("CommandError: ")
    assert "“odt”" in err.getvalue() and "xlsx, docx, pdf" in err.getvalue()
    assert "Traceback" not in err.getvalue()


@pytest.mark.django_db
def test_command_writes_the_file_named_by_the_report(tmp_path, monkeypatch):
    generate_records(7, size=3)
    monkeypatch.chdir(tmp_path)
    _out, err = run("2025", "--format", "xlsx", "--lang", "en")
    path = tmp_path / "foreign-affairs-report-2025.xlsx"
    assert path.exists()
    assert "Wrote foreign-affairs-report-2025.xlsx" in err
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == "Summary"
    workbook.close()


@pytest.mark.django_db
def test_command_writes_a_range_of_years(tmp_path):
    generate_records(8, first=D(2020, 1, 1), size=4)
    path = tmp_path / "range.docx"
    run("--from", "2020", "--to", "2025", "--format", "docx", "--lang", "en", "--output", str(path))
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert "Period: 2020–2025" in texts
    assert "Compared with: 2014–2019" in texts
    inbound = delegation_summary(start=D(2020, 1, 1), end=D(2025, 12, 31)).inbound
    assert document.tables[0].rows[1].cells[1].text == f"{inbound:,}"


@pytest.mark.django_db
def test_command_writes_to_standard_output(tmp_path):
    generate_records(9, size=2)
    stdout = io.BytesIO()
    with translation.override("en"):
        call_command(
            "annual_report",
            "2025",
            "--format",
            "xlsx",
            "--output",
            "-",
            "--no-compare",
            stdout=stdout,
        )
    workbook = load_workbook(io.BytesIO(stdout.getvalue()))
    rows = sheet_rows(workbook["Tóm tắt"])
    assert not any(row[0] == "Compared with" for row in rows)  # --no-compare
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_command_names_the_user_who_made_the_report(tmp_path):
    UserFactory(username="hoa", first_name="Thị Hoa", last_name="Nguyễn")
    path = tmp_path / "report.xlsx"
    run("2025", "--format", "xlsx", "--user", "hoa", "--output", str(path))
    rows = sheet_rows(load_workbook(path)["Tóm tắt"])
    assert any("Nguyễn" in str(row[1]) for row in rows[:8])


# The download from the dashboard


def download(client, **params):
    query = {"kind": "year", "year": "2025", "compare": "on", **params}
    return client.get(reverse("reports:annual_report"), query)


def body(response):
    """The file of a response (reading it closes the temporary file behind it)."""
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in_for_the_report(anonymous_client):
    response = download(anonymous_client, format="xlsx")
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_staff_without_a_role_may_not_download_the_report(client):
    client.force_login(UserFactory(username="nobody"))
    assert download(client, format="xlsx").status_code == 403
    member = UserFactory(username="member", is_staff=False)
    member.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(member)
    assert download(client, format="xlsx").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("format", "language", "content_type", "name"),
    [
        ("xlsx", "vi", XLSX_TYPE, "bao-cao-doi-ngoai-2025.xlsx"),
        ("docx", "en", DOCX_TYPE, "foreign-affairs-report-2025.docx"),
        ("pdf", "vi", "application/pdf", "bao-cao-doi-ngoai-2025.pdf"),
    ],
)
def test_viewer_downloads_the_report_of_the_dashboards_period(
    viewer_client, format, language, content_type, name
):
    generate_records(10, size=2)
    response = download(viewer_client, format=format, lang=language)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    content = body(response)
    assert content.startswith(b"%PDF" if format == "pdf" else b"PK")


@pytest.mark.django_db
def test_downloaded_workbook_has_the_dashboards_figures(viewer_client):
    generate_records(11, size=4)
    response = download(viewer_client, format="xlsx", lang="en")
    workbook = load_workbook(io.BytesIO(body(response)))
    report = report_of(2025)
    rows = summary_figures(workbook["Summary"], report)
    for key, figure in report.figures().items():
        assert rows[key][1] == number(figure.value), key
    workbook.close()


@pytest.mark.django_db
def test_download_follows_a_quarter_without_comparison(viewer_client):
    response = viewer_client.get(
        reverse("reports:annual_report"),
        {"kind": "quarter", "year": "2025", "quarter": "2", "format": "xlsx", "lang": "en"},
    )
    assert 'filename="foreign-affairs-report-2025-q2.xlsx"' in response["Content-Disposition"]
    rows = sheet_rows(load_workbook(io.BytesIO(body(response)))["Summary"])
    block = {row[0]: row[1] for row in rows[1:8] if row[0]}
    assert block["Period"] == "Q2 2025"
    assert "Compared with" not in block


@pytest.mark.django_db
def test_download_without_a_period_is_the_current_year(viewer_client):
    response = viewer_client.get(reverse("reports:annual_report"), {"format": "xlsx"})
    year = timezone.localdate().year
    assert f'filename="bao-cao-doi-ngoai-{year}.xlsx"' in response["Content-Disposition"]
    body(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"format": "odt"},
        {"lang": "fr"},
        {"year": "20x5"},
        {"kind": "custom", "start": "2025-03-01"},
    ],
)
def test_download_refuses_a_bad_request(viewer_client, params):
    assert download(viewer_client, **params).status_code == 400


@pytest.mark.django_db
def test_dashboard_links_to_the_report_of_its_period_in_each_format_and_language(viewer_client):
    response = viewer_client.get(
        reverse("reports:dashboard"), {"kind": "year", "year": "2025", "compare": "on"}
    )
    page = response.content.decode()
    url = reverse("reports:annual_report")
    for language in ("vi", "en"):
        for format in ("pdf", "docx", "xlsx"):
            link = f"{url}?kind=year&amp;year=2025&amp;compare=on&amp;format={format}&amp;lang={language}"
            assert f'href="{link}"' in page


@pytest.mark.django_db
def test_dashboard_links_to_the_report_of_the_default_period(viewer_client):
    page = viewer_client.get(reverse("reports:dashboard")).content.decode()
    assert f'href="{reverse("reports:annual_report")}?format=xlsx&amp;lang=en"' in page


def test_a_printed_report_lists_the_first_records_of_a_long_annex_and_says_so(db, monkeypatch):
    """A printed report (DOCX, PDF) lists at most so many records an annex, the first by
    date, and says how many of how many; the workbook lists them all."""
    from reports.annual import docx as docx_format

    generate_records(seed=5, size=12)
    monkeypatch.setattr(docx_format, "DOCX_ANNEX_ROWS", 3)
    report = report_of(2025)
    delegations = next(t for t in report.annexes if t.key == "delegations")
    total = delegations.rows.count()
    first_three = [row[4] for row in list(delegations.rows)[:3]]  # their titles
    assert total > 3

    document = docx_of(report)
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"lists the first 3 of the {total} records" in text
    annex = next(
        table
        for table in document.tables
        if table.rows[0].cells[0].text == "Start date" and len(table.columns) == 12
    )
    assert len(annex.rows) == 1 + 3  # the header and three records
    assert [row.cells[4].text for row in annex.rows[1:]] == first_three

    workbook = xlsx_of(report)
    assert len(sheet_rows(workbook["Delegations"])) >= total  # every record


def test_a_short_annex_is_printed_whole(monkeypatch):
    from reports.annual import content

    rows = [["Đoàn", D(2025, 3, 9), 12, Decimal("1"), "USD", 1, None]] * 3
    report = small_report(annex_rows=rows)
    printed = content.printed_annexes(report.annexes, limit=3)
    assert printed[0] is report.annexes[0]
    with translation.override("en"):
        cut = content.printed_annexes(report.annexes, limit=2)[0]
    assert len(list(cut.rows)) == 2 and "first 2 of the 3 records" in cut.note
