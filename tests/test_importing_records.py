"""Spreadsheet import and export of the four record types: delegations, agreements,
conferences and aid projects (with their disbursements).

Round trips (export, delete, import: the same records), re-import idempotence, each kind of
bad cell reported on its row and column, all or nothing on a file of a thousand rows, and
the admin: buttons, template, preview, confirmation, and an export that is exactly the
filtered change list with formulas defused. English messages are asserted under
``translation.override("en")``.
"""

import datetime
import io
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
import tablib
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.core.signals import request_finished
from django.db import close_old_connections
from django.db.models import ManyToManyField
from django.urls import reverse
from django.utils import translation

from agreements.models import Agreement
from agreements.resources import AgreementResource
from aid.models import AidProject, Disbursement
from aid.resources import AidProjectResource
from conferences.models import Conference
from conferences.resources import ConferenceResource
from core.importing import (
    RowError,
    build_template,
    csv_export_response,
    get_resource,
    read_dataset,
    run_import,
    xlsx_export_response,
)
from core.models import LocalUnit, Visibility
from delegations.models import Delegation
from delegations.resources import DelegationResource
from partners.models import ForeignPartner

from .admin_helpers import changelist_url
from .factories import (
    AgreementFactory,
    AidProjectFactory,
    ConferenceFactory,
    DelegationFactory,
    DisbursementFactory,
    ExchangeRateFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

AUDIT = {"created_at", "created_by", "updated_at", "updated_by"}
RESOURCES = {
    "delegations": DelegationResource,
    "agreements": AgreementResource,
    "conferences": ConferenceResource,
    "aid": AidProjectResource,
}
MODELS = {
    "delegations": Delegation,
    "agreements": Agreement,
    "conferences": Conference,
    "aid": AidProject,
}


# --- Data builders ---------------------------------------------------------------------


class Refs:
    """The reference data the rows name: units, sectors and partners whose names carry
    diacritics, so that matching without them is exercised too."""

    def __init__(self):
        self.department = LocalUnitFactory(
            name="Sở Ngoại vụ", name_en="Department of Foreign Affairs", abbreviation="SNgV"
        )
        self.committee = LocalUnitFactory(
            name="Ủy ban nhân dân thành phố",
            name_en="City People's Committee",
            kind=LocalUnit.Kind.LEADERSHIP,
        )
        self.district = LocalUnitFactory(
            name="Quận Ninh Kiều", name_en="Ninh Kieu District", kind=LocalUnit.Kind.DISTRICT
        )
        self.education = SectorFactory(code="education", name="Giáo dục", name_en="Education")
        self.health = SectorFactory(code="health", name="Y tế", name_en="Health")
        self.okayama = ForeignPartnerFactory(
            name="Okayama", name_vi="Thành phố Okayama", country="JP"
        )
        self.kaposvar = ForeignPartnerFactory(name="Kaposvár", name_vi="Kaposvár", country="HU")
        self.koica = ForeignPartnerFactory(
            name="KOICA",
            name_vi="Cơ quan Hợp tác Quốc tế Hàn Quốc",
            country="KR",
            kind=ForeignPartner.Kind.GOVERNMENT,
        )
        self.usd_rate = ExchangeRateFactory()


@pytest.fixture
def refs(db):
    return Refs()


# Rows as a user types them, by field name (``dataset`` turns the names into the headers of
# the resource in the chosen language). Each is valid as it stands.


def delegation_row(**overrides):
    return {
        "direction": "Inbound (visiting the city)",
        "kind": "Business",
        "title": "Đoàn doanh nghiệp tỉnh Okayama",
        "title_en": "Okayama business delegation",
        "head_name": "Tanaka Ichiro",
        "head_title": "Chairman",
        "head_rank": "Director",
        "member_count": "12",
        "countries": "Japan",
        "partners": "okayama",
        "sectors": "education; Y te",
        "start_date": "10/05/2023",
        "end_date": "2023-05-12",
        "host_unit": "So Ngoai vu",
        "city_leader": "Chủ tịch UBND thành phố",
        "status": "Completed",
        **overrides,
    }


def agreement_row(**overrides):
    return {
        "kind": "Memorandum of understanding",
        "reference_number": "15/2023/MOU-UBND",
        "title": "Biên bản ghi nhớ hợp tác giáo dục với Okayama",
        "title_en": "MOU on education with Okayama",
        "signing_level": "City leadership",
        "signatory_unit": "uy ban nhan dan thanh pho",
        "signatory": "Chủ tịch UBND thành phố",
        "parties": "Okayama; KAPOSVAR",
        "sectors": "education",
        "signed_on": "01/03/2023",
        "signed_at": "Cần Thơ",
        "expires_on": "01/03/2028",
        "auto_renew": "No",
        "status": "Signed",
        **overrides,
    }


def conference_row(**overrides):
    return {
        "name": "Hội thảo quốc tế về biến đổi khí hậu",
        "name_en": "International seminar on climate change",
        "edition": "3",
        "kind": "Seminar",
        "role": "Hosted in the city",
        "format": "Hybrid",
        "organiser_unit": "Department of Foreign Affairs",
        "co_organiser_partners": "Kaposvár",
        "start_date": "14/06/2023",
        "end_date": "15/06/2023",
        "venue": "Trung tâm Hội nghị",
        "city": "Cần Thơ",
        "country": "VN",
        "participants_total": "1 250",
        "participants_foreign": "40",
        "permit_status": "Permit approved",
        "permit_number": "120/QĐ-UBND",
        "permit_date": "20/05/2023",
        "permit_authority": "UBND thành phố Cần Thơ",
        "sectors": "health",
        **overrides,
    }


def aid_row(**overrides):
    return {
        "direction": "Received by the city",
        "modality": "In-kind donation",
        "title": "Trang thiết bị y tế cho bệnh viện",
        "title_en": "Medical equipment for the hospital",
        "partner": "KOICA",
        "country": "Hàn Quốc",
        "sectors": "health",
        "implementing_unit": "Sở Ngoại vụ",
        "district": "Quận Ninh Kiều",
        "commitment_amount": "75,000.00",
        "currency": "USD",
        "committed_on": "14/09/2021",
        "status": "Completed",
        "disbursements": "01/10/2021: 25.000,00 USD (đợt 1)\n15/03/2022: 50000",
        **overrides,
    }


ROWS = {
    "delegations": delegation_row,
    "agreements": agreement_row,
    "conferences": conference_row,
    "aid": aid_row,
}


def headers(resource_class, language="en"):
    """{field name: column header} of ``resource_class`` in ``language``."""
    with translation.override(language):
        resource = resource_class()
        return {name: str(field.column_name) for name, field in resource.fields.items()}


def dataset(resource_class, rows, language="en"):
    """A dataset with the resource's headers in ``language`` and ``rows`` (dicts by field
    name); the columns are every key of the rows, in order."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    by_name = headers(resource_class, language)
    data = tablib.Dataset(headers=[by_name[name] for name in names])
    for row in rows:
        data.append([row.get(name, "") for name in names])
    return data


def as_file(data, file_format):
    """``data`` as the bytes of an .xlsx or a .csv file (UTF-8 with a BOM, as Excel saves)."""
    if file_format == "xlsx":
        return data.export("xlsx")
    return ("\ufeff" + data.export("csv")).encode("utf-8")


def import_rows(import_type, rows, *, user=None, dry_run=False, language="en", **kwargs):
    resource = RESOURCES[import_type]
    return run_import(
        resource,
        dataset(resource, rows, language),
        dry_run=dry_run,
        user=user,
        language=language,
        **kwargs,
    )


def exported(import_type, queryset, file_format, language="en"):
    """The bytes of the export of ``queryset`` (as the admin streams it), read back as an
    upload would be."""
    with translation.override(language):
        resource = RESOURCES[import_type]()
        respond = xlsx_export_response if file_format == "xlsx" else csv_export_response
        response = respond(resource, queryset, f"export.{file_format}")
        content = b"".join(response.streaming_content)
        # Close it as the server does once the download is sent, but without the
        # request_finished signal closing the test's database connection (as the test
        # client does too).
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
    return read_dataset(content, f"export.{file_format}")


def _plain(value):
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return getattr(value, "code", value)  # a Country


def snapshot(queryset, without=()):
    """Every record of ``queryset`` as plain values, audit fields (and ``without``) left
    out: its fields, its many-to-many links (sorted pks) and, for aid projects, the
    disbursements."""
    result = {}
    for obj in queryset.order_by("pk"):
        values = {}
        for field in obj._meta.get_fields():
            if field.name in AUDIT or field.name in without:
                continue
            if isinstance(field, ManyToManyField):
                values[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
            elif field.concrete:
                values[field.name] = _plain(getattr(obj, field.attname))
        if isinstance(obj, AidProject):
            values["disbursements"] = [
                (d.date, d.amount, d.currency, d.note)
                for d in obj.disbursements.order_by("date", "amount")
            ]
        result[obj.pk] = values
    return result


def full_records(refs):
    """One record of each type with every importable field filled (and a formula-like and
    a multi-line text), for the round trips."""
    delegation = DelegationFactory(
        kind=Delegation.Kind.PRESS,
        title="=Đoàn báo chí Nhật Bản",
        media_outlets="NHK\nAsahi Shimbun",
        # Not only the partners' countries: the column itself must travel.
        countries=["JP", "KR", "US"],
        partners=[refs.okayama, refs.koica],
        sectors=[refs.education, refs.health],
        host_unit=refs.department,
        city_leader="Phó Chủ tịch UBND",
        purpose="Tìm hiểu\nhai dòng",
        purpose_en="Learn",
        outcome="Tốt",
        outcome_en="Good",
        start_date=datetime.date(2023, 5, 10),
        end_date=datetime.date(2023, 5, 12),
        notes="+ nội bộ",
        visibility=Visibility.PUBLIC,
    )
    conference = ConferenceFactory(
        edition=31,
        organiser_unit=refs.department,
        organiser_partner=refs.kaposvar,
        organiser_name="Bộ Ngoại giao",
        venue="Trung tâm",
        participants_total=1250,
        participants_foreign=40,
        countries_count=12,
        localities_count=20,
        permit_requested_by=refs.department,
        awards_organisations=2,
        awards_individuals=3,
        sectors=[refs.health],
        summary="Tóm tắt",
        summary_en="Summary",
    )
    conference.co_organiser_units.set([refs.committee])
    conference.co_organiser_partners.set([refs.okayama])
    # Links the export must keep: to an agreement without a reference number, and to a
    # conference and a delegation whose names other records share (exported as IDs).
    amended = AgreementFactory(reference_number="", parties=[refs.okayama])
    ConferenceFactory(name=conference.name, start_date=datetime.date(2022, 6, 14))
    DelegationFactory(title=delegation.title, start_date=datetime.date(2021, 1, 4))
    agreement = AgreementFactory(
        kind=Agreement.Kind.COOPERATION,
        reference_number="15/2023/HT-UBND",
        signing_level=Agreement.Level.UNIT,
        signatory_unit=refs.committee,
        signatory="Chủ tịch",
        parties=[refs.okayama, refs.kaposvar],
        sectors=[refs.education],
        signed_at="Cần Thơ",
        delegation=delegation,
        conference=conference,
        entry_into_force=datetime.date(2022, 4, 1),
        expires_on=datetime.date(2027, 3, 1),
        auto_renew=True,
        renewal_term_months=24,
        parent=amended,
        summary="-1 điểm",
        notes="@ghi chú",
    )
    project = AidProjectFactory(
        partner=refs.koica,
        country="KR",
        implementing_unit=refs.department,
        district=refs.district,
        commitment_amount=Decimal("1234567.89"),
        currency="EUR",
        start_date=datetime.date(2021, 10, 1),
        end_date=datetime.date(2022, 12, 31),
        beneficiaries="Bệnh viện",
        agreement=amended,
        sectors=[refs.health],
        summary_en="Equipment",
    )
    DisbursementFactory(
        project=project, amount=Decimal("1000.50"), currency="EUR", note="đợt 1; (bằng hiện vật)"
    )
    DisbursementFactory(
        project=project, date=datetime.date(2022, 1, 5), amount=Decimal("2000000"), currency="VND"
    )
    return {
        "delegations": delegation,
        "conferences": conference,
        "agreements": agreement,
        "aid": project,
    }


def errors_by_column(report):
    return {(error.row_number, error.column): error.message for error in report.errors}


# --- Round trips and re-imports --------------------------------------------------------


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.parametrize("import_type", list(RESOURCES))
def test_export_then_import_recreates_identical_records(refs, publisher, import_type, file_format):
    """Exported, deleted, and imported again (without the ID column: an ID names a record
    on record), the record comes back as it was."""
    record = full_records(refs)[import_type]
    model = MODELS[import_type]
    queryset = model.objects.filter(pk=record.pk)
    (before,) = snapshot(queryset, without={"id"}).values()
    data = exported(import_type, queryset, file_format, language="vi")
    queryset.delete()
    del data["ID"]

    report = run_import(RESOURCES[import_type], data, dry_run=False, user=publisher, language="vi")

    assert report.errors == []
    assert (report.new, report.updated, report.skipped) == (1, 0, 0)
    # The only record the import created.
    (after,) = snapshot(model.objects.filter(created_by=publisher), without={"id"}).values()
    assert after == before


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("import_type", list(RESOURCES))
def test_reimporting_an_export_changes_nothing(refs, publisher, import_type, language):
    full_records(refs)
    model = MODELS[import_type]
    before = snapshot(model.objects.all())
    stamps = dict(model.objects.values_list("pk", "updated_at"))
    data = exported(import_type, model.objects.all(), "xlsx", language=language)

    report = run_import(RESOURCES[import_type], data, dry_run=False, user=publisher)

    assert report.errors == []
    assert (report.new, report.updated, report.skipped) == (0, 0, len(before))
    assert snapshot(model.objects.all()) == before
    assert dict(model.objects.values_list("pk", "updated_at")) == stamps


@pytest.mark.parametrize("import_type", list(RESOURCES))
def test_reimporting_a_file_without_ids_updates_instead_of_duplicating(refs, editor, import_type):
    rows = [ROWS[import_type]()]
    first = import_rows(import_type, rows, user=editor)
    saved = snapshot(MODELS[import_type].objects.all())

    again = import_rows(import_type, rows, user=editor)

    assert (first.new, first.errors) == (1, [])
    assert (again.new, again.updated, again.skipped, again.errors) == (0, 0, 1, [])
    assert snapshot(MODELS[import_type].objects.all()) == saved


@pytest.mark.parametrize(
    ("import_type", "change"),
    [
        ("delegations", {"member_count": "14"}),
        ("agreements", {"title_en": "MOU on education (amended title)"}),
        ("conferences", {"participants_foreign": "45"}),
        ("aid", {"status": "Ongoing"}),
    ],
)
def test_a_changed_row_without_id_updates_the_record_it_names(refs, editor, import_type, change):
    import_rows(import_type, [ROWS[import_type]()], user=editor)

    report = import_rows(import_type, [ROWS[import_type](**change)], user=editor)

    assert (report.new, report.updated, report.errors) == (0, 1, [])
    assert MODELS[import_type].objects.count() == 1


def test_imported_delegation_reads_every_column(refs, editor):
    report = import_rows("delegations", [delegation_row()], user=editor)

    assert report.errors == []
    delegation = Delegation.objects.get()
    assert delegation.direction == Delegation.Direction.INBOUND
    assert delegation.kind == Delegation.Kind.BUSINESS
    assert delegation.head_rank == Delegation.Rank.DIRECTOR
    assert delegation.member_count == 12
    assert [c.code for c in delegation.countries] == ["JP"]
    assert list(delegation.partners.all()) == [refs.okayama]
    assert set(delegation.sectors.all()) == {refs.education, refs.health}
    assert (delegation.start_date, delegation.end_date) == (
        datetime.date(2023, 5, 10),
        datetime.date(2023, 5, 12),
    )
    assert delegation.host_unit == refs.department
    assert delegation.created_by == editor
    assert delegation.visibility == Visibility.INTERNAL


def test_imported_delegation_without_countries_takes_its_partners_countries(refs, editor):
    row = delegation_row(countries="", partners="Okayama; KOICA")

    report = import_rows("delegations", [row], user=editor)

    assert report.errors == []
    assert [c.code for c in Delegation.objects.get().countries] == ["JP", "KR"]


def test_one_day_delegation_and_conference_may_leave_the_end_date_empty(refs, editor):
    import_rows("delegations", [delegation_row(end_date="")], user=editor)
    import_rows("conferences", [conference_row(end_date="")], user=editor)

    delegation, conference = Delegation.objects.get(), Conference.objects.get()
    assert delegation.end_date == delegation.start_date
    assert conference.end_date == conference.start_date
    # And the same file again is unchanged, not an update.
    assert import_rows("delegations", [delegation_row(end_date="")], user=editor).skipped == 1


def test_imported_agreement_reads_every_column(refs, editor):
    DelegationFactory(title="Đoàn Okayama 2023")
    row = agreement_row(
        delegation="doan okayama 2023",
        auto_renew="Có",
        renewal_term_months="24",
        entry_into_force="2023-04-01",
    )

    report = import_rows("agreements", [row], user=editor)

    assert report.errors == []
    agreement = Agreement.objects.get()
    assert agreement.kind == Agreement.Kind.MOU
    assert agreement.signing_level == Agreement.Level.CITY
    assert agreement.signatory_unit == refs.committee
    assert set(agreement.parties.all()) == {refs.okayama, refs.kaposvar}
    assert agreement.delegation.title == "Đoàn Okayama 2023"
    assert (agreement.auto_renew, agreement.renewal_term_months) == (True, 24)
    assert agreement.entry_into_force == datetime.date(2023, 4, 1)


def test_agreement_is_found_by_reference_number_whatever_its_title(refs, editor):
    import_rows("agreements", [agreement_row()], user=editor)

    report = import_rows(
        "agreements",
        [agreement_row(reference_number="15/2023/mou-ubnd", title="Tên mới")],
        user=editor,
    )

    assert (report.new, report.updated) == (0, 1)
    assert Agreement.objects.get().title == "Tên mới"


def test_imported_conference_reads_every_column(refs, editor):
    report = import_rows("conferences", [conference_row()], user=editor)

    assert report.errors == []
    conference = Conference.objects.get()
    assert (conference.kind, conference.role, conference.format) == (
        Conference.Kind.SEMINAR,
        Conference.Role.HOSTED,
        Conference.Format.HYBRID,
    )
    assert conference.organiser_unit == refs.department
    assert list(conference.co_organiser_partners.all()) == [refs.kaposvar]
    assert (conference.participants_total, conference.participants_foreign) == (1250, 40)
    assert conference.permit_status == Conference.PermitStatus.APPROVED
    assert conference.permit_date == datetime.date(2023, 5, 20)


def test_imported_aid_project_reads_every_column_and_its_disbursements(refs, editor):
    report = import_rows("aid", [aid_row()], user=editor)

    assert report.errors == []
    project = AidProject.objects.get()
    assert project.partner == refs.koica
    assert project.country.code == "KR"
    assert (project.commitment_amount, project.currency) == (Decimal("75000"), "USD")
    assert project.district == refs.district
    assert [
        (d.date, d.amount, d.currency, d.note, d.created_by)
        for d in project.disbursements.order_by("date")
    ] == [
        (datetime.date(2021, 10, 1), Decimal("25000"), "USD", "đợt 1", editor),
        # No currency written: the project's.
        (datetime.date(2022, 3, 15), Decimal("50000"), "USD", "", editor),
    ]


def test_reimported_disbursements_are_replaced_by_the_listed_ones(refs, editor):
    import_rows("aid", [aid_row()], user=editor)
    kept = AidProject.objects.get().disbursements.get(date=datetime.date(2021, 10, 1))

    report = import_rows(
        "aid",
        [aid_row(disbursements="01/10/2021: 25000 USD (đợt 1); 01/06/2022: 10000 USD")],
        user=editor,
    )

    assert (report.updated, report.errors) == (1, [])
    project = AidProject.objects.get()
    assert [(d.date, d.amount) for d in project.disbursements.order_by("date")] == [
        (datetime.date(2021, 10, 1), Decimal("25000")),
        (datetime.date(2022, 6, 1), Decimal("10000")),
    ]
    # The identical one is kept as it was, not deleted and added again.
    assert project.disbursements.filter(pk=kept.pk).exists()


def test_a_file_without_the_disbursements_column_leaves_them_alone(refs, editor):
    import_rows("aid", [aid_row()], user=editor)
    row = aid_row(status="Ongoing")
    del row["disbursements"]

    report = import_rows("aid", [row], user=editor)

    assert (report.updated, report.errors) == (1, [])
    assert Disbursement.objects.count() == 2


def test_headers_are_read_in_either_language_whatever_the_message_language(refs, editor):
    data = dataset(AidProjectResource, [aid_row()], language="vi")

    report = run_import(AidProjectResource, data, dry_run=False, user=editor, language="en")

    assert (report.new, report.errors) == (1, [])


# --- Bad cells: each reported on its row and column, with a reason ----------------------

BAD_CELLS = [
    # (type, the row's bad cells, the column reported, the reason, in English)
    ("delegations", {"countries": "Japan; Atlantis"}, "countries", "Unknown country “Atlantis”"),
    (
        "delegations",
        {"start_date": "12/05/2023", "end_date": "10/05/2023"},
        "end_date",
        "The end date cannot be before the start date.",
    ),
    (
        "conferences",
        {"start_date": "2023-06-15", "end_date": "2023-06-14"},
        "end_date",
        "The end date cannot be before the start date.",
    ),
    (
        "aid",
        {"start_date": "01/02/2022", "end_date": "01/01/2022"},
        "end_date",
        "The end date cannot be before the start date.",
    ),
    ("aid", {"commitment_amount": "-5000"}, "commitment_amount", "An amount cannot be negative."),
    ("aid", {"currency": "XYZ"}, "currency", "“XYZ” is not one of the allowed values"),
    (
        "aid",
        {"partner": "Nowhere Foundation"},
        "partner",
        "No foreign partner is named “Nowhere Foundation”.",
    ),
    (
        "delegations",
        {"partners": "Okayama; Nowhere City"},
        "partners",
        "No foreign partner is named “Nowhere City”.",
    ),
    (
        "agreements",
        {"parties": "Nowhere City"},
        "parties",
        "No foreign partner is named “Nowhere City”.",
    ),
    ("aid", {"commitment_amount": "1.234"}, "commitment_amount", "“1.234” is ambiguous"),
    ("conferences", {"participants_total": "2,500"}, "participants_total", "is ambiguous"),
    ("delegations", {"title": ""}, "title", "This field cannot be blank."),
    ("conferences", {"name": "   "}, "name", "This field cannot be blank."),
    ("aid", {"committed_on": ""}, "committed_on", "This field cannot be null."),
    ("agreements", {"kind": ""}, "kind", "This field cannot be blank."),
    ("agreements", {"parties": ""}, "parties", "Name at least one foreign party"),
    ("agreements", {"signed_on": "2023/13/45"}, "signed_on", "is not a date"),
    ("delegations", {"start_date": "31/02/2023"}, "start_date", "is not a date that exists"),
    (
        "agreements",
        {"expires_on": "01/01/2020"},
        "expires_on",
        "The expiry date cannot be before the signing or the entry into force.",
    ),
    (
        "agreements",
        {"status": "Negotiating"},
        "signed_on",
        "An agreement under negotiation has no date of signing yet.",
    ),
    (
        "agreements",
        {"status": "Terminated"},
        "terminated_on",
        "A terminated agreement needs the date it ended",
    ),
    ("agreements", {"auto_renew": "maybe"}, "auto_renew", "“maybe” is not yes or no."),
    (
        "conferences",
        {"participants_total": "30", "participants_foreign": "40"},
        "participants_foreign",
        "There cannot be more foreign participants than participants.",
    ),
    (
        "conferences",
        {"role": "Attended by the city elsewhere"},
        "permit_status",
        "one attended elsewhere has no permit",
    ),
    (
        "conferences",
        {"organiser_unit": ""},
        "organiser_unit",
        "Enter the organiser: a local unit, a foreign partner or another organiser.",
    ),
    ("conferences", {"edition": "2.5"}, "edition", "“2.5” is not a whole number."),
    (
        "delegations",
        {"media_outlets": "NHK"},
        "media_outlets",
        "Only press delegations have media outlets",
    ),
    ("delegations", {"member_count": "0"}, "member_count", "at least one member"),
    (
        "delegations",
        {"head_name": "", "head_title": ""},
        "head_name",
        "Enter the name or the position of the head of delegation.",
    ),
    ("delegations", {"kind": "Tourists"}, "kind", "“Tourists” is not one of the allowed values"),
    (
        "aid",
        {"direction": "Given by the city", "modality": "ODA grant"},
        "direction",
        "The city receives ODA; it does not give it.",
    ),
    (
        "aid",
        {"currency": "VND", "commitment_amount": "1500000,5", "disbursements": ""},
        "commitment_amount",
        "This currency has no minor unit: enter a whole amount.",
    ),
    ("aid", {"district": "Sở Ngoại vụ"}, "district", "is a local unit but not a district."),
    (
        "aid",
        {"disbursements": "01/10/2021: -25000 USD"},
        "disbursements",
        "Disbursement 1 (“01/10/2021: -25000 USD”): An amount cannot be negative.",
    ),
    (
        "aid",
        {"disbursements": "01/10/2021: 25000 USD\n15/03/2022: 10,5 VND"},
        "disbursements",
        "Disbursement 2 (“15/03/2022: 10,5 VND”): This currency has no minor unit",
    ),
    ("aid", {"disbursements": "soon: 25000 USD"}, "disbursements", "“soon” is not a date."),
    ("aid", {"disbursements": "01/10/2021: 1.500 USD"}, "disbursements", "is ambiguous"),
    ("aid", {"disbursements": "01/10/2021: 500 XYZ"}, "disbursements", "“XYZ” is not one of"),
    ("aid", {"disbursements": "25000 USD"}, "disbursements", "as “date: amount currency"),
]


@pytest.mark.parametrize(
    ("import_type", "cells", "column", "reason"),
    BAD_CELLS,
    ids=[f"{case[0]}-{case[2]}-{index}" for index, case in enumerate(BAD_CELLS)],
)
def test_each_bad_cell_is_reported_on_its_row_and_column_and_nothing_is_saved(
    refs, editor, import_type, cells, column, reason
):
    # A good row first: the bad one is row 3 of the sheet (the header is row 1).
    good = {"name": "Good row"} if import_type == "conferences" else {"title": "Good row"}
    rows = [ROWS[import_type](**good), ROWS[import_type](**cells)]
    header = headers(RESOURCES[import_type])[column]

    report = import_rows(import_type, rows, user=editor, dry_run=False)

    problems = errors_by_column(report)
    assert (3, header) in problems, report.errors
    assert reason in problems[(3, header)]
    assert all(error.row_number == 3 for error in report.errors)
    assert report.invalid == 1
    assert MODELS[import_type].objects.count() == 0


@pytest.mark.parametrize(
    ("import_type", "other_type"),
    [
        ("delegations", "conferences"),
        ("agreements", "aid"),
        ("conferences", "delegations"),
        ("aid", "rates"),
    ],
)
def test_a_file_of_another_type_is_the_wrong_sheet_and_names_the_missing_columns(
    refs, editor, import_type, other_type
):
    with translation.override("en"):
        data = read_dataset(build_template(get_resource(other_type), "xlsx"), "other.xlsx")

    report = run_import(RESOURCES[import_type], data, dry_run=True, user=editor, language="en")

    (error,) = report.errors
    assert (error.row_number, error.column) == (1, None)
    with translation.override("en"):
        plural = str(MODELS[import_type]._meta.verbose_name_plural)
    assert f"This sheet does not look like a list of {plural}" in error.message
    assert headers(RESOURCES[import_type])["title" if import_type != "conferences" else "name"] in (
        error.message
    )
    assert MODELS[import_type].objects.count() == 0


def test_a_workbook_whose_first_sheet_is_the_allowed_values_is_the_wrong_sheet(refs, editor):
    """The template's sheets in the wrong order: the first one is what is read."""
    with translation.override("en"):
        book = openpyxl.load_workbook(io.BytesIO(build_template(AidProjectResource, "xlsx")))
    book.move_sheet(book.worksheets[1], offset=-1)
    out = io.BytesIO()
    book.save(out)

    report = run_import(
        AidProjectResource,
        read_dataset(out.getvalue(), "aid.xlsx"),
        dry_run=True,
        user=editor,
        language="en",
    )

    (error,) = report.errors
    assert "This sheet does not look like a list of aid projects" in error.message


@pytest.mark.parametrize("import_type", list(RESOURCES))
def test_each_template_imports_as_its_example_row(refs, publisher, import_type):
    """The example row names KOICA and Okayama, which ``refs`` records."""
    resource = RESOURCES[import_type]
    for language in ("vi", "en"):
        with translation.override(language):
            content = build_template(resource, "xlsx")
        data = read_dataset(content, "template.xlsx")

        report = run_import(resource, data, dry_run=True, user=publisher, language=language)

        assert (report.new, report.errors) == (1, [])


@pytest.mark.parametrize("import_type", list(RESOURCES))
def test_an_editor_cannot_import_a_public_record_it_is_kept_internal_and_said(
    refs, editor, import_type
):
    row = ROWS[import_type](visibility="Public")

    report = import_rows(import_type, [row], user=editor)

    assert report.errors == []
    assert MODELS[import_type].objects.get().visibility == Visibility.INTERNAL
    (note,) = report.notes
    assert note.row_number == 2
    assert "Only Publishers may change the visibility of a record" in note.message


def test_a_publisher_imports_a_public_record(refs, publisher):
    report = import_rows("delegations", [delegation_row(visibility="Công khai")], user=publisher)

    assert (report.errors, report.notes) == ([], [])
    assert Delegation.objects.get().visibility == Visibility.PUBLIC


@pytest.mark.parametrize(
    ("import_type", "cells"),
    [
        ("delegations", {"partners": "Okayama; Jeollanam-do", "countries": "KR"}),
        ("aid", {"partner": "Jeollanam-do"}),
    ],
)
def test_missing_partners_are_created_in_the_rows_country_only_when_asked(
    refs, editor, import_type, cells
):
    row = ROWS[import_type](**cells)

    refused = import_rows(import_type, [row], user=editor)
    created = import_rows(import_type, [row], user=editor, create_missing_partners=True)

    assert "No foreign partner is named “Jeollanam-do”." in refused.errors[0].message
    assert (created.new, created.errors) == (1, [])
    partner = ForeignPartner.objects.get(name="Jeollanam-do")
    assert (partner.kind, partner.country.code, partner.visibility) == (
        ForeignPartner.Kind.OTHER,
        "KR",
        Visibility.INTERNAL,
    )
    assert any("Jeollanam-do" in note.message for note in created.notes)


def test_a_preview_saves_nothing_not_even_a_partner_to_create(refs, editor):
    partners = ForeignPartner.objects.count()

    report = import_rows(
        "aid",
        [aid_row(partner="Jeollanam-do")],
        user=editor,
        dry_run=True,
        create_missing_partners=True,
    )

    assert (report.new, report.errors) == (1, [])
    assert AidProject.objects.count() == 0
    assert Disbursement.objects.count() == 0
    assert ForeignPartner.objects.count() == partners


def test_one_bad_row_among_a_thousand_good_ones_imports_nothing(refs, editor):
    rows = [
        delegation_row(
            title=f"Đoàn công tác số {n}",
            start_date=f"{n % 28 + 1}/{n % 12 + 1}/2023",
            end_date="",
            partners="Okayama" if n % 2 else "",
        )
        for n in range(1000)
    ]
    # The last row: a thousand rows would be saved by then, were it not all or nothing.
    rows.append(delegation_row(title="Đoàn cuối", countries="Atlantis"))

    report = import_rows("delegations", rows, user=editor, dry_run=False)

    # The thousand good rows were each saved (in the transaction) before it was undone.
    assert (report.new, report.invalid) == (1000, 1)
    assert report.errors == [
        RowError(1002, headers(DelegationResource)["countries"], report.errors[0].message)
    ]
    assert "Unknown country “Atlantis”" in report.errors[0].message
    assert Delegation.objects.count() == 0
    assert not report.saved


# --- The admin --------------------------------------------------------------------------


def admin_url(model, action, **query):
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


FORMAT_INDEX = {"csv": "0", "xlsx": "1"}  # core.importing_admin's formats: CSV, XLSX


def upload(model, data, file_format="xlsx"):
    content = as_file(data, file_format)
    return {
        "format": FORMAT_INDEX[file_format],
        "resource": "0",
        "import_file": SimpleUploadedFile(f"records.{file_format}", content),
    }


@pytest.mark.parametrize("import_type", list(RESOURCES))
def test_change_list_offers_the_template_import_and_export(editor_client, import_type):
    model = MODELS[import_type]

    with translation.override("en"):
        response = editor_client.get(changelist_url(model))
        html = response.content.decode()

    assert response.status_code == 200
    assert admin_url(model, "import_template") in html
    assert admin_url(model, "import") in html
    assert admin_url(model, "export") in html


def test_the_aid_and_conference_lists_keep_their_totals_under_the_buttons(editor_client, refs):
    AidProjectFactory()
    ConferenceFactory()

    aid = editor_client.get(changelist_url(AidProject)).content.decode()
    conferences = editor_client.get(changelist_url(Conference)).content.decode()

    assert 'id="aid-totals"' in aid and admin_url(AidProject, "import") in aid
    assert 'class="changelist-totals"' in conferences
    assert admin_url(Conference, "export") in conferences


def test_a_viewer_may_export_but_not_import(viewer_client):
    html = viewer_client.get(changelist_url(Delegation)).content.decode()

    assert admin_url(Delegation, "export") in html
    assert admin_url(Delegation, "import") not in html
    assert viewer_client.get(admin_url(Delegation, "import")).status_code == 403
    assert viewer_client.get(admin_url(Delegation, "import_template")).status_code == 403


@pytest.mark.parametrize("import_type", list(RESOURCES))
def test_the_template_downloads_in_the_users_language_with_the_allowed_values(
    editor_client, refs, import_type
):
    model = MODELS[import_type]
    with translation.override("en"):
        response = editor_client.get(admin_url(model, "import_template"))
        csv_response = editor_client.get(admin_url(model, "import_template", format="csv"))

    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    first, allowed = book.worksheets[0], book.worksheets[1]
    header_row = [cell.value for cell in next(first.iter_rows(max_row=1))]
    with translation.override("en"):
        resource = RESOURCES[import_type]()
        expected = [resource.fields[name].column_name for name in resource.import_field_names()]
    assert header_row == expected
    assert allowed.title == "Allowed values"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{import_type}-template.xlsx"'
    )
    assert csv_response.content.decode("utf-8-sig").splitlines()[0].startswith("ID,")


