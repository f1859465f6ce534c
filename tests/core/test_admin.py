"""The admin for the city's own reference data: local units and sectors.

Editors add and change them; Viewers only read; anonymous visitors are sent to the login.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from core.models import LocalUnit, Sector
from tests.admin_helpers import add_url, change_url, changelist_url, constraint_message, form_errors
from tests.factories import LocalUnitFactory, SectorFactory, UserFactory

# Queries a changelist may run, whatever the number of rows: session, user, permissions,
# counts, the page of rows. Measured at 3 rows, plus a small margin.
CHANGELIST_QUERY_BUDGET = 8


def local_unit_form(**overrides):
    data = {
        "name": "Sở Ngoại vụ",
        "name_en": "Department of Foreign Affairs",
        "abbreviation": "SNgV",
        "kind": LocalUnit.Kind.DEPARTMENT,
        "parent": "",
        "is_active": "on",
    }
    return {**data, **overrides}


def sector_form(**overrides):
    return {"code": "tourism", "name": "Du lịch", "name_en": "Tourism", **overrides}


# Editors: list, search, open and add.


@pytest.mark.parametrize(
    ("model", "factory", "shown"),
    [(LocalUnit, LocalUnitFactory, "name"), (Sector, SectorFactory, "name")],
)
def test_editor_sees_a_record_in_the_changelist_and_on_its_change_page(
    editor_client, model, factory, shown
):
    record = factory()

    listing = editor_client.get(changelist_url(model))
    page = editor_client.get(change_url(record))

    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [record]
    assert escape(getattr(record, shown)) in listing.content.decode()
    assert page.status_code == 200
    assert page.context["original"] == record


@pytest.mark.parametrize(
    ("model", "factory", "field"),
    [(LocalUnit, LocalUnitFactory, "name_en"), (Sector, SectorFactory, "name_en")],
)
def test_editor_search_finds_the_matching_record_only(editor_client, model, factory, field):
    wanted = factory(**{field: "Investment and Trade"})
    factory(**{field: "Culture"})

    response = editor_client.get(changelist_url(model), {"q": "investment"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.parametrize("model", [LocalUnit, Sector])
def test_editor_can_open_the_add_page(editor_client, model):
    response = editor_client.get(add_url(model))

    assert response.status_code == 200
    assert 'name="name"' in response.content.decode()


def test_editor_adds_a_local_unit_and_is_recorded_as_its_author(editor_client, editor):
    parent = LocalUnitFactory(name="Ủy ban nhân dân thành phố")

    response = editor_client.post(add_url(LocalUnit), local_unit_form(parent=parent.pk))

    assert response.status_code == 302
    unit = LocalUnit.objects.get(name="Sở Ngoại vụ")
    assert unit.parent == parent
    assert unit.kind == LocalUnit.Kind.DEPARTMENT
    assert (unit.created_by, unit.updated_by) == (editor, editor)


def test_editor_adds_a_sector_and_is_recorded_as_its_author(editor_client, editor):
    response = editor_client.post(add_url(Sector), sector_form())

    assert response.status_code == 302
    sector = Sector.objects.get(code="tourism")
    assert sector.name_en == "Tourism"
    assert (sector.created_by, sector.updated_by) == (editor, editor)


def test_editing_a_local_unit_keeps_its_author_and_records_the_new_editor(editor_client, editor):
    author = UserFactory(username="author")
    unit = LocalUnitFactory(name="Sở Du lịch", created_by=author, updated_by=author)

    response = editor_client.post(change_url(unit), local_unit_form(name="Sở Văn hóa"))

    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Sở Văn hóa"
    assert (unit.created_by, unit.updated_by) == (author, editor)


def test_editor_sees_the_audit_fields_but_cannot_edit_them(editor_client):
    unit = LocalUnitFactory()

    response = editor_client.get(change_url(unit))

    fields = response.context["adminform"].form.fields
    assert not {"created_by", "updated_by", "created_at", "updated_at"} & set(fields)
    assert "created_by" in response.context["adminform"].readonly_fields


# Constraint violations come back as form errors, never as a 500.


def test_a_local_unit_name_differing_only_in_case_is_refused_with_a_form_error(editor_client):
    LocalUnitFactory(name="Vietnam-Japan Centre")

    response = editor_client.post(add_url(LocalUnit), local_unit_form(name="VIETNAM-JAPAN CENTRE"))

    assert response.status_code == 200
    assert constraint_message(LocalUnit, "core_localunit_name_unique") in form_errors(response)
    assert LocalUnit.objects.count() == 1


def test_a_vietnamese_local_unit_name_in_capitals_is_refused_with_a_form_error(editor_client):
    LocalUnitFactory(name="Sở Ngoại vụ")

    response = editor_client.post(add_url(LocalUnit), local_unit_form(name="SỞ NGOẠI VỤ"))

    assert response.status_code == 200
    assert constraint_message(LocalUnit, "core_localunit_name_unique") in form_errors(response)
    assert LocalUnit.objects.count() == 1


def test_a_sector_code_in_uppercase_is_refused_with_a_form_error(editor_client):
    response = editor_client.post(add_url(Sector), sector_form(code="Tourism"))

    assert response.status_code == 200
    assert constraint_message(Sector, "core_sector_code_lowercase") in form_errors(response)
    assert not Sector.objects.exists()


def test_a_sector_name_differing_only_in_case_is_refused_with_a_form_error(editor_client):
    SectorFactory(name="Logistics")

    response = editor_client.post(add_url(Sector), sector_form(name="LOGISTICS"))

    assert response.status_code == 200
    assert constraint_message(Sector, "core_sector_name_unique") in form_errors(response)
    assert Sector.objects.count() == 1


def test_a_vietnamese_sector_name_in_capitals_is_refused_with_a_form_error(editor_client):
    SectorFactory(name="Du lịch")

    response = editor_client.post(add_url(Sector), sector_form(name="DU LỊCH"))

    assert response.status_code == 200
    assert constraint_message(Sector, "core_sector_name_unique") in form_errors(response)
    assert Sector.objects.count() == 1


def test_a_local_unit_cannot_become_its_own_grandparent(editor_client):
    top = LocalUnitFactory(name="Khối A")
    middle = LocalUnitFactory(name="Khối B", parent=top)

    response = editor_client.post(change_url(top), local_unit_form(name="Khối A", parent=middle.pk))

    assert response.status_code == 200
    with translation.override("vi"):
        assert gettext("This parent would make a loop of units.") in form_errors(response)
    top.refresh_from_db()
    assert top.parent is None


# Viewers read; anonymous visitors log in first.


@pytest.mark.parametrize(
    ("model", "factory"), [(LocalUnit, LocalUnitFactory), (Sector, SectorFactory)]
)
def test_viewer_can_read_the_changelist_and_the_change_page(viewer_client, model, factory):
    record = factory()

    assert viewer_client.get(changelist_url(model)).status_code == 200
    assert viewer_client.get(change_url(record)).status_code == 200


@pytest.mark.parametrize("model", [LocalUnit, Sector])
def test_viewer_cannot_open_the_add_page(viewer_client, model):
    assert viewer_client.get(add_url(model)).status_code == 403


def test_viewer_cannot_add_or_change_a_local_unit_by_posting(viewer_client):
    unit = LocalUnitFactory(name="Sở Du lịch")

    added = viewer_client.post(add_url(LocalUnit), local_unit_form())
    changed = viewer_client.post(change_url(unit), local_unit_form(name="Sở Văn hóa"))

    assert (added.status_code, changed.status_code) == (403, 403)
    unit.refresh_from_db()
    assert unit.name == "Sở Du lịch"
    assert LocalUnit.objects.count() == 1


def test_viewer_cannot_change_a_sector_by_posting(viewer_client):
    sector = SectorFactory(code="tourism", name="Du lịch")

    response = viewer_client.post(change_url(sector), sector_form(name="Văn hóa"))

    assert response.status_code == 403
    sector.refresh_from_db()
    assert sector.name == "Du lịch"


@pytest.mark.django_db
@pytest.mark.parametrize("model", [LocalUnit, Sector])
def test_anonymous_visitor_is_sent_to_the_admin_login(anonymous_client, model):
    url = changelist_url(model)

    response = anonymous_client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert "next=" in response.url


# Query budgets: the changelist costs the same at 3 rows as at 30.


@pytest.mark.parametrize("rows", [3, 30])
def test_local_unit_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    parent = LocalUnitFactory(name="Ủy ban nhân dân thành phố")
    LocalUnitFactory.create_batch(rows - 1, parent=parent)

    with django_assert_max_num_queries(CHANGELIST_QUERY_BUDGET):
        response = editor_client.get(changelist_url(LocalUnit))

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_sector_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    SectorFactory.create_batch(rows)

    with django_assert_max_num_queries(CHANGELIST_QUERY_BUDGET):
        response = editor_client.get(changelist_url(Sector))

    assert response.context["cl"].result_count == rows


def test_a_sector_code_cannot_be_changed_once_the_sector_exists(editor_client):
    sector = SectorFactory(code="tourism", name="Du lịch", name_en="Tourism")

    editor_client.post(
        change_url(sector), {"code": "travel", "name": "Du lịch", "name_en": "Travel"}
    )

    sector.refresh_from_db()
    assert (sector.code, sector.name_en) == ("tourism", "Travel")


def test_view_site_link_follows_the_admin_language(editor_client):
    assert 'href="/"' in editor_client.get(reverse("admin:index")).content.decode()
    with translation.override("en"):
        english_admin = reverse("admin:index")
    assert 'href="/en/"' in editor_client.get(english_admin).content.decode()
