"""CSV downloads of the public lists, written once.

The file opens correctly in Excel (UTF-8 with a byte-order mark, so Vietnamese is not
garbled) and is safe to open there: a cell that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an
apostrophe.
"""

import csv

from django.http import StreamingHttpResponse
from django.utils import translation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose ``write`` hands the line back to the streaming response."""

    def write(self, value):
        return value


def safe_cell(value):
    """A cell's text, defused if a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_response(filename, header, rows):
    """Stream ``rows`` (iterables of cells) under ``header`` as a CSV download."""
    writer = csv.writer(_Echo())
    # The rows are rendered while the response streams: keep the request's language.
    language = translation.get_language()

    def lines():
        with translation.override(language):
            yield from _lines()

    def _lines():
        yield "\ufeff" + writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
