"""Shared fixtures: the named actors (an editor, a publisher, a viewer, an anonymous
visitor) and logged-in clients for them."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
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
