"""Spreadsheet import and export of records (XLSX and CSV), shared by every record type.

Built on django-import-export. What this package adds, once for every type:

- **Strict widgets** that never guess: ``StrictDateWidget`` (dd/mm/yyyy, d/m/yyyy, ISO,
  Excel date cells), ``StrictDecimalWidget`` (either decimal convention; an ambiguous
  ``1.234`` is an error), ``StrictIntegerWidget``, ``YesNoWidget``, ``ChoiceWidget`` (stored
  value or label in Vietnamese or English), ``CountryWidget`` (ISO code or name in either
  language), ``NamedForeignKeyWidget`` / ``NamedManyToManyWidget`` (by name or code, accents
  and case ignored; several matches is an error naming them). Every widget raises
  ``ValueError`` with a translated message, which becomes a row error on its column.
- ``BaseRecordResource``: human column headers in the active language (a file with the
  headers in the other language, or the field names, is read too); an optional ``ID``
  column (empty: a new record; a number: that record is updated) and, where a type has one,
  a natural key (``natural_key``) so that re-importing a file without IDs updates instead of
  duplicating; every model rule (``full_clean`` and each database constraint) reported on
  its column; a header check that names the missing columns (the wrong sheet); blank rows
  ignored; row numbers as the spreadsheet shows them (header = row 1); visibility never
  imported as public unless the importing user may publish; audit fields stamped; cells
  that a spreadsheet would run as a formula escaped on export (and unescaped on import).
- ``IMPORT_TYPES`` / ``get_resource``: the type names of the commands.
- ``read_dataset``: a file's bytes to a dataset (first sheet of an XLSX; a CSV in UTF-8,
  with ``,`` ``;`` or tab as separator).
- ``run_import``: preview (``dry_run=True``) or import, all or nothing, returning an
  ``ImportReport`` (counts, ``RowError(row_number, column, message)`` list, notes).
- ``build_template``: a blank file to fill in (headers, an example row, the allowed values).
- ``export_rows`` / ``csv_export_response`` / ``xlsx_export_response``: streamed exports.

The modules: ``widgets`` (cells to values), ``base`` (``BaseRecordResource``), ``results``
(reports), ``files`` (reading files, templates, exports); everything is importable from
``core.importing``. The admin side (import/export buttons, preview, template download) is
``core.importing_admin.RecordImportExportMixin``.

Adding a type: subclass ``BaseRecordResource`` with ``Meta.model`` and ``Meta.fields``
(import/export order), ``template_example`` and, if the type has one, ``natural_key``;
declare a ``Field`` only where the defaults do not fit (see ``partners/resources.py``).
"""

from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .base import BaseRecordResource, constraint_column, is_choices_constraint
from .files import (
    FORMATS,
    CSVFormat,
    XLSXFormat,
    allowed_values,
    build_template,
    csv_export_response,
    export_rows,
    format_for,
    read_dataset,
    template_row,
    xlsx_cell,
    xlsx_export_response,
)
from .results import ImportHeaderError, ImportReport, ImportResult, RowError, report_from
from .widgets import (
    COUNTRY_ALIASES,
    LANGUAGES,
    LOOKUPS,
    ChoiceWidget,
    CountryWidget,
    IdWidget,
    NamedForeignKeyWidget,
    NamedManyToManyWidget,
    StrictDateWidget,
    StrictDecimalWidget,
    StrictIntegerWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
    create_partner,
    date_forms_hint,
    find_country,
    format_plain_number,
    is_blank,
    lookup_for,
    norm,
    parse_number,
    unescape_cell,
)

IMPORT_TYPES = {
    "delegations": "delegations.resources.DelegationResource",
    "agreements": "agreements.resources.AgreementResource",
    "conferences": "conferences.resources.ConferenceResource",
    "aid": "aid.resources.AidProjectResource",
    "partners": "partners.resources.ForeignPartnerResource",
    "relationships": "partners.resources.RelationshipResource",
    "units": "core.resources.LocalUnitResource",
    "rates": "aid.resources.ExchangeRateResource",
}


def get_resource(import_type):
    """The resource class for a type name of ``IMPORT_TYPES`` (``"rates"``, say)."""
    try:
        path = IMPORT_TYPES[import_type]
    except KeyError:
        raise ValueError(
            _("Unknown type “{type}”. Choose one of: {types}.").format(
                type=import_type, types=", ".join(IMPORT_TYPES)
            )
        ) from None
    return import_string(path)


def run_import(
    resource, dataset, *, dry_run, user=None, language=None, create_missing_partners=False
):
    """Import ``dataset`` with ``resource`` (a class or an instance), or preview it with
    ``dry_run=True``. All or nothing: if any row is invalid, nothing is saved. Messages and
    headers in ``language`` (default: the active one). Returns an ``ImportReport``."""
    language = language or translation.get_language()
    with translation.override(language):
        if isinstance(resource, type):
            resource = resource(user=user, create_missing_partners=create_missing_partners)
        elif user is not None:
            resource.user = user
        result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, user=user)
        return report_from(result, dry_run=dry_run)


__all__ = [
    "COUNTRY_ALIASES",
    "FORMATS",
    "IMPORT_TYPES",
    "LANGUAGES",
    "LOOKUPS",
    "BaseRecordResource",
    "CSVFormat",
    "ChoiceWidget",
    "CountryWidget",
    "IdWidget",
    "ImportHeaderError",
    "ImportReport",
    "ImportResult",
    "NamedForeignKeyWidget",
    "NamedManyToManyWidget",
    "RowError",
    "StrictDateWidget",
    "StrictDecimalWidget",
    "StrictIntegerWidget",
    "TextWidget",
    "XLSXFormat",
    "YesNoWidget",
    "xlsx_cell",
    "allowed_values",
    "build_template",
    "cell_text",
    "constraint_column",
    "create_partner",
    "csv_export_response",
    "date_forms_hint",
    "export_rows",
    "find_country",
    "format_for",
    "format_plain_number",
    "get_resource",
    "is_blank",
    "is_choices_constraint",
    "lookup_for",
    "norm",
    "parse_number",
    "read_dataset",
    "report_from",
    "run_import",
    "template_row",
    "unescape_cell",
    "xlsx_export_response",
]
