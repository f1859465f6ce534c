"""The search's indexes on PostgreSQL (nothing on SQLite).

``immutable_unaccent(text)``: PostgreSQL's ``unaccent`` is only STABLE (its dictionary could
change), so it cannot appear in an index; this wrapper names the dictionary and is declared
IMMUTABLE (see ``create_unaccent``). Then, for every record type the search covers, a GIN
index over the full-text vector of its search document; for partners also a trigram (GIN,
``gin_trgm_ops``) index over it, for the names similar to a mistyped query, and a B-tree over the name alone for a name typed from
its start. The expressions are those ``search.engine.SearchDocument`` writes; change one
and the other together.
"""

from django.db import DatabaseError, migrations, transaction

# (table, index name prefix, searched columns, trigram index too)
DOCUMENTS = [
    (
        "partners_foreignpartner",
        "search_partner",
        ("name", "name_vi", "name_original", "abbreviation"),
        True,
    ),
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
    # A delegation's countries as an array (partners.involvement.HasCountry).
    yield (
        "CREATE INDEX search_delegation_countries_idx ON delegations_delegation "
        "USING gin (string_to_array(countries, ','))",
        "DROP INDEX IF EXISTS search_delegation_countries_idx",
    )
    # A partner's name as typed, or its beginning: always among the ranked hits.
    yield (
        "CREATE INDEX search_partner_name_idx ON partners_foreignpartner "
        f"({document(('name',))} text_pattern_ops)",
        "DROP INDEX IF EXISTS search_partner_name_idx",
    )


def create_unaccent(schema_editor):
    """``immutable_unaccent(text)``, inlinable by the planner: a SQL function over the C
    function of the extension declared IMMUTABLE (``search_unaccent_dict``), which only a
    superuser may create; without that right, over ``unaccent(regdictionary, text)``,
    correct but slower (PostgreSQL cannot inline it, being STABLE)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
        )
        schema = cursor.fetchone()[0]
        # Named with its schema: pg_restore rebuilds the indexes with an empty search_path.
        cursor.execute("SELECT current_schema()")
        own_schema = cursor.fetchone()[0]
    dictionary = f"'{schema}.unaccent'::regdictionary"
    body = f"{schema}.unaccent({dictionary}, $1)"
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {own_schema}.search_unaccent_dict(regdictionary, text) "
                "RETURNS text LANGUAGE c IMMUTABLE PARALLEL SAFE STRICT "
                "AS '$libdir/unaccent', 'unaccent_dict'"
            )
        body = f"{own_schema}.search_unaccent_dict({dictionary}, $1)"
    except DatabaseError:
        pass  # not a superuser: the slower, STABLE-wrapping function below
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT {body} $$"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    create_unaccent(schema_editor)
    for create, _drop in statements():
        schema_editor.execute(create)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _create, drop in reversed(list(statements())):
        schema_editor.execute(drop)
    schema_editor.execute("DROP FUNCTION IF EXISTS immutable_unaccent(text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS search_unaccent_dict(regdictionary, text)")


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
