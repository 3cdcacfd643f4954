import pytest
from django.core.exceptions import PermissionDenied

from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.documents.builder import build_report_document
from nianbao.documents.model import number_items
from nianbao.reports.models import Case, ReportSection
from nianbao.submissions import services

from .conftest import tiny_png

pytestmark = pytest.mark.django_db
PART = "talent_cultivation"


def test_section_save_bumps_version_and_is_audited(world, editor):
    section = services.section_save(
        actor=editor, report=world.report, part_code=PART, title="1.1 概况", body="正文"
    )
    again = services.section_save(
        actor=editor, report=world.report, part_code=PART, title="1.1 概况", body="改后",
        section=section, version=1,
    )  # fmt: skip
    assert again.version == 2 and again.body == "改后"
    assert AuditEvent.objects.filter(action="section.save", object_id=str(section.pk)).count() == 2


def test_section_save_from_a_stale_version_is_refused_and_keeps_the_stored_text(world, editor):
    section = services.section_save(
        actor=editor, report=world.report, part_code=PART, title="", body="第一版"
    )
    services.section_save(
        actor=editor, report=world.report, part_code=PART, title="", body="他人修改",
        section=section, version=1,
    )  # fmt: skip
    with pytest.raises(ApplicationError) as exc:
        services.section_save(
            actor=editor, report=world.report, part_code=PART, title="", body="我的修改",
            section=section, version=1,
        )  # fmt: skip
    assert exc.value.status == 409
    assert ReportSection.objects.get(pk=section.pk).body == "他人修改"


def test_unknown_framework_part_is_refused(world, editor):
    with pytest.raises(ApplicationError, match="没有这一部分"):
        services.section_save(
            actor=editor, report=world.report, part_code="enterprise_profile", title="", body="x"
        )


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("school_editor", True),
        ("school_head", True),
        ("city_admin", False),  # reads its schools' reports, writes only the city's own
        ("province_admin", False),
        ("other_school_editor", False),
        ("reviewer", False),
        ("enterprise_editor", False),
    ],
)
def test_only_the_school_writes_its_report(world, actor, allowed):
    call = lambda: services.section_save(  # noqa: E731
        actor=world.users[actor], report=world.report, part_code=PART, title="", body="x"
    )
    if allowed:
        call()
    else:
        with pytest.raises(PermissionDenied):
            call()


def test_case_longer_than_500_chars_is_refused_with_its_count(world, editor):
    with pytest.raises(ApplicationError) as exc:
        services.case_save(
            actor=editor, report=world.report, part_code=PART, title="案例", body="字" * 501
        )
    assert "501 字" in str(exc.value)
    ok = services.case_save(
        actor=editor, report=world.report, part_code=PART, title="案例", body="字 " * 500
    )
    assert ok.key == "case1"


def test_case_without_title_and_body_lists_both_reasons(world, editor):
    with pytest.raises(ApplicationError) as exc:
        services.case_save(actor=editor, report=world.report, part_code=PART, title=" ", body="")
    assert exc.value.reasons == ["请填写案例标题", "请填写案例正文"]


def test_image_is_checked_by_content_not_by_name(world, editor):
    with pytest.raises(ApplicationError) as exc:
        services.figure_image_save(
            actor=editor, report=world.report, part_code=PART, caption="图",
            content=b"<svg onload=alert(1)>",
        )  # fmt: skip
    assert "PNG 或 JPEG" in str(exc.value)
    figure = services.figure_image_save(
        actor=editor, report=world.report, part_code=PART, caption="实训基地", content=tiny_png()
    )
    assert figure.image.name.endswith(".png") and len(figure.image_sha256) == 64


def test_too_large_image_is_refused(world, editor):
    big = tiny_png() + b"\x00" * (5 * 1024 * 1024)
    with pytest.raises(ApplicationError, match="上限为 5 MB"):
        services.figure_image_save(
            actor=editor, report=world.report, part_code=PART, caption="图", content=big
        )


def test_table_is_saved_from_typed_text(world, editor):
    table = services.table_save(
        actor=editor, report=world.report, part_code=PART, caption="专业设置",
        text="专业|人数\n机电|120",
    )  # fmt: skip
    assert table.columns == ["专业", "人数"] and table.rows == [["机电", "120"]]
    assert table.key == "tab1"


def _labels(report):
    return number_items(build_report_document(report)).items


def test_numbers_follow_items_when_they_move(world, editor):
    report = world.report
    first = services.case_save(actor=editor, report=report, part_code=PART, title="甲", body="1人")
    second = services.case_save(actor=editor, report=report, part_code=PART, title="乙", body="2人")
    assert _labels(report)["case:case1"] == "案例 1-1"
    services.item_move(actor=editor, report=report, kind="case", pk=second.pk, direction="up")
    labels = _labels(report)
    assert labels["case:case2"] == "案例 1-1" and labels["case:case1"] == "案例 1-2"
    # Moving the first item further up changes nothing.
    services.item_move(actor=editor, report=report, kind="case", pk=second.pk, direction="up")
    assert _labels(report)["case:case2"] == "案例 1-1"
    assert Case.objects.get(pk=first.pk).order > Case.objects.get(pk=second.pk).order


def test_chapter_numbers_are_per_framework_part(world, editor):
    report = world.report
    services.figure_image_save(
        actor=editor,
        report=report,
        part_code="service_contribution",
        caption="图",
        content=tiny_png(),
    )
    assert _labels(report)["fig:fig1"] == "图 2-1"


def test_deleting_an_item_is_audited(world, editor):
    case = services.case_save(
        actor=editor, report=world.report, part_code=PART, title="甲", body="1"
    )
    services.item_delete(actor=editor, report=world.report, kind="case", pk=case.pk)
    assert not Case.objects.filter(pk=case.pk).exists()
    assert AuditEvent.objects.filter(action="case.delete").exists()


def test_chart_figure_needs_indicators_of_the_report_catalog(world, editor, monkeypatch):
    from types import SimpleNamespace

    catalog = SimpleNamespace(indicators={"graduates": SimpleNamespace(name="毕业生数", unit="人")})
    monkeypatch.setattr("nianbao.submissions.services.authoring.report_catalog", lambda r: catalog)
    with pytest.raises(ApplicationError, match="没有这些指标：unknown"):
        services.figure_chart_save(
            actor=editor, report=world.report, part_code=PART, caption="图", kind="bar",
            codes=["unknown"],
        )  # fmt: skip
    figure = services.figure_chart_save(
        actor=editor, report=world.report, part_code=PART, caption="毕业生", kind="bar",
        codes=["graduates"],
    )  # fmt: skip
    assert figure.chart == {"kind": "bar", "codes": ["graduates"], "title": ""}


def test_uploaded_report_must_be_docx_or_pdf_by_content(world, editor):
    with pytest.raises(ApplicationError, match="Word（.docx）或 PDF"):
        services.report_file_upload(
            actor=editor, report=world.report, filename="年报.docx", content=b"not a docx"
        )
