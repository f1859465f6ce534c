"""The URL map. Public pages and the admin are translated: Vietnamese without a prefix,
English under ``/en/``."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import views as core_views

admin.site.site_header = _("Diplomacy Tracker")
admin.site.site_title = _("Diplomacy Tracker")
admin.site.index_title = _("Records of the Department of Foreign Affairs")
# The changelists need the width more than a second copy of the index.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", core_views.favicon),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("twin-cities/", include("partners.urls")),
    path("", include("core.urls")),
    prefix_default_language=False,
)
