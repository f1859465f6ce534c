"""Edit conflicts (core.edit_conflicts): two people open the same record and both save; the
second save is refused with a message naming what changed, who changed it and when, the
form shown again with their input, and nothing of theirs saved. With two logged-in clients."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.admin import AuditedAdmin
from core.edit_conflicts import TOKEN, EditTokenFormMixin
from core.models import Sector
from delegations.models import Delegation, DelegationMember
from tests.admin_helpers import change_url, form_errors, rendered_form_data
from tests.conftest import _member_of
from tests.factories import (
    AgreementActivityFactory,
    AgreementFactory,
    DelegationFactory,
    DelegationMemberFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor_client():
    client = Client()
    client.force_login(_member_of("Editors", "editor_b"))
    return client


def open_form(client, obj):
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return rendered_form_data(response)


def all_errors(response):
    return " ".join(form_errors(response))


def test_the_change_form_carries_the_records_token(editor_client):
    delegation = DelegationFactory()

    data = open_form(editor_client, delegation)

    assert data[TOKEN] == delegation.updated_at.isoformat()


def test_the_second_save_is_refused_naming_the_field_both_values_and_who(
    editor_client, second_editor_client
):
    delegation = DelegationFactory(title="Đoàn Okayama", member_count=5)
    mine = open_form(editor_client, delegation)
    theirs = open_form(second_editor_client, delegation)
    mine["title"] = "Đoàn tỉnh Okayama (Nhật Bản)"
    assert editor_client.post(change_url(delegation), mine).status_code == 302

    theirs["title"] = "Đoàn Okayama thăm Cần Thơ"
    theirs["member_count"] = "7"
    with translation.override("en"):
        response = second_editor_client.post(change_url(delegation), theirs)

    assert response.status_code == 200
    errors = all_errors(response)
    assert "changed by someone else after you opened it" in errors
    assert "Changed by editor at" in errors
    assert (
        "Title (Vietnamese): your value “Đoàn Okayama thăm Cần Thơ”, current value "
        "“Đoàn tỉnh Okayama (Nhật Bản)”." in errors
    )
    # Only what changed since they opened it is listed, not their own edits.
    assert "Number of members" not in errors
    # Their input is shown again, nothing of it saved.
    form = response.context["adminform"].form
    assert form["title"].value() == "Đoàn Okayama thăm Cần Thơ"
    assert form["member_count"].value() == "7"
    delegation.refresh_from_db()
    assert (delegation.title, delegation.member_count) == ("Đoàn tỉnh Okayama (Nhật Bản)", 5)


def test_after_reading_the_message_saving_again_keeps_their_values(
    editor_client, second_editor_client
):
    delegation = DelegationFactory()
    mine = open_form(editor_client, delegation)
    theirs = open_form(second_editor_client, delegation)
    mine["title"] = "A"
    editor_client.post(change_url(delegation), mine)
    theirs["title"] = "B"
    refused = second_editor_client.post(change_url(delegation), theirs)
    assert refused.status_code == 200

    again = rendered_form_data(refused)
    response = second_editor_client.post(change_url(delegation), again)

    assert response.status_code == 302, form_errors(response)
    delegation.refresh_from_db()
    assert delegation.title == "B"


def test_an_inline_only_change_bumps_the_record_and_refuses_the_stale_form(
    editor_client, second_editor_client
):
    delegation = DelegationFactory(title="Đoàn Riverside")
    DelegationMemberFactory(delegation=delegation, name="John Smith")
    mine = open_form(editor_client, delegation)
    theirs = open_form(second_editor_client, delegation)
    # A only renames a member.
    mine["members-0-name"] = "John A. Smith"
    assert editor_client.post(change_url(delegation), mine).status_code == 302

    # B, from the old page, changes the title and adds a member.
    theirs["title"] = "Đoàn thành phố Riverside"
    theirs["members-TOTAL_FORMS"] = "2"
    theirs["members-1-name"] = "Jane Doe"
    theirs["members-1-delegation"] = str(delegation.pk)
    with translation.override("en"):
        response = second_editor_client.post(change_url(delegation), theirs)

    assert response.status_code == 200
    assert "changed by someone else" in all_errors(response)
    delegation.refresh_from_db()
    assert delegation.title == "Đoàn Riverside"
    assert list(delegation.members.values_list("name", flat=True)) == ["John A. Smith"]
    assert not DelegationMember.objects.filter(name="Jane Doe").exists()


def test_the_same_user_in_two_tabs_is_refused_too(editor_client):
    delegation = DelegationFactory(status=Delegation.Status.PLANNED)
    first_tab = open_form(editor_client, delegation)
    second_tab = open_form(editor_client, delegation)
    first_tab["status"] = Delegation.Status.CONFIRMED
    assert editor_client.post(change_url(delegation), first_tab).status_code == 302

    second_tab["status"] = Delegation.Status.CANCELLED
    with translation.override("en"):
        response = editor_client.post(change_url(delegation), second_tab)

    assert response.status_code == 200
    assert "Status: your value “Cancelled”, current value “Confirmed”." in all_errors(response)
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.CONFIRMED


def test_a_list_changed_since_is_named_with_both_values(editor_client, second_editor_client):
    health, trade = SectorFactory(name="Y tế"), SectorFactory(name="Thương mại")
    delegation = DelegationFactory()
    mine = open_form(editor_client, delegation)
    theirs = open_form(second_editor_client, delegation)
    mine["sectors"] = [str(health.pk)]
    editor_client.post(change_url(delegation), mine)

    theirs["sectors"] = [str(trade.pk)]
    response = second_editor_client.post(change_url(delegation), theirs)

    assert "“Thương mại”" in all_errors(response) and "“Y tế”" in all_errors(response)
    assert list(delegation.sectors.all()) == [health]


def test_a_change_by_a_script_since_is_refused_too(editor_client):
    delegation = DelegationFactory(title="Cũ")
    data = open_form(editor_client, delegation)
    delegation.title = "Sửa bởi một lệnh"
    delegation.save()

    data["title"] = "Của tôi"
    response = editor_client.post(change_url(delegation), data)

    assert response.status_code == 200
    delegation.refresh_from_db()
    assert delegation.title == "Sửa bởi một lệnh"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
def test_the_check_locks_the_row_on_postgresql(editor_client):
    delegation = DelegationFactory()
    data = open_form(editor_client, delegation)

    with CaptureQueriesContext(connection) as queries:
        editor_client.post(change_url(delegation), data)

    table = Delegation._meta.db_table
    assert any("FOR UPDATE" in q["sql"] and table in q["sql"] for q in queries.captured_queries)


def test_the_revert_page_is_refused_when_the_record_changed_since(editor_client):
    delegation = DelegationFactory(title="Một")
    first = delegation.history.latest()
    delegation.title = "Hai"
    delegation.save()
    url = reverse(
        "admin:delegations_delegation_simple_history", args=[delegation.pk, first.history_id]
    )
    data = rendered_form_data(editor_client.get(url))
    delegation.title = "Ba"
    delegation.save()

    response = editor_client.post(url, data)

    assert response.status_code == 200
    delegation.refresh_from_db()
    assert delegation.title == "Ba"


def test_an_inline_row_saved_on_its_own_page_since_is_refused_on_the_records_page(
    editor_client, second_editor_client
):
    agreement = AgreementFactory()
    activity = AgreementActivityFactory(agreement=agreement, description="Họp lần 1")
    stale = open_form(editor_client, agreement)
    prefix = next(key for key in stale if key.endswith("-0-description")).removesuffix(
        "description"
    )
    assert f"{prefix}{TOKEN}" in stale
    # Someone corrects the activity on its own page.
    own_page = open_form(second_editor_client, activity)
    own_page["description"] = "Họp lần thứ nhất"
    response = second_editor_client.post(change_url(activity), own_page)
    assert response.status_code == 302, form_errors(response)

    stale[f"{prefix}description"] = "Họp lần một"
    with translation.override("en"):
        response = editor_client.post(change_url(agreement), stale)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "changed by someone else" in " ".join(formset.forms[0].non_field_errors())
    activity.refresh_from_db()
    assert activity.description == "Họp lần thứ nhất"


def test_an_unchanged_inline_row_saved_elsewhere_does_not_block_the_record(editor_client):
    agreement = AgreementFactory(title="Cũ")
    activity = AgreementActivityFactory(agreement=agreement)
    data = open_form(editor_client, agreement)
    activity.progress = activity.progress  # saved elsewhere, not touched on this page
    activity.save()
    # The agreement itself was not saved since: only the untouched row is newer.
    data["title"] = "Mới"

    response = editor_client.post(change_url(agreement), data)

    assert response.status_code == 302, form_errors(response)
    agreement.refresh_from_db()
    assert agreement.title == "Mới"


# --- Change lists --------------------------------------------------------------------------


def test_every_admin_with_list_editable_guards_its_rows():
    for model, model_admin in admin.site._registry.items():
        if model_admin.list_editable:
            assert isinstance(model_admin, AuditedAdmin), model
            assert hasattr(model, "updated_at"), model


def changelist_data(response):
    formset = response.context["cl"].formset
    data = {"_save": "Save"}
    for form in [formset.management_form, *formset.forms]:
        for bound_field in form:
            value = bound_field.value()
            data[bound_field.html_name] = "" if value is None else str(value)
    return data


@pytest.mark.urls("tests.edit_conflict_urls")
def test_a_list_editable_change_list_refuses_a_stale_row(editor_client, second_editor_client):
    sector = SectorFactory(code="health", name="Y tế", name_en="Health")
    url = reverse("editable_admin:core_sector_changelist")
    mine = editor_client.get(url)
    theirs = second_editor_client.get(url)
    assert f'name="form-0-{TOKEN}"' in mine.content.decode()
    assert isinstance(mine.context["cl"].formset.forms[0], EditTokenFormMixin)
    mine_data, theirs_data = changelist_data(mine), changelist_data(theirs)
    mine_data["form-0-name_en"] = "Health care"
    assert editor_client.post(url, mine_data).status_code == 302

    theirs_data["form-0-name"] = "Y tế công cộng"
    response = second_editor_client.post(url, theirs_data)

    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["cl"].formset.forms[0].non_field_errors())
    assert "editor" in errors
    sector.refresh_from_db()
    assert (sector.name, sector.name_en) == ("Y tế", "Health care")
    assert Sector.objects.count() == 1