def test_the_admin_preview_shows_new_updated_unchanged_and_invalid_rows_and_saves_nothing(
    editor_client, editor, refs
):
    import_rows("delegations", [delegation_row(title="Đoàn A"), delegation_row(title="Đoàn B")])
    a = Delegation.objects.get(title="Đoàn A")
    before = snapshot(Delegation.objects.all())
    rows = [
        delegation_row(id=str(a.pk), title="Đoàn A", member_count="20"),  # updated, by ID
        delegation_row(title="Đoàn B"),  # unchanged, found by title and date
        delegation_row(title="Đoàn C"),  # new
        delegation_row(title="Đoàn D", countries="Atlantis"),  # invalid
    ]
    logged = LogEntry.objects.count()

    with translation.override("en"):
        response = editor_client.post(
            admin_url(Delegation, "import"), upload(Delegation, dataset(DelegationResource, rows))
        )
        html = response.content.decode()

    report = response.context["import_report"]
    assert (report.new, report.updated, report.skipped, report.invalid) == (1, 1, 1, 1)
    assert "4 rows: 1 new, 1 updated, 1 unchanged, 1 invalid." in html
    (error,) = report.errors
    assert (error.row_number, error.column) == (5, "Countries")
    assert "Unknown country “Atlantis”" in error.message
    assert "<td>5</td>" in html and "<td>Countries</td>" in html
    assert "Nothing will be imported until it is corrected" in html
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    # Nothing saved, and no history written for a preview.
    assert snapshot(Delegation.objects.all()) == before
    assert LogEntry.objects.count() == logged


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_confirmed_admin_import_saves_every_row_and_logs_it(
    editor_client, editor, refs, file_format
):
    rows = [aid_row(), aid_row(title="Dự án thứ hai", partner="Jeollanam-do")]
    form = upload(AidProject, dataset(AidProjectResource, rows), file_format)
    form["create_missing_partners"] = "on"

    with translation.override("en"):
        preview = editor_client.post(admin_url(AidProject, "import"), form)
        confirm = preview.context["confirm_form"]
        response = editor_client.post(
            admin_url(AidProject, "process_import"),
            {name: confirm[name].value() for name in confirm.fields},
        )

    assert preview.context["import_report"].errors == []
    assert response.status_code == 302
    assert AidProject.objects.count() == 2
    assert Disbursement.objects.count() == 4
    assert ForeignPartner.objects.filter(name="Jeollanam-do", country="KR").exists()
    assert set(AidProject.objects.values_list("created_by", flat=True)) == {editor.pk}
    assert LogEntry.objects.filter(user=editor).count() == 2


