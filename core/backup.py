"""Back up and restore the database and the uploaded files together (``manage.py backup``
and ``manage.py restore``; see the README, "Backup and restore").

A backup is a folder:

- ``database.sqlite3`` (SQLite: a copy made with SQLite's online backup API, consistent
  while the application runs) or ``database.pgdump`` (PostgreSQL: ``pg_dump -Fc``);
- ``media/``: every file under MEDIA_ROOT, copied after the database, so that every file
  the copied database names is there (files are only ever added, never changed);
- ``manifest.json``, written last: the format version, the engine, when, the Django
  migrations applied, and for every model (history tables included) its row count and a
  SHA-256 of all its rows, plus the size and SHA-256 of the database file and of every
  media file. The model checksums are computed from exactly what was copied: from the copy
  in the read transaction the copy is made in (SQLite) or inside the snapshot that
  ``pg_dump`` reads (PostgreSQL).

Restoring checks the manifest first (same engine, no unknown migration, every file intact),
replaces the database and writes the files back, then computes the checksums again and
compares them with the manifest.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "diplomacy-tracker-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


def engine_of(connection):
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _plain(value):
    """A value as JSON can hold it, the same whichever engine returned it."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _row_line(row):
    return (
        json.dumps(
            [_plain(value) for value in row], ensure_ascii=False, sort_keys=True, default=str
        )
        + "\n"
    ).encode()


def stored_models():
    """Every model with a table of its own (many-to-many tables and history included)."""
    seen, result = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        result.append(model)
    return sorted(result, key=lambda model: model._meta.label)


def model_checksums(using="default"):
    """{model label: {"table", "rows", "sha256"}} over every row, in primary-key order.

    Reads every row once (streamed): a few seconds for this application's tables."""
    result = {}
    for model in stored_models():
        fields = [field.attname for field in model._meta.concrete_fields]
        rows = (
            model._base_manager.using(using)
            .order_by("pk")
            .values_list(*fields)
            .iterator(chunk_size=2000)
        )
        digest, count = hashlib.sha256(), 0
        for row in rows:
            digest.update(_row_line(row))
            count += 1
        result[model._meta.label] = {
            "table": model._meta.db_table,
            "rows": count,
            "sha256": digest.hexdigest(),
        }
    return result


def applied_migrations(using="default"):
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def media_root():
    return Path(settings.MEDIA_ROOT)


def media_checksums(root):
    """{relative path: {"size", "sha256"}} of every file under ``root``."""
    root = Path(root)
    result = {}
    if not root.is_dir():
        return result
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            result[path.relative_to(root).as_posix()] = {
                "size": path.stat().st_size,
                "sha256": file_sha256(path),
            }
    return result


# PostgreSQL tools, with the connection of the Django settings.


def _pg_env(settings_dict):
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command, env):
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} was not found. Install the PostgreSQL client tools "
            "(version of the server or newer), e.g. apt-get install postgresql-client."
        ) from error
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")
    return completed.stdout


# Backup


def _copy_sqlite(connection, destination):
    """Copy the live SQLite database with its online backup API, and read the checksums,
    in one read transaction: the copy and the checksums see the same data (writers wait
    until it ends, or, in WAL mode, write past a snapshot that does not move)."""
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a database transaction.")
    with transaction.atomic(using=connection.alias):
        migrations = applied_migrations(connection.alias)  # the first read: the snapshot
        target = sqlite3.connect(destination)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return model_checksums(connection.alias), migrations


def _dump_postgresql(connection, destination):
    """pg_dump -Fc of the database, and the checksums read in the same snapshot."""
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a database transaction.")
    settings_dict = connection.settings_dict
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={destination}",
                settings_dict["NAME"],
            ],
            _pg_env(settings_dict),
        )
        return model_checksums(connection.alias), applied_migrations(connection.alias)


def create_backup(output, *, using="default", log=print):
    """Write a backup of the database and MEDIA_ROOT into the folder ``output`` (created;
    it must not exist or be empty). Return the manifest."""
    output = Path(output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(f"{output} already exists and is not an empty folder.")
    connection = connections[using]
    engine = engine_of(connection)
    created_folder = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    try:
        database_file = output / DATABASE_FILES[engine]
        log(f"Copying the {engine} database…")
        if engine == "sqlite":
            models, migrations = _copy_sqlite(connection, database_file)
        else:
            models, migrations = _dump_postgresql(connection, database_file)

        log("Copying the uploaded files…")
        source = media_root()
        target = output / MEDIA_DIR
        target.mkdir()
        files = {}
        for relative in media_checksums(source):
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / relative, destination)
            # The checksum of the copy: what the backup holds.
            files[relative] = {
                "size": destination.stat().st_size,
                "sha256": file_sha256(destination),
            }

        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "engine": engine,
            "created_at": timezone.now().isoformat(),
            "django_version": django.get_version(),
            "database": {
                "file": database_file.name,
                "size": database_file.stat().st_size,
                "sha256": file_sha256(database_file),
            },
            "migrations": migrations,
            "models": models,
            "files": files,
        }
        # Written last, and whole: a folder without a manifest is not a backup.
        partial = output / f".{MANIFEST}.partial"
        partial.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
        partial.replace(output / MANIFEST)
        return manifest
    except BaseException:
        if created_folder:
            shutil.rmtree(output, ignore_errors=True)
        else:
            for child in output.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise


# Restore


