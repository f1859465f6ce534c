"""Email each subscribed user one digest of what needs their attention today (see
``reminders.digest``). Meant for a daily cron; running it twice a day sends nothing new.

    python manage.py send_reminders              # send, and remember what was sent
    python manage.py send_reminders --dry-run    # print what would be sent; send nothing
    python manage.py send_reminders --date 2026-03-01   # as of another day (tests, ops)

Exit code 0 when every digest went out (or there was nothing to send), 1 when some failed
(those are tried again on the next run).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.digest import send_reminders


def _day(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value!r}: give a day as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Email each subscribed user a digest of what needs attention (daily, from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the digests that would be sent; send and record nothing.",
        )
        parser.add_argument(
            "--date",
            type=_day,
            default=None,
            help="The day to remind as of (YYYY-MM-DD); today in the site's time zone by default.",
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        today = date or timezone.localdate()
        result = send_reminders(today, dry_run=dry_run, write=self.stdout.write)
        verb = "would send" if dry_run else "sent"
        items = sum(len(digest.items) for digest in result.sent)
        self.stdout.write(
            f"{today.isoformat()}: {verb} {len(result.sent)} digest(s), {items} item(s)"
            + (" (dry run: nothing sent, nothing recorded)" if dry_run else "")
        )
        for user, error in result.failed:
            self.stderr.write(f"Failed for {user}: {error}")
        if result.failed:
            raise CommandError(f"{len(result.failed)} digest(s) could not be sent.", returncode=1)
