"""Facts the platform knows about a submission, which pre-fill the checklist: fact name →
(holds, a short Chinese explanation). Read from the submission's frozen snapshot, so the
reviewer judges what was submitted."""

from __future__ import annotations

from urllib.parse import urlsplit

from nianbao.cycles.models import ReportKind
from nianbao.reports.choices import AuthoringMode, ReportStatus
from nianbao.reports.models import Report, ReportSnapshot
from nianbao.review.models import ReviewSettings
from nianbao.validation.choices import ExplanationDecision

__all__ = ["submission_facts", "host_on_site", "missing_parts"]

DELIVERED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED)


def host_on_site(url: str, website: str) -> bool:
    """The publication URL's host is the organisation's own site or one of its subdomains."""
    host = (urlsplit(url).hostname or "").lower()
    site = (urlsplit(website).hostname or "").lower()
    if not host or not site:
        return False
    site = site.removeprefix("www.")
    return host == site or host.endswith("." + site)


def missing_parts(report: Report, snap: ReportSnapshot) -> list[str]:
    parts = report.framework_parts
    if snap.authoring_mode == AuthoringMode.UPLOAD:
        missing = {
            (f.get("location") or {}).get("label", "")
            for f in snap.checker_findings
            if f.get("code") == "framework.missing_part"
        }
        named = [p.name for p in parts if any(p.name in m for m in missing)]
        return named or (["（体检报告缺少框架部分）"] if missing else [])
    text = snap.text or {}
    filled = {
        item.get("part")
        for key in ("sections", "cases", "tables", "figures")
        for item in text.get(key, [])
        if key != "sections"
        or (item.get("body") or "").strip()
        or (item.get("title") or "").strip()
    }
    return [p.name for p in parts if p.code not in filled]


def _count(findings: list[dict], severity: str) -> int:
    return sum(1 for f in findings if f.get("severity") == severity)


def submission_facts(report: Report, snap: ReportSnapshot) -> dict[str, tuple[bool | None, str]]:
    facts: dict[str, tuple[bool | None, str]] = {}
    missing = missing_parts(report, snap)
    facts["framework_parts"] = (
        not missing,
        "框架部分齐全" if not missing else "缺少：" + "、".join(missing),
    )
    errors = _count(snap.checker_findings, "error")
    facts["checker_errors"] = (errors == 0, f"年报体检错误 {errors} 项")
    v_errors = _count(snap.validation_findings, "error")
    facts["validation_errors"] = (v_errors == 0, f"数据校验错误 {v_errors} 项")
    warnings = {
        f.get("rule_id") for f in snap.validation_findings if f.get("severity") == "warning"
    }
    accepted = set(
        report.finding_explanations.filter(decision=ExplanationDecision.ACCEPTED).values_list(
            "rule_id", flat=True
        )
    )
    unresolved = sorted(r for r in warnings - accepted if r)
    facts["unresolved_warnings"] = (
        not unresolved,
        f"预警 {len(warnings)} 项，未采纳/待审核说明 {len(unresolved)} 项"
        + (f"（{'、'.join(unresolved[:5])}）" if unresolved else ""),
    )
    declared = bool((snap.attachments or {}).get("declaration"))
    facts["declaration"] = (declared, "已上传" if declared else "未上传")
    org = report.owner_organisation
    if not snap.publication_url:
        facts["url_own_site"] = (False, "未填写发布网址")
    elif not org.website:
        facts["url_own_site"] = (None, "平台中没有本单位官方网站地址，请人工判断")
    else:
        on_site = host_on_site(snap.publication_url, org.website)
        facts["url_own_site"] = (
            on_site,
            f"{snap.publication_url} {'在' if on_site else '不在'}本单位网站 {org.website}",
        )
    first = report.snapshots.order_by("sequence").first()
    due = report.due_on
    if first is None or due is None:
        facts["on_time"] = (None, "没有截止日期")
    else:
        day = first.created_at.date()
        facts["on_time"] = (day <= due, f"首次提交 {day:%Y-%m-%d}，截止 {due:%Y-%m-%d}")
    if report.kind == ReportKind.SCHOOL:
        settings = ReviewSettings.objects.filter(cycle=report.cycle).first()
        quota = settings.quota_for(report.organisation) if settings else 1
        delivered = Report.objects.filter(
            cycle=report.cycle,
            kind=ReportKind.ENTERPRISE,
            compiling_school=report.organisation,
            status__in=DELIVERED,
        ).count()
        facts["enterprise_quota"] = (
            delivered >= quota,
            f"已报送企业年报 {delivered} 份，本年度要求至少 {quota} 份",
        )
    return facts
