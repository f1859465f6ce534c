"""Spreadsheet import and export (core.importing): the widgets, the shared base resource,
the commands, the templates, the admin integration, and the round trips and bad cells of
local units, foreign partners, relationships and exchange rates."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from aid.models import ExchangeRate
from aid.resources import ExchangeRateResource
from core.importing import (
    IMPORT_TYPES,
    ChoiceWidget,
    CountryWidget,
    NamedForeignKeyWidget,
    NamedManyToManyWidget,
    StrictDateWidget,
    StrictDecimalWidget,
    StrictIntegerWidget,
    YesNoWidget,
    build_template,
    export_rows,
    format_plain_number,
    get_resource,
    parse_number,
    read_dataset,
    run_import,
)
from core.models import LocalUnit, Sector, Visibility
from core.resources import LocalUnitResource
from partners.models import ForeignPartner, Relationship
from partners.resources import ForeignPartnerResource, RelationshipResource

from .factories import (
    ExchangeRateFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    RelationshipFactory,
    SectorFactory,
)

RATE_HEADERS = ["ID", "Currency", "Valid from", "VND per unit", "Source"]


def rates_file(*rows, headers=RATE_HEADERS):
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append(row)
    return dataset


def import_en(resource, dataset, user=None, dry_run=False, **kwargs):
    return run_import(resource, dataset, dry_run=dry_run, user=user, language="en", **kwargs)


def errors_of(report):
    return [(error.row_number, error.column, error.message) for error in report.errors]


def as_csv_dataset(resource_class, queryset, language="en"):
    """Export like the admin's CSV, then read the bytes back like an upload."""
    with translation.override(language):
        rows = list(export_rows(resource_class(), queryset))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(rows)
    return read_dataset(("\ufeff" + out.getvalue()).encode("utf-8"), "export.csv")


def as_xlsx_dataset(resource_class, queryset, language="en"):
    from core.importing import xlsx_cell

    with translation.override(language):
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("export")
        for row in export_rows(resource_class(), queryset, native=True):
            sheet.append([xlsx_cell(sheet, value) for value in row])
        out = io.BytesIO()
        book.save(out)
    return read_dataset(out.getvalue(), "export.xlsx")


def snapshot(queryset, *fields):
    return sorted(tuple(getattr(obj, name) for name in fields) for obj in queryset)


# --- Widgets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("31/12/2024", datetime.date(2024, 12, 31)),
        ("1/2/2024", datetime.date(2024, 2, 1)),
        ("2024-02-01", datetime.date(2024, 2, 1)),
        (" 05/06/2024 ", datetime.date(2024, 6, 5)),
        # openpyxl reads an Excel date cell as a naive datetime.
        (datetime.datetime(2024, 2, 1, 0, 0), datetime.date(2024, 2, 1)),  # noqa: DTZ001
        (datetime.date(2024, 2, 1), datetime.date(2024, 2, 1)),
        ("", None),
        (None, None),
    ],
)
def test_date_widget_reads_day_first_iso_and_excel_dates(cell, expected):
    assert StrictDateWidget().clean(cell) == expected


@pytest.mark.parametrize(
    "cell", ["12-31-2024", "2024/12/31", "1/2/24", "31.12.2024", "soon", 45000]
)
def test_date_widget_refuses_other_forms_naming_the_accepted_ones(cell):
    with translation.override("en"), pytest.raises(ValueError, match="dd/mm/yyyy"):
        StrictDateWidget().clean(cell)


def test_date_widget_refuses_a_day_that_does_not_exist():
    with translation.override("en"), pytest.raises(ValueError, match="not a date that exists"):
        StrictDateWidget().clean("31/02/2024")


def test_date_widget_exports_day_first():
    assert StrictDateWidget().render(datetime.date(2024, 2, 1)) == "01/02/2024"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1234.5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234\u00a0567", "1234567"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("1,234,567.25", "1234567.25"),
        ("0.125", "0.125"),
        ("12345.678", "12345.678"),
        ("1.2340", "1.2340"),
        ("-12,5", "-12.5"),
        ("25450", "25450"),
        (25450, "25450"),
        (0.1, "0.1"),
        (1234.5, "1234.5"),
    ],
)
def test_decimal_widget_reads_either_convention(cell, expected):
    assert StrictDecimalWidget().clean(cell) == Decimal(expected)


@pytest.mark.parametrize("cell", ["1.234", "1,234", "12,500", "-1.234", "999.000"])
def test_decimal_widget_refuses_an_ambiguous_number_instead_of_guessing(cell):
    with translation.override("en"), pytest.raises(ValueError, match="ambiguous"):
        StrictDecimalWidget().clean(cell)


def test_decimal_widget_says_how_to_write_an_ambiguous_number():
    with translation.override("en"), pytest.raises(ValueError) as error:
        StrictDecimalWidget().clean("1.234")
    assert "1234" in str(error.value)
    assert "1,234.00" in str(error.value)


@pytest.mark.parametrize(
    "cell", ["abc", "12 USD", "1,2,3", "1.234,5,6", "12 34", "1.23.4", "1,234.5.6", "--1", True]
)
def test_decimal_widget_refuses_what_is_not_a_number(cell):
    with translation.override("en"), pytest.raises(ValueError, match="not a number"):
        StrictDecimalWidget().clean(cell)


@pytest.mark.parametrize(
    "value", ["1.234", "25450.000000", "0.0061", "1234567.89", "999", "12.5", "100.250"]
)
def test_exported_numbers_read_back_unchanged(value):
    text = format_plain_number(Decimal(value))
    assert parse_number(text) == Decimal(value)


def test_integer_widget_refuses_a_fraction():
    assert StrictIntegerWidget().clean("1,234,567") == 1234567
    with translation.override("en"), pytest.raises(ValueError, match="whole number"):
        StrictIntegerWidget().clean("12.5")


