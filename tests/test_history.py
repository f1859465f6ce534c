"""The change history of every record (core.history, core.admin.AuditedAdmin): written on
every admin add, change and delete, by bulk actions and imports, naming the user; shown as a
readable diff; reverted; deleted records listed and restored; no history query on the
change lists."""

import datetime

import pytest
import tablib
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import translation

from aid.models import ExchangeRate
from aid.resources import ExchangeRateResource
from core.admin import AuditedAdmin
from core.history import is_tracked
from core.importing import run_import
from core.models import LocalUnit, Visibility
from delegations.models import Delegation, DelegationMember
from tests.admin_helpers import (
    add_url,
    change_url,
    changelist_url,
    delete_url,
    form_errors,
    rendered_form_data,
)
from tests.factories import (
    DelegationFactory,
    DelegationMemberFactory,
    LocalUnitFactory,
    RelationshipFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

RECORD_APPS = {"core", "partners", "delegations", "agreements", "conferences", "aid"}


def admin_url(model, action, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


def versions(obj):
    """(type, user name) of each version of ``obj``, oldest first."""
    return [
        (version.history_type, version.history_user and version.history_user.username)
        for version in type(obj).history.filter(id=obj.pk).order_by("history_date", "history_id")
    ]


def vi(text):
    with translation.override("vi"):
        return str(text)


def test_every_record_model_keeps_a_history_and_its_admin_shows_it():
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in RECORD_APPS and not model.__name__.startswith("Historical")
    ]
    assert len(models) >= 15
    assert [model.__name__ for model in models if not is_tracked(model)] == []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in RECORD_APPS:
            assert isinstance(model_admin, AuditedAdmin), model


def test_the_lists_that_matter_are_kept_with_each_version():
    tracked = {
        model.__name__: sorted(f.name for f in model.history.model._history_m2m_fields)
        for model in apps.get_models()
        if is_tracked(model)
    }
    assert tracked["Delegation"] == ["partners", "sectors"]
    assert tracked["Agreement"] == ["parties", "sectors"]
    assert tracked["Conference"] == ["co_organiser_partners", "co_organiser_units", "sectors"]
    assert tracked["AidProject"] == ["sectors"]
    assert tracked["Relationship"] == ["sectors"]


# --- Admin add, change, delete ------------------------------------------------------------


def test_an_admin_addition_is_one_version_naming_the_editor(editor_client):
    response = editor_client.post(
        add_url(LocalUnit),
        {"name": "Sở Ngoại vụ", "name_en": "", "abbreviation": "", "kind": "department"},
    )

    assert response.status_code == 302, form_errors(response)
    assert versions(LocalUnit.objects.get()) == [("+", "editor")]


def test_an_admin_change_with_lists_and_inline_rows_is_one_version_of_the_record(
    editor_client, editor
):
    delegation = DelegationFactory()
    member = DelegationMemberFactory(delegation=delegation, name="Anna Weber")
    health, trade = SectorFactory(name="Y tế"), SectorFactory(name="Thương mại")
    data = rendered_form_data(editor_client.get(change_url(delegation)))
    data.update(title="Đoàn Tổng Lãnh sự Đức", sectors=[str(health.pk), str(trade.pk)])
    data["members-0-name"] = "Anna Schmidt"

    response = editor_client.post(change_url(delegation), data)

    assert response.status_code == 302, form_errors(response)
    assert versions(delegation) == [("+", None), ("~", "editor")]
    latest = delegation.history.latest()
    assert latest.title == "Đoàn Tổng Lãnh sự Đức"
    assert sorted(row.sector_id for row in latest.sectors.all()) == sorted([health.pk, trade.pk])
    assert versions(member) == [("+", None), ("~", "editor")]


def test_an_admin_save_that_changes_nothing_still_writes_only_one_version(editor_client):
    delegation = DelegationFactory(sectors=[SectorFactory()])
    before = len(versions(delegation))
    data = rendered_form_data(editor_client.get(change_url(delegation)))

    editor_client.post(change_url(delegation), data)

    assert len(versions(delegation)) == before + 1


def test_an_admin_deletion_is_a_version_naming_who_deleted(publisher_client):
    unit = LocalUnitFactory()

    response = publisher_client.post(delete_url(unit), {"post": "yes"})

    assert response.status_code == 302
    assert versions(unit)[-1] == ("-", "publisher")


# --- The history page -------------------------------------------------------------------


def test_the_history_page_shows_each_change_with_labels_before_and_after(editor_client):
    old_host = LocalUnitFactory(name="Sở Công Thương")
    new_host = LocalUnitFactory(name="Sở Ngoại vụ")
    delegation = DelegationFactory(
        host_unit=old_host, status=Delegation.Status.PLANNED, end_date=datetime.date(2023, 5, 10)
    )
    data = rendered_form_data(editor_client.get(change_url(delegation)))
    data.update(status=Delegation.Status.CONFIRMED, host_unit=str(new_host.pk))
    data.update(end_date="12/05/2023")
    assert editor_client.post(change_url(delegation), data).status_code == 302

    html = editor_client.get(admin_url(Delegation, "history", delegation.pk)).content.decode()

    status = vi(Delegation._meta.get_field("status").verbose_name).capitalize()
    planned, confirmed = vi(Delegation.Status.PLANNED.label), vi(Delegation.Status.CONFIRMED.label)
    assert f"<strong>{status}:</strong> <del>{planned}</del> &rarr; <ins>{confirmed}</ins>" in html
    assert "<del>Sở Công Thương</del> &rarr; <ins>Sở Ngoại vụ</ins>" in html
    assert "<del>10/05/2023</del> &rarr; <ins>12/05/2023</ins>" in html
    assert "editor" in html


def test_the_history_page_is_in_english_under_en(editor_client):
    delegation = DelegationFactory(status=Delegation.Status.PLANNED)
    data = rendered_form_data(editor_client.get(change_url(delegation)))
    data["status"] = Delegation.Status.CONFIRMED
    editor_client.post(change_url(delegation), data)

    with translation.override("en"):
        html = editor_client.get(admin_url(Delegation, "history", delegation.pk)).content
    html = html.decode()

    assert "<strong>Status:</strong> <del>Planned</del> &rarr; <ins>Confirmed</ins>" in html
    assert "Changed" in html and "Created" in html


def test_the_history_page_costs_the_same_queries_for_many_versions(
    editor_client, django_assert_max_num_queries
):
    delegation = DelegationFactory(sectors=[SectorFactory()], host_unit=LocalUnitFactory())
    url = admin_url(Delegation, "history", delegation.pk)
    with django_assert_max_num_queries(14):
        editor_client.get(url)
    for number in range(30):
        delegation.title = f"Đoàn {number}"
        delegation.host_unit = LocalUnitFactory()
        delegation.save()
        delegation.sectors.add(SectorFactory())
    with django_assert_max_num_queries(14):
        response = editor_client.get(url)
    assert response.status_code == 200
    assert "Đoàn 29" in response.content.decode()


def test_change_lists_make_no_history_query(editor_client, django_assert_max_num_queries):
    for _number in range(3):
        DelegationFactory()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(changelist_url(Delegation))
    assert response.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "historical" in q["sql"].lower()]
    for _number in range(20):
        DelegationFactory()
    with django_assert_max_num_queries(len(queries.captured_queries)):
        editor_client.get(changelist_url(Delegation))


