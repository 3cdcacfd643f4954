from django.urls import reverse

from nianbao.submissions.services import report_check, section_save


def test_report_check_keeps_a_run_whose_rendering_the_findings_link_to(world, login, monkeypatch):
    from nianbao.reports.models import Report

    monkeypatch.setattr(Report, "is_editable", property(lambda self: True))
    section_save(
        actor=world.users["school_editor"],
        report=world.report,
        part_code="talent_cultivation",
        title="师资队伍",
        body="学校现有专任教师 4300 人，其中双师素质教师 2100 人，占专任教师总数的 41.20%。",
    )
    findings = report_check(report=world.report)
    run = world.report.check_runs.get()
    assert findings == run.findings
    wrong = next(f for f in findings if any("41.20" in v for v in f["values"]))
    assert run.blocks[wrong["location"]["block"]]["text"].find("41.20%") >= 0
    html = (
        login(world.users["reviewer"])
        .get(reverse("submissions:report-detail", args=[world.report.pk]))
        .content.decode()
    )
    assert reverse("checker:run-detail", args=[run.pk]) + f"#b{wrong['location']['block']}" in html


def test_in_platform_checks_keep_one_named_run_per_report(world):
    editor = world.users["school_editor"]
    section_save(
        actor=editor, report=world.report, part_code="talent_cultivation", title="", body="一"
    )
    report_check(report=world.report)
    report_check(report=world.report)  # unchanged: the same run still holds
    section_save(
        actor=editor, report=world.report, part_code="talent_cultivation", title="", body="二"
    )
    report_check(report=world.report)
    run = world.report.check_runs.get()
    assert run.file_name == f"{world.report.title}（平台编写）.md"


def test_uploaded_report_is_checked_under_its_own_file_name(world):
    from nianbao.submissions.services import authoring_mode_set, report_file_upload
    from nianbao.submissions.tests.conftest import docx_with_parts

    editor = world.users["school_editor"]
    authoring_mode_set(actor=editor, report=world.report, mode="upload")
    names = [p.name for p in world.report.framework_parts]
    report_file_upload(
        actor=editor,
        report=world.report,
        filename="青川职院2025年报-定稿.docx",
        content=docx_with_parts(names),
    )
    report_check(report=world.report)
    assert world.report.check_runs.get().file_name == "青川职院2025年报-定稿.docx"
