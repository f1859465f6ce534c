"""manage.py load_demo: idempotent, refuses without DEBUG, and its accounts work."""

import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from core.demo import DEMO_ACCOUNTS
from core.roles import EDITORS, PUBLISHERS, VIEWERS
from partners.models import ForeignPartner, Relationship

TWIN_CITIES = {"Riverside", "Kaposvár", "Okayama", "Jeollanam-do"}


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


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_no_row_count_and_no_user():
    load_demo(force=True)
    counts, accounts = row_counts(), users()
    load_demo(force=True)
    assert row_counts() == counts
    assert users() == accounts
    assert counts["partners.ForeignPartner"] > 0
    assert counts["partners.Relationship_sectors"] > 0


@pytest.mark.django_db
def test_load_demo_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True
    load_demo()
    assert ForeignPartner.objects.exists()


@pytest.mark.django_db
def test_load_demo_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        load_demo()
    assert not ForeignPartner.objects.exists()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_demo_accounts_log_in_with_the_printed_passwords(client):
    accounts = printed_accounts(load_demo(force=True))
    assert {username for username, _password in accounts} == {a[0] for a in DEMO_ACCOUNTS}
    for username, password in accounts:
        assert client.login(username=username, password=password), username
        client.logout()
    assert not client.login(username="editor", password="wrong-password")


@pytest.mark.django_db
def test_a_second_run_resets_a_changed_demo_password(client):
    load_demo(force=True)
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("changed-by-someone")
    editor.save()
    load_demo(force=True)
    assert client.login(username="editor", password="editor-demo")


@pytest.mark.django_db
def test_demo_accounts_belong_to_their_roles():
    load_demo(force=True)
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


@pytest.mark.django_db
def test_the_demo_publishes_the_four_twin_cities_and_keeps_something_internal():
    load_demo(force=True)
    public_twins = Relationship.objects.public().filter(level=Relationship.Level.TWINNING)
    assert {r.partner.name for r in public_twins} == TWIN_CITIES
    assert Relationship.objects.exclude(pk__in=Relationship.objects.public()).exists()
    assert Relationship.objects.filter(visibility="internal").exists()
