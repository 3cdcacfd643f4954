"""The generated city and provincial report (地市级/省级年报) as one document model.

Pure: `build_region_document(figures, parts=...)` turns a region's aggregates into a
`ReportDocument` that `render_docx` / `render_pdf` print. 前言 and 1 基本情况 are written from
the data (every number, growth word and 个百分点 computed; a sentence without data is left out);
each of the seven parts opens with the data that belongs to it (tables by city, year-on-year bars,
five-year trends), followed by what the bureau wrote in the platform and the cases it picked;
附表 of both levels close the report. `extra_chapters` is the hook for optional sections such
as the rankings' top-N lists (inserted before 后记).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from nianbao.aggregation.narrative import change, number, sentence, share
from nianbao.aggregation.selectors import RegionFigures
from nianbao.aggregation.writer import (
    LEVEL_NAMES,
    SCHOOL_NOUN,
    Writer,
    row_name,
    unit_label,
)
from nianbao.documents.appendix import appendix_tables
from nianbao.documents.model import (
    Block,
    Case,
    Chapter,
    ChartSeries,
    ChartSpec,
    DataTable,
    Figure,
    Heading,
    Paragraph,
    ReportDocument,
    TableBlock,
)
from nianbao.indicators.formatting import display_value

__all__ = ["LEVEL_NAMES", "PartSpec", "build_region_document", "region_title"]


@dataclass(frozen=True)
class PartSpec:
    """A framework part of the region report: its code and printed name."""

    code: str
    name: str


# Data that opens each of the seven parts: (heading, lead indicator, indicators of the table).
PART_DATA: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "talent_cultivation": (
        (
            "毕业去向",
            "graduates_placed",
            ("graduates", "graduates_placed", "graduates_further_study", "monthly_income"),
        ),
        (
            "满意度",
            "student_satisfaction",
            ("student_satisfaction", "graduate_satisfaction", "employer_satisfaction"),
        ),
        (
            "课程与教学资源",
            "online_quality_courses",
            ("specialty_groups", "planned_courses", "online_quality_courses", "textbooks"),
        ),
        (
            "学生体质与技能证书",
            "skill_certificate_holders",
            ("physical_test_participants", "physical_test_pass_rate", "skill_certificate_holders"),
        ),
    ),
    "service_contribution": (
        (
            "服务就业",
            "graduates_employed",
            ("graduates_employed", "employed_locally", "employed_grassroots"),
        ),
        (
            "技术服务",
            "horizontal_service_income",
            ("horizontal_service_income", "vertical_research_funding", "patents_granted"),
        ),
        (
            "社会培训",
            "non_degree_training_hours",
            (
                "non_degree_training_projects",
                "non_degree_training_hours",
                "non_degree_training_income",
            ),
        ),
    ),
    "cultural_heritage": (
        (
            "思政与美育师资",
            "ideological_teachers",
            ("ideological_teachers", "arts_teachers", "pe_teachers"),
        ),
    ),
    "international_cooperation": (
        (
            "留学生与合作办学",
            "international_students",
            ("international_students", "joint_programmes", "joint_programme_students"),
        ),
        (
            "标准与资源输出",
            "standards_adopted_abroad",
            ("standards_adopted_abroad", "resources_adopted_abroad", "teacher_days_abroad"),
        ),
    ),
    "industry_education_integration": (
        (
            "行业导师",
            "industry_mentors",
            ("industry_mentors", "master_craftsmen_mentors", "mentor_teaching_hours"),
        ),
        (
            "校企共建",
            "enterprise_equipment_value",
            (
                "enterprise_equipment_value",
                "industry_education_centres",
                "school_enterprise_textbooks",
            ),
        ),
    ),
    "development_support": (
        (
            "经费投入",
            "special_funding",
            ("funding_per_student", "special_funding", "internship_funding"),
        ),
        (
            "队伍保障",
            "staff_total",
            ("authorised_staff", "staff_total", "counsellors", "class_advisers"),
        ),
    ),
}


def region_title(figures: RegionFigures) -> str:
    """The cover title; the 年度 is printed on its own line above it."""
    if figures.kind == "province":
        return f"《{figures.region_name}职业教育质量年度报告》"
    return f"《{figures.region_name}中等职业教育质量年度报告》"


def _five_year_table(w: Writer, level: str, table_code: str) -> list[Block]:
    """All indicators of one data table over the years the region has data (近五年主要指标)."""
    years = sorted(w.f.years)
    if len(years) < 2:
        return []
    table = w.catalogs[level].table(table_code)
    rows = []
    for spec in table.indicators:
        if spec.survey_of or not spec.is_numeric:
            continue
        cells = [display_value(spec, w.f.years[y][level].values.get(spec.code)) for y in years]
        if any(cells):
            rows.append((row_name(w.catalogs[level], spec), unit_label(spec), *cells))
    if not rows:
        return []
    block = TableBlock(
        w.key("table"),
        f"{years[0]}—{years[-1]}年{w.f.region_name}{SCHOOL_NOUN[level]}{table.name}主要指标",
        ("指标", "单位", *(f"{y}年" for y in years)),
        tuple(rows),
        source_note=w.years_source(level, years),
    )
    return [Paragraph(f"近年{table.name}各项指标见[[table:{block.key}]]。"), block]


def _city_profiles(w: Writer) -> list[Block]:
    """1.6 各地市发展概况 (province): each city's schools, students and teachers by level."""
    if w.f.kind != "province":
        return []
    blocks: list[Block] = [Heading(2, "各地市发展概况")]
    for city, by_level in w.f.cities.items():
        texts = []
        for level in w.f.levels():
            agg = by_level.get(level)
            if agg is None or not agg.coverage.expected:
                continue
            facts = []
            for code in ("full_time_students", "full_time_teachers", "graduates"):
                spec = w.spec(level, code)
                text = number(agg.values.get(code), spec)
                if text is None:
                    continue
                moved = change(agg.values.get(code), w.previous(level, code, city), spec)
                facts.append(f"{spec.name} {text}" + (f"（{moved}）" if moved else ""))
            texts.append(
                f"{SCHOOL_NOUN[level]} {agg.coverage.expected} 所，已报送 {agg.coverage.reporting} 所"
                + ("，" + "，".join(facts) if facts else "")
                + "。"
            )
        if not texts:
            continue
        blocks += [Heading(3, city), Paragraph(f"{city}" + "".join(texts))]
        series = []
        years = sorted(w.f.city_years)
        for level in w.f.levels():
            points = [w.f.city_years[y].get(city, {}).get(level) for y in years]
            values = [p.values.get("full_time_students") if p else None for p in points]
            if all(isinstance(v, Decimal) for v in values):
                series.append(ChartSeries(SCHOOL_NOUN[level], tuple(float(v) for v in values)))
        if series and len(years) >= 3:
            missing = [
                f"{SCHOOL_NOUN[lv]} {agg.coverage.label}"
                for lv, agg in by_level.items()
                if agg.coverage.reporting < agg.coverage.expected
            ]
            note = (
                f"注：{w.f.year}年{city}尚有学校未报送（{'，'.join(missing)}），"
                "合计数与其他年份不可直接比较"
                if missing
                else None
            )
            figure = Figure(
                w.key("city"),
                f"{years[0]}—{years[-1]}年{city}职业学校全日制在校生人数（单位：人）",
                source_note=note,
                chart=ChartSpec(
                    kind="line" if len(series) > 1 else "bar",
                    categories=tuple(f"{y}年" for y in years),
                    series=tuple(series),
                    unit="人",
                    height_cm=6.5,
                ),
            )
            blocks += [Paragraph(f"{city}近年在校生规模见[[fig:{figure.key}]]。"), figure]
        schools = [s for s in w.f.schools if s.city == city]
        for suffix, columns in SCHOOL_COLUMNS:
            if not schools:
                break
            table = TableBlock(
                w.key("schools"),
                f"{city}职业学校{w.f.year}年度{suffix}",
                ("学校", "层次", *(name for name, _ in columns), "年报"),
                tuple(
                    (
                        s.name,
                        LEVEL_NAMES[s.level],
                        *(
                            display_value(w.catalogs[s.level].indicators[code], s.values.get(code))
                            for _, code in columns
                        ),
                        "已报送" if s.counted else "未报送",
                    )
                    for s in schools
                ),
                source_note=f"数据来源：{city}各职业学校质量年报数据表",
            )
            blocks += [Paragraph(f"{city}各校{suffix}见[[table:{table.key}]]。"), table]
    return blocks


