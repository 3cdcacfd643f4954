"""Running the validation engine on stored data, explanations of warnings, and the submission
guard. The engine (`nianbao.validation.engine`) is pure; this module loads data, calls it and
stores the result."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from nianbao.core.audit import audit_record, snapshot
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require, scope_q
from nianbao.indicators.selectors import (
    previous_report_values,
    report_catalog,
    report_values,
    values_for_reports,
)
from nianbao.reports.models import Report
from nianbao.validation import engine
from nianbao.validation.choices import ExplanationDecision
from nianbao.validation.models import FindingExplanation, ValidationResult

__all__ = [
    "ReportFindings",
    "report_validate",
    "submission_blockers",
    "explanation_save",
    "explanation_decide",
    "accepted_rule_ids",
    "peer_stats_for",
]

PEER_CACHE_SECONDS = 600


@dataclass
class ReportFindings:
    result: ValidationResult
    findings: list[dict]
    explanations: dict[str, FindingExplanation]
    carried_forward: set[str]

    def needing_explanation(self) -> list[dict]:
        """Warnings without an explanation (or with a rejected one) and not carried forward."""
        out = []
        for f in self.findings:
            if f["severity"] != "warning" or f["rule_id"] in self.carried_forward:
                continue
            explanation = self.explanations.get(f["rule_id"])
            if explanation is None or explanation.decision == ExplanationDecision.REJECTED:
                out.append(f)
        return out

    @property
    def errors(self) -> list[dict]:
        return [f for f in self.findings if f["severity"] == "error"]

    @property
    def counts(self) -> dict[str, int]:
        return {
            s: sum(1 for f in self.findings if f["severity"] == s)
            for s in ("error", "warning", "info")
        }


def finding_to_dict(finding) -> dict:
    data = finding.to_dict() if hasattr(finding, "to_dict") else dict(finding)
    severity = data.get("severity")
    data["severity"] = getattr(severity, "value", severity)
    data["indicators"] = list(data.get("indicators") or ())
    data["numbers"] = {str(k): str(v) for k, v in (data.get("numbers") or {}).items()}
    return data


def _engine():

    return engine


def peer_stats_for(report, catalog):
    """Peer statistics over all school reports of the same cycle and level; cached briefly
    because every save of every school would otherwise recompute them."""

    key = f"peers:{report.cycle_id}:{catalog.edition}:{catalog.level}"
    stats = cache.get(key)
    if stats is None:
        levels = ["higher", "bachelor"] if catalog.level == "higher" else ["secondary"]
        peers = Report.objects.filter(
            cycle_id=report.cycle_id, kind=report.kind, organisation__level__in=levels
        )
        values = values_for_reports(peers)
        stats = _engine().compute_peer_stats(catalog, list(values.values()))
        cache.set(key, stats, PEER_CACHE_SECONDS)
    return stats


def report_evaluate(*, report, values=None, prev_values=None, peers=None) -> ValidationResult:
    """Runs the engine on the report's data tables and returns an unsaved result (reads only,
    so a GET may call it). Values not given are loaded; batch callers pass them."""
    engine = _engine()
    catalog = report_catalog(report)
    ruleset = engine.load_ruleset(catalog.edition, catalog.level)
    values = report_values(report) if values is None else values
    findings = engine.validate(
        catalog,
        ruleset,
        values,
        prev_values=previous_report_values(report) if prev_values is None else prev_values,
        peers=peers if peers is not None else peer_stats_for(report, catalog),
    )
    rows = [finding_to_dict(f) for f in findings]
    counts = {s: sum(1 for f in rows if f["severity"] == s) for s in ("error", "warning", "info")}
    return ValidationResult(
        report=report,
        findings=rows,
        error_count=counts["error"],
        warning_count=counts["warning"],
        info_count=counts["info"],
        ruleset=f"{catalog.edition}/{catalog.level}",
    )


def report_validate(*, report, values=None, prev_values=None, peers=None) -> ValidationResult:
    """Validates the report's data tables and stores the findings with the report."""
    fresh = report_evaluate(report=report, values=values, prev_values=prev_values, peers=peers)
    fields = ["findings", "error_count", "warning_count", "info_count", "ruleset"]
    result, _ = ValidationResult.objects.update_or_create(
        report=report, defaults={f: getattr(fresh, f) for f in fields}
    )
    return result


def accepted_rule_ids(report) -> set[str]:
    """Rules whose warnings were explained and accepted for this school in an earlier cycle."""
    return set(
        FindingExplanation.objects.filter(
            organisation_id=report.organisation_id,
            decision=ExplanationDecision.ACCEPTED,
            report__cycle__year__lt=report.cycle.year,
        ).values_list("rule_id", flat=True)
    )


def report_findings(
    report, *, refresh: bool = True, frozen: list[dict] | None = None
) -> ReportFindings:
    """Findings with explanations. `frozen`: the findings stored at submission, shown instead
    of a fresh run so a reviewer sees what the school saw. Reads only (pages call it on GET):
    a fresh run or a report never validated is evaluated in memory, not stored."""
    stored = ValidationResult.objects.filter(report=report).first()
    if frozen is not None:
        result = stored
    elif refresh or stored is None:
        result = report_evaluate(report=report)
    else:
        result = stored
    explanations = {e.rule_id: e for e in report.finding_explanations.all()}
    return ReportFindings(
        result=result,
        findings=list(frozen if frozen is not None else result.findings),
        explanations=explanations,
        carried_forward=accepted_rule_ids(report),
    )


