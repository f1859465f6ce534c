"""The delegations admin: entering, finding and correcting a delegation; each rule refused
with a message on the form; the bulk actions; query budgets."""

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.utils import timezone, translation

from core.admin import EstimatedCountPaginator
from core.models import Visibility
from delegations.models import Delegation, DelegationMember
from tests.admin_helpers import add_url, change_url, changelist_url, constraint_message, form_errors
from tests.factories import (
    DelegationFactory,
    DelegationMemberFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

# Session, user, permissions, the count, the page of rows, the country, host-unit and
# date-hierarchy filters. Measured at 3 rows, plus a small margin.
CHANGELIST_BUDGET = 11
CHANGE_PAGE_BUDGET = 14


def delegation_form(members=(), **overrides):
    """Every field of the change form, valid, plus the member inline (``members`` are row
    dicts, with an ``id`` for a row that exists)."""
    data = {
        "direction": Delegation.Direction.INBOUND,
        "kind": Delegation.Kind.DIPLOMATIC,
        "status": Delegation.Status.COMPLETED,
        "title": "Tổng Lãnh sự Đức thăm và làm việc tại Cần Thơ",
        "title_en": "German Consul General visits Can Tho",
        "head_name": "",
        "head_title": "Tổng Lãnh sự Đức tại TP. Hồ Chí Minh",
        "head_rank": Delegation.Rank.AMBASSADOR,
        "member_count": "4",
        "countries": ["DE"],
        "media_outlets": "",
        "start_date": "12/03/2025",
        "end_date": "",
        "host_unit": "",
        "city_leader": "Trần Việt Trường, Chủ tịch UBND thành phố",
        "purpose": "",
        "purpose_en": "",
        "outcome": "",
        "outcome_en": "",
        "notes": "",
    }
    data.update(overrides)
    members = sorted(members, key=lambda row: "id" not in row)
    data.update(
        {
            "members-TOTAL_FORMS": str(len(members)),
            "members-INITIAL_FORMS": str(sum(1 for row in members if "id" in row)),
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
        }
    )
    for index, row in enumerate(members):
        for key, value in row.items():
            data[f"members-{index}-{key}"] = value
    return {key: value for key, value in data.items() if value is not None}


def test_editor_enters_a_delegation_with_members_and_is_recorded_as_its_author(
    editor_client, editor
):
    consulate = ForeignPartnerFactory(name="Generalkonsulat Ho-Chi-Minh-Stadt", country="DE")
    response = editor_client.post(
        add_url(Delegation),
        delegation_form(
            partners=[consulate.pk],
            members=[{"name": "Anna Weber", "title": "Consul", "organisation": ""}],
        ),
    )

    assert response.status_code == 302, form_errors(response)
    delegation = Delegation.objects.get()
    assert delegation.start_date == datetime.date(2025, 3, 12)
    assert delegation.end_date == delegation.start_date
    assert [c.code for c in delegation.countries] == ["DE"]
    assert list(delegation.partners.all()) == [consulate]
    assert list(delegation.members.values_list("name", flat=True)) == ["Anna Weber"]
    assert delegation.created_by == editor
    assert delegation.visibility == Visibility.INTERNAL


def test_countries_left_empty_are_taken_from_the_partners(editor_client):
    okayama = ForeignPartnerFactory(name="Okayama", country="JP")
    riverside = ForeignPartnerFactory(name="Riverside", country="US")

    response = editor_client.post(
        add_url(Delegation), delegation_form(countries=[], partners=[okayama.pk, riverside.pk])
    )

    assert response.status_code == 302, form_errors(response)
    assert [c.code for c in Delegation.objects.get().countries] == ["JP", "US"]


def test_no_country_and_no_partner_is_refused_with_a_form_error(editor_client):
    with translation.override("en"):
        response = editor_client.post(add_url(Delegation), delegation_form(countries=[]))
        errors = form_errors(response)

    assert response.status_code == 200
    assert errors == ["Choose at least one country, or a partner organisation with a country."]
    assert not Delegation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"start_date": "12/03/2025", "end_date": "11/03/2025"}, "delegations_end_after_start"),
        ({"media_outlets": "NHK"}, "delegations_media_outlets_only_for_press"),
        ({"head_title": ""}, "delegations_head_named"),
        ({"member_count": "0"}, "delegations_member_count_positive"),
    ],
)
def test_a_rule_broken_on_the_form_is_refused_with_its_message_and_nothing_is_saved(
    editor_client, overrides, constraint
):
    response = editor_client.post(
        add_url(Delegation),
        delegation_form(members=[{"name": "Anna Weber"}], **overrides),
    )

    assert response.status_code == 200
    assert constraint_message(Delegation, constraint) in form_errors(response)
    assert not Delegation.objects.exists()
    assert not DelegationMember.objects.exists()