# The per-school tables of a city profile: (title, ((column, indicator), ...)).
SCHOOL_COLUMNS = (
    (
        "办学规模",
        (
            ("全日制在校生（人）", "full_time_students"),
            ("专任教师（人）", "full_time_teachers"),
            ("毕业生（人）", "graduates"),
        ),
    ),
    (
        "培养质量",
        (
            ("毕业去向落实（人）", "graduates_placed"),
            ("在校生满意度（%）", "student_satisfaction"),
            ("技能证书获取（人）", "skill_certificate_holders"),
        ),
    ),
)


# --- 前言 and 1 基本情况 ------------------------------------------------------------------------


def _preface(w: Writer) -> list[Block]:
    f = w.f
    coverage = "，".join(
        f"{LEVEL_NAMES[level]}{w.now(level).coverage.label}" for level in f.levels()
    )
    kinds = "、".join(SCHOOL_NOUN[level] for level in f.levels())
    blocks: list[Block] = [
        Paragraph(
            f"本报告依据{f.organisation_name}组织的{f.year}年度职业教育质量年度报告编制工作，"
            f"以{f.region_name}{kinds}报送的质量年报及数据表为基础汇总编制。"
            f"纳入汇总的是须编制年报的学校已提交或已审核通过的年报（{coverage}），"
            "已撤销和不编制年报的学校不在统计范围内；存在未解决错误的数据项不计入汇总，"
            "并在数据说明中逐项列出。与上年比较的增减，按本年度纳入汇总的学校同口径计算。"
        ),
        Paragraph(
            "报告由基本情况、人才培养、服务贡献、文化传承、国际合作、产教融合、发展保障和面临挑战"
            f"八个部分组成，附表列出{f.region_name}"
            + "、".join(LEVEL_NAMES[level] for level in f.levels())
            + "的质量年报数据汇总表。"
        ),
    ]
    return blocks


