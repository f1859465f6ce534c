"""The change history of every record (django-simple-history), readable.

Each record model declares ``history = RecordHistory(m2m_fields=[...])``. Every save and
delete then writes a historical row (who, when, every field's value); the many-to-many
fields named (sectors, partners...) are copied with it. What this module adds:

- ``RecordHistory``: no version for a many-to-many "change" that changed nothing (Django
  sends one each time a form saves an unchanged list), a version of the record when the
  list is changed from the other side, and ``write_version()`` so that the admin can save
  a record, its lists and its inlines and write *one* version at the end (not one per
  list).
- ``without_history()``: the demo data is loaded without versions.
- ``history_user(user)``: names the user of every version written inside it when there is
  no request (an import from the command line).
- ``describe_versions()``: each version's changes against the one before, field by field,
  with the field's verbose name and display values (choices by label, related records by
  name, dates formatted), in a constant number of queries per page of versions.
- ``deleted_versions()``: the last version of each deleted record of a model, for the
  "deleted records" page; ``restore_deleted()`` brings one back with its lists and the
  inline rows deleted with it.
"""

import contextlib
import threading
from datetime import timedelta
from types import SimpleNamespace

from django.db import models, transaction
from django.db.models import Max, prefetch_related_objects
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

AUDIT_FIELDS = {"created_at", "created_by", "updated_at", "updated_by"}
CREATED, CHANGED, DELETED = "+", "~", "-"
EMPTY = "—"

# Model class -> its RecordHistory, to write a version by hand.
_RECORDERS = {}
# Set inside without_history() (the demo data).
_paused = threading.local()


class RecordHistory(HistoricalRecords):
    """``HistoricalRecords`` for our records; see the module docstring."""

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            _RECORDERS[sender] = self

    def create_historical_record(self, instance, history_type, using=None):
        if getattr(_paused, "depth", 0):
            return
        super().create_historical_record(instance, history_type, using=using)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if action in ("post_add", "post_remove") and not pk_set:
            return  # a form saved the list unchanged
        if reverse:
            # sector.agreements.add(agreement): the changed records are the agreements.
            if action == "post_clear" or not pk_set:
                return
            for record in self.cls._base_manager.filter(pk__in=pk_set):
                self.create_historical_record(record, CHANGED)
            return
        super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


def is_tracked(model):
    return model in _RECORDERS


def write_version(instance, history_type=CHANGED):
    """Write one version of ``instance`` as it is now (its lists included)."""
    _RECORDERS[type(instance)].create_historical_record(instance, history_type)


@contextlib.contextmanager
def without_history():
    """Write no version inside the block: for the demo data (and a future data generator),
    which no staff member entered."""
    _paused.depth = getattr(_paused, "depth", 0) + 1
    try:
        yield
    finally:
        _paused.depth -= 1


@contextlib.contextmanager
def history_user(user):
    """Name ``user`` as the author of every version written inside the block, unless a
    request (the admin) already names one."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    has_user = getattr(getattr(previous, "user", None), "is_authenticated", False)
    if user is None or has_user:
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous


@contextlib.contextmanager
def one_version(instance):
    """Save ``instance`` and its lists inside the block without a version per save, then
    write one version."""
    adding = instance._state.adding
    instance.skip_history_when_saving = True
    try:
        yield
    finally:
        del instance.skip_history_when_saving
    write_version(instance, CREATED if adding else CHANGED)


# --- Reading the history ----------------------------------------------------------------


def tracked_fields(model):
    """The fields a version compares, in the form's order: editable, not the audit ones."""
    history_model = model.history.model
    fields = [
        field
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and field.editable
        and not field.primary_key
        and field.name not in AUDIT_FIELDS
    ]
    m2m = {field.name for field in history_model._history_m2m_fields}
    return [f for f in fields if not f.many_to_many or f.name in m2m]


def with_related(model, objects):
    """Fetch the records ``objects`` point to, one query per foreign key, so that their
    names (a relationship is named after its partner) cost no query each."""
    objects = list(objects)
    names = [field.name for field in model._meta.concrete_fields if field.many_to_one]
    if objects and names:
        prefetch_related_objects(objects, *names)
    return objects


