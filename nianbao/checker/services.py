"""Platform side of the report checker: store an uploaded report, run the pure checker on it in
the background, keep the findings and a readable rendering of what was read."""

from __future__ import annotations

import hashlib
import time

from django.core.files.base import ContentFile
from django.db import transaction

from nianbao import checker
from nianbao.checker.metrics import qualified_name
from nianbao.checker.models import CheckRun, CheckSource, CheckStatus
from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.core.files import DOCX, PDF, inspect_archive, sniff_media
from nianbao.core.permissions import Action, require
from nianbao.indicators.selectors import report_catalog, report_values

__all__ = ["MAX_REPORT_BYTES", "sniff_report_format", "check_run_create", "check_run_execute"]

MAX_REPORT_BYTES = 50 * 1024 * 1024


def sniff_report_format(content: bytes, filename: str) -> str:
    """The format by content, not by name: docx, pdf, md or txt; raises ApplicationError."""
    media = sniff_media(content)
    if media in (PDF, DOCX):
        return "pdf" if media == PDF else "docx"
    if content.startswith(b"PK\x03\x04"):
        raise ApplicationError("该压缩文件不是 Word（.docx）文档。")
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ApplicationError("不支持旧版 Word（.doc）文件，请另存为 .docx 后上传。")
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        raise ApplicationError(
            "无法识别的文件格式：请上传 DOCX、PDF、Markdown 或纯文本（UTF-8）文件。"
        ) from None
    return "md" if filename.lower().endswith((".md", ".markdown")) else "txt"


def _checker_filename(fmt: str, original: str) -> str:
    """The pure checker dispatches on the extension; give it the sniffed one."""
    stem = original.rsplit(".", 1)[0] or "report"
    return f"{stem}.{fmt}"


@transaction.atomic
def check_run_create(
    *,
    actor,
    content: bytes,
    filename: str,
    organisation,
    report=None,
    source: str = CheckSource.UPLOAD,
    framework_edition: str = "",
    background: bool = True,
) -> CheckRun:
    if actor is not None:
        require(actor, Action.VIEW, organisation)
    if not content:
        raise ApplicationError("文件为空。")
    if len(content) > MAX_REPORT_BYTES:
        raise ApplicationError(f"文件过大（{len(content) // 1024 // 1024} MB），上限为 50 MB。")
    fmt = sniff_report_format(content, filename)
    if fmt == "docx":
        inspect_archive(content)  # no zip bomb reaches the reader
    run = CheckRun(
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation,
        report=report,
        source=source,
        file_name=filename[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        framework_edition=framework_edition or (report.cycle.framework_edition if report else ""),
    )
    run.file.save(_checker_filename(fmt, filename), ContentFile(content), save=False)
    run.save()
    if actor is not None:
        audit_record(actor=actor, action="checker.run", obj=run, organisation=organisation)
    if background:
        from nianbao.checker.tasks import run_check

        transaction.on_commit(lambda: run_check.enqueue(run_id=run.pk))
    return run


def report_data_tables(report) -> dict | None:
    """The report's submitted data tables in the checker's `--data` shape, so numbers in the text
    that name an indicator are compared with the table value."""

    try:
        catalog = report_catalog(report)
    except ApplicationError:
        return None
    values = report_values(report)
    rows = [
        {"code": code, "name": qualified_name(catalog.indicators, spec), "unit": spec.unit,
         "value": str(values[code])}
        for code, spec in catalog.indicators.items()
        if values.get(code) is not None and spec.is_numeric
    ]  # fmt: skip
    return {"level": catalog.level, "indicators": rows} if rows else None


def _block_dict(block) -> dict:
    kind = type(block).__name__
    if kind == "Table":
        return {"t": "table", "rows": [list(r) for r in block.rows], "caption": block.caption}
    if kind == "Heading":
        return {"t": "h", "level": min(max(block.level, 1), 4), "text": block.text}
    return {"t": {"Caption": "c", "ListEntry": "l"}.get(kind, "p"), "text": block.text}


def check_run_execute(run: CheckRun) -> CheckRun:
    """Reads the stored file and runs every checker rule; the result or the error is stored."""

    run.status = CheckStatus.RUNNING
    run.save(update_fields=["status", "updated_at"])
    started = time.perf_counter()
    try:
        with run.file.open("rb") as fh:
            content = fh.read()
        document = checker.read_bytes(content, run.file.name.rsplit("/", 1)[-1])
        kind = (
            run.report.kind
            if run.report
            else ("school" if run.organisation.kind == "school" else run.organisation.kind)
        )
        findings = checker.check_document(
            document,
            framework=run.framework_edition or None,
            kind=kind,
            data=report_data_tables(run.report) if run.report_id else None,
        )
    except (
        Exception
    ) as exc:  # the file is the user's: any failure to read it is reported, not raised
        run.status = CheckStatus.FAILED
        run.error = f"无法读取该报告：{exc}"[:2000]
        run.save(update_fields=["status", "error", "updated_at"])
        return run
    rows = [f.to_dict() for f in findings]
    run.findings = rows
    run.blocks = [_block_dict(b) for b in document.blocks]
    run.error_count = sum(1 for f in rows if f["severity"] == "error")
    run.warning_count = sum(1 for f in rows if f["severity"] == "warning")
    run.info_count = sum(1 for f in rows if f["severity"] == "info")
    run.duration_ms = int((time.perf_counter() - started) * 1000)
    run.status = CheckStatus.DONE
    run.save()
    return run