def _school_structure(w: Writer, level: str) -> list[Block]:
    schools = [s for s in w.f.schools if s.level == level]
    if not schools:
        return []
    agg = w.now(level)
    public = sum(1 for s in schools if s.attributes.get("ownership") == "public")
    private = sum(1 for s in schools if s.attributes.get("ownership") == "private")
    bachelor = sum(1 for s in schools if s.attributes.get("school_level") == "bachelor")
    lines = [
        f"{w.f.year}年度，{w.f.region_name}须编制质量年报的{SCHOOL_NOUN[level]}共 {len(schools)} 所"
        + (f"（其中职业本科学校 {bachelor} 所）" if bachelor else "")
        + f"，已报送年报 {agg.coverage.reporting} 所（{agg.coverage.label}）。"
    ]
    if public or private:
        lines.append(f"从举办性质看，公办 {public} 所、民办 {private} 所。")
    blocks: list[Block] = [Paragraph("".join(lines))]
    pie = w.pie(
        f"{w.f.year}年{w.f.region_name}{SCHOOL_NOUN[level]}办学性质结构（单位：%）",
        [("公办", public), ("民办", private)],
    )
    if pie:
        blocks += [Paragraph(f"{SCHOOL_NOUN[level]}办学性质结构见[[fig:{pie.key}]]。"), pie]
    if w.f.kind == "province":
        counts = Counter(s.city for s in schools)
        table = TableBlock(
            w.key("table"),
            f"{w.f.year}年各地市{SCHOOL_NOUN[level]}数量及年报报送情况",
            ("地市", "学校数（所）", "已报送（所）", "报送率（%）"),
            tuple(
                (
                    city,
                    str(n),
                    str(w.f.cities[city][level].coverage.reporting),
                    f"{w.f.cities[city][level].coverage.reporting / n * 100:.2f}",
                )
                for city, n in counts.items()
            ),
            source_note=w.source(level),
        )
        blocks += [Paragraph(f"各地市学校数量与报送情况见[[table:{table.key}]]。"), table]
    return blocks


