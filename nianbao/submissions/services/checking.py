"""年报体检 of a report: the report checker run on the uploaded DOCX/PDF, or on the in-platform
report rendered to Markdown; findings stored (JSON) with the report and shown before submission."""

from __future__ import annotations

import inspect

from django.utils import timezone

from nianbao.core.exceptions import ApplicationError
from nianbao.submissions.choices import AuthoringMode
from nianbao.submissions.models import Report

__all__ = ["report_check", "report_check_input", "run_checker", "checker_summary"]


def run_checker(
    content: bytes, filename: str, *, edition: str, kind: str, values=None
) -> list[dict]:
    """Calls `nianbao.checker.check_bytes` with the arguments it accepts; findings as dicts.
    A checker that is missing or fails on the file yields one finding saying so."""
    try:
        from nianbao.checker import check_bytes
    except ImportError:
        return [_note("info", "年报体检组件暂不可用，未能体检。")]
    offered = {"framework": edition, "data": values, "kind": kind}
    params = inspect.signature(check_bytes).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    kwargs = {k: v for k, v in offered.items() if takes_any or k in params}
    try:
        findings = check_bytes(content, filename, **kwargs)
    except Exception as exc:  # the file is the user's: a failure to read it is a finding
        return [_note("error", f"无法读取该报告：{exc}")]
    return [f.to_dict() if hasattr(f, "to_dict") else dict(f) for f in findings]


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
            return fh.read(), f"report.{stored.file_format}"
    from nianbao.documents.builder import build_report_document, report_markdown
    from nianbao.documents.model import DocumentError

    try:
        doc = build_report_document(report, include_declaration=False)
        text = report_markdown(doc)
    except DocumentError as exc:
        raise ApplicationError(f"年报无法组装：{exc}") from None
    return text.encode("utf-8"), "report.md"


def _has_file(report: Report) -> bool:
    from nianbao.submissions.models import ReportFile

    return ReportFile.objects.filter(report=report).exists()


def _data_values(report: Report):
    if report.kind == "enterprise":
        return None
    try:
        from nianbao.indicators.selectors import report_values

        return report_values(report)
    except ImportError:
        return None


def report_check(*, report: Report) -> list[dict]:
    """Runs the checker and stores its findings on the report (no status change, no audit:
    it only reads the report)."""
    try:
        source = report_check_input(report)
    except ApplicationError as exc:
        findings = [_note("error", exc.message)]
    else:
        if source is None:
            findings = []
        else:
            findings = run_checker(
                source[0],
                source[1],
                edition=report.cycle.framework_edition,
                kind=report.kind,
                values=_data_values(report),
            )
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
            "message": f.get("message", ""),
            "location": (f.get("location") or {}).get("label", ""),
            "excerpt": f.get("excerpt", ""),
        }
        for f in findings
    ]
    counts = {s: sum(1 for r in rows if r["severity"] == s) for s in SEVERITY_LABELS}
    return {"rows": rows, "counts": counts}