@pytest.mark.parametrize(
    ("cell", "expected"), [("Yes", True), ("có", True), ("KHÔNG", False), ("0", False), ("", None)]
)
def test_yes_no_widget_reads_both_languages(cell, expected):
    assert YesNoWidget().clean(cell) == expected


def test_choice_widget_reads_the_value_or_either_language_label():
    widget = ChoiceWidget(LocalUnit.Kind)
    with translation.override("vi"):
        vietnamese = str(LocalUnit.Kind.DEPARTMENT.label)
    assert widget.clean("department") == "department"
    assert widget.clean("Department") == "department"
    assert widget.clean(vietnamese) == "department"
    assert widget.clean(vietnamese.upper()) == "department"
    assert widget.clean("") == ""


def test_choice_widget_lists_the_allowed_values_when_refusing():
    with translation.override("en"), pytest.raises(ValueError) as error:
        ChoiceWidget(LocalUnit.Kind).clean("Ministry")
    assert "Department" in str(error.value)
    assert "City leadership" in str(error.value)


def test_choice_widget_exports_the_label_in_the_active_language():
    with translation.override("en"):
        assert ChoiceWidget(LocalUnit.Kind).render("department") == "Department"


def test_country_widget_reads_codes_and_names_in_both_languages():
    widget = CountryWidget()
    with translation.override("vi"):
        vietnamese = str(countries.name("FR"))
    assert widget.clean("FR") == "FR"
    assert widget.clean("fra") == "FR"
    assert widget.clean("France") == "FR"
    assert widget.clean(vietnamese) == "FR"
    assert widget.clean("Hungary") == "HU"
    assert widget.clean("") == ""


def test_country_widget_reads_several_countries():
    widget = CountryWidget(multiple=True)
    assert widget.clean("France; Japan") == ["FR", "JP"]
    assert widget.clean("FR, JP, FR") == ["FR", "JP"]
    assert widget.clean("Bonaire, Sint Eustatius and Saba") == ["BQ"]


def test_country_widget_refuses_an_unknown_country():
    with translation.override("en"), pytest.raises(ValueError, match="Unknown country “Atlantis”"):
        CountryWidget(multiple=True).clean("France; Atlantis")


@pytest.mark.django_db
def test_named_foreign_key_widget_ignores_accents_and_case():
    unit = LocalUnitFactory(name="Sở Y tế", name_en="Department of Health", abbreviation="SYT")
    widget = NamedForeignKeyWidget(LocalUnit, fields=["name", "name_en", "abbreviation"])
    assert widget.clean("so y te") == unit
    assert widget.clean("DEPARTMENT OF HEALTH") == unit
    assert widget.clean("syt") == unit
    assert widget.clean("") is None


@pytest.mark.django_db
def test_named_foreign_key_widget_names_the_records_a_name_matches():
    ForeignPartnerFactory(name="Ministry of Health", country="FR")
    ForeignPartnerFactory(name="Ministry of Health", country="JP")
    widget = NamedForeignKeyWidget(ForeignPartner, fields=["name"], qualifier="country")
    with translation.override("en"), pytest.raises(ValueError) as error:
        widget.clean("Ministry of Health")
    assert "France" in str(error.value)
    assert "Japan" in str(error.value)
    assert widget.clean("Ministry of Health (Japan)").country == "JP"


@pytest.mark.django_db
def test_named_foreign_key_widget_refuses_an_unknown_name():
    widget = NamedForeignKeyWidget(LocalUnit, fields=["name"])
    with translation.override("en"), pytest.raises(ValueError, match="No local unit is named"):
        widget.clean("Nowhere")


@pytest.mark.django_db
def test_named_many_to_many_widget_reads_codes_and_names_and_lists_unknown_ones():
    tourism = SectorFactory(code="tourism", name="Du lịch", name_en="Tourism")
    health = SectorFactory(code="health", name="Y tế", name_en="Health")
    widget = NamedManyToManyWidget(Sector, fields=["name", "name_en", "code"])
    assert widget.clean("tourism; y te") == [tourism, health]
    with translation.override("en"), pytest.raises(ValueError) as error:
        widget.clean("tourism; mining; space")
    assert "mining" in str(error.value)
    assert "space" in str(error.value)


# --- Types, templates, headers ------------------------------------------------------


def test_every_import_type_has_a_resource_with_unique_headers_in_both_languages():
    for name in ("units", "partners", "relationships", "rates"):
        for language in ("vi", "en"):
            with translation.override(language):
                resource = get_resource(name)()
            headers = [field.column_name for field in resource.fields.values()]
            assert len(headers) == len(set(headers))
    assert set(IMPORT_TYPES) == {
        "delegations", "agreements", "conferences", "aid",
        "partners", "relationships", "units", "rates",
    }  # fmt: skip


def test_an_unknown_type_is_refused_naming_the_known_ones():
    with translation.override("en"), pytest.raises(ValueError, match="rates"):
        get_resource("ships")


def test_headers_follow_the_active_language():
    with translation.override("en"):
        english = [f.column_name for f in ExchangeRateResource().fields.values()]
    with translation.override("vi"):
        vietnamese = [f.column_name for f in ExchangeRateResource().fields.values()]
    assert english == RATE_HEADERS
    assert vietnamese[0] == "ID"
    assert vietnamese != english


@pytest.mark.django_db
def test_a_file_with_headers_in_the_other_language_or_field_names_is_read(editor):
    with translation.override("vi"):
        vietnamese = [f.column_name for f in ExchangeRateResource().fields.values()]
    report = run_import(
        ExchangeRateResource,
        rates_file(["", "EUR", "02/01/2025", "26500", "SBV"], headers=vietnamese),
        dry_run=False,
        user=editor,
        language="en",
    )
    assert report.ok, report.errors
    report = import_en(
        ExchangeRateResource,
        rates_file(
            ["USD", "2025-01-02", "25450", "SBV"],
            headers=["currency", "VALID FROM", "vnd per unit", "source"],
        ),
        user=editor,
    )
    assert report.ok, report.errors
    assert ExchangeRate.objects.count() == 2


