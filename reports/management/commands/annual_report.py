"""``manage.py annual_report 2025 --format xlsx --lang en --output report.xlsx``: the annual
summary (or that of a range of years, ``--from 2020 --to 2025``) as XLSX, DOCX or PDF, in
Vietnamese or English. ``--output -`` writes the file to standard output.

Every mistake in the arguments is a ``CommandError``: one clear line and a non-zero exit,
never a traceback. The report counts internal records, as the dashboard does: it is for the
department, not the public.
"""

import datetime
import os
import shutil
import sys
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.annual import build_report
from reports.annual.render import FORMATS, LANGUAGES, filename, render
from reports.forms import MAX_YEAR, MIN_YEAR

STDOUT = "-"


def _choices(values):
    return ", ".join(values)


class Command(BaseCommand):
    help = (
        "Write the annual report of a year, or of a range of years (--from/--to), as XLSX, "
        "DOCX or PDF, in Vietnamese or English."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", nargs="?", help="The year of the report, e.g. 2025.")
        parser.add_argument(
            "--from", dest="first", metavar="YEAR", help="The first year of a range."
        )
        parser.add_argument("--to", dest="last", metavar="YEAR", help="The last year of a range.")
        parser.add_argument(
            "--format",
            default="pdf",
            help="xlsx, docx or pdf (default: pdf).",
        )
        parser.add_argument("--lang", default="vi", help="vi or en (default: vi).")
        parser.add_argument(
            "--output",
            help="The file to write; '-' for standard output. Default: a file in the current "
            "folder named after the report, e.g. bao-cao-doi-ngoai-2025.pdf.",
        )
        parser.add_argument(
            "--no-compare",
            action="store_true",
            help="Do not compare with the previous period.",
        )
        parser.add_argument(
            "--user",
            help="The username of the person the report names as its author (default: none).",
        )

    def handle(self, *args, **options):
        first, last = self._years(options["year"], options["first"], options["last"])
        format = self._choice(
            options["format"], FORMATS, _("Unknown format “{value}”: choose one of {choices}.")
        )
        language = self._choice(
            options["lang"], LANGUAGES, _("Unknown language “{value}”: choose one of {choices}.")
        )
        user = self._user(options["user"])
        output = options["output"]

        # A path that cannot be written fails now, not after the report is built.
        stream = None
        if output and output != STDOUT:
            stream = self._open(Path(output))
        try:
            report = build_report(
                start=datetime.date(first, 1, 1),
                end=datetime.date(last, 12, 31),
                language=language,
                user=user,
                compare=not options["no_compare"],
            )
            if output == STDOUT:
                self._write_to_stdout(report, format)
                return
            if stream is None:
                output = filename(report, format)
                stream = self._open(Path(output))
            render(report, format, stream)
        except BaseException:
            if stream is not None:
                stream.close()
                Path(stream.name).unlink(missing_ok=True)
            raise
        stream.close()
        size = os.path.getsize(output)
        self.stderr.write(
            _("Wrote {path} ({size} KB).").format(path=output, size=max(1, round(size / 1024))),
            style_func=self.style.SUCCESS,
        )

    # Reading the arguments

    def _year(self, text, name):
        try:
            year = int(text)
        except (TypeError, ValueError):
            raise CommandError(
                _("{name}: “{value}” is not a year; write a year such as 2025.").format(
                    name=name, value=text
                )
            ) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(
                _(
                    "{name}: {year} is out of range; choose a year between {first} and {last}."
                ).format(name=name, year=year, first=MIN_YEAR, last=MAX_YEAR)
            )
        return year

    def _years(self, year, first, last):
        if year is not None and (first is not None or last is not None):
            raise CommandError(_("Give either a year or --from and --to, not both."))
        if year is not None:
            year = self._year(year, _("year"))
            return year, year
        if first is None and last is None:
            raise CommandError(
                _("Give the year of the report (e.g. 2025), or a range: --from 2020 --to 2025.")
            )
        if first is None or last is None:
            raise CommandError(_("A range needs both --from and --to."))
        first, last = self._year(first, "--from"), self._year(last, "--to")
        if last < first:
            raise CommandError(
                _("The range {first}–{last} is empty: --to comes before --from.").format(
                    first=first, last=last
                )
            )
        return first, last

    def _choice(self, value, choices, message):
        if value not in choices:
            raise CommandError(message.format(value=value, choices=_choices(choices)))
        return value

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(
                _("No user is named “{username}”.").format(username=username)
            ) from None

    def _open(self, path):
        """Open ``path`` for writing, or say plainly why it cannot be."""
        if path.is_dir():
            raise CommandError(
                _("Cannot write to {path}: it is a folder; give a file name.").format(path=path)
            )
        try:
            return path.open("wb")
        except OSError as error:
            raise CommandError(
                _("Cannot write to {path}: {reason}.").format(
                    path=path, reason=error.strerror or error
                )
            ) from None

    def _write_to_stdout(self, report, format):
        """Write the file to standard output, as bytes (``self.stdout`` is a text stream).
        The file is made in a temporary file first: a writer never stops half-way on a
        reader that goes away (``| head``), which ends the command quietly."""
        out = self.stdout._out
        stream = getattr(out, "buffer", out)
        with tempfile.TemporaryFile() as file:
            render(report, format, file)
            file.seek(0)
            try:
                shutil.copyfileobj(file, stream)
                stream.flush()
            except BrokenPipeError:
                if out is sys.stdout:
                    # Python would fail again flushing stdout at exit: point it at nothing.
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                raise CommandError(
                    _("Standard output was closed before the report was written.")
                ) from None
