import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from core.roles import EDITORS, PUBLISHERS, VIEWERS, sync_roles


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


@pytest.mark.django_db
def test_migrate_creates_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, PUBLISHERS, VIEWERS}


@pytest.mark.django_db
def test_only_publishers_hold_publish_permissions():
    publish = {"publish_foreignpartner", "publish_relationship", "publish_relationshipactivity"}
    assert publish <= codenames(PUBLISHERS)
    assert not publish & codenames(EDITORS)
    assert not publish & codenames(VIEWERS)


@pytest.mark.django_db
def test_editors_can_add_and_change_but_viewers_only_view():
    assert {"add_relationship", "change_relationship", "view_relationship"} <= codenames(EDITORS)
    assert codenames(VIEWERS) == {c for c in codenames(EDITORS) if c.startswith("view_")}


@pytest.mark.django_db
def test_sync_roles_is_idempotent_and_repairs_a_tampered_group():
    Group.objects.get(name=EDITORS).permissions.clear()
    before = {name: codenames(name) for name in (VIEWERS, PUBLISHERS)}
    sync_roles()
    call_command("setup_roles", stdout=io.StringIO())
    assert "add_relationship" in codenames(EDITORS)
    assert {name: codenames(name) for name in (VIEWERS, PUBLISHERS)} == before
    assert Group.objects.filter(name__in=[EDITORS, PUBLISHERS, VIEWERS]).count() == 3
