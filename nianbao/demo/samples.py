"""Sample report documents (样例年报): fixtures for tests and benchmarks, never shown as demo
data (the demo's published reports are written from each school's values, `demo.narrative`).

Pure and deterministic: a school report (7 chapters, ~10 figures, ~10 tables, ~8 cases, 附表1–6)
and a long provincial report (about 160 pages). Appendix figures follow the 2023 provincial
report's 高职 tables.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

from nianbao.documents.fonts import find_cjk_font
from nianbao.documents.model import (
    Attachment,
    Block,
    Case,
    Chapter,
    ChartSeries,
    ChartSpec,
    DataRow,
    DataTable,
    EnterpriseReportList,
    Figure,
    Heading,
    Paragraph,
    ProgressRow,
    ProgressSummary,
    ReportDocument,
    TableBlock,
)

__all__ = [
    "sample_enterprise_report_list",
    "sample_declaration_png",
    "sample_photo_png",
    "sample_progress_summary",
    "sample_provincial_report",
    "sample_school_report",
]

# 附表1–6 as printed ("@number title", then 序号|指标|单位|值[|调查人次|调查方式]).
_APPENDIX_SOURCE = """\
@1 人才培养质量计分卡
1|毕业生人数|人|120837
2|毕业去向落实人数|人|107401
|其中：毕业生升学人数|人|26208
|升入本科人数|人|26183
3|毕业生本省去向落实率|%|69.56
4|月收入|元|3429.07
5|毕业生面向三次产业就业人数|人|71791
|其中：面向第一产业|人|1943
|面向第二产业|人|19418
|面向第三产业|人|50436
6|自主创业率|%|1.47
7|毕业三年晋升比例|%|33.22
@2 满意度调查
1|在校生满意度|%|85.15|90012|网络问卷调查
|其中：课堂育人满意度|%|84.60|90012|网络问卷调查
|课外育人满意度|%|82.92|90012|网络问卷调查
|思想政治课教学满意度|%|93.00|90012|网络问卷调查
|公共基础课（不含思想政治课）教学满意度|%|90.14|90012|网络问卷调查
|专业课教学满意度|%|90.25|90012|网络问卷调查
2|毕业生满意度|%|93.90|106936|问卷调查
|其中：应届毕业生满意度|%|95.18|69091|问卷调查
|毕业三年内毕业生满意度|%|92.74|62079|问卷调查
3|教职工满意度|%|93.88|13058|问卷调查
4|用人单位满意度|%|92.67|10609|问卷调查
5|家长满意度|%|91.55|70911|问卷调查
@3 教学资源表
1|生师比|:|21.58
2|双师素质专任教师比例|%|49.82
3|高级专业技术职务专任教师比例|%|29.35
4|专业群数量|个|222
|专业数量|个|1602
5|教学计划内课程总数|门|31923
||学时|3780964
|教学计划内课程-课证融通课程数|门|2714
||学时|281546
|教学计划内课程-网络教学课程数|门|3107
||学时|284673
6|专业教学资源库数|个|156
|其中：国家级数量|个|7
|接入国家智慧教育平台数量|个|6
|省级数量|个|33
|接入国家智慧教育平台数量|个|6
|校级数量|个|116
7|在线精品课程数|门|871
||学时|151047
|在线精品课程课均学生数|人|1209026
|其中：国家级数量|门|25
|接入国家智慧教育平台数量|门|14
|省级数量|门|139
|接入国家智慧教育平台数量|门|35
|校级数量|门|707
8|虚拟仿真实训基地数|个|131
|其中：国家级数量|个|3
|接入国家智慧教育平台数量|个|3
|省级数量|个|29
|接入国家智慧教育平台数量|个|0
|校级数量|个|99
9|编写教材数|本|1137
|其中：国家规划教材数量|本|244
|校企合作编写教材数量|本|263
|新形态教材数量|本|240
|接入国家智慧教育平台数量|本|61
10|互联网出口带宽|Mbps|1500
11|校园网主干最大带宽|Mbps|80000
12|生均校内实践教学工位数|个/生|0.51
13|生均教学科研仪器设备值|元/生|8339
@4 国际影响表
1|接收国外留学生专业数|个|2
|接收国外留学生人数|人|46
|接收国外访学教师人数|人|1
2|开发并被国外采用的职业教育标准数量|个|64
|其中：专业标准|个|13
|课程标准|个|21
|开发并被国外采用的职业教育资源数量|个|47
|开发并被国外采用的职业教育装备数量|个|1
3|在国外开办学校数|所|0
|其中：专业数量|个|0
|在校生数|人|0
4|中外合作办学专业数|个|25
|其中：在校生数|人|267
5|专任教师赴国外指导和开展培训时间|人日|482
6|在国外组织担任职务的专任教师数|人|3
7|国外技能大赛获奖数量|项|31
@5 服务贡献表
1|毕业生就业人数|人|81193
|其中：A类：留在当地就业|人|32130
|B类：到西部和东北地区就业|人|1955
|C类：到中小微企业等基层就业|人|50901
|D类：到大型企业就业|人|7257
2|横向技术服务到款额|万元|1309.22
|横向技术服务产生的经济效益|万元|4753.60
3|纵向科研经费到款额|万元|540.55
4|技术产权交易收入|万元|115.50
5|知识产权项目数|项|272
|其中：专利授权数量|项|217
|发明专利授权数量|项|5
|专利转让数量|项|94
|专利成果转化到款额|万元|121.05
6|非学历培训项目数|项|767
|非学历培训学时|学时|98112.60
|公益项目培训学时|学时|51706
7|非学历培训到账经费|万元|11469.60
@6 政策落实表
1|全日制在校生人数|人|409013
2|年生均财政拨款水平|元|11211.34
3|年财政专项拨款|万元|199613.50
4|教职员工额定编制数|人|19758
|教职工总数|人|20859
|其中：专任教师总数|人|14223
|思政课教师数|人|991
|体育课专任教师数|人|625
|美育课专任教师数|人|177
|辅导员人数|人|1702
|班主任人数|人|1173
5|参加国家学生体质健康标准测试人数|人|231890
|其中：学生体质测评合格率|%|73.42
6|职业技能等级证书（含职业资格证书）获取人数|人|73859
7|企业提供的校内实践教学设备值|万元|14690.24
8|与企业共建开放型区域产教融合实践中心|个|100
9|聘请行业导师人数|人|4573
|其中：聘请大国工匠、劳动模范人数|人|101
|行业导师年课时总量|课时|653456.10
|年支付行业导师课酬|万元|3045.92
10|年实习专项经费|万元|1932.50
|其中：年实习责任保险经费|万元|387.83
"""

_TABLE_CODES = {
    1: "scorecard",
    2: "satisfaction",
    3: "teaching_resources",
    4: "international_influence",
    5: "service_contribution",
    6: "policy_implementation",
}

_PARTS = ("人才培养", "服务贡献", "文化传承", "国际合作", "产教融合", "发展保障", "面临挑战")

_SENTENCES = (
    "学校坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务。",
    "2025年，学校毕业去向落实率达到 93.6%，较上年提高 1.2 个百分点。",
    "学校对接区域主导产业，动态调整专业布局，新增智能制造、新能源汽车技术等 4 个专业。",
    "全年开展社会培训 1.8 万人日，培训到账经费 612.5 万元，服务企业 126 家。",
    "学校与 32 家企业共建产业学院和实训基地，企业投入校内实践教学设备值 1,260 万元。",
    "深化“岗课赛证”综合育人，将 1+X 证书标准融入 58 门专业课程。",
    "学生在全国职业院校技能大赛中获一等奖 2 项、二等奖 5 项、三等奖 7 项。",
    "学校建成省级在线精品课程 12 门，接入国家智慧教育平台课程 9 门。",
    "“双师型”教师占专任教师比例达到 68.4%，高级职称教师比例为 32.1%。",
    "学校持续完善内部质量保证体系，开展专业诊断与改进，形成年度质量报告。",
    "面向乡村振兴，学校派出 15 支科技服务队，推广农业实用技术 23 项。",
    "学校与“一带一路”沿线国家 6 所院校开展合作，接收国外留学生 46 人。",
    "学校传承黄河文化与晋商文化，建设非遗传承工作室 3 个，开设选修课程 11 门。",
    "对照办学条件达标要求，学校生均教学科研仪器设备值达到 8,339 元。",
    "学校落实职业教育法要求，年生均财政拨款水平达到 12,000 元以上。",
    "用人单位满意度为 92.7%，毕业生满意度为 93.9%，家长满意度为 91.6%。",
)


def _text(rng: random.Random, sentences: int) -> str:
    return "".join(rng.choice(_SENTENCES) for _ in range(sentences))


@functools.cache
def sample_photo_png(width: int = 800, height: int = 500) -> bytes:
    """A deterministic stand-in for a photo (a soft gradient with a frame)."""
    import numpy as np
    from matplotlib import image as mpl_image

    y, x = np.mgrid[0:height, 0:width]
    red = 0.55 + 0.35 * x / width
    green = 0.65 + 0.25 * y / height
    blue = 0.80 - 0.30 * (x + y) / (width + height)
    pixels = np.dstack([red, green, blue])
    pixels[:8, :, :] = pixels[-8:, :, :] = pixels[:, :8, :] = pixels[:, -8:, :] = 0.3
    buffer = io.BytesIO()
    mpl_image.imsave(buffer, pixels, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _appendix_tables(year: str, previous_year: str | None = None) -> tuple[DataTable, ...]:
    tables: list[DataTable] = []
    number, title, rows = 0, "", []

    def flush() -> None:
        if number:
            columns = (year, "调查人次", "调查方式") if number == 2 else (year,)
            if previous_year and number != 2:
                columns = (previous_year, year)
            tables.append(DataTable(number, _TABLE_CODES[number], title, columns, tuple(rows)))

    in_breakdown = False
    for line in _APPENDIX_SOURCE.strip().splitlines():
        if line.startswith("@"):
            flush()
            head, title = line[1:].split(" ", 1)
            number, rows, in_breakdown = int(head), [], False
            continue
        seq, name, unit, *values = line.split("|")
        if seq:
            in_breakdown = False
        elif name.startswith("其中"):
            in_breakdown = True
        depth = 1 if not seq and in_breakdown else 0
        if previous_year and number != 2:
            values = [_previous(values[0]), values[0]]
        rows.append(DataRow(seq, name, unit, tuple(values), depth))
    flush()
    return tuple(tables)


def _previous(value: str) -> str:
    """A plausible previous-year value (about 5% lower), same number of decimals."""
    try:
        number = float(value)
    except ValueError:
        return value
    decimals = len(value.split(".")[1]) if "." in value else 0
    return f"{number * 0.95:.{decimals}f}"


def _chart(kind: str, title: str, unit: str, rng: random.Random) -> ChartSpec:
    years = ("2021年", "2022年", "2023年", "2024年", "2025年")
    if kind == "pie":
        return ChartSpec(
            "pie",
            ("第一产业", "第二产业", "第三产业"),
            (ChartSeries("人数", (1943.0, 19418.0, 50436.0)),),
            unit=unit,
        )
    series = [ChartSeries("高职", tuple(float(rng.randint(800, 1600)) for _ in years))]
    if kind in ("grouped_bar", "line"):
        series.append(ChartSeries("中职", tuple(float(rng.randint(400, 1200)) for _ in years)))
    return ChartSpec(kind, years, tuple(series), unit=unit)  # type: ignore[arg-type]


def _chapter_blocks(
    part_index: int,
    rng: random.Random,
    *,
    sections: int,
    paragraphs: int,
    figures: int,
    tables: int,
    cases: int,
    charts: int,
) -> tuple[Block, ...]:
    """Blocks for one chapter; figures/tables/cases are spread over its sections."""
    blocks: list[Block] = []
    prefix = f"c{part_index}"
    kinds = ("bar", "grouped_bar", "line", "pie")
    placed = {"fig": 0, "table": 0, "case": 0}
    for s in range(sections):
        blocks.append(Heading(2, f"{_PARTS[part_index % 7]}工作举措之{s + 1}"))
        for sub in range(2):
            blocks.append(Heading(3, f"聚焦重点任务，推动第{sub + 1}项改革落地见效"))
            for _ in range(paragraphs):
                blocks.append(Paragraph(_text(rng, rng.randint(4, 7))))
        if placed["fig"] < figures:
            n = placed["fig"]
            key = f"{prefix}-fig{n}"
            blocks.append(
                Paragraph(f"近五年主要指标的变化情况见[[fig:{key}]]，**总体呈稳步上升趋势**。")
            )
            if n < charts:
                chart = _chart(kinds[(part_index + n) % 4], "", "人", rng)
                blocks.append(
                    Figure(
                        key, f"近五年{_PARTS[part_index % 7]}主要指标变化（单位：人）", chart=chart
                    )
                )
            else:
                blocks.append(
                    Figure(
                        key,
                        f"{_PARTS[part_index % 7]}工作现场（{n + 1}）",
                        image=sample_photo_png(),
                        source_note="资料来源：学校官网",
                        width_cm=11.0,
                    )
                )
            placed["fig"] += 1
        if placed["table"] < tables:
            key = f"{prefix}-table{placed['table']}"
            blocks.append(Paragraph(f"相关统计数据见[[table:{key}]]。"))
            rows = tuple(
                (
                    str(i + 1),
                    f"项目{i + 1}",
                    str(rng.randint(10, 900)),
                    f"{rng.uniform(60, 99):.2f}",
                )
                for i in range(rng.randint(4, 9))
            )
            blocks.append(
                TableBlock(
                    key,
                    f"{_PARTS[part_index % 7]}相关数据统计表",
                    ("序号", "项目", "数量", "比例（%）"),
                    rows,
                )
            )
            placed["table"] += 1
        if placed["case"] < cases:
            key = f"{prefix}-case{placed['case']}"
            blocks.append(Paragraph(f"典型做法见[[case:{key}]]。"))
            blocks.append(
                Case(
                    key,
                    f"校企协同打造“{_PARTS[part_index % 7]}”特色品牌",
                    (_text(rng, 4), _text(rng, 3)),
                )
            )
            placed["case"] += 1
    return tuple(blocks)


def sample_school_report(
    *, declaration: Attachment | None = None, previous_year: bool = False
) -> ReportDocument:
    """A realistic 学校年报: 7 chapters, 10 figures, 10 tables, 8 cases, 附表1–6."""
    rng = random.Random(2025)
    plan = {  # part → (figures, tables, cases)
        0: (3, 3, 2),
        1: (2, 2, 2),
        2: (1, 1, 1),
        3: (1, 1, 1),
        4: (2, 2, 1),
        5: (1, 1, 1),
        6: (0, 0, 0),
    }
    chapters = [
        Chapter(
            "前言",
            (Paragraph(_text(rng, 6)), Paragraph(_text(rng, 5))),
            numbered=False,
        )
    ]
    for i, part in enumerate(_PARTS):
        figures, tables, cases = plan[i]
        blocks = _chapter_blocks(
            i, rng, sections=3, paragraphs=2, figures=figures, tables=tables, cases=cases, charts=2
        )
        chapters.append(Chapter(part, blocks))
    return ReportDocument(
        title="《山西示范职业技术学院高等职业教育质量年度报告（2025）》",
        subtitle="",
        organisation_name="山西示范职业技术学院",
        organisation_code="14999",
        year_label="2025",
        kind="school",
        date_label="2025年12月",
        declaration=declaration or _sample_declaration(),
        chapters=tuple(chapters),
        appendix=_appendix_tables("2025年", "2024年" if previous_year else None),
    )


def _sample_declaration() -> Attachment:
    png = sample_declaration_png(
        school="山西示范职业技术学院", year=2025, signed_on=dt.date(2025, 12, 20)
    )
    return Attachment("内容真实性责任声明.png", png, "image/png")


_RED = 255
_PALETTE = [c for v in range(128) for c in (2 * v, 2 * v, 2 * v)] + [0] * 381 + [192, 0, 0]


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = find_cjk_font("serif", "regular")
    if path is None:
        return ImageFont.load_default(size)
    # The .ttc holds JP, KR, SC, TC, HK faces; index 2 is Simplified Chinese.
    return ImageFont.truetype(str(path), size, index=2 if path.suffix == ".ttc" else 0)


@functools.cache
def _advance(size: int, char: str) -> float:
    return _font(size).getlength(char)


def _wrapped(text: str, size: int, width: int) -> list[str]:
    lines, line, used = [], "", 0.0
    for char in text:
        advance = _advance(size, char)
        # Closing punctuation stays on its line, as in print.
        if line and used + advance > width and char not in "。，、；：）》”":
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += advance
    return [*lines, line] if line else lines


@functools.cache
def _declaration_form() -> Image.Image:
    """The printed form's fixed text, drawn once (grey levels, A4 at 75 dpi)."""
    image = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(image)
    draw.text((310, 120), "内容真实性责任声明", font=_font(30), fill=0, anchor="mm")
    draw.text((75, 360), "\u3000\u3000特此声明。", font=_font(19), fill=0)
    draw.text((270, 640), "法定代表人（签名）：", font=_font(17), fill=0)
    return image


