"""Fact model of the report checker (数据事实): every stated quantity becomes a `Fact` — metric,
qualifiers, scope (level 高职/中职 and the institution or region it is about), period, value,
normalised unit, location and sentence. Scope and period come from the clause, the sentence's
lead-in ("中职学校方面，"), earlier sentences of the same paragraph, scope lines and the heading
path; whatever was not stated stays unknown, and an unknown never equals a known value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.checker.context import Context, Sentence, TableView, level_of
from nianbao.checker.model import Heading, Location
from nianbao.checker.numbers import Num

__all__ = ["Fact", "PeriodScope", "resolve", "qualifiers_of", "LEVEL_NAMES"]

LEVEL_NAMES = {"higher": "高职", "secondary": "中职", "both": "高职和中职"}

_LEVEL_WORD = re.compile(r"高职|高等职业|职业本科|高专|中职|中等职业|技工学校|中专")
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*(?:[-—–~至到]\s*((?:19|20)?\d{2})\s*)?(年度?|届|学年)"
    r"|(上年|去年|上一年|上学年|前一年|上届)"
    r"|(近\s*[一二三四五六七八九十\d]+\s*年|累计|历年|以来)"
)
_INSTITUTION = re.compile(
    r"([\u4e00-\u9fff]{2,18}?(?:职业技术学院|职业技术大学|职业学院|技术学院|高等专科学校|职业大学"
    r"|职业技术学校|职业中等专业学校|中等专业学校|职业中学校?|技工学校|职教中心|卫生学校|学校))"
)
_REGION = re.compile(r"全省|全市|全区|全州|全盟|我省|我市|我区|全国")
_COMPETITION = re.compile(
    r"([\u4e00-\u9fffA-Za-z0-9“”\"（）()·]{2,24}?(?:大赛|竞赛|比赛|技能赛|锦标赛|挑战赛|评选|评比))"
)
_TAGS = re.compile(
    r"国家级|省级|市级|校级|部级|国赛|省赛|世赛|国际级|高职组|中职组|学生组|教师组|职工组"
    r"|女生|女性|女教师|女职工|男生|男性|男教师|公办|民办|线上|线下|校内|校外"
)
_CLAUSE = "，,；;：:"


@dataclass(frozen=True, slots=True)
class PeriodScope:
    """What a number is about besides its metric, with whether each part was stated."""

    level: str | None  # "higher", "secondary", "both"
    scope: str | None  # institution, 案例 or None for the report's own subject
    period: str | None  # "2023", "2023届", "prev", "cum:近三年", None
    qualifiers: frozenset[str]

    def without(self, label: str) -> PeriodScope:
        """Qualifiers the metric's own name already says ("校内" of 校内实训基地) are no
        narrower scope."""
        kept = frozenset(q for q in self.qualifiers if q not in label)
        return PeriodScope(self.level, self.scope, self.period, kept)


@dataclass(frozen=True, slots=True)
class Fact:
    """One stated quantity. `metric` is the normalised label (synonyms resolved through
    catalog/checker/metric_aliases.yaml); `value` is in `unit`, the base unit (3.52万人 → 35200
    人); `location` and `sentence` say where it is written."""

    metric: str
    label: str
    num: Num
    level: str | None
    scope: str | None
    period: str | None
    qualifiers: frozenset[str]
    location: Location
    sentence: str
    in_table: bool
    code: str = ""  # the indicator code when the catalog knows the metric

    @property
    def value(self) -> float:
        return self.num.value

    @property
    def unit(self) -> str:
        return self.num.unit

    def describe(self) -> str:
        """The scope in Chinese, e.g. "高职，2023年，技能大赛"."""
        parts = [LEVEL_NAMES.get(self.level or "", "")]
        if self.scope:
            parts.append(self.scope)
        if self.period:
            parts.append(_period_name(self.period))
        parts.extend(sorted(self.qualifiers))
        return "，".join(p for p in parts if p)


def _period_name(period: str) -> str:
    if period == "prev":
        return "上年"
    if period.startswith("cum:"):
        return period[4:]
    return period if period.endswith(("届", "学年")) or "-" in period else f"{period}年"


def _period(m: re.Match) -> str:
    if m.group(1):
        if m.group(2):
            return f"{m.group(1)}-{m.group(2)}"
        return m.group(1) + ("" if m.group(3).startswith("年") else m.group(3))
    if m.group(4):
        return "prev"
    return "cum:" + re.sub(r"\s+", "", m.group(5))


def _last(pattern: re.Pattern, text: str) -> re.Match | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last match is wanted
        pass
    return found


def qualifiers_of(text: str) -> frozenset[str]:
    """Competition (its name), 国家级/省级, gender, 公办/民办 … named in `text`."""
    out = set(_TAGS.findall(text))
    if m := _last(_COMPETITION, text):
        name = re.sub(r"^(在|参加|举办|组织|获得|荣获|获|于|的)+", "", m.group(1))
        out.add(re.sub(r"[“”\"（）()·\s]", "", name)[-16:])
    return frozenset(out)


def _level_in(text: str) -> str | None:
    """Level named by the last scope phrase of `text`; "both" when it names both levels."""
    words = _LEVEL_WORD.findall(text)
    if not words:
        return None
    last_clause = re.split(r"[" + _CLAUSE + "。]", text)
    for clause in reversed(last_clause):
        if _LEVEL_WORD.search(clause):
            lv = level_of(clause)
            return lv or "both"
    return None


class _Carry:
    """What a paragraph has said so far: scope and period carry to later sentences."""

    def __init__(self, subjects: frozenset[str] = frozenset(), regional: bool = False) -> None:
        self.subjects = subjects  # the report's own subject: no narrower scope
        self.regional = regional  # a province's or city's report: "学校" is some school
        self.block = -1
        self.level: str | None = None
        self.scope: str | None = None
        self.period: str | None = None

    def reset(self, block: int) -> None:
        self.block, self.level, self.scope, self.period = block, None, None, None


_GENERIC_KIND = re.compile(
    r"^(?:公办|民办|中等|高等|职业|技术|专业|示范|骨干|优质|重点|国家级|省级|高水平|各类?|全省|全市"
    r"|该|本|我|一所|这所|所|中职|高职|技工|普通|其他|相关|合作|中外|两|多)*$"
)
_KINDS = ("职业技术学院", "职业技术大学", "职业学院", "技术学院", "高等专科学校", "职业大学",
          "职业技术学校", "职业中等专业学校", "中等专业学校", "职业中学校", "职业中学", "技工学校",
          "职教中心", "卫生学校", "学校")  # fmt: skip


def institution(name: str) -> str | None:
    """A named institution from a match, or None for a kind of school ("公办中等职业学校")."""
    name = re.split(r"[是为的在和与及、所由向对从把被让给]", name)[-1]
    kind = next((k for k in _KINDS if name.endswith(k)), "")
    rest = name[: len(name) - len(kind)]
    if len(rest) < 2 or _GENERIC_KIND.match(rest):
        return None
    return name


_PLACE = re.compile(r"(?:^|[，,；;。：:、）)])\s*([\u4e00-\u9fff]{2,3}(?:市|县|州|盟))")
_NOT_PLACE = re.compile(r"^(?:全|我|本|各|该|城|都|超|上|地|省|县|设区|直辖)")


def named_subject(text: str) -> tuple[int, str] | None:
    """(position, name) of the last institution or place (太原市, 左权县) the text names as the
    subject of what follows; None when it names none."""
    found: list[tuple[int, str]] = []
    for m in _INSTITUTION.finditer(text):
        if name := institution(m.group(1)):
            found.append((m.start(), name))
    for m in _PLACE.finditer(text):
        if not _NOT_PLACE.match(m.group(1)):
            found.append((m.start(1), m.group(1)))
    return max(found) if found else None


def resolve(ctx_subjects: frozenset[str], s: Sentence, num: Num, carry: _Carry) -> PeriodScope:
    """Scope and period of `num` in sentence `s`, updating the paragraph's carry."""
    head = s.text[: num.start]
    level = _level_in(head)
    if level is None:
        level = carry.level or s.level
    scope = None
    named = named_subject(head)
    region = _last(_REGION, head)
    if named and (region is None or named[0] > region.start()):
        scope = None if _is_subject(named[1], ctx_subjects) else named[1]
    elif region is None:
        scope = carry.scope
        if scope is None and carry.regional and _SOME_SCHOOL.search(head):
            scope = "某校"  # a school the paragraph does not name, not the region
    if s.in_case:
        scope = f"case:{s.block}"
    pm = _last(_PERIOD, head)
    period = _period(pm) if pm else carry.period
    return PeriodScope(level, scope, period, qualifiers_of(head))


