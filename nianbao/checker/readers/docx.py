"""DOCX reader: body paragraphs and tables in document order, read from the XML as Word and WPS
save it. Headings come from `Heading N`/`标题 N` styles (or their outline level) with the number
Word draws from multilevel list numbering (numbering.xml) when it is not in the text; captions
from the `Caption`/`题注` style or their text, whose numbers are the cached results of
STYLEREF/SEQ fields; cases boxed in one-cell tables or text boxes (DrawingML with a VML
fallback, read once) are read as paragraphs; 目录 from `TOC N` paragraphs (PAGEREF page numbers);
a vertically merged cell holds its value once, in its first row."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from nianbao.checker.model import Block, Caption, Heading, ListEntry, Paragraph, Table
from nianbao.checker.structure import (
    _LIST_TITLES,
    _compact,
    classify_line,
    parse_caption,
    parse_heading,
    relevel,
    table_caption,
    title_captions,
)

__all__ = ["read_docx"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_w = f"{{{W}}}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*(\d)$", re.IGNORECASE)
_CN_NUM = "〇一二三四五六七八九十"


def _attr(el, name: str) -> str | None:
    return el.get(_w + name) if el is not None else None


class _Styles:
    """Style id → (name, outline level, numbering (numId, ilvl)) with based-on inheritance."""

    def __init__(self, xml: bytes | None) -> None:
        self.names: dict[str, str] = {}
        self.outline: dict[str, int] = {}
        self.num: dict[str, tuple[str, int]] = {}
        self.based: dict[str, str] = {}
        if not xml:
            return
        for st in etree.fromstring(xml).iter(_w + "style"):
            sid = _attr(st, "styleId") or ""
            self.names[sid] = _attr(st.find(_w + "name"), "val") or sid
            if (b := _attr(st.find(_w + "basedOn"), "val")) is not None:
                self.based[sid] = b
            ppr = st.find(_w + "pPr")
            if ppr is None:
                continue
            if (o := _attr(ppr.find(_w + "outlineLvl"), "val")) is not None:
                self.outline[sid] = int(o)
            num = ppr.find(_w + "numPr")
            if num is not None and (nid := _attr(num.find(_w + "numId"), "val")):
                self.num[sid] = (nid, int(_attr(num.find(_w + "ilvl"), "val") or 0))

    def lookup(self, sid: str, table: dict):
        for _ in range(8):
            if sid in table:
                return table[sid]
            if sid not in self.based:
                return None
            sid = self.based[sid]
        return None


class _Numbering:
    """Counters of multilevel list numbering, formatting "%1.%2" as Word draws it."""

    def __init__(self, xml: bytes | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        if not xml:
            return
        root = etree.fromstring(xml)
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.iter(_w + "abstractNum"):
            lv = {}
            for lvl in a.iter(_w + "lvl"):
                fmt = _attr(lvl.find(_w + "numFmt"), "val") or "decimal"
                text = _attr(lvl.find(_w + "lvlText"), "val") or ""
                start = int(_attr(lvl.find(_w + "start"), "val") or 1)
                lv[int(_attr(lvl, "ilvl") or 0)] = (fmt, text, start)
            abstract[_attr(a, "abstractNumId") or ""] = lv
        for num in root.iter(_w + "num"):
            aid = _attr(num.find(_w + "abstractNumId"), "val") or ""
            self.levels[_attr(num, "numId") or ""] = abstract.get(aid, {})

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        count = self.counters.setdefault(num_id, [0] * 9)
        count[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            count[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt in {"bullet", "none"}:
            return ""

        def value(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            f, _, start = levels.get(k, ("decimal", "", 1))
            n = count[k] + start - 1 if count[k] else start
            return _format(n, f)

        return re.sub(r"%(\d)", value, text)


def _format(n: int, fmt: str) -> str:
    if fmt.startswith("chinese") or fmt.startswith("ideograph") or fmt == "taiwaneseCounting":
        if n <= 10:
            return _CN_NUM[n]
        tens, ones = divmod(n, 10)
        return (_CN_NUM[tens] if tens > 1 else "") + "十" + (_CN_NUM[ones] if ones else "")
    return str(n)


def _text(p) -> str:
    """Visible text of a paragraph: runs, tabs and cached field results, not field code, not
    deleted text, not text boxes (read separately)."""
    out: list[str] = []
    for el in p.iter(_w + "t", _w + "tab", _w + "br", _w + "delText", _w + "txbxContent"):
        if el.tag == _w + "t" and not _inside(el, p, _w + "txbxContent"):
            out.append(el.text or "")
        elif (
            el.tag == _w + "tab"
            and el.getparent().tag == _w + "r"
            and not _inside(el, p, _w + "txbxContent")
        ):
            out.append("\t")
    return "".join(out)


def _inside(el, stop, tag: str) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag or parent.tag == f"{{{MC}}}Fallback":
            return True
        parent = parent.getparent()
    return False


def _textboxes(p) -> list:
    """Paragraphs inside text boxes anchored in `p`; the VML fallback repeats the DrawingML
    content and is skipped."""
    out = []
    for box in p.iter(_w + "txbxContent"):
        if _inside(box, p, f"{{{MC}}}Fallback") or _inside(box.getparent(), p, _w + "txbxContent"):
            continue
        out.extend(box.iter(_w + "p"))
    return out


def _rows(tbl) -> tuple[tuple[str, ...], ...]:
    rows = []
    for tr in tbl.findall(_w + "tr"):
        cells: list[str] = []
        for tc in tr.findall(_w + "tc"):
            tcpr = tc.find(_w + "tcPr")
            span = int(_attr(tcpr.find(_w + "gridSpan"), "val") or 1) if tcpr is not None else 1
            vmerge = tcpr.find(_w + "vMerge") if tcpr is not None else None
            continued = vmerge is not None and _attr(vmerge, "val") in (None, "continue")
            text = (
                ""
                if continued
                else "\n".join(t for p in tc.iter(_w + "p") if (t := _text(p).strip()))
            )
            cells.append(text)
            cells.extend([""] * (span - 1))  # a merged cell counts once
        rows.append(tuple(cells))
    return tuple(rows)


class _Reader:
    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())

            def part(name: str) -> bytes | None:
                return z.read(name) if name in names else None

            self.body = etree.fromstring(part("word/document.xml")).find(_w + "body")
            self.styles = _Styles(part("word/styles.xml"))
            self.numbering = _Numbering(part("word/numbering.xml"))
        self.blocks: list[Block] = []
        self.list_kind: str | None = None
        ps = self.body.iter(_w + "p")
        self.styled = any(self._heading_level(p) is not None for p in ps)

    def _style(self, p) -> str:
        ppr = p.find(_w + "pPr")
        return _attr(ppr.find(_w + "pStyle"), "val") if ppr is not None else "" or ""

    def _heading_level(self, p) -> int | None:
        sid = self._style(p) or ""
        name = self.styles.names.get(sid, sid)
        if m := _HEADING_STYLE.match(name) or _HEADING_STYLE.match(sid):
            return int(m.group(1))
        ppr = p.find(_w + "pPr")
        outline = _attr(ppr.find(_w + "outlineLvl"), "val") if ppr is not None else None
        if outline is None:
            outline = self.styles.lookup(sid, self.styles.outline)
        return int(outline) + 1 if outline is not None and int(outline) < 9 else None

    def _number(self, p) -> str:
        ppr = p.find(_w + "pPr")
        num = ppr.find(_w + "numPr") if ppr is not None else None
        if num is not None and (nid := _attr(num.find(_w + "numId"), "val")):
            return self.numbering.label(nid, int(_attr(num.find(_w + "ilvl"), "val") or 0))
        found = self.styles.lookup(self._style(p) or "", self.styles.num)
        return self.numbering.label(*found) if found else ""

    def read(self) -> list[Block]:
        for el in self.body:
            if el.tag == _w + "tbl":
                self._table(el)
            elif el.tag == _w + "p":
                self._paragraph(el)
            elif el.tag == _w + "sdt":  # a TOC or cover page inside a content control
                for child in el.iter(_w + "p"):
                    self._paragraph(child)
        blocks = title_captions(self.blocks)
        return blocks if self.styled else relevel(blocks)

    def _table(self, tbl) -> None:
        rows = _rows(tbl)
        if len(rows) == 1 and len(rows[0]) == 1:
            # A one-cell table is a box (案例, 专栏): its paragraphs are body text.
            for p in tbl.iter(_w + "p"):
                self._paragraph(p, boxed=True)
            return
        caption = next((c for b in self.blocks[-1:-4:-1] if (c := table_caption(b))), "")
        self.blocks.append(Table(rows, caption))
        self.list_kind = None

    def _paragraph(self, p, boxed: bool = False) -> None:
        level = None if boxed else self._heading_level(p)
        number = self._number(p) if not boxed else ""
        text = _text(p).strip()
        sid = self._style(p) or ""
        name = self.styles.names.get(sid, sid)
        if text:
            self._add(text, level, number, name)
        for inner in _textboxes(p):
            if t := _text(inner).strip():
                self._add(t, None, "", "")

    def _add(self, text: str, level: int | None, number: str, style: str) -> None:
        key = _compact(text)
        if key in _LIST_TITLES:
            self.list_kind = _LIST_TITLES[key]
            self.blocks.append(Paragraph(text))
            return
        if _TOC_STYLE.match(style):
            block = classify_line(text, self.list_kind or "目录")
            if isinstance(block, ListEntry):
                self.blocks.append(block)
                return
        if level is not None:
            self.list_kind = None
            if number and not text.startswith(number):
                text = f"{number} {text}"  # the number Word draws from the list numbering
            heading = parse_heading(text, level)
            self.blocks.append(heading if heading is not None else Heading(level, text))
            return
        if style.lower() in {"caption", "题注"} and (cap := parse_caption(text)):
            self.blocks.append(Caption(cap[0], cap[1], cap[2], text))
            return
        block = classify_line(text, self.list_kind)
        if self.list_kind is not None and not isinstance(block, ListEntry):
            self.list_kind = None
            block = classify_line(text)
        if self.styled and isinstance(block, Heading):
            block = Paragraph(block.text)  # styles are authoritative once present
        if block is not None:
            self.blocks.append(block)


def read_docx(data: bytes) -> list[Block]:
    return _Reader(data).read()
