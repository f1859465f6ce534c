"""The conversions' lock (aid.conversions.hold_rates) on PostgreSQL: a rate change and a
row's save never interleave, so a rate change cannot miss a row saved meanwhile, nor a row
be converted with rates that change before it commits. A module of its own: transactional
tests, apart from the demo that another module keeps open in a transaction."""

import contextlib
import datetime

import pytest
from django.db import OperationalError, connection, transaction

from aid.conversions import LOCK
from aid.models import AidProject, ExchangeRate
from tests.factories import AidProjectFactory, ExchangeRateFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's advisory locks"),
    pytest.mark.django_db(transaction=True),
]


@contextlib.contextmanager
def elsewhere_holding(function):
    """Another session holding the lock (``function``: exclusive or shared) in an open
    transaction; it ends when the block does. Every wait gives up after 5 s: no hang."""
    import psycopg

    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"],
        password=settings["PASSWORD"],
    )
    try:
        other.execute("SET lock_timeout = '5s'")
        other.execute(f"SELECT {function}(%s)", [LOCK])
        yield
    finally:
        other.close()


def refused_while_waiting(write):
    with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '300ms'")
        write()


def test_a_rate_change_waits_for_a_row_being_saved_elsewhere():
    def add_rate():
        ExchangeRateFactory(currency="USD", valid_from=datetime.date(2021, 1, 1))

    with elsewhere_holding("pg_advisory_xact_lock_shared"):  # a project's save under way
        refused_while_waiting(add_rate)
        assert not ExchangeRate.objects.exists()
    add_rate()  # once that save ended
    assert ExchangeRate.objects.count() == 1


def test_a_row_saved_while_a_rate_changes_elsewhere_waits_for_it():
    with elsewhere_holding("pg_advisory_xact_lock"):  # a rate change under way
        refused_while_waiting(AidProjectFactory)
        assert not AidProject.objects.exists()
    AidProjectFactory()
    assert AidProject.objects.count() == 1
