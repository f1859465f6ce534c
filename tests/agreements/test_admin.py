"""The agreements admin: entering an agreement with its implementation log; each rule and
each non-PDF upload refused with a message on the form; the filters that answer "what
expires soon, what has gone quiet"; the list columns; roles; query budgets."""

import datetime

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import formats, timezone, translation

from agreements.admin import PartyCountryFilter
from agreements.models import Agreement, AgreementActivity
from core.models import Visibility
from partners.models import Relationship
from tests.admin_helpers import add_url, change_url, changelist_url, constraint_message, form_errors
from tests.factories import (
    AgreementActivityFactory,
    AgreementFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    RelationshipFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

# Session, user, permissions (2), the sector and country filters' choices, the count, the
# page of rows, the prefetched parties, the date hierarchy (2). Measured 11 at 3 rows and at
# 30, filtered and searched or not; plus a margin of one. On PostgreSQL a search adds one
# query per word, its matching keys (then cached: core.admin.indexed_search).
CHANGELIST_BUDGET = 12 + (connection.vendor == "postgresql")
# Measured 14 at 1 and at 20 activities: the units' choices are built once for every row.
CHANGE_PAGE_BUDGET = 15
# Measured 8 at 3 and at 30 rows.
ACTIVITY_CHANGELIST_BUDGET = 9

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
NOT_A_PDF = "This file is not a PDF. Scan or save the signed document as PDF."


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def agreement_form(activities=(), **overrides):
    """Every field of the change form, valid (a signed, open-ended city-level MOU), plus
    the activity inline (``activities`` are row dicts, with an ``id`` for a row that
    exists)."""
    data = {
        "kind": Agreement.Kind.MOU,
        "reference_number": "15/2023/MOU-UBND",
        "title": "Biên bản ghi nhớ hợp tác giáo dục với thành phố Okayama",
        "title_en": "Memorandum of understanding on education with Okayama",
        "status": Agreement.Status.SIGNED,
        "signing_level": Agreement.Level.CITY,
        "signatory_unit": "",
        "signatory": "Trần Việt Trường, Chủ tịch UBND thành phố",
        "signed_on": "12/03/2023",
        "signed_at": "Okayama",
        "delegation": "",
        "entry_into_force": "",
        "expires_on": "",
        "renewal_term_months": "",
        "terminated_on": "",
        "parent": "",
        "summary": "",
        "summary_en": "",
        "notes": "",
    }
    data.update(overrides)
    activities = sorted(activities, key=lambda row: "id" not in row)
    data.update(
        {
            "activities-TOTAL_FORMS": str(len(activities)),
            "activities-INITIAL_FORMS": str(sum(1 for row in activities if "id" in row)),
            "activities-MIN_NUM_FORMS": "0",
            "activities-MAX_NUM_FORMS": "1000",
        }
    )
    for index, row in enumerate(activities):
        for key, value in row.items():
            data[f"activities-{index}-{key}"] = value
    return {key: value for key, value in data.items() if value is not None}


def activity_row(**overrides):
    return {
        "date": "01/09/2023",
        "description": "Tiếp nhận 20 sinh viên Okayama sang học tập",
        "description_en": "Twenty Okayama students arrive",
        "unit": "",
        "progress": "first intake",
        **overrides,
    }


def listed(client, **params):
    response = client.get(changelist_url(Agreement), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def action_names(client):
    response = client.get(changelist_url(Agreement))
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


# Entering an agreement.


def test_editor_adds_an_agreement_with_parties_sectors_and_an_activity_as_its_author(
    editor_client, editor
):
    okayama = ForeignPartnerFactory(name="Okayama", country="JP")
    university = ForeignPartnerFactory(name="Okayama University", country="JP")
    education = SectorFactory(code="education")
    unit = LocalUnitFactory()

    response = editor_client.post(
        add_url(Agreement),
        agreement_form(
            parties=[okayama.pk, university.pk],
            sectors=[education.pk],
            signatory_unit=unit.pk,
            expires_on="11/03/2028",
            activities=[activity_row(unit=unit.pk)],
        ),
    )

    assert response.status_code == 302, form_errors(response)
    agreement = Agreement.objects.get()
    assert agreement.signed_on == datetime.date(2023, 3, 12)
    assert agreement.expires_on == datetime.date(2028, 3, 11)
    assert set(agreement.parties.all()) == {okayama, university}
    assert list(agreement.sectors.all()) == [education]
    assert agreement.signatory_unit == unit
    assert agreement.created_by == editor
    assert agreement.visibility == Visibility.INTERNAL
    activity = AgreementActivity.objects.get()
    assert activity.agreement == agreement
    assert activity.date == datetime.date(2023, 9, 1)
    assert activity.unit == unit
    assert activity.created_by == editor


def test_editor_adds_an_activity_to_an_existing_agreement_and_keeps_the_others(
    editor_client, editor
):
    agreement = AgreementFactory(reference_number="7/2022/MOU")
    old = AgreementActivityFactory(agreement=agreement)

    response = editor_client.post(
        change_url(agreement),
        agreement_form(
            reference_number="7/2022/MOU",
            parties=[p.pk for p in agreement.parties.all()],
            signed_on="01/03/2022",
            activities=[
                {"id": old.pk, "agreement": agreement.pk, **activity_row(date="01/06/2023")},
                activity_row(date="2024-02-01"),
            ],
        ),
    )

    assert response.status_code == 302, form_errors(response)
    dates = list(agreement.activities.values_list("date", flat=True))
    assert dates == [datetime.date(2024, 2, 1), datetime.date(2023, 6, 1)]
    assert agreement.activities.get(date=datetime.date(2024, 2, 1)).created_by == editor


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"expires_on": "11/03/2023"}, "agreements_expiry_after_start"),
        (
            {"entry_into_force": "20/05/2024", "expires_on": "01/05/2024"},
            "agreements_expiry_after_start",
        ),
        ({"entry_into_force": "11/03/2023"}, "agreements_force_after_signing"),
        (
            {"auto_renew": "on", "expires_on": "11/03/2028", "renewal_term_months": ""},
            "agreements_renewal_complete",
        ),
        ({"auto_renew": "on", "renewal_term_months": "12"}, "agreements_renewal_complete"),
        ({"renewal_term_months": "12"}, "agreements_renewal_complete"),
        ({"status": Agreement.Status.TERMINATED}, "agreements_terminated_date"),
        ({"terminated_on": "01/01/2024"}, "agreements_terminated_date"),
        ({"status": Agreement.Status.NEGOTIATING}, "agreements_negotiating_not_signed"),
        ({"signed_on": ""}, "agreements_signed_date_required"),
        ({"status": Agreement.Status.EXPIRED}, "agreements_expired_has_date"),
        (
            {"status": Agreement.Status.TERMINATED, "terminated_on": "01/01/2023"},
            "agreements_terminated_after_signing",
        ),
    ],
)
def test_a_rule_broken_on_the_form_is_refused_with_its_message_and_nothing_is_saved(
    editor_client, overrides, constraint
):
    party = ForeignPartnerFactory()

    response = editor_client.post(
        add_url(Agreement),
        agreement_form(parties=[party.pk], activities=[activity_row()], **overrides),
    )

    assert response.status_code == 200
    assert constraint_message(Agreement, constraint) in form_errors(response)
    assert not Agreement.objects.exists()
    assert not AgreementActivity.objects.exists()


