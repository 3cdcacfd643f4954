"""Reads for the rankings: the engine's input from the cycle's submitted school reports, and
permission-checked reads of lists for the pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from nianbao.cycles.selectors import cycle_from_request
from nianbao.indicators.models import Evidence
from nianbao.indicators.selectors import values_for_reports
from nianbao.rankings.choices import RankingStatus
from nianbao.rankings.engine import SchoolInput
from nianbao.rankings.models import Objection, Ranking, Verification
from nianbao.rankings.permissions import can_see_school, own_organisation_ids, require_committee
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report
from nianbao.validation.choices import ExplanationDecision
from nianbao.validation.models import FindingExplanation, ValidationResult

__all__ = [
    "SUBMITTED_STATUSES",
    "ranked_reports",
    "school_inputs",
    "ranking_cycle_from_request",
    "rankings_for_committee",
    "ranking_for_committee",
    "ranking_school_page",
    "school_rows_for",
    "verifications_for",
    "PublishedList",
    "published_lists",
    "published_list",
]

SUBMITTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED)


def ranked_reports(cycle, levels) -> QuerySet[Report]:
    """The cycle's submitted school reports of the given levels."""
    return Report.objects.filter(
        cycle=cycle,
        kind="school",
        status__in=SUBMITTED_STATUSES,
        organisation__level__in=levels,
    ).select_related("organisation", "organisation__parent")


def _flags(reports: list[Report]) -> dict[int, dict[str, str]]:
    """Per report, indicator code → why validation doubts it: an error still standing, or a
    warning whose explanation was not accepted (未采纳)."""
    rejected = set(
        FindingExplanation.objects.filter(
            report__in=reports, decision=ExplanationDecision.REJECTED
        ).values_list("report_id", "rule_id")
    )
    out: dict[int, dict[str, str]] = {}
    for report_id, findings in ValidationResult.objects.filter(report__in=reports).values_list(
        "report_id", "findings"
    ):
        for f in findings:
            if f["severity"] == "error":
                why = f"校验错误：{f['message']}"
            elif (report_id, f["rule_id"]) in rejected:
                why = f"预警说明未采纳：{f['message']}"
            else:
                continue
            for code in f.get("indicators") or ():
                out.setdefault(report_id, {}).setdefault(code, why)
    return out


def school_inputs(cycle, levels, *, group_by: str = "") -> list[SchoolInput]:
    """The engine's input: one `SchoolInput` per submitted school report (key = report id)."""
    reports = list(ranked_reports(cycle, levels))
    previous = {
        r.organisation_id: r.pk
        for r in Report.objects.filter(
            cycle__year=cycle.year - 1,
            kind="school",
            organisation_id__in=[r.organisation_id for r in reports],
        )
    }
    values = values_for_reports([r.pk for r in reports] + list(previous.values()))
    evidence: dict[int, set[str]] = {}
    for report_id, code in Evidence.objects.filter(report__in=reports).values_list(
        "report_id", "code"
    ):
        evidence.setdefault(report_id, set()).add(code)
    flags = _flags(reports)
    return [
        SchoolInput(
            key=r.pk,
            name=r.organisation.name,
            level=r.organisation.level,
            group=_group(r, group_by),
            values=values.get(r.pk, {}),
            previous=values.get(previous.get(r.organisation_id), {}),
            flags=flags.get(r.pk, {}),
            evidence=frozenset(evidence.get(r.pk, ())),
        )
        for r in reports
    ]


def _group(report: Report, group_by: str) -> str:
    parent = report.organisation.parent
    if group_by == "city" and parent is not None:
        return parent.short_name or parent.name
    return ""


def untrue_values(cycle) -> dict[tuple[int, str], str]:
    return {
        (report_id, code): note
        for report_id, code, note in Verification.objects.filter(
            report__cycle=cycle, outcome="untrue"
        ).values_list("report_id", "code", "note")
    }


def ranking_cycle_from_request(request):
    """The cycle named by `?cycle=`; without one, the latest cycle that has lists (they are made
    after a cycle's reports are in), else the current cycle."""
    if "cycle" not in request.GET:
        latest = Ranking.objects.select_related("cycle").order_by("-cycle__year").first()
        if latest is not None:
            return latest.cycle
    return cycle_from_request(request)


def rankings_for_committee(user, cycle) -> QuerySet[Ranking]:
    require_committee(user)
    return Ranking.objects.filter(cycle=cycle)