def test_a_confirmed_import_that_became_invalid_since_the_preview_saves_nothing(
    editor_client, refs
):
    rows = [conference_row(), conference_row(name="Diễn đàn", organiser_unit="Sở Ngoại vụ")]
    with translation.override("en"):
        preview = editor_client.post(
            admin_url(Conference, "import"), upload(Conference, dataset(ConferenceResource, rows))
        )
        confirm = preview.context["confirm_form"]
        # Meanwhile, someone renames the unit the second row names.
        LocalUnit.objects.filter(pk=refs.department.pk).update(
            name="Sở Ngoại vụ (cũ)", name_en="Former department", abbreviation=""
        )
        response = editor_client.post(
            admin_url(Conference, "process_import"),
            {name: confirm[name].value() for name in confirm.fields},
            follow=True,
        )

    assert Conference.objects.count() == 0
    assert "Nothing was imported" in response.content.decode()
    assert not LogEntry.objects.exists()


# The export: exactly the filtered change list.

FILTERS = {
    "delegations": {"direction__exact": "outbound", "q": "okayama"},
    "agreements": {"effective_status": "expired"},
    "conferences": {"permit": "permitted", "kind__exact": "forum"},
    "aid": {"direction__exact": "given", "country": "LA"},
}


def records_to_filter():
    """Records of each type, some inside the filters above and some outside."""
    okayama = ForeignPartnerFactory(name="Okayama")
    for direction in ("inbound", "outbound", "outbound"):
        DelegationFactory(direction=direction, partners=[okayama])
    DelegationFactory(direction="outbound", title="Đoàn đi Pháp")
    AgreementFactory(expires_on=datetime.date(2023, 1, 1))
    AgreementFactory(expires_on=datetime.date(2023, 6, 1), reference_number="2/2022")
    AgreementFactory(expires_on=None)
    ConferenceFactory(kind=Conference.Kind.FORUM)
    ConferenceFactory(
        kind=Conference.Kind.FORUM, permit_status="requested", permit_number="", permit_date=None
    )
    ConferenceFactory(kind=Conference.Kind.SEMINAR)
    AidProjectFactory(direction="given", modality="emergency", country="LA")
    AidProjectFactory(direction="given", modality="emergency", country="KH")
    AidProjectFactory(country="LA")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("import_type", list(RESOURCES))
