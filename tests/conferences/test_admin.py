"""The conferences admin: entering a conference with its sessions and recommendations; each
participant and permit rule refused with a message on the form; the filters and the totals
line that answer "how many did we permit in 2024, how many were held, with how many foreign
participants?"; "mark as held"; roles; query budgets."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import Agreement
from conferences.admin import ConferenceAdmin
from conferences.models import Conference, ConferenceSession, Recommendation
from core.models import Visibility
from tests.admin_helpers import add_url, change_url, changelist_url, constraint_message, form_errors
from tests.factories import (
    AgreementFactory,
    ConferenceFactory,
    ConferenceSessionFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    RecommendationFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

# Session, user, permissions (2), the count, the page of rows (units and partners joined),
# the sector and organising-unit filters' choices, the date hierarchy (2), the totals line.
# Measured 11 at 3 rows and at 30 (10 filtered and searched); plus a margin of one. On
# PostgreSQL a search adds one query per word, its matching keys (then cached:
# core.admin.indexed_search).
CHANGELIST_BUDGET = 12 + (connection.vendor == "postgresql")
# Session, user, permissions (2), the conference, the content type, the initial values of
# the three many-to-many fields, then the selected value of each of the six autocomplete
# widgets, the sessions, the recommendations, the agreements signed at it, view-on-site.
# Measured 19 at 1 session (recommendation, agreement) and at 20; plus a margin of one.
CHANGE_PAGE_BUDGET = 20

Status = Conference.PermitStatus


def conference_form(sessions=(), recommendations=(), **overrides):
    """Every field of the change form, valid (a seminar hosted in the city on 12–13 June
    2025, its permit approved), plus the two inlines (row dicts, with an ``id`` for a row
    that exists)."""
    data = {
        "name": "Hội thảo quốc tế về chuyển đổi số trong quản lý đô thị",
        "name_en": "International seminar on digital transformation in urban management",
        "edition": "",
        "kind": Conference.Kind.SEMINAR,
        "role": Conference.Role.HOSTED,
        "format": Conference.Format.HYBRID,
        "organiser_unit": "",
        "organiser_partner": "",
        "organiser_name": "Trường Đại học Cần Thơ",
        "start_date": "12/06/2025",
        "end_date": "13/06/2025",
        "venue": "Hội trường Rùa",
        "city": "Cần Thơ",
        "country": "VN",
        "participants_total": "150",
        "participants_foreign": "40",
        "countries_count": "9",
        "localities_count": "",
        "permit_status": Status.APPROVED,
        "permit_number": "1234/QĐ-UBND",
        "permit_date": "20/05/2025",
        "permit_authority": "UBND thành phố Cần Thơ",
        "permit_requested_by": "",
        "awards_organisations": "0",
        "awards_individuals": "0",
        "summary": "",
        "summary_en": "",
        "notes": "",
    }
    data.update(overrides)
    for prefix, rows in (("sessions", sessions), ("recommendations", recommendations)):
        rows = sorted(rows, key=lambda row: "id" not in row)
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": str(sum(1 for row in rows if "id" in row)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return {key: value for key, value in data.items() if value is not None}


def session_row(**overrides):
    return {
        "title": "Phiên toàn thể",
        "title_en": "Plenary",
        "kind": ConferenceSession.Kind.PLENARY,
        "date": "12/06/2025",
        **overrides,
    }


def recommendation_row(**overrides):
    return {
        "text": "Đề nghị Bộ Ngoại giao hỗ trợ kết nối với các địa phương Pháp",
        "text_en": "Ask the Ministry to connect the city with French localities",
        "addressed_to": "Bộ Ngoại giao",
        **overrides,
    }


def listed(client, **params):
    response = client.get(changelist_url(Conference), params)
    assert response.status_code == 200
    return response


def action_names(client):
    response = client.get(changelist_url(Conference))
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


# Entering a conference.


def test_editor_adds_a_hosted_conference_with_sessions_and_recommendations_as_its_author(
    editor_client, editor
):
    unit = LocalUnitFactory()
    partner = ForeignPartnerFactory(country="FR")
    requester = LocalUnitFactory()
    environment = SectorFactory(code="environment")

    response = editor_client.post(
        add_url(Conference),
        conference_form(
            edition="12",
            organiser_name="",
            organiser_unit=unit.pk,
            co_organiser_partners=[partner.pk],
            permit_requested_by=requester.pk,
            sectors=[environment.pk],
            sessions=[session_row(), session_row(title="Chuyên đề 1", kind="symposium")],
            recommendations=[recommendation_row()],
        ),
    )

    assert response.status_code == 302, form_errors(response)
    conference = Conference.objects.get()
    assert conference.edition == 12
    assert conference.start_date == datetime.date(2025, 6, 12)
    assert conference.end_date == datetime.date(2025, 6, 13)
    assert conference.permit_date == datetime.date(2025, 5, 20)
    assert conference.organiser_unit == unit
    assert list(conference.co_organiser_partners.all()) == [partner]
    assert conference.permit_requested_by == requester
    assert list(conference.sectors.all()) == [environment]
    assert conference.created_by == editor
    assert conference.visibility == Visibility.INTERNAL
    assert sorted(conference.sessions.values_list("title", flat=True)) == [
        "Chuyên đề 1",
        "Phiên toàn thể",
    ]
    assert conference.recommendations.get().addressed_to == "Bộ Ngoại giao"


def test_an_attended_conference_needs_no_permit_and_a_one_day_event_no_end_date(editor_client):
    response = editor_client.post(
        add_url(Conference),
        conference_form(
            name="Hội nghị Ngoại giao lần thứ 31",
            edition="31",
            role=Conference.Role.ATTENDED,
            organiser_name="Bộ Ngoại giao",
            city="Hà Nội",
            start_date="19/12/2024",
            end_date="",
            permit_status="",
            permit_number="",
            permit_date="",
            permit_authority="",
        ),
    )

    assert response.status_code == 302, form_errors(response)
    conference = Conference.objects.get()
    assert conference.role == Conference.Role.ATTENDED
    assert conference.end_date == conference.start_date == datetime.date(2024, 12, 19)


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        (
            {"participants_total": "30", "participants_foreign": "31"},
            "conferences_foreign_within_total",
        ),
        ({"end_date": "11/06/2025"}, "conferences_end_after_start"),
        ({"organiser_name": ""}, "conferences_organiser_given"),
        ({"role": Conference.Role.ATTENDED}, "conferences_permit_only_when_hosted"),
        (
            {
                "role": Conference.Role.ATTENDED,
                "permit_status": "",
                "permit_date": "",
                "permit_authority": "",
            },
            "conferences_permit_only_when_hosted",
        ),
        (
            {"permit_status": "", "permit_number": "", "permit_date": "", "permit_authority": ""},
            "conferences_permit_only_when_hosted",
        ),
        ({"permit_number": ""}, "conferences_permit_decision_recorded"),
        ({"permit_date": ""}, "conferences_permit_decision_recorded"),
        (
            {"permit_status": Status.HELD, "permit_number": ""},
            "conferences_permit_decision_recorded",
        ),
        ({"permit_date": "14/06/2025"}, "conferences_permit_before_end"),
        (
            {"permit_status": Status.REQUESTED, "permit_date": ""},
            "conferences_permit_number_with_date",
        ),
        ({"edition": "0"}, "conferences_edition_positive"),
    ],
)
def test_a_rule_broken_on_the_form_is_refused_with_its_message_and_nothing_is_saved(
    editor_client, overrides, constraint
):
    response = editor_client.post(
        add_url(Conference),
        conference_form(
            sessions=[session_row()], recommendations=[recommendation_row()], **overrides
        ),
    )

    assert response.status_code == 200
    # A lone number or date also breaks "number and date together": that message may join.
    together = constraint_message(Conference, "conferences_permit_number_with_date")
    expected = constraint_message(Conference, constraint)
    errors = [error for error in form_errors(response) if error != together or error == expected]
    assert errors == [expected]
    assert not Conference.objects.exists()
    assert not ConferenceSession.objects.exists()
    assert not Recommendation.objects.exists()


def test_the_permit_may_be_dated_on_the_last_day(editor_client):
    response = editor_client.post(add_url(Conference), conference_form(permit_date="13/06/2025"))

    assert response.status_code == 302, form_errors(response)


def test_a_session_without_a_title_is_a_form_error_in_its_inline(editor_client):
    conference = ConferenceFactory()

    response = editor_client.post(
        change_url(conference),
        conference_form(sessions=[session_row(title="")]),
    )

    assert response.status_code == 200
    sessions, _recommendations, _attachments = response.context["inline_admin_formsets"]
    assert sessions.formset.errors[0]["title"]
    assert not ConferenceSession.objects.exists()


def test_editor_corrects_a_conference_and_keeps_its_sessions(editor_client, editor):
    conference = ConferenceFactory(
        start_date=datetime.date(2025, 6, 12), permit_date=datetime.date(2025, 5, 20)
    )
    kept = ConferenceSessionFactory(conference=conference, title="Phiên toàn thể")

    response = editor_client.post(
        change_url(conference),
        conference_form(
            participants_total="1000",
            participants_foreign="120",
            sessions=[
                {"id": kept.pk, "conference": conference.pk, **session_row(title=kept.title)},
                session_row(title="Phiên bên lề", kind="side_event"),
            ],
        ),
    )

    assert response.status_code == 302, form_errors(response)
    conference.refresh_from_db()
    assert (conference.participants_total, conference.participants_foreign) == (1000, 120)
    assert conference.updated_by == editor
    assert set(conference.sessions.values_list("title", flat=True)) == {
        "Phiên toàn thể",
        "Phiên bên lề",
    }
    assert LogEntry.objects.filter(object_id=str(conference.pk)).exists()


def test_editor_cannot_publish_by_posting_visibility(editor_client):
    response = editor_client.post(add_url(Conference), conference_form(visibility="public"))

    assert response.status_code == 302
    assert Conference.objects.get().visibility == Visibility.INTERNAL


# The agreements signed at a conference.


def test_change_page_links_the_agreements_signed_at_the_conference(editor_client):
    conference = ConferenceFactory()
    signed = AgreementFactory(conference=conference, title="Thỏa thuận hợp tác phi tập trung")
    AgreementFactory(title="Thỏa thuận khác")

    html = editor_client.get(change_url(conference)).content.decode()

    assert f'href="{change_url(signed)}"' in html
    assert "Thỏa thuận hợp tác phi tập trung" in html
    assert "Thỏa thuận khác" not in html
    assert f'href="{add_url(Agreement)}?conference={conference.pk}"' in html


def test_the_record_an_agreement_link_fills_in_the_conference(editor_client):
    conference = ConferenceFactory()

    response = editor_client.get(add_url(Agreement), {"conference": conference.pk})

    assert response.context["adminform"].form.initial["conference"] == str(conference.pk)


def test_an_agreement_records_the_conference_it_was_signed_at_by_autocomplete(editor_client):
    conference = ConferenceFactory(name="Hội nghị hợp tác phi tập trung Việt – Pháp")

    response = editor_client.get(add_url(Agreement))
    found = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "agreements",
            "model_name": "agreement",
            "field_name": "conference",
            "term": "phi tap trung",
        },
    )

    widget = response.context["adminform"].form.fields["conference"].widget
    assert widget.__class__.__name__ == "RelatedFieldWidgetWrapper"
    assert widget.widget.__class__.__name__ == "AutocompleteSelect"
    assert [row["id"] for row in found.json()["results"]] == [str(conference.pk)]


# Finding conferences, and the leader's question.


def test_editor_finds_a_conference_by_its_name_without_accents(editor_client):
    wanted = ConferenceFactory(name="Hội nghị Ngoại giao lần thứ 31", name_en="")
    ConferenceFactory(name="Hội thảo khác", name_en="")

    response = listed(editor_client, q="hoi nghi ngoai giao")

    assert list(response.context["cl"].result_list) == [wanted]


def test_editor_finds_a_conference_by_its_organising_unit_or_permit_number(editor_client):
    unit = LocalUnitFactory(name="Sở Khoa học và Công nghệ")
    by_unit = ConferenceFactory(organiser_unit=unit)
    by_number = ConferenceFactory(permit_number="2207/QĐ-UBND")
    ConferenceFactory()

    assert list(listed(editor_client, q="so khoa hoc").context["cl"].result_list) == [by_unit]
    assert list(listed(editor_client, q="2207/").context["cl"].result_list) == [by_number]


def _the_2024_question_data():
    """Hosted and attended conferences around 2024, in every permit status."""
    on = datetime.date
    held_small = ConferenceFactory(
        start_date=on(2024, 3, 5),
        permit_status=Status.HELD,
        permit_date=on(2024, 2, 1),
        participants_total=100,
        participants_foreign=10,
    )
    held_large = ConferenceFactory(
        start_date=on(2024, 10, 8),
        permit_status=Status.HELD,
        permit_date=on(2024, 9, 1),
        participants_total=1000,
        participants_foreign=120,
    )
    # Approved, then cancelled: permitted, never held; only the planned total is known.
    cancelled = ConferenceFactory(
        start_date=on(2024, 11, 20),
        permit_status=Status.CANCELLED,
        permit_date=on(2024, 10, 1),
        participants_total=60,
    )
    # Not permitted in 2024.
    ConferenceFactory(
        start_date=on(2024, 6, 1),
        permit_status=Status.REQUESTED,
        permit_number="",
        permit_date=None,
        participants_total=50,
        participants_foreign=5,
    )
    ConferenceFactory(
        start_date=on(2024, 7, 1),
        permit_status=Status.REJECTED,
        permit_date=on(2024, 6, 1),
        participants_total=40,
        participants_foreign=4,
    )
    ConferenceFactory(
        attended=True, start_date=on(2024, 12, 19), participants_total=300, participants_foreign=0
    )
    # Permitted, other years.
    ConferenceFactory(
        start_date=on(2023, 12, 30),
        permit_status=Status.HELD,
        permit_date=on(2023, 11, 1),
        participants_total=500,
        participants_foreign=50,
    )
    ConferenceFactory(
        start_date=on(2025, 1, 2),
        permit_date=on(2024, 12, 1),
        participants_total=80,
        participants_foreign=8,
    )
    return {held_small, held_large, cancelled}


def test_the_permitted_filter_and_the_year_give_the_conferences_permitted_that_year(
    editor_client,
):
    expected = _the_2024_question_data()

    response = listed(editor_client, permit="permitted", start_date__year="2024")

    assert set(response.context["cl"].result_list) == expected
    # A second computation, one record at a time.
    recount = [c for c in Conference.objects.all() if c.is_permitted and c.start_date.year == 2024]
    assert set(recount) == expected


def test_the_totals_line_counts_and_sums_the_filtered_rows_only(editor_client):
    _the_2024_question_data()

    with translation.override("en"):
        response = listed(editor_client, permit="permitted", start_date__year="2024")
        html = response.content.decode()

    rows = [c for c in Conference.objects.all() if c.is_permitted and c.start_date.year == 2024]
    held = [c for c in rows if c.permit_status == Status.HELD]
    assert response.context["totals"] == {
        "count": len(rows),
        "held": len(held),
        "participants": sum(c.participants_total or 0 for c in rows),
        "foreign": sum(c.participants_foreign or 0 for c in rows),
        "held_participants": sum(c.participants_total or 0 for c in held),
        "held_foreign": sum(c.participants_foreign or 0 for c in held),
        "unrecorded": sum(
            1 for c in rows if c.participants_total is None or c.participants_foreign is None
        ),
    }
    assert response.context["totals"] == {
        "count": 3,
        "held": 2,
        "participants": 1160,
        "foreign": 130,
        "held_participants": 1100,
        "held_foreign": 130,
        "unrecorded": 1,
    }
    assert "3 conferences in this list, 2 of them held." in html
    assert "Participants: 1,160, of whom 130 foreign." in html
    assert "Of the held ones: 1,100 participants, 130 foreign." in html
    assert (
        "Participant figures (total or foreign) are missing for 1 conference: the sums leave "
        "out what is missing." in html
    )


def test_the_totals_cover_every_page_of_the_list_not_only_the_first(editor_client, monkeypatch):
    monkeypatch.setattr(ConferenceAdmin, "list_per_page", 2)
    for foreign in (1, 2, 3, 4, 5):
        ConferenceFactory(participants_total=10, participants_foreign=foreign)

    response = listed(editor_client)

    assert len(response.context["cl"].result_list) == 2
    assert response.context["totals"]["count"] == 5
    assert response.context["totals"]["foreign"] == 15


def test_the_totals_of_an_empty_list_are_zero(editor_client):
    ConferenceFactory(start_date=datetime.date(2023, 6, 14))

    with translation.override("en"):
        html = listed(editor_client, start_date__year="2022").content.decode()

    assert "0 conferences in this list, 0 of them held." in html
    assert "Participants: 0, of whom 0 foreign." in html


def test_changelist_filters_by_role_kind_format_permit_status_sector_and_unit(editor_client):
    unit = LocalUnitFactory()
    sector = SectorFactory()
    wanted = ConferenceFactory(
        organiser_unit=unit,
        kind=Conference.Kind.FORUM,
        format=Conference.Format.ONLINE,
        permit_status=Status.HELD,
        sectors=[sector],
    )
    ConferenceFactory(organiser_unit=unit, kind=Conference.Kind.FORUM, sectors=[sector])
    ConferenceFactory(kind=Conference.Kind.FORUM, format="online", permit_status=Status.HELD)
    ConferenceFactory(attended=True, organiser_unit=unit, kind=Conference.Kind.FORUM)

    response = listed(
        editor_client,
        role__exact="hosted",
        kind__exact="forum",
        format__exact="online",
        permit_status__exact="held",
        sectors__id__exact=sector.pk,
        organiser_unit__id__exact=unit.pk,
    )

    assert list(response.context["cl"].result_list) == [wanted]


def test_changelist_shows_name_and_edition_role_participants_and_the_permit_decision(
    editor_client,
):
    ConferenceFactory(
        name="Hội nghị Ngoại vụ toàn quốc",
        name_en="National Foreign Affairs Conference",
        edition=20,
        attended=True,
        organiser_unit=None,
        organiser_name="Bộ Ngoại giao",
        participants_total=1200,
        participants_foreign=None,
    )
    ConferenceFactory(permit_number="15/QĐ-UBND", participants_total=None)

    with translation.override("en"):
        html = listed(editor_client).content.decode()

    assert "National Foreign Affairs Conference · no. 20" in html
    assert "Bộ Ngoại giao" in html
    assert "Attended" in html
    assert "1,200 (—)" in html
    assert "Permit approved" in html
    assert "Decision 15/QĐ-UBND" in html


def test_sorting_by_participants_puts_unknown_figures_first(editor_client):
    large = ConferenceFactory(participants_total=900)
    unknown = ConferenceFactory(participants_total=None)
    small = ConferenceFactory(participants_total=20)
    column = ConferenceAdmin.list_display.index("participants_column") + 1

    ascending = listed(editor_client, o=str(column)).context["cl"].result_list
    descending = listed(editor_client, o=f"-{column}").context["cl"].result_list

    assert list(ascending) == [unknown, small, large]
    assert list(descending) == [large, small, unknown]


def test_every_changelist_column_has_a_heading(editor_client):
    ConferenceFactory()

    with translation.override("en"):
        response = listed(editor_client)
        headers = [str(header["text"]) for header in response.context["result_headers"]][1:]

    assert headers == [
        "name",
        "kind",
        "role",
        "format",
        "start date",
        "end date",
        "city",
        "participants (foreign)",
        "permit",
        "visibility",
    ]


# Mark as held.


def test_mark_held_holds_approved_conferences_that_have_ended_and_leaves_the_others(
    editor_client, editor
):
    ended = ConferenceFactory(start_date=days_from_today(-3), permit_date=days_from_today(-30))
    future = ConferenceFactory(start_date=days_from_today(5), permit_date=days_from_today(-30))
    requested = ConferenceFactory(
        start_date=days_from_today(-3),
        permit_status=Status.REQUESTED,
        permit_number="",
        permit_date=None,
    )
    attended = ConferenceFactory(attended=True, start_date=days_from_today(-3))
    already = ConferenceFactory(
        start_date=days_from_today(-10),
        permit_status=Status.HELD,
        permit_date=days_from_today(-30),
    )

    with translation.override("en"):
        response = editor_client.post(
            changelist_url(Conference),
            {
                "action": "mark_held",
                ACTION_CHECKBOX_NAME: [c.pk for c in (ended, future, requested, attended, already)],
            },
            follow=True,
        )
        messages = [str(m) for m in response.context["messages"]]

    statuses = dict(Conference.objects.values_list("pk", "permit_status"))
    assert statuses == {
        ended.pk: Status.HELD,
        future.pk: Status.APPROVED,
        requested.pk: Status.REQUESTED,
        attended.pk: "",
        already.pk: Status.HELD,
    }
    assert messages == [
        "1 conference is now marked as held.",
        "1 conference has not ended yet and was left as it was.",
        "2 conferences were left as they were: only a conference hosted in the city with an "
        "approved permit can be marked as held.",
    ]
    ended.refresh_from_db()
    assert ended.updated_by == editor
    assert LogEntry.objects.filter(object_id=str(ended.pk)).exists()
    assert not LogEntry.objects.filter(object_id=str(future.pk)).exists()


# Roles.


def test_only_publishers_are_offered_publishing(editor_client, publisher_client):
    ConferenceFactory()

    assert "make_public" not in action_names(editor_client)
    assert "mark_held" in action_names(editor_client)
    assert {"make_public", "make_internal", "mark_held"} <= action_names(publisher_client)


def test_publisher_publishes_conferences_in_bulk(publisher_client):
    conferences = ConferenceFactory.create_batch(2)

    publisher_client.post(
        changelist_url(Conference),
        {"action": "make_public", ACTION_CHECKBOX_NAME: [c.pk for c in conferences]},
    )

    assert set(Conference.objects.values_list("visibility", flat=True)) == {Visibility.PUBLIC}


def test_viewer_reads_the_list_and_the_change_page_but_cannot_change(viewer_client):
    conference = ConferenceFactory(participants_total=10)
    ConferenceSessionFactory(conference=conference)

    listing = viewer_client.get(changelist_url(Conference))
    page = viewer_client.get(change_url(conference))
    post = viewer_client.post(change_url(conference), conference_form(participants_total="99"))

    assert listing.status_code == 200
    assert listing.context["action_form"] is None
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert post.status_code == 403
    assert viewer_client.get(add_url(Conference)).status_code == 403
    conference.refresh_from_db()
    assert conference.participants_total == 10


def test_view_on_site_is_offered_for_public_conferences_only(editor_client):
    public = ConferenceFactory(public=True)
    cancelled = ConferenceFactory(public=True, permit_status=Status.CANCELLED)
    internal = ConferenceFactory()

    public_page = editor_client.get(change_url(public))

    assert public_page.context["has_absolute_url"]
    assert f'href="{public.get_absolute_url()}"' in public_page.content.decode()
    assert not editor_client.get(change_url(cancelled)).context["has_absolute_url"]
    assert not editor_client.get(change_url(internal)).context["has_absolute_url"]


# Query budgets.


@pytest.mark.parametrize("rows", [3, 30])
def test_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    for index in range(rows):
        ConferenceFactory(
            organiser_unit=LocalUnitFactory() if index % 2 else None,
            organiser_partner=None if index % 2 else ForeignPartnerFactory(),
            edition=index + 1,
            participants_total=100,
            participants_foreign=10,
            sectors=[SectorFactory()],
        )

    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response = editor_client.get(changelist_url(Conference))

    assert response.context["cl"].result_count == rows
    assert response.context["totals"]["foreign"] == 10 * rows


@pytest.mark.parametrize("rows", [3, 30])
def test_filtered_and_searched_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    ConferenceFactory.create_batch(rows, start_date=datetime.date(2024, 5, 1))

    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response = editor_client.get(
            changelist_url(Conference),
            {"permit": "permitted", "start_date__year": "2024", "q": "hoi thao"},
        )

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("sessions", [1, 20])
def test_change_page_query_count_does_not_grow_with_sessions(
    editor_client, django_assert_max_num_queries, sessions
):
    conference = ConferenceFactory(
        organiser_partner=ForeignPartnerFactory(),
        permit_requested_by=LocalUnitFactory(),
        sectors=SectorFactory.create_batch(3),
    )
    conference.co_organiser_units.set(LocalUnitFactory.create_batch(2))
    conference.co_organiser_partners.set(ForeignPartnerFactory.create_batch(2))
    ConferenceSessionFactory.create_batch(sessions, conference=conference)
    RecommendationFactory.create_batch(sessions, conference=conference)
    AgreementFactory.create_batch(sessions, conference=conference)

    with django_assert_max_num_queries(CHANGE_PAGE_BUDGET):
        response = editor_client.get(change_url(conference))

    assert response.status_code == 200
    assert len(response.context["inline_admin_formsets"][0].formset.forms) == sessions
