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


def _widget_value(bound_field):
    """What a browser would send for ``bound_field`` as rendered (None: nothing)."""
    field = bound_field.field
    value = bound_field.value()
    if field.disabled:
        return None
    widget = field.widget
    if getattr(widget, "input_type", None) == "checkbox" and not getattr(
        widget, "allow_multiple_selected", False
    ):
        return "on" if value else None
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value if item not in (None, "")]
    if value is None:
        return ""
    formatted = widget.format_value(value) if hasattr(widget, "format_value") else value
    if isinstance(formatted, (list, tuple)):  # a single select formats as a list
        formatted = formatted[0] if formatted else ""
    return "" if formatted is None else str(formatted)


def rendered_form_data(response):
    """The POST a browser would send from the admin change page ``response`` unchanged:
    the form's fields (hidden ones included), and every inline formset with its
    management form. Change a key to simulate an edit."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound_field in form:
            value = _widget_value(bound_field)
            if value is not None:
                data[bound_field.html_name] = value
                if bound_field.field.show_hidden_initial:
                    # A browser also sends the hidden initial value (fields with a callable
                    # default, e.g. an attachment's date): unchanged extra rows are skipped.
                    data[bound_field.html_initial_name] = value
    return data
