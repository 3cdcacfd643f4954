"""Both exports of one document (Word and PDF) at once.

Typst releases the GIL while it lays out the PDF, so the PDF is rendered in a second thread
while this one builds the DOCX: on a machine with two cores a long report takes about as long
as its slower export, not the sum of both.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from nianbao.documents.model import ReportDocument
from nianbao.documents.render.docx_report import render_docx
from nianbao.documents.render.pdf_report import render_pdf

__all__ = ["render_docx_and_pdf"]


def render_docx_and_pdf(doc: ReportDocument) -> tuple[bytes, bytes]:
    """(DOCX bytes, PDF bytes) of `doc`; an error in either export is raised here."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="nianbao-pdf") as pool:
        pdf = pool.submit(render_pdf, doc)
        docx = render_docx(doc)
        return docx, pdf.result()
