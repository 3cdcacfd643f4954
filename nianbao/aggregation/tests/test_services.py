import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from nianbao.aggregation.models import RegionReportRun
from nianbao.aggregation.services import region_report_request
from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.documents.models import ExportStatus

pytestmark = pytest.mark.django_db


def test_city_admin_generates_the_city_report_in_the_background_and_files_keep_their_hash(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        run = region_report_request(
            actor=world.users["city_admin"], organisation=world.city, cycle=world.cycle
        )
    run.refresh_from_db()
    assert run.status == ExportStatus.DONE, run.error
    assert run.progress == 100 and run.pages > 0
    assert run.pdf_sha256 == hashlib.sha256(run.pdf.read()).hexdigest()
    assert run.docx_sha256 == hashlib.sha256(run.docx.open("rb").read()).hexdigest()
    assert "coverage" in run.aggregate and "secondary" in run.aggregate["coverage"]
    assert AuditEvent.objects.filter(action="region_report.generate").count() == 1


def test_a_school_user_cannot_generate_a_region_report(world):
    with pytest.raises(PermissionDenied):
        region_report_request(
            actor=world.users["school_editor"], organisation=world.city, cycle=world.cycle
        )


def test_a_second_generation_waits_for_the_running_one(world):
    RegionReportRun.objects.create(
        organisation=world.city, cycle=world.cycle, status=ExportStatus.RUNNING
    )
    with pytest.raises(ApplicationError, match="正在生成"):
        region_report_request(
            actor=world.users["city_admin"], organisation=world.city, cycle=world.cycle
        )


def test_bureau_starts_from_the_draft_outline_and_unwritten_sections_are_not_printed(
    world, settings, tmp_path
):
    from nianbao.aggregation.documents import region_report_document
    from nianbao.aggregation.services import region_outline, region_outline_create
    from nianbao.documents.model import Heading
    from nianbao.submissions.services.authoring import section_save

    report = world.city_report
    report.extended_until = dt.date.today() + dt.timedelta(days=30)  # still open for writing
    report.save(update_fields=["extended_until"])
    added = region_outline_create(actor=world.users["city_admin"], report=report)
    outline = region_outline(report.cycle.framework_edition)
    assert added == sum(len(t) for t in outline.values())
    assert region_outline_create(actor=world.users["city_admin"], report=report) == 0
    first = report.sections.get(part_code="talent_cultivation", title="立德树人")
    section_save(
        actor=world.users["city_admin"],
        report=report,
        part_code="talent_cultivation",
        title=first.title,
        body="全市中职学校开齐开足思想政治课。",
        section=first,
        version=first.version,
    )
    document, _ = region_report_document(world.city, report.cycle.year)
    headings = [b.text for c in document.chapters for b in c.blocks if isinstance(b, Heading)]
    assert "立德树人" in headings and "专业建设" not in headings


def test_bureau_picks_a_school_case_from_the_library_with_the_school_name(world):
    from nianbao.aggregation.cases import case_library, case_pick
    from nianbao.reports.models import Case

    school_report = world.report
    Case.objects.create(
        report=school_report, part_code="talent_cultivation", key="c1", order=1,
        title="订单培养助就业", body="学校与企业共建订单班，毕业生全部在合作企业就业。",
    )  # fmt: skip
    assert not case_library(world.city, world.cycle).exists()  # drafting reports do not count
    school_report.status = "submitted"
    school_report.save(update_fields=["status"])
    library = case_library(world.city, world.cycle, query="订单")
    assert [c.title for c in library] == ["订单培养助就业"]
    assert not case_library(world.city, world.cycle, query="不存在的词").exists()
    bureau = world.city_report
    bureau.extended_until = dt.date.today() + dt.timedelta(days=30)
    bureau.save(update_fields=["extended_until"])
    picked = case_pick(actor=world.users["city_admin"], report=bureau, case=library[0])
    assert picked.title == f"{school_report.organisation.name}：订单培养助就业"
    assert picked.part_code == "talent_cultivation"
    with pytest.raises(ApplicationError, match="已选入"):
        case_pick(actor=world.users["city_admin"], report=bureau, case=library[0])


def test_case_library_page_lists_cases_with_part_names(world, login):
    from nianbao.reports.models import Case

    world.report.status = "submitted"
    world.report.save(update_fields=["status"])
    Case.objects.create(
        report=world.report, part_code="service_contribution", key="c1", order=1,
        title="技能培训进社区", body="面向社区居民开展养老护理培训。",
    )  # fmt: skip
    client = login(world.users["city_admin"])
    page = client.get(f"/region-reports/{world.city.pk}/{world.cycle.year}/cases/?q=社区")
    assert page.status_code == 200
    assert "技能培训进社区" in page.content.decode() and "服务贡献" in page.content.decode()


def test_the_province_starts_its_own_report_by_picking_a_case(world, login):
    from nianbao.reports.models import Case, Report

    world.report.status = "submitted"
    world.report.save(update_fields=["status"])
    case = Case.objects.create(
        report=world.report, part_code="talent_cultivation", key="c1", order=1,
        title="订单培养助就业", body="学校与企业共建订单班。",
    )  # fmt: skip
    province_reports = Report.objects.filter(organisation=world.province, kind="province")
    assert not province_reports.exists()
    client = login(world.users["province_admin"])
    url = f"/region-reports/{world.province.pk}/{world.cycle.year}"
    assert client.get(f"{url}/cases/").status_code == 200
    assert not province_reports.exists()  # GET never writes
    response = client.post(f"{url}/cases/{case.pk}/pick/", follow=True)
    assert "已选入本单位年报" in response.content.decode()
    report = province_reports.get()
    assert report.title == f"示范省职业教育质量年度报告（{world.cycle.year}）"
    assert [c.title for c in report.cases.all()] == [
        f"{world.report.organisation.name}：订单培养助就业"
    ]
    assert AuditEvent.objects.filter(action="report.create", object_id=str(report.pk)).exists()


def test_only_the_bureau_own_admins_start_its_report(world):
    from nianbao.aggregation.services import bureau_report_ensure

    admin = world.users["province_admin"]
    first = bureau_report_ensure(actor=admin, organisation=world.province, cycle=world.cycle)
    again = bureau_report_ensure(actor=admin, organisation=world.province, cycle=world.cycle)
    assert first.pk == again.pk
    with pytest.raises(PermissionDenied):
        bureau_report_ensure(
            actor=world.users["city_admin"], organisation=world.province, cycle=world.cycle
        )
