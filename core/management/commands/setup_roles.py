from django.core.management.base import BaseCommand

from core.roles import sync_roles


class Command(BaseCommand):
    help = (
        "Create the Editors, Publishers and Viewers groups and set their permissions (idempotent)."
    )

    def handle(self, *args, **options):
        for name, group in sync_roles().items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
