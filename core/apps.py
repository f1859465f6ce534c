from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Reference data")

    def ready(self):
        from django.db.models import CharField, TextField

        from . import (
            checks,  # noqa: F401  (registers the system checks)
            middleware,  # noqa: F401  (starts the idle clock at every sign-in)
        )
        from .db import ImmutableUnaccent
        from .roles import sync_roles_after_migrate

        # In place of django.contrib.postgres's __unaccent: the same, but indexable.
        CharField.register_lookup(ImmutableUnaccent)
        TextField.register_lookup(ImmutableUnaccent)

        post_migrate.connect(sync_roles_after_migrate, sender=self)