@pytest.mark.django_db
def test_the_xlsx_template_has_headers_an_example_the_allowed_values_and_a_guide():
    LocalUnitFactory(name="Sở Ngoại vụ")
    content = build_template(RelationshipResource, "xlsx", language="en")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Relationships", "Allowed values", "Columns"]
    data = book["Relationships"]
    headers = [cell.value for cell in data[1]]
    assert headers[:4] == ["ID", "Partner", "Partner's country", "Level"]
    example = dict(zip(headers, [cell.value for cell in data[2]], strict=False))
    assert example["Level"] == "Twinning (sister city)"
    assert example["Established on"] == "25/06/2015"
    assert example["Partner's country"] == "United States of America"
    allowed = book["Allowed values"]
    columns = {cell.value: index for index, cell in enumerate(allowed[1], start=1)}
    level_values = [
        row[0]
        for row in allowed.iter_rows(
            min_row=2, min_col=columns["Level"], max_col=columns["Level"], values_only=True
        )
    ]
    assert "Network membership" in level_values
    assert "Local party" in columns  # the units on record
    guide = [row for row in book["Columns"].iter_rows(min_row=2, values_only=True)]
    assert ("Partner", "Yes") == guide[1][:2]


def test_the_template_follows_the_language():
    content = build_template(ExchangeRateResource, "xlsx", language="vi")
    book = openpyxl.load_workbook(io.BytesIO(content))
    with translation.override("vi"):
        vietnamese_headers = [f.column_name for f in ExchangeRateResource().fields.values()]
    assert [cell.value for cell in book.worksheets[0][1]] == vietnamese_headers


def test_the_csv_template_has_the_headers_and_the_example_row():
    content = build_template(ExchangeRateResource, "csv", language="en")
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == RATE_HEADERS
    assert rows[1][1:4] == ["EUR", "02/01/2025", "26500.5"]


@pytest.mark.django_db
def test_the_template_filled_in_imports(editor):
    content = build_template(ExchangeRateResource, "xlsx", language="en")
    report = import_en(ExchangeRateResource, read_dataset(content, "rates.xlsx"), user=editor)
    assert report.ok, report.errors
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.valid_from, rate.rate_to_vnd) == (
        "EUR",
        datetime.date(2025, 1, 2),
        Decimal("26500.5"),
    )


# --- Reading files ----------------------------------------------------------------------


def test_a_csv_file_separated_by_semicolons_is_read():
    content = "\ufeffID;Currency;Valid from;VND per unit;Source\n;EUR;02/01/2025;26.500,5;SBV\n"
    dataset = read_dataset(content.encode("utf-8"), "rates.csv")
    assert dataset.headers == RATE_HEADERS
    assert dataset[0] == ("", "EUR", "02/01/2025", "26.500,5", "SBV")


def test_a_csv_file_not_in_utf8_is_refused_with_advice():
    with translation.override("en"), pytest.raises(ValueError, match="CSV UTF-8"):
        read_dataset("Nguồn\n".encode("utf-16"), "rates.csv")


def test_only_xlsx_and_csv_files_are_read():
    with translation.override("en"), pytest.raises(ValueError, match=".xlsx and .csv"):
        read_dataset(b"", "rates.ods")


def test_the_first_sheet_of_a_workbook_is_read_whatever_sheet_was_open():
    book = openpyxl.Workbook()
    book.active.append(RATE_HEADERS)
    other = book.create_sheet("Allowed values")
    other.append(["Currency"])
    book.active = 1
    out = io.BytesIO()
    book.save(out)
    assert read_dataset(out.getvalue(), "rates.xlsx").headers == RATE_HEADERS


# --- Importing: the shared rules -------------------------------------------------------


@pytest.mark.django_db
def test_a_file_of_the_wrong_type_is_refused_listing_the_missing_columns(editor):
    dataset = tablib.Dataset(headers=["ID", "Name (Vietnamese)", "Kind"])
    dataset.append(["", "Sở Y tế", "Department"])
    report = import_en(ExchangeRateResource, dataset, user=editor)
    assert not report.ok
    [(row, column, message)] = errors_of(report)
    assert row == 1 and column is None
    assert "“Currency”" in message and "“Source”" in message
    assert ExchangeRate.objects.count() == 0


@pytest.mark.django_db
def test_a_sheet_with_no_known_column_is_refused(editor):
    dataset = tablib.Dataset(headers=["Allowed values"])
    dataset.append(["Department"])
    report = import_en(LocalUnitResource, dataset, user=editor)
    assert "none of its columns" in report.errors[0].message


@pytest.mark.django_db
def test_a_repeated_column_is_refused(editor):
    report = import_en(
        ExchangeRateResource,
        rates_file(
            ["EUR", "USD", "02/01/2025", "1", "x"],
            headers=["Currency", "currency", "Valid from", "VND per unit", "Source"],
        ),
        user=editor,
    )
    assert "appears twice" in report.errors[0].message


@pytest.mark.django_db
def test_an_unknown_column_is_ignored_with_a_note(editor):
    report = import_en(
        ExchangeRateResource,
        rates_file(
            ["", "EUR", "02/01/2025", "26500", "SBV", "x"], headers=[*RATE_HEADERS, "Remarks"]
        ),
        user=editor,
    )
    assert report.ok
    assert [(n.row_number, n.column) for n in report.notes] == [(1, "Remarks")]


