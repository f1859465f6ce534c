"""The annual summary (and any period's): ``build_report`` makes its content from the
statistics layer; ``render`` writes it as XLSX, DOCX or PDF."""

from .content import Column, Figure, Report, Section, Table, build_report

# Imported here, not lazily: importing the module ``render`` sets the package's attribute
# of that name to the module, which this import then replaces with the function.
from .render import render

__all__ = ["Column", "Figure", "Report", "Section", "Table", "build_report", "render"]
