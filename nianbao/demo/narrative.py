"""A school's own report text (学校年报正文) written from its data values: for each framework
part a few titled sections, and the charts and tables the platform draws from the report's own
values. Pure: every number comes from `now` (this cycle) or `before` (the previous one), growth
words and 个百分点 are computed, and a sentence whose data is missing (or zero, for a result
worth reporting) is left out. Used by the demo's published reports (公开年报)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from nianbao.aggregation.narrative import change, number, sentence
from nianbao.aggregation.writer import row_name, unit_label
from nianbao.indicators.catalog import Catalog
from nianbao.indicators.formatting import display_value

__all__ = ["Chart", "Section", "Table", "school_report_items"]


@dataclass(frozen=True)
class Section:
    part: str
    title: str
    body: str  # Markdown: paragraphs separated by blank lines


@dataclass(frozen=True)
class Chart:
    """A figure drawn from the report's own values (the platform's chart definition)."""

    part: str
    key: str
    caption: str
    kind: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    part: str
    key: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Item = Section | Chart | Table


class _Facts:
    """Phrases over one school's values; None when a value is missing."""

    def __init__(self, catalog: Catalog, now: dict, before: dict) -> None:
        self.catalog, self.now, self.before = catalog, now, before

    def value(self, code: str):
        value = self.now.get(code)
        return value if isinstance(value, Decimal) else None

    def n(self, code: str) -> str | None:
        """“10,096 人”, “61.21%”."""
        return number(self.value(code), self.catalog.indicators[code])

    def pos(self, code: str) -> str | None:
        """As `n`, but None for zero: a result nobody reports."""
        value = self.value(code)
        return self.n(code) if value else None

    def nc(self, code: str) -> str | None:
        """“10,096 人，比上年增长 3.38%” (the change left out without last year's value)."""
        text = self.n(code)
        if text is None:
            return None
        spec = self.catalog.indicators[code]
        moved = change(self.value(code), self.before.get(code), spec)
        return f"{text}，{moved}" if moved and spec.value_type != "ratio" else text

    def of(self, part: str, whole: str) -> str | None:
        """“占毕业生人数的 90.07%”, naming the whole so the share can be checked."""
        p, w = self.value(part), self.value(whole)
        if p is None or not w:
            return None
        rate = (p / w * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return f"占{self.catalog.indicators[whole].name}的 {rate}%"


def _s(template: str, **parts: str | None) -> str:
    """The sentence, or "" when a part is missing."""
    return sentence(template, **parts) or ""


def _list(items: list[tuple[str, str | None]], sep: str = "、") -> str | None:
    """“国家级 1 个、省级 2 个” from the items that have a value; None when none has."""
    shown = [f"{label} {value}" for label, value in items if value]
    return sep.join(shown) if shown else None


def _paren(text: str | None) -> str:
    return f"（其中{text}）" if text else ""


def _body(*paragraphs: str) -> str:
    return "\n\n".join(p for p in paragraphs if p)


def _talent(f: _Facts, year: int) -> list[Item]:
    students = _body(
        "学校坚持立德树人根本任务，推进德技并修、育训结合。"
        + _s("{year}年，学校全日制在校生 {v}。", year=str(year), v=f.nc("full_time_students"))
        + _s(
            "参加国家学生体质健康标准测试 {n}，学生体质测评合格率 {r}。",
            n=f.n("physical_test_participants"),
            r=f.nc("physical_test_pass_rate"),
        )
        + _s(
            "职业技能等级证书（含职业资格证书）获取人数 {v}。", v=f.nc("skill_certificate_holders")
        ),
        _s(
            "学校通过{method}开展在校生满意度调查，在校生满意度 {v}{detail}。",
            method=f.now.get("student_satisfaction_method") or "问卷调查",
            v=f.nc("student_satisfaction"),
            detail=_s(
                "；其中课堂育人满意度 {a}，课外育人满意度 {b}，专业课教学满意度 {c}",
                a=f.n("classroom_satisfaction"),
                b=f.n("extracurricular_satisfaction"),
                c=f.n("specialty_course_satisfaction"),
            ),
        )
        + _s(
            "毕业生满意度 {g}，教职工满意度 {s}，用人单位满意度 {e}，家长满意度 {p}。",
            g=f.n("graduate_satisfaction"),
            s=f.n("staff_satisfaction"),
            e=f.n("employer_satisfaction"),
            p=f.n("parent_satisfaction"),
        )
        + ("各类满意度调查结果见[[fig:fig1]]。" if f.value("student_satisfaction") else ""),
    )
    courses = _body(
        _s(
            "学校对接区域产业设置专业 {a}，组建专业群 {b}。",
            a=f.pos("specialties"),
            b=f.pos("specialty_groups"),
        )
        + _s(
            "开设教学计划内课程 {n}、{h}，其中课证融通课程 {c}，网络教学课程 {o}。",
            n=f.n("planned_courses"),
            h=f.n("planned_course_hours"),
            c=f.n("certificate_integrated_courses"),
            o=f.n("online_teaching_courses"),
        ),
        _s(
            "建有在线精品课程 {n}{levels}，专业教学资源库 {r}，虚拟仿真实训基地 {v}。",
            n=f.pos("online_quality_courses"),
            levels=_paren(
                _list(
                    [
                        ("国家级在线精品课程", f.pos("online_quality_courses_national")),
                        ("省级在线精品课程", f.pos("online_quality_courses_provincial")),
                    ]
                )
            ),
            r=f.n("teaching_resource_libraries"),
            v=f.n("virtual_simulation_bases"),
        )
        + _s(
            "编写教材 {n}{kinds}。",
            n=f.pos("textbooks"),
            kinds=_paren(
                _list(
                    [
                        ("国家规划教材", f.pos("national_planned_textbooks")),
                        ("校企合作编写教材", f.pos("school_enterprise_textbooks")),
                        ("新形态教材", f.pos("new_form_textbooks")),
                    ]
                )
            ),
        ),
    )
    placement = _body(
        _s(
            "{year}届毕业生 {g}，毕业去向落实人数 {p}，{share}，其中毕业生升学人数 {s}。",
            year=str(year),
            g=f.n("graduates"),
            p=f.n("graduates_placed"),
            share=f.of("graduates_placed", "graduates"),
            s=f.n("graduates_further_study"),
        )
        + _s("毕业生本省去向落实率 {v}。", v=f.nc("in_province_placement_rate"))
        + _s("毕业生月收入 {v}。", v=f.nc("monthly_income"))
        + _s("毕业三年晋升比例 {v}。", v=f.nc("three_year_promotion_rate")),
        _s(
            "毕业生面向三次产业就业人数 {t}，其中面向第一产业 {a}、面向第二产业 {b}、"
            "面向第三产业 {c}，分布情况见[[fig:fig2]]。",
            t=f.n("employed_by_sector"),
            a=f.n("employed_primary_sector"),
            b=f.n("employed_secondary_sector"),
            c=f.n("employed_tertiary_sector"),
        ),
    )
    items: list[Item] = [Section("talent_cultivation", "坚持立德树人，促进学生全面发展", students)]
    if "fig:fig1" in students:
        items += [
            Chart("talent_cultivation", "fig1", f"{year}年满意度调查结果（单位：%）", "bar",
                  ("student_satisfaction", "graduate_satisfaction", "staff_satisfaction",
                   "employer_satisfaction", "parent_satisfaction")),
        ]  # fmt: skip
    if courses:
        items.append(Section("talent_cultivation", "深化专业与课程建设", courses))
    if placement:
        items.append(Section("talent_cultivation", "毕业去向与就业质量", placement))
        if "fig:fig2" in placement:
            items.append(
                Chart("talent_cultivation", "fig2", f"{year}届毕业生面向三次产业就业分布（单位：%）",
                      "pie", ("employed_primary_sector", "employed_secondary_sector",
                              "employed_tertiary_sector"))
            )  # fmt: skip
    return items


def _service(f: _Facts, year: int) -> list[Item]:
    employment = _s(
        "学校主动服务区域经济社会发展，毕业生就业人数 {e}{detail}。",
        e=f.nc("graduates_employed"),
        detail=_s(
            "，其中留在当地就业 {a}，{share}",
            a=f.n("employed_locally"),
            share=f.of("employed_locally", "graduates_employed"),
        )
        + _s(
            "；到中小微企业等基层就业 {c}，到大型企业就业 {d}，到西部和东北地区就业 {b}",
            c=f.n("employed_grassroots"),
            d=f.n("employed_large_enterprises"),
            b=f.n("employed_west_northeast"),
        ),
    )
    research = [
        _s("横向技术服务到款额 {v}", v=f.pos("horizontal_service_income") and f.nc("horizontal_service_income")),
        _s("横向技术服务产生经济效益 {v}", v=f.pos("horizontal_service_benefit")),
        _s("纵向科研经费到款额 {v}", v=f.pos("vertical_research_funding")),
        _s("技术产权交易收入 {v}", v=f.pos("technology_transaction_income")),
        _s("知识产权项目 {n}{kinds}", n=f.pos("ip_projects"),
           kinds=_paren(_list([("专利授权", f.pos("patents_granted")),
                               ("专利转让", f.pos("patents_transferred"))]))),
    ]  # fmt: skip
    research = [r for r in research if r]
    research_text = (
        "学校发挥专业和人才优势服务行业企业，" + "；".join(research) + "。" if research else ""
    )
    training = _s(
        "学校面向社会开展非学历培训项目 {p}，非学历培训 {h}{w}，非学历培训到账经费 {i}。",
        p=f.pos("non_degree_training_projects"),
        h=f.n("non_degree_training_hours"),
        w=_s("，公益项目培训 {v}", v=f.pos("public_welfare_training_hours")),
        i=f.nc("non_degree_training_income"),
    )
    items: list[Item] = []
    if employment:
        items.append(Section("service_contribution", "服务区域就业", employment))
    if research or training:
        items.append(
            Section("service_contribution", "技术服务与社会培训", _body(research_text, training))
        )
    return items


def _culture(f: _Facts, year: int) -> list[Item]:
    craft = "学校将工匠精神、劳模精神融入专业教学和实习实训全过程" + (
        _s("，聘请大国工匠、劳动模范 {v}担任行业导师", v=f.pos("master_craftsmen_mentors"))
        + "，引导学生崇尚技能、精益求精。"
    )
    teachers = _s(
        "学校配齐思政课和美育、体育教师，现有思政课教师 {i}、美育课专任教师 {a}、"
        "体育课专任教师 {p}。",
        i=f.n("ideological_teachers"),
        a=f.n("arts_teachers"),
        p=f.n("pe_teachers"),
    ) + _s("思想政治课教学满意度 {v}。", v=f.nc("ideological_course_satisfaction"))
    return [Section("cultural_heritage", "传承工匠精神，坚持文化育人", _body(craft, teachers))]


def _international(f: _Facts, year: int) -> list[Item]:
    done = [
        _s("接收国外留学生 {n}", n=f.pos("international_students")),
        _s("接收国外访学教师 {n}", n=f.pos("visiting_foreign_teachers")),
        _s("开发并被国外采用的职业教育标准 {n}", n=f.pos("standards_adopted_abroad")),
        _s("开发并被国外采用的职业教育资源 {n}", n=f.pos("resources_adopted_abroad")),
        _s("中外合作办学专业 {n}", n=f.pos("joint_programmes")),
        _s("在国外开办学校 {n}", n=f.pos("schools_abroad")),
        _s("专任教师赴国外指导和开展培训 {n}", n=f.pos("teacher_days_abroad")),
        _s("在国外组织担任职务的专任教师 {n}", n=f.pos("teachers_in_international_organisations")),
        _s("国外技能大赛获奖 {n}", n=f.pos("international_skills_awards")),
    ]
    done = [d for d in done if d]
    if done:
        body = f"学校积极拓展国际交流与合作，{year}年" + "，".join(done) + "。"
    else:
        body = (
            f"学校国际交流与合作尚处于起步阶段，{year}年未接收国外留学生，未开展中外合作办学。"
            "学校将结合专业优势，稳步推进与境外院校和企业的交流。"
        )
    return [Section("international_cooperation", "国际交流与合作", body)]


_INDUSTRY_ROWS = (
    "industry_education_centres",
    "enterprise_equipment_value",
    "industry_mentors",
    "mentor_teaching_hours",
    "school_enterprise_textbooks",
    "internship_funding",
)
_CONDITION_ROWS = (
    "student_teacher_ratio",
    "dual_qualified_teacher_rate",
    "senior_title_teacher_rate",
    "equipment_value_per_student",
    "practice_stations_per_student",
    "internet_bandwidth",
)


def _two_years(f: _Facts, part: str, key: str, caption: str, codes, year: int) -> Table | None:
    """This year and last year of some indicators, as the report's own table."""
    if not f.before:
        return None
    rows = tuple(
        (row_name(f.catalog, spec), unit_label(spec),
         display_value(spec, f.before.get(code)), display_value(spec, f.now.get(code)))
        for code in codes
        if (spec := f.catalog.indicators[code]) and f.value(code) is not None
    )  # fmt: skip
    columns = ("指标", "单位", f"{year - 1}年", f"{year}年")
    return Table(part, key, caption, columns, rows) if rows else None


def _industry(f: _Facts, year: int) -> list[Item]:
    joint = _s(
        "学校深化校企合作，与企业共建开放型区域产教融合实践中心 {c}。",
        c=f.pos("industry_education_centres"),
    ) + _s(
        "企业提供的校内实践教学设备值 {v}。",
        v=f.pos("enterprise_equipment_value") and f.nc("enterprise_equipment_value"),
    )
    mentors = _s(
        "聘请行业导师 {n}，行业导师年课时总量 {h}，年支付行业导师课酬 {fee}。",
        n=f.nc("industry_mentors"),
        h=f.n("mentor_teaching_hours"),
        fee=f.n("mentor_fees"),
    ) + _s(
        "年实习专项经费 {v}，其中年实习责任保险经费 {i}。",
        v=f.n("internship_funding"),
        i=f.n("internship_insurance_funding"),
    )
    table = _two_years(f, "industry_education_integration", "tab1",
                       f"{year - 1}—{year}年校企合作主要指标", _INDUSTRY_ROWS, year)  # fmt: skip
    if table:
        mentors += "近两年校企合作主要指标见[[table:tab1]]。"
    items: list[Item] = []
    if joint:
        items.append(Section("industry_education_integration", "共建产教融合平台", joint))
    if mentors:
        items.append(Section("industry_education_integration", "校企协同育人", mentors))
    return items + ([table] if table else [])


def _support(f: _Facts, year: int) -> list[Item]:
    funding = _s("年生均财政拨款水平 {v}。", v=f.nc("funding_per_student")) + _s(
        "年财政专项拨款 {v}。", v=f.nc("special_funding")
    )
    staff = (
        _s(
            "学校教职员工额定编制数 {a}，教职工总数 {t}，其中专任教师 {s}，生师比 {r}。",
            a=f.n("authorised_staff"),
            t=f.n("staff_total"),
            s=f.n("full_time_teachers"),
            r=f.n("student_teacher_ratio"),
        )
        + _s(
            "双师素质专任教师比例 {d}；高级专业技术职务专任教师比例 {s}。",
            d=f.nc("dual_qualified_teacher_rate"),
            s=f.nc("senior_title_teacher_rate"),
        )
        + _s("学校配备辅导员 {c}、班主任 {a}。", c=f.pos("counsellors"), a=f.pos("class_advisers"))
    )
    conditions = _s(
        "生均教学科研仪器设备值 {e}，生均校内实践教学工位数 {p}，互联网出口带宽 {i}。",
        e=f.nc("equipment_value_per_student"),
        p=f.n("practice_stations_per_student"),
        i=f.n("internet_bandwidth"),
    )
    table = _two_years(f, "development_support", "tab2",
                       f"{year - 1}—{year}年师资与办学条件主要指标", _CONDITION_ROWS, year)  # fmt: skip
    if table and conditions:
        conditions += "近两年师资与办学条件主要指标见[[table:tab2]]。"
    items: list[Item] = []
    for title, body in (("经费投入", funding), ("师资队伍建设", staff), ("办学条件", conditions)):
        if body:
            items.append(Section("development_support", title, body))
    return items + ([table] if table and conditions else [])


def _declines(f: _Facts) -> list[str]:
    """Main indicators that fell against last year (生师比 falling is no problem)."""
    fallen = []
    for spec in f.catalog.indicators.values():
        if spec.depth or spec.survey_of or not spec.is_numeric or spec.value_type == "ratio":
            continue
        moved = change(f.value(spec.code), f.before.get(spec.code), spec)
        if moved and "下降" in moved:
            fallen.append(f"{row_name(f.catalog, spec)}为 {f.n(spec.code)}，{moved}")
    return fallen


def _challenges(f: _Facts, year: int) -> list[Item]:
    found: list[tuple[str, str]] = []
    ratio = f.value("student_teacher_ratio")
    if ratio is not None and ratio > (18 if f.catalog.level == "higher" else 20):
        found.append((
            "师资数量仍显不足",
            f"学校生师比为 {f.n('student_teacher_ratio')}，专任教师数量与办学规模还不相适应。"
            "学校将通过公开招聘、柔性引进和聘请行业导师等方式充实教师队伍。",
        ))  # fmt: skip
    dual = f.value("dual_qualified_teacher_rate")
    if dual is not None and dual < 60:
        found.append((
            "“双师型”教师队伍有待加强",
            f"双师素质专任教师比例为 {f.n('dual_qualified_teacher_rate')}，专业课教师的企业实践"
            "经历仍然不足。学校将落实教师企业实践制度，提高双师素质教师比例。",
        ))  # fmt: skip
    fallen = _declines(f)
    if fallen:
        found.append((
            "部分指标较上年回落",
            "从年度数据看，" + "；".join(fallen[:3]) + "。学校将深入分析原因，制定改进措施。",
        ))  # fmt: skip
    if not f.value("international_students") and not f.value("joint_programmes"):
        found.append((
            "国际合作基础较为薄弱",
            f"{year}年学校未接收国外留学生，也未开展中外合作办学，国际交流的广度和深度有待拓展。",
        ))  # fmt: skip
    found.append((
        "产教融合深度有待拓展",
        _s("企业提供的校内实践教学设备值 {v}，", v=f.n("enterprise_equipment_value"))
        + "校企合作的广度和深度与区域产业发展需求相比仍有差距。学校将推动校企共建实训基地和"
        "产业学院，健全企业参与办学的长效机制。",
    ))  # fmt: skip
    return [Section("challenges", title, body) for title, body in found[:3]]


def school_report_items(*, catalog: Catalog, now: dict, before: dict, year: int) -> list[Item]:
    """Sections, charts and tables of a school's report in framework order, from its values of
    `year` (`now`) and of the year before (`before`, may be empty)."""
    f = _Facts(catalog, now, before)
    items: list[Item] = []
    for write in (_talent, _service, _culture, _international, _industry, _support, _challenges):
        items += write(f, year)
    return items