@pytest.mark.django_db
def test_each_kind_of_bad_cell_is_reported_on_its_row_and_column(editor):
    report = import_en(
        ExchangeRateResource,
        rates_file(
            ["", "EUR", "02/01/2025", "26500", "SBV"],
            [None, None, None, None, None],  # a blank row: skipped, still counted as row 3
            ["", "XYZ", "02/01/2025", "26500", "SBV"],
            ["", "USD", "31/02/2025", "25450.5", "SBV"],
            ["", "USD", "03/01/2025", "25,450", "SBV"],
            ["", "USD", "04/01/2025", "-5", "SBV"],
            ["", "USD", "05/01/2025", "25450", ""],
            ["", "VND", "06/01/2025", "1", "SBV"],
        ),
        user=editor,
    )
    errors = errors_of(report)
    assert [(row, column) for row, column, _message in errors] == [
        (4, "Currency"),
        (5, "Valid from"),
        (6, "VND per unit"),
        (7, "VND per unit"),
        (8, "Source"),
        (9, "Currency"),
    ]
    messages = [message for _row, _column, message in errors]
    assert "not one of the allowed values" in messages[0]
    assert "dd/mm/yyyy" in messages[1]
    assert "ambiguous" in messages[2]
    assert messages[3] == "A rate must be greater than zero."
    assert messages[4] == "This field cannot be blank."
    assert messages[5] == "The dong needs no rate: amounts in VND are VND."
    assert (report.new, report.invalid) == (1, 6)
    assert ExchangeRate.objects.count() == 0


@pytest.mark.django_db
def test_one_bad_row_among_a_thousand_good_ones_imports_nothing(editor):
    start = datetime.date(2020, 1, 1)
    rows = [
        ["", "EUR", (start + datetime.timedelta(days=day)).strftime("%d/%m/%Y"), "26500", "SBV"]
        for day in range(1000)
    ]
    rows[700][3] = "1.234"
    report = import_en(ExchangeRateResource, rates_file(*rows), user=editor)
    assert errors_of(report) == [(702, "VND per unit", report.errors[0].message)]
    assert report.new == 999
    assert ExchangeRate.objects.count() == 0


@pytest.mark.django_db
def test_a_preview_saves_nothing(editor):
    report = import_en(
        ExchangeRateResource,
        rates_file(["", "EUR", "02/01/2025", "26500", "SBV"]),
        user=editor,
        dry_run=True,
    )
    assert report.ok and report.new == 1 and not report.saved
    assert ExchangeRate.objects.count() == 0


@pytest.mark.django_db
def test_an_id_updates_that_record_and_an_unknown_id_is_an_error(editor):
    rate = ExchangeRateFactory(currency="EUR", valid_from=datetime.date(2025, 1, 2))
    report = import_en(
        ExchangeRateResource,
        rates_file([rate.pk, "EUR", "03/01/2025", "27000", "SBV"]),
        user=editor,
    )
    assert (report.updated, report.new) == (1, 0)
    rate.refresh_from_db()
    assert (rate.valid_from, rate.rate_to_vnd) == (datetime.date(2025, 1, 3), Decimal("27000"))
    report = import_en(
        ExchangeRateResource,
        rates_file([rate.pk + 100, "EUR", "03/01/2025", "1", "SBV"]),
        user=editor,
    )
    assert errors_of(report) == [
        (
            2,
            "ID",
            f"There is no exchange rate with ID {rate.pk + 100}. Leave the ID empty to add a new one.",
        )
    ]


@pytest.mark.django_db
def test_reimporting_the_same_file_updates_instead_of_duplicating(editor):
    dataset = rates_file(
        ["", "EUR", "02/01/2025", "26500", "SBV"], ["", "USD", "02/01/2025", "25450", "SBV"]
    )
    first = import_en(ExchangeRateResource, dataset, user=editor)
    second = import_en(ExchangeRateResource, dataset, user=editor)
    assert (first.new, second.new, second.skipped) == (2, 0, 2)
    changed = rates_file(["", "eur", "2025-01-02", "26600", "SBV"])
    third = import_en(ExchangeRateResource, changed, user=editor)
    assert third.updated == 1
    assert ExchangeRate.objects.count() == 2
    assert ExchangeRate.objects.get(currency="EUR").rate_to_vnd == Decimal("26600")


@pytest.mark.django_db
def test_an_import_records_who_created_and_changed_the_records(editor, publisher):
    import_en(ExchangeRateResource, rates_file(["", "EUR", "02/01/2025", "1", "SBV"]), user=editor)
    import_en(
        ExchangeRateResource, rates_file(["", "EUR", "02/01/2025", "2", "SBV"]), user=publisher
    )
    rate = ExchangeRate.objects.get()
    assert (rate.created_by, rate.updated_by) == (editor, publisher)


@pytest.mark.django_db
def test_an_editor_cannot_import_a_public_record(editor):
    dataset = tablib.Dataset(headers=["Name", "Kind", "Country", "Visibility"])
    dataset.append(["Okayama", "Foreign locality (province, state, city)", "Japan", "Public"])
    report = import_en(ForeignPartnerResource, dataset, user=editor)
    assert report.ok
    assert ForeignPartner.objects.get().visibility == Visibility.INTERNAL
    [note] = report.notes
    assert (note.row_number, note.column) == (2, "Visibility")
    assert "Only Publishers" in note.message


@pytest.mark.django_db
def test_an_editor_cannot_unpublish_by_import_and_a_publisher_can_publish(editor, publisher):
    partner = ForeignPartnerFactory(name="Okayama", country="JP", public=True)
    dataset = tablib.Dataset(headers=["ID", "Name", "Kind", "Country", "Visibility"])
    dataset.append([partner.pk, "Okayama City", "locality", "JP", "Internal"])
    report = import_en(ForeignPartnerResource, dataset, user=editor)
    partner.refresh_from_db()
    assert (partner.name, partner.visibility) == ("Okayama City", Visibility.PUBLIC)
    assert len(report.notes) == 1
    dataset = tablib.Dataset(headers=["Name", "Kind", "Country", "Visibility"])
    dataset.append(["Kaposvár", "locality", "HU", "Public"])
    report = import_en(ForeignPartnerResource, dataset, user=publisher)
    assert ForeignPartner.objects.get(name="Kaposvár").visibility == Visibility.PUBLIC
    assert report.notes == []


