"""The search's indexes on PostgreSQL (nothing on SQLite).

``immutable_unaccent(text)``: PostgreSQL's ``unaccent`` is only STABLE (its dictionary could
change), so it cannot appear in an index; this wrapper names the dictionary and is declared
IMMUTABLE. Then, for every record type the search covers, a GIN index over the full-text
vector of its search document, and for partners a trigram (GIN, ``gin_trgm_ops``) index
over it too. The expressions are those ``search.engine.SearchDocument`` writes; change one
and the other together.
"""

from django.db import migrations

# (table, index name prefix, searched columns, trigram index too)
DOCUMENTS = [
    ("partners_foreignpartner", "search_partner", ("name", "name_vi", "name_original", "abbreviation"), True),
    ("delegations_delegation", "search_delegation", ("title", "title_en", "head_name"), False),
    ("agreements_agreement", "search_agreement", ("title", "title_en", "reference_number"), False),
    ("conferences_conference", "search_conference", ("name", "name_en", "city"), False),
    ("aid_aidproject", "search_aidproject", ("title", "title_en"), False),
]


def document(columns):
    return "lower(immutable_unaccent(" + " || ' ' || ".join(columns) + "))"


def statements():
    for table, prefix, columns, trigram in DOCUMENTS:
        yield (
            f"CREATE INDEX {prefix}_fts_idx ON {table} USING gin "
            f"(to_tsvector('simple'::regconfig, {document(columns)}))",
            f"DROP INDEX IF EXISTS {prefix}_fts_idx",
        )
        if trigram:
            yield (
                f"CREATE INDEX {prefix}_trgm_idx ON {table} USING gin "
                f"({document(columns)} gin_trgm_ops)",
                f"DROP INDEX IF EXISTS {prefix}_trgm_idx",
            )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
        )
        schema = cursor.fetchone()[0]
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f"$$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"
    )
    for create, _drop in statements():
        schema_editor.execute(create)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _create, drop in reversed(list(statements())):
        schema_editor.execute(drop)
    schema_editor.execute("DROP FUNCTION IF EXISTS immutable_unaccent(text)")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0001_postgres_extensions"),
        ("partners", "0002_relationship_founding_agreement"),
        ("delegations", "0001_initial"),
        ("agreements", "0002_agreement_conference"),
        ("conferences", "0001_initial"),
        ("aid", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
