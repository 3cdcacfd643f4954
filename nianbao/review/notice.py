"""通报 (evaluation notice): the province's evaluation of every city's and school's report —
grades, their distribution by kind, and the main problems found — as a document of the
platform's document model, rendered by `nianbao.documents.render`."""

from __future__ import annotations

from collections import Counter

from django.core.files.base import ContentFile

from nianbao.documents.model import Chapter, Heading, Paragraph, ReportDocument, TableBlock
from nianbao.documents.render import render_docx, render_pdf
from nianbao.review import checklist as checklists
from nianbao.review.models import EvaluationNotice, Review
from nianbao.review.selectors import grade_distribution, report_dimensions

__all__ = ["notice_document", "notice_execute", "problems_text", "review_problems"]


def review_problems(review: Review) -> list[tuple[str, str]]:
    """(checklist item, reviewer's note) for each item the report did not meet."""
    checklist = checklists.load_checklist(review.report.cycle.framework_edition)
    return [
        (item.text, review.marks[item.code].get("note", ""))
        for item in checklist.items_for(review.report.kind)
        if item.code in review.marks and not review.marks[item.code].get("passed")
    ]


def problems_text(problems: list[tuple[str, str]]) -> str:
    return "；".join(f"未达到“{text}”" + (f"（{note}）" if note else "") for text, note in problems)


def notice_document(cycle, province_name: str, reviews: list[Review]) -> ReportDocument:
    grades = checklists.load_checklist(cycle.framework_edition).grade_names
    dist = grade_distribution(reviews, grades)
    overview = [
        Paragraph(
            f"根据{cycle.name}职业教育质量年度报告编制发布工作安排，我厅从内容框架完整性、"
            f"数据采集真实性、报送工作合规性三个方面，对各市教育局、省属中等职业学校、高等职业"
            f"院校和企业报送的年报进行了评价。共评价年报 {dist['total']} 份，{dist['sentence']}。"
        )
    ]
    for row in dist["by_kind"]:
        parts = "，".join(f"{c['grade']} 等 {c['n']} 份（{c['share']:.1f}%）" for c in row["cells"])
        overview.append(Paragraph(f"{row['name']} {row['total']} 份：{parts}。"))
    blocks_by_kind: dict[str, list] = {}
    problems: Counter = Counter()
    for review in reviews:
        kind, city, level = report_dimensions(review)
        failed = review_problems(review)
        problems.update(text for text, _ in failed)
        org = review.report.organisation
        blocks_by_kind.setdefault(kind, []).append(
            (city, org.name, level, review.grade, problems_text(failed) or "无")
        )
    results = []
    for n, (kind, rows) in enumerate(sorted(blocks_by_kind.items()), 1):
        results.append(Heading(2, kind))
        results.append(
            TableBlock(
                key=f"grades-{n}",
                caption=f"{kind}评价结果",
                columns=("序号", "地市", "单位", "层次", "等次", "主要问题"),
                rows=tuple((str(i), *r[:3], r[3], r[4]) for i, r in enumerate(rows, 1)),
            )
        )
    common = [
        Paragraph(f"未达到“{text}”的年报 {n} 份。") for text, n in problems.most_common(10)
    ] or [Paragraph("本次评价未发现共性问题。")]
    common.append(Paragraph("请各单位对照评价结果和主要问题认真整改，进一步提高年报编制质量。"))
    return ReportDocument(
        title=f"关于{cycle.name}职业教育质量年度报告评价结果的通报",
        organisation_name=province_name,
        year_label=str(cycle.year),
        kind="province",
        chapters=(
            Chapter("总体情况", tuple(overview)),
            Chapter("评价结果", tuple(results) or (Paragraph("暂无已评价的年报。"),)),
            Chapter("主要问题", tuple(common)),
        ),
    )


def notice_execute(notice: EvaluationNotice, reviews: list[Review], province_name: str) -> None:
    doc = notice_document(notice.cycle, province_name, reviews)
    content = render_pdf(doc) if notice.file_format == "pdf" else render_docx(doc)
    notice.file.save(
        f"{notice.cycle.year}年度职业教育质量年报评价通报.{notice.file_format}",
        ContentFile(content),
        save=False,
    )
    notice.status = "done"
    notice.save()