def test_a_member_row_without_a_name_is_a_form_error_in_the_inline(editor_client):
    delegation = DelegationFactory()
    response = editor_client.post(
        change_url(delegation), delegation_form(members=[{"name": "", "title": "Consul"}])
    )

    assert response.status_code == 200
    inline, _attachments = response.context["inline_admin_formsets"]
    assert inline.formset.errors[0]["name"]


def test_a_press_delegation_records_its_media_outlets(editor_client):
    response = editor_client.post(
        add_url(Delegation),
        delegation_form(kind=Delegation.Kind.PRESS, media_outlets="NHK\nYonhap"),
    )

    assert response.status_code == 302, form_errors(response)
    assert Delegation.objects.get().media_outlet_list == ["NHK", "Yonhap"]


def test_editor_corrects_a_delegation_and_the_change_is_in_its_history(editor_client):
    delegation = DelegationFactory(member_count=5)

    response = editor_client.post(
        change_url(delegation),
        delegation_form(
            title=delegation.title, countries=["JP"], start_date="10/05/2023", member_count="7"
        ),
    )

    assert response.status_code == 302, form_errors(response)
    delegation.refresh_from_db()
    assert delegation.member_count == 7
    assert LogEntry.objects.filter(object_id=str(delegation.pk)).exists()


