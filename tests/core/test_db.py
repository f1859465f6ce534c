"""Database functions that must behave the same on SQLite and PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.db import strip_diacritics
from core.models import LocalUnit, Sector

from ..factories import ForeignPartnerFactory, LocalUnitFactory, SectorFactory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cần Thơ", "Can Tho"),
        ("Đà Nẵng", "Da Nang"),
        ("Sở Ngoại vụ", "So Ngoai vu"),
        ("Kaposvár", "Kaposvar"),
        ("Jeollanam-do", "Jeollanam-do"),
        ("", ""),
        (None, None),
    ],
)
def test_strip_diacritics_matches_what_unaccent_does(text, expected):
    assert strip_diacritics(text) == expected


@pytest.mark.django_db
def test_unaccent_lookup_finds_vietnamese_names_typed_without_diacritics_or_capitals():
    unit = LocalUnitFactory(name="Sở Ngoại vụ")
    LocalUnitFactory(name="Sở Y tế")

    assert list(LocalUnit.objects.filter(name__unaccent__icontains="so ngoai vu")) == [unit]
    assert list(LocalUnit.objects.filter(name__unaccent__icontains="NGOẠI")) == [unit]
    assert list(LocalUnit.objects.filter(name__unaccent__icontains="đà")) == []


@pytest.mark.django_db
def test_unaccent_lookup_finds_a_partner_by_its_name_without_accents():
    kaposvar = ForeignPartnerFactory(name="Kaposvár", country="HU")
    ForeignPartnerFactory(name="Okayama", country="JP")

    found = kaposvar._meta.model.objects.filter(name__unaccent__icontains="kaposvar")

    assert list(found) == [kaposvar]


@pytest.mark.django_db
def test_casefold_uniqueness_compares_vietnamese_capitals_as_the_same_letters():
    SectorFactory(code="health", name="Y tế")

    duplicate = Sector(code="health-2", name="Y TẾ", name_en="Health 2")

    with translation.override("en"), pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.messages == ["A sector with this name already exists."]
