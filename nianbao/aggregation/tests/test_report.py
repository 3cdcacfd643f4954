"""The generated region report from hand-made aggregates: numbers and growth words from the
data, sentences left out without data, both levels' 附表, numbered charts and tables."""

import io
import re
from decimal import Decimal as D

import pytest
from docx import Document

from nianbao.aggregation.engine import SchoolData, aggregate, aggregate_groups
from nianbao.aggregation.report import PartSpec, build_region_document
from nianbao.aggregation.selectors import RegionFigures
from nianbao.documents.model import Chapter, Figure, Heading, Paragraph, TableBlock, number_items
from nianbao.documents.render import render_docx
from nianbao.indicators.catalog import load_catalog

PARTS = [
    PartSpec("preface", "前言"),
    PartSpec("overview", "基本情况"),
    PartSpec("talent_cultivation", "人才培养"),
    PartSpec("challenges", "面临挑战"),
    PartSpec("afterword", "后记"),
]
CATALOGS = {lv: load_catalog("2023", lv) for lv in ("higher", "secondary")}


def schools(
    year: int, *, drop_teachers: bool = False, missing: tuple[str, ...] = ()
) -> list[SchoolData]:
    grow = D(1) + D(year - 2021) / 20
    out = []
    for i, (level, city) in enumerate(
        [("higher", "甲市"), ("higher", "乙市"), ("secondary", "甲市"), ("secondary", "乙市")]
    ):
        values = {
            "full_time_students": (D(1000) * (i + 1) * grow).quantize(D(1)),
            "graduates": D(300 + i),
            "student_satisfaction": D("90") + D(year - 2021) / 2,
            "student_satisfaction_respondents": D(200),
        }
        if not drop_teachers:
            values["full_time_teachers"] = D(80 + i)
        out.append(
            SchoolData(
                f"S{i}",
                f"学校{i}",
                level,
                city,
                values,
                counted=f"S{i}" not in missing,
                attributes={"ownership": "public" if i % 2 else "private"},
            )
        )
    return out


def figures(*, drop_teachers_now: bool = False, missing_now: tuple = ()) -> RegionFigures:
    years, city_years, members = {}, {}, []
    for year in range(2021, 2026):
        now = year == 2025
        members = schools(
            year, drop_teachers=drop_teachers_now and now, missing=missing_now if now else ()
        )
        years[year] = {lv: aggregate(CATALOGS[lv], members) for lv in CATALOGS}
        city_years[year] = {}
        for lv in CATALOGS:
            for city, agg in aggregate_groups(CATALOGS[lv], members, key=lambda s: s.city).items():
                city_years[year].setdefault(city, {})[lv] = agg
    return RegionFigures(
        "990000", "示范省教育厅", "示范省", "province", 2025, "2023", years, city_years,
        tuple(members),
    )  # fmt: skip


def texts(doc) -> str:
    return "\n".join(b.text for c in doc.chapters for b in c.blocks if isinstance(b, Paragraph))


def test_overview_numbers_and_growth_words_come_from_the_aggregates():
    fig = figures()
    doc = build_region_document(fig, parts=PARTS)
    now = fig.current["higher"].values["full_time_students"]
    before = fig.years[2024]["higher"].values["full_time_students"]
    rate = ((now - before) / before * 100).quantize(D("0.01"))
    assert f"全日制在校生人数为 {now:,} 人，比上年增长 {rate}%。" in texts(doc)
    satisfaction = "在校生满意度为 92.00%，比上年提高 0.50 个百分点。"
    assert satisfaction in texts(doc)
    assert "2 / 2 所学校" in texts(doc)


def test_a_sentence_without_data_is_left_out_not_printed_blank():
    doc = build_region_document(figures(drop_teachers_now=True), parts=PARTS)
    body = texts(doc)
    assert "专任教师总数" not in body and "生师比" not in body
    assert "None" not in body and "，。" not in body


def test_both_levels_appendix_tables_in_the_real_layout():
    doc = build_region_document(figures(), parts=PARTS)
    assert [(t.group, t.number) for t in doc.appendix] == [("高职", n) for n in range(1, 7)] + [
        ("中职", n) for n in range(1, 7)
    ]
    assert doc.name_line == "名称：示范省(990000)"
    survey = doc.appendix[1]
    assert survey.columns == ("2025年", "调查人次", "调查方式")


