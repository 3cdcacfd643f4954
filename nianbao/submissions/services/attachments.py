"""内容真实性责任声明 (upload and a pre-filled template to print and sign) and the
年报发布网址 of a report."""

from __future__ import annotations

import io

from django.db import transaction

from nianbao.core.audit import audit_record, snapshot
from nianbao.core.exceptions import ApplicationError
from nianbao.core.files import JPEG, PDF, PNG, require_upload
from nianbao.cycles.models import ReportKind
from nianbao.reports.models import AuthenticityDeclaration, Report
from nianbao.reports.permissions import require_editable, require_write
from nianbao.reports.text import url_on_site, url_problem
from nianbao.submissions.services.stored_files import slot_replace

__all__ = [
    "MAX_DECLARATION_BYTES",
    "declaration_upload",
    "declaration_template_docx",
    "publication_url_set",
    "publication_url_warning",
]

MAX_DECLARATION_BYTES = 10 * 1024 * 1024
_EXT = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


@transaction.atomic
def declaration_upload(
    *, actor, report: Report, filename: str, content: bytes
) -> AuthenticityDeclaration:
    """Stores the signed and stamped declaration (PDF/JPG/PNG by content, at most 10 MB);
    a new upload replaces the previous one."""
    require_write(actor, report)
    require_editable(report)
    media = require_upload(
        content,
        allowed=(PDF, JPEG, PNG),
        max_bytes=MAX_DECLARATION_BYTES,
        what="内容真实性责任声明",
    )
    declaration, before = slot_replace(
        model=AuthenticityDeclaration,
        report=report,
        content=content,
        stem="declaration",
        ext=_EXT[media],
        fields={
            "filename": filename[:255] or f"declaration.{_EXT[media]}",
            "media_type": media,
            "uploaded_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action="declaration.upload",
        obj=declaration,
        organisation=report.owner_organisation,
        before=before,
        after=snapshot(declaration, ["filename", "media_type", "size", "sha256"]),
    )
    return declaration


def publication_url_warning(report: Report, url: str) -> str | None:
    """A warning (not a refusal) when the URL is not on the organisation's own site."""
    if report.kind == ReportKind.ENTERPRISE:
        # An enterprise report may sit on the enterprise's site or on the partner school's.
        sites = [report.organisation.website]
        if report.compiling_school_id:
            sites.append(report.compiling_school.website)
        sites = [w for w in sites if w]
        if url and sites and not any(url_on_site(url, w) for w in sites):
            return "年报发布网址既不在本企业官网、也不在合作学校官网域名下，请确认网址无误。"
        return None
    website = report.organisation.website
    if url and website and not url_on_site(url, website):
        return f"年报发布网址不在本单位官方网站（{website}）域名下，请确认网址无误。"
    return None


@transaction.atomic
def publication_url_set(*, actor, report: Report, url: str) -> str | None:
    """Stores the 年报发布网址 (a well-formed http(s) URL); returns a warning or None."""
    require_write(actor, report)
    require_editable(report)
    url = (url or "").strip()
    problem = url_problem(url)
    if problem:
        raise ApplicationError(problem)
    before = snapshot(report, ["publication_url"])
    report.publication_url = url
    report.full_clean(validate_unique=False, validate_constraints=False)
    report.save(update_fields=["publication_url", "updated_at"])
    audit_record(
        actor=actor,
        action="report.publication_url",
        obj=report,
        organisation=report.owner_organisation,
        before=before,
        after=snapshot(report, ["publication_url"]),
    )
    return publication_url_warning(report, url)


def declaration_template_docx(report: Report) -> bytes:
    """附件1 内容真实性责任声明, pre-filled with the organisation's full name and the edition."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")

    def para(text: str, *, align=None, bold=False, size=None, space=12):
        p = document.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_after = Pt(space)
        return p

    para("附件1", space=24)
    para("内容真实性责任声明", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=22, space=36)
    unit = "市" if report.kind == "city" else ("企业" if report.kind == "enterprise" else "学校")
    body = para(
        f"{unit}对《{report.title}》（{report.cycle.year} 年度）的真实性、完整性和准确性负责。"
    )
    body.paragraph_format.first_line_indent = Pt(32)
    indent = para("特此声明。")
    indent.paragraph_format.first_line_indent = Pt(32)
    para("", space=36)
    para(f"单位名称（盖章）：{report.organisation.name}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    signer = (
        "（学校）法定代表人（签名）：" if report.kind != "enterprise" else "法定代表人（签名）："
    )
    para(signer + "　" * 6, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para("年　　月　　日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
