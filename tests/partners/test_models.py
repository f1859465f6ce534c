"""Partners, relationships and activities: database constraints, validation messages,
localized names, URLs, permissions and the public/ranked querysets."""

import datetime
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import resolve, reverse
from django.utils import translation

from core.models import Visibility
from partners.models import ForeignPartner, Relationship, RelationshipActivity
from tests.factories import (
    ForeignPartnerFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
)

Kind = ForeignPartner.Kind
Level = Relationship.Level
Status = Relationship.Status


@contextmanager
def violates(constraint_name, sqlite_columns=None):
    """The block must fail in the database, and because of ``constraint_name``.

    SQLite names a CHECK constraint or an expression index, but reports a unique index on
    plain columns by its columns (``sqlite_columns``)."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    message = str(excinfo.value)
    if connection.vendor == "sqlite" and sqlite_columns:
        assert sqlite_columns in message
    else:
        assert constraint_name in message


def constraint(model, name):
    return next(c for c in model._meta.constraints if c.name == name)


# Each case writes one invalid row with .objects.create()/.save(), bypassing forms.
def _partner_with_secret_visibility():
    ForeignPartnerFactory(visibility="secret")


def _partner_with_unknown_kind():
    ForeignPartnerFactory(kind="planet")


def _partner_with_blank_name():
    ForeignPartnerFactory(name="")


def _locality_without_country():
    ForeignPartnerFactory(kind=Kind.LOCALITY, country="")


def _partner_its_own_parent():
    partner = ForeignPartnerFactory()
    partner.parent = partner
    partner.save()


def _partner_named_twice_in_one_country_in_another_case():
    ForeignPartnerFactory(name="Okayama", country="JP")
    ForeignPartnerFactory(name="OKAYAMA", country="JP")


def _relationship_with_secret_visibility():
    RelationshipFactory(visibility="secret")


def _relationship_with_unknown_level():
    RelationshipFactory(level="alliance")


def _relationship_with_unknown_status():
    RelationshipFactory(status="paused")


def _relationship_ended_before_established():
    RelationshipFactory(
        status=Status.ENDED,
        established_on=datetime.date(2015, 4, 9),
        ended_on=datetime.date(2015, 4, 8),
    )


def _active_relationship_with_end_date():
    RelationshipFactory(status=Status.ACTIVE, ended_on=datetime.date(2020, 1, 1))


def _two_current_relationships_of_one_level():
    first = RelationshipFactory(level=Level.TWINNING, status=Status.ACTIVE)
    RelationshipFactory(partner=first.partner, level=Level.TWINNING, status=Status.DORMANT)


def _activity_with_secret_visibility():
    RelationshipActivityFactory(visibility="secret")


def _activity_with_unknown_kind():
    RelationshipActivityFactory(kind="party")


def _activity_with_blank_title():
    RelationshipActivityFactory(title="")


ONE_CURRENT_COLUMNS = "partners_relationship.partner_id, partners_relationship.level"

INVALID_ROWS = {
    "partners_foreignpartner_visibility_valid": (_partner_with_secret_visibility, None),
    "partners_partner_kind_valid": (_partner_with_unknown_kind, None),
    "partners_partner_name_not_blank": (_partner_with_blank_name, None),
    "partners_partner_country_required": (_locality_without_country, None),
    "partners_partner_not_own_parent": (_partner_its_own_parent, None),
    "partners_partner_name_country_unique": (
        _partner_named_twice_in_one_country_in_another_case,
        None,
    ),
    "partners_relationship_visibility_valid": (_relationship_with_secret_visibility, None),
    "partners_relationship_level_valid": (_relationship_with_unknown_level, None),
    "partners_relationship_status_valid": (_relationship_with_unknown_status, None),
    "partners_relationship_ended_after_established": (
        _relationship_ended_before_established,
        None,
    ),
    "partners_relationship_end_date_only_when_ended": (_active_relationship_with_end_date, None),
    "partners_relationship_one_current_per_level": (
        _two_current_relationships_of_one_level,
        ONE_CURRENT_COLUMNS,
    ),
    "partners_relationshipactivity_visibility_valid": (_activity_with_secret_visibility, None),
    "partners_activity_kind_valid": (_activity_with_unknown_kind, None),
    "partners_activity_title_not_blank": (_activity_with_blank_title, None),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(INVALID_ROWS))
def test_the_database_refuses_a_row_that_breaks_the_constraint(name):
    write_invalid_row, sqlite_columns = INVALID_ROWS[name]
    with violates(name, sqlite_columns):
        write_invalid_row()


def test_every_partners_constraint_has_a_database_test():
    models = apps.get_app_config("partners").get_models()
    assert {c.name for m in models for c in m._meta.constraints} == set(INVALID_ROWS)


@pytest.mark.django_db
def test_an_international_organisation_or_network_needs_no_country():
    ForeignPartnerFactory(kind=Kind.INTERNATIONAL_ORGANISATION, country="", name="UNICEF")
    ForeignPartnerFactory(kind=Kind.NETWORK, country="", name="AIMF")
    assert ForeignPartner.objects.filter(country="").count() == 2


@pytest.mark.django_db
def test_the_same_partner_name_is_allowed_in_another_country():
    ForeignPartnerFactory(name="Okayama", country="JP")
    ForeignPartnerFactory(name="Okayama", country="US")
    assert ForeignPartner.objects.filter(name="Okayama").count() == 2


@pytest.mark.django_db
def test_partner_names_with_diacritics_are_unique_in_any_case():
    # SQLite's own lower() folds ASCII only; core.db.CaseFold makes both databases agree.
    ForeignPartnerFactory(name="Kaposvár", country="HU")
    with violates("partners_partner_name_country_unique"):
        ForeignPartnerFactory(name="KAPOSVÁR", country="HU")


@pytest.mark.django_db
def test_a_second_relationship_of_a_level_is_allowed_once_the_first_has_ended():
    first = RelationshipFactory(level=Level.TWINNING, established_on=datetime.date(2000, 1, 1))
    first.status = Status.ENDED
    first.ended_on = datetime.date(2010, 1, 1)
    first.save()
    RelationshipFactory(partner=first.partner, level=Level.TWINNING)
    # Another level is a different relationship altogether.
    RelationshipFactory(partner=first.partner, level=Level.NETWORK)
    assert first.partner.relationships.count() == 3


@pytest.mark.django_db
def test_an_ended_relationship_may_end_on_the_day_it_was_established():
    day = datetime.date(2015, 4, 9)
    RelationshipFactory(status=Status.ENDED, established_on=day, ended_on=day)
    assert Relationship.objects.filter(ended_on=day).exists()


def _full_clean_errors(instance, language="en"):
    """The errors as text in ``language``: lazy messages are read while it is active."""
    with translation.override(language):
        with pytest.raises(ValidationError) as excinfo:
            instance.full_clean()
        return excinfo.value.message_dict


@pytest.mark.django_db
def test_full_clean_reports_an_end_before_the_start_with_the_constraint_message():
    relationship = RelationshipFactory.build(
        partner=ForeignPartnerFactory(),
        status=Status.ENDED,
        established_on=datetime.date(2015, 4, 9),
        ended_on=datetime.date(2014, 1, 1),
    )
    assert _full_clean_errors(relationship) == {
        NON_FIELD_ERRORS: ["The end date cannot be before the date established."]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_full_clean_reports_the_constraint_message_in_the_active_language(language):
    first = RelationshipFactory(level=Level.NETWORK)
    second = RelationshipFactory.build(partner=first.partner, level=Level.NETWORK)
    rule = constraint(Relationship, "partners_relationship_one_current_per_level")
    with translation.override(language):
        expected = str(rule.violation_error_message)
    assert _full_clean_errors(second, language)[NON_FIELD_ERRORS] == [expected]


@pytest.mark.django_db
def test_full_clean_reports_an_end_date_on_an_active_relationship_with_the_constraint_message():
    relationship = RelationshipFactory.build(
        partner=ForeignPartnerFactory(), status=Status.ACTIVE, ended_on=datetime.date(2020, 1, 1)
    )
    assert _full_clean_errors(relationship)[NON_FIELD_ERRORS] == [
        "Only an ended relationship has an end date: set the status to 'Ended' "
        "or clear the end date."
    ]


@pytest.mark.django_db
def test_full_clean_reports_a_second_current_relationship_with_the_constraint_message():
    first = RelationshipFactory(level=Level.FRIENDSHIP)
    second = RelationshipFactory.build(partner=first.partner, level=Level.FRIENDSHIP)
    assert _full_clean_errors(second)[NON_FIELD_ERRORS] == [
        "This partner already has a current relationship of this level."
    ]


@pytest.mark.django_db
def test_full_clean_reports_a_locality_without_country_with_the_constraint_message():
    partner = ForeignPartner(name="Champasak", kind=Kind.LOCALITY, country="")
    assert _full_clean_errors(partner)[NON_FIELD_ERRORS] == [
        "Choose the country. Only international organisations and networks may have none."
    ]


@pytest.mark.django_db
def test_full_clean_reports_a_duplicate_partner_in_another_case_with_the_constraint_message():
    ForeignPartnerFactory(name="Okayama", country="JP")
    duplicate = ForeignPartner(name="OKAYAMA", kind=Kind.LOCALITY, country="JP")
    assert _full_clean_errors(duplicate)[NON_FIELD_ERRORS] == [
        "A partner with this name already exists in this country."
    ]


@pytest.mark.django_db
def test_full_clean_reports_a_partner_as_its_own_parent_on_the_parent_field():
    # clean() walks up the tree before the constraint is checked, so the form shows the
    # error beside the parent field.
    partner = ForeignPartnerFactory()
    partner.parent = partner
    assert _full_clean_errors(partner)["parent"] == ["This parent would make a loop of partners."]


@pytest.mark.django_db
def test_clean_refuses_a_loop_of_two_partners():
    prefecture = ForeignPartnerFactory(name="Okayama Prefecture")
    city = ForeignPartnerFactory(name="Okayama", parent=prefecture)
    prefecture.parent = city
    assert _full_clean_errors(prefecture)["parent"] == [
        "This parent would make a loop of partners."
    ]


@pytest.mark.django_db
def test_clean_accepts_a_partner_under_its_prefecture():
    prefecture = ForeignPartnerFactory(name="Okayama Prefecture")
    city = ForeignPartnerFactory(name="Okayama", parent=prefecture)
    city.full_clean()


def test_a_partner_shows_its_vietnamese_name_in_vietnamese_and_usual_name_in_english():
    partner = ForeignPartner(name="Okayama", name_vi="Thành phố Okayama", name_original="岡山市")
    with translation.override("vi"):
        assert partner.display_name == str(partner) == "Thành phố Okayama"
    with translation.override("en"):
        assert partner.display_name == str(partner) == "Okayama"


def test_a_partner_without_a_vietnamese_name_shows_its_usual_name_in_vietnamese():
    partner = ForeignPartner(name="Kaposvár", name_vi="")
    with translation.override("vi"):
        assert str(partner) == "Kaposvár"


def test_a_relationship_reads_as_partner_and_level():
    partner = ForeignPartner(name="Riverside", name_vi="Thành phố Riverside")
    relationship = Relationship(partner=partner, level=Level.TWINNING)
    with translation.override("en"):
        assert str(relationship) == "Riverside – Twinning (sister city)"
    with translation.override("vi"):
        assert str(relationship).startswith("Thành phố Riverside – ")


def test_a_relationship_summary_is_english_in_english_when_there_is_one():
    relationship = Relationship(summary="Tóm tắt", summary_en="Summary")
    with translation.override("en"):
        assert relationship.display_summary == "Summary"
    with translation.override("vi"):
        assert relationship.display_summary == "Tóm tắt"
    relationship.summary_en = ""
    with translation.override("en"):
        assert relationship.display_summary == "Tóm tắt"


def test_an_activity_reads_as_its_date_and_localized_title():
    activity = RelationshipActivity(
        date=datetime.date(2021, 9, 14), title="Hỗ trợ thiết bị y tế", title_en="Medical equipment"
    )
    with translation.override("en"):
        assert str(activity) == "14 Sep 2021 – Medical equipment"
    with translation.override("vi"):
        assert str(activity) == "14/09/2021 – Hỗ trợ thiết bị y tế"
    activity.title_en = ""
    with translation.override("en"):
        assert str(activity) == "14 Sep 2021 – Hỗ trợ thiết bị y tế"


@pytest.mark.django_db
def test_a_relationship_links_to_its_detail_page_in_the_current_language():
    relationship = RelationshipFactory()
    for language in ("vi", "en"):
        with translation.override(language):
            url = relationship.get_absolute_url()
            assert url == reverse("partners:relationship_detail", kwargs={"pk": relationship.pk})
            match = resolve(url)
        assert match.view_name == "partners:relationship_detail"
        assert match.kwargs == {"pk": relationship.pk}
    with translation.override("en"):
        assert relationship.get_absolute_url().startswith("/en/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "permission"),
    [
        (ForeignPartner, "partners.publish_foreignpartner"),
        (Relationship, "partners.publish_relationship"),
        (RelationshipActivity, "partners.publish_relationshipactivity"),
    ],
)
def test_publish_permission_names_an_existing_permission(model, permission):
    assert model.publish_permission() == permission
    app_label, codename = permission.split(".")
    assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists()


@pytest.mark.django_db
def test_public_relationships_exclude_those_of_internal_partners():
    shown = RelationshipFactory(public=True)
    internal_partner = ForeignPartnerFactory(visibility=Visibility.INTERNAL)
    RelationshipFactory(partner=internal_partner, visibility=Visibility.PUBLIC)
    RelationshipFactory(partner=ForeignPartnerFactory(public=True))  # internal relationship
    assert list(Relationship.objects.public()) == [shown]


@pytest.mark.django_db
def test_public_partners_and_activities_are_those_marked_public():
    public_partner = ForeignPartnerFactory(public=True)
    ForeignPartnerFactory()
    shown = RelationshipFactory(public=True)
    public_activity = RelationshipActivityFactory(public=True, relationship=shown)
    RelationshipActivityFactory(relationship=shown)  # internal activity
    RelationshipActivityFactory(public=True)  # public, but its relationship is internal
    RelationshipActivityFactory(
        public=True, relationship=RelationshipFactory(visibility=Visibility.PUBLIC)
    )  # public, its relationship too, but the partner is internal
    assert list(ForeignPartner.objects.public()) == [public_partner, shown.partner]
    assert list(RelationshipActivity.objects.public()) == [public_activity]


@pytest.mark.django_db
def test_ranked_orders_twinning_first_and_network_membership_last():
    for level in (Level.NETWORK, Level.COOPERATION, Level.TWINNING, Level.FRIENDSHIP):
        RelationshipFactory(level=level)
    ranked = Relationship.objects.ranked().order_by("level_rank")
    assert [r.level for r in ranked] == [
        Level.TWINNING,
        Level.FRIENDSHIP,
        Level.COOPERATION,
        Level.NETWORK,
    ]
