"""Renderers for exported documents (文档导出): DOCX and PDF reports, charts, progress forms."""

from nianbao.documents.charts import render_chart
from nianbao.documents.render.both import render_docx_and_pdf
from nianbao.documents.render.docx_report import render_docx
from nianbao.documents.render.pdf_report import render_pdf
from nianbao.documents.render.progress import (
    render_enterprise_report_list_docx,
    render_enterprise_report_list_xlsx,
    render_progress_summary_docx,
    render_progress_summary_xlsx,
)

__all__ = [
    "render_chart",
    "render_docx",
    "render_docx_and_pdf",
    "render_enterprise_report_list_docx",
    "render_enterprise_report_list_xlsx",
    "render_pdf",
    "render_progress_summary_docx",
    "render_progress_summary_xlsx",
]