@pytest.mark.django_db
def test_messages_follow_the_language_of_the_import(editor):
    dataset = rates_file(["", "EUR", "31/02/2025", "1", "SBV"])
    english = run_import(ExchangeRateResource, dataset, dry_run=True, user=editor, language="en")
    vietnamese = run_import(ExchangeRateResource, dataset, dry_run=True, user=editor, language="vi")
    assert english.errors[0].column == "Valid from"
    with translation.override("vi"):
        assert (
            vietnamese.errors[0].column
            == str(ExchangeRate._meta.get_field("valid_from").verbose_name).capitalize()
        )


# --- Local units --------------------------------------------------------------------


@pytest.mark.django_db
def test_units_are_matched_by_name_without_regard_to_case_and_parents_by_name(editor):
    LocalUnitFactory(name="Ủy ban nhân dân thành phố", kind=LocalUnit.Kind.LEADERSHIP)
    dataset = tablib.Dataset(headers=["Name (Vietnamese)", "Kind", "Parent unit", "Active"])
    dataset.append(["Sở Y tế", "Department", "uy ban nhan dan thanh pho", "Yes"])
    dataset.append(["SỞ Y TẾ", "Department", "Ủy ban nhân dân thành phố", "No"])
    report = import_en(LocalUnitResource, dataset, user=editor)
    assert (report.new, report.updated) == (1, 1), report.errors
    unit = LocalUnit.objects.get(kind="department")
    assert unit.name == "SỞ Y TẾ"  # the second row renamed it
    assert unit.parent.name == "Ủy ban nhân dân thành phố"
    assert unit.is_active is False


@pytest.mark.django_db
def test_a_unit_naming_an_unknown_parent_is_an_error(editor):
    dataset = tablib.Dataset(headers=["Name (Vietnamese)", "Kind", "Parent unit"])
    dataset.append(["Sở Y tế", "Department", "Bộ Y tế"])
    report = import_en(LocalUnitResource, dataset, user=editor)
    assert errors_of(report) == [(2, "Parent unit", "No local unit is named “Bộ Y tế”.")]


@pytest.mark.django_db
def test_units_round_trip_through_csv_and_xlsx(editor):
    root = LocalUnitFactory(name="Ủy ban nhân dân", name_en="People's Committee", kind="leadership")
    LocalUnitFactory(name="Sở Y tế", name_en="=cmd|' /C calc'!A0", abbreviation="SYT", parent=root)
    LocalUnitFactory(name="Quận Ninh Kiều", kind="district", is_active=False)
    fields = ("pk", "name", "name_en", "abbreviation", "kind", "parent_id", "is_active")
    before = snapshot(LocalUnit.objects.all(), *fields)
    for as_dataset in (as_csv_dataset, as_xlsx_dataset):
        dataset = as_dataset(LocalUnitResource, LocalUnit.objects.all())
        report = import_en(LocalUnitResource, dataset, user=editor)
        assert (report.skipped, report.errors) == (3, [])
        LocalUnit.objects.update(abbreviation="changed")
        report = import_en(LocalUnitResource, dataset, user=editor)
        assert report.updated == 3
        assert snapshot(LocalUnit.objects.all(), *fields) == before


@pytest.mark.django_db
def test_an_export_defuses_formulas_and_the_import_restores_the_text(editor):
    unit = LocalUnitFactory(name='=HYPERLINK("http://x")', abbreviation="+1", name_en="@SUM(A1)")
    with translation.override("en"):
        header, row = list(export_rows(LocalUnitResource(), LocalUnit.objects.all()))
    cells = dict(zip(header, row, strict=True))
    assert cells["Name (Vietnamese)"] == '\'=HYPERLINK("http://x")'
    assert cells["Abbreviation"] == "'+1"
    assert cells["Name (English)"] == "'@SUM(A1)"
    dataset = as_csv_dataset(LocalUnitResource, LocalUnit.objects.all())
    report = import_en(LocalUnitResource, dataset, user=editor)
    assert report.skipped == 1
    unit.refresh_from_db()
    assert unit.name == '=HYPERLINK("http://x")'


# --- Foreign partners -------------------------------------------------------------


@pytest.mark.django_db
def test_partners_round_trip_including_stateless_ones_and_shared_names(editor):
    parent = ForeignPartnerFactory(name="Ministry of Health", country="JP")
    ForeignPartnerFactory(name="Ministry of Health", country="FR")
    ForeignPartnerFactory(
        name="Okayama", country="JP", parent=parent, website="https://x.jp", notes="- twinned 2005"
    )
    ForeignPartnerFactory(name="AIMF", kind=ForeignPartner.Kind.NETWORK, country="")
    fields = (
        "pk",
        "name",
        "name_vi",
        "kind",
        "country",
        "parent_id",
        "website",
        "notes",
        "visibility",
    )
    before = snapshot(ForeignPartner.objects.all(), *fields)
    for as_dataset in (as_csv_dataset, as_xlsx_dataset):
        dataset = as_dataset(ForeignPartnerResource, ForeignPartner.objects.all())
        report = import_en(ForeignPartnerResource, dataset, user=editor)
        assert (report.skipped, report.errors) == (4, [])
        ForeignPartner.objects.update(notes="", name_vi="")
        assert import_en(ForeignPartnerResource, dataset, user=editor).updated == 4
        assert snapshot(ForeignPartner.objects.all(), *fields) == before
    # Without the IDs, the natural key (name, country) finds the same partners.
    dataset = as_csv_dataset(ForeignPartnerResource, ForeignPartner.objects.all())
    del dataset["ID"]
    report = import_en(ForeignPartnerResource, dataset, user=editor)
    assert (report.skipped, report.new, report.errors) == (4, 0, [])


@pytest.mark.django_db
def test_a_partner_without_a_country_is_refused_unless_stateless(editor):
    dataset = tablib.Dataset(headers=["Name", "Kind", "Country"])
    dataset.append(["Okayama", "locality", ""])
    dataset.append(["UNDP", "International organisation", ""])
    report = import_en(ForeignPartnerResource, dataset, user=editor)
    assert [(row, column) for row, column, _m in errors_of(report)] == [(2, "Country")]
    assert "Only international organisations and networks" in report.errors[0].message