def test_a_reference_number_used_by_another_agreement_in_another_case_is_refused(
    editor_client,
):
    AgreementFactory(reference_number="15/2023/MOU-UBND")
    party = ForeignPartnerFactory()

    response = editor_client.post(
        add_url(Agreement),
        agreement_form(reference_number="15/2023/mou-ubnd", parties=[party.pk]),
    )

    assert response.status_code == 200
    assert constraint_message(Agreement, "agreements_reference_unique") in form_errors(response)
    assert Agreement.objects.count() == 1


def test_an_agreement_without_a_foreign_party_is_refused(editor_client):
    response = editor_client.post(add_url(Agreement), agreement_form())

    assert response.status_code == 200
    assert "parties" in response.context["adminform"].form.errors
    assert not Agreement.objects.exists()


def test_an_activity_without_a_description_is_a_form_error_in_the_inline(editor_client):
    agreement = AgreementFactory()

    response = editor_client.post(
        change_url(agreement),
        agreement_form(
            reference_number="",
            parties=[p.pk for p in agreement.parties.all()],
            activities=[activity_row(description="")],
        ),
    )

    assert response.status_code == 200
    inline, _attachments = response.context["inline_admin_formsets"]
    assert inline.formset.errors[0]["description"]
    assert not AgreementActivity.objects.exists()


# The signed document.


