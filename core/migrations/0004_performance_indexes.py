"""``dt_unaccent()``: PostgreSQL's ``unaccent()`` declared IMMUTABLE, so that indexes can
be built on it (see ``core.db.ImmutableUnaccent``). Nothing on SQLite."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION dt_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$
"""
DROP = "DROP FUNCTION IF EXISTS dt_unaccent(text)"


class OnPostgreSQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_change_history")]
    operations = [OnPostgreSQL(CREATE, DROP)]
