"""The report's file formats, and their names: ``render(report, "xlsx", stream)`` writes the
report; ``filename(report, "pdf")`` names the file (``bao-cao-doi-ngoai-2025.pdf``,
``foreign-affairs-report-2020-2025.xlsx``).

Each writer is imported when it is first used: WeasyPrint takes a while to load, and the
command or the download needs only one format.
"""

import datetime
import importlib
from dataclasses import dataclass

from django.utils import translation


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    content_type: str
    writer: str  # "module:function", imported when used

    def write(self, report, stream):
        module, function = self.writer.split(":")
        getattr(importlib.import_module(module), function)(report, stream)


FORMATS = {
    "xlsx": Format(
        "xlsx",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "reports.annual.xlsx:write_xlsx",
    ),
    "docx": Format(
        "docx",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "reports.annual.docx:write_docx",
    ),
    "pdf": Format("pdf", "pdf", "application/pdf", "reports.annual.pdf:write_pdf"),
}
LANGUAGES = ("vi", "en")

# The start of a file's name in each language: plain ASCII, as a file travels by email.
FILE_STEMS = {"vi": "bao-cao-doi-ngoai", "en": "foreign-affairs-report"}


def render(report, format, stream):
    """Write ``report`` to the binary ``stream`` in ``format`` ("xlsx", "docx", "pdf"),
    in the report's language. A ``KeyError`` for an unknown format."""
    with translation.override(report.language):
        FORMATS[format].write(report, stream)


def labels(report):
    """The period's label and the previous one's ("" when not compared), as the report
    writes them: "2020–2025" rather than the dates of a range of whole years."""
    period = getattr(report, "period_label", "") or report.period.label
    previous = getattr(report, "previous_label", "") or (
        report.previous.label if report.previous is not None else ""
    )
    return period, previous


def period_slug(start, end):
    """The period in a file's name: ``2025``, ``2020-2025`` (whole years), ``2025-q1`` (a
    quarter), ``2025-03`` (a month), else ``2025-01-01_2025-03-15``."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
    whole_months = start.day == 1 and (end + datetime.timedelta(days=1)).day == 1
    if whole_months and start.year == end.year:
        if start.month == end.month:
            return f"{start.year}-{start.month:02d}"
        if start.month % 3 == 1 and end.month == start.month + 2:
            return f"{start.year}-q{(start.month + 2) // 3}"
    return f"{start.isoformat()}_{end.isoformat()}"


def filename(report, format):
    """The file's name: the language's stem, the period, the format's extension."""
    stem = FILE_STEMS.get(report.language, FILE_STEMS["en"])
    period = report.period
    return f"{stem}-{period_slug(period.start, period.end)}.{FORMATS[format].extension}"