@pytest.mark.parametrize(
    ("name", "content"),
    [("scan.pdf", b"not a pdf"), ("scan.docx", b"PK\x03\x04 word document")],
)
def test_an_upload_that_is_not_a_pdf_is_refused_with_a_clear_message(
    editor_client, media_root, name, content
):
    party = ForeignPartnerFactory()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")

    with translation.override("en"):
        response = editor_client.post(
            add_url(Agreement), agreement_form(parties=[party.pk], document=upload)
        )
        errors = [str(e) for e in response.context["adminform"].form.errors.get("document", [])]

    assert response.status_code == 200
    assert NOT_A_PDF in errors
    assert not Agreement.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_a_pdf_is_saved_under_the_media_root(editor_client, media_root):
    party = ForeignPartnerFactory()
    upload = SimpleUploadedFile("Ban ky.pdf", PDF, content_type="application/pdf")

    response = editor_client.post(
        add_url(Agreement), agreement_form(parties=[party.pk], document=upload)
    )

    assert response.status_code == 302, form_errors(response)
    document = Agreement.objects.get().document
    assert document.name.startswith("agreements/2023/")
    assert (media_root / document.name).read_bytes() == PDF


def test_the_change_form_links_the_document_to_the_protected_address(editor_client):
    agreement = AgreementFactory()
    agreement.document = SimpleUploadedFile("scan.pdf", PDF)
    agreement.save()

    html = editor_client.get(change_url(agreement)).content.decode()

    protected = reverse("agreements:agreement_document", kwargs={"pk": agreement.pk})
    assert f'href="{protected}"' in html
    assert settings.MEDIA_URL + agreement.document.name not in html
    # The link works for the editor who follows it.
    download = editor_client.get(protected)
    assert b"".join(download.streaming_content) == PDF
    download.close()


def test_a_viewer_sees_the_document_linked_to_the_protected_address(viewer_client):
    agreement = AgreementFactory()
    agreement.document = SimpleUploadedFile("scan.pdf", PDF)
    agreement.save()

    html = viewer_client.get(change_url(agreement)).content.decode()

    protected = reverse("agreements:agreement_document", kwargs={"pk": agreement.pk})
    assert f'href="{protected}"' in html
    assert settings.MEDIA_URL + agreement.document.name not in html


def test_an_editor_keeps_the_document_when_saving_other_changes(editor_client):
    agreement = AgreementFactory(reference_number="")
    agreement.document = SimpleUploadedFile("scan.pdf", PDF)
    agreement.save()
    stored = agreement.document.name

    response = editor_client.post(
        change_url(agreement),
        agreement_form(
            reference_number="",
            parties=[p.pk for p in agreement.parties.all()],
            signatory="Nguyễn Văn A",
        ),
    )

    assert response.status_code == 302, form_errors(response)
    agreement.refresh_from_db()
    assert agreement.document.name == stored
    assert agreement.signatory == "Nguyễn Văn A"


# The leader's questions: "Needs attention".


def test_expiring_within_90_days_includes_the_90th_day_and_not_the_91st(editor_client):
    today = AgreementFactory(expires_on=days_from_today(0), title="today")
    day_90 = AgreementFactory(expires_on=days_from_today(90), title="day 90")
    AgreementFactory(expires_on=days_from_today(91), title="day 91")
    AgreementFactory(expires_on=days_from_today(-1), title="yesterday")
    AgreementFactory(title="open-ended")
    AgreementFactory(
        expires_on=days_from_today(30), auto_renew=True, renewal_term_months=12, title="renews"
    )
    AgreementFactory(
        expires_on=days_from_today(30),
        status=Agreement.Status.TERMINATED,
        terminated_on=days_from_today(-10),
        title="terminated",
    )

    assert set(listed(editor_client, attention="expiring")) == {today, day_90}


def test_no_activity_for_12_months_lists_agreements_quiet_for_more_than_a_year(editor_client):
    quiet = AgreementFactory(title="quiet")
    AgreementActivityFactory(agreement=quiet, date=days_from_today(-366))
    never = AgreementFactory(title="never any activity")
    recent = AgreementFactory(title="recent")
    AgreementActivityFactory(agreement=recent, date=days_from_today(-364))
    AgreementActivityFactory(agreement=recent, date=days_from_today(-800))
    AgreementFactory(signed_on=days_from_today(-100), title="signed lately")
    AgreementFactory(
        signed_on=datetime.date(2015, 1, 1),
        expires_on=datetime.date(2020, 1, 1),
        title="long expired",
    )

    assert set(listed(editor_client, attention="dormant")) == {quiet, never}


