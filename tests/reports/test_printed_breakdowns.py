"""A printed report (DOCX, PDF) shows at most ``PRINTED_BREAKDOWN_ROWS`` rows of a
breakdown: the first ones and one row "Others (N)" that adds up the rest, so the table
still sums to its figure; the workbook (XLSX) keeps every row."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from delegations.models import Delegation
from reports.annual import Column, Table, build_report, content
from reports.statistics import delegation_summary
from tests.factories import DelegationFactory, LocalUnitFactory

from .test_annual_files import docx_of, sheet_rows, xlsx_of
from .test_annual_pdf import flat, pages_of, pdf_of

D = datetime.date

AID_COLUMNS = [
    Column("unit", "Implementing unit", "text"),
    Column("count", "Projects", "int"),
    Column("committed_vnd", "Committed (VND)", "VND"),
    Column("committed_usd", "Committed (USD)", "USD"),
    Column("missing", "Missing exchange rates", "text"),
]


def aid_by_unit(count):
    """Rows as the aid table by unit gives them, the largest first."""
    return [
        [
            f"Unit {number}",
            count - number,
            Decimal(1_000_000 * (count - number)),
            Decimal("41.50"),
            "EUR 03/05/2025" if number % 2 else "",
        ]
        for number in range(count)
    ]


def test_a_short_breakdown_is_printed_whole():
    rows = aid_by_unit(3)
    table = Table("aid_by_unit", "Aid by unit", AID_COLUMNS, rows, note="Received.")

    printed = content.printed_breakdown(table, rows, limit=3)

    assert printed.rows == rows and printed.note == "Received."


def test_a_long_breakdown_keeps_its_first_rows_and_adds_up_the_others():
    rows = aid_by_unit(6)  # counts 6, 5, 4, 3, 2, 1
    table = Table("aid_by_unit", "Aid by unit", AID_COLUMNS, rows, note="Received.")

    with translation.override("en"):
        printed = content.printed_breakdown(table, rows, limit=3)

    assert printed.rows[:2] == rows[:2]
    others = printed.rows[2]
    assert others[0] == "Others (4)"
    assert others[1] == 4 + 3 + 2 + 1
    assert others[2] == Decimal(10_000_000)
    assert others[3] == Decimal("166.00")
    assert others[4] == "EUR 03/05/2025"  # said once, not once per row
    # Every numeric column still adds up to the whole table's.
    for index in (1, 2, 3):
        assert sum(row[index] for row in printed.rows) == sum(row[index] for row in rows)
    assert printed.note == (
        "Received. This printed report lists the first 2 of the 6 rows and adds up the other "
        "4 in the last; the workbook (XLSX) of the same report lists them all."
    )
    with translation.override("vi"):
        assert content.printed_breakdown(table, rows, limit=3).rows[2][0] == "Khác (4)"


@pytest.fixture
def six_units(db):
    """Delegations of 2025 hosted by six units: 6, 5, 4, 3, 2 and 1 of them."""
    units = [LocalUnitFactory(name=f"Sở số {n}", name_en=f"Department {n}") for n in range(6)]
    for number, unit in enumerate(units):
        for _ in range(6 - number):
            DelegationFactory(
                host_unit=unit,
                start_date=D(2025, 4, 1),
                status=Delegation.Status.COMPLETED,
                member_count=2,
            )
    return units


def report_2025(language="en"):
    return build_report(
        start=D(2025, 1, 1), end=D(2025, 12, 31), language=language, today=D(2026, 1, 15)
    )


def test_the_docx_adds_up_the_other_units_and_the_workbook_lists_them_all(six_units, monkeypatch):
    monkeypatch.setattr(content, "PRINTED_BREAKDOWN_ROWS", 3)
    report = report_2025()
    received = delegation_summary(start=D(2025, 1, 1), end=D(2025, 12, 31)).inbound
    assert received == 21

    document = docx_of(report)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Host unit")
    printed = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [row[:2] for row in printed] == [
        ["Department 0", "6"],
        ["Department 1", "5"],
        ["Others (4)", "10"],
    ]
    assert sum(int(row[1]) for row in printed) == received
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "lists the first 2 of the 6 rows and adds up the other 4" in text

    rows = sheet_rows(xlsx_of(report)["Summary"])
    listed = [row[0] for row in rows if str(row[0])[:-1] == "Department "]
    assert listed == [f"Department {n}" for n in range(6)]
    assert not any(str(row[0]).startswith("Others") for row in rows)


def test_the_pdf_adds_up_the_other_units(six_units, monkeypatch):
    monkeypatch.setattr(content, "PRINTED_BREAKDOWN_ROWS", 3)

    text = flat(" ".join(pages_of(pdf_of(report_2025("vi")))))

    # The other four units: 10 delegations, all received, none sent, 20 members.
    assert "Khác (4) 10 10 0 20" in text
    assert "liệt kê 2 dòng đầu tiên trong tổng số 6 dòng" in text
