"""Every aid amount kept converted to whole dong and US cents beside the amount itself, so
that the statistics add up thousands of rows in the database instead of converting each
in Python.

The conversion is ``aid.money.stored_amounts``: the rules of ``aid.money`` (the rate in
force on the row's date, rounded half up to the dong, then to the cent), ``None`` where a
rate is missing. It is kept true in three places:

- ``ConvertedOnSave.save()`` (an aid project's commitment, a disbursement) converts the
  row it saves (``convert``);
- a rate that is added, changed or deleted converts again every row whose rate in force
  it may have changed (``rate_saved``/``rate_deleted``, connected in ``AidConfig.ready``):
  the rows of its currency from its date to the next rate of that currency; for the
  dollar, the rows of every currency in that window, since every row's USD goes through
  the day's dollar rate;
- writers that bypass ``save()`` (the demo, the generator) convert as they write, and
  ``manage.py convert_aid_amounts`` converts every row again (``convert_all``), for a
  database edited by hand.
"""

from django.db import connection, transaction
from django.db.models import Q

from .currencies import USD
from .money import RateTable, stored_amounts

BATCH = 2000


# Rate changes and row saves must not interleave: a row saved while a rate changes could
# be converted with the rates as they were, after the change converted its window. On
# PostgreSQL a rate change holds this advisory lock exclusively and a row's save shares it
# (until their transactions end); SQLite lets one writer at a time anyway.
LOCK = 7_231_000_001


def hold_rates(exclusive=False):
    """Take the conversions' lock for the current transaction (see ``LOCK``)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s)", [LOCK])


def _rates_for(currency, day):
    """The rates a row of ``currency`` on ``day`` needs (its currency's and the dollar's,
    up to that day), as a ``RateTable``: one query."""
    from .models import ExchangeRate

    return RateTable(
        ExchangeRate.objects.filter(currency__in={currency, USD}, valid_from__lte=day)
        .order_by()
        .values_list("currency", "valid_from", "rate_to_vnd")
    )


def conversion_of(instance, rates=None):
    """(whole dong, US cents) of the amount of ``instance`` (an ``AidProject`` or a
    ``Disbursement``) on its date, each None without a rate."""
    amount, currency, day = (getattr(instance, name) for name in instance.CONVERTED[:3])
    if amount is None or not currency or day is None:
        return (None, None)
    return stored_amounts(amount, currency, day, rates or _rates_for(currency, day))


def convert(instance, rates=None):
    """Set the converted fields of ``instance`` from its amount, currency and date."""
    vnd, usd = conversion_of(instance, rates)
    setattr(instance, instance.CONVERTED[3], vnd)
    setattr(instance, instance.CONVERTED[4], usd)


def converted(instance, rates=None):
    """``instance`` with its converted fields set (``convert``): for ``bulk_create``,
    which does not call ``save()``."""
    convert(instance, rates)
    return instance


def convert_rows(model, rates, *, since=None, until=None, currency=None, fields=None, write=True):
    """Convert again the rows of ``model`` (``AidProject`` or ``Disbursement``; in a
    migration, their historical versions with ``fields``, their ``CONVERTED``) dated in
    [since, until), of ``currency`` when given, with ``rates`` (a ``RateTable``); write
    only those that changed, in batches (nothing with ``write=False``). Returns how many
    changed."""
    fields = fields or model.CONVERTED
    amount, currency_field, day, vnd, usd = fields
    rows = model._base_manager.order_by()
    if since is not None:
        rows = rows.filter(**{f"{day}__gte": since})
    if until is not None:
        rows = rows.filter(**{f"{day}__lt": until})
    if currency is not None:
        rows = rows.filter(**{currency_field: currency})
    changed = []
    count = 0
    for pk, *values, old_vnd, old_usd in rows.values_list(
        "pk", amount, currency_field, day, vnd, usd
    ).iterator(chunk_size=BATCH):
        pair = stored_amounts(*values, rates)
        if pair != (old_vnd, old_usd):
            if not write:
                count += 1
                continue
            changed.append(model(pk=pk, **{vnd: pair[0], usd: pair[1]}))
        if len(changed) >= BATCH:
            count += _write(model, changed, (vnd, usd))
    return count + _write(model, changed, (vnd, usd))


def _write(model, changed, fields):
    count = len(changed)
    if changed:
        model._base_manager.bulk_update(changed, fields, batch_size=BATCH)
        changed.clear()
    return count


def unconverted(queryset):
    """(amount, currency, date) of the rows of ``queryset`` (aid projects or
    disbursements) that lack a conversion, for want of a rate: the rows a total leaves
    out, which a page names."""
    amount, currency, day, vnd, usd = queryset.model.CONVERTED
    return (
        queryset.order_by()
        .filter(Q(**{f"{vnd}__isnull": True}) | Q(**{f"{usd}__isnull": True}))
        .values_list(amount, currency, day)
    )


def models_converted():
    from .models import AidProject, Disbursement

    return (AidProject, Disbursement)


def convert_after_rate_change(currency, valid_from):
    """Convert again what a rate of ``currency`` from ``valid_from`` governs, or governed
    before it was added, changed or deleted: the rows dated from ``valid_from`` to the
    next rate of that currency, of that currency (of every currency for the dollar).
    Returns how many rows changed."""
    from .models import ExchangeRate

    until = (
        ExchangeRate.objects.filter(currency=currency, valid_from__gt=valid_from)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    rates = RateTable()
    return sum(
        convert_rows(
            model,
            rates,
            since=valid_from,
            until=until,
            currency=None if currency == USD else currency,
        )
        for model in models_converted()
    )


def convert_all(write=True):
    """Convert every aid amount again; returns how many rows changed (with
    ``write=False``, how many would: 0 when every stored conversion is true)."""
    with transaction.atomic():
        hold_rates(exclusive=True)
        rates = RateTable()
        return sum(convert_rows(model, rates, write=write) for model in models_converted())


# Signal receivers (``AidConfig.ready``).


def rate_before_save(sender, instance, raw=False, **kwargs):
    """Remember what the rate was (its currency and first day) before this save."""
    instance._stored_key = None
    if instance.pk is not None and not raw:
        instance._stored_key = (
            sender._base_manager.filter(pk=instance.pk)
            .values_list("currency", "valid_from")
            .first()
        )


def rate_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loaddata: the rows come with their stored conversions
    keys = {(instance.currency, instance.valid_from)}
    if getattr(instance, "_stored_key", None):
        keys.add(instance._stored_key)
    with transaction.atomic():
        hold_rates(exclusive=True)
        # How many amounts changed, for the admin to say (``converted_rows``).
        instance.converted_rows = sum(
            convert_after_rate_change(currency, valid_from) for currency, valid_from in sorted(keys)
        )


def rate_deleted(sender, instance, **kwargs):
    with transaction.atomic():
        hold_rates(exclusive=True)
        instance.converted_rows = convert_after_rate_change(instance.currency, instance.valid_from)
