"""Edit conflicts: two people open the same record, both save; the second save is refused.

Every audited record's change form (and every change-list form, should an admin get
``list_editable``) carries a hidden ``edit_token``: the record's ``updated_at`` when the
form was shown. Every save bumps ``updated_at`` (the admin saves the record itself even when
only an inline row changed). On submission, inside the admin's transaction, the form locks
the row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite allows one writer at a time) and
compares: if the record was saved since, the form is invalid, nothing is saved (record,
lists nor inline rows), and the message names each field changed since, with the user's
value and the current one, and who changed it when (from the change history). The form is
shown again with the user's input and a fresh token: saving it again, after reading the
message, keeps the user's values knowingly.

A request without the token (a script, an old test) is not checked.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import history

TOKEN = "edit_token"


def token_of(value):
    """The token for an ``updated_at`` value (an ISO timestamp; empty for None)."""
    return value.isoformat() if value is not None else ""


def stored_updated_at(model, pk, *, lock=False):
    """The ``updated_at`` of row ``pk`` as stored now; ``lock``: hold its row lock until
    the end of the transaction (PostgreSQL; SQLite has one writer at a time anyway)."""
    queryset = model._base_manager.filter(pk=pk)
    connection = connections[router.db_for_write(model)]
    if lock and connection.features.has_select_for_update and connection.in_atomic_block:
        queryset = queryset.select_for_update()
    return queryset.values_list("updated_at", flat=True).first()


def _when(value):
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def conflict_message(form, opened_token, current_updated_at):
    """What changed since the form was opened, for the refusal message."""
    instance = form.instance
    model = type(instance)
    lines = [
        _(
            "This record was changed by someone else after you opened it. Nothing was "
            "saved. Review the changes below; to keep your values anyway, save again."
        )
    ]
    opened = None
    later = []
    if history.is_tracked(model):
        versions = model.history.filter(id=instance.pk).select_related("history_user")
        opened = next(
            (
                v
                for v in versions.order_by("-history_date")
                if token_of(v.updated_at) == opened_token
            ),
            None,
        )
        if opened is not None:
            later = list(
                versions.filter(history_date__gt=opened.history_date).order_by("history_date")
            )
    for version in later:
        lines.append(
            _("Changed by {user} at {time}.").format(
                user=version.history_user or _("an unknown user"), time=_when(version.history_date)
            )
        )
    if not later:
        updated_by = getattr(instance, "updated_by", None)
        stored = model._base_manager.select_related().filter(pk=instance.pk).first()
        if stored is not None:
            updated_by = getattr(stored, "updated_by", None)
        lines.append(
            _("Changed by {user} at {time}.").format(
                user=updated_by or _("an unknown user"), time=_when(current_updated_at)
            )
        )
    current = model._base_manager.filter(pk=instance.pk).first()
    fields = [f for f in history.tracked_fields(model) if f.name in form.fields]
    names = history._Names()
    rows = []
    for field in fields:
        if field.many_to_many:
            theirs_raw = tuple(sorted(obj.pk for obj in form.cleaned_data.get(field.name) or ()))
            now_raw = tuple(sorted(getattr(current, field.name).values_list("pk", flat=True)))
            opened_raw = None
            if opened is not None:
                opened_raw = tuple(
                    history._m2m_values(type(opened), [opened])[opened.history_id][field.name]
                )
        else:
            if field.name not in form.cleaned_data:
                continue
            probe = model(**{field.name: form.cleaned_data[field.name]})
            theirs_raw = history._raw(field, probe, {})
            now_raw = history._raw(field, current, {})
            opened_raw = history._raw(field, opened, {}) if opened is not None else None
        # A field changed since the form was opened (or, without that version, a field
        # where the user's value and the stored one differ).
        if (opened_raw if opened is not None else theirs_raw) == now_raw:
            continue
        for value in (theirs_raw, now_raw):
            if field.many_to_many:
                for pk in value:
                    names.want(field.related_model, pk)
            elif field.is_relation:
                names.want(field.related_model, value)
        rows.append((field, theirs_raw, now_raw))
    names.load()
    for field, theirs_raw, now_raw in rows:
        lines.append(
            _("{field}: your value “{yours}”, current value “{current}”.").format(
                field=capfirst(str(field.verbose_name)),
                yours=history.display_value(field, theirs_raw, names),
                current=history.display_value(field, now_raw, names),
            )
        )
    if opened is not None and not rows:
        lines.append(_("The changes were to the rows listed inside this record (or its lists)."))
    return lines


class EditTokenFormMixin:
    """Mixed into an audited record's admin form (``guarded_form`` does it): the hidden
    token and the check. ``check_unchanged_only``: skip forms the user did not change (the
    change list saves only those)."""

    check_unchanged_only = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is not None and TOKEN not in self.initial:
            if getattr(instance, "_history", None) is not None or not hasattr(
                instance, "updated_at"
            ):
                # A past version (the revert page): the token is the current row's.
                value = stored_updated_at(type(instance), instance.pk)
            else:
                value = instance.updated_at
            self.initial[TOKEN] = token_of(value)
        past = getattr(instance, "_history", None)
        if past is not None:
            # The revert page: the lists as they were in that version, not as they are.
            lists = history._m2m_values(type(past), [past])[past.history_id]
            for name, pks in lists.items():
                if name in self.fields:
                    self.initial[name] = pks

    @property
    def changed_data(self):
        return [name for name in super().changed_data if name != TOKEN]

    def has_changed(self):
        return bool(self.changed_data)

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        if instance.pk is None or not self.is_bound:
            return cleaned_data
        if self.check_unchanged_only and not self.has_changed():
            return cleaned_data
        sent = self.data.get(self.add_prefix(TOKEN))
        if sent is None:
            return cleaned_data  # no token sent: not a browser form (see the module)
        current = stored_updated_at(type(instance), instance.pk, lock=True)
        if current is None:
            raise ValidationError(
                _(
                    "This record was deleted by someone else after you opened it. Nothing was saved."
                ),
                code="edit_conflict",
            )
        if sent == token_of(current):
            return cleaned_data
        lines = conflict_message(self, sent, current)
        # Shown again with a fresh token: a second save, after reading this, goes through.
        self.data = self.data.copy()
        self.data[self.add_prefix(TOKEN)] = token_of(current)
        raise ValidationError(lines, code="edit_conflict")


def guarded_form(form_class, *, changelist=False):
    """``form_class`` with the hidden token and the conflict check."""
    attrs = {
        TOKEN: forms.CharField(
            label=gettext_lazy("version opened"), widget=forms.HiddenInput, required=False
        ),
        "check_unchanged_only": changelist,
        "__module__": form_class.__module__,
    }
    return type(form_class)(
        f"Guarded{form_class.__name__}", (EditTokenFormMixin, form_class), attrs
    )
