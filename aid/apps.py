from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "aid"
    verbose_name = _("Aid projects")

    def ready(self):
        from . import conversions
        from .models import ExchangeRate

        # A rate added, changed or deleted converts again the amounts it governs.
        pre_save.connect(conversions.rate_before_save, sender=ExchangeRate)
        post_save.connect(conversions.rate_saved, sender=ExchangeRate)
        post_delete.connect(conversions.rate_deleted, sender=ExchangeRate)