def test_export_is_exactly_the_filtered_change_list(editor_client, import_type, file_format):
    records_to_filter()
    model = MODELS[import_type]
    query = FILTERS[import_type]

    with translation.override("en"):
        listed = editor_client.get(changelist_url(model), query).context["cl"].queryset
        response = editor_client.post(
            admin_url(model, "export", **query),
            {"format": FORMAT_INDEX[file_format], "resource": "0"},
        )
        content = b"".join(response.streaming_content)  # the test client then closes it

    data = read_dataset(content, f"export.{file_format}")
    expected = sorted(listed.values_list("pk", flat=True))
    assert response.streaming
    assert expected and len(expected) < model.objects.count()
    assert sorted(int(pk) for pk in data["ID"]) == expected


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_defuses_formulas_and_the_import_reads_them_back(
    editor_client, publisher, refs, file_format
):
    delegation = DelegationFactory(
        title='=HYPERLINK("http://evil.example","click")', head_name="+Tanaka", notes="@x"
    )

    response = editor_client.post(
        admin_url(Delegation, "export"), {"format": FORMAT_INDEX[file_format], "resource": "0"}
    )
    content = b"".join(response.streaming_content)  # the test client then closes it

    data = read_dataset(content, f"export.{file_format}")
    with translation.override("vi"):
        title, head, notes = (
            headers(DelegationResource, "vi")[name] for name in ("title", "head_name", "notes")
        )
    assert data[title][0] == '\'=HYPERLINK("http://evil.example","click")'
    assert (data[head][0], data[notes][0]) == ("'+Tanaka", "'@x")
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    report = run_import(DelegationResource, data, dry_run=False, user=publisher)
    assert (report.skipped, report.errors) == (1, [])
    delegation.refresh_from_db()
    assert delegation.title == '=HYPERLINK("http://evil.example","click")'


