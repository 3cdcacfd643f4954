import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from nianbao.documents.builder import build_report_document, chart_spec_for, report_markdown
from nianbao.documents.model import Case, Figure, Heading, Paragraph, TableBlock, number_items
from nianbao.submissions import services
from nianbao.submissions.tests.conftest import tiny_png

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "fake_renderer")]
PART = "talent_cultivation"


@pytest.fixture
def written(world, editor):
    report = world.report
    services.section_save(
        actor=editor, report=report, part_code=PART, title="学生发展",
        body="如[[case:case1]]和[[fig:fig1]]所示，就业率95%。",
    )  # fmt: skip
    services.case_save(
        actor=editor, report=report, part_code=PART, title="订单班", body="120人就业\n企业满意"
    )
    services.figure_image_save(
        actor=editor, report=report, part_code=PART, caption="实训", content=tiny_png()
    )
    services.table_save(
        actor=editor, report=report, part_code=PART, caption="专业", text="专业|人数\n机电|120"
    )
    return report


def test_parts_become_chapters_with_blocks_in_order(written):
    doc = build_report_document(written)
    assert doc.title == "《青川职业技术学院高等职业教育质量年度报告（2025）》"
    assert [c.title for c in doc.chapters][:2] == ["人才培养", "服务贡献"]
    blocks = doc.chapters[0].blocks
    assert [type(b) for b in blocks] == [Heading, Paragraph, Case, Figure, TableBlock]
    assert blocks[2].body == ("120人就业", "企业满意")
    assert blocks[3].image == tiny_png()
    labels = number_items(doc).items
    assert labels == {"case:case1": "案例 1-1", "fig:fig1": "图 1-1", "table:tab1": "表 1-1"}


def test_declaration_is_the_first_page_attachment(written, editor):
    assert build_report_document(written).declaration is None
    services.declaration_upload(
        actor=editor, report=written, filename="声明.pdf", content=b"%PDF-1.4\n"
    )
    written.refresh_from_db()
    attachment = build_report_document(written).declaration
    assert attachment.media_type == "application/pdf" and attachment.content == b"%PDF-1.4\n"


def test_markdown_for_the_checker_has_numbers_and_resolved_references(written):
    text = report_markdown(build_report_document(written))
    assert "# 1 人才培养" in text
    assert "如案例 1-1和图 1-1所示" in text
    assert "案例 1-1 订单班" in text and "图 1-1 实训" in text and "表 1-1 专业" in text
    assert "| 机电 | 120 |" in text


def _catalog():
    spec = lambda code, name, unit, parent=None, seq="1": SimpleNamespace(  # noqa: E731
        code=code,
        name=name,
        unit=unit,
        parent=parent,
        seq=seq,
        decimals=0,
        depth=1 if parent else 0,
        survey=False,
        survey_of=None,
    )
    table = SimpleNamespace(
        number=1, code="scorecard", name="人才培养质量计分卡",
        indicators=[spec("grads", "毕业生数", "人"), spec("grads_f", "女生", "人", "grads", "")],
    )  # fmt: skip
    return SimpleNamespace(tables=[table], indicators={i.code: i for i in table.indicators})


def test_data_tables_come_last_from_the_report_values(written, monkeypatch):
    monkeypatch.setattr("nianbao.documents.builder.report_catalog", lambda r: _catalog())
    monkeypatch.setattr(
        "nianbao.documents.builder.report_values", lambda r: {"grads": Decimal("1200")}
    )
    (table,) = build_report_document(written).appendix
    assert table.label == "附表1" and table.columns == ("2025年",)
    assert [(r.name, r.values, r.depth) for r in table.rows] == [
        ("毕业生数", ("1,200",), 0),
        ("女生", ("—",), 1),
    ]


def test_chart_is_drawn_from_the_report_own_values():
    spec = chart_spec_for(
        {"kind": "bar", "codes": ["grads"]}, {"grads": Decimal("1200")}, _catalog()
    )
    assert spec.categories == ("毕业生数",) and spec.series[0].values == (1200.0,)
    assert spec.unit == "人"


def test_enterprise_report_has_no_data_tables(world, editor):
    report = services.enterprise_report_create(
        actor=editor, cycle=world.cycle, school=world.school, enterprise=world.enterprise
    )
    doc = build_report_document(report)
    assert doc.appendix == () and doc.kind == "enterprise"
    assert doc.chapters[0].title == "企业概况"


def test_date_label_uses_today(written):
    assert build_report_document(written).date_label == dt.date(2025, 12, 20).strftime("%Y年%m月")


def test_satisfaction_table_carries_respondents_and_method_as_columns(world):
    from nianbao.indicators.models import DataValue

    DataValue.objects.bulk_create([
        DataValue(report=world.report, code="student_satisfaction", number=Decimal("88.88")),
        DataValue(report=world.report, code="student_satisfaction_respondents", number=Decimal("3379")),
        DataValue(report=world.report, code="student_satisfaction_method", text="网络问卷调查"),
    ])  # fmt: skip
    tables = {t.code: t for t in build_report_document(world.report).appendix}
    satisfaction = tables["satisfaction"]
    assert satisfaction.columns == ("2025年", "调查人次", "调查方式")
    assert not any(r.name in ("调查人次", "调查方式") for r in satisfaction.rows)
    first = satisfaction.rows[0]
    assert (first.name, first.values) == ("在校生满意度", ("88.88", "3,379", "网络问卷调查"))
    assert tables["scorecard"].columns == ("2025年",)
