"""Database functions that behave the same on SQLite and PostgreSQL.

- ``CaseFold``: case-insensitive uniqueness that folds Vietnamese capitals on SQLite too.
- ``__unaccent``: django.contrib.postgres registers this lookup on every CharField and
  TextField (``name__unaccent__icontains="kaposvar"`` finds "Kaposvár"); it calls the
  ``unaccent`` extension on PostgreSQL, and the Python function registered below on SQLite,
  so diacritics-insensitive search works on both.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.migrations import AddIndex, RemoveIndex
from django.db.models import Func, Transform


class CaseFold(Func):
    """Lower-case text for case-insensitive uniqueness: ``CaseFold("name")``.

    PostgreSQL's LOWER() folds every letter under a UTF-8 locale, but SQLite's folds only
    ASCII, so 'SỞ Y TẾ' and 'Sở Y tế' would count as different names there. On SQLite this
    calls Python's str.lower() instead, registered on every connection below.
    """

    function = "LOWER"
    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="DT_LOWER", **extra_context)


def _lower(value):
    return None if value is None else str(value).lower()


def strip_diacritics(value):
    """'Cần Thơ' -> 'Can Tho', 'Đà Nẵng' -> 'Da Nang', as PostgreSQL's unaccent does."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFD", str(value))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        # deterministic=True lets SQLite use the function in an index (the unique ones).
        connection.connection.create_function("DT_LOWER", 1, _lower, deterministic=True)
        connection.connection.create_function("UNACCENT", 1, strip_diacritics, deterministic=True)


connection_created.connect(register_sqlite_functions, dispatch_uid="core.db.sqlite_functions")


class ImmutableUnaccent(Transform):
    """``__unaccent`` that PostgreSQL can index: PostgreSQL's own ``unaccent()`` is only
    STABLE (its dictionary could change), and an index expression must be IMMUTABLE. The
    ``dt_unaccent()`` wrapper (created by ``core.0004_performance_indexes``) calls it with
    the dictionary fixed, declared IMMUTABLE, as PostgreSQL's documentation suggests; the
    trigram indexes of the admin's search fields are on ``UPPER(dt_unaccent(field))``, the
    very expression an ``__unaccent__icontains`` lookup now compiles to. SQLite keeps the
    Python ``UNACCENT`` registered below. Registered on CharField and TextField in
    ``CoreConfig.ready``, after (and so in place of) django.contrib.postgres's own."""

    bilateral = True
    lookup_name = "unaccent"
    function = "UNACCENT"

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="dt_unaccent", **extra_context)


def trigram_index(field, name):
    """A GIN trigram index on ``UPPER(dt_unaccent(field))``: serves
    ``field__unaccent__icontains`` (the admin's and the public lists' search) on
    PostgreSQL. Declare it in a model's ``Meta.indexes``; SQLite skips it."""
    from django.contrib.postgres.indexes import GinIndex, OpClass
    from django.db.models.functions import Upper

    return GinIndex(OpClass(Upper(ImmutableUnaccentFunc(field)), name="gin_trgm_ops"), name=name)


class ImmutableUnaccentFunc(Func):
    """``dt_unaccent(expression)`` as an expression, for index definitions."""

    function = "dt_unaccent"
    arity = 1

    def __init__(self, expression, **extra):
        from django.db.models import TextField

        super().__init__(expression, output_field=TextField(), **extra)


class OnPostgreSQLOnly:
    """A migration operation that the migration state records everywhere and the database
    runs on PostgreSQL only."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnPostgreSQL(OnPostgreSQLOnly, AddIndex):
    """``AddIndex`` for an index only PostgreSQL has (a GIN trigram index, a covering
    index)."""


class RemoveIndexOnPostgreSQL(OnPostgreSQLOnly, RemoveIndex):
    """``RemoveIndex`` of an index that ``AddIndexOnPostgreSQL`` added."""
