"""The search's full-text vectors stored in their rows (PostgreSQL; nothing on SQLite).

0001 indexed an expression, ``to_tsvector('simple', lower(immutable_unaccent(…)))``: the
index finds the rows, but every row the planner then reads has its vector computed again
(unaccenting three text columns), to recheck it, to filter a walk in date order, and to rank
it. A query that matches half the delegations ("đoàn") read them all that way: seconds.

Here each searched table gains ``search_vector``, a generated column PostgreSQL keeps equal to
that same expression on every insert and update (no trigger, no code path can forget it),
with a GIN index over it. The expression index of 0001 goes. ``search.engine`` matches and
ranks on the column; its statistics (the most common words) let the planner choose between
the GIN index (a rare word) and walking the date index until a page of hits is found (a
word in every other title).

Also an index for the agreements' order in the search, newest signing first and the ones
not yet signed last (``signed_on DESC NULLS LAST``), which the other indexes cannot give.
"""

import importlib

from django.db import migrations

# The documents and their SQL, as 0001 wrote them (a module name cannot be imported
# with "from .0001…").
initial = importlib.import_module("search.migrations.0001_search_indexes")
DOCUMENTS, document = initial.DOCUMENTS, initial.document


def vector(columns):
    return f"to_tsvector('simple'::regconfig, {document(columns)})"


def statements():
    """(forwards, backwards) SQL pairs, in order."""
    for table, prefix, columns, _trigram in DOCUMENTS:
        yield (
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({vector(columns)}) STORED",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        )
        yield (
            f"CREATE INDEX {prefix}_vector_idx ON {table} USING gin (search_vector)",
            f"DROP INDEX IF EXISTS {prefix}_vector_idx",
        )
        yield (
            f"DROP INDEX IF EXISTS {prefix}_fts_idx",
            f"CREATE INDEX {prefix}_fts_idx ON {table} USING gin ({vector(columns)})",
        )
        yield (f"ANALYZE {table}", "SELECT 1")
    yield (
        "CREATE INDEX search_agreement_signed_idx ON agreements_agreement "
        "(signed_on DESC NULLS LAST, id DESC)",
        "DROP INDEX IF EXISTS search_agreement_signed_idx",
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql, _backwards in statements():
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _forwards, sql in reversed(list(statements())):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
