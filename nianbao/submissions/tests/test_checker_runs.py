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
