"""``dt_unaccent()``: PostgreSQL's ``unaccent()`` declared IMMUTABLE, so that indexes can
be built on it (see ``core.db.ImmutableUnaccent``). Nothing on SQLite."""

from django.db import migrations

DROP = "DROP FUNCTION IF EXISTS dt_unaccent(text)"


def create(apps, schema_editor):
    """The body names the extension's schema: pg_dump/pg_restore run with an empty
    search_path, and an index over dt_unaccent() is rebuilt there (backup and restore)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
        )
        schema = cursor.fetchone()[0]
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION dt_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
        f"AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_change_history")]
    operations = [migrations.RunPython(create, drop)]
