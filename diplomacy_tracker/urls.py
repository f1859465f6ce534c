"""The URL map. Public pages and the admin are translated: Vietnamese without a prefix,
English under ``/en/``."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", core_views.favicon),
    # Files, in no language: access is decided per file (attachments.views).
    path("attachments/", include("attachments.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("twin-cities/", include("partners.urls")),
    path("delegations/", include("delegations.urls")),
    path("agreements/", include("agreements.urls")),
    path("conferences/", include("conferences.urls")),
    path("aid/", include("aid.urls")),
    path("", include("reminders.urls")),  # before the dashboard: /dashboard/reminders/
    path("dashboard/", include("reports.urls")),
    path("", include("search.urls")),
    path("", include("core.urls")),
    prefix_default_language=False,
)