# --- Relationships ----------------------------------------------------------------------


def relationship_file(*rows):
    dataset = tablib.Dataset(
        headers=[
            "Partner",
            "Partner's country",
            "Level",
            "Status",
            "Established on",
            "Ended on",
            "Sectors",
        ]
    )
    for row in rows:
        dataset.append(row)
    return dataset


@pytest.mark.django_db
def test_a_relationship_naming_an_unknown_partner_is_an_error_by_default(editor):
    report = import_en(
        RelationshipResource,
        relationship_file(["Riverside", "US", "Twinning", "Active", "25/06/2015", "", ""]),
        user=editor,
    )
    [(row, column, message)] = errors_of(report)
    assert (row, column) == (2, "Partner")
    assert "No foreign partner is named “Riverside”" in message
    assert "create missing partners" in message
    assert ForeignPartner.objects.count() == 0


@pytest.mark.django_db
def test_missing_partners_are_created_on_request_with_the_rows_country(editor):
    dataset = relationship_file(
        ["Riverside", "United States", "Twinning", "Active", "25/06/2015", "", ""],
        ["Riverside", "US", "Friendship and cooperation", "Active", "", "", ""],
    )
    preview = import_en(
        RelationshipResource, dataset, user=editor, dry_run=True, create_missing_partners=True
    )
    assert (preview.new, preview.errors) == (2, [])
    assert [note.row_number for note in preview.notes] == [2]
    assert ForeignPartner.objects.count() == 0  # the preview created nothing
    report = import_en(RelationshipResource, dataset, user=editor, create_missing_partners=True)
    assert report.new == 2
    partner = ForeignPartner.objects.get()
    assert (partner.name, partner.kind, partner.country, partner.visibility, partner.created_by) == (
        "Riverside", ForeignPartner.Kind.OTHER, "US", Visibility.INTERNAL, editor,
    )  # fmt: skip
    assert Relationship.objects.filter(partner=partner).count() == 2


@pytest.mark.django_db
def test_a_missing_partner_without_a_country_cannot_be_created(editor):
    report = import_en(
        RelationshipResource,
        relationship_file(["Riverside", "", "Twinning", "Active", "", "", ""]),
        user=editor,
        create_missing_partners=True,
    )
    assert "cannot be created without a country" in report.errors[0].message


@pytest.mark.django_db
def test_the_partners_country_tells_apart_partners_of_one_name(editor):
    ForeignPartnerFactory(name="Ministry of Health", country="FR")
    japan = ForeignPartnerFactory(name="Ministry of Health", country="JP")
    report = import_en(
        RelationshipResource,
        relationship_file(["Ministry of Health", "Japan", "Cooperation", "Active", "", "", ""]),
        user=editor,
    )
    assert report.ok, report.errors
    assert Relationship.objects.get().partner == japan


@pytest.mark.django_db
def test_an_end_before_the_start_is_reported_on_the_end_date(editor):
    ForeignPartnerFactory(name="Riverside", country="US")
    report = import_en(
        RelationshipResource,
        relationship_file(
            ["Riverside", "US", "Twinning", "Ended", "25/06/2015", "01/01/2010", "tourism; mining"]
        ),
        user=editor,
    )
    assert [(row, column) for row, column, _m in errors_of(report)] == [
        (2, "Ended on"),
        (2, "Sectors"),
    ]
    assert report.errors[0].message == "The end date cannot be before the date established."


@pytest.mark.django_db
def test_relationships_round_trip_with_their_sectors_and_units(editor):
    tourism = SectorFactory(code="tourism", name="Du lịch", name_en="Tourism")
    trade = SectorFactory(code="trade", name="Thương mại", name_en="Trade")
    unit = LocalUnitFactory(name="Ủy ban nhân dân thành phố")
    first = RelationshipFactory(
        local_unit=unit, established_on=datetime.date(2015, 6, 25), summary="Kết nghĩa"
    )
    first.sectors.set([tourism, trade])
    RelationshipFactory(
        status="ended",
        established_on=datetime.date(2001, 1, 1),
        ended_on=datetime.date(2010, 5, 1),
        summary="Hết hiệu lực",
    )
    fields = (
        "pk",
        "partner_id",
        "level",
        "status",
        "local_unit_id",
        "established_on",
        "ended_on",
        "summary",
        "visibility",
    )
    before = snapshot(Relationship.objects.all(), *fields)
    for as_dataset in (as_csv_dataset, as_xlsx_dataset):
        for language in ("en", "vi"):
            dataset = as_dataset(RelationshipResource, Relationship.objects.all(), language)
            report = run_import(
                RelationshipResource, dataset, dry_run=False, user=editor, language=language
            )
            assert (report.skipped, report.errors) == (2, [])
            first.sectors.clear()
            Relationship.objects.update(summary="")
            report = run_import(
                RelationshipResource, dataset, dry_run=False, user=editor, language=language
            )
            assert report.updated == 2
            assert snapshot(Relationship.objects.all(), *fields) == before
            assert set(first.sectors.all()) == {tourism, trade}


