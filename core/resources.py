"""Spreadsheet import and export of the city's local units (the ``units`` type; see
core.importing and docs/importing.md).

A unit is known by its Vietnamese name (unique, case ignored): a file without IDs updates
the unit of that name instead of adding a second. The parent unit is named in its own
column; list a parent before its children, or import the parents first.
"""

from django.utils.translation import gettext_lazy as _

from .importing import BaseRecordResource
from .models import LocalUnit


class LocalUnitResource(BaseRecordResource):
    natural_key = ("name",)
    template_example = {
        "name": _("Department of Health"),
        "name_en": "Department of Health",
        "abbreviation": "DOH",
        "kind": LocalUnit.Kind.DEPARTMENT,
        "parent": "",
        "is_active": True,
    }

    class Meta(BaseRecordResource.Meta):
        model = LocalUnit
        fields = ("id", "name", "name_en", "abbreviation", "kind", "parent", "is_active")
