"""Agreements: one database test per constraint, validation messages, the PDF check, how an
agreement reads, and the public querysets."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from agreements.models import Agreement, AgreementActivity
from core.models import Visibility
from tests.factories import AgreementActivityFactory, AgreementFactory, ForeignPartnerFactory
from tests.partners.test_models import violates

Status = Agreement.Status
SIGNED = datetime.date(2022, 3, 1)


def _with_secret_visibility():
    AgreementFactory(visibility="secret")


def _with_unknown_kind():
    AgreementFactory(kind="treaty")


def _with_unknown_level():
    AgreementFactory(signing_level="national")


def _with_unknown_status():
    AgreementFactory(status="suspended")


def _with_blank_title():
    AgreementFactory(title="")


def _with_a_reference_twice_in_another_case():
    AgreementFactory(reference_number="12/2022/BGN-UBND")
    AgreementFactory(reference_number="12/2022/bgn-ubnd")


def _signed_without_a_date():
    AgreementFactory(status=Status.SIGNED, signed_on=None)


def _negotiating_with_a_signing_date():
    AgreementFactory(status=Status.NEGOTIATING, signed_on=SIGNED)


def _in_force_before_signing():
    AgreementFactory(entry_into_force=SIGNED - datetime.timedelta(days=1))


def _expiring_before_entry_into_force():
    AgreementFactory(
        entry_into_force=datetime.date(2022, 6, 1), expires_on=datetime.date(2022, 5, 31)
    )


def _renewing_without_a_term():
    AgreementFactory(auto_renew=True, expires_on=datetime.date(2027, 3, 1))


def _expired_without_an_expiry_date():
    AgreementFactory(status=Status.EXPIRED)


def _terminated_without_a_date():
    AgreementFactory(status=Status.TERMINATED)


def _terminated_before_signing():
    AgreementFactory(status=Status.TERMINATED, terminated_on=SIGNED - datetime.timedelta(days=1))


def _document_that_is_not_a_pdf():
    AgreementFactory(document="agreements/2022/scan.docx")


def _its_own_parent():
    agreement = AgreementFactory()
    agreement.parent = agreement
    agreement.save()


def _activity_with_secret_visibility():
    AgreementActivityFactory(visibility="secret")


def _activity_without_description():
    AgreementActivityFactory(description="")


INVALID_ROWS = {
    "agreements_agreement_visibility_valid": _with_secret_visibility,
    "agreements_kind_valid": _with_unknown_kind,
    "agreements_level_valid": _with_unknown_level,
    "agreements_status_valid": _with_unknown_status,
    "agreements_title_not_blank": _with_blank_title,
    "agreements_reference_unique": _with_a_reference_twice_in_another_case,
    "agreements_signed_date_required": _signed_without_a_date,
    "agreements_negotiating_not_signed": _negotiating_with_a_signing_date,
    "agreements_force_after_signing": _in_force_before_signing,
    "agreements_expiry_after_start": _expiring_before_entry_into_force,
    "agreements_renewal_complete": _renewing_without_a_term,
    "agreements_expired_has_date": _expired_without_an_expiry_date,
    "agreements_terminated_date": _terminated_without_a_date,
    "agreements_terminated_after_signing": _terminated_before_signing,
    "agreements_document_is_pdf": _document_that_is_not_a_pdf,
    "agreements_not_own_parent": _its_own_parent,
    "agreements_agreementactivity_visibility_valid": _activity_with_secret_visibility,
    "agreements_activity_description_not_blank": _activity_without_description,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(INVALID_ROWS))
def test_the_database_refuses_a_row_that_breaks_the_constraint(name):
    with violates(name):
        INVALID_ROWS[name]()


def test_every_agreements_constraint_has_a_database_test():
    models = apps.get_app_config("agreements").get_models()
    assert {c.name for m in models for c in m._meta.constraints} == set(INVALID_ROWS)


@pytest.mark.django_db
def test_an_agreement_under_negotiation_needs_no_signing_date():
    agreement = AgreementFactory(status=Status.NEGOTIATING, signed_on=None)

    assert agreement.get_effective_status() == Status.NEGOTIATING


@pytest.mark.django_db
def test_an_expiry_on_the_signing_day_is_accepted():
    AgreementFactory(expires_on=SIGNED).full_clean()


@pytest.mark.django_db
def test_full_clean_reports_a_renewal_without_term_with_the_constraint_message():
    agreement = AgreementFactory.build(auto_renew=True, expires_on=datetime.date(2027, 3, 1))

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        agreement.full_clean()

    assert excinfo.value.messages == [
        "An agreement that renews automatically needs an expiry date and a renewal term of "
        "at least one month; one that does not, no term."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("scan.pdf", b"PK\x03\x04 a zip file"), ("scan.docx", b"%PDF-1.7"), ("scan.PDF", b"")],
)
def test_full_clean_refuses_a_document_that_is_not_a_pdf(name, content):
    agreement = AgreementFactory.build(document=SimpleUploadedFile(name, content))

    with pytest.raises(ValidationError) as excinfo:
        agreement.full_clean()

    assert "document" in excinfo.value.message_dict


@pytest.mark.django_db
def test_full_clean_accepts_a_pdf():
    AgreementFactory.build(
        document=SimpleUploadedFile("Ban ky.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    ).full_clean()


@pytest.mark.django_db
def test_a_saved_document_gets_our_file_name_not_the_uploaders(media_root):
    agreement = AgreementFactory()
    agreement.document = SimpleUploadedFile("../../etc/passwd.pdf", b"%PDF-1.4\n")
    agreement.save()

    assert agreement.document.name.startswith("agreements/2022/")
    assert agreement.document.name.endswith(".pdf")
    assert "passwd" not in agreement.document.name
    assert (media_root / agreement.document.name).is_file()


@pytest.mark.django_db
def test_clean_refuses_a_loop_of_amendments():
    first = AgreementFactory()
    second = AgreementFactory(parent=first)
    first.parent = second

    with pytest.raises(ValidationError) as excinfo:
        first.clean()

    assert "parent" in excinfo.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "12/2022/BGN-UBND – Biên bản ghi nhớ"), ("en", "12/2022/BGN-UBND – MOU")],
)
def test_an_agreement_reads_as_its_reference_and_localized_title(language, expected):
    agreement = AgreementFactory(
        reference_number="12/2022/BGN-UBND", title="Biên bản ghi nhớ", title_en="MOU"
    )

    with translation.override(language):
        assert str(agreement) == expected


@pytest.mark.django_db
def test_countries_are_the_parties_countries_once_each():
    agreement = AgreementFactory(
        parties=[
            ForeignPartnerFactory(country="JP"),
            ForeignPartnerFactory(country="JP"),
            ForeignPartnerFactory(kind="network", country=""),
            ForeignPartnerFactory(country="FR"),
        ]
    )

    assert sorted(country.code for country in agreement.countries) == ["FR", "JP"]


@pytest.mark.django_db
def test_public_activities_are_those_of_public_agreements():
    shown = AgreementActivityFactory(public=True, agreement=AgreementFactory(public=True))
    AgreementActivityFactory(public=True, agreement=AgreementFactory())
    AgreementActivityFactory(agreement=AgreementFactory(public=True))

    assert list(AgreementActivity.objects.public()) == [shown]


@pytest.mark.django_db
def test_public_agreements_are_those_marked_public():
    shown = AgreementFactory(public=True)
    AgreementFactory(visibility=Visibility.INTERNAL)

    assert list(Agreement.objects.public()) == [shown]
