"""Numbers with units as written in report text (数字与单位): full-width digits, thousands
separators, 万/亿 scales, 万元/元, %, 个百分点. Values are converted to a base unit so that
"3.52万人" and "35200人" compare; the tolerance follows the decimals written."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "COUNT_UNITS",
    "Num",
    "agree",
    "find_numbers",
    "normalize_text",
    "parse_cell",
    "sentences",
]

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％＋－：（）　", "0123456789.%+-:() ")

# unit as written -> (base unit, scale). Longest first in the regex below.
_UNITS: dict[str, tuple[str, float]] = {
    "个百分点": ("pp", 1.0),
    "万亿元": ("元", 1e12),
    "亿元": ("元", 1e8),
    "万元": ("元", 1e4),
    "千元": ("元", 1e3),
    "元": ("元", 1.0),
    "万人次": ("人次", 1e4),
    "人次": ("人次", 1.0),
    "万人": ("人", 1e4),
    "万名": ("人", 1e4),
    "人日": ("人日", 1.0),
    "人": ("人", 1.0),
    "名": ("人", 1.0),
    "万平方米": ("平方米", 1e4),
    "平方米": ("平方米", 1.0),
    "万册": ("册", 1e4),
    "亿": ("", 1e8),
    "万": ("", 1e4),
    "%": ("%", 1.0),
    "‰": ("‰", 1.0),
}
COUNT_UNITS = frozenset(
    [
        "人",
        "个",
        "所",
        "册",
        "门",
        "项",
        "本",
        "台",
        "件",
        "家",
        "名",
        "次",
        "篇",
        "部",
        "套",
        "种",
        "支",
        "位",
        "人次",
        "人日",
        "届",
        "批",
    ]
)
for _u in COUNT_UNITS:
    _UNITS.setdefault(_u, (_u if _u != "名" else "人", 1.0))
for _u in ("学时", "课时", "小时", "天", "年", "月", "日", "Mbps", "GB", "TB", "亩", "公顷"):
    _UNITS.setdefault(_u, (_u, 1.0))

_UNIT_RE = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_NUM_RE = re.compile(
    r"(?<![\d.A-Za-z])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d.]*[A-Za-z])\s?(" + _UNIT_RE + r")?"
)
# Spans that hold digits but are no quantities: references, dates, ranges, section numbers.
_MASK_RE = re.compile(
    r"(?:附表|图|表|案例|第)\s*\d+(?:\s*[-－—.．]\s*\d+)*"
    r"|\d{4}\s*[-—–~至到]\s*\d{2,4}\s*年?"
    r"|(?:19|20)\d{2}\s*年(?:度)?(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d+(?:\.\d+){2,}"
    r"|\d+\s*[+＋]\s*[A-Za-z\d]"
    r"|[“\"《〔\[【]\s*\d[\d,.]*\s*[”\"》〕\]】]"
    r"|〔\d{4}〕\s*\d+\s*号"
)
_SENTENCE_RE = re.compile(r"[^。！？；;!?\n]+[。！？；;!?]?")


def normalize_text(text: str) -> str:
    """Full-width digits and signs to ASCII; keep Chinese punctuation (it marks clauses)."""
    return text.translate(_FULLWIDTH)


@dataclass(frozen=True, slots=True)
class Num:
    """A number as written: `text` (with unit), `value` in the base `unit`, `decimals` written
    and the position in the normalised text it was found in."""

    text: str
    value: float
    decimals: int
    unit: str
    scale: float
    start: int
    end: int
    written_unit: str = ""

    @property
    def tolerance(self) -> float:
        """Half a unit of the last digit written, in the base unit."""
        return 0.5 * 10.0 ** (-self.decimals) * self.scale

    @property
    def slack(self) -> float:
        """Tolerance for comparing amounts: whole numbers without a scale are exact counts."""
        return 0.0 if self.decimals == 0 and self.scale == 1 else self.tolerance

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def is_count(self) -> bool:
        return self.unit in COUNT_UNITS


def _make(digits: str, frac: str | None, unit: str | None, start: int, end: int, text: str) -> Num:
    base, scale = _UNITS.get(unit or "", ("", 1.0))
    number = float(digits.replace(",", "") + (frac or ""))
    decimals = len(frac) - 1 if frac else 0
    return Num(text, number * scale, decimals, base, scale, start, end, unit or "")


def find_numbers(text: str) -> list[Num]:
    """Quantities in already-normalised text, skipping years, dates, references and section
    numbers."""
    masked = set()
    for m in _MASK_RE.finditer(text):
        masked.update(range(m.start(), m.end()))
    out: list[Num] = []
    for m in _NUM_RE.finditer(text):
        if m.start() in masked:
            continue
        digits, frac, unit = m.group(1), m.group(2), m.group(3)
        end = m.end() if unit else m.end(2) if frac else m.end(1)
        if unit in {"年", "月", "日"}:
            continue
        out.append(_make(digits, frac, unit, m.start(), end, text[m.start() : end]))
    return out


_CELL_RE = re.compile(r"^\s*([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(%|万|亿)?\s*$")


def parse_cell(text: str, unit: str = "") -> Num | None:
    """A table cell holding just a number (the unit comes from the row or column)."""
    m = _CELL_RE.match(normalize_text(text))
    if not m:
        return None
    written = unit
    if m.group(4) == "%":
        written = "%"
    elif m.group(4):
        written = m.group(4) + unit
    num = _make(m.group(2), m.group(3), written if written in _UNITS else None, 0, 0, text.strip())
    if written and written not in _UNITS:
        num = Num(num.text, num.value, num.decimals, written, 1.0, 0, 0, written)
    if m.group(1) == "-":
        num = Num(num.text, -num.value, num.decimals, num.unit, num.scale, 0, 0, num.written_unit)
    return num


def agree(computed: float, stated: Num, extra: float = 0.0) -> bool:
    """True when `computed` rounds to what is written (plus an extra tolerance)."""
    return abs(computed - stated.value) <= stated.tolerance + extra + 1e-9 * max(1.0, abs(computed))


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; a sentence ends at 。！？；or a line break."""
    return [(m.start(), m.group()) for m in _SENTENCE_RE.finditer(text) if m.group().strip()]
