"""Texts that installed libraries show on our pages without a Vietnamese translation of
their own: listed here so that ``make messages`` puts them in our catalogue
(``locale/vi``), which Django reads before the libraries'. The msgids must be exactly the
libraries' own. Nothing imports this module.

django-import-export (no Vietnamese catalogue): the Import and Export buttons of every
change list, the export page and the import form's labels.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

IMPORT_EXPORT = [
    gettext_noop("Import"),
    gettext_noop("Export"),
    gettext_noop("Select all"),
    gettext_noop("Submit"),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Resource"),
    gettext_noop("Format"),
    gettext_noop("File to import"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "len"),
]
