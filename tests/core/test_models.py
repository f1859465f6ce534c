"""Local units and sectors: database constraints, validation messages, localized names, and
the system check that keeps every publishable model publishable."""

from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.test.utils import isolate_apps
from django.utils import translation

from core import checks
from core.models import LocalUnit, PublishableModel, Sector
from tests.factories import LocalUnitFactory, SectorFactory


@contextmanager
def violates(constraint_name):
    """The block must fail in the database, and because of ``constraint_name``."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    # PostgreSQL and SQLite both name a violated CHECK constraint or expression index.
    assert constraint_name in str(excinfo.value)


def constraint(model, name):
    return next(c for c in model._meta.constraints if c.name == name)


# Each case writes one invalid row with .objects.create()/.save(), bypassing forms.
def _unit_with_unknown_kind():
    LocalUnit.objects.create(name="Sở Bí mật", kind="ministry")


def _unit_with_blank_name():
    LocalUnit.objects.create(name="", kind=LocalUnit.Kind.DEPARTMENT)


def _unit_with_duplicate_name_in_other_case():
    LocalUnit.objects.create(name="So Ngoai vu", kind=LocalUnit.Kind.DEPARTMENT)
    LocalUnit.objects.create(name="SO NGOAI VU", kind=LocalUnit.Kind.DISTRICT)


def _unit_its_own_parent():
    unit = LocalUnit.objects.create(name="Sở Ngoại vụ", kind=LocalUnit.Kind.DEPARTMENT)
    unit.parent = unit
    unit.save()


def _sector_with_blank_code():
    Sector.objects.create(code="", name="Du lịch", name_en="Tourism")


def _sector_with_uppercase_code():
    Sector.objects.create(code="Tourism", name="Du lịch", name_en="Tourism")


def _sector_with_blank_name():
    Sector.objects.create(code="tourism", name="", name_en="Tourism")


def _sector_with_blank_english_name():
    Sector.objects.create(code="tourism", name="Du lịch", name_en="")


def _sector_with_duplicate_name():
    Sector.objects.create(code="tourism", name="Du lịch", name_en="Tourism")
    Sector.objects.create(code="travel", name="Du lịch", name_en="Travel")


INVALID_ROWS = {
    "core_localunit_kind_valid": _unit_with_unknown_kind,
    "core_localunit_name_not_blank": _unit_with_blank_name,
    "core_localunit_name_unique": _unit_with_duplicate_name_in_other_case,
    "core_localunit_not_own_parent": _unit_its_own_parent,
    "core_sector_code_not_blank": _sector_with_blank_code,
    "core_sector_code_lowercase": _sector_with_uppercase_code,
    "core_sector_name_not_blank": _sector_with_blank_name,
    "core_sector_name_en_not_blank": _sector_with_blank_english_name,
    "core_sector_name_unique": _sector_with_duplicate_name,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(INVALID_ROWS))
def test_the_database_refuses_a_row_that_breaks_the_constraint(name):
    with violates(name):
        INVALID_ROWS[name]()


def test_every_core_constraint_has_a_database_test():
    declared = {
        c.name for m in apps.get_app_config("core").get_models() for c in m._meta.constraints
    }
    assert declared == set(INVALID_ROWS)


def validation_errors(check, language="en"):
    """Run ``check`` and return its errors as text in ``language``: the messages are lazy,
    so they must be read while the language is active."""
    with translation.override(language):
        with pytest.raises(ValidationError) as excinfo:
            check()
        return excinfo.value.message_dict


def message_of(model, name, language):
    with translation.override(language):
        return str(constraint(model, name).violation_error_message)


@pytest.mark.django_db
def test_validate_constraints_reports_a_unit_as_its_own_parent_with_the_constraint_message():
    unit = LocalUnitFactory()
    unit.parent = unit
    assert validation_errors(unit.validate_constraints) == {
        NON_FIELD_ERRORS: ["A unit cannot be its own parent."]
    }


@pytest.mark.django_db
def test_full_clean_reports_a_unit_as_its_own_parent_on_the_parent_field():
    # clean() sees the loop first, so the form shows the error next to the parent field.
    unit = LocalUnitFactory()
    unit.parent = unit
    assert validation_errors(unit.full_clean) == {
        "parent": ["This parent would make a loop of units."]
    }


@pytest.mark.django_db
def test_full_clean_reports_an_uppercase_sector_code_with_the_constraint_message():
    sector = Sector(code="Climate-Change", name="Biến đổi khí hậu", name_en="Climate change")
    assert validation_errors(sector.full_clean) == {
        NON_FIELD_ERRORS: ["The code must be in lowercase."]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_full_clean_reports_the_constraint_message_in_the_active_language(language):
    sector = Sector(code="Climate-Change", name="Biến đổi khí hậu", name_en="Climate change")
    expected = message_of(Sector, "core_sector_code_lowercase", language)
    assert validation_errors(sector.full_clean, language)[NON_FIELD_ERRORS] == [expected]


@pytest.mark.django_db
def test_full_clean_reports_a_duplicate_unit_name_with_the_constraint_message():
    LocalUnitFactory(name="So Y te")
    duplicate = LocalUnit(name="SO Y TE", kind=LocalUnit.Kind.DEPARTMENT)
    assert validation_errors(duplicate.full_clean) == {
        NON_FIELD_ERRORS: ["A local unit with this name already exists."]
    }


@pytest.mark.django_db
def test_full_clean_reports_a_duplicate_sector_name_with_the_constraint_message():
    SectorFactory(name="Du lịch")
    duplicate = Sector(code="travel", name="Du lịch", name_en="Travel")
    assert validation_errors(duplicate.full_clean) == {
        NON_FIELD_ERRORS: ["A sector with this name already exists."]
    }


@pytest.mark.django_db
def test_clean_refuses_a_loop_of_two_units():
    a = LocalUnitFactory()
    b = LocalUnitFactory(parent=a)
    a.parent = b
    assert validation_errors(a.clean) == {"parent": ["This parent would make a loop of units."]}


@pytest.mark.django_db
def test_clean_refuses_a_loop_of_three_units_read_back_from_the_database():
    a = LocalUnitFactory()
    b = LocalUnitFactory(parent=a)
    c = LocalUnitFactory(parent=b)
    a = LocalUnit.objects.get(pk=a.pk)
    a.parent = LocalUnit.objects.get(pk=c.pk)
    assert list(validation_errors(a.clean)) == ["parent"]


@pytest.mark.django_db
def test_clean_accepts_a_chain_without_a_loop():
    leadership = LocalUnitFactory(kind=LocalUnit.Kind.LEADERSHIP)
    department = LocalUnitFactory(parent=leadership)
    agency = LocalUnitFactory(parent=department, kind=LocalUnit.Kind.AGENCY)
    agency.full_clean()
    department.full_clean()


def test_a_local_unit_shows_its_english_name_in_english_and_vietnamese_otherwise():
    unit = LocalUnit(name="Sở Ngoại vụ", name_en="Department of Foreign Affairs")
    with translation.override("en"):
        assert unit.display_name == "Department of Foreign Affairs"
        assert str(unit) == "Department of Foreign Affairs"
    with translation.override("vi"):
        assert unit.display_name == "Sở Ngoại vụ"
        assert str(unit) == "Sở Ngoại vụ"


def test_a_local_unit_without_an_english_name_shows_the_vietnamese_in_english():
    unit = LocalUnit(name="Quận Ninh Kiều", name_en="")
    with translation.override("en"):
        assert str(unit) == "Quận Ninh Kiều"


def test_a_sector_shows_its_english_name_in_english_and_vietnamese_otherwise():
    sector = Sector(code="tourism", name="Du lịch", name_en="Tourism")
    with translation.override("en"):
        assert str(sector) == sector.display_name == "Tourism"
    with translation.override("vi"):
        assert str(sector) == sector.display_name == "Du lịch"


def test_a_sector_without_an_english_name_falls_back_to_vietnamese_in_english():
    with translation.override("en"):
        assert str(Sector(code="logistics", name="Hậu cần", name_en="")) == "Hậu cần"


def test_the_publish_check_is_silent_for_the_real_models():
    assert checks.check_publish_permissions(None) == []


@isolate_apps("partners")
def test_the_publish_check_flags_a_publishable_model_without_its_permission(monkeypatch):
    class Leaflet(PublishableModel):
        title = models.CharField(max_length=20)

        class Meta:
            app_label = "partners"

    class Poster(PublishableModel):
        title = models.CharField(max_length=20)

        class Meta:
            app_label = "partners"
            permissions = [("publish_poster", "Can publish posters")]

    # The check reads the global registry; point it at the isolated one.
    monkeypatch.setattr(checks, "apps", Leaflet._meta.apps)
    errors = checks.check_publish_permissions(None)
    assert [(error.id, error.obj) for error in errors] == [("core.E001", Leaflet)]
    assert "publish_leaflet" in errors[0].msg