def ranking_for_committee(user, pk: int) -> Ranking:
    require_committee(user)
    ranking = Ranking.objects.select_related("cycle").filter(pk=pk).first()
    if ranking is None:
        raise Http404("榜单不存在。")
    return ranking


@dataclass(frozen=True)
class SchoolPage:
    ranking: Ranking
    report: Report
    row: dict | None  # the school's row of the result; None when it was not in the population


def ranking_school_page(user, pk: int, report_pk: int) -> SchoolPage:
    """One school's page of one list: the committee, or the school's own users."""
    ranking = Ranking.objects.select_related("cycle").filter(pk=pk).first()
    report = Report.objects.select_related("organisation").filter(pk=report_pk).first()
    if ranking is None or report is None or report.cycle_id != ranking.cycle_id:
        raise Http404("榜单或学校不存在。")
    if not can_see_school(user, report.organisation_id):
        raise PermissionDenied("学校只能查看本校的榜单明细。")
    row = next((s for s in ranking.result.get("schools", ()) if s["key"] == report.pk), None)
    return SchoolPage(ranking, report, row)


def school_rows_for(user, cycle) -> list[tuple[Ranking, Report]]:
    """The lists of the cycle that include one of the user's own schools, for the index page."""
    own = own_organisation_ids(user)
    if not own:
        return []
    reports = {r.pk: r for r in Report.objects.filter(cycle=cycle, organisation_id__in=own)}
    out = []
    for ranking in Ranking.objects.filter(cycle=cycle):
        for s in ranking.result.get("schools", ()):
            if s["key"] in reports:
                out.append((ranking, reports[s["key"]]))
    return out


def verifications_for(ranking: Ranking) -> QuerySet[Verification]:
    keys = [s["key"] for s in ranking.result.get("schools", ())]
    codes = [i["code"] for i in ranking.result.get("indicators", ())]
    return Verification.objects.filter(report_id__in=keys, code__in=codes).select_related(
        "report__organisation", "decided_by"
    )


def objections_for(ranking: Ranking) -> QuerySet[Objection]:
    return ranking.objections.select_related("report__organisation", "recorded_by", "decided_by")


# The two public documents of a list: its 公示 candidate list, and the confirmed final list.
CANDIDATE_LIST, FINAL_LIST = "candidate_list", "final_list"


@dataclass(frozen=True)
class PublishedList:
    ranking: Ranking
    kind: str  # CANDIDATE_LIST or FINAL_LIST
    title: str
    published_on: dt.date
    rows: list[dict]  # rank (place in the final list), name, score, rank_p5, rank_p95

    @property
    def year(self) -> int:
        return self.ranking.cycle.year

    @property
    def notice_open(self) -> bool:
        """The 公示 is running: objections are still received."""
        r = self.ranking
        return r.status == RankingStatus.NOTICE and timezone.localdate() <= r.notice_ends_on


def _published(ranking: Ranking, kind: str) -> PublishedList:
    if kind == FINAL_LIST:
        rows = [{**r, "rank": r["place"]} for r in ranking.final]
        on, label = timezone.localdate(ranking.confirmed_at), "名单"
    else:
        rows, on, label = list(ranking.candidates), ranking.notice_starts_on, "候选名单公示"
    return PublishedList(ranking, kind, f"{ranking.cycle.name}{ranking}{label}", on, rows)


def _published_q(today: dt.date) -> Q:
    notice = Q(status=RankingStatus.NOTICE, notice_starts_on__lte=today)
    return notice | Q(status=RankingStatus.CONFIRMED)


def published_lists(today: dt.date | None = None) -> list[PublishedList]:
    """What the public may read: a candidate list from the first day of its 公示 on (and after
    the list is confirmed), and every confirmed final list."""
    today = today or timezone.localdate()
    out = []
    for ranking in Ranking.objects.filter(_published_q(today)).select_related("cycle"):
        out.append(_published(ranking, CANDIDATE_LIST))
        if ranking.status == RankingStatus.CONFIRMED:
            out.append(_published(ranking, FINAL_LIST))
    return out


def published_list(pk: int, kind: str, today: dt.date | None = None) -> PublishedList:
    """One published list for the public; one not (yet) published answers 404."""
    today = today or timezone.localdate()
    ranking = Ranking.objects.filter(_published_q(today), pk=pk).select_related("cycle").first()
    if ranking is None or kind not in (CANDIDATE_LIST, FINAL_LIST):
        raise Http404("榜单不存在或尚未公布。")
    if kind == FINAL_LIST and ranking.status != RankingStatus.CONFIRMED:
        raise Http404("榜单尚未确定。")
    return _published(ranking, kind)