def _facts(w: Writer, level: str, codes: Sequence[str]) -> Paragraph | None:
    facts = [w.fact(level, c) for c in codes if c in w.catalogs[level].indicators]
    facts = [f for f in facts if f]
    return Paragraph(f"{w.where}{SCHOOL_NOUN[level]}" + "".join(facts)) if facts else None


def _figures_with_lead(w: Writer, figures: Sequence[Figure | None]) -> list[Block]:
    out: list[Block] = []
    for figure in figures:
        if figure is not None:
            out += [Paragraph(f"具体情况见[[fig:{figure.key}]]。"), figure]
    return out


def _conditions(w: Writer, level: str) -> list[Block]:
    codes = (
        "equipment_value_per_student",
        "practice_stations_per_student",
        "internet_bandwidth",
        "teaching_resource_libraries",
        "online_quality_courses",
        "virtual_simulation_bases",
    )
    blocks: list[Block] = [b for b in (_facts(w, level, codes),) if b]
    blocks += _figures_with_lead(w, [w.trend(level, "equipment_value_per_student")])
    table = w.city_table(level, "办学条件", codes[:4])
    if table:
        blocks += [Paragraph(f"分地市办学条件见[[table:{table.key}]]。"), table]
    return blocks


def _students(w: Writer, level: str) -> list[Block]:
    blocks: list[Block] = [b for b in (_facts(w, level, ("full_time_students", "graduates")),) if b]
    now = w.now(level)
    sectors = [
        (w.spec(level, c).name, now.values.get(c))
        for c in (
            "employed_primary_sector",
            "employed_secondary_sector",
            "employed_tertiary_sector",
        )
    ]
    blocks += w.city_years_table(level, "full_time_students")
    blocks += _figures_with_lead(
        w,
        [
            w.trend(level, "full_time_students"),
            w.city_bars(level, "full_time_students"),
            w.pie(
                f"{w.f.year}年{w.f.region_name}{SCHOOL_NOUN[level]}毕业生就业产业分布（单位：%）",
                sectors,
            ),
        ],
    )
    return blocks


def _teachers(w: Writer, level: str) -> list[Block]:
    now = w.now(level)
    parts = [
        w.fact(level, "full_time_teachers"),
        sentence(
            "生师比为 {ratio}。",
            ratio=number(
                now.values.get("student_teacher_ratio"), w.spec(level, "student_teacher_ratio")
            ),
        ),
        w.fact(level, "dual_qualified_teacher_rate"),
        w.fact(level, "senior_title_teacher_rate"),
    ]
    text = "".join(p for p in parts if p)
    blocks: list[Block] = [Paragraph(f"{w.where}{SCHOOL_NOUN[level]}{text}")] if text else []
    blocks += _figures_with_lead(
        w, [w.trend(level, "full_time_teachers"), w.trend(level, "dual_qualified_teacher_rate")]
    )
    table = w.city_table(
        level,
        "师资队伍",
        (
            "full_time_teachers",
            "student_teacher_ratio",
            "dual_qualified_teacher_rate",
            "senior_title_teacher_rate",
        ),
    )
    if table:
        blocks += [Paragraph(f"分地市师资情况见[[table:{table.key}]]。"), table]
    return blocks