def test_needs_attention_expired_lists_agreements_past_their_expiry(editor_client):
    past = AgreementFactory(expires_on=days_from_today(-3))
    AgreementFactory(expires_on=days_from_today(3))

    assert listed(editor_client, attention="expired") == [past]


def test_effective_status_filter_lists_an_agreement_past_its_expiry_as_expired(editor_client):
    past = AgreementFactory(status=Agreement.Status.SIGNED, expires_on=days_from_today(-1))
    current = AgreementFactory(status=Agreement.Status.SIGNED, expires_on=days_from_today(1))
    not_yet = AgreementFactory(
        status=Agreement.Status.SIGNED,
        signed_on=days_from_today(-5),
        entry_into_force=days_from_today(5),
    )

    assert listed(editor_client, effective_status="expired") == [past]
    assert listed(editor_client, effective_status="in_force") == [current]
    assert listed(editor_client, effective_status="signed") == [not_yet]


def test_the_list_shows_an_agreement_past_its_expiry_as_expired(editor_client):
    AgreementFactory(status=Agreement.Status.SIGNED, expires_on=days_from_today(-3))

    with translation.override("en"):
        html = editor_client.get(changelist_url(Agreement)).content.decode()

    assert "Expired" in html
    assert "expired 3 days ago" in html


# The list.


def test_the_list_shows_days_to_expiry_renewal_and_the_last_activity(editor_client):
    soon = AgreementFactory(reference_number="1/2024/MOU", expires_on=days_from_today(45))
    AgreementActivityFactory(agreement=soon, date=datetime.date(2024, 5, 17))
    AgreementActivityFactory(agreement=soon, date=datetime.date(2023, 1, 2))
    AgreementFactory(expires_on=days_from_today(400))
    AgreementFactory(expires_on=days_from_today(1))
    renewing = AgreementFactory(
        signed_on=datetime.date(2022, 3, 1),
        expires_on=datetime.date(2023, 3, 1),
        auto_renew=True,
        renewal_term_months=12,
    )
    AgreementFactory(kind=Agreement.Kind.TWINNING, signing_level=Agreement.Level.UNIT)

    with translation.override("en"):
        response = editor_client.get(changelist_url(Agreement))
        html = response.content.decode()
        last_activity = formats.date_format(datetime.date(2024, 5, 17))

    assert "in 45 days" in html
    assert "in 400 days" in html
    assert "in 1 day<" in html
    assert f"renews {renewing.current_expiry().isoformat()}" in html
    assert "—" in html
    assert last_activity in html
    assert "1/2024/MOU" in html
    assert "Twinning agreement" in html
    assert "Department or unit" in html
    rows = {a.pk: a for a in response.context["cl"].result_list}
    assert rows[soon.pk].last_activity_on == datetime.date(2024, 5, 17)


def test_the_list_shows_the_flags_of_the_parties_countries(editor_client):
    AgreementFactory(
        parties=[ForeignPartnerFactory(country="JP"), ForeignPartnerFactory(country="KR")]
    )

    html = editor_client.get(changelist_url(Agreement)).content.decode()

    assert "flags/jp.gif" in html
    assert "flags/kr.gif" in html


@pytest.mark.parametrize("order", ["6", "-6", "8", "-8", "7"])
def test_the_list_sorts_by_status_expiry_and_last_activity(editor_client, order):
    quiet = AgreementFactory(expires_on=days_from_today(-3))
    busy = AgreementFactory(expires_on=days_from_today(30))
    AgreementActivityFactory(agreement=busy, date=days_from_today(-1))

    rows = listed(editor_client, o=order)

    assert set(rows) == {quiet, busy}
    if order == "8":
        assert rows == [quiet, busy]  # no activity sorts first, ascending
    if order == "-6":
        assert rows == [busy, quiet]  # in_force after expired, descending


def test_country_filter_lists_an_agreement_with_two_parties_there_once(editor_client):
    wanted = AgreementFactory(
        parties=[ForeignPartnerFactory(country="JP"), ForeignPartnerFactory(country="JP")]
    )
    AgreementFactory(parties=[ForeignPartnerFactory(country="KR")])
    ForeignPartnerFactory(country="FR")  # no agreement: not offered

    with translation.override("en"):
        response = editor_client.get(changelist_url(Agreement), {"country": "JP"})

    assert list(response.context["cl"].result_list) == [wanted]
    assert response.context["cl"].result_count == 1
    (country_filter,) = [
        spec for spec in response.context["cl"].filter_specs if isinstance(spec, PartyCountryFilter)
    ]
    # Japan, South Korea: in alphabetical order of the names in the admin's language.
    assert [code for code, _name in country_filter.lookup_choices] == ["JP", "KR"]


