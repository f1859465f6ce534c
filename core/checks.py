"""System checks for conventions the rest of the code relies on."""

from django.apps import apps
from django.core.checks import Error, register

from .models import PublishableModel


@register()
def check_publish_permissions(app_configs, **kwargs):
    """Every publishable model declares its ``publish_<model>`` permission, or nobody
    (not even a Publisher) could make its records public."""
    errors = []
    if app_configs is None:
        models = apps.get_models()
    else:
        models = [model for config in app_configs for model in config.get_models()]
    for model in models:
        if not issubclass(model, PublishableModel):
            continue
        codename = f"publish_{model._meta.model_name}"
        if codename not in {code for code, _label in model._meta.permissions}:
            errors.append(
                Error(
                    f"{model.__name__} does not declare the '{codename}' permission.",
                    hint="Add it to Meta.permissions.",
                    obj=model,
                    id="core.E001",
                )
            )
    return errors
