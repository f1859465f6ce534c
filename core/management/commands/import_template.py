"""Write a blank spreadsheet to fill in for one record type: the column headers, an example
row, and (XLSX) the allowed values and a description of each column. See docs/importing.md.

    python manage.py import_template rates --output rates.xlsx
    python manage.py import_template delegations --output delegations.csv --lang en
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.importing import IMPORT_TYPES, build_template, get_resource


class Command(BaseCommand):
    help = "Write the import template of a record type (XLSX or CSV, by the file's extension)."

    def add_arguments(self, parser):
        parser.add_argument("type", choices=list(IMPORT_TYPES), help="The record type.")
        parser.add_argument(
            "--output", "-o", required=True, help="The file to write: NAME.xlsx or NAME.csv."
        )
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of the headers and values (default: %(default)s).",
        )

    def handle(self, *args, type, output, lang, **options):
        path = Path(output)
        file_format = path.suffix.lower().lstrip(".")
        if file_format not in ("xlsx", "csv"):
            raise CommandError(f"The output file must end in .xlsx or .csv, not {path.name!r}.")
        content = build_template(get_resource(type), file_format, language=lang)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror}.") from error
        self.stdout.write(f"Wrote the {type} template to {path}.")