@functools.cache
def sample_declaration_png(*, school: str, year: int, signed_on: dt.date) -> bytes:
    """A stand-in for the signed 内容真实性责任声明 scan (附件1 of the 2025 notice): the school,
    its report year and the signing date, with a red seal. Drawn with Pillow in grey levels plus
    one red (one image per submitted demo report, so it must be quick)."""
    image = _declaration_form().copy()
    draw = ImageDraw.Draw(image)
    body = _font(19)
    statement = f"学校对{school}职业教育质量年度报告（{year} 年度）的真实性、完整性和准确性负责。"
    for i, line in enumerate(_wrapped("\u3000\u3000" + statement, 19, image.width - 150)[:3]):
        draw.text((75, 200 + i * 40), line, font=body, fill=0)
    small = _font(17)
    for i, line in enumerate(_wrapped(f"单位名称（盖章）：{school}", 17, image.width - 300)):
        draw.text((270, 540 + i * 30), line, font=small, fill=0)
    date = f"{signed_on.year} 年 {signed_on.month} 月 {signed_on.day} 日"
    draw.text((360, 700), date, font=small, fill=0)
    # Grey levels become palette entries 0–127; entry 255 is the seal's red.
    image = image.point([v // 2 for v in range(256)])
    draw = ImageDraw.Draw(image)
    x, y = image.width - 230, 560
    draw.ellipse((x - 70, y - 70, x + 70, y + 70), outline=_RED, width=4)
    star = [
        (x + r * math.sin(math.pi * k / 5), y - r * math.cos(math.pi * k / 5))
        for k, r in zip(range(10), (24, 10) * 5, strict=True)
    ]
    draw.polygon(star, fill=_RED)
    image.putpalette(_PALETTE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def sample_provincial_report() -> ReportDocument:
    """A long 省级年报 (8 chapters, about 160 pages) with many photos, charts, tables and cases."""
    rng = random.Random(2023)
    chapters = [Chapter("前言", (Paragraph(_text(rng, 8)),) * 3, numbered=False)]
    for i, part in enumerate(("基本情况", *_PARTS)):
        blocks = _chapter_blocks(
            i, rng, sections=6, paragraphs=7, figures=12, tables=3, cases=4, charts=3
        )
        chapters.append(Chapter(part, blocks))
    return ReportDocument(
        title="《山西省职业教育质量年度报告（2025年度）》",
        subtitle="Shanxi Province Vocational Education Annual Quality Report",
        organisation_name="山西省教育厅",
        organisation_code="140000",
        year_label="2025",
        kind="province",
        date_label="2026年2月",
        declaration=None,
        chapters=tuple(chapters),
        appendix=_appendix_tables("2025年"),
    )


def sample_progress_summary() -> ProgressSummary:
    """附件2 for one city with four schools."""
    schools = (
        ProgressRow("太原市第一职业中学", True, True, True, True, "https://example.edu.cn/nb/1"),
        ProgressRow("太原市财经学校", True, True, True, False, "https://example.edu.cn/nb/2"),
        ProgressRow("太原市卫生学校", True, True, False, False, ""),
        ProgressRow("太原市旅游职业学校", True, False, False, False, ""),
    )
    city = ProgressRow(
        "太原市中等职业教育质量年度报告", True, True, True, False, "https://jyj.example.gov.cn/nb"
    )
    return ProgressSummary("太原市", city, schools)


def sample_enterprise_report_list() -> EnterpriseReportList:
    """附件3 for one school with three partner enterprises."""
    return EnterpriseReportList(
        "山西示范职业技术学院",
        ("山西示范装备制造有限公司", "太原智能科技股份有限公司", "晋中现代农业发展有限公司"),
    )
