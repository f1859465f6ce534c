"""What an import reports: ``RowError`` (a row, a column, a reason), ``ImportReport``
(the counts, the errors, the notes), and ``report_from`` to make one from the library's
``Result``."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from import_export.results import Result, RowResult

# --- Reports ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet row (header = 1), the column (None: the whole row or
    file) and the reason, in the language of the import."""

    row_number: int
    column: str | None
    message: str

    def __str__(self):
        if self.column:
            return _("Row {row}, column “{column}”: {message}").format(
                row=self.row_number, column=self.column, message=self.message
            )
        return _("Row {row}: {message}").format(row=self.row_number, message=self.message)


@dataclass
class ImportReport:
    """What an import did (or, for a preview, would do)."""

    dry_run: bool
    total: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    invalid: int = 0
    errors: list = dataclass_field(default_factory=list)
    notes: list = dataclass_field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def saved(self):
        """True when records were written (an import, not a preview, without errors)."""
        return self.ok and not self.dry_run

    def summary(self):
        return _(
            "{total} rows: {new} new, {updated} updated, {skipped} unchanged, {invalid} invalid."
        ).format(
            total=self.total,
            new=self.new,
            updated=self.updated,
            skipped=self.skipped,
            invalid=self.invalid,
        )


class ImportHeaderError(ValueError):
    """The header row does not fit the type (the wrong sheet, a missing column)."""


class ImportResult(Result):
    """A Result whose row errors carry spreadsheet row numbers."""

    def row_errors(self):
        return [(row.number, row.errors) for row in self.error_rows]


def report_from(result, *, dry_run):
    """An ``ImportReport`` from an import-export ``Result``: every message as text in the
    active language, sorted by row and column order."""
    totals = result.totals
    report = ImportReport(
        dry_run=dry_run,
        total=result.total_rows if not result.base_errors else 0,
        new=totals[RowResult.IMPORT_TYPE_NEW],
        updated=totals[RowResult.IMPORT_TYPE_UPDATE],
        skipped=totals[RowResult.IMPORT_TYPE_SKIP],
        invalid=totals[RowResult.IMPORT_TYPE_INVALID] + totals[RowResult.IMPORT_TYPE_ERROR],
    )
    order = {column: index for index, column in enumerate(getattr(result, "column_order", []))}
    errors = []
    for error in result.base_errors:
        errors.append(RowError(1, None, str(error.error)))
    for row in result.invalid_rows:
        for key, messages in row.error_dict.items():
            column = None if key == NON_FIELD_ERRORS else key
            errors.extend(RowError(row.number, column, str(message)) for message in messages)
    for row in result.error_rows:
        for error in row.errors:
            errors.append(
                RowError(
                    row.number,
                    None,
                    _("This row could not be saved: {error}").format(error=error.error),
                )
            )
    report.errors = sorted(
        errors, key=lambda e: (e.row_number, order.get(e.column, len(order)), e.message)
    )
    report.notes = sorted(getattr(result, "notes", []), key=lambda note: note.row_number)
    return report