# --- The command, for these types ------------------------------------------------------


def test_import_records_command_checks_then_imports_an_aid_file(refs, editor, tmp_path):
    path = tmp_path / "aid.xlsx"
    path.write_bytes(as_file(dataset(AidProjectResource, [aid_row()]), "xlsx"))
    out = StringIO()

    call_command("import_records", "aid", str(path), "--dry-run", "--lang", "en", stdout=out)
    assert "Checked, nothing saved (--dry-run). 1 rows: 1 new" in out.getvalue()
    assert AidProject.objects.count() == 0

    call_command("import_records", "aid", str(path), "--user", "editor", "--lang", "en", stdout=out)
    assert AidProject.objects.get().created_by == editor
    assert Disbursement.objects.count() == 2


def test_import_records_command_lists_each_problem_and_exits_1(refs, tmp_path):
    rows = [delegation_row(), delegation_row(title="", countries="Atlantis")]
    path = tmp_path / "delegations.csv"
    path.write_bytes(as_file(dataset(DelegationResource, rows, language="vi"), "csv"))
    err = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("import_records", "delegations", str(path), "--lang", "en", stderr=err)

    assert raised.value.returncode == 1
    assert "Nothing was imported." in str(raised.value)
    assert "Row 3, column “Title (Vietnamese)”: This field cannot be blank." in err.getvalue()
    assert "Row 3, column “Countries”: Unknown country “Atlantis”" in err.getvalue()
    assert Delegation.objects.count() == 0
