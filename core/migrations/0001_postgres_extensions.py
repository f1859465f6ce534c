"""unaccent and pg_trgm, for diacritics-insensitive and fuzzy search on PostgreSQL.
Both operations do nothing on SQLite."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class PostgresOnly:
    """Django's CreateExtension skips other databases going forwards but not backwards."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Unaccent(PostgresOnly, UnaccentExtension):
    pass


class Trigram(PostgresOnly, TrigramExtension):
    pass


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [Unaccent(), Trigram()]
