"""Review services: who reviews what, the pre-filled checklist, comments, return and
resubmission, explanations, approval with a grade, and every refusal."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from nianbao.core.exceptions import ApplicationError
from nianbao.core.roles import Role
from nianbao.reports.models import Report
from nianbao.review import selectors, services
from nianbao.review.models import Review, ReviewSettings
from nianbao.review.permissions import can_review
from nianbao.review.tests.helpers import snapshot_text, submit
from nianbao.testing import make_user
from nianbao.validation.models import FindingExplanation

URL = "https://www.cgzz.edu.cn/nianbao/2025"
WARNING = {"rule_id": "W1", "severity": "warning", "message": "生师比较上年变化超过 30%"}


@pytest.fixture
def secondary(world):
    submit(world.secondary_report, url=URL, user=world.secondary_head)
    return world.secondary_report


def _explain(world, report, rule="W1"):
    return FindingExplanation.objects.create(
        report=report, organisation=report.organisation, rule_id=rule,
        text="新校区投入使用，教师数量增加。", written_by=world.secondary_head,
    )  # fmt: skip


# --- who reviews -------------------------------------------------------------------------------


def test_the_city_reviews_its_secondary_schools_and_the_province_the_rest(world, secondary):
    u = world.users
    assert can_review(u["city_admin"], secondary)
    assert not can_review(u["province_admin"], secondary)
    assert not can_review(u["other_city_admin"], secondary)
    submit(world.report)  # 高职: the province
    assert can_review(u["province_admin"], world.report)
    assert not can_review(u["city_admin"], world.report)


def test_nobody_reviews_their_own_organisation(world):
    submit(world.city_report)
    assert not can_review(world.users["city_admin"], world.city_report)  # issue 10: self-approval
    assert can_review(world.users["province_admin"], world.city_report)
    with pytest.raises(PermissionDenied):
        services.review_approve(actor=world.users["city_admin"], report=world.city_report)
    # A province admin who is also on the school's staff does not review that school.
    from nianbao.accounts.models import Membership

    Membership.objects.create(user=world.users["province_admin"], organisation=world.school,
                              role=Role.SCHOOL_EDITOR)  # fmt: skip
    submit(world.report)
    world.users["province_admin"].refresh_from_db()
    assert not can_review(world.users["province_admin"], world.report)


def test_provincial_secondary_schools_are_reviewed_by_the_province(world):
    world.secondary.affiliation = "provincial"
    world.secondary.save()
    submit(world.secondary_report, url=URL)
    assert can_review(world.users["province_admin"], world.secondary_report)
    assert not can_review(world.users["city_admin"], world.secondary_report)


def test_experts_review_only_what_they_are_assigned(world, secondary):
    expert = world.city_expert
    assert not can_review(expert, secondary)
    services.review_assign(actor=world.users["city_admin"], report=secondary, reviewer=expert,
                           role="primary", due_on=dt.date(2025, 12, 30))  # fmt: skip
    assert can_review(expert, secondary)
    rows = selectors.review_queue(expert, world.cycle)
    assert [(r.report, r.due_on, r.assignment.role) for r in rows] == [
        (secondary, dt.date(2025, 12, 30), "primary")
    ]


@pytest.mark.parametrize(
    ("who", "reviewer", "role", "due", "message"),
    [
        ("city_admin", "reviewer", "primary", dt.date(2025, 12, 30), "审核专家库"),
        ("city_admin", "secondary_head", "primary", dt.date(2025, 12, 30), "审核专家库"),
        ("city_admin", "city_expert", "primary", dt.date(2025, 12, 1), "不能早于今天"),
        ("city_admin", "city_expert", "third", dt.date(2025, 12, 30), "主审或复核"),
    ],
)
def test_assignment_refusals(world, secondary, who, reviewer, role, due, message):
    users = {
        **world.users,
        "city_expert": world.city_expert,
        "secondary_head": world.secondary_head,
    }
    with pytest.raises(ApplicationError, match=message):
        services.review_assign(actor=users[who], report=secondary, reviewer=users[reviewer],
                               role=role, due_on=due)  # fmt: skip


def test_only_the_reviewing_bodys_admin_assigns(world, secondary):
    for actor in (world.city_expert, world.users["province_admin"], world.secondary_head):
        with pytest.raises(PermissionDenied, match="管理员"):
            services.review_assign(actor=actor, report=secondary, reviewer=world.city_expert,
                                   role="primary", due_on=dt.date(2025, 12, 30))  # fmt: skip


def test_second_reviewer_must_be_another_person(world, secondary):
    admin, expert = world.users["city_admin"], world.city_expert
    services.review_assign(actor=admin, report=secondary, reviewer=expert, role="primary",
                           due_on=dt.date(2025, 12, 30))  # fmt: skip
    with pytest.raises(ApplicationError, match="同一人"):
        services.review_assign(actor=admin, report=secondary, reviewer=expert, role="second",
                               due_on=dt.date(2025, 12, 30))  # fmt: skip
    second = make_user("second_expert", Role.REVIEWER, world.city)
    services.review_assign(actor=admin, report=secondary, reviewer=second, role="second",
                           due_on=dt.date(2025, 12, 31))  # fmt: skip
    assert can_review(second, secondary)


def test_queue_of_a_city_has_its_submitted_secondary_reports_with_due_dates(world, secondary):
    ReviewSettings.objects.create(cycle=world.cycle, review_days=7)
    rows = selectors.review_queue(world.users["city_admin"], world.cycle)
    assert [(r.report.pk, r.due_on, r.resubmitted) for r in rows] == [
        (secondary.pk, dt.date(2025, 12, 27), False)
    ]
    assert selectors.review_queue(world.users["province_admin"], world.cycle) == []
    assert selectors.review_queue(world.users["other_city_admin"], world.cycle) == []


# --- checklist ---------------------------------------------------------------------------------


def _results(report):
    snap = report.snapshots.order_by("-sequence").first()
    _, (results, score, maximum, grade) = services.evaluate_submission(report, snap, {})
    return {r.item.code: r for r in results}, score, grade


def test_checklist_is_prefilled_from_the_facts_of_the_submission(world):
    text = snapshot_text()
    text["sections"] = text["sections"][:-1]  # 面临挑战 missing
    with time_machine.travel(dt.datetime(2026, 1, 6, 12, tzinfo=dt.UTC), tick=False):
        submit(world.secondary_report, text=text, url="https://www.other.cn/nb",
               validation=[{"rule_id": "E1", "severity": "error", "message": "x"}, WARNING],
               checker=[{"code": "case.too_long", "severity": "error", "message": "超过500字"}],
               declaration=False)  # fmt: skip
    ReviewSettings.objects.create(cycle=world.cycle, enterprise_quota=1,
                                  enterprise_quota_by_school={world.secondary.code: 2})  # fmt: skip
    results, score, grade = _results(world.secondary_report)
    assert {code: r.prefilled for code, r in results.items()} == {
        "framework_parts": False, "checker_clean": False, "validation_clean": False,
        "warnings_explained": False, "declaration": False, "url_own_site": False,
        "on_time": False, "enterprise_reports": False,
    }  # fmt: skip
    assert "面临挑战" in results["framework_parts"].fact_note
    assert results["enterprise_reports"].fact_note == "已报送企业年报 0 份，本年度要求至少 2 份"
    assert (score, grade) == (0, "C")


def test_a_clean_submission_is_prefilled_as_passing(world, secondary):
    report = Report.objects.create(
        cycle=world.cycle, organisation=world.enterprise, kind="enterprise",
        compiling_school=world.secondary, status="submitted", title="企业年报",
    )  # fmt: skip
    assert report.pk
    results, score, grade = _results(secondary)
    assert all(r.prefilled for r in results.values()), {c: r.fact_note for c, r in results.items()}
    assert (score, grade) == (100, "A")


def test_override_without_a_note_is_refused_and_with_a_note_changes_the_grade(world, secondary):
    admin = world.users["city_admin"]
    with pytest.raises(ApplicationError, match="请填写说明"):
        services.review_marks_save(actor=admin, report=secondary,
                                   marks={"framework_parts": {"passed": False}})  # fmt: skip
    review = services.review_marks_save(
        actor=admin, report=secondary,
        marks={"framework_parts": {"passed": False, "note": "发展保障部分只有标题"}},
    )  # fmt: skip
    assert (review.score, review.grade) == (75, "B")  # no enterprise report: quota item fails too
    with pytest.raises(ApplicationError, match="不在本年度审核清单中"):
        services.review_marks_save(actor=admin, report=secondary, marks={"x": {"passed": True}})


# --- comments, return, resubmission ------------------------------------------------------------


def test_comment_refusals(world, secondary):
    admin = world.users["city_admin"]
    with pytest.raises(ApplicationError, match="至少 5 个字"):
        services.review_comment_add(actor=admin, report=secondary, anchor_kind="general",
                                    anchor_key="", anchor_label="", text="太短")  # fmt: skip
    with pytest.raises(ApplicationError, match="请选择意见对应的小节"):
        services.review_comment_add(actor=admin, report=secondary, anchor_kind="case",
                                    anchor_key="", anchor_label="", text="案例需要补充数据")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.review_comment_add(actor=world.secondary_head, report=secondary,
                                    anchor_kind="general", anchor_key="", anchor_label="",
                                    text="自己给自己写意见")  # fmt: skip


def test_return_needs_a_comment_and_carries_the_anchored_comments(world, secondary):
    admin = world.users["city_admin"]
    with pytest.raises(ApplicationError, match="至少填写一条审核意见"):
        services.review_return(actor=admin, report=secondary)
    services.review_comment_add(actor=admin, report=secondary, anchor_kind="section",
                                anchor_key="challenges#0", anchor_label="面临挑战",
                                text="请写明具体的挑战和举措")  # fmt: skip
    services.review_return(actor=admin, report=secondary)
    secondary.refresh_from_db()
    assert secondary.status == "returned"
    assert "[正文·面临挑战] 请写明具体的挑战和举措" in secondary.return_reason
    with pytest.raises(ApplicationError, match="不在审核中"):
        services.review_comment_add(actor=admin, report=secondary, anchor_kind="general",
                                    anchor_key="", anchor_label="", text="退回后不能再写")  # fmt: skip


def test_after_resubmission_the_reviewer_sees_what_changed(world, secondary):
    admin = world.users["city_admin"]
    services.review_comment_add(actor=admin, report=secondary, anchor_kind="general",
                                anchor_key="", anchor_label="", text="请补充学生数量的变化")  # fmt: skip
    services.review_return(actor=admin, report=secondary)
    Report.objects.filter(pk=secondary.pk).update(status="drafting")
    submit(
        secondary, url=URL, text=snapshot_text(body="2025年共有1350名学生参加，较上年增加150名。")
    )
    changes = selectors.changes_since_return(secondary)
    assert (changes["from"], changes["to"]) == (1, 2)
    assert {c.area for c in changes["changes"]} == {"正文"}
    assert [c.text for c in changes["comments"]] == ["请补充学生数量的变化"]
    (row,) = selectors.review_queue(admin, world.cycle)
    assert row.resubmitted


# --- explanations and approval -----------------------------------------------------------------


def test_approval_is_refused_while_an_explanation_is_pending(world):
    submit(world.secondary_report, url=URL, validation=[WARNING])
    report = world.secondary_report
    explanation = _explain(world, report)
    admin = world.users["city_admin"]
    services.review_marks_save(actor=admin, report=report, marks={})
    with pytest.raises(ApplicationError) as exc:
        services.review_approve(actor=admin, report=report)
    assert exc.value.reasons == ["预警说明（W1）尚待审核，请先采纳或不采纳"]
    with pytest.raises(ApplicationError, match="审核意见"):
        services.review_explanation_decide(actor=admin, explanation=explanation, accept=False,
                                           note="")  # fmt: skip
    services.review_explanation_decide(actor=admin, explanation=explanation, accept=True,
                                       note="说明合理")  # fmt: skip
    review = services.review_approve(actor=admin, report=report)
    report.refresh_from_db()
    assert report.status == "approved" and review.grade == "A" and review.outcome == "approved"


def test_approval_needs_the_checklist_and_records_the_grade(world, secondary):
    admin = world.users["city_admin"]
    with pytest.raises(ApplicationError, match="请先逐项确认审核清单"):
        services.review_approve(actor=admin, report=secondary)
    services.review_marks_save(actor=admin, report=secondary, marks={
        "url_own_site": {"passed": False, "note": "网址指向教育局网站"},
        "on_time": {"passed": False, "note": "纸质材料逾期"},
    })  # fmt: skip
    review = services.review_approve(actor=admin, report=secondary)
    assert (review.score, review.grade) == (80, "B")  # and the enterprise quota item
    with pytest.raises(ApplicationError, match="不在审核中"):
        services.review_approve(actor=admin, report=secondary)


def test_nothing_can_be_edited_after_approval(world, secondary):
    from nianbao.indicators.services import data_values_save
    from nianbao.submissions import services as report_services
    from nianbao.validation.services import explanation_save

    admin = world.users["city_admin"]
    services.review_marks_save(actor=admin, report=secondary, marks={})
    services.review_approve(actor=admin, report=secondary)
    secondary.refresh_from_db()
    head = world.secondary_head
    with pytest.raises(ApplicationError, match="不可修改"):
        explanation_save(actor=head, report=secondary, rule_id="W1", text="批准后再改说明")
    with pytest.raises(ApplicationError):
        report_services.section_save(actor=head, report=secondary, part_code="challenges",
                                     title="", body="批准后再改正文")  # fmt: skip
    with pytest.raises(ApplicationError):
        data_values_save(actor=head, report=secondary, table_code="scorecard", values={},
                         base_version=0, source="form")  # fmt: skip


# --- distribution, reminders, 附件5 -------------------------------------------------------------


def test_grade_distribution_by_kind_city_and_level(world, secondary):
    admin, province = world.users["city_admin"], world.users["province_admin"]
    services.review_marks_save(actor=admin, report=secondary, marks={})
    services.review_approve(actor=admin, report=secondary)
    submit(world.report)
    services.review_marks_save(actor=province, report=world.report, marks={
        "framework_parts": {"passed": False, "note": "缺章节"}})  # fmt: skip
    services.review_approve(actor=province, report=world.report)
    reviews = selectors.graded_reports(province, world.cycle)
    dist = selectors.grade_distribution(reviews, ("A", "B", "C"))
    assert (
        dist["sentence"]
        == "评为 A 等 1 份，占 50.0%；评为 B 等 1 份，占 50.0%；评为 C 等 0 份，占 0.0%"
    )
    assert [(r["name"], r["total"]) for r in dist["by_level"]] == [("中职", 1), ("高职", 1)]
    assert [(r["name"], [c["n"] for c in r["cells"]]) for r in dist["by_city"]] == [
        ("青川市", [1, 1, 0])
    ]
    # The city sees only its own part of the province.
    assert [
        r.report for r in selectors.graded_reports(world.users["other_city_admin"], world.cycle)
    ] == []


def test_reminders_go_only_to_reports_behind_once_a_day(world, django_capture_on_commit_callbacks):
    from nianbao.review.overview import reports_behind

    admin = world.users["city_admin"]
    assert reports_behind(admin, world.cycle) == []  # 16 days to go: nobody is behind
    with time_machine.travel(dt.datetime(2026, 1, 4, 9, tzinfo=dt.UTC), tick=False):
        behind = reports_behind(admin, world.cycle)
        assert {r.organisation.name for r in behind} == {"青川职业技术学院", "青川市城关职业中学"}
        assert services.reminders_send(actor=admin, reports=behind) == 2
        assert services.reminders_send(actor=admin, reports=behind) == 0
    with pytest.raises(PermissionDenied):
        services.reminders_send(actor=world.secondary_head, reports=behind)


def test_scope_confirmation_is_recorded_and_locks_the_list(world):
    from nianbao.testing import make_org

    make_org("school", "2010077", "青川市附设中职班", world.city, level="secondary",
             must_file_report=False, exemption_reason="attached_class")  # fmt: skip
    with pytest.raises(PermissionDenied, match="本市教育局管理员"):
        services.scope_confirm(actor=world.users["other_city_admin"], cycle=world.cycle,
                               city=world.city)  # fmt: skip
    confirmation = services.scope_confirm(actor=world.users["city_admin"], cycle=world.cycle,
                                          city=world.city)  # fmt: skip
    assert [s["name"] for s in confirmation.schools] == ["青川市城关职业中学"]
    assert [(s["name"], s["reason"]) for s in confirmation.exempt] == [
        ("青川市附设中职班", "附设中职班")
    ]
    with pytest.raises(ApplicationError, match="已确认并锁定"):
        services.scope_confirm(actor=world.users["city_admin"], cycle=world.cycle, city=world.city)


def test_reviews_are_kept_per_submission(world, secondary):
    admin = world.users["city_admin"]
    services.review_marks_save(actor=admin, report=secondary, marks={})
    services.review_comment_add(actor=admin, report=secondary, anchor_kind="general",
                                anchor_key="", anchor_label="", text="请补充数据来源说明")  # fmt: skip
    services.review_return(actor=admin, report=secondary)
    Report.objects.filter(pk=secondary.pk).update(status="drafting")
    submit(secondary, url=URL)
    services.review_marks_save(actor=admin, report=secondary, marks={})
    assert list(Review.objects.filter(report=secondary).values_list("sequence", "outcome")) == [
        (1, "returned"), (2, "open"),
    ]  # fmt: skip


def test_checklist_and_explanations_are_refused_outside_review(world, secondary):
    admin = world.users["city_admin"]
    explanation = _explain(world, secondary)
    services.review_comment_add(actor=admin, report=secondary, anchor_kind="general",
                                anchor_key="", anchor_label="", text="请补充佐证材料说明")  # fmt: skip
    services.review_return(actor=admin, report=secondary)
    with pytest.raises(ApplicationError, match="不在审核中"):
        services.review_marks_save(actor=admin, report=secondary, marks={})
    with pytest.raises(ApplicationError, match="不在审核中"):
        services.review_explanation_decide(actor=admin, explanation=explanation, accept=True,
                                           note="")  # fmt: skip
    with pytest.raises(ApplicationError, match="不在审核中"):
        services.review_return(actor=admin, report=secondary, reason="再次退回的原因")


def test_url_checks_and_notices_need_a_bureau(world, secondary):
    with pytest.raises(PermissionDenied):
        services.url_checks_request(actor=world.secondary_head, reports=[secondary])
    with pytest.raises(PermissionDenied):
        services.notice_request(actor=world.users["city_admin"], cycle=world.cycle,
                                file_format="docx")  # fmt: skip


@pytest.mark.parametrize(
    ("quota", "by_school", "days", "message"),
    [
        (-1, {}, 10, "不能为负"),
        (1, {}, 0, "至少 1 天"),
        (1, {"0000000": 2}, 10, "没有这些学校代码：0000000"),
    ],
)
def test_review_settings_refusals(world, quota, by_school, days, message):
    with pytest.raises(ApplicationError, match=message):
        services.review_settings_save(actor=world.users["province_admin"], cycle=world.cycle,
                                      enterprise_quota=quota, quota_by_school=by_school,
                                      review_days=days)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.review_settings_save(actor=world.users["city_admin"], cycle=world.cycle,
                                      enterprise_quota=1, quota_by_school={}, review_days=5)  # fmt: skip


def test_quota_by_school_feeds_the_checklist(world, secondary):
    services.review_settings_save(actor=world.users["province_admin"], cycle=world.cycle,
                                  enterprise_quota=0, quota_by_school={}, review_days=5)  # fmt: skip
    results, _, _ = _results(secondary)
    assert results["enterprise_reports"].prefilled  # no enterprise report needed
    services.review_settings_save(actor=world.users["province_admin"], cycle=world.cycle,
                                  enterprise_quota=0, quota_by_school={world.secondary.code: 2},
                                  review_days=5)  # fmt: skip
    results, _, _ = _results(secondary)
    assert not results["enterprise_reports"].prefilled
