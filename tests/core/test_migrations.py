"""The first migration prepares PostgreSQL for diacritics-insensitive and fuzzy search and
does nothing on SQLite; the migrations match the models."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db


def test_search_extensions_exist_on_postgresql_and_the_migration_is_applied_everywhere():
    applied = MigrationRecorder.Migration.objects.filter(
        app="core", name="0001_postgres_extensions"
    )
    assert applied.exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT extname FROM pg_extension")
            extensions = {row[0] for row in cursor.fetchall()}
        assert {"unaccent", "pg_trgm"} <= extensions
    else:
        # SQLite gets the same unaccent() from core.db instead of an extension.
        with connection.cursor() as cursor:
            cursor.execute("SELECT UNACCENT('Cần Thơ')")
            assert cursor.fetchone()[0] == "Can Tho"


def test_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
