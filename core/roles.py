"""The three roles, as auth groups whose permissions are derived from the models.

Editors add, change and delete records; Publishers also hold every ``publish_<model>``
permission; Viewers only read. ``sync_roles`` is idempotent: it runs after every
``migrate`` (so a new record type's permissions reach the roles without anyone
remembering to) and from ``manage.py setup_roles``.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS

EDITORS = "Editors"
PUBLISHERS = "Publishers"
VIEWERS = "Viewers"
ROLES = (EDITORS, PUBLISHERS, VIEWERS)

# Extra permissions of later issues (a dashboard, say) join the roles by codename prefix.
_VIEW = ("view_",)
_EDIT = ("view_", "add_", "change_", "delete_")
_PUBLISH = ("view_", "add_", "change_", "delete_", "publish_")


def _local_app_labels():
    return [
        global_apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in settings.LOCAL_APPS
    ]


def role_permissions():
    """Map each role to the queryset of permissions it should hold, right now."""
    local = Permission.objects.filter(content_type__app_label__in=_local_app_labels())

    def with_prefixes(prefixes):
        wanted = [perm.pk for perm in local if perm.codename.startswith(prefixes)]
        return Permission.objects.filter(pk__in=wanted)

    return {
        VIEWERS: with_prefixes(_VIEW),
        EDITORS: with_prefixes(_EDIT),
        PUBLISHERS: with_prefixes(_PUBLISH),
    }


def sync_roles(using=DEFAULT_DB_ALIAS):
    """Create the groups if missing and set their permissions exactly. Returns the groups."""
    groups = {}
    for name, permissions in role_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions)
        groups[name] = group
    return groups


def sync_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    # post_migrate runs app by app, so the later apps' permissions may not exist yet.
    for label in _local_app_labels():
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using)
    sync_roles(using=using)
