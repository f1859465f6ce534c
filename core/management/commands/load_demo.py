"""Load the demo data and the demo accounts. Idempotent: running it again updates the same
records instead of adding copies.

Each local app may have a ``demo`` module with a ``load()`` function; they run in the order
of ``LOCAL_APPS``, so later record types extend the demo by adding their own module.
The demo data is loaded without change history (nobody entered it).
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.demo import DEMO_ACCOUNTS, load_accounts
from core.history import without_history


class Command(BaseCommand):
    help = "Load demo data true to the seeds, and demo accounts with known passwords."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. Never on a production database: the demo "
            "accounts have published passwords.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates accounts with published passwords, so it runs only with "
                "DEBUG=1 (or --force on a machine that is not production)."
            )
        # The demo data is nobody's change: no history versions (core.history).
        with transaction.atomic(), without_history():
            for app in settings.LOCAL_APPS:
                module_name = f"{app}.demo"
                if find_spec(module_name) is not None:
                    counts = import_module(module_name).load()
                    for label, count in counts.items():
                        self.stdout.write(f"  {label}: {count}")
            load_accounts()

        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo accounts:"))
        for username, password, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<11} user: {username:<10} password: {password}")
