"""System checks for conventions the rest of the code relies on."""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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


LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """In production, ``SITE_URL`` is the address users reach: reminder emails link to it
    and calendar events are named after its host. Left at its development default, every
    link in an email points at the reader's own machine."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if host in LOCAL_HOSTS:
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}, a local address: the links in reminder "
                "emails would lead nowhere.",
                hint="Set SITE_URL to the address users reach, e.g. "
                "https://doingoai.cantho.gov.vn (docs/deployment.md).",
                id="core.W001",
            )
        ]
    if not settings.SITE_URL.startswith("https://"):
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: the links in reminder emails would "
                "not use HTTPS.",
                hint="Serve the site over HTTPS and set SITE_URL to its https:// address.",
                id="core.W002",
            )
        ]
    return []
