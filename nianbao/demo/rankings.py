"""Demo 四个50强 (演示数据): the closed cycle's 高职 reports as published, with 佐证材料 for most
evidence-required values, the four lists computed with the demo definitions (12 candidates,
前10: the demo province has 50 高职 schools), the anomaly worklist verified, and the 育人成效
list taken through the 公示 (one objection, dismissed) to its confirmed final list. The other
three lists stay in 核实中 with half of their anomalies still to verify."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from docx import Document

from nianbao.accounts.models import User
from nianbao.cycles.models import Cycle, CycleStatus
from nianbao.indicators.catalog import load_catalog
from nianbao.indicators.models import Evidence
from nianbao.indicators.selectors import values_for_reports
from nianbao.rankings.computing import rankings_compute
from nianbao.rankings.definitions import load_definitions
from nianbao.rankings.models import Ranking
from nianbao.rankings.services import (
    objection_decide,
    objection_record,
    ranking_confirm,
    ranking_notice_start,
    verification_record,
)
from nianbao.reports.models import Report

__all__ = ["demo_rankings_seed", "DEMO_EDITION"]

DEMO_EDITION = "2023-demo"
LEVELS = ("higher", "bachelor")
MISSING_EVIDENCE_SHARE = 0.08  # roughly one value in twelve arrives without its 佐证材料


@transaction.atomic
def demo_rankings_seed(*, seed: int = 2025) -> list[Ranking]:
    cycle = Cycle.objects.filter(status=CycleStatus.CLOSED).order_by("-year").first()
    if cycle is None:
        return []
    admin = User.objects.get(username="sheng_admin")
    reviewer = User.objects.get(username="pingshen")
    rng = random.Random(seed)
    reports = list(
        Report.objects.filter(
            cycle=cycle, kind="school", organisation__level__in=LEVELS
        ).select_related("organisation")
    )
    due = cycle.deadline_for("school") or dt.date(cycle.year + 1, 1, 5)
    Report.objects.filter(pk__in=[r.pk for r in reports], status="drafting").update(
        status="published",
        submitted_at=dt.datetime.combine(due - dt.timedelta(days=3), dt.time(10), dt.UTC),
    )
    _attach_evidence(cycle, reports, rng)
    rankings_compute(actor=admin, cycle=cycle, edition=DEMO_EDITION)
    for ranking in Ranking.objects.filter(cycle=cycle):
        # 育人成效 is verified in full (it goes to 公示); the others half, leaving work to show.
        anomalies = ranking.anomalies
        _verify(reviewer, anomalies if ranking.code == "outcomes" else anomalies[::2])
    rankings = rankings_compute(actor=admin, cycle=cycle, edition=DEMO_EDITION)
    _publish_outcomes(admin, cycle)
    return rankings


def _attach_evidence(cycle, reports, rng: random.Random) -> None:
    """One 佐证材料汇编 per school listing its evidence-required values, attached to each."""
    defs = load_definitions(DEMO_EDITION)
    codes = sorted({i.code for r in defs.rankings for i in r.indicators if i.evidence})
    catalog = load_catalog(cycle.indicator_edition, "higher")
    values = values_for_reports(reports)
    rows = []
    for report in reports:
        have = {c: v for c in codes if (v := values.get(report.pk, {}).get(c)) not in (None, 0)}
        kept = {c: v for c, v in have.items() if rng.random() >= MISSING_EVIDENCE_SHARE}
        if not kept:
            continue
        name = default_storage.save(
            f"evidence/{report.pk}/demo/佐证材料汇编.docx",
            ContentFile(_evidence_docx(report, cycle, catalog, kept)),
        )
        rows += [
            Evidence(
                report=report,
                code=code,
                file=name,
                original_name=f"{report.organisation.name}佐证材料汇编.docx",
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                size=default_storage.size(name),
            )
            for code in kept
        ]
    Evidence.objects.bulk_create(rows)


def _evidence_docx(report, cycle, catalog, values: dict) -> bytes:
    doc = Document()
    doc.add_heading(f"{report.organisation.name}{cycle.name}质量年报佐证材料汇编", level=1)
    doc.add_paragraph("下列数据的立项文件、认定文件、获奖证书、到账凭证等材料按指标顺序附后。")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("指标", "填报值", "佐证材料"), strict=True):
        cell.text = text
    for code, value in values.items():
        spec = catalog.indicators[code]
        cells = table.add_row().cells
        cells[0].text = spec.name
        cells[1].text = f"{value:g}{spec.unit}"
        cells[2].text = "认定文件、证书或到账凭证扫描件"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _verify(reviewer, anomalies: list[dict]) -> None:
    """The committee's outcome on each anomaly: a value validation still doubts, or a peer
    outlier far out of range, is found untrue by phone; the rest match the state data platform."""
    reports = {r.pk: r for r in Report.objects.filter(pk__in={a["key"] for a in anomalies})}
    for a in anomalies:
        far = a["kind"] == "outlier" and abs(a["z"]) > 12
        if a["kind"] == "validation" or far:
            outcome, note = "untrue", "电话核实：学校确认该数据填报有误（统计口径或单位错误）"
        else:
            outcome, note = "confirmed", "与状态数据平台数据一致，核实无误"
        verification_record(
            actor=reviewer,
            report=reports[a["key"]],
            code=a["code"],
            outcome=outcome,
            note=note,
            recompute=False,
        )


def _publish_outcomes(admin, cycle) -> None:
    ranking = Ranking.objects.get(cycle=cycle, code="outcomes", group="")
    starts = dt.date(cycle.year + 1, 3, 2)
    ranking = ranking_notice_start(
        actor=admin, ranking=ranking, starts_on=starts, ends_on=starts + dt.timedelta(days=6)
    )
    challenged = ranking.candidates[len(ranking.candidates) // 2]
    objection = objection_record(
        actor=admin,
        ranking=ranking,
        report_id=challenged["key"],
        received_on=starts + dt.timedelta(days=2),
        text="来电反映该校毕业去向落实人数含未签约学生，请核查。",
    )
    objection_decide(
        actor=admin,
        objection=objection,
        decision="dismissed",
        note="经与状态数据平台毕业生去向数据比对，落实人数一致，异议不成立。",
    )
    ranking_confirm(actor=admin, ranking=ranking, today=starts + dt.timedelta(days=8))
