"""Shared fixtures: the named actors (an editor, a publisher, a viewer, an anonymous
visitor) and logged-in clients for them, and the demo data loaded once per module."""

import io
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from core.roles import EDITORS, PUBLISHERS, VIEWERS

from .factories import UserFactory


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request in English must not leak
    its language into the next test's reverse() calls."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads made by a test land in its own temporary folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _member_of(group_name, username):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return _member_of(EDITORS, "editor")


@pytest.fixture
def publisher(db):
    return _member_of(PUBLISHERS, "publisher")


@pytest.fixture
def viewer(db):
    return _member_of(VIEWERS, "viewer")


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def publisher_client(publisher):
    return _client_for(publisher)


@pytest.fixture
def viewer_client(viewer):
    return _client_for(viewer)


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo (``manage.py load_demo --force``), loaded once for a whole test module and
    rolled back after its last test; the value is what the command printed.

    The load runs inside a transaction that stays open for the module: each test that uses
    this fixture runs in its own savepoint inside it (it still needs ``django_db``), so what
    a test changes, another load_demo included, is undone before the next test.

    Mind the order: from the first test that asks for it until the end of the module, every
    database test of that module sees the demo rows, with or without this fixture. A test
    that needs an empty database goes before the first user of ``demo_data`` in its module
    and asserts that emptiness first, so that a new order fails loudly. (Marking such a test
    ``transaction=True`` does not move it out of the way: pytest-django runs it after the
    other database tests, and when its module runs alone this transaction is still open.)"""
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            output = io.StringIO()
            # The demo's files (attachments) go to a temporary folder, never to var/media.
            with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")):
                call_command("load_demo", force=True, stdout=output)
        except BaseException:
            module_transaction.__exit__(*sys.exc_info())
            raise
    # Between the tests the database is blocked again: only a test marked django_db (whose
    # savepoint keeps its changes from the next test) reaches the demo.
    yield output.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the cached counts, choices and figures
    (core.listcache, reports.cache) are keyed by a version that a rolled-back test's rows
    bumped, and must not outlive those rows."""
    from django.core.cache import cache

    cache.clear()
