"""Database functions that behave the same on SQLite and PostgreSQL.

- ``CaseFold``: case-insensitive uniqueness that folds Vietnamese capitals on SQLite too.
- ``__unaccent``: django.contrib.postgres registers this lookup on every CharField and
  TextField (``name__unaccent__icontains="kaposvar"`` finds "Kaposvár"); it calls the
  ``unaccent`` extension on PostgreSQL, and the Python function registered below on SQLite,
  so diacritics-insensitive search works on both.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Func


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
