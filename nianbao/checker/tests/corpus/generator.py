"""Synthetic annual reports (合成年报) for testing the checker: a clean, self-consistent school or
provincial report built from random facts (fixed seed), and variants with one planted defect
each, recorded as the finding code expected and a hint found in the finding's excerpt, values
or location. Renders to Markdown, plain text and DOCX."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

__all__ = ["DEFECTS", "Planted", "Report", "build_report", "render", "to_docx", "to_markdown",
           "to_text"]  # fmt: skip

# defect name -> expected finding code
DEFECTS: dict[str, str] = {
    "percent_mismatch": "percent.mismatch",
    "percent_wrong_denominator": "percent.mismatch",
    "percent_share_of": "percent.mismatch",
    "growth_direction_conflict": "growth.direction_conflict",
    "growth_rate_mismatch": "growth.rate_mismatch",
    "growth_points_vs_percent": "growth.points_vs_percent",
    "growth_from_to_amount": "growth.amount_mismatch",
    "growth_from_to_direction": "growth.direction_mismatch",
    "consistency_text": "consistency.value_mismatch",
    "consistency_unit": "consistency.value_mismatch",
    "consistency_table": "consistency.value_mismatch",
    "consistency_synonym": "consistency.value_mismatch",
    "table_child_exceeds": "table.child_exceeds_parent",
    "table_total_row": "table.sum_mismatch",
    "table_partition": "table.sum_mismatch",
    "table_fraction": "table.fractional_count",
    "table_average": "table.average_exceeds_population",
    "table_sequence_gap": "table.sequence_gap",
    "table_sequence_repeat": "table.sequence_repeat",
    "heading_skip": "numbering.heading",
    "heading_wrong_parent": "numbering.heading",
    "caption_skip": "numbering.caption",
    "list_missing": "numbering.list_mismatch",
    "broken_reference": "numbering.broken_reference",
    "missing_part": "framework.missing_part",
    "case_too_long": "case.too_long",
    "case_no_evidence": "case.no_evidence",
    "data_mismatch": "data.mismatch",
}

CITIES = ["晋中", "长治", "临汾", "运城", "吕梁", "忻州", "阳泉", "朔州", "大同", "晋城", "太原"]
FIELDS = ["机电", "建筑", "财贸", "交通", "信息", "农业", "医药", "能源", "旅游", "轻工", "化工"]
QUALITATIVE = [
    "坚持立德树人根本任务，把思想政治工作贯穿教育教学全过程。",
    "对接区域主导产业，动态调整专业结构，完善专业群建设机制。",
    "深化“三教”改革，推行模块化教学和项目式教学，课堂质量稳步提高。",
    "健全校企协同育人机制，推动人才培养方案与岗位标准有效衔接。",
    "完善内部质量保证体系，常态化开展诊断与改进工作。",
    "加强实训条件建设，推进虚拟仿真实训资源共建共享。",
    "持续推进数字校园建设，教学管理和服务实现线上办理。",
    "弘扬工匠精神，将劳动教育融入专业教学和校园文化活动。",
    "积极参与乡村振兴，组织师生开展技术服务和志愿服务。",
    "强化师德师风建设，完善教师培训与企业实践制度。",
]


@dataclass
class Planted:
    defect: str
    code: str
    hint: str


@dataclass
class Report:
    """Abstract blocks: ("h", level, text) ("p", text) ("cap", text) ("list", title)
    ("entry", text) ("table", caption, rows)."""

    name: str
    kind: str
    year: int
    blocks: list[tuple] = field(default_factory=list)
    planted: list[Planted] = field(default_factory=list)
    data: dict = field(default_factory=dict)


_CN_NUM = "零一二三四五六七八九十"


def _cn(n: int) -> str:
    return _CN_NUM[n] if n <= 10 else "十" + _CN_NUM[n - 10]


class _Builder:
    def __init__(self, kind: str, seed: int, defect: str | None, scale: int) -> None:
        self.rng = random.Random(seed)
        self.kind = kind
        self.defect = defect
        self.scale = scale
        self.year = self.rng.choice([2023, 2024])
        self.body: list[tuple] = []
        self.captions: list[tuple[str, str, str]] = []  # (kind, number, title)
        self.planted: list[Planted] = []
        self.chapter = 0
        self.counters: dict[str, int] = {}
        city, fld = self.rng.choice(CITIES), self.rng.choice(FIELDS)
        self.name = f"{city}{fld}职业技术学院" if kind == "school" else "某省"
        self._facts()
        self.school_facts: dict[tuple[str, str], int] = {}
        kinds = ["职业技术学院", "职业学院", "高级技工学校", "职业技术学校", "中等专业学校"]
        self.schools = [f"{c}{f}{k}" for c in CITIES for f in FIELDS for k in kinds[:1]][:60]

    # facts --------------------------------------------------------------------------------
    def _facts(self) -> None:
        r = self.rng
        k = 30 if self.kind == "province" else 1
        self.S = r.randint(8000, 16000) * k  # 全日制在校生
        self.T = r.randint(420, 780) * k  # 专任教师
        self.E = self.T + r.randint(120, 260) * k  # 教职工
        self.H = round(self.T * r.uniform(0.26, 0.44))  # 高级职称
        self.G = r.randint(2600, 4800) * k  # 毕业生
        self.U = round(self.G * r.uniform(0.15, 0.3))  # 升学
        self.K = self.G - self.U - r.randint(50, 150)  # 就业
        self.k1 = round(self.K * r.uniform(0.02, 0.06))
        self.k2 = round(self.K * r.uniform(0.2, 0.35))
        self.k3 = self.K - self.k1 - self.k2
        self.A = r.randint(300, 900) * k  # 在校生比上年增加
        self.courses = r.randint(20, 60) * k
        self.avg = r.randint(200, 900)
        self.share0 = round(r.uniform(48, 60), 2)
        self.share1 = round(self.share0 + r.uniform(1.0, 5.0), 2)
        self.income1 = round(r.uniform(320, 1500), 2)
        self.income0 = round(self.income1 / r.uniform(1.05, 1.4), 2)
        self.budget = round(r.uniform(2000, 9000), 2) * k

    def plant(self, defect: str, hint: str) -> None:
        self.planted.append(Planted(defect, DEFECTS[defect], hint))

    def on(self, defect: str) -> bool:
        return self.defect == defect

    # structure ------------------------------------------------------------------------------
    def h1(self, title: str) -> None:
        self.chapter += 1
        self.section = 0
        self.counters = {}
        self.body.append(("h", 1, f"第{_cn(self.chapter)}章 {title}"))

    def h2(self, title: str) -> None:
        self.section += 1
        self.sub = 0
        number = f"{self.chapter}.{self.section}"
        if self.on("heading_skip") and self.chapter == 2 and self.section == 2:
            self.section += 1
            number = f"{self.chapter}.{self.section}"
            self.plant("heading_skip", number)
        self.body.append(("h", 2, f"{number} {title}"))

    def h3(self, title: str) -> None:
        self.sub += 1
        number = f"{self.chapter}.{self.section}.{self.sub}"
        if self.on("heading_wrong_parent") and self.chapter == 5 and self.sub == 2:
            number = f"{self.chapter}.{self.section + 1}.{self.sub}"
            self.plant("heading_wrong_parent", number)
        self.body.append(("h", 3, f"{number} {title}"))

    def p(self, text: str) -> None:
        self.body.append(("p", text))

    def filler(self, n: int = 2) -> None:
        self.p("".join(self.rng.sample(QUALITATIVE, n)))

    def caption(self, kind: str, title: str) -> str:
        n = self.counters.get(kind, 0) + 1
        if self.on("caption_skip") and kind == "图" and self.chapter == 3 and n == 2:
            n += 1
            self.plant("caption_skip", f"图 3-{n}")
        self.counters[kind] = n
        number = f"{self.chapter}-{n}"
        self.captions.append((kind, number, title))
        return f"{kind} {number} {title}"

    def figure(self, title: str) -> str:
        text = self.caption("图", title)
        self.body.append(("cap", text))
        return text.split(" ")[1]

    def table(self, title: str, rows: list[list[str]]) -> str:
        text = self.caption("表", title)
        self.body.append(("cap", text))
        self.body.append(("table", text, rows))
        return text.split(" ")[1]

    def case(self, title: str, text: str) -> None:
        self.body.append(("cap", self.caption("案例", title)))
        self.p(text)
        self.p(f"（资料来源：{self.name}）" if self.kind == "school" else "（资料来源：有关院校）")

    # content --------------------------------------------------------------------------------
    def build(self) -> Report:
        who = "学校" if self.kind == "school" else "全省高职院校"
        self.ch_talent(who)
        if self.scale > 1:
            self.bulk()
        self.ch_service(who)
        if self.scale > 1:
            self.bulk()
        self.ch_culture()
        if self.scale > 1:
            self.bulk()
        self.ch_international(who)
        if self.scale > 1:
            self.bulk()
        self.ch_integration()
        if self.scale > 1:
            self.bulk()
        self.ch_support(who)
        if self.scale > 1:
            self.bulk()
        self.ch_challenges()
        if self.scale > 1:
            self.bulk()
        return self.finish()

    # bulk content for a long provincial report ---------------------------------------------
    ITEMS = (("建成校内实训基地", "个"), ("开设专业", "个"), ("订单培养学生", "人"),
             ("开发校本教材", "本"), ("获得授权专利", "项"), ("新建实训室", "间"),
             ("聘请企业兼职教师", "人"), ("开展技术服务到款", "万元"), ("建设精品课程", "门"),
             ("组织志愿服务", "次"), ("接收企业捐赠设备", "台"), ("引进博士", "人"))  # fmt: skip

    def bulk(self) -> None:
        """Extra sections with school-level statements and tables (only when scale > 1)."""
        r = self.rng
        for _ in range(self.scale):
            self.h2(r.choice(["典型做法", "主要成效", "院校实践", "创新举措", "工作进展"]))
            for _ in range(3):
                self.h3(r.choice(["对接产业需求", "强化内涵建设", "深化协同育人", "提升服务能力"]))
                for _ in range(4):
                    self.p(self._school_paragraph())
            rows = [["序号", "学校名称", "项目数（项）", "参与人数（人）", "合计（人次）"]]
            tp = tn = tt = 0
            for i, school in enumerate(r.sample(self.schools, 12), 1):
                a, b, c = r.randint(1, 40), r.randint(20, 900), r.randint(20, 900)
                tp, tn, tt = tp + a, tn + b, tt + b + c
                rows.append([str(i), school, str(a), str(b), str(b + c)])
            rows.append(["", "合计", str(tp), str(tn), str(tt)])
            rows[0][4] = "服务人次（人次）"
            t = self.table(r.choice(["院校项目开展情况", "院校服务情况统计"]), rows)
            self.p(f"各院校开展情况见表 {t}。" + r.choice(QUALITATIVE))

    def _school_paragraph(self) -> str:
        r = self.rng
        parts = []
        for school in r.sample(self.schools, 2):
            item, unit = r.choice(self.ITEMS)
            value = self.school_facts.setdefault((school, item), r.randint(12, 900))
            if unit == "万元":
                parts.append(f"{school}{item}{value / 10:.1f}{unit}")
            else:
                parts.append(f"{school}{item}{value}{unit}")
        grow = r.randint(3, 90)
        base = r.randint(200, 5000)
        rate = grow / base * 100
        school = r.choice(self.schools)
        tail = f"{school}年度培训企业职工{base + grow}人次，比上年增加{grow}人次，增长{rate:.1f}%。"
        return "，".join(parts) + "。" + "".join(r.sample(QUALITATIVE, 3)) + tail

    def ch_talent(self, who: str) -> None:
        r = self.rng
        self.h1("人才培养")
        self.h2("学生发展")
        self.p(f"{self.year}年，{who}全日制在校生{self.S}人，比上年增加{self.A}人，"
               + self._growth_rate_clause() + "。")  # fmt: skip
        fig = self.figure("近三年全日制在校生规模（单位：人）")
        ref = fig
        if self.on("broken_reference"):
            ref = "1-9"
            self.plant("broken_reference", "图 1-9")
        self.p(f"在校生规模保持稳定增长（见图 {ref}）。" + r.choice(QUALITATIVE))
        self.h2("就业质量")
        q = self.U / self.G * 100
        q_text = f"{q:.2f}"
        if self.on("percent_mismatch"):
            q_text = f"{q + r.choice([-1, 1]) * r.uniform(2, 6):.2f}"
            self.plant("percent_mismatch", q_text + "%")
        self.p(f"{self.year}届毕业生{self.G}人，其中升学{self.U}人，占比{q_text}%。"
               + r.choice(QUALITATIVE))  # fmt: skip
        k3_share = f"{self.k3 / self.K * 100:.1f}"
        if self.on("percent_share_of"):
            k3_share = f"{self.k3 / self.G * 100:.1f}"
            self.plant("percent_share_of", k3_share + "%")
        self.p(f"毕业生就业{self.K}人，其中面向第三产业就业{self.k3}人，"
               f"占就业人数的{k3_share}%。")  # fmt: skip
        t = self.table("毕业生去向主要指标", self._outcome_rows())
        self.p(f"毕业生去向主要指标如表 {t} 所示。" + r.choice(QUALITATIVE))
        self.h2("课程建设")
        avg = self.avg
        self.p(f"{who}建成在线精品课程{self.courses}门，课程资源持续丰富。")
        self.filler()
        self.case("课证融通推动课程改革", self._case_text(avg))

    def _growth_rate_clause(self) -> str:
        rate = self.A / (self.S - self.A) * 100
        if self.on("growth_direction_conflict"):
            self.plant("growth_direction_conflict", f"{rate:.1f}%")
            return f"下降{rate:.1f}%"
        if self.on("growth_rate_mismatch"):
            wrong = f"{rate * 1.6 + 1:.1f}"
            self.plant("growth_rate_mismatch", wrong + "%")
            return f"增长{wrong}%"
        return f"增长{rate:.1f}%"

    def _outcome_rows(self) -> list[list[str]]:
        K, k1, k2, k3 = self.K, self.k1, self.k2, self.k3
        U = self.U
        if self.on("table_child_exceeds"):
            U = self.G + self.rng.randint(10, 99)
            self.plant("table_child_exceeds", str(U))
        if self.on("table_partition"):
            k2 += self.rng.randint(11, 99)
            self.plant("table_partition", str(K))
        rows = [["序号", "指标", "单位", f"{self.year}年"],
                ["1", "毕业生人数", "人", str(self.G)],
                ["", "其中：升学人数", "人", str(U)],
                ["2", "毕业生面向三次产业就业人数", "人", str(K)],
                ["", "其中：面向第一产业", "人", str(k1)],
                ["", "面向第二产业", "人", str(k2)],
                ["", "面向第三产业", "人", str(k3)],
                ["3", "在线精品课程数", "门", str(self.courses)],
                ["4", "在线精品课程课均学生数", "人", str(self.avg)],
                ["5", "自主创业率", "%", f"{self.rng.uniform(0.5, 3):.2f}"]]  # fmt: skip
        if self.on("table_average"):
            rows[8][3] = str(self.S * self.rng.randint(3, 9))
            self.plant("table_average", rows[8][3])
        if self.on("table_fraction"):
            rows[7][3] = f"{self.courses}.5"
            self.plant("table_fraction", rows[7][3])
        if self.on("table_sequence_gap"):
            rows[9][0] = "6"
            self.plant("table_sequence_gap", "6 | 自主创业率")
        if self.on("table_sequence_repeat"):
            rows[9][0] = "4"
            self.plant("table_sequence_repeat", "4 | 自主创业率")
        return rows

    def _case_text(self, avg: int) -> str:
        r = self.rng
        n1, n2 = r.randint(12, 40), r.randint(300, 1800)
        text = (f"{self.year}年，{self.name if self.kind == 'school' else '某职业技术学院'}联合行业企业"
                f"开发课证融通课程{n1}门，覆盖学生{n2}人，学生职业技能等级证书通过率明显提高。"
                "学校以岗位标准重构课程内容，校企共同开展教学评价，形成可推广的经验。")  # fmt: skip
        if self.on("case_too_long") and self.counters.get("案例", 0) == 0:
            text += "".join(r.choice(QUALITATIVE) for _ in range(16))
            self.plant("case_too_long", "案例 1-1")
        if self.on("case_no_evidence") and self.counters.get("案例", 0) == 0:
            text = "学校联合行业企业开发课证融通课程，以岗位标准重构课程内容，校企共同开展教学评价，形成了可推广的经验。"
            self.plant("case_no_evidence", "案例 1-1")
        return text

    def ch_service(self, who: str) -> None:
        r = self.rng
        self.h1("服务贡献")
        self.h2("技术服务")
        b, a = self.income1, self.income0
        words, amount = "增至", f"{b - a:.2f}"
        if self.on("growth_from_to_direction"):
            words = "下降到"
            self.plant("growth_from_to_direction", f"{b:.2f}万元")
        if self.on("growth_from_to_amount"):
            amount = f"{b - a + r.uniform(20, 80):.2f}"
            self.plant("growth_from_to_amount", f"{amount}万元")
        self.p(f"{who}横向技术服务到款额由上年的{a:.2f}万元{words}{b:.2f}万元，增加{amount}万元。")
        self.filler()
        self.h2("社会培训")
        rows = [["培训类别", "项目数（项）", "培训人次（人次）"]]
        tot_p, tot_n = 0, 0
        for name in ["企业职工培训", "乡村振兴培训", "退役军人培训", "社区教育培训"]:
            pp, nn = r.randint(5, 60), r.randint(300, 6000)
            tot_p += pp
            tot_n += nn
            rows.append([name, str(pp), str(nn)])
        if self.on("table_total_row"):
            tot_n += r.randint(100, 900)
            self.plant("table_total_row", str(tot_n))
        rows.append(["合计", str(tot_p), str(tot_n)])
        t = self.table("社会培训开展情况", rows)
        self.p(f"各类培训开展情况见表 {t}。" + r.choice(QUALITATIVE))
        self.case("校企共建技术服务平台", f"学校与{r.randint(3, 12)}家企业共建技术服务平台，"
                  f"完成技术改造项目{r.randint(5, 30)}项，为企业节约成本{r.randint(50, 400)}万元。")  # fmt: skip

    def ch_culture(self) -> None:
        title = "文化传承"
        if self.on("missing_part"):
            title = "特色发展"
            self.plant("missing_part", "文化传承")
        self.h1(title)
        self.h2("传承工匠精神")
        self.filler(3)
        self.figure("劳模工匠进校园活动")
        self.figure("非遗技艺传承工作室")
        self.h2("传承红色基因")
        self.filler(2)
        self.case("红色资源融入思政课堂", f"学校开发红色教育微课{self.rng.randint(8, 30)}节，"
                  f"组织{self.rng.randint(500, 3000)}名学生参加实践研学。")  # fmt: skip

    def ch_international(self, who: str) -> None:
        r = self.rng
        self.h1("国际合作")
        self.h2("合作办学")
        self.p(
            f"{who}开展中外合作办学项目{r.randint(2, 8)}个，接收国外留学生{r.randint(10, 80)}人。"
        )
        self.filler()
        self.h2("标准输出")
        self.filler(2)

    def ch_integration(self) -> None:
        self.h1("产教融合")
        self.h2("校企双元育人")
        self.filler()
        self.h2("产业学院建设")
        for title in ("共建产业学院", "推行现代学徒制", "共建实训基地"):
            self.h3(title)
            self.filler(2)
        self.case("产业学院协同育人", f"学校与龙头企业共建产业学院，订单培养学生{self.rng.randint(80, 400)}人，"
                  f"企业接收实习学生{self.rng.randint(50, 300)}人。")  # fmt: skip

    def ch_support(self, who: str) -> None:
        r = self.rng
        self.h1("发展保障")
        self.h2("师资队伍")
        T, E = self.T, self.E
        t_text = str(T)
        if self.on("consistency_text"):
            t_text = str(T + r.randint(11, 60))
            self.plant("consistency_text", t_text + "人")
        self.p(f"{who}教职工{E}人，专任教师{t_text}人。" + r.choice(QUALITATIVE))
        share = self.H / T * 100
        s_text = f"{share:.2f}"
        if self.on("percent_wrong_denominator"):
            s_text = f"{self.H / E * 100:.2f}"
            self.plant("percent_wrong_denominator", s_text + "%")
        self.p(f"专任教师中具有高级职称的{self.H}人，占专任教师总数的{s_text}%。")
        a, b = self.share0, self.share1
        diff = f"{b - a:.2f}个百分点"
        if self.on("growth_points_vs_percent"):
            diff = f"{b - a:.2f}%"
            self.plant("growth_points_vs_percent", diff)
        self.p(f"双师素质专任教师比例由{a:.2f}%提高到{b:.2f}%，提高{diff}。")
        self.h2("经费保障")
        self.p(
            f"{self.year}年，{who}获得年财政专项拨款{self.budget:.2f}万元。" + r.choice(QUALITATIVE)
        )
        if self.on("consistency_unit"):
            wrong = (self.S + r.randint(900, 3000)) / 10000
            self.p(f"截至{self.year}年8月31日，{who}全日制在校生{wrong:.2f}万人。")
            self.plant("consistency_unit", f"{wrong:.2f}万人")
        else:
            self.p(f"截至{self.year}年8月31日，{who}全日制在校生{self.S / 10000:.2f}万人。")
        if self.on("consistency_synonym"):
            wrong = E + r.randint(20, 90)
            self.p(f"{who}现有教职员工总数{wrong}人，结构持续优化。")
            self.plant("consistency_synonym", f"{wrong}人")
        self.h2("质量保障")
        self.filler(2)

    def ch_challenges(self) -> None:
        self.h1("面临挑战")
        self.h2("面临挑战")
        self.filler(2)
        self.h2("工作展望")
        self.filler(2)

    def finish(self) -> Report:
        front: list[tuple] = [("p", f"{self.name}职业教育质量年度报告（{self.year}年度）")]
        for kind, title in (("图", "图目录"), ("表", "表目录"), ("案例", "案例目录")):
            front.append(("list", title))
            page = 2
            for k, number, cap in self.captions:
                if k != kind:
                    continue
                page += self.rng.randint(1, 4)
                if (
                    self.on("list_missing")
                    and kind == "表"
                    and number.endswith("-1")
                    and not any(p.defect == "list_missing" for p in self.planted)
                ):
                    self.plant("list_missing", f"表 {number}")
                    continue
                front.append(("entry", f"{kind} {number} {cap}\t{page}"))
        appendix = self._appendix()
        report = Report(self.name, self.kind, self.year, front + self.body + appendix, self.planted)
        report.data = self._data()
        return report

    def _appendix(self) -> list[tuple]:
        T = self.T
        if self.on("consistency_table"):
            T = self.T + self.rng.randint(5, 40)
            self.plant("consistency_table", str(T))
        rows = [["序号", "指标", "单位", f"{self.year}年"],
                ["1", "全日制在校生人数", "人", str(self.S)],
                ["2", "年财政专项拨款", "万元", f"{self.budget:.2f}"],
                ["3", "教职工总数", "人", str(self.E)],
                ["", "其中：专任教师总数", "人", str(T)]]  # fmt: skip
        return [("p", "附表 6 政策落实表"), ("table", "附表 6 政策落实表", rows)]

    def _data(self) -> dict:
        budget = self.budget
        if self.on("data_mismatch"):
            budget = round(self.budget + self.rng.uniform(50, 500), 2)
            self.plant("data_mismatch", "专项拨款")
        return {"indicators": [
            {"code": "policy_full_time_students", "name": "全日制在校生人数", "unit": "人",
             "value": self.S},
            {"code": "policy_special_funding", "name": "年财政专项拨款", "unit": "万元",
             "value": f"{budget:.2f}"},
        ]}  # fmt: skip


def build_report(
    kind: str = "school", seed: int = 0, defect: str | None = None, scale: int = 1
) -> Report:
    """A report of `kind` with at most one planted defect; `scale` > 1 adds `scale` extra
    sections with statements and a table per chapter (scale 6 ≈ a 170-page provincial
    report)."""
    if defect is not None and defect not in DEFECTS:
        raise ValueError(f"unknown defect {defect}")
    return _Builder(kind, seed, defect, scale).build()


# rendering ----------------------------------------------------------------------------------
def to_text(report: Report) -> str:
    lines: list[str] = []
    for b in report.blocks:
        if b[0] == "table":
            lines.extend("\t".join(row) for row in b[2])
            lines.append("")
        elif b[0] == "h":
            lines.extend([b[2], ""])
        else:
            lines.extend([b[-1], ""])
    return "\n".join(lines)


def to_markdown(report: Report) -> str:
    lines: list[str] = []
    for b in report.blocks:
        if b[0] == "h":
            lines.append("#" * b[1] + " " + b[2])
        elif b[0] == "table":
            rows = b[2]
            lines.append("| " + " | ".join(rows[0]) + " |")
            lines.append("|" + "---|" * len(rows[0]))
            lines.extend("| " + " | ".join(r) + " |" for r in rows[1:])
        elif b[0] == "entry":
            lines.append(b[1].replace("\t", " ……… "))
        elif b[0] == "list":
            lines.append(f"**{b[1]}**")
        else:
            lines.append(b[-1])
        lines.append("")
    return "\n".join(lines)


def to_docx(report: Report) -> bytes:
    from docx import Document

    doc = Document()
    for b in report.blocks:
        if b[0] == "h":
            doc.add_heading(b[2], level=b[1])
        elif b[0] == "table":
            rows = b[2]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            for i, row in enumerate(rows):
                for j, value in enumerate(row):
                    table.cell(i, j).text = value
        elif b[0] == "cap":
            doc.add_paragraph(b[1], style="Caption")
        else:
            doc.add_paragraph(b[-1])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render(report: Report, fmt: str) -> tuple[bytes, str]:
    """(file bytes, file name) for fmt in docx/md/txt."""
    if fmt == "docx":
        return to_docx(report), "report.docx"
    if fmt == "md":
        return to_markdown(report).encode(), "report.md"
    return to_text(report).encode(), "report.txt"
