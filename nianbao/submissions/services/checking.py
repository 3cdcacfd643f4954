"""年报体检 of a report: the report checker run on the uploaded DOCX/PDF, or on the in-platform
report rendered to Markdown; findings stored (JSON) with the report and shown before submission."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from nianbao.checker.models import CheckRun, CheckSource, CheckStatus
from nianbao.checker.services import check_run_create, check_run_execute
from nianbao.core.audit_display import name_codes
from nianbao.core.exceptions import ApplicationError
from nianbao.documents.builder import build_report_document, report_markdown
from nianbao.documents.model import DocumentError
from nianbao.reports.choices import AuthoringMode
from nianbao.reports.models import Report, ReportFile
from nianbao.submissions.references import broken_reference_reasons

__all__ = ["report_check", "report_check_input", "run_checker", "checker_summary"]


def run_checker(report: Report, content: bytes, filename: str) -> list[dict]:
    """Runs the report checker now and keeps the run (with the readable rendering each finding
    links to); returns its findings as dicts. An unreadable file is itself a finding."""

    earlier = CheckRun.objects.filter(report=report, source=CheckSource.SUBMISSION)
    same = earlier.filter(
        file_sha256=hashlib.sha256(content).hexdigest(), status=CheckStatus.DONE
    ).first()
    if same is not None:
        return list(same.findings)  # unchanged report: the last run still holds
    try:
        run = check_run_create(
            actor=None,
            content=content,
            filename=filename,
            organisation=report.organisation,
            report=report,
            source=CheckSource.SUBMISSION,
            framework_edition=report.cycle.framework_edition,
            background=False,
        )
    except ApplicationError as exc:
        return [_note("error", exc.message)]
    run = check_run_execute(run)
    # One automatic run per report in the 年报体检 history, not one per check.
    for old in earlier.exclude(pk=run.pk):
        old.file.delete(save=False)
        old.delete()
    if run.status == CheckStatus.FAILED:
        return [_note("error", run.error)]
    return list(run.findings)


def _note(severity: str, message: str) -> dict:
    return {
        "code": "checker.unavailable" if severity == "info" else "checker.unreadable",
        "severity": severity,
        "message": message,
        "location": {"label": "（全文）"},
        "excerpt": "",
        "values": [],
    }


def report_check_input(report: Report) -> tuple[bytes, str] | None:
    """What the checker reads: the uploaded file, or the platform report as Markdown."""
    if report.authoring_mode == AuthoringMode.UPLOAD:
        stored = getattr(report, "report_file", None) if _has_file(report) else None
        if stored is None:
            return None
        with stored.file.open("rb") as fh:
            return fh.read(), stored.filename or f"{report.title}.{stored.file_format}"

    broken = broken_reference_reasons(report)
    if broken:
        raise ApplicationError(
            f"年报正文中有 {len(broken)} 处引用找不到对应的图、表或案例，改正后才能组装全文。",
            reasons=broken,
        )
    try:
        doc = build_report_document(report, include_declaration=False)
        text = report_markdown(doc)
    except DocumentError as exc:
        raise ApplicationError(f"年报无法组装：{exc}") from None
    return text.encode("utf-8"), f"{report.title}（平台编写）.md"


def _has_file(report: Report) -> bool:

    return ReportFile.objects.filter(report=report).exists()


def report_check(*, report: Report) -> list[dict]:
    """Runs the checker and stores its findings on the report (no status change, no audit:
    it only reads the report)."""
    try:
        source = report_check_input(report)
    except ApplicationError as exc:
        findings = [_note("error", m) for m in (exc.message, *exc.reasons)]
    else:
        findings = [] if source is None else run_checker(report, source[0], source[1])
    report.checker_findings = findings
    report.checked_at = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        checker_findings=findings, checked_at=report.checked_at
    )
    return findings


SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def checker_summary(findings: list[dict]) -> dict:
    """Counts per severity and rows ready for a template."""
    rows = [
        {
            "severity": f.get("severity", "info"),
            "severity_label": SEVERITY_LABELS.get(f.get("severity"), f.get("severity")),
            "message": name_codes(f.get("message", "")),
            "location": (f.get("location") or {}).get("label", ""),
            "block": (f.get("location") or {}).get("block"),
            "excerpt": f.get("excerpt", ""),
        }
        for f in findings
    ]
    counts = {s: sum(1 for r in rows if r["severity"] == s) for s in SEVERITY_LABELS}
    return {"rows": rows, "counts": counts}
