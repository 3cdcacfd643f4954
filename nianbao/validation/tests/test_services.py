"""The platform side of validation: stored findings, explanations, decisions, carry-forward,
the submission guard and the admins' list."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from nianbao.core.tests.exports import download_export
from nianbao.cycles.services import cycle_open
from nianbao.demo.values import DemoSchool, generate_demo_dataset
from nianbao.indicators.models import DataValue
from nianbao.validation.choices import ExplanationDecision
from nianbao.validation.services import (
    explanation_decide,
    explanation_save,
    report_validate,
    submission_blockers,
    validation_run_scope,
)


def clean_values(code: str = "S1", level: str = "higher", seed: int = 11):
    """A consistent school (the generator plants errors in about one school in ten: skip those)."""
    schools = [DemoSchool(code=f"{code}{i}", level=level, size=1.0) for i in range(12)]
    data = generate_demo_dataset(schools, seed=seed)
    planted = {p.school_code for p in data.planted}
    clean = next(s.code for s in schools if s.code not in planted)
    return data.current[clean], data.previous[clean]


def store(report, values):
    DataValue.objects.filter(report=report).delete()
    DataValue.objects.bulk_create(
        DataValue(
            report=report,
            code=code,
            number=v if isinstance(v, Decimal) else None,
            text=v if isinstance(v, str) else "",
        )
        for code, v in values.items()
        if v is not None
    )


@pytest.fixture
def filled(world):
    current, _previous = clean_values()
    store(world.report, current)
    store(world.other_report, clean_values("S2", seed=12)[0])
    return world


def test_clean_school_has_no_error_and_is_not_blocked_by_errors(filled):
    result = report_validate(report=filled.report)
    assert result.error_count == 0
    assert not [r for r in submission_blockers(filled.report) if r.startswith("数据错误")]


def test_child_above_parent_blocks_submission_with_the_numbers(filled):
    values = {code: v for code, v in clean_values()[0].items()}
    values["graduates_further_study"] = values["graduates_placed"] + 5
    store(filled.report, values)
    reasons = submission_blockers(filled.report)
    errors = [r for r in reasons if r.startswith("数据错误")]
    assert errors, reasons
    assert any(str(int(values["graduates_further_study"])) in r for r in errors)


def warning_finding(report):
    result = report_validate(report=report)
    return next((f for f in result.findings if f["severity"] == "warning"), None)


@pytest.fixture
def with_warning(filled):
    values = dict(clean_values()[0])
    # A 60% jump in courses over last year is a year-on-year warning, not an error.
    previous = dict(values)
    previous["planned_courses"] = (values["planned_courses"] / Decimal("1.6")).quantize(Decimal(1))
    store(filled.report, values)
    old = cycle_open(
        actor=None,
        year=2024,
        framework_edition="2024",
        indicator_edition="2023",
        deadlines={
            "school": dt.date(2025, 1, 6),
            "city": dt.date(2025, 1, 13),
            "enterprise": dt.date(2025, 1, 6),
        },
    )
    store(old.reports.get(organisation=filled.school), previous)
    finding = warning_finding(filled.report)
    assert finding is not None
    filled.rule = finding["rule_id"]
    # Reasons name the problem in words; the rule id stays internal.
    filled.message = finding["message"]
    filled.old_report = old.reports.get(organisation=filled.school)
    return filled


def _in_review(explanation):
    """Explanations are decided while the report is under review (已提交)."""
    type(explanation.report).objects.filter(pk=explanation.report_id).update(status="submitted")
    explanation.report.refresh_from_db()
    return explanation


def _back_to_drafting(report):
    type(report).objects.filter(pk=report.pk).update(status="drafting")
    report.refresh_from_db()


def test_warning_blocks_until_explained_and_again_when_the_explanation_is_rejected(with_warning):
    w = with_warning
    assert any(w.message in r for r in submission_blockers(w.report))
    explanation = explanation_save(
        actor=w.users["school_editor"],
        report=w.report,
        rule_id=w.rule,
        text="本年度新增培训项目，收入大幅增长。",
    )
    assert not any(w.message in r for r in submission_blockers(w.report))
    explanation_decide(
        actor=w.users["reviewer"], explanation=_in_review(explanation), accept=False,
        note="请附佐证材料",
    )  # fmt: skip
    _back_to_drafting(w.report)
    assert any(w.message in r for r in submission_blockers(w.report))


def test_explanations_are_frozen_from_submission_and_decided_only_in_review(with_warning):
    from nianbao.core.exceptions import ApplicationError

    w = with_warning
    explanation = explanation_save(
        actor=w.users["school_editor"], report=w.report, rule_id=w.rule, text="原因说明若干字。"
    )
    with pytest.raises(ApplicationError, match="审核期间"):
        explanation_decide(actor=w.users["reviewer"], explanation=explanation, accept=True)
    _in_review(explanation)
    w.report.refresh_from_db()
    with pytest.raises(ApplicationError, match="不可修改"):
        explanation_save(
            actor=w.users["school_editor"], report=w.report, rule_id=w.rule, text="改写后的说明。"
        )
    for status in ("approved", "published"):
        type(w.report).objects.filter(pk=w.report.pk).update(status=status)
        w.report.refresh_from_db()
        with pytest.raises(ApplicationError, match="不可修改"):
            explanation_save(
                actor=w.users["school_editor"], report=w.report, rule_id=w.rule, text="改写说明。"
            )


def test_accepted_explanation_is_not_asked_again_next_cycle(with_warning):
    w = with_warning
    # The same warning on last year's report, explained and accepted there.
    explanation = explanation_save(
        actor=w.users["school_editor"],
        report=w.old_report,
        rule_id=w.rule,
        text="上年度说明：新增培训项目。",
    )
    explanation_decide(actor=w.users["reviewer"], explanation=_in_review(explanation), accept=True)
    assert explanation.decision == ExplanationDecision.ACCEPTED
    assert not any(w.message in r for r in submission_blockers(w.report))


def test_rejection_without_a_note_is_refused(with_warning):
    from nianbao.core.exceptions import ApplicationError

    w = with_warning
    explanation = explanation_save(
        actor=w.users["school_editor"], report=w.report, rule_id=w.rule, text="原因说明若干字。"
    )
    with pytest.raises(ApplicationError, match="审核意见"):
        explanation_decide(
            actor=w.users["reviewer"], explanation=_in_review(explanation), accept=False
        )


def test_report_findings_page_shows_findings_and_explanation_form(with_warning, login):
    w = with_warning
    html = (
        login(w.users["school_editor"])
        .get(reverse("validation:report-findings", args=[w.report.pk]))
        .content.decode()
    )
    assert w.rule in html and "提交说明" in html


def test_scope_list_covers_only_the_admins_scope_and_exports(filled, login):
    values = dict(clean_values()[0])
    values["graduates_further_study"] = values["graduates_placed"] + 5
    store(filled.report, values)
    totals = validation_run_scope(actor=filled.users["province_admin"], cycle_id=filled.cycle.pk)
    assert totals["reports"] == 3 and totals["error"] >= 1
    client = login(filled.users["other_city_admin"])
    rows = client.get(reverse("validation:scope-findings"), {"severity": "error"}).context[
        "page_obj"
    ]
    assert all(r.school != filled.school.name for r in rows)
    client = login(filled.users["province_admin"])
    rows = list(
        client.get(reverse("validation:scope-findings"), {"severity": "error"}).context["page_obj"]
    )
    assert any(r.school == filled.school.name for r in rows)
    response = download_export(client, reverse("validation:scope-export") + "?severity=error")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_reviewer_sees_the_findings_frozen_at_submission_not_a_fresh_run(filled, login):
    from nianbao.reports.models import Report, ReportSnapshot

    frozen = [{"rule_id": "H-X-1", "kind": "custom", "severity": "warning", "message": "提交时所见的预警",
               "indicators": ["graduates"], "numbers": {}}]  # fmt: skip
    ReportSnapshot.objects.create(
        report=filled.report, sequence=1, title="t", authoring_mode="platform", publication_url="",
        validation_findings=frozen, document_sha256="0" * 64,
    )  # fmt: skip
    Report.objects.filter(pk=filled.report.pk).update(status="submitted")
    # After submission the data change: a fresh run would find an error.
    values = dict(clean_values()[0])
    values["graduates_further_study"] = values["graduates_placed"] + 5
    store(filled.report, values)
    response = login(filled.users["reviewer"]).get(
        reverse("validation:report-findings", args=[filled.report.pk])
    )
    html = response.content.decode()
    assert "提交时所见的预警" in html and "冻结的校验结果" in html
    assert [r["rule_id"] for r in response.context["rows"]] == ["H-X-1"]


def test_report_overview_shows_the_latest_validation_counts(filled, login):
    result = report_validate(report=filled.report)
    html = (
        login(filled.users["school_editor"])
        .get(reverse("submissions:report-detail", args=[filled.report.pk]))
        .content.decode()
    )
    assert f'错误 <strong class="error">{result.error_count}</strong> 条' in html