def test_charts_and_tables_are_numbered_and_captioned_per_chapter():
    doc = build_region_document(figures(), parts=PARTS)
    numbering = number_items(doc)
    overview = doc.chapters[1]
    figures_ = [b for b in overview.blocks if isinstance(b, Figure)]
    assert {f.chart.kind for f in figures_} >= {"pie", "line", "grouped_bar"}
    assert numbering.label("fig", figures_[0].key) == "图 1-1"
    trend = next(f for f in figures_ if f.chart.kind == "line")
    assert trend.chart.categories == tuple(f"{y}年" for y in range(2021, 2026))
    assert re.search(r"（单位：.+）$", trend.caption)
    tables = [b for c in doc.chapters for b in c.blocks if isinstance(b, TableBlock)]
    assert tables and all(b.caption for b in tables)


def test_preface_and_afterword_are_unnumbered_and_extra_chapters_go_before_the_afterword():
    extra = Chapter("排行榜", (Paragraph("前十名"),))
    doc = build_region_document(figures(), parts=PARTS, extra_chapters=[extra])
    titles = [c.title for c in doc.chapters]
    assert titles == ["前言", "基本情况", "人才培养", "面临挑战", "排行榜", "后记"]
    assert not doc.chapters[0].numbered and not doc.chapters[-1].numbered
    assert doc.front_count == 1


def test_docx_headings_never_carry_a_doubled_number_and_use_chinese_fonts():
    doc = build_region_document(figures(), parts=PARTS)
    word = Document(io.BytesIO(render_docx(doc)))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "1 基本情况" in headings and "1.1 院校规模与结构" in headings
    for text in headings:
        assert not re.match(r"^(\d+(?:\.\d+)*) \1\b", text), text
    east_asia = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    fonts = {
        style.element.rPr.rFonts.get(east_asia)
        for style in word.styles
        if getattr(style.element, "rPr", None) is not None and style.element.rPr.rFonts is not None
    }
    assert {"宋体", "黑体"} <= fonts
    assert not any(f and "Noto" in f for f in fonts)


@pytest.mark.parametrize("kind", ["city"])
def test_city_report_covers_secondary_schools_only(kind):
    fig = figures()
    city = RegionFigures(
        "990100", "甲市教育局", "甲市", kind, 2025, "2023", fig.years, fig.city_years, fig.schools
    )
    doc = build_region_document(city, parts=PARTS)
    assert {t.group for t in doc.appendix} == {""} and len(doc.appendix) == 6
    assert "高职院校" not in texts(doc)
    assert not any(
        isinstance(b, Heading) and b.text == "高职院校" for c in doc.chapters for b in c.blocks
    )


def test_growth_compares_last_year_over_the_same_schools():
    fig = figures()
    # Last year over only the schools counted this year: school S0 alone.
    same = {
        lv: aggregate(CATALOGS[lv], [s for s in schools(2024) if s.code == "S0"]) for lv in CATALOGS
    }
    like_for_like = RegionFigures(
        fig.organisation_code, fig.organisation_name, fig.region_name, fig.kind, fig.year,
        fig.indicator_edition, fig.years, fig.city_years, fig.schools, comparable=same,
    )  # fmt: skip
    doc = build_region_document(like_for_like, parts=PARTS)
    now = fig.current["higher"].values["full_time_students"]
    before = same["higher"].values["full_time_students"]
    rate = ((now - before) / before * 100).quantize(D("0.01"))
    assert f"全日制在校生人数为 {now:,} 人，比上年增长 {rate}%。" in texts(doc)


def test_series_over_years_name_a_year_whose_reports_are_not_all_in():
    partial = build_region_document(figures(missing_now=("S0",)), parts=PARTS)
    higher = [
        b.source_note or ""
        for c in partial.chapters
        for b in c.blocks
        if isinstance(b, Figure | TableBlock)
        and "2021—2025年" in b.caption
        and "高职院校" in b.caption
    ]
    assert higher and all("2025年尚有学校未报送" in n for n in higher)
    assert all("1 / 2 所学校" in n for n in higher)
    city = [
        b
        for c in partial.chapters
        for b in c.blocks
        if isinstance(b, Figure) and "甲市" in b.caption
    ]
    assert city and "甲市尚有学校未报送（高职院校 0 / 1 所学校）" in (city[0].source_note or "")
    complete = build_region_document(figures(), parts=PARTS)
    every_note = [
        b.source_note or "" for c in complete.chapters for b in c.blocks if hasattr(b, "caption")
    ]
    assert not any("未报送" in n for n in every_note)
