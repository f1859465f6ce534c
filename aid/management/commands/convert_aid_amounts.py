"""Convert every aid amount again at the exchange rates in the database
(``aid.conversions.convert_all``): for a database whose rows or rates were edited by hand,
outside the application. Saving through the application keeps them converted already.
``--check`` only counts the rows whose stored conversion is not what the rates give, and
fails when there is any."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from aid.conversions import convert_all


class Command(BaseCommand):
    help = "Convert every aid commitment and disbursement again at the stored exchange rates."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; fail if some stored conversion is out of date.",
        )

    def handle(self, *args, check=False, **options):
        changed = convert_all(write=not check)
        if check and changed:
            raise CommandError(
                _("{count} aid amounts are not converted at the current rates.").format(
                    count=changed
                )
            )
        if check:
            self.stdout.write(_("Every aid amount is converted at the current rates."))
        else:
            self.stdout.write(_("{count} aid amounts converted again.").format(count=changed))