class _Names:
    """Display names of the related records a page of versions mentions, fetched once per
    related model (deleted ones included, as "#id")."""

    def __init__(self):
        self.wanted = {}
        self.names = {}

    def want(self, model, pk):
        if pk is not None:
            self.wanted.setdefault(model, set()).add(pk)

    def load(self):
        for model, pks in self.wanted.items():
            found = model._base_manager.in_bulk(pks)
            with_related(model, found.values())
            for pk in pks:
                obj = found.get(pk)
                self.names[(model, pk)] = str(obj) if obj is not None else f"#{pk}"

    def name(self, model, pk):
        return self.names.get((model, pk), f"#{pk}")


def _m2m_values(history_model, records):
    """history_id -> field name -> sorted target pks, one query per list field."""
    values = {record.history_id: {} for record in records}
    for field in history_model._history_m2m_fields:
        m2m_history_model = getattr(history_model, field.name).model
        target = field.m2m_reverse_field_name()
        rows = m2m_history_model.objects.filter(history_id__in=list(values)).values_list(
            "history_id", f"{target}_id"
        )
        for history_id in values:
            values[history_id][field.name] = []
        for history_id, target_pk in rows:
            values[history_id][field.name].append(target_pk)
        for history_id in values:
            values[history_id][field.name].sort()
    return values


def _raw(field, record, m2m):
    if field.many_to_many:
        return tuple(m2m.get(field.name, ()))
    value = getattr(record, field.attname)
    if isinstance(field, CountryField) and field.multiple:
        return tuple(str(code) for code in value)
    if isinstance(field, CountryField):
        return str(value or "")
    if isinstance(field, models.FileField):
        return str(value or "")
    return value


