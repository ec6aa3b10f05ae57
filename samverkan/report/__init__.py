"""The council's yearly report on one agreement: HTML from Jinja2 templates, PDF through WeasyPrint.

    data = report_data(store, agreement_iri, 2016)        # everything the report says, with its sources
    html = render_html(data)                               # a standalone A4 document, no navigation
    pdf = render_pdf(html)                                 # WeasyPrint (Pango); page numbers in the footer
"""

from .content import report_data
from .render import render_html, render_pdf, write_report

__all__ = ["render_html", "render_pdf", "report_data", "write_report"]