def test_changelist_filters_by_kind_level_sector_and_year(editor_client):
    health = SectorFactory(code="health")
    wanted = AgreementFactory(
        kind=Agreement.Kind.MOU,
        signing_level=Agreement.Level.UNIT,
        sectors=[health, SectorFactory()],
        signed_on=datetime.date(2023, 5, 1),
    )
    AgreementFactory(signing_level=Agreement.Level.CITY, sectors=[health])
    AgreementFactory(
        kind=Agreement.Kind.CONTRACT,
        signing_level=Agreement.Level.UNIT,
        sectors=[health],
        signed_on=datetime.date(2023, 5, 1),
    )
    AgreementFactory(
        signing_level=Agreement.Level.UNIT, sectors=[health], signed_on=datetime.date(2022, 5, 1)
    )

    rows = listed(
        editor_client,
        kind__exact="mou",
        signing_level__exact="unit",
        sectors__id__exact=health.pk,
        signed_on__year=2023,
    )

    assert rows == [wanted]


def test_editor_finds_an_agreement_without_accents(editor_client):
    wanted = AgreementFactory(title="Thỏa thuận hợp tác giáo dục")
    AgreementFactory(title="Biên bản ghi nhớ về y tế")

    assert listed(editor_client, q="thoa thuan hop tac") == [wanted]


def test_editor_finds_an_agreement_by_a_partys_vietnamese_name_once(editor_client):
    wanted = AgreementFactory(
        parties=[
            ForeignPartnerFactory(name="Kaposvár", name_vi="Thành phố Kaposvár"),
            ForeignPartnerFactory(name="Kaposvár University", name_vi="Đại học Kaposvár"),
        ]
    )
    AgreementFactory()

    assert listed(editor_client, q="kaposvar") == [wanted]
    assert listed(editor_client, q="thanh pho kaposvar") == [wanted]


def test_editor_finds_an_agreement_by_its_reference_number(editor_client):
    wanted = AgreementFactory(reference_number="15/2023/MOU-UBND")
    AgreementFactory(reference_number="16/2023/MOU-UBND")

    assert listed(editor_client, q="15/2023") == [wanted]


def test_the_parent_autocomplete_finds_agreements_without_accents(editor_client):
    wanted = AgreementFactory(title="Thỏa thuận hợp tác giáo dục")
    AgreementFactory(title="Biên bản ghi nhớ về y tế")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "agreements",
            "model_name": "agreement",
            "field_name": "parent",
            "term": "hop tac",
        },
    )

    assert [row["id"] for row in response.json()["results"]] == [str(wanted.pk)]


# Roles.


def test_editors_are_not_offered_the_publish_actions_and_publishers_are(
    editor_client, publisher_client
):
    AgreementFactory()

    assert not {"make_public", "make_internal"} & action_names(editor_client)
    assert {"make_public", "make_internal"} <= action_names(publisher_client)


def test_publisher_publishes_agreements_in_bulk(publisher_client, publisher):
    agreements = AgreementFactory.create_batch(2)

    publisher_client.post(
        changelist_url(Agreement),
        {"action": "make_public", ACTION_CHECKBOX_NAME: [a.pk for a in agreements]},
    )

    assert set(Agreement.objects.values_list("visibility", flat=True)) == {Visibility.PUBLIC}
    assert set(Agreement.objects.values_list("updated_by", flat=True)) == {publisher.pk}


def test_editor_cannot_publish_by_posting_visibility(editor_client):
    party = ForeignPartnerFactory()

    response = editor_client.post(
        add_url(Agreement),
        agreement_form(
            parties=[party.pk], visibility="public", activities=[activity_row(visibility="public")]
        ),
    )

    assert response.status_code == 302, form_errors(response)
    assert Agreement.objects.get().visibility == Visibility.INTERNAL
    assert AgreementActivity.objects.get().visibility == Visibility.INTERNAL


def test_viewer_reads_the_list_and_the_change_page_but_cannot_change(viewer_client):
    agreement = AgreementFactory(reference_number="")
    AgreementActivityFactory(agreement=agreement)

    listing = viewer_client.get(changelist_url(Agreement))
    page = viewer_client.get(change_url(agreement))
    post = viewer_client.post(
        change_url(agreement),
        agreement_form(reference_number="", parties=[p.pk for p in agreement.parties.all()]),
    )

    assert listing.status_code == 200
    assert listing.context["action_form"] is None
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert post.status_code == 403
    assert viewer_client.get(add_url(Agreement)).status_code == 403
    agreement.refresh_from_db()
    assert agreement.title != "Biên bản ghi nhớ hợp tác giáo dục với thành phố Okayama"


