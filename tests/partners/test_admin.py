"""The admin for foreign partners, relationships and their activities.

Editors add and change records but never decide what the public sees: visibility is
read-only to them, a crafted request cannot change it, the bulk publish actions are not
offered, and a public record cannot be deleted. Publishers do all of that. Viewers read.
"""

import pytest
from django.contrib.admin import site
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from core.models import Visibility
from partners.models import ForeignPartner, Relationship, RelationshipActivity
from tests.admin_helpers import (
    add_url,
    change_url,
    changelist_url,
    constraint_message,
    delete_url,
    form_errors,
)
from tests.factories import (
    ForeignPartnerFactory,
    LocalUnitFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
    SectorFactory,
    UserFactory,
)

# Queries a changelist may run, whatever the number of rows: session, user, permissions,
# counts, the page of rows, prefetched sectors, the filters. Measured at 3 rows, plus a
# small margin.
PARTNER_CHANGELIST_BUDGET = 9
RELATIONSHIP_CHANGELIST_BUDGET = 12
ACTIVITY_CHANGELIST_BUDGET = 10

MODELS = [ForeignPartner, Relationship, RelationshipActivity]
PUBLISHABLE_FACTORIES = {
    ForeignPartner: ForeignPartnerFactory,
    Relationship: RelationshipFactory,
    RelationshipActivity: RelationshipActivityFactory,
}


def published(model):
    """Records marked public, whatever else the model's ``public()`` requires."""
    return model.objects.filter(visibility=Visibility.PUBLIC)


def action_names(response):
    return [name for name, _label in response.context["action_form"].fields["action"].choices]


def post_action(client, model, action, records):
    return client.post(
        changelist_url(model),
        {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in records], "index": 0},
    )


# Form data, as the admin's change form would post it.


def partner_form(partner=None, **overrides):
    data = {
        "name": "Okayama",
        "name_original": "岡山市",
        "name_vi": "Thành phố Okayama",
        "abbreviation": "",
        "kind": ForeignPartner.Kind.LOCALITY,
        "country": "JP",
        "parent": "",
        "website": "",
        "notes": "",
    }
    if partner is not None:
        data.update(
            name=partner.name,
            name_original=partner.name_original,
            name_vi=partner.name_vi,
            kind=partner.kind,
            country=partner.country.code,
            visibility=partner.visibility,
        )
    return {**data, **overrides}


def activity_row(**overrides):
    return {
        "date": "2021-09-14",
        "kind": RelationshipActivity.Kind.VISIT,
        "title": "Đoàn Okayama thăm thành phố",
        "title_en": "Okayama delegation visits the city",
        "description": "",
        "description_en": "",
        "local_unit": "",
        **overrides,
    }


def relationship_form(relationship=None, activities=(), **overrides):
    """The relationship fields plus the activity inline: ``activities`` are row dicts, with
    an ``id`` for a row that already exists."""
    data = {
        "partner": "",
        "level": Relationship.Level.TWINNING,
        "status": Relationship.Status.ACTIVE,
        "local_unit": "",
        "established_on": "2015-04-09",
        "ended_on": "",
        "founding_document": "",
        "summary": "",
        "summary_en": "",
    }
    if relationship is not None:
        data.update(
            partner=relationship.partner.pk,
            level=relationship.level,
            status=relationship.status,
            established_on=relationship.established_on.isoformat(),
            visibility=relationship.visibility,
        )
    data.update(overrides)
    # The admin expects the rows that already exist first.
    activities = sorted(activities, key=lambda row: "id" not in row)
    existing = sum(1 for row in activities if "id" in row)
    data.update(
        {
            "activities-TOTAL_FORMS": len(activities),
            "activities-INITIAL_FORMS": existing,
            "activities-MIN_NUM_FORMS": 0,
            "activities-MAX_NUM_FORMS": 1000,
        }
    )
    for index, row in enumerate(activities):
        for field, value in row.items():
            data[f"activities-{index}-{field}"] = value
        if relationship is not None:
            data[f"activities-{index}-relationship"] = relationship.pk
    return data


def activity_form(activity=None, **overrides):
    data = {"relationship": "", **activity_row()}
    if activity is not None:
        data.update(
            relationship=activity.relationship.pk,
            date=activity.date.isoformat(),
            kind=activity.kind,
            title=activity.title,
            title_en=activity.title_en,
            visibility=activity.visibility,
        )
    return {**data, **overrides}


