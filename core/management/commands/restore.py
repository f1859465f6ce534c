"""Restore a backup made by ``manage.py backup`` (see core.backup).

    python manage.py restore /srv/backups/diplomacy-2026-11-26
    python manage.py restore /srv/backups/diplomacy-2026-11-26 --noinput

The backup is checked before anything changes: a backup of the other engine, of a newer
version of the application, or with a damaged or missing file is refused. Then the
database is replaced, the files are written back into MEDIA_ROOT, and every table's count
and checksum and every file's checksum are compared with the backup's. Exit status 0: the
restored data is identical to the backup; 1: refused, cancelled, failed or not identical.
Stop the application (or put it in maintenance) while restoring.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.backup import BackupError, check_backup, media_root, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from a backup folder, then verify "
        "counts and checksums. Exit status 0: restored and identical; 1: otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder (with its manifest.json).")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, folder, interactive, **options):
        log = self.stdout.write if options["verbosity"] > 0 else (lambda message: None)
        try:
            manifest = read_manifest(folder)
            newer_here = check_backup(folder, manifest)
        except BackupError as error:
            raise CommandError(f"Restore refused: {error}", returncode=1) from error
        log(
            f"Backup of {manifest['created_at']}: {manifest['engine']} database, "
            f"{len(manifest['models'])} tables, {len(manifest['files'])} files; checked intact."
        )
        if interactive:
            answer = input(
                f"This replaces the whole database {connection.settings_dict['NAME']} and "
                f"writes the backup's files into {media_root()}. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.", returncode=1)
        try:
            report = restore_backup(folder, manifest, log=log, verify_models=not newer_here)
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}", returncode=1) from error
        if report["problems"]:
            for problem in report["problems"]:
                self.stderr.write(problem)
            raise CommandError(
                "Restored, but the result differs from the backup (see above).", returncode=1
            )
        if report["extra_files"]:
            log(
                f"{len(report['extra_files'])} files under {media_root()} are not in the "
                "backup; they were left in place."
            )
        if newer_here:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {len(newer_here)} migrations of this version: run "
                    "'manage.py migrate' now. Files verified; tables were verified against "
                    "the database file's checksum only."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified: {report['models']} tables ({report['rows']} rows) and "
                f"{report['files']} files are identical to the backup."
            )
        )