def display_value(field, value, names):
    """``value`` (as ``_raw`` returns it) as a person reads it."""
    if value in (None, "", ()):
        return EMPTY
    if field.many_to_many:
        return "; ".join(names.name(field.related_model, pk) for pk in value)
    if isinstance(field, CountryField):
        from django_countries import countries

        codes = value if isinstance(value, tuple) else (value,)
        return ", ".join(str(countries.name(code) or code) for code in codes)
    if field.is_relation:
        return names.name(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(field, (models.DecimalField, models.FloatField, models.IntegerField)):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return Truncator(str(value)).chars(300)


def field_changes(model, old, new, names, old_m2m=None, new_m2m=None):
    """(field, old raw, new raw) for each tracked field that differs; ``old`` None: every
    field that has a value."""
    changes = []
    for field in tracked_fields(model):
        after = _raw(field, new, new_m2m or {})
        before = _raw(field, old, old_m2m or {}) if old is not None else None
        if old is None and after in (None, "", ()):
            continue
        if before != after:
            changes.append((field, before, after))
            for value in (before, after):
                if field.many_to_many:
                    for pk in value or ():
                        names.want(field.related_model, pk)
                elif field.is_relation and not isinstance(field, CountryField):
                    names.want(field.related_model, value)
    return changes


def describe_versions(model, records, previous=None):
    """For each version in ``records`` (newest first, as the history page lists them),
    a dict: the record, its kind, and its changes against the version before it (each
    ``{"field", "old", "new"}`` in display form). ``previous``: the version before the
    oldest one listed, if the page does not reach the first. Constant queries."""
    records = list(records)
    ordered = list(reversed(records))
    chain = ([previous] if previous is not None else []) + ordered
    m2m = _m2m_values(model.history.model, chain)
    names = _Names()
    raw = []
    for index, record in enumerate(chain):
        if previous is not None and index == 0:
            continue
        before = chain[index - 1] if index > 0 else None
        if record.history_type == DELETED:
            raw.append((record, [], False))
            continue
        changes = field_changes(
            model,
            before,
            record,
            names,
            m2m.get(before.history_id) if before is not None else None,
            m2m.get(record.history_id),
        )
        raw.append((record, changes, before is None))
    names.load()
    described = []
    for record, changes, baseline in reversed(raw):
        described.append(
            {
                "record": record,
                # No earlier version (created, or first saved after history began): the
                # values, without a "before".
                "baseline": baseline,
                "kind": {
                    CREATED: _("Created"),
                    CHANGED: _("Changed"),
                    DELETED: _("Deleted"),
                }[record.history_type],
                "changes": [
                    {
                        "field": capfirst(str(field.verbose_name)),
                        "old": EMPTY if baseline else display_value(field, before, names),
                        "new": display_value(field, after, names),
                    }
                    for field, before, after in changes
                ],
            }
        )
    return described


# --- Deleted records --------------------------------------------------------------------


def deleted_versions(model):
    """The deletion version of every record of ``model`` that no longer exists, newest
    first (a record deleted, restored and deleted again: its last deletion)."""
    history = model.history.model
    existing = model._base_manager.values("pk")
    last = (
        history.objects.filter(history_type=DELETED)
        .exclude(id__in=existing)
        .values("id")
        .annotate(last=Max("history_id"))
        .values("last")
    )
    return (
        history.objects.filter(history_id__in=last)
        .select_related("history_user")
        .order_by("-history_date")
    )


# Inline rows deleted with their record (a cascade) are written within this window.
CASCADE_WINDOW = timedelta(minutes=1)


def _last_kept_version(history_model, pk, before):
    return (
        history_model.objects.filter(id=pk, history_date__lte=before)
        .exclude(history_type=DELETED)
        .order_by("-history_date", "-history_id")
        .first()
    )


def _restore_one(deletion, user, may_publish):
    """Put back the record of the deletion version ``deletion`` with its lists as they
    were just before the deletion; returns it. A public record comes back internal unless
    ``may_publish(model)``."""
    model = deletion.instance_type
    instance = deletion.instance
    if getattr(instance, "visibility", None) == "public" and not may_publish(model):
        instance.visibility = "internal"
    instance._state.adding = True
    instance._history_user = user
    if hasattr(instance, "updated_by_id"):
        instance.updated_by = user
    kept = _last_kept_version(type(deletion), deletion.id, deletion.history_date)
    created_at = getattr(instance, "created_at", None)
    instance.skip_history_when_saving = True
    try:
        instance.save(force_insert=True)
        if created_at is not None:
            # auto_now_add stamped it now; a restored record keeps its creation date.
            model._base_manager.filter(pk=instance.pk).update(created_at=created_at)
            instance.created_at = created_at
        if kept is not None:
            m2m = _m2m_values(type(deletion), [kept])[kept.history_id]
            for name, pks in m2m.items():
                getattr(instance, name).set(pks)
    finally:
        del instance.skip_history_when_saving
    write_version(instance, CREATED)
    return model._base_manager.get(pk=instance.pk)


def restore_deleted(deletion, user, may_publish=lambda model: True):
    """Restore the record deleted in version ``deletion`` and the inline rows (members,
    sessions, disbursements...) deleted with it. One transaction: an error (a related
    record that is gone too, a name now taken) restores nothing and is raised."""
    model = deletion.instance_type
    with transaction.atomic():
        instance = _restore_one(deletion, user, may_publish)
        for child_model in _RECORDERS:
            for field in child_model._meta.get_fields():
                if not (
                    isinstance(field, models.ForeignKey)
                    and field.related_model is model
                    and field.remote_field.on_delete is models.CASCADE
                ):
                    continue
                history = child_model.history.model
                window = (
                    deletion.history_date - CASCADE_WINDOW,
                    deletion.history_date + CASCADE_WINDOW,
                )
                children = (
                    history.objects.filter(
                        history_type=DELETED,
                        history_date__range=window,
                        **{field.attname: instance.pk},
                    )
                    .exclude(id__in=child_model._base_manager.values("pk"))
                    .order_by("history_date")
                )
                seen = set()
                for child in children:
                    if child.id not in seen:
                        seen.add(child.id)
                        _restore_one(child, user, may_publish)
    return instance