def _services(w: Writer, level: str) -> list[Block]:
    now = w.now(level)
    employed = now.values.get("graduates_employed")
    locally = now.values.get("employed_locally")
    lines = [
        _facts(
            w,
            level,
            ("graduates_employed", "non_degree_training_projects", "horizontal_service_income"),
        ),
        Paragraph(text)
        if (
            text := sentence(
                "其中留在当地就业 {local}，{share}。",
                local=number(locally, w.spec(level, "employed_locally")),
                share=share(locally, employed),
            )
        )
        else None,
    ]
    blocks: list[Block] = [b for b in lines if b]
    blocks += _figures_with_lead(w, [w.trend(level, "non_degree_training_hours")])

    return blocks


OVERVIEW = (
    ("院校规模与结构", _school_structure),
    ("办学条件", _conditions),
    ("学生规模与结构", _students),
    ("师资队伍", _teachers),
    ("社会服务", _services),
)


def _overview(w: Writer) -> list[Block]:
    blocks: list[Block] = []
    for title, write in OVERVIEW:
        blocks.append(Heading(2, title))
        for level in w.f.levels():
            written = write(w, level)
            if written:
                if len(w.f.levels()) > 1:
                    blocks.append(Heading(3, SCHOOL_NOUN[level]))
                blocks += written
    return blocks + _city_profiles(w)


# --- the seven parts ----------------------------------------------------------------------


# The data table whose five-year view closes each part.
PART_TABLES = {
    "talent_cultivation": ("scorecard", "satisfaction"),
    "service_contribution": ("service_contribution",),
    "international_cooperation": ("international_influence",),
    "industry_education_integration": ("teaching_resources",),
    "development_support": ("policy_implementation",),
}


def _part_data(w: Writer, code: str) -> list[Block]:
    blocks: list[Block] = _part_sections(w, code)
    for title, write in (("近年主要指标", _five_year_table), ("分地市数据", _city_tables)):
        section: list[Block] = []
        for level in w.f.levels():
            written = [b for t in PART_TABLES.get(code, ()) for b in write(w, level, t)]
            if written and len(w.f.levels()) > 1:
                section.append(Heading(3, SCHOOL_NOUN[level]))  # the level scopes the tables
            section += written
        if section:
            blocks += [Heading(2, title), *section]
    return blocks


def _city_tables(w: Writer, level: str, table_code: str, width: int = 3) -> list[Block]:
    """Every indicator of one data table by city (province), three indicators per table."""
    if w.f.kind != "province":
        return []
    table = w.catalogs[level].table(table_code)
    codes = [s.code for s in table.indicators if s.is_numeric and not s.survey_of]
    blocks: list[Block] = []
    for start in range(0, len(codes), width):
        part = f"{table.name}（{start // width + 1}）"
        block = w.city_table(level, part, codes[start : start + width])
        if block is not None:
            blocks += [Paragraph(f"各地市{part}数据见[[table:{block.key}]]。"), block]
    return blocks


def _part_sections(w: Writer, code: str) -> list[Block]:
    blocks: list[Block] = []
    for heading, lead, codes in PART_DATA.get(code, ()):
        section: list[Block] = []
        for level in w.f.levels():
            body: list[Block] = []
            facts = _facts(w, level, codes)
            if facts:
                body.append(facts)
            body += _figures_with_lead(w, [w.city_bars(level, lead), w.trend(level, lead)])
            table = w.city_table(level, heading, codes)
            if table:
                body += [Paragraph(f"{heading}分项数据见[[table:{table.key}]]。"), table]
            if body and len(w.f.levels()) > 1:
                section.append(Heading(3, SCHOOL_NOUN[level]))
            section += body
        if section:
            blocks += [Heading(2, heading), *section]
    return blocks


