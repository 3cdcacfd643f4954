import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.documents.model import Heading, TableBlock
from nianbao.indicators.models import DataValue
from nianbao.rankings.computing import rankings_compute
from nianbao.rankings.models import Ranking
from nianbao.rankings.section import rankings_chapter
from nianbao.rankings.services import (
    objection_decide,
    objection_record,
    ranking_confirm,
    ranking_notice_start,
    top_with_ties,
    verification_record,
)
from nianbao.rankings.tests.conftest import EDITION

START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 7)


def compute(world) -> Ranking:
    rankings_compute(actor=world.users["province_admin"], cycle=world.cycle, edition=EDITION)
    return Ranking.objects.get(cycle=world.cycle, code="outcomes")


def school_row(ranking, report):
    return next(s for s in ranking.result["schools"] if s["key"] == report.pk)


def test_compute_ranks_submitted_schools_in_order_of_their_data(ranked):
    ranking = compute(ranked)
    names = [s["name"] for s in ranking.result["schools"]]
    # values grow with the fixture index; the third school loses its 证书 value (no 佐证材料)
    assert names[0] == "示范职业技术学院6"
    assert names[-1] == "青川职业技术学院"
    assert [s["rank"] for s in ranking.result["schools"]] == list(range(1, 9))
    assert ranking.result["places"] == 10 and ranking.result["candidates"] == 12
    weak = school_row(ranking, ranked.ranked_reports[2])
    removed = {c["code"]: c["removed"] for c in weak["cells"] if c["removed"]}
    assert removed == {"skill_certificate_holders": "要求提供佐证材料，未提供"}
    assert AuditEvent.objects.filter(action="ranking.compute").count() == 4


def test_a_drafting_report_is_not_ranked(ranked):
    ranked.report.status = "drafting"
    ranked.report.save()
    ranking = compute(ranked)
    assert ranked.report.pk not in {s["key"] for s in ranking.result["schools"]}


def test_an_outlier_must_be_verified_before_the_notice(ranked):
    DataValue.objects.filter(report=ranked.other_report, code="monthly_income").update(number=90000)
    ranking = compute(ranked)
    flagged = [(a["key"], a["code"], a["kind"]) for a in ranking.anomalies]
    assert (ranked.other_report.pk, "monthly_income", "outlier") in flagged
    with pytest.raises(ApplicationError, match="异常数据未核实"):
        ranking_notice_start(
            actor=ranked.users["province_admin"], ranking=ranking, starts_on=START, ends_on=END
        )
    verification_record(
        actor=ranked.users["reviewer"],
        report=ranked.other_report,
        code="monthly_income",
        outcome="untrue",
        note="电话核实：误将年收入填为月收入",
    )
    ranking = compute(ranked)
    cell = next(
        c
        for c in school_row(ranking, ranked.other_report)["cells"]
        if c["code"] == "monthly_income"
    )
    assert cell["removed"] == "经核实不实：电话核实：误将年收入填为月收入"
    assert cell["raw"] == 90000  # removed from the score, still shown as reported
    ranking = ranking_notice_start(
        actor=ranked.users["province_admin"], ranking=ranking, starts_on=START, ends_on=END
    )
    assert ranking.status == "notice" and len(ranking.candidates) == 8


def test_verification_is_for_the_committee(ranked):
    with pytest.raises(PermissionDenied):
        verification_record(
            actor=ranked.users["city_admin"],
            report=ranked.report,
            code="monthly_income",
            outcome="confirmed",
            note="无误",
        )


def test_notice_objections_and_confirmation(ranked):
    admin = ranked.users["province_admin"]
    ranking = ranking_notice_start(
        actor=admin, ranking=compute(ranked), starts_on=START, ends_on=END
    )
    top = ranking.candidates[0]
    with pytest.raises(ApplicationError, match="公示期内"):
        objection_record(
            actor=admin,
            ranking=ranking,
            report_id=top["key"],
            received_on=END + dt.timedelta(1),
            text="逾期异议",
        )
    objection = objection_record(
        actor=admin, ranking=ranking, report_id=top["key"], received_on=START, text="佐证材料造假"
    )
    with pytest.raises(ApplicationError, match="公示期至"):
        ranking_confirm(actor=admin, ranking=ranking, today=END)
    with pytest.raises(ApplicationError, match="未处理的异议"):
        ranking_confirm(actor=admin, ranking=ranking, today=END + dt.timedelta(1))
    objection_decide(actor=admin, objection=objection, decision="upheld", note="经查属实")
    ranking = ranking_confirm(actor=admin, ranking=ranking, today=END + dt.timedelta(1))
    assert ranking.status == "confirmed"
    assert top["key"] not in [r["key"] for r in ranking.final]
    assert [r["place"] for r in ranking.final] == list(range(1, 8))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "ranking.notice_start",
        "ranking.objection_record",
        "ranking.objection_decide",
        "ranking.confirm",
    } <= actions
    with pytest.raises(ApplicationError, match="不能变为"):
        ranking_notice_start(actor=admin, ranking=ranking, starts_on=START, ends_on=END)


def test_confirmed_list_becomes_a_chapter_of_the_provincial_report(ranked):
    admin = ranked.users["province_admin"]
    assert rankings_chapter(ranked.cycle) is None
    ranking = ranking_notice_start(
        actor=admin, ranking=compute(ranked), starts_on=START, ends_on=END
    )
    ranking_confirm(actor=admin, ranking=ranking, today=END + dt.timedelta(1))
    chapter = rankings_chapter(ranked.cycle)
    headings = [b.text for b in chapter.blocks if isinstance(b, Heading)]
    (table,) = [b for b in chapter.blocks if isinstance(b, TableBlock)]
    assert headings == ["育人成效50强"]
    assert table.rows[0] == ("1", "示范职业技术学院6")
    assert len(table.rows) == 8


@pytest.mark.parametrize(
    ("ranks", "n", "kept"),
    [
        ([1, 2, 3, 4], 2, [1, 2]),
        ([1, 2, 2, 4], 2, [1, 2, 2]),
        ([1, 1, 1], 2, [1, 1, 1]),
        ([1], 3, [1]),
    ],
)
def test_the_last_place_keeps_its_ties(ranks, n, kept):
    assert [r["rank"] for r in top_with_ties([{"rank": r} for r in ranks], n)] == kept