def read_manifest(folder):
    """The manifest of the backup in ``folder``, checked for what this version can read."""
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            f"{folder} is not a complete backup: it has no {MANIFEST} "
            "(the backup may have been interrupted)."
        ) from None
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} cannot be read: {error}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Diplomacy Tracker backup manifest.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"This backup has format version {manifest.get('format_version')!r}; this "
            f"version of the application reads version {FORMAT_VERSION} only."
        )
    for key in ("engine", "database", "migrations", "models", "files"):
        if key not in manifest:
            raise BackupError(f"{path} is incomplete: it has no '{key}'.")
    if manifest["database"].get("file") not in DATABASE_FILES.values():
        raise BackupError(f"{path} names an unexpected database file.")
    for relative in manifest["files"]:
        # A file outside the media folder (an absolute path, "..") would be written outside
        # MEDIA_ROOT on restore: such a manifest was not written by backup.
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
            raise BackupError(f"{path} names a file outside the media folder: {relative}.")
    return manifest


def check_backup(folder, manifest, *, using="default"):
    """Refuse a backup of another engine, of a newer application, or with a damaged or
    missing file. Return the migrations this application has that the backup has not."""
    folder = Path(folder)
    engine = engine_of(connections[using])
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; this installation uses "
            f"{engine}. Restore it on a {manifest['engine']} installation."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    in_backup = {tuple(item) for item in manifest["migrations"]}
    unknown = sorted(in_backup - known)
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            "This backup comes from a newer version of the application (migrations this "
            f"version does not have: {names}). Install that version first."
        )
    damaged = []
    expected = [(manifest["database"]["file"], manifest["database"])] + [
        (f"{MEDIA_DIR}/{relative}", facts) for relative, facts in manifest["files"].items()
    ]
    for relative, facts in expected:
        path = folder / relative
        if not path.is_file():
            damaged.append(f"{relative}: missing")
        elif path.stat().st_size != facts["size"] or file_sha256(path) != facts["sha256"]:
            damaged.append(f"{relative}: changed since the backup (checksum differs)")
    if damaged:
        shown = "; ".join(damaged[:10])
        more = f" and {len(damaged) - 10} more" if len(damaged) > 10 else ""
        raise BackupError(f"The backup is damaged, nothing was restored: {shown}{more}.")
    return sorted(known - in_backup)


def _restore_sqlite(connection, path):
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a database transaction.")
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(connection, path):
    """pg_restore --clean --if-exists --no-owner in one transaction. Extensions (unaccent,
    pg_trgm) are left in place rather than dropped and made again, which would need a
    superuser; any missing is created first."""
    settings_dict = connection.settings_dict
    env = _pg_env(settings_dict)
    table_of_contents = _run(["pg_restore", "--list", str(path)], env)
    entries, extensions = [], []
    for line in table_of_contents.splitlines():
        # "3; 3079 18560 EXTENSION - pg_trgm" and "4123; 0 0 COMMENT - EXTENSION pg_trgm"
        words = line.split()
        if not line.startswith(";") and len(words) >= 6 and "EXTENSION" in words[3:6]:
            if words[3] == "EXTENSION":
                extensions.append(words[-1])
            continue
        entries.append(line)
    if extensions:
        with connection.cursor() as cursor:
            for name in extensions:
                cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {connection.ops.quote_name(name)}")
    connection.close()
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as listing:
        listing.write("\n".join(entries) + "\n")
    try:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--use-list={listing.name}",
                f"--dbname={settings_dict['NAME']}",
                str(path),
            ],
            env,
        )
    finally:
        os.unlink(listing.name)


def restore_backup(folder, manifest, *, using="default", log=print, verify_models=True):
    """Replace the database and write the backup's files into MEDIA_ROOT (files not in the
    backup are left where they are). Return the verification report."""
    folder = Path(folder)
    connection = connections[using]
    database_file = folder / manifest["database"]["file"]
    log("Restoring the database…")
    if manifest["engine"] == "sqlite":
        _restore_sqlite(connection, database_file)
    else:
        _restore_postgresql(connection, database_file)
    ContentType.objects.clear_cache()

    log("Restoring the uploaded files…")
    root = media_root()
    for relative in manifest["files"]:
        destination = root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / MEDIA_DIR / relative, destination)
    return verify(manifest, using=using, models=verify_models)


def verify(manifest, *, using="default", models=True):
    """Compare the database (unless ``models`` is false) and MEDIA_ROOT with the manifest:
    a dict with ``problems`` (empty when identical) and the figures checked."""
    problems = []
    now = model_checksums(using) if models else {}
    for label, facts in manifest["models"].items() if models else ():
        current = now.get(label)
        if current is None:
            problems.append(f"{label}: no such model in this version")
        elif current["rows"] != facts["rows"]:
            problems.append(f"{label}: {current['rows']} rows, the backup has {facts['rows']}")
        elif current["sha256"] != facts["sha256"]:
            problems.append(f"{label}: the rows differ from the backup's (checksum)")
    files = media_checksums(media_root())
    for relative, facts in manifest["files"].items():
        if files.get(relative, {}).get("sha256") != facts["sha256"]:
            problems.append(f"media/{relative}: missing or different")
    extra = sorted(set(files) - set(manifest["files"]))
    return {
        "problems": problems,
        "models": len(manifest["models"]),
        "rows": sum(facts["rows"] for facts in manifest["models"].values()),
        "files": len(manifest["files"]),
        "extra_files": extra,
    }