# --- Revert -----------------------------------------------------------------------------


def test_an_editor_reverts_a_record_to_an_earlier_version(editor_client):
    first, second = SectorFactory(), SectorFactory()
    delegation = DelegationFactory(title="Tiêu đề ban đầu", sectors=[first])
    original = delegation.history.latest()
    data = rendered_form_data(editor_client.get(change_url(delegation)))
    data.update(title="Tiêu đề sai", sectors=[str(second.pk)])
    assert editor_client.post(change_url(delegation), data).status_code == 302

    revert_url = admin_url(Delegation, "simple_history", delegation.pk, original.history_id)
    page = editor_client.get(revert_url)
    assert page.status_code == 200
    response = editor_client.post(revert_url, rendered_form_data(page))

    assert response.status_code == 302, form_errors(response)
    delegation.refresh_from_db()
    assert delegation.title == "Tiêu đề ban đầu"
    assert list(delegation.sectors.all()) == [first]
    assert versions(delegation)[-1] == ("~", "editor")


def test_a_viewer_sees_a_past_version_but_cannot_revert_to_it(viewer_client, editor_client):
    delegation = DelegationFactory(title="Tiêu đề ban đầu")
    original = delegation.history.earliest()
    delegation.title = "Tiêu đề mới"
    delegation.save()
    revert_url = admin_url(Delegation, "simple_history", delegation.pk, original.history_id)
    page = viewer_client.get(revert_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()

    response = viewer_client.post(revert_url, rendered_form_data(editor_client.get(revert_url)))

    assert response.status_code == 403
    delegation.refresh_from_db()
    assert delegation.title == "Tiêu đề mới"


def test_reverting_keeps_the_visibility_for_someone_who_may_not_publish(editor_client):
    delegation = DelegationFactory(title="Cũ")
    original = delegation.history.earliest()
    delegation.title = "Mới"
    delegation.visibility = Visibility.PUBLIC
    delegation.save()
    revert_url = admin_url(Delegation, "simple_history", delegation.pk, original.history_id)

    response = editor_client.post(revert_url, rendered_form_data(editor_client.get(revert_url)))

    assert response.status_code == 302, form_errors(response)
    delegation.refresh_from_db()
    assert (delegation.title, delegation.visibility) == ("Cũ", Visibility.PUBLIC)


# --- Deleted records --------------------------------------------------------------------


def test_a_deleted_record_is_listed_and_restored_with_its_lists_rows_and_history(
    editor_client, publisher_client
):
    sector = SectorFactory()
    delegation = DelegationFactory(title="Đoàn Okayama", sectors=[sector])
    DelegationMemberFactory(delegation=delegation, name="Tanaka")
    pk, created_at = delegation.pk, delegation.created_at
    assert editor_client.post(delete_url(delegation), {"post": "yes"}).status_code == 302
    assert not Delegation.objects.filter(pk=pk).exists()

    listing = editor_client.get(admin_url(Delegation, "deleted"))
    assert "Đoàn Okayama" in listing.content.decode()
    deletion = listing.context["rows"][0][0]
    assert deletion.history_user.username == "editor"
    # The change list links to the deleted records.
    changelist = editor_client.get(changelist_url(Delegation)).content.decode()
    assert admin_url(Delegation, "deleted") in changelist

    response = publisher_client.post(admin_url(Delegation, "restore", deletion.history_id))

    assert response.status_code == 302
    restored = Delegation.objects.get(pk=pk)
    assert restored.title == "Đoàn Okayama"
    assert restored.created_at == created_at
    assert list(restored.sectors.all()) == [sector]
    assert list(restored.members.values_list("name", flat=True)) == ["Tanaka"]
    # Created, its sectors set (the factory), deleted, restored: nothing lost.
    assert [kind for kind, _user in versions(restored)] == ["+", "~", "-", "+"]
    assert versions(restored)[-1] == ("+", "publisher")
    assert (
        "Đoàn Okayama" not in editor_client.get(admin_url(Delegation, "deleted")).content.decode()
    )


def test_restoring_needs_the_add_permission_and_a_post(viewer_client, editor_client):
    unit = LocalUnitFactory()
    unit.delete()
    deletion = LocalUnit.history.get(history_type="-")
    url = admin_url(LocalUnit, "restore", deletion.history_id)

    assert viewer_client.get(admin_url(LocalUnit, "deleted")).status_code == 200
    assert viewer_client.post(url).status_code == 403
    assert editor_client.get(url).status_code == 405
    assert not LocalUnit.objects.exists()


def test_a_restore_that_would_break_a_rule_restores_nothing_and_says_why(editor_client):
    unit = LocalUnitFactory(name="Sở Y tế")
    unit.delete()
    LocalUnitFactory(name="Sở Y tế")  # the name is taken again meanwhile
    deletion = LocalUnit.history.get(history_type="-")

    response = editor_client.post(admin_url(LocalUnit, "restore", deletion.history_id), follow=True)

    assert LocalUnit.objects.count() == 1
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_a_public_record_restored_by_an_editor_comes_back_internal(editor_client):
    delegation = DelegationFactory(public=True)
    delegation.delete()
    deletion = Delegation.history.get(history_type="-")

    editor_client.post(admin_url(Delegation, "restore", deletion.history_id))

    assert Delegation.objects.get().visibility == Visibility.INTERNAL


@pytest.mark.parametrize("factory", [LocalUnitFactory, RelationshipFactory])
def test_the_deleted_records_page_costs_the_same_queries_for_many_records(
    editor_client, django_assert_max_num_queries, factory
):
    model = factory._meta.model
    for _number in range(2):
        factory().delete()
    with django_assert_max_num_queries(11):
        editor_client.get(admin_url(model, "deleted"))
    for _number in range(20):
        factory().delete()
    with django_assert_max_num_queries(11):
        response = editor_client.get(admin_url(model, "deleted"))
    assert len(response.context["rows"]) == 22


# --- Bulk actions and imports -----------------------------------------------------------


def test_bulk_actions_write_a_version_per_record_naming_the_user(publisher_client, editor_client):
    delegations = [DelegationFactory(status=Delegation.Status.CONFIRMED) for _n in range(2)]
    selected = [str(d.pk) for d in delegations]

    publisher_client.post(
        changelist_url(Delegation), {"action": "make_public", ACTION_CHECKBOX_NAME: selected}
    )
    editor_client.post(
        changelist_url(Delegation), {"action": "mark_completed", ACTION_CHECKBOX_NAME: selected}
    )

    for delegation in delegations:
        assert versions(delegation) == [("+", None), ("~", "publisher"), ("~", "editor")]
        latest = delegation.history.latest()
        assert (latest.visibility, latest.status) == ("public", Delegation.Status.COMPLETED)


def test_a_bulk_deletion_writes_a_version_per_record_and_each_can_be_restored(
    publisher_client,
):
    delegations = [DelegationFactory(public=True) for _n in range(2)]
    selected = [str(d.pk) for d in delegations]

    response = publisher_client.post(
        changelist_url(Delegation),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: selected, "post": "yes"},
    )

    assert response.status_code == 302
    assert not Delegation.objects.exists()
    for delegation in delegations:
        assert versions(delegation)[-1] == ("-", "publisher")
    listing = publisher_client.get(admin_url(Delegation, "deleted"))
    assert len(listing.context["rows"]) == 2
    for deletion, _name in listing.context["rows"]:
        publisher_client.post(admin_url(Delegation, "restore", deletion.history_id))
    assert Delegation.objects.filter(visibility=Visibility.PUBLIC).count() == 2


