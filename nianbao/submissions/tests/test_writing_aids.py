from collections import Counter
from decimal import Decimal

from django.urls import reverse

from nianbao.indicators.catalog import load_catalog
from nianbao.submissions import services
from nianbao.submissions.charts import chart_preview, indicator_choices
from nianbao.submissions.references import broken_references, reference_targets
from nianbao.submissions.services.checking import report_check

PART = "talent_cultivation"


def test_typed_numbers_are_stripped_from_section_and_case_titles(world, editor):
    section = services.section_save(
        actor=editor, report=world.report, part_code=PART, title="1.1 1.1 立德树人", body="正文"
    )
    case = services.case_save(
        actor=editor, report=world.report, part_code=PART, title="案例1：（一）订单班", body="x"
    )
    assert section.title == "立德树人"
    assert case.title == "案例1：（一）订单班"  # not a leading number: kept as written


def test_every_broken_reference_is_reported_at_once(world, editor):
    services.section_save(
        actor=editor,
        report=world.report,
        part_code=PART,
        title="就业",
        body="见[[fig:chart1]]和[[table:tab9]]，另见[[case:]]。",
    )
    broken = broken_references(world.report)
    assert [b.ref for b in broken] == ["[[fig:chart1]]", "[[table:tab9]]", "[[case:]]"]
    assert all(b.where == "就业" and b.part_name for b in broken)
    findings = report_check(report=world.report)
    messages = [f["message"] for f in findings]
    assert "3 处引用" in messages[0] and len(messages) == 4


def test_reference_picker_lists_items_with_their_numbers(world, editor, login):
    figure = services.figure_chart_save(
        actor=editor,
        report=world.report,
        part_code=PART,
        caption="毕业生人数",
        kind="bar",
        codes=["graduates"],
    )
    targets = reference_targets(world.report, {f"fig:{figure.key}": "图 1-1"})
    assert targets[0].ref == f"[[fig:{figure.key}]]"
    assert targets[0].label.startswith("图 1-1 毕业生人数（")
    page = login(editor).get(
        reverse("submissions:report-part", args=[world.report.pk, PART])
    ).content.decode()
    assert "插入引用" in page and f'value="[[fig:{figure.key}]]"' in page
    assert "编号由平台自动生成" in page
    assert "柱状图预览" in page and "graduates" not in page.split("<main")[1].split("<select")[0]


def test_indicator_picker_labels_are_all_different():
    catalog = load_catalog("2023", "higher")
    labels = [label for _, label, _ in indicator_choices(catalog, {})]
    repeated = [label for label, n in Counter(labels).items() if n > 1]
    assert not repeated
    assert "学生满意度 · 调查人次（人次）" in labels or any(
        label.endswith("· 调查人次（人次）") for label in labels
    )


def test_chart_preview_scales_bars_to_the_largest_value():
    catalog = load_catalog("2023", "higher")
    preview = chart_preview(
        {"kind": "bar", "codes": ["graduates", "graduates_placed"]},
        {"graduates": Decimal("200"), "graduates_placed": Decimal("150")},
        catalog,
    )
    assert preview["kind"] == "柱状图"
    assert [r["width"] for r in preview["rows"]] == [100.0, 75.0]
    assert preview["rows"][0]["value"].startswith("200")


def test_submission_checklist_lists_every_broken_reference(world, editor):
    from nianbao.submissions.services import submission_refusals

    services.section_save(
        actor=editor,
        report=world.report,
        part_code=PART,
        title="就业",
        body="见[[fig:chart1]]和[[table:tab9]]。",
    )
    broken = [r for r in submission_refusals(world.report) if r.startswith("引用无效")]
    assert len(broken) == 2 and "[[fig:chart1]]" in broken[0] and "[[table:tab9]]" in broken[1]
