"""Recovering structure from plain lines (结构识别): headings from their numbers, captions of
图/表/案例, entries of 目录/图目录/表目录/案例目录, and tab- or pipe-separated tables."""

from __future__ import annotations

import re
from collections.abc import Iterable

from nianbao.checker.model import Block, Caption, Heading, ListEntry, Paragraph, Table
from nianbao.checker.numbers import normalize_text

__all__ = [
    "UNNUMBERED_TITLES",
    "blocks_from_lines",
    "chinese_to_int",
    "classify_line",
    "parse_heading",
]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN = "零〇一二两三四五六七八九十百"


def chinese_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (enough for chapter numbers)."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


_PAGE_SUFFIX = re.compile(r"(?:[\s.…·．]{1,}|\t)\s*([0-9]{1,3}|[IVXLCivxlc]{1,5})\s*$")
# Inside a list a page number may be glued to the title: "…名单（19 家）136".
_GLUED_PAGE = re.compile(r"(?<=[\u4e00-\u9fff）)》”])([0-9]{1,3})\s*$")
_MARKUP = re.compile(r"\*\*|__")
_DOTTED = re.compile(
    r"^(\d{1,2}(?:\s*[.．]\s*\d{1,2}){0,3})(?:\s+|(?=[\u4e00-\u9fff“《（(]))(\S.*)$"
)
_CHAPTER = re.compile(r"^(第([" + _CN + r"\d]{1,4})(?:章|部分|篇))\s*(.*)$")
_CN_LEVEL1 = re.compile(r"^(([" + _CN + r"]{1,3})[、．.])\s*(\S.*)$")
_CN_LEVEL2 = re.compile(r"^([（(]([" + _CN + r"]{1,3})[）)])\s*(\S.*)$")
_CAPTION = re.compile(
    r"^(图|表|案例)\s*(\d{1,2})\s*[-－—–.．]\s*(\d{1,3})(?![\d.])\s*[:：]?\s*(.*)$"
)
_LIST_TITLES = {"目录": "目录", "图目录": "图", "表目录": "表", "案例目录": "案例"}
# Front- and back-matter chapters carry no number: alone on their line they are headings.
UNNUMBERED_TITLES = frozenset({"前言", "后记", "附录", "附表", *_LIST_TITLES})
_SENTENCE_END = "。！？；;!?"


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _data_row(title: str, number: str) -> bool:
    """A table row flattened into a line ("1 毕业生人数 人 89550") is not a heading."""
    if re.search(r"\s[-+]?\d[\d,.]*%?$|%", title):
        return True
    return "." not in number and bool(re.search(r"\d", title))


def parse_heading(text: str, level: int | None = None) -> Heading | None:
    """A heading from its numbering, or None. With `level` (from a style) always a heading."""
    line = normalize_text(text).strip()
    m = _CHAPTER.match(line)
    if m and (n := chinese_to_int(m.group(2))) is not None:
        return Heading(level or 1, line, m.group(1), (n,), False)
    m = _DOTTED.match(line)
    if m and (level is not None or not _data_row(m.group(2), m.group(1))):
        parts = tuple(int(p) for p in re.split(r"\s*[.．]\s*", m.group(1)))
        if all(0 < p < 100 for p in parts):
            return Heading(level or len(parts), line, m.group(1), parts, True)
    m = _CN_LEVEL1.match(line)
    if m and (n := chinese_to_int(m.group(2))) is not None:
        return Heading(level or 1, line, m.group(1), (n,), False)
    m = _CN_LEVEL2.match(line)
    if m and (n := chinese_to_int(m.group(2))) is not None:
        return Heading(level or 2, line, m.group(1), (n,), False)
    if level is not None:
        return Heading(level, line)
    return None


def parse_caption(text: str) -> tuple[str, tuple[int, ...], str] | None:
    m = _CAPTION.match(normalize_text(text).strip())
    if not m:
        return None
    return m.group(1), (int(m.group(2)), int(m.group(3))), m.group(4).strip()


def _looks_like_heading(line: str) -> bool:
    # Headings are short and do not end like sentences; numbered list items in prose do.
    return len(line) <= 40 and line[-1] not in _SENTENCE_END + "，,：:"


def _page_of(norm: str, in_list: bool) -> tuple[str, int | None]:
    """(text without its page number, page) for a list line; roman pages count as None."""
    m = _PAGE_SUFFIX.search(norm) or (_GLUED_PAGE.search(norm) if in_list else None)
    if not m:
        return norm, None
    page = int(m.group(1)) if m.group(1).isdigit() else None
    return norm[: m.start()].rstrip(" .…·．\t"), page


