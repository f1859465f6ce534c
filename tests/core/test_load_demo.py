"""manage.py load_demo: idempotent, refuses without DEBUG, and its accounts work."""

import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from core.demo import DEMO_ACCOUNTS
from core.roles import EDITORS, PUBLISHERS, VIEWERS
from partners.models import ForeignPartner, Relationship

TWIN_CITIES = {"Riverside", "Kaposvár", "Okayama", "Jeollanam-do"}

pytestmark = pytest.mark.django_db


def load_demo(**options):
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def row_counts():
    """Rows of every model, auto-created many-to-many tables included."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
    }


def users():
    return {
        user.username: (
            user.is_staff,
            user.is_superuser,
            frozenset(user.groups.values_list("name", flat=True)),
        )
        for user in get_user_model().objects.all()
    }


def printed_accounts(output):
    return re.findall(r"user: (\S+)\s+password: (\S+)", output)


# These two need an empty database: they come before the first test with demo_data (the
# demo loaded once for the module, tests/conftest.py), whose rows every later test of this
# module sees, and say so first.


def test_load_demo_refuses_without_debug_or_force(settings):
    assert not ForeignPartner.objects.exists(), "runs before demo_data"
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        load_demo()
    assert not ForeignPartner.objects.exists()
    assert not get_user_model().objects.exists()


def test_load_demo_runs_without_force_when_debug_is_on(settings):
    # A load of its own: rows after it prove that it ran only if there were none before.
    assert not ForeignPartner.objects.exists(), "runs before demo_data"
    settings.DEBUG = True
    load_demo()
    assert ForeignPartner.objects.exists()


# From here on, the demo is loaded once (demo_data); what a test changes, a second load
# included, is rolled back after it.


@pytest.mark.usefixtures("demo_data")
def test_loading_the_demo_twice_changes_no_row_count_and_no_user():
    counts, accounts = row_counts(), users()  # after the first load, demo_data's
    load_demo(force=True)
    assert row_counts() == counts
    assert users() == accounts
    assert counts["partners.ForeignPartner"] > 0
    assert counts["partners.Relationship_sectors"] > 0


def test_demo_accounts_log_in_with_the_printed_passwords(client, demo_data):
    # request=: django-axes checks every sign-in against the lock-outs, by its request.
    accounts = printed_accounts(demo_data)
    assert {username for username, _password in accounts} == {a[0] for a in DEMO_ACCOUNTS}
    for username, password in accounts:
        assert client.login(request=HttpRequest(), username=username, password=password), username
        client.logout()
    assert not client.login(request=HttpRequest(), username="editor", password="wrong-password")


@pytest.mark.usefixtures("demo_data")
def test_a_second_run_resets_a_changed_demo_password(client):
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("changed-by-someone")
    editor.save()
    load_demo(force=True)
    assert client.login(request=HttpRequest(), username="editor", password="editor-demo")


@pytest.mark.usefixtures("demo_data")
def test_demo_accounts_belong_to_their_roles():
    assert users() == {
        "admin": (True, True, frozenset()),
        "editor": (True, False, frozenset({EDITORS})),
        "publisher": (True, False, frozenset({PUBLISHERS})),
        "viewer": (True, False, frozenset({VIEWERS})),
    }
    publisher = get_user_model().objects.get(username="publisher")
    assert publisher.has_perm(Relationship.publish_permission())
    editor = get_user_model().objects.get(username="editor")
    assert editor.has_perm("partners.change_relationship")
    assert not editor.has_perm(Relationship.publish_permission())
    assert Group.objects.filter(name__in=[EDITORS, PUBLISHERS, VIEWERS]).count() == 3


@pytest.mark.usefixtures("demo_data")
def test_the_demo_publishes_the_four_twin_cities_and_keeps_something_internal():
    public_twins = Relationship.objects.public().filter(level=Relationship.Level.TWINNING)
    assert {r.partner.name for r in public_twins} == TWIN_CITIES
    assert Relationship.objects.exclude(pk__in=Relationship.objects.public()).exists()
    assert Relationship.objects.filter(visibility="internal").exists()
