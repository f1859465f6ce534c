"""A URL map for tests/test_edit_conflicts.py: the project's, plus an admin site whose
sector admin has ``list_editable`` (no admin of the project has one today), to prove that a
change list's editable rows are guarded too."""

from django.contrib import admin
from django.urls import path

from core.admin import SectorAdmin
from core.models import Sector
from diplomacy_tracker.admin_site import DiplomacyAdminSite
from diplomacy_tracker.urls import urlpatterns as project_urlpatterns

editable_site = DiplomacyAdminSite(name="editable_admin")


class EditableSectorAdmin(SectorAdmin):
    list_display = ["code", "name", "name_en"]
    list_display_links = ["code"]
    list_editable = ["name", "name_en"]


editable_site.register(Sector, EditableSectorAdmin)
assert isinstance(editable_site._registry[Sector], admin.ModelAdmin)

urlpatterns = [path("editable-admin/", editable_site.urls), *project_urlpatterns]