def existing_activity_row(activity, **overrides):
    """An inline row for an activity that already exists, as the change page posts it."""
    return {"id": activity.pk, **activity_form(activity), **overrides}


def form_for(record, **overrides):
    """A valid change-form post for any of the three models, as it stands."""
    if isinstance(record, ForeignPartner):
        return partner_form(record, **overrides)
    if isinstance(record, Relationship):
        return relationship_form(record, **overrides)
    return activity_form(record, **overrides)


# Editors: list, search, open and add.


@pytest.mark.parametrize("model", MODELS)
def test_editor_sees_a_record_in_the_changelist_and_on_its_change_page(editor_client, model):
    record = PUBLISHABLE_FACTORIES[model]()

    listing = editor_client.get(changelist_url(model))
    page = editor_client.get(change_url(record))

    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [record]
    assert escape(str(record)) in listing.content.decode()
    assert page.status_code == 200
    assert page.context["original"] == record


@pytest.mark.parametrize("model", MODELS)
def test_editor_can_open_the_add_page(editor_client, model):
    response = editor_client.get(add_url(model))

    assert response.status_code == 200
    assert response.context["adminform"].form.instance._state.adding


def test_editor_search_finds_a_partner_by_its_original_name(editor_client):
    okayama = ForeignPartnerFactory(name="Okayama", name_original="岡山市")
    ForeignPartnerFactory(name="Kaposvár", country="HU")

    response = editor_client.get(changelist_url(ForeignPartner), {"q": "岡山"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [okayama]


def test_editor_search_finds_a_relationship_by_its_partner_name(editor_client):
    okayama = RelationshipFactory(partner=ForeignPartnerFactory(name="Okayama"))
    RelationshipFactory(partner=ForeignPartnerFactory(name="Kaposvár", country="HU"))

    response = editor_client.get(changelist_url(Relationship), {"q": "okayama"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [okayama]


def test_editor_search_finds_an_activity_by_title_or_partner(editor_client):
    okayama = RelationshipFactory(partner=ForeignPartnerFactory(name="Okayama"))
    festival = RelationshipActivityFactory(relationship=okayama, title="Lễ hội hoa anh đào")
    RelationshipActivityFactory(title="Hội thảo nông nghiệp")

    by_title = editor_client.get(changelist_url(RelationshipActivity), {"q": "anh đào"})
    by_partner = editor_client.get(changelist_url(RelationshipActivity), {"q": "okayama"})

    assert by_title.status_code == by_partner.status_code == 200
    assert list(by_title.context["cl"].result_list) == [festival]
    assert list(by_partner.context["cl"].result_list) == [festival]


def test_editor_adds_a_partner_and_is_recorded_as_its_author(editor_client, editor):
    response = editor_client.post(add_url(ForeignPartner), partner_form())

    assert response.status_code == 302
    partner = ForeignPartner.objects.get(name="Okayama")
    assert partner.country.code == "JP"
    assert partner.visibility == Visibility.INTERNAL
    assert (partner.created_by, partner.updated_by) == (editor, editor)


def test_editor_adds_a_relationship_with_an_activity_and_both_record_the_author(
    editor_client, editor
):
    partner = ForeignPartnerFactory(name="Okayama")
    sectors = SectorFactory.create_batch(2)

    response = editor_client.post(
        add_url(Relationship),
        relationship_form(
            partner=partner.pk, sectors=[s.pk for s in sectors], activities=[activity_row()]
        ),
    )

    assert response.status_code == 302
    relationship = Relationship.objects.get(partner=partner)
    assert set(relationship.sectors.all()) == set(sectors)
    assert (relationship.created_by, relationship.updated_by) == (editor, editor)
    activity = relationship.activities.get()
    assert activity.title_en == "Okayama delegation visits the city"
    assert (activity.created_by, activity.updated_by) == (editor, editor)


def test_editor_adds_an_activity_and_is_recorded_as_its_author(editor_client, editor):
    relationship = RelationshipFactory()
    unit = LocalUnitFactory()

    response = editor_client.post(
        add_url(RelationshipActivity),
        activity_form(relationship=relationship.pk, local_unit=unit.pk),
    )

    assert response.status_code == 302
    activity = RelationshipActivity.objects.get()
    assert (activity.relationship, activity.local_unit) == (relationship, unit)
    assert (activity.created_by, activity.updated_by) == (editor, editor)


def test_editor_adding_an_activity_inline_keeps_the_authors_of_the_others(editor_client, editor):
    author = UserFactory(username="author")
    relationship = RelationshipFactory(created_by=author, updated_by=author)
    earlier = RelationshipActivityFactory(
        relationship=relationship, created_by=author, updated_by=author
    )

    response = editor_client.post(
        change_url(relationship),
        relationship_form(
            relationship,
            activities=[activity_row(), existing_activity_row(earlier)],
        ),
    )

    assert response.status_code == 302
    added = relationship.activities.exclude(pk=earlier.pk).get()
    assert (added.created_by, added.updated_by) == (editor, editor)
    earlier.refresh_from_db()
    assert (earlier.created_by, earlier.updated_by) == (author, author)


def test_editor_can_correct_a_public_partner_and_it_stays_public(editor_client, editor):
    partner = ForeignPartnerFactory(public=True, name="Okayma")

    response = editor_client.post(change_url(partner), partner_form(partner, name="Okayama"))

    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.visibility) == ("Okayama", Visibility.PUBLIC)
    assert partner.updated_by == editor


# Editors cannot decide what the public sees.


@pytest.mark.parametrize("model", MODELS)
def test_editor_sees_visibility_read_only_on_the_change_form(editor_client, model):
    record = PUBLISHABLE_FACTORIES[model]()

    response = editor_client.get(change_url(record))

    assert "visibility" not in response.context["adminform"].form.fields
    assert "visibility" in response.context["adminform"].readonly_fields
    assert 'name="visibility"' not in response.content.decode()


def test_editor_sees_visibility_read_only_in_the_activity_inline(editor_client):
    activity = RelationshipActivityFactory()

    response = editor_client.get(change_url(activity.relationship))

    inline, _attachments = response.context["inline_admin_formsets"]
    assert "visibility" in inline.readonly_fields
    assert all("visibility" not in form.fields for form in inline.formset)
    assert 'name="activities-0-visibility"' not in response.content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_publisher_sees_an_editable_visibility_on_the_change_form(publisher_client, model):
    record = PUBLISHABLE_FACTORIES[model]()

    response = publisher_client.get(change_url(record))

    assert "visibility" in response.context["adminform"].form.fields
    assert 'name="visibility"' in response.content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_editor_cannot_make_a_record_public_by_posting_visibility(editor_client, model):
    record = PUBLISHABLE_FACTORIES[model]()

    response = editor_client.post(change_url(record), form_for(record, visibility="public"))

    assert response.status_code in (302, 403)
    record.refresh_from_db()
    assert record.visibility == Visibility.INTERNAL


def test_editor_cannot_add_a_public_partner_by_posting_visibility(editor_client):
    response = editor_client.post(add_url(ForeignPartner), partner_form(visibility="public"))

    assert response.status_code in (302, 403)
    assert not published(ForeignPartner).exists()


def test_editor_cannot_make_an_activity_public_through_the_inline(editor_client):
    activity = RelationshipActivityFactory()
    relationship = activity.relationship
    row = existing_activity_row(activity, visibility="public")

    response = editor_client.post(
        change_url(relationship),
        relationship_form(relationship, activities=[row, activity_row(visibility="public")]),
    )

    assert response.status_code in (302, 403)
    assert not published(RelationshipActivity).exists()


def test_editor_cannot_unpublish_a_public_partner_by_posting_visibility(editor_client):
    partner = ForeignPartnerFactory(public=True)

    response = editor_client.post(change_url(partner), form_for(partner, visibility="internal"))

    assert response.status_code in (302, 403)
    partner.refresh_from_db()
    assert partner.visibility == Visibility.PUBLIC


@pytest.mark.parametrize("model", MODELS)
def test_editor_is_not_offered_the_publish_actions(editor_client, publisher_client, model):
    PUBLISHABLE_FACTORIES[model]()

    for_editor = action_names(editor_client.get(changelist_url(model)))
    for_publisher = action_names(publisher_client.get(changelist_url(model)))

    assert "make_public" not in for_editor
    assert "make_internal" not in for_editor
    assert "delete_selected" in for_editor
    assert {"make_public", "make_internal"} <= set(for_publisher)


@pytest.mark.parametrize("model", MODELS)
def test_editor_posting_make_public_anyway_publishes_nothing(editor_client, model):
    records = PUBLISHABLE_FACTORIES[model].create_batch(2)

    response = post_action(editor_client, model, "make_public", records)

    assert response.status_code in (302, 403)
    assert not published(model).exists()


@pytest.mark.parametrize("model", MODELS)
def test_editor_cannot_delete_a_public_record(editor_client, model):
    record = PUBLISHABLE_FACTORIES[model](public=True)

    page = editor_client.get(delete_url(record))
    confirmed = editor_client.post(delete_url(record), {"post": "yes"})

    assert (page.status_code, confirmed.status_code) == (403, 403)
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("model", MODELS)
def test_editor_can_delete_an_internal_record(editor_client, model):
    record = PUBLISHABLE_FACTORIES[model]()

    page = editor_client.get(delete_url(record))
    confirmed = editor_client.post(delete_url(record), {"post": "yes"})

    assert page.status_code == 200
    assert confirmed.status_code == 302
    assert not model.objects.filter(pk=record.pk).exists()


def test_editor_cannot_delete_an_internal_relationship_that_holds_a_public_activity(
    editor_client,
):
    activity = RelationshipActivityFactory(public=True)
    relationship = activity.relationship

    confirmed = editor_client.post(delete_url(relationship), {"post": "yes"})

    assert confirmed.status_code == 403
    assert RelationshipActivity.objects.filter(pk=activity.pk).exists()


def test_editor_bulk_delete_refuses_a_selection_with_a_public_partner(editor_client):
    internal = ForeignPartnerFactory()
    public = ForeignPartnerFactory(public=True)

    response = editor_client.post(
        changelist_url(ForeignPartner),
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: [internal.pk, public.pk],
            "index": 0,
            "post": "yes",
        },
    )

    assert response.status_code == 403
    assert ForeignPartner.objects.count() == 2


# Publishers decide.


@pytest.mark.parametrize("model", MODELS)
def test_publisher_makes_a_record_public_through_the_form(publisher_client, publisher, model):
    record = PUBLISHABLE_FACTORIES[model]()

    response = publisher_client.post(change_url(record), form_for(record, visibility="public"))

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.visibility == Visibility.PUBLIC
    assert record.updated_by == publisher


def test_publisher_makes_an_activity_public_through_the_inline(publisher_client, publisher):
    activity = RelationshipActivityFactory()
    relationship = activity.relationship
    row = existing_activity_row(activity, visibility="public")

    response = publisher_client.post(
        change_url(relationship), relationship_form(relationship, activities=[row])
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.visibility, activity.updated_by) == (Visibility.PUBLIC, publisher)


@pytest.mark.parametrize("model", MODELS)
def test_publisher_makes_records_public_with_the_bulk_action(publisher_client, publisher, model):
    chosen = PUBLISHABLE_FACTORIES[model].create_batch(2)
    left_alone = PUBLISHABLE_FACTORIES[model]()

    response = post_action(publisher_client, model, "make_public", chosen)

    assert response.status_code == 302
    assert set(published(model)) == set(chosen)
    assert all(
        r.updated_by == publisher for r in model.objects.filter(pk__in=[c.pk for c in chosen])
    )
    left_alone.refresh_from_db()
    assert left_alone.updated_by is None


def test_publisher_makes_a_public_partner_internal_with_the_bulk_action(publisher_client):
    partner = ForeignPartnerFactory(public=True)

    response = post_action(publisher_client, ForeignPartner, "make_internal", [partner])

    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.visibility == Visibility.INTERNAL


def test_publisher_can_delete_a_public_partner(publisher_client):
    partner = ForeignPartnerFactory(public=True)

    response = publisher_client.post(delete_url(partner), {"post": "yes"})

    assert response.status_code == 302
    assert not ForeignPartner.objects.exists()


# Viewers read; anonymous visitors log in first.


@pytest.mark.parametrize("model", MODELS)
def test_viewer_can_read_the_changelist_and_the_change_page(viewer_client, model):
    record = PUBLISHABLE_FACTORIES[model]()

    listing = viewer_client.get(changelist_url(model))
    page = viewer_client.get(change_url(record))

    assert listing.status_code == page.status_code == 200
    assert list(listing.context["cl"].result_list) == [record]


@pytest.mark.parametrize("model", MODELS)
def test_viewer_cannot_open_the_add_page(viewer_client, model):
    assert viewer_client.get(add_url(model)).status_code == 403


@pytest.mark.parametrize("model", MODELS)
def test_viewer_cannot_change_a_record_by_posting(viewer_client, model):
    record = PUBLISHABLE_FACTORIES[model]()
    before = model.objects.filter(pk=record.pk).values().get()

    response = viewer_client.post(change_url(record), form_for(record, visibility="public"))

    assert response.status_code == 403
    assert model.objects.filter(pk=record.pk).values().get() == before


def test_viewer_cannot_add_a_partner_by_posting(viewer_client):
    response = viewer_client.post(add_url(ForeignPartner), partner_form())

    assert response.status_code == 403
    assert not ForeignPartner.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_anonymous_visitor_is_sent_to_the_admin_login(anonymous_client, model):
    response = anonymous_client.get(changelist_url(model))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert "next=" in response.url


# Constraint violations come back as form errors, never as a 500.


def test_a_second_current_relationship_of_the_same_level_is_refused_with_a_form_error(
    editor_client,
):
    first = RelationshipFactory()

    response = editor_client.post(
        add_url(Relationship), relationship_form(partner=first.partner.pk, level=first.level)
    )

    assert response.status_code == 200
    assert constraint_message(
        Relationship, "partners_relationship_one_current_per_level"
    ) in form_errors(response)
    assert Relationship.objects.count() == 1


def test_a_new_relationship_may_follow_an_ended_one_of_the_same_level(editor_client):
    ended = RelationshipFactory(status=Relationship.Status.ENDED)

    response = editor_client.post(
        add_url(Relationship),
        relationship_form(partner=ended.partner.pk, level=ended.level, established_on="2024-01-01"),
    )

    assert response.status_code == 302
    assert Relationship.objects.filter(partner=ended.partner).count() == 2


def test_an_end_date_before_the_date_established_is_refused_with_a_form_error(editor_client):
    partner = ForeignPartnerFactory()

    response = editor_client.post(
        add_url(Relationship),
        relationship_form(
            partner=partner.pk,
            status=Relationship.Status.ENDED,
            established_on="2015-04-09",
            ended_on="2014-12-31",
        ),
    )

    assert response.status_code == 200
    assert constraint_message(
        Relationship, "partners_relationship_ended_after_established"
    ) in form_errors(response)
    assert not Relationship.objects.exists()


def test_an_end_date_on_a_current_relationship_is_refused_with_a_form_error(editor_client):
    relationship = RelationshipFactory()

    response = editor_client.post(
        change_url(relationship), relationship_form(relationship, ended_on="2020-01-01")
    )

    assert response.status_code == 200
    assert constraint_message(
        Relationship, "partners_relationship_end_date_only_when_ended"
    ) in form_errors(response)
    relationship.refresh_from_db()
    assert relationship.ended_on is None


def test_a_locality_without_a_country_is_refused_with_a_form_error(editor_client):
    response = editor_client.post(add_url(ForeignPartner), partner_form(country=""))

    assert response.status_code == 200
    assert constraint_message(ForeignPartner, "partners_partner_country_required") in form_errors(
        response
    )
    assert not ForeignPartner.objects.exists()


def test_a_constraint_error_is_shown_in_the_language_of_the_admin(editor_client):
    name = "partners_partner_country_required"
    vietnamese_url = add_url(ForeignPartner)
    vietnamese_message = constraint_message(ForeignPartner, name)
    (constraint,) = [c for c in ForeignPartner._meta.constraints if c.name == name]
    with translation.override("en"):
        english_url = add_url(ForeignPartner)
        english_message = str(constraint.violation_error_message)

    in_vietnamese = editor_client.post(vietnamese_url, partner_form(country=""))
    with translation.override("en"):  # restores Vietnamese for the tests that follow
        in_english = editor_client.post(english_url, partner_form(country=""))

    assert vietnamese_url != english_url
    assert vietnamese_message != english_message
    assert form_errors(in_vietnamese) == [vietnamese_message]
    assert form_errors(in_english) == [english_message]


def test_an_international_organisation_may_have_no_country(editor_client):
    response = editor_client.post(
        add_url(ForeignPartner),
        partner_form(
            name="UNESCO", kind=ForeignPartner.Kind.INTERNATIONAL_ORGANISATION, country=""
        ),
    )

    assert response.status_code == 302
    assert ForeignPartner.objects.get().name == "UNESCO"


def test_a_partner_name_differing_only_in_case_in_the_same_country_is_refused(editor_client):
    ForeignPartnerFactory(name="Okayama", country="JP")

    response = editor_client.post(add_url(ForeignPartner), partner_form(name="OKAYAMA"))

    assert response.status_code == 200
    assert constraint_message(
        ForeignPartner, "partners_partner_name_country_unique"
    ) in form_errors(response)
    assert ForeignPartner.objects.count() == 1


def test_an_activity_with_a_blank_title_in_the_inline_is_refused_with_a_form_error(
    editor_client,
):
    relationship = RelationshipFactory()

    response = editor_client.post(
        change_url(relationship),
        relationship_form(relationship, activities=[activity_row(title="")]),
    )

    assert response.status_code == 200
    inline, _attachments = response.context["inline_admin_formsets"]
    assert inline.formset.errors[0]["title"]
    assert not relationship.activities.exists()


# Query budgets: a changelist costs the same at 3 rows as at 30.


@pytest.mark.parametrize("rows", [3, 30])
def test_partner_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    ministry = ForeignPartnerFactory(kind=ForeignPartner.Kind.GOVERNMENT)
    ForeignPartnerFactory.create_batch(rows - 1, parent=ministry)

    with django_assert_max_num_queries(PARTNER_CHANGELIST_BUDGET):
        response = editor_client.get(changelist_url(ForeignPartner))

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_relationship_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        relationship = RelationshipFactory(
            local_unit=LocalUnitFactory(), sectors=SectorFactory.create_batch(2)
        )
        RelationshipActivityFactory.create_batch(2, relationship=relationship)

    with django_assert_max_num_queries(RELATIONSHIP_CHANGELIST_BUDGET):
        response = editor_client.get(changelist_url(Relationship))

    assert response.context["cl"].result_count == rows
    assert {r.activity_total for r in response.context["cl"].result_list} == {2}


@pytest.mark.parametrize("rows", [3, 30])
def test_activity_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        RelationshipActivityFactory(local_unit=LocalUnitFactory())

    with django_assert_max_num_queries(ACTIVITY_CHANGELIST_BUDGET):
        response = editor_client.get(changelist_url(RelationshipActivity))

    assert response.context["cl"].result_count == rows


def test_relationship_changelist_counts_activities_and_filters_by_sector(editor_client):
    tourism = SectorFactory(code="tourism", name="Du lịch")
    relationship = RelationshipFactory(sectors=[tourism])
    RelationshipFactory()
    RelationshipActivityFactory.create_batch(3, relationship=relationship)

    everything = editor_client.get(changelist_url(Relationship))
    by_sector = editor_client.get(changelist_url(Relationship), {"sectors__id__exact": tourism.pk})

    assert "Du lịch" in everything.content.decode()  # offered as a filter
    rows = {row.pk: row.activity_total for row in everything.context["cl"].result_list}
    assert rows[relationship.pk] == 3
    assert list(by_sector.context["cl"].result_list) == [relationship]


def test_editor_search_ignores_diacritics(editor_client):
    kaposvar = ForeignPartnerFactory(name="Kaposvár", name_vi="Thành phố Kaposvár", country="HU")
    ForeignPartnerFactory(name="Okayama", country="JP")

    response = editor_client.get(
        reverse("admin:partners_foreignpartner_changelist"), {"q": "thanh pho kaposvar"}
    )

    assert list(response.context["cl"].result_list) == [kaposvar]


def test_editor_deleting_a_public_activity_in_the_inline_gets_a_form_error_and_keeps_it(
    editor_client,
):
    activity = RelationshipActivityFactory(public=True, title="Hoạt động công khai")
    relationship = activity.relationship
    row = existing_activity_row(activity, DELETE="on")

    response = editor_client.post(
        change_url(relationship),
        relationship_form(relationship, activities=[row], summary="Tóm tắt mới"),
    )

    assert response.status_code == 200
    inline, _attachments = response.context["inline_admin_formsets"]
    with translation.override("vi"):
        expected = gettext("Only Publishers may delete public records.")
    assert expected in inline.formset.non_form_errors()
    assert "Tóm tắt mới" in response.content.decode()  # what was typed is still on the page
    relationship.refresh_from_db()
    assert relationship.summary == ""
    assert RelationshipActivity.objects.filter(pk=activity.pk).exists()


@pytest.mark.parametrize("activities", [3, 30])
def test_relationship_change_page_query_count_does_not_grow_with_activities(
    editor_client, django_assert_max_num_queries, activities
):
    relationship = RelationshipFactory(sectors=[SectorFactory(), SectorFactory()])
    unit = LocalUnitFactory()
    RelationshipActivityFactory.create_batch(activities, relationship=relationship, local_unit=unit)

    # Measured 12 at both sizes: local-unit choices are built once, not once per row.
    with django_assert_max_num_queries(13):
        response = editor_client.get(change_url(relationship))

    assert response.status_code == 200


def test_editor_can_delete_an_internal_activity_through_the_inline(editor_client):
    activity = RelationshipActivityFactory()
    relationship = activity.relationship
    row = existing_activity_row(activity, DELETE="on")

    response = editor_client.post(
        change_url(relationship), relationship_form(relationship, activities=[row])
    )

    assert response.status_code == 302
    assert not RelationshipActivity.objects.filter(pk=activity.pk).exists()


def test_publishing_in_bulk_appears_in_each_records_admin_history(publisher_client, publisher):
    partner = ForeignPartnerFactory()

    publisher_client.post(
        changelist_url(ForeignPartner),
        {"action": "make_public", ACTION_CHECKBOX_NAME: [partner.pk]},
    )

    entry = LogEntry.objects.get(object_id=str(partner.pk))
    assert entry.user == publisher
    with translation.override("en"):
        assert entry.get_change_message() == "Changed visibility."
    with translation.override("vi"):
        assert "chế độ hiển thị" in entry.get_change_message()


def test_publishing_a_relationship_of_an_internal_partner_warns_it_is_not_shown_yet(
    publisher_client,
):
    hidden = RelationshipFactory(partner__name_vi="Tỉnh Champasak")
    shown = RelationshipFactory(partner__public=True, partner__name_vi="Thành phố Okayama")

    response = publisher_client.post(
        changelist_url(Relationship),
        {"action": "make_public", ACTION_CHECKBOX_NAME: [hidden.pk, shown.pk]},
        follow=True,
    )

    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "Tỉnh Champasak" in warnings[0]
    assert "Thành phố Okayama" not in warnings[0]


def test_publishing_a_relationship_of_a_public_partner_gives_no_warning(publisher_client):
    relationship = RelationshipFactory(partner__public=True)

    response = publisher_client.post(
        change_url(relationship),
        {**relationship_form(relationship), "visibility": "public"},
        follow=True,
    )

    assert [m for m in response.context["messages"] if m.level_tag == "warning"] == []
    relationship.refresh_from_db()
    assert relationship.is_public


def test_publishing_through_the_form_warns_when_the_partner_is_internal(publisher_client):
    relationship = RelationshipFactory(partner__name_vi="Tỉnh Champasak")

    response = publisher_client.post(
        change_url(relationship),
        {**relationship_form(relationship), "visibility": "public"},
        follow=True,
    )

    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "Tỉnh Champasak" in warnings[0]


def test_delete_backstop_refuses_a_public_relationship_of_an_internal_partner(rf, editor):
    # The admin's own per-object check answers first; this is the guard under it, for any
    # code path that calls delete_queryset directly.
    relationship = RelationshipFactory(visibility=Visibility.PUBLIC)  # partner internal
    request = rf.post("/")
    request.user = editor

    with pytest.raises(PermissionDenied):
        site._registry[Relationship].delete_queryset(
            request, Relationship.objects.filter(pk=relationship.pk)
        )

    assert Relationship.objects.filter(pk=relationship.pk).exists()