def _declines(w: Writer) -> list[Block]:
    """面临挑战: the indicators that fell against the previous year, from the data."""
    blocks: list[Block] = []
    for level in w.f.levels():
        before = w.before(level)
        if before is None:
            continue
        fallen = []
        for spec in w.catalogs[level]:
            if spec.survey_of or not spec.is_numeric or spec.depth:
                continue
            moved = change(w.now(level).values.get(spec.code), w.previous(level, spec.code), spec)
            if moved and "下降" in moved:
                fallen.append(f"{row_name(w.catalogs[level], spec)}{moved}")
        if fallen:
            blocks.append(
                Paragraph(
                    f"{w.where}{SCHOOL_NOUN[level]}以下指标较上年回落："
                    + "；".join(fallen[:8])
                    + "。"
                )
            )
    if blocks:
        blocks.insert(0, Heading(2, "数据反映的问题"))
    return blocks


def _exclusions(w: Writer) -> list[Block]:
    rows = [
        (LEVEL_NAMES[level], e.school_name, w.spec(level, e.indicator).name, e.message)
        for level in w.f.levels()
        for e in w.now(level).exclusions
        if e.indicator in w.catalogs[level].indicators
    ]
    if not rows:
        return []
    table = TableBlock(
        w.key("table"),
        "未计入汇总的数据项（存在未解决的错误）",
        ("层次", "学校", "指标", "问题"),
        tuple(rows),
    )
    return [
        Heading(2, "数据说明"),
        Paragraph(
            f"以下 {len(rows)} 项数据存在未解决的错误，未计入汇总，见[[table:{table.key}]]。"
        ),
        table,
    ]


# --- 附表 ------------------------------------------------------------------------------------


def _appendix(w: Writer) -> tuple[DataTable, ...]:
    group = len(w.f.levels()) > 1
    return tuple(
        table
        for level in w.f.levels()
        for table in appendix_tables(
            w.catalogs[level],
            w.now(level).values,
            year=w.f.year,
            group=LEVEL_NAMES[level] if group else "",
        )
    )


# --- the document ---------------------------------------------------------------------------


def build_region_document(
    figures: RegionFigures,
    *,
    parts: Sequence[PartSpec],
    authored: Mapping[str, Sequence[Block]] | None = None,
    cases: Mapping[str, Sequence[Case]] | None = None,
    extra_chapters: Sequence[Chapter] = (),
    date_label: str = "",
) -> ReportDocument:
    """The whole region report. `authored[part]` are the blocks the bureau wrote for a part,
    `cases[part]` the cases it picked (in its order); `extra_chapters` go before 后记."""
    w = Writer(figures)
    authored = authored or {}
    cases = cases or {}
    chapters: list[Chapter] = []
    for part in parts:
        if part.code == "afterword":
            chapters += list(extra_chapters)
        blocks: list[Block] = []
        if part.code == "preface":
            blocks += _preface(w)
        elif part.code == "overview":
            blocks += _overview(w) + _exclusions(w)
        elif part.code == "challenges":
            blocks += _declines(w)
        else:
            blocks += _part_data(w, part.code)
        blocks += list(authored.get(part.code, ()))
        part_cases = list(cases.get(part.code, ()))
        if part_cases:
            blocks += [Heading(2, "典型案例"), *part_cases]
        numbered = part.code not in ("preface", "afterword")
        if not numbered:
            blocks = [b for b in blocks if isinstance(b, Paragraph)]
        if part.code == "afterword" and not blocks:
            blocks = [Paragraph(_afterword(figures))]
        chapters.append(Chapter(title=part.name, blocks=tuple(blocks), numbered=numbered))
    return ReportDocument(
        title=region_title(figures),
        organisation_name=figures.organisation_name,
        year_label=f"{figures.year}年度",
        kind=figures.kind,
        organisation_code=figures.organisation_code,
        date_label=date_label,
        chapters=tuple(chapters),
        appendix=_appendix(w),
        appendix_name=figures.region_name,
    )


def _afterword(figures: RegionFigures) -> str:
    return (
        f"本报告由{figures.organisation_name}组织编制，数据来自{figures.region_name}各职业学校"
        f"报送的{figures.year}年度质量年报及数据表，经汇总计算形成。"
    )