def test_public_pages_make_no_history_query(anonymous_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    delegation = DelegationFactory(public=True)
    for url in [
        reverse("core:home"),
        reverse("delegations:delegation_list"),
        reverse("delegations:delegation_detail", args=[delegation.pk]),
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert anonymous_client.get(url).status_code == 200
        assert not [q for q in queries.captured_queries if "historical" in q["sql"].lower()]


def test_an_import_writes_versions_naming_the_importing_user_and_keeps_earlier_ones(editor):
    def rates(value):
        dataset = tablib.Dataset(headers=["ID", "Currency", "Valid from", "VND per unit", "Source"])
        dataset.append(["", "EUR", "02/01/2025", value, "SBV"])
        return dataset

    with translation.override("en"):
        report = run_import(ExchangeRateResource, rates("26500"), dry_run=False, user=editor)
        assert report.new == 1
        rate = ExchangeRate.objects.get()
        rate.source = "Vietcombank"
        rate.save()
        report = run_import(ExchangeRateResource, rates("26600"), dry_run=False, user=editor)
    assert report.updated == 1

    assert versions(rate) == [("+", "editor"), ("~", None), ("~", "editor")]
    assert str(rate.history.latest().rate_to_vnd).startswith("26600")


def test_the_import_command_names_the_user_it_acts_as(editor, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "units.csv"
    path.write_text("Name (Vietnamese),Kind\nSở Ngoại vụ,Department\n", encoding="utf-8")
    call_command(
        "import_records", "units", str(path), "--user", "editor", "--lang", "en", stdout=StringIO()
    )

    assert versions(LocalUnit.objects.get()) == [("+", "editor")]


def test_a_preview_writes_no_version(editor):
    dataset = tablib.Dataset(headers=["ID", "Currency", "Valid from", "VND per unit", "Source"])
    dataset.append(["", "EUR", "02/01/2025", "26500", "SBV"])
    with translation.override("en"):
        run_import(ExchangeRateResource, dataset, dry_run=True, user=editor)
    assert not ExchangeRate.history.exists()


def test_the_admin_import_confirmation_names_the_importing_user(editor_client):
    content = b"ID,Currency,Valid from,VND per unit,Source\n,EUR,02/01/2025,26500,SBV\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = editor_client.post(
        reverse("admin:aid_exchangerate_import"),
        {
            "import_file": SimpleUploadedFile("rates.csv", content),
            "format": "0",
            "resource": "0",
        },
    )
    confirm = response.context["confirm_form"]
    editor_client.post(
        reverse("admin:aid_exchangerate_process_import"),
        {name: confirm.initial.get(name, "") for name in confirm.fields},
    )

    assert versions(ExchangeRate.objects.get()) == [("+", "editor")]


def test_the_demo_data_is_loaded_without_history():
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", force=True, stdout=StringIO())

    assert Delegation.objects.exists()
    assert not Delegation.history.exists()
    assert not DelegationMember.history.exists()
