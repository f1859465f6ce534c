"""Import a spreadsheet of records of one type, or check it with ``--dry-run``. See
docs/importing.md.

    python manage.py import_records rates rates-2025.xlsx --dry-run
    python manage.py import_records relationships twins.csv --user editor --lang en

All or nothing: if any row is invalid, every problem is listed (row, column, reason) and
nothing is saved. Exit status: 0 when the file is valid (and, without ``--dry-run``,
imported); 1 when it has problems and nothing was imported; 2 when the command cannot run
(an unknown type or user, a file that cannot be read).
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.importing import IMPORT_TYPES, get_resource, read_dataset, run_import

PROBLEMS = 1
CANNOT_RUN = 2


class Command(BaseCommand):
    help = (
        "Import an XLSX or CSV file of records (all or nothing); --dry-run only checks it. "
        "Exit status 0: valid (and imported); 1: problems, nothing imported; 2: cannot run."
    )

    def add_arguments(self, parser):
        parser.add_argument("type", choices=list(IMPORT_TYPES), help="The record type.")
        parser.add_argument("file", help="The file to import: .xlsx (its first sheet) or .csv.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would happen; save nothing.",
        )
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of the messages (default: %(default)s). Headers are read in "
            "either language.",
        )
        parser.add_argument(
            "--user",
            help="The user name the import acts as: recorded as creator, and whose right to "
            "publish decides whether a 'public' visibility is kept. Without it, records are "
            "imported as internal.",
        )
        parser.add_argument(
            "--create-missing-partners",
            action="store_true",
            help="Add a partner the file names but that is not recorded yet (kind 'Other', "
            "internal, with the row's country) instead of reporting an error.",
        )

    def handle(self, *args, **options):
        with translation.override(options["lang"]):
            return self.run(**options)

    def run(self, *, type, file, dry_run, lang, user, create_missing_partners, **options):
        user_obj = None
        if user:
            user_obj = get_user_model()._default_manager.filter(username=user).first()
            if user_obj is None:
                raise CommandError(f"No user named {user!r}.", returncode=CANNOT_RUN)
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"Could not read {path}: {error.strerror}.", returncode=CANNOT_RUN
            ) from error
        try:
            dataset = read_dataset(data, path.name)
        except ValueError as error:
            raise CommandError(str(error), returncode=CANNOT_RUN) from error

        report = run_import(
            get_resource(type),
            dataset,
            dry_run=dry_run,
            user=user_obj,
            language=lang,
            create_missing_partners=create_missing_partners,
        )
        for note in report.notes:
            self.stdout.write(str(note))
        for error in report.errors:
            self.stderr.write(str(error))
        summary = report.summary()
        if not report.ok:
            raise CommandError(
                translation.gettext("Nothing was imported. {summary}").format(summary=summary),
                returncode=PROBLEMS,
            )
        if dry_run:
            message = translation.gettext("Checked, nothing saved (--dry-run). {summary}")
        else:
            message = translation.gettext("Imported. {summary}")
        self.stdout.write(self.style.SUCCESS(message.format(summary=summary)))
