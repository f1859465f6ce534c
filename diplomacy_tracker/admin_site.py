"""The admin site: our name, and a "view site" link to the public pages in the language
the admin is shown in (``/`` from ``/admin/``, ``/en/`` from ``/en/admin/``)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DiplomacyAdminSite(admin.AdminSite):
    site_header = _("Diplomacy Tracker")
    site_title = _("Diplomacy Tracker")
    index_title = _("Records of the Department of Foreign Affairs")
    # The changelists need the width more than a second copy of the index.
    enable_nav_sidebar = False

    def each_context(self, request):
        context = super().each_context(request)
        context["site_url"] = reverse("core:home")
        return context


class DiplomacyAdminConfig(AdminConfig):
    default_site = "diplomacy_tracker.admin_site.DiplomacyAdminSite"