def classify_line(line: str, list_kind: str | None = None) -> Block | None:
    """One non-table line as a block. `list_kind` is set while inside a 目录 section."""
    text = _MARKUP.sub("", line).strip()
    if not text:
        return None
    norm = normalize_text(text)
    page = _PAGE_SUFFIX.search(norm)
    cap = parse_caption(norm)
    if cap and (list_kind or page and list_kind is None and len(norm) < 60 and "\t" in text):
        title, number = _page_of(cap[2], True)
        return ListEntry(list_kind or cap[0], cap[0], cap[1], title.strip(), text, number)
    if cap and len(norm) <= 60 and norm[-1] not in _SENTENCE_END:
        return Caption(cap[0], cap[1], cap[2], norm)
    if (
        list_kind == "目录"
        and (page or _GLUED_PAGE.search(norm))
        or page
        and "\t" in text
        and _looks_like_heading(_PAGE_SUFFIX.sub("", norm))
    ):
        title, number = _page_of(norm, True)
        head = parse_heading(title.strip())
        ordinal = head.ordinal if head is not None and head.dotted else ()
        return ListEntry("目录", "章节", ordinal, title.strip(), text, number)
    if list_kind is None and _compact(norm) in UNNUMBERED_TITLES:
        return Heading(1, norm)
    if _looks_like_heading(norm):
        heading = parse_heading(norm)
        if heading is not None:
            return heading
    return Paragraph(norm)


def _split_row(line: str, in_table: bool = False) -> tuple[str, ...] | None:
    """Cells of a table line; two tab-separated cells only continue a table or follow its
    title (a 序号 + 名称 list), since a heading may hold a tab too."""
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
        cells = [c.strip() for c in s[1:-1].split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            return ()  # markdown separator row
        return tuple(cells)
    if "\t" in line:
        cells = [c.strip() for c in line.rstrip("\n").split("\t")]
        if len(cells) >= 3 or len(cells) == 2 and in_table:
            return tuple(cells)
    return None


def _continues_row(row: tuple[str, ...], rows: list[tuple[str, ...]]) -> bool:
    """A line with one filled cell after the first column continues a cell broken by the
    page ("4  …合作举办环境工程" / "  技术专业…项目")."""
    filled = [i for i, c in enumerate(row) if c]
    return (
        bool(rows)
        and len(filled) == 1
        and filled[0] > 0
        and not row[0]
        and (len(rows[-1]) > filled[0] and bool(rows[-1][filled[0]]))
        and not re.fullmatch(r"[-+]?[\d,.]+%?", row[filled[0]])
    )


def _merge_row(prev: tuple[str, ...], row: tuple[str, ...]) -> tuple[str, ...]:
    i = next(i for i, c in enumerate(row) if c)
    return prev[:i] + (prev[i] + row[i],) + prev[i + 1 :]


_BARE_NUMBER = re.compile(r"^(?:\d{1,2}|第[" + _CN + r"\d]{1,4}(?:章|部分|篇))$")


def _join_bare_chapters(blocks: list[Block]) -> list[Block]:
    """A chapter number on its own line above its title ("4" / "文化传承") is one heading when
    the sections that follow are numbered under it."""
    out: list[Block] = []
    skip = False
    for i, b in enumerate(blocks):
        if skip:
            skip = False
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            isinstance(b, Paragraph)
            and _BARE_NUMBER.match(b.text.strip())
            and isinstance(nxt, Paragraph)
            and _looks_like_heading(nxt.text)
            and not re.search(r"\d", nxt.text)
        ):
            head = parse_heading(f"{b.text.strip()} {nxt.text.strip()}")
            later = next((x for x in blocks[i + 2 : i + 40] if isinstance(x, Heading)), None)
            if (
                head is not None
                and head.ordinal
                and (
                    head.number.startswith("第")
                    or later is not None
                    and later.dotted
                    and later.ordinal[:1] == head.ordinal
                )
            ):
                out.append(head)
                skip = True
                continue
        out.append(b)
    return out