# --- Commands ---------------------------------------------------------------------------


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_rates_csv(path, *rows):
    lines = ["ID,Currency,Valid from,VND per unit,Source", *rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_import_template_writes_the_template_in_the_chosen_language(tmp_path):
    out, _err = run_command(
        "import_template", "rates", "--output", str(tmp_path / "r.xlsx"), "--lang", "en"
    )
    assert "r.xlsx" in out
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert [cell.value for cell in book.worksheets[0][1]] == RATE_HEADERS
    run_command("import_template", "units", "--output", str(tmp_path / "u.csv"))
    assert (tmp_path / "u.csv").read_bytes().startswith("\ufeff".encode())


def test_import_template_refuses_another_extension(tmp_path):
    with pytest.raises(CommandError, match=".xlsx or .csv"):
        run_command("import_template", "rates", "--output", str(tmp_path / "r.ods"))


def test_the_commands_refuse_an_unknown_type(tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        run_command("import_template", "ships", "--output", str(tmp_path / "r.xlsx"))


@pytest.mark.django_db
def test_import_records_dry_run_checks_and_saves_nothing(tmp_path):
    path = write_rates_csv(tmp_path / "r.csv", ",EUR,02/01/2025,26500,SBV")
    out, err = run_command("import_records", "rates", str(path), "--dry-run", "--lang", "en")
    assert "Checked, nothing saved" in out
    assert "1 new" in out
    assert err == ""
    assert ExchangeRate.objects.count() == 0


@pytest.mark.django_db
def test_import_records_imports_as_the_given_user(tmp_path, editor):
    path = write_rates_csv(tmp_path / "r.csv", ",EUR,02/01/2025,26500,SBV")
    out, _err = run_command(
        "import_records", "rates", str(path), "--user", "editor", "--lang", "en"
    )
    assert "Imported. 1 rows: 1 new" in out
    assert ExchangeRate.objects.get().created_by == editor


@pytest.mark.django_db
def test_import_records_lists_every_problem_and_exits_with_1(tmp_path):
    path = write_rates_csv(
        tmp_path / "r.csv",
        ",EUR,02/01/2025,26500,SBV",
        ',EUR,03/01/2025,"1,234",SBV',
        ",XXX,04/01/2025,1,SBV",
    )
    with pytest.raises(CommandError) as error:
        run_command("import_records", "rates", str(path), "--lang", "en")
    assert error.value.returncode == 1
    assert "Nothing was imported" in str(error.value)
    assert ExchangeRate.objects.count() == 0
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", "rates", str(path), "--lang", "en", stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Row 3, column “VND per unit”: “1,234” is ambiguous")
    assert lines[1].startswith("Row 4, column “Currency”")


@pytest.mark.django_db
def test_import_records_exits_with_2_when_it_cannot_run(tmp_path):
    with pytest.raises(CommandError) as error:
        run_command("import_records", "rates", str(tmp_path / "missing.csv"))
    assert error.value.returncode == 2
    (tmp_path / "r.txt").write_text("x")
    with pytest.raises(CommandError) as error:
        run_command("import_records", "rates", str(tmp_path / "r.txt"), "--lang", "en")
    assert error.value.returncode == 2
    path = write_rates_csv(tmp_path / "r.csv", ",EUR,02/01/2025,26500,SBV")
    with pytest.raises(CommandError) as error:
        run_command("import_records", "rates", str(path), "--user", "nobody")
    assert error.value.returncode == 2


@pytest.mark.django_db
def test_import_records_reports_a_wrong_sheet(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("Name (Vietnamese),Kind\nSở Y tế,Department\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_records", "rates", str(path), "--lang", "en", stdout=out, stderr=err)
    assert error.value.returncode == 1
    assert "Row 1: This sheet does not look like a list of exchange rates" in err.getvalue()


# --- Admin ----------------------------------------------------------------------------


def upload(name, content):
    return SimpleUploadedFile(name, content)


def rates_csv_bytes(*rows):
    lines = ["ID,Currency,Valid from,VND per unit,Source", *rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def preview(client, content, name="rates.csv", url_name="admin:aid_exchangerate_import", **data):
    file_format = "1" if name.endswith(".xlsx") else "0"
    return client.post(
        reverse(url_name),
        {"import_file": upload(name, content), "format": file_format, "resource": "0", **data},
    )


@pytest.mark.django_db
def test_the_change_list_offers_the_template_import_and_export(editor_client):
    response = editor_client.get(reverse("admin:aid_exchangerate_changelist"))
    content = response.content.decode()
    assert reverse("admin:aid_exchangerate_import_template") in content
    assert reverse("admin:aid_exchangerate_import") in content
    assert reverse("admin:aid_exchangerate_export") in content


@pytest.mark.django_db
def test_a_viewer_may_export_but_not_import(viewer_client):
    response = viewer_client.get(reverse("admin:core_localunit_changelist"))
    assert reverse("admin:core_localunit_import") not in response.content.decode()
    assert reverse("admin:core_localunit_export") in response.content.decode()
    assert viewer_client.get(reverse("admin:core_localunit_import")).status_code == 403
    assert viewer_client.get(reverse("admin:core_localunit_import_template")).status_code == 403


@pytest.mark.django_db
def test_the_admin_template_download_is_in_the_users_language(editor_client):
    response = editor_client.get(
        reverse("admin:aid_exchangerate_import_template"), headers={"accept-language": "en"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="rates-template.xlsx"'
    response = editor_client.get(reverse("admin:aid_exchangerate_import_template") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    with translation.override("vi"):
        headers = [f.column_name for f in ExchangeRateResource().fields.values()]
    assert response.content.decode("utf-8-sig").splitlines()[0] == ",".join(headers)


@pytest.mark.django_db
def test_the_admin_preview_lists_every_problem_and_writes_nothing(editor_client):
    with translation.override("en"):
        response = preview(
            editor_client,
            rates_csv_bytes(",EUR,02/01/2025,26500,SBV", ",EUR,31/02/2025,1,SBV"),
            url_name="admin:aid_exchangerate_import",
        )
    report = response.context["import_report"]
    assert (report.new, report.invalid) == (1, 1)
    assert [(e.row_number, e.column) for e in report.errors] == [(3, "Valid from")]
    content = response.content.decode()
    assert "import-errors" in content and "confirm_form" not in response.context
    assert ExchangeRate.objects.count() == 0
    assert LogEntry.objects.count() == 0


@pytest.mark.django_db
def test_the_admin_import_previews_then_saves_on_confirmation(editor_client, editor, media_root):
    content = rates_csv_bytes(",EUR,02/01/2025,26500,SBV", ",USD,02/01/2025,25450,SBV")
    response = preview(editor_client, content)
    report = response.context["import_report"]
    assert (report.new, report.errors) == (2, [])
    assert ExchangeRate.objects.count() == 0
    assert LogEntry.objects.count() == 0
    # The file waits for the confirmation where every app server can read it.
    pending = media_root / "django-import-export"
    assert len(list(pending.iterdir())) == 1
    confirm = response.context["confirm_form"]
    response = editor_client.post(
        reverse("admin:aid_exchangerate_process_import"),
        {name: confirm.initial.get(name, "") for name in confirm.fields},
    )
    assert response.status_code == 302
    assert ExchangeRate.objects.count() == 2
    assert ExchangeRate.objects.filter(created_by=editor).count() == 2
    assert LogEntry.objects.count() == 2
    assert list(pending.iterdir()) == []


@pytest.mark.django_db
def test_a_confirmation_that_fails_after_all_saves_nothing_and_logs_nothing(editor_client):
    LocalUnitFactory(name="Ủy ban nhân dân", kind="leadership")
    content = (
        "Name (Vietnamese),Kind,Parent unit\nSở Y tế,Department,\n"
        "Sở Nội vụ,Department,Ủy ban nhân dân\n"
    ).encode()
    response = preview(
        editor_client, content, name="units.csv", url_name="admin:core_localunit_import"
    )
    assert response.context["import_report"].new == 2
    confirm = response.context["confirm_form"]
    # Meanwhile someone deletes the parent unit: the second row is no longer valid.
    LocalUnit.objects.filter(name="Ủy ban nhân dân").delete()
    response = editor_client.post(
        reverse("admin:core_localunit_process_import"),
        {name: confirm.initial.get(name, "") for name in confirm.fields},
        follow=True,
    )
    assert LocalUnit.objects.count() == 0
    assert LogEntry.objects.count() == 0
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "Chưa nhập gì" in messages  # "Nothing was imported", in the admin's Vietnamese
    assert "Dòng 3" in messages


@pytest.mark.django_db
def test_the_admin_offers_creating_missing_partners_for_relationships(editor_client):
    content = b"Partner,Partner's country,Level,Status\nRiverside,US,Twinning,Active\n"
    url = "admin:partners_relationship_import"
    without = preview(editor_client, content, name="twins.csv", url_name=url)
    assert without.context["import_report"].errors
    response = preview(
        editor_client, content, name="twins.csv", url_name=url, create_missing_partners="on"
    )
    assert response.context["import_report"].ok
    confirm = response.context["confirm_form"]
    assert confirm.initial["create_missing_partners"] is True
    editor_client.post(
        reverse("admin:partners_relationship_process_import"),
        {name: confirm.initial.get(name, "") for name in confirm.fields},
    )
    assert Relationship.objects.get().partner.name == "Riverside"


@pytest.mark.django_db
def test_the_create_missing_partners_box_is_only_where_it_means_something(editor_client):
    response = editor_client.get(reverse("admin:aid_exchangerate_import"))
    assert "create_missing_partners" not in response.context["form"].fields


@pytest.mark.django_db
def test_the_admin_export_is_the_filtered_list_streamed_as_csv(editor_client):
    ExchangeRateFactory(currency="EUR", valid_from=datetime.date(2025, 1, 2), source="=1+1")
    ExchangeRateFactory(currency="USD", valid_from=datetime.date(2025, 1, 2))
    url = reverse("admin:aid_exchangerate_export") + "?currency__exact=EUR"
    response = editor_client.post(
        url, {"format": "0", "resource": "0"}, headers={"accept-language": "en"}
    )
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2
    assert rows[1][1] == "EUR"
    assert rows[1][4] == "'=1+1"
    assert response["Content-Disposition"].startswith('attachment; filename="rates-')


@pytest.mark.django_db
def test_the_admin_xlsx_export_reimports_unchanged(editor_client, editor):
    ExchangeRateFactory(
        currency="EUR", valid_from=datetime.date(2025, 1, 2), rate_to_vnd=Decimal("26500.123456")
    )
    ExchangeRateFactory(
        currency="KRW", valid_from=datetime.date(2025, 1, 2), rate_to_vnd=Decimal("18.5")
    )
    response = editor_client.post(
        reverse("admin:aid_exchangerate_export"), {"format": "1", "resource": "0"}
    )
    content = b"".join(response.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [cell.value for cell in book.worksheets[0][2]]
    assert None not in cells[:4] and "None" not in cells
    report = import_en(ExchangeRateResource, read_dataset(content, "rates.xlsx"), user=editor)
    assert (report.skipped, report.errors) == (2, [])


# --- The documentation ----------------------------------------------------------------


def test_the_import_page_of_the_docs_lists_every_column_of_every_type():
    """docs/importing.md has a table per type; a column added to a resource must be added
    there too (in English and in Vietnamese)."""
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "docs" / "importing.md").read_text(encoding="utf-8")
    missing = []
    for name in IMPORT_TYPES:
        section = text.split(f"### `{name}`", 1)[1].split("\n### ", 1)[0]
        for language in ("en", "vi"):
            with translation.override(language):
                resource = get_resource(name)()
                columns = [resource.fields[n].column_name for n in resource.import_field_names()]
            missing += [(name, column) for column in columns if f"| {column} |" not in section]
    assert missing == []


# --- Choice constraints are not checked twice -----------------------------------------


def test_choices_constraints_are_left_to_full_clean():
    """full_clean checks a field's choices without a query; the check constraint that says
    the same is skipped (a query per row each), every other constraint is checked."""
    from core.importing import is_choices_constraint

    constraints = {c.name: c for c in LocalUnit._meta.constraints}
    assert is_choices_constraint(LocalUnit, constraints["core_localunit_kind_valid"])
    assert not is_choices_constraint(LocalUnit, constraints["core_localunit_name_not_blank"])
    assert not is_choices_constraint(LocalUnit, constraints["core_localunit_name_unique"])
    assert not is_choices_constraint(LocalUnit, constraints["core_localunit_not_own_parent"])
