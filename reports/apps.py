from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and statistics")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import invalidate

        # Any change to a record drops the cached dashboard figures (see reports.cache).
        # Connected without a sender: ``invalidate`` keeps only the record apps' models, so
        # a record type added later is covered without touching this.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(invalidate, dispatch_uid=f"reports_invalidate_{signal!r}")