def blocks_from_lines(
    lines: Iterable[str], *, join_wrapped: bool = False, headings: bool = True
) -> list[Block]:
    """Blocks from text lines. `join_wrapped` re-joins lines broken by a PDF layout;
    `headings=False` when headings come from markup and numbered lines are prose."""
    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    list_kind: str | None = None
    pending_caption = ""

    def flush_table() -> None:
        nonlocal rows, pending_caption
        if rows:
            blocks.append(Table(tuple(rows), pending_caption))
            pending_caption = ""
        rows = []

    for raw in lines:
        if rows and not raw.strip():
            continue  # a blank line (page break) inside a table keeps it open
        in_table = bool(rows) or bool(pending_caption)
        row = _split_row(_MARKUP.sub("", raw), in_table) if list_kind is None else None
        if row is not None and (row or rows):
            if row and _continues_row(row, rows):
                rows[-1] = _merge_row(rows[-1], row)
            elif row:
                rows.append(row)
            continue
        flush_table()
        text = _MARKUP.sub("", raw).strip()
        if not text:
            continue
        key = _compact(normalize_text(text))
        if key in _LIST_TITLES:
            list_kind = _LIST_TITLES[key]
            blocks.append(Heading(1, text) if headings else Paragraph(text))
            continue
        block = classify_line(text, list_kind)
        if list_kind is not None and not isinstance(block, ListEntry):
            if key.upper() == "CONTENTS":
                continue
            list_kind = None
            block = classify_line(text)
        if not headings and isinstance(block, Heading):
            block = Paragraph(block.text)
        if isinstance(block, Caption | Paragraph) and _is_table_title(block):
            pending_caption = block.text if isinstance(block, Paragraph) else _cap_label(block)
        elif isinstance(block, Heading | Caption):
            pending_caption = ""
        if (
            join_wrapped
            and isinstance(block, Paragraph)
            and blocks
            and isinstance(blocks[-1], Paragraph)
            and blocks[-1].text[-1:] not in _SENTENCE_END + "：:"
            and not _is_table_title(blocks[-1])
        ):
            blocks[-1] = Paragraph(blocks[-1].text + block.text)
            continue
        if block is not None:
            blocks.append(block)
    flush_table()
    blocks = title_captions(blocks)
    return relevel(_join_bare_chapters(blocks)) if headings else blocks


def title_captions(blocks: list[Block]) -> list[Block]:
    """A caption whose title is on the next line ("案例 4-2" / "根植红色文化沃土…") takes it."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (
            isinstance(b, Paragraph)
            and isinstance(prev, Caption)
            and not prev.title
            and len(b.text) <= 40
            and b.text[-1:] not in _SENTENCE_END
        ):
            out[-1] = Caption(prev.kind, prev.number, b.text.strip(), f"{prev.text} {b.text}")
            continue
        out.append(b)
    return out


def _style(h: Heading) -> str:
    if h.dotted:
        return f"d{len(h.ordinal)}"
    if h.number.startswith("第"):
        return "chapter"
    if h.number.startswith("("):
        return "cn2"
    return "cn1" if h.number else ""


def relevel(blocks: list[Block]) -> list[Block]:
    """Levels of text-recovered headings: 第X章 > 一、 > (一); dotted numbers by depth, one below
    the chapter level when chapters are 第X章 or 一、 and sections are 1.1; 一、/(一) lists inside a
    1.1 section sit below it and restart in the next section."""
    styles = [_style(b) for b in blocks if isinstance(b, Heading)]
    order = [s for s in ("chapter", "cn1", "cn2") if s in styles]
    level = {s: i + 1 for i, s in enumerate(order)}
    out: list[Block] = []
    dotted = 0  # depth of the last 1.1-style heading: 一、/(一) after it are numbered under it
    cn1_seen = False
    for b in blocks:
        if isinstance(b, Heading) and (st := _style(b)):
            lv = len(b.ordinal) if b.dotted else level.get(st)
            if b.dotted:
                dotted, cn1_seen = (len(b.ordinal) if len(b.ordinal) > 1 else 0), False
            elif dotted and st in {"cn1", "cn2"}:
                lv = dotted + 1 + (st == "cn2" and cn1_seen)
                cn1_seen = cn1_seen or st == "cn1"
            if lv and lv != b.level:
                b = Heading(lv, b.text, b.number, b.ordinal, b.dotted)
        out.append(b)
    return out


def _cap_label(cap: Caption) -> str:
    return f"{cap.kind} {'-'.join(map(str, cap.number))} {cap.title}".strip()


def _is_table_title(block: Block) -> bool:
    if isinstance(block, Caption):
        return block.kind == "表"
    if isinstance(block, Paragraph):
        return bool(re.match(r"^附?表\s*\d{1,2}(?![\d.-])", block.text)) and len(block.text) < 60
    return False


def table_caption(block: Block) -> str:
    """The label a table takes from a caption block just before it."""
    if isinstance(block, Caption) and block.kind == "表":
        return _cap_label(block)
    if isinstance(block, Paragraph) and _is_table_title(block):
        return block.text
    if isinstance(block, Heading) and re.match(r"^附表\s*\d", block.text):
        return block.text  # the platform titles each 附表 with a heading
    return ""
