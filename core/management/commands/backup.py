"""Back up the database and the uploaded files into one folder (see core.backup).

    python manage.py backup --output /srv/backups/diplomacy-$(date +%F)

Exit status 0 when the backup is complete (its manifest.json written last); 1 when it
failed (the folder is then removed, or emptied if it existed).
"""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite or PostgreSQL) and every uploaded file into a new "
        "folder, with a manifest of counts and checksums. Exit status 0: done; 1: failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            required=True,
            help="The folder to write; it must not exist yet, or be empty.",
        )

    def handle(self, *args, output, **options):
        log = self.stdout.write if options["verbosity"] > 0 else (lambda message: None)
        try:
            manifest = create_backup(output, log=log)
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}", returncode=1) from error
        rows = sum(facts["rows"] for facts in manifest["models"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output}: {manifest['engine']} database, "
                f"{len(manifest['models'])} tables ({rows} rows), "
                f"{len(manifest['files'])} uploaded files."
            )
        )
