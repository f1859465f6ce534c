"""Helpers shared by the admin tests of every app."""

from django.urls import reverse
from django.utils import translation


def _admin_url(model, action, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


def changelist_url(model):
    return _admin_url(model, "changelist")


def add_url(model):
    return _admin_url(model, "add")


def change_url(obj):
    return _admin_url(type(obj), "change", obj.pk)


def delete_url(obj):
    return _admin_url(type(obj), "delete", obj.pk)


def form_errors(response):
    """Every error the admin form shows, field and non-field, as plain strings."""
    form = response.context["adminform"].form
    return [str(error) for errors in form.errors.values() for error in errors]


def constraint_message(model, name):
    """The constraint's message as a Vietnamese user reads it."""
    (constraint,) = [c for c in model._meta.constraints if c.name == name]
    with translation.override("vi"):
        return str(constraint.violation_error_message)