def test_editor_finds_a_delegation_by_its_head_without_accents(editor_client):
    wanted = DelegationFactory(head_name="Nguyễn Thị Ngọc Diệp")
    DelegationFactory(head_name="Someone Else")

    response = editor_client.get(changelist_url(Delegation), {"q": "ngoc diep"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_editor_finds_a_delegation_by_a_partner_name_once(editor_client):
    okayama = ForeignPartnerFactory(name="Okayama", name_vi="Thành phố Okayama")
    wanted = DelegationFactory(partners=[okayama, ForeignPartnerFactory(name="Okayama Uni")])
    DelegationFactory()

    response = editor_client.get(changelist_url(Delegation), {"q": "okayama"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_changelist_filters_by_country_host_unit_and_year(editor_client):
    host = LocalUnitFactory()
    wanted = DelegationFactory(
        countries=["KR", "JP"], host_unit=host, start_date=datetime.date(2022, 4, 1)
    )
    DelegationFactory(countries=["JP"], host_unit=host, start_date=datetime.date(2022, 4, 1))
    DelegationFactory(countries=["KR"], start_date=datetime.date(2022, 4, 1))
    DelegationFactory(countries=["KR"], host_unit=host, start_date=datetime.date(2023, 4, 1))

    response = editor_client.get(
        changelist_url(Delegation),
        {"countries__contains": "KR", "host_unit__id__exact": host.pk, "start_date__year": 2022},
    )

    assert list(response.context["cl"].result_list) == [wanted]


def test_changelist_shows_direction_kind_head_flags_dates_and_status(editor_client):
    DelegationFactory(
        head_name="Kim Min-jun",
        head_title="Vice Governor",
        countries=["KR"],
        start_date=datetime.date(2024, 9, 2),
        end_date=datetime.date(2024, 9, 4),
    )

    with translation.override("en"):
        html = editor_client.get(changelist_url(Delegation)).content.decode()

    assert "Kim Min-jun, Vice Governor" in html
    assert "flags/kr.gif" in html
    assert "Inbound" in html
    assert "Business" in html
    assert "Completed" in html


def test_mark_completed_completes_delegations_that_have_ended_and_leaves_future_ones(
    editor_client, editor
):
    today = timezone.localdate()
    ended = DelegationFactory(status=Delegation.Status.CONFIRMED, start_date=today)
    future = DelegationFactory(
        status=Delegation.Status.CONFIRMED, start_date=today + datetime.timedelta(days=3)
    )
    cancelled = DelegationFactory(
        status=Delegation.Status.CANCELLED, start_date=today - datetime.timedelta(days=3)
    )

    with translation.override("en"):
        response = editor_client.post(
            changelist_url(Delegation),
            {
                "action": "mark_completed",
                ACTION_CHECKBOX_NAME: [ended.pk, future.pk, cancelled.pk],
            },
            follow=True,
        )

    statuses = dict(Delegation.objects.values_list("pk", "status"))
    assert statuses == {
        ended.pk: Delegation.Status.COMPLETED,
        future.pk: Delegation.Status.CONFIRMED,
        cancelled.pk: Delegation.Status.CANCELLED,
    }
    messages = [str(m) for m in response.context["messages"]]
    assert "1 delegation is now completed." in messages
    assert "1 delegation has not ended yet and was left as it was." in messages
    ended.refresh_from_db()
    assert ended.updated_by == editor


def test_viewer_is_not_offered_mark_completed(viewer_client):
    DelegationFactory()

    response = viewer_client.get(changelist_url(Delegation))

    assert response.status_code == 200
    assert response.context["action_form"] is None


def test_only_publishers_are_offered_publishing(editor_client, publisher_client):
    DelegationFactory()

    def actions(client):
        response = client.get(changelist_url(Delegation))
        return {name for name, _ in response.context["action_form"].fields["action"].choices}

    assert "make_public" not in actions(editor_client)
    assert "mark_completed" in actions(editor_client)
    assert {"make_public", "mark_completed"} <= actions(publisher_client)


def test_publisher_publishes_delegations_in_bulk(publisher_client):
    delegations = DelegationFactory.create_batch(2)

    publisher_client.post(
        changelist_url(Delegation),
        {"action": "make_public", ACTION_CHECKBOX_NAME: [d.pk for d in delegations]},
    )

    assert set(Delegation.objects.values_list("visibility", flat=True)) == {Visibility.PUBLIC}


def test_editor_cannot_publish_by_posting_visibility(editor_client):
    response = editor_client.post(add_url(Delegation), delegation_form(visibility="public"))

    assert response.status_code == 302
    assert Delegation.objects.get().visibility == Visibility.INTERNAL


@pytest.mark.parametrize("rows", [3, 30])
def test_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        DelegationFactory(
            host_unit=LocalUnitFactory(),
            countries=["JP", "KR"],
            partners=[ForeignPartnerFactory()],
            sectors=[SectorFactory()],
        )

    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response = editor_client.get(changelist_url(Delegation))

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("members", [1, 20])
def test_change_page_query_count_does_not_grow_with_members(
    editor_client, django_assert_max_num_queries, members
):
    delegation = DelegationFactory(partners=ForeignPartnerFactory.create_batch(3))
    DelegationMemberFactory.create_batch(members, delegation=delegation)

    with django_assert_max_num_queries(CHANGE_PAGE_BUDGET):
        response = editor_client.get(change_url(delegation))

    assert response.status_code == 200


def test_unfiltered_changelist_of_a_large_table_uses_the_estimate_not_a_count(
    editor_client, monkeypatch, django_assert_max_num_queries
):
    DelegationFactory.create_batch(3)
    monkeypatch.setattr(EstimatedCountPaginator, "estimate", staticmethod(lambda model: 2_500_000))

    response = editor_client.get(changelist_url(Delegation))

    assert response.context["cl"].result_count == 2_500_000
    assert response.context["cl"].full_result_count is None


def test_a_filtered_changelist_counts_exactly_even_on_a_large_table(editor_client, monkeypatch):
    DelegationFactory.create_batch(2, kind=Delegation.Kind.PRESS)
    DelegationFactory(kind=Delegation.Kind.BUSINESS)
    monkeypatch.setattr(EstimatedCountPaginator, "estimate", staticmethod(lambda model: 2_500_000))

    response = editor_client.get(changelist_url(Delegation), {"kind__exact": "press"})

    assert response.context["cl"].result_count == 2


def test_a_small_table_is_counted_exactly(editor_client, monkeypatch):
    DelegationFactory.create_batch(3)
    monkeypatch.setattr(EstimatedCountPaginator, "estimate", staticmethod(lambda model: 40))

    response = editor_client.get(changelist_url(Delegation))

    assert response.context["cl"].result_count == 3


def test_the_estimate_comes_from_postgresql_statistics_and_sqlite_has_none():
    DelegationFactory.create_batch(5)
    if connection.vendor != "postgresql":
        assert EstimatedCountPaginator.estimate(Delegation) is None
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Delegation._meta.db_table}")
    assert EstimatedCountPaginator.estimate(Delegation) == 5


def test_countries_are_picked_with_the_filtering_two_list_widget(editor_client):
    response = editor_client.get(add_url(Delegation))

    widget = response.context["adminform"].form.fields["countries"].widget
    assert widget.__class__.__name__ == "FilteredSelectMultiple"
    assert "SelectFilter2.js" in str(response.context["adminform"].form.media)


def test_every_changelist_column_has_a_translated_heading(editor_client):
    DelegationFactory()

    response = editor_client.get(changelist_url(Delegation))

    headers = [str(header["text"]) for header in response.context["result_headers"]][1:]
    assert headers == [
        "tiêu đề (tiếng Việt)",
        "chiều",
        "loại",
        "trưởng đoàn",
        "quốc gia",
        "ngày bắt đầu",
        "ngày kết thúc",
        "tình trạng",
        "chế độ hiển thị",
    ]


def test_member_inputs_carry_their_column_label_for_screen_readers(editor_client):
    delegation = DelegationFactory()
    DelegationMemberFactory(delegation=delegation)

    with translation.override("en"):
        page = editor_client.get(change_url(delegation)).content.decode()

    # The table header labels the columns once; each input names its column itself.
    assert re.search(r'<input[^>]*aria-label="Name"[^>]*id="id_members-0-name"', page)
    assert re.search(r'<input[^>]*aria-label="Delete"[^>]*id="id_members-0-DELETE"', page)
