"""Each user's reminder settings: created with the role's defaults on first use, the page
where they change them and reset their calendar's address, and one database test per
constraint (the form's rules hold in the database too)."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from core.roles import EDITORS, PUBLISHERS, VIEWERS
from reminders.models import ReminderSettings, SentReminder
from tests.conftest import _member_of
from tests.factories import UserFactory
from tests.partners.test_models import violates

pytestmark = pytest.mark.django_db

KINDS = [
    "agreements_expiring",
    "agreements_dormant",
    "relationships_dormant",
    "delegations_upcoming",
    "permits_pending",
    "aid_ending",
]


def valid_post(**changes):
    data = {
        "subscribed": "on",
        "language": "en",
        "agreements_expiring": "on",
        "expiry_first_days": "60",
        "expiry_second_days": "20",
        "expiry_last_days": "5",
        "delegations_upcoming": "on",
        "delegation_days": "10",
        "permit_days": "30",
        "aid_days": "60",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


# Defaults by role


def chosen(prefs):
    return {kind for kind in KINDS if getattr(prefs, kind)}


def test_a_viewer_starts_with_agreements_and_visits():
    prefs = ReminderSettings.objects.for_user(_member_of(VIEWERS, "leader"))

    assert chosen(prefs) == {"agreements_expiring", "agreements_dormant", "delegations_upcoming"}
    assert not prefs.subscribed
    assert prefs.language == "vi"
    assert prefs.expiry_thresholds == (90, 30, 7)
    assert (prefs.delegation_days, prefs.permit_days, prefs.aid_days) == (14, 30, 60)


@pytest.mark.parametrize("group", [EDITORS, PUBLISHERS])
def test_editors_and_publishers_start_with_everything(group):
    assert chosen(ReminderSettings.objects.for_user(_member_of(group, "clerk"))) == set(KINDS)


def test_a_superuser_starts_with_everything_and_the_row_is_made_once():
    root = UserFactory(is_superuser=True)

    first = ReminderSettings.objects.for_user(root)
    again = ReminderSettings.objects.for_user(root)

    assert chosen(first) == set(KINDS)
    assert first.pk == again.pk
    assert ReminderSettings.objects.count() == 1


# The page


def test_the_page_needs_a_sign_in_and_a_role(client):
    url = reverse("reminders:settings")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(username="norole"))
    assert client.get(url).status_code == 403


def test_a_viewer_sees_their_settings_and_private_address(viewer_client, viewer):
    response = viewer_client.get(reverse("reminders:settings"))

    assert response.status_code == 200
    html = response.content.decode()
    prefs = ReminderSettings.objects.get(user=viewer)
    assert prefs.feed_token in html
    assert reverse("reminders:calendar") in html
    with translation.override("vi"):
        assert translation.gettext("Reminders and calendar") in html


def test_the_dashboard_links_to_the_page(viewer_client):
    html = viewer_client.get(reverse("reports:dashboard")).content.decode()

    assert f'href="{reverse("reminders:settings")}"' in html


def test_saving_the_settings(viewer_client, viewer):
    response = viewer_client.post(reverse("reminders:settings"), valid_post())

    assert response.status_code == 302
    prefs = ReminderSettings.objects.get(user=viewer)
    assert prefs.subscribed
    assert prefs.language == "en"
    assert prefs.expiry_thresholds == (60, 20, 5)
    assert chosen(prefs) == {"agreements_expiring", "delegations_upcoming"}
    assert prefs.delegation_days == 10


@pytest.mark.parametrize(
    "changes",
    [
        {"expiry_first_days": "20", "expiry_second_days": "60"},  # out of order
        {"expiry_second_days": "5"},  # same as the last
        {"expiry_last_days": "0"},
        {"expiry_first_days": "400"},
        {"delegation_days": "0"},
        {"delegation_days": "91"},
        {"permit_days": "181"},
        {"aid_days": "366"},
        {"aid_days": "abc"},
        {"language": "fr"},
    ],
)
def test_a_bad_value_is_refused_with_a_message_and_nothing_saved(viewer_client, viewer, changes):
    ReminderSettings.objects.for_user(viewer)
    before = ReminderSettings.objects.values().get(user=viewer)

    response = viewer_client.post(reverse("reminders:settings"), valid_post(**changes))

    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode() or (
        'class="form-errors"' in response.content.decode()
    )
    assert ReminderSettings.objects.values().get(user=viewer) == before


def test_the_order_message_is_in_vietnamese(viewer_client):
    response = viewer_client.post(
        reverse("reminders:settings"),
        valid_post(expiry_first_days="20", expiry_second_days="60"),
    )

    assert "Các lần nhắc hết hạn phải theo thứ tự" in response.content.decode()


def test_resetting_the_address_needs_a_post_and_changes_it(viewer_client, viewer):
    old = ReminderSettings.objects.for_user(viewer).feed_token

    response = viewer_client.post(reverse("reminders:settings"), {"reset_feed": "1"})

    assert response.status_code == 302
    new = ReminderSettings.objects.get(user=viewer).feed_token
    assert new != old
    assert viewer_client.get(reverse("reminders:calendar_private", args=[old])).status_code == 404
    assert viewer_client.get(reverse("reminders:calendar_private", args=[new])).status_code == 200
    page = viewer_client.get(reverse("reminders:settings")).content.decode()
    assert new in page and old not in page


def test_the_reset_needs_the_csrf_token(viewer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    old = ReminderSettings.objects.for_user(viewer).feed_token

    response = client.post(reverse("reminders:settings"), {"reset_feed": "1"})

    assert response.status_code == 403
    assert ReminderSettings.objects.get(user=viewer).feed_token == old


def test_each_user_changes_only_their_own_settings(viewer_client, viewer, editor):
    editors = ReminderSettings.objects.for_user(editor)

    viewer_client.post(reverse("reminders:settings"), valid_post())

    assert ReminderSettings.objects.get(pk=editors.pk).subscribed is False


@pytest.mark.parametrize("users", [1, 20])
def test_the_page_takes_a_fixed_number_of_queries(
    viewer_client, django_assert_max_num_queries, users
):
    for n in range(users):
        ReminderSettings.objects.for_user(_member_of(EDITORS, f"someone{n}"))
    viewer_client.get(reverse("reminders:settings"))  # the first visit creates the row

    with django_assert_max_num_queries(8):
        response = viewer_client.get(reverse("reminders:settings"))

    assert response.status_code == 200


# The database refuses what the form refuses


def _prefs(**values):
    user = UserFactory()
    ReminderSettings.objects.create(user=user, **values)


INVALID_ROWS = {
    "reminders_settings_language_valid": lambda: _prefs(language="fr"),
    "reminders_settings_expiry_order": lambda: _prefs(expiry_first_days=30, expiry_second_days=90),
    "reminders_settings_delegation_days_range": lambda: _prefs(delegation_days=0),
    "reminders_settings_permit_days_range": lambda: _prefs(permit_days=500),
    "reminders_settings_aid_days_range": lambda: _prefs(aid_days=0),
    "reminders_settings_feed_nonce_not_blank": lambda: _prefs(feed_nonce=""),
    "reminders_sent_kind_valid": lambda: SentReminder.objects.create(
        user=UserFactory(),
        kind="gossip",
        object_id=1,
        item_date=datetime.date(2026, 5, 1),
        threshold=7,
    ),
}


def _sent_twice():
    user = UserFactory()
    values = {
        "user": user,
        "kind": "agreement_expiring",
        "object_id": 1,
        "item_date": datetime.date(2026, 5, 1),
        "threshold": 30,
    }
    SentReminder.objects.create(**values)
    SentReminder.objects.create(**values)


@pytest.mark.parametrize("name", sorted(INVALID_ROWS))
def test_the_database_refuses_a_row_that_breaks_the_constraint(name):
    with violates(name):
        INVALID_ROWS[name]()


def test_the_database_refuses_the_same_reminder_twice():
    with violates("reminders_sent_once_per_threshold", "reminders_sentreminder.user_id"):
        _sent_twice()


def test_the_expiry_order_allows_its_edges():
    _prefs(expiry_first_days=365, expiry_second_days=2, expiry_last_days=1)
    with violates("reminders_settings_expiry_order"):
        _prefs(expiry_first_days=366, expiry_second_days=2, expiry_last_days=1)
    with violates("reminders_settings_expiry_order"):
        _prefs(expiry_first_days=3, expiry_second_days=2, expiry_last_days=0)


def test_every_reminders_constraint_has_a_database_test():
    models = apps.get_app_config("reminders").get_models()
    assert {c.name for m in models for c in m._meta.constraints} == set(INVALID_ROWS) | {
        "reminders_sent_once_per_threshold"
    }
