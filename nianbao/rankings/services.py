"""Writes for the rankings: compute the lists, record verifications, start the 公示, record and
decide objections, confirm the final list. Each is atomic and audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from nianbao.core.audit import audit_record, snapshot
from nianbao.core.exceptions import ApplicationError
from nianbao.rankings.choices import (
    RANKING_TRANSITIONS,
    ObjectionDecision,
    RankingStatus,
    VerificationOutcome,
)
from nianbao.rankings.computing import definitions_for, rankings_compute
from nianbao.rankings.models import Objection, Ranking, Verification
from nianbao.rankings.permissions import require_committee, require_manage
from nianbao.rankings.tasks import rankings_recompute

__all__ = [
    "definitions_for",
    "rankings_compute",
    "verification_record",
    "ranking_notice_start",
    "ranking_notice_withdraw",
    "objection_record",
    "objection_decide",
    "ranking_confirm",
    "top_with_ties",
]


def _recompute_later(actor, cycle) -> None:
    transaction.on_commit(lambda: rankings_recompute.enqueue(user_id=actor.pk, cycle_id=cycle.pk))


@transaction.atomic
def verification_record(
    *, actor, report, code: str, outcome: str, note: str, recompute: bool = True
) -> Verification:
    """核实: keeps (核实无误) or removes (不实) one value; the lists are recomputed after the
    commit (`recompute=False` when the caller records many and recomputes once)."""
    require_committee(actor)
    note = (note or "").strip()
    if outcome not in VerificationOutcome.values:
        raise ApplicationError("请选择核实结论：核实无误或不实。")
    if not note:
        raise ApplicationError("请填写核实说明（如与状态数据平台比对结果、电话核实情况）。")
    verification = Verification.objects.select_for_update().filter(report=report, code=code).first()
    before = snapshot(verification, ["outcome", "note"]) if verification else None
    if verification is None:
        verification = Verification(report=report, code=code)
    verification.outcome, verification.note, verification.decided_by = outcome, note, actor
    verification.full_clean()
    verification.save()
    audit_record(
        actor=actor,
        action="ranking.verification",
        obj=verification,
        organisation=report.organisation,
        before=before or {},
        after=snapshot(verification, ["outcome", "note"]),
    )
    if recompute:
        _recompute_later(actor, report.cycle)
    return verification


def _transition(ranking: Ranking, to: str) -> None:
    if to not in RANKING_TRANSITIONS[ranking.status]:
        raise ApplicationError(
            f"榜单当前状态为“{ranking.get_status_display()}”，不能变为“{RankingStatus(to).label}”。"
        )
    ranking.status = to


def top_with_ties(rows: list[dict], n: int) -> list[dict]:
    """The first `n` rows by rank, plus any row tied with the last of them."""
    rows = sorted(rows, key=lambda r: r["rank"])
    if len(rows) <= n:
        return rows
    last = rows[n - 1]["rank"]
    return [r for r in rows if r["rank"] <= last]


def unverified(ranking: Ranking) -> list[dict]:
    done = set(
        Verification.objects.filter(
            report_id__in={a["key"] for a in ranking.anomalies}
        ).values_list("report_id", "code")
    )
    return [a for a in ranking.anomalies if (a["key"], a["code"]) not in done]


CANDIDATE_FIELDS = (
    "key",
    "name",
    "score",
    "rank",
    "median_rank",
    "rank_p5",
    "rank_p95",
    "p_places",
)


@transaction.atomic
def ranking_notice_start(
    *, actor, ranking: Ranking, starts_on: dt.date, ends_on: dt.date
) -> Ranking:
    """候选名单公示: freezes the top candidates and opens the objection period."""
    require_manage(actor)
    ranking = Ranking.objects.select_for_update().get(pk=ranking.pk)
    if not starts_on or not ends_on or ends_on < starts_on:
        raise ApplicationError("公示结束日期不能早于开始日期。")
    pending = unverified(ranking)
    if pending:
        raise ApplicationError(
            f"还有 {len(pending)} 个异常数据未核实，核实后才能公示。",
            reasons=[f"{a['school']} · {a['code']}" for a in pending[:5]],
        )
    ranked = [s for s in ranking.result.get("schools", ()) if not s["excluded"]]
    if not ranked:
        raise ApplicationError("榜单没有参与排名的学校，请先计算榜单。")
    _transition(ranking, RankingStatus.NOTICE)
    ranking.candidates = [
        {k: s[k] for k in CANDIDATE_FIELDS}
        for s in top_with_ties(ranked, ranking.result["candidates"])
    ]
    ranking.notice_starts_on, ranking.notice_ends_on = starts_on, ends_on
    ranking.full_clean()
    ranking.save()
    audit_record(
        actor=actor,
        action="ranking.notice_start",
        obj=ranking,
        after={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "candidates": [c["key"] for c in ranking.candidates],
        },
    )
    return ranking


@transaction.atomic
def ranking_notice_withdraw(*, actor, ranking: Ranking) -> Ranking:
    """撤回公示: back to verification (e.g. a value must be re-verified); objections stay on file."""
    require_manage(actor)
    ranking = Ranking.objects.select_for_update().get(pk=ranking.pk)
    _transition(ranking, RankingStatus.VERIFYING)
    before = {"candidates": [c["key"] for c in ranking.candidates]}
    ranking.candidates, ranking.notice_starts_on, ranking.notice_ends_on = [], None, None
    ranking.save()
    audit_record(
        actor=actor, action="ranking.notice_withdraw", obj=ranking, before=before, after={}
    )
    return ranking


@transaction.atomic
def objection_record(
    *, actor, ranking: Ranking, report_id: int, received_on: dt.date, text: str
) -> Objection:
    require_manage(actor)
    ranking = Ranking.objects.select_for_update().get(pk=ranking.pk)
    if ranking.status != RankingStatus.NOTICE:
        raise ApplicationError("只有公示中的榜单可以登记异议。")
    if report_id not in {c["key"] for c in ranking.candidates}:
        raise ApplicationError("异议针对的学校不在候选名单中。")
    if not received_on or not ranking.notice_starts_on <= received_on <= ranking.notice_ends_on:
        raise ApplicationError(
            f"异议须在公示期内（{ranking.notice_starts_on}至{ranking.notice_ends_on}）收到。"
        )
    if not (text or "").strip():
        raise ApplicationError("请填写异议内容。")
    objection = Objection(
        ranking=ranking,
        report_id=report_id,
        received_on=received_on,
        text=text.strip(),
        recorded_by=actor,
    )
    objection.full_clean()
    objection.save()
    audit_record(
        actor=actor,
        action="ranking.objection_record",
        obj=objection,
        after=snapshot(objection, ["ranking_id", "report_id", "received_on", "text"]),
    )
    return objection


@transaction.atomic
def objection_decide(*, actor, objection: Objection, decision: str, note: str) -> Objection:
    require_manage(actor)
    objection = Objection.objects.select_for_update().select_related("ranking").get(pk=objection.pk)
    if objection.ranking.status != RankingStatus.NOTICE:
        raise ApplicationError("榜单已不在公示期，异议处理结论不能再修改。")
    if decision not in (ObjectionDecision.UPHELD, ObjectionDecision.DISMISSED):
        raise ApplicationError("请选择处理结论：异议成立或异议不成立。")
    if not (note or "").strip():
        raise ApplicationError("请填写处理说明。")
    before = snapshot(objection, ["decision", "decision_note"])
    objection.decision, objection.decision_note = decision, note.strip()
    objection.decided_by, objection.decided_at = actor, timezone.now()
    objection.full_clean()
    objection.save()
    audit_record(
        actor=actor,
        action="ranking.objection_decide",
        obj=objection,
        before=before,
        after=snapshot(objection, ["decision", "decision_note"]),
    )
    return objection


@transaction.atomic
def ranking_confirm(*, actor, ranking: Ranking, today: dt.date | None = None) -> Ranking:
    """确定名单: after the 公示 has ended with every objection decided; candidates whose
    objection was upheld are dropped and the places are filled in rank order."""
    require_manage(actor)
    ranking = Ranking.objects.select_for_update().get(pk=ranking.pk)
    today = today or timezone.localdate()
    _transition(ranking, RankingStatus.CONFIRMED)
    if today <= ranking.notice_ends_on:
        raise ApplicationError(f"公示期至 {ranking.notice_ends_on} 结束，结束后才能确定名单。")
    objections = list(ranking.objections.all())
    if any(o.decision == ObjectionDecision.PENDING for o in objections):
        raise ApplicationError("还有未处理的异议，处理后才能确定名单。")
    dropped = {o.report_id for o in objections if o.decision == ObjectionDecision.UPHELD}
    remaining = [c for c in ranking.candidates if c["key"] not in dropped]
    ranking.final = [
        {**c, "place": place}
        for place, c in zip(
            _places(top_with_ties(remaining, ranking.result["places"])),
            top_with_ties(remaining, ranking.result["places"]),
            strict=True,
        )
    ]
    ranking.confirmed_at = timezone.now()
    ranking.save()
    audit_record(
        actor=actor,
        action="ranking.confirm",
        obj=ranking,
        after={"final": [c["key"] for c in ranking.final], "dropped": sorted(dropped)},
    )
    return ranking


def _places(rows: list[dict]) -> list[int]:
    """Places in the final list, 1…n, ties sharing the smaller place."""
    places = []
    for i, row in enumerate(rows):
        tied = i > 0 and row["rank"] == rows[i - 1]["rank"]
        places.append(places[-1] if tied else i + 1)
    return places
