"""Reads of stored validation results, filtered through the user's scope."""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.core.permissions import Action, scope_q
from nianbao.validation.choices import KIND_LABELS, SEVERITY_LABELS
from nianbao.validation.models import ValidationResult


@dataclass(frozen=True)
class FindingRow:
    report_id: int
    school: str
    school_code: str
    city: str
    level: str
    rule_id: str
    severity: str
    message: str
    indicators: tuple[str, ...]
    kind: str = ""

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "数据核对")


def finding_rows(
    user,
    *,
    cycle,
    rule: str = "",
    kind: str = "",
    severity: str = "",
    city_id=None,
    level: str = "",
    school: str = "",
) -> list[FindingRow]:
    """Every stored finding of school reports in the user's validation scope, filtered."""
    results = ValidationResult.objects.filter(
        scope_q(user, Action.RUN_VALIDATION, prefix="report__organisation__"),
        report__cycle=cycle,
        report__kind="school",
    ).select_related("report__organisation__parent")
    if city_id:
        results = results.filter(report__organisation__parent_id=city_id)
    if level:
        levels = ["higher", "bachelor"] if level == "higher" else [level]
        results = results.filter(report__organisation__level__in=levels)
    if school:
        results = results.filter(report__organisation__name__icontains=school) | results.filter(
            report__organisation__code=school
        )
    rows = []
    for result in results.order_by("report__organisation__path"):
        org = result.report.organisation
        for f in result.findings:
            if rule and not f["rule_id"].startswith(rule):
                continue
            if severity and f["severity"] != severity:
                continue
            if kind and f.get("kind") != kind:
                continue
            rows.append(
                FindingRow(
                    report_id=result.report_id,
                    school=org.name,
                    school_code=org.code,
                    city=org.parent.name if org.parent_id else "",
                    level=org.get_level_display(),
                    rule_id=f["rule_id"],
                    severity=f["severity"],
                    message=f["message"],
                    indicators=tuple(f.get("indicators") or ()),
                    kind=f.get("kind", ""),
                )
            )
    return rows


def findings_for_entry(report, catalog) -> tuple[dict[str, list[dict]], list[dict]]:
    """The report's stored findings for the data-entry pages: per indicator code (shown next to
    the inputs) and as one summary list, each item knowing the table that holds its first cell.
    Validation runs on every save; a report never validated shows none."""

    result = ValidationResult.objects.filter(report=report).first()
    if result is None:
        return {}, []
    by_code: dict[str, list[dict]] = {}
    summary = []
    order = {"error": 0, "warning": 1, "info": 2}
    for finding in sorted(result.findings, key=lambda f: order.get(f["severity"], 9)):
        codes = [c for c in finding.get("indicators") or () if c in catalog.indicators]
        for code in codes:
            by_code.setdefault(code, []).append(finding)
        first = catalog.indicators[codes[0]] if codes else None
        summary.append(
            {
                **finding,
                "severity_label": SEVERITY_LABELS.get(finding["severity"], finding["severity"]),
                "table_code": first.table if first else "",
                "anchor": f"row-{codes[0]}" if codes else "",
            }
        )
    return by_code, summary