def sentence_carry(carry: _Carry, s: Sentence) -> None:
    """After a sentence: what it stated about scope and period holds for the next ones."""
    if carry.block != s.block:
        carry.reset(s.block)
    text = s.text
    if (lv := _level_in(text)) is not None:
        carry.level = lv if lv != "both" else None
    named = named_subject(text)
    region = _last(_REGION, text)
    if region and (named is None or named[0] < region.start()):
        carry.scope = None
    elif named:
        carry.scope = None if _is_subject(named[1], carry.subjects) else named[1]
    if pm := _last(_PERIOD, text):
        period = _period(pm)
        carry.period = period if not period.startswith(("prev", "cum:")) else carry.period


def table_scope(view: TableView, row_label: str, col: int) -> PeriodScope:
    caption = view.table.caption
    level = view.col_level.get(col) or level_of(row_label) or view.level
    period = view.col_year.get(col)
    header = view.cell(0, col) if view.table.rows else ""
    if period is None and re.search(r"上年|上一年|去年", header):
        period = "prev"
    if period is None and (pm := _last(_PERIOD, caption)):
        period = _period(pm)
    return PeriodScope(level, None, period, qualifiers_of(caption))


def subjects(ctx: Context) -> frozenset[str]:
    """Institutions named in the title (the report's own subject, not a narrower scope): short
    lines before the first heading that say 报告/年报, or the first line."""
    names = set()
    for i, block in enumerate(ctx.doc.blocks[:8]):
        if isinstance(block, Heading):
            break
        text = getattr(block, "text", "")
        if len(text) <= 80 and (i == 0 or re.search(r"报告|年报", text)):
            names.update(n for m in _INSTITUTION.finditer(text) if (n := institution(m.group(1))))
    return frozenset(names)


def new_carry(subjects: frozenset[str] = frozenset(), regional: bool = False) -> _Carry:
    return _Carry(subjects, regional)


_SOME_SCHOOL = re.compile(r"(?:^|[，,；;。：:])\s*(?:该校|学校|学院|该院|我校|本校)")


def regional(ctx: Context) -> bool:
    """A province's or city's report: no institution in the title, 全省/全市 said often."""
    return not subjects(ctx) and sum(bool(_REGION.search(s.text)) for s in ctx.sentences) >= 3


def _is_subject(name: str, subjects: frozenset[str]) -> bool:
    return any(name.endswith(x) or x.endswith(name) for x in subjects)