def test_view_on_site_is_offered_for_public_agreements_only(editor_client):
    public = AgreementFactory(public=True)
    internal = AgreementFactory()

    public_page = editor_client.get(change_url(public))
    internal_page = editor_client.get(change_url(internal))

    assert public_page.context["has_absolute_url"]
    assert f'href="{public.get_absolute_url()}"' in public_page.content.decode()
    assert not internal_page.context["has_absolute_url"]


# The implementation log on its own.


def test_editor_adds_an_activity_from_its_own_admin(editor_client, editor):
    agreement = AgreementFactory()

    response = editor_client.post(
        add_url(AgreementActivity), {"agreement": agreement.pk, **activity_row()}
    )

    assert response.status_code == 302, form_errors(response)
    activity = AgreementActivity.objects.get()
    assert activity.agreement == agreement
    assert activity.created_by == editor


def test_editor_finds_an_activity_by_its_agreement_without_accents(editor_client):
    wanted = AgreementActivityFactory(agreement=AgreementFactory(title="Hợp tác đào tạo"))
    AgreementActivityFactory()

    response = editor_client.get(changelist_url(AgreementActivity), {"q": "dao tao"})

    assert list(response.context["cl"].result_list) == [wanted]


# The twinning relationship points to its founding agreement.


def test_relationship_admin_offers_the_founding_agreement(editor_client):
    relationship = RelationshipFactory()
    agreement = AgreementFactory(kind=Agreement.Kind.TWINNING)

    page = editor_client.get(change_url(relationship))
    form = page.context["adminform"].form
    assert "founding_agreement" in form.fields
    assert "admin-autocomplete" in str(form["founding_agreement"])

    response = editor_client.post(
        change_url(relationship),
        {
            "partner": relationship.partner.pk,
            "level": relationship.level,
            "status": relationship.status,
            "local_unit": "",
            "established_on": relationship.established_on.isoformat(),
            "ended_on": "",
            "founding_agreement": agreement.pk,
            "founding_document": "",
            "summary": "",
            "summary_en": "",
            "activities-TOTAL_FORMS": 0,
            "activities-INITIAL_FORMS": 0,
            "activities-MIN_NUM_FORMS": 0,
            "activities-MAX_NUM_FORMS": 1000,
        },
    )

    assert response.status_code == 302, form_errors(response)
    assert Relationship.objects.get().founding_agreement == agreement


# Query budgets.


@pytest.mark.parametrize("rows", [3, 30])
def test_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        agreement = AgreementFactory(
            signatory_unit=LocalUnitFactory(),
            parties=[ForeignPartnerFactory(country="JP"), ForeignPartnerFactory(country="KR")],
            sectors=[SectorFactory()],
            expires_on=days_from_today(60),
        )
        AgreementActivityFactory.create_batch(2, agreement=agreement)

    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response = editor_client.get(changelist_url(Agreement))

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_filtered_and_searched_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    for row in range(rows):
        agreement = AgreementFactory(
            parties=[ForeignPartnerFactory(name=f"Okayama {row}", country="JP")],
            sectors=[SectorFactory()],
            expires_on=days_from_today(60),
        )
        AgreementActivityFactory(agreement=agreement, date=days_from_today(-400))

    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response = editor_client.get(
            changelist_url(Agreement), {"q": "okayama", "country": "JP", "attention": "expiring"}
        )

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("activities", [1, 20])
def test_change_page_query_count_does_not_grow_with_activities(
    editor_client, django_assert_max_num_queries, activities
):
    unit = LocalUnitFactory()
    agreement = AgreementFactory(
        parties=ForeignPartnerFactory.create_batch(3),
        sectors=[SectorFactory(), SectorFactory()],
        signatory_unit=unit,
    )
    AgreementActivityFactory.create_batch(activities, agreement=agreement, unit=unit)

    with django_assert_max_num_queries(CHANGE_PAGE_BUDGET):
        response = editor_client.get(change_url(agreement))

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_activity_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        AgreementActivityFactory(unit=LocalUnitFactory())

    with django_assert_max_num_queries(ACTIVITY_CHANGELIST_BUDGET):
        response = editor_client.get(changelist_url(AgreementActivity))

    assert response.context["cl"].result_count == rows