def submission_blockers(report) -> list[str]:
    """May this report be submitted? The Chinese reasons why not (empty list: yes).
    Error findings always block; warnings block until explained (a rejected explanation
    blocks again; an explanation accepted in an earlier cycle does not ask again)."""
    state = report_findings(report)
    reasons = [f"数据错误（须修改数据）：{f['message']}" for f in state.errors]
    reasons += [
        f"预警未说明（须在“数据校验”页填写说明）：{f['message']}"
        for f in state.needing_explanation()
    ]
    return reasons


def _require_rule_of(report, rule_id: str) -> None:
    """An explanation answers one of the report's own rules, not any text posted as a rule id."""
    catalog = report_catalog(report)
    ruleset = _engine().load_ruleset(catalog.edition, catalog.level)
    if rule_id not in {rule.rule_id for rule in ruleset.rules}:
        raise ApplicationError("没有这条校验规则，无法保存说明；请从校验结果页面填写。")


@transaction.atomic
def explanation_save(*, actor, report, rule_id: str, text: str) -> FindingExplanation:
    """The school writes (or rewrites) its explanation of a warning; a rewrite goes back to review."""
    require(actor, Action.EDIT_REPORT, report.organisation)
    if report.status not in ("drafting", "returned"):  # frozen from submission until returned
        raise ApplicationError(
            f"年报当前状态为“{report.get_status_display()}”，预警说明不可修改。", status=409
        )
    _require_rule_of(report, rule_id)
    text = (text or "").strip()
    if len(text) < 5:
        raise ApplicationError("请用至少 5 个字说明该预警的原因。")
    if len(text) > 1000:
        raise ApplicationError("说明不能超过 1000 个字。")
    existing = FindingExplanation.objects.filter(report=report, rule_id=rule_id).first()
    before = snapshot(existing, ["text", "decision"]) if existing else None
    explanation, _ = FindingExplanation.objects.update_or_create(
        report=report,
        rule_id=rule_id,
        defaults={
            "organisation": report.organisation,
            "text": text,
            "written_by": actor,
            "decision": ExplanationDecision.PENDING,
            "decided_by": None,
            "decided_at": None,
            "decision_note": "",
        },
    )
    audit_record(
        actor=actor,
        action="explanation.save",
        obj=explanation,
        organisation=report.organisation,
        before=before,
        after=snapshot(explanation, ["text", "decision"]),
    )
    return explanation


@transaction.atomic
def explanation_decide(
    *, actor, explanation: FindingExplanation, accept: bool, note: str = ""
) -> FindingExplanation:
    """A reviewer accepts or rejects a school's explanation; the decision is kept."""
    require(actor, Action.REVIEW, explanation.organisation)
    if explanation.report.status != "submitted":  # decided in the review of a submission
        raise ApplicationError("只能在年报提交后、审核期间审核预警说明。", status=409)
    if not accept and not note.strip():
        raise ApplicationError("不采纳说明时请填写审核意见。")
    before = snapshot(explanation, ["decision", "decision_note"])
    explanation.decision = ExplanationDecision.ACCEPTED if accept else ExplanationDecision.REJECTED
    explanation.decided_by = actor
    explanation.decided_at = timezone.now()
    explanation.decision_note = note.strip()[:500]
    explanation.save()
    audit_record(
        actor=actor,
        action="explanation.decide",
        obj=explanation,
        organisation=explanation.organisation,
        before=before,
        after=snapshot(explanation, ["decision", "decision_note"]),
    )
    return explanation


def validation_run_scope(*, actor, cycle_id: int) -> dict:
    """Validates every school report of the cycle in the actor's scope; peer statistics are
    computed once per level. Returns counts."""

    require(actor, Action.RUN_VALIDATION)
    reports = Report.objects.filter(
        scope_q(actor, Action.RUN_VALIDATION, prefix="organisation__"),
        cycle_id=cycle_id,
        kind="school",
    )
    totals = reports_validate(reports)
    audit_record(
        actor=actor,
        action="validation.run_scope",
        object_type="cycles.Cycle",
        object_repr=f"cycle {cycle_id}",
        after=totals,
    )
    return totals


def reports_validate(reports) -> dict:
    """Validates many reports, loading their values in one query and peer statistics once per
    level. Returns counts of reports and findings by severity."""

    reports = list(reports.select_related("organisation", "cycle"))
    values = values_for_reports(reports)
    # The same organisation's report of the same kind one year earlier, all in one query.
    previous = {
        (r.organisation_id, r.kind, r.compiling_school_id, r.cycle.year): r.pk
        for r in Report.objects.filter(
            organisation__in={r.organisation_id for r in reports},
            cycle__year__in={r.cycle.year - 1 for r in reports},
        ).select_related("cycle")
    }
    previous_values = values_for_reports(list(previous.values()))
    peers_by_level: dict[str, object] = {}
    totals = {"reports": 0, "error": 0, "warning": 0, "info": 0}
    for report in reports:
        catalog = report_catalog(report)
        if catalog.level not in peers_by_level:
            peers_by_level[catalog.level] = peer_stats_for(report, catalog)
        key = (
            report.organisation_id,
            report.kind,
            report.compiling_school_id,
            report.cycle.year - 1,
        )
        result = report_validate(
            report=report,
            values=values.get(report.pk, {}),
            prev_values=previous_values.get(previous.get(key), {}),
            peers=peers_by_level[catalog.level],
        )
        totals["reports"] += 1
        totals["error"] += result.error_count
        totals["warning"] += result.warning_count
        totals["info"] += result.info_count
    return totals
