"""PDF reader: the text layer via poppler's `pdftotext` when installed, else pypdf. Lines are
re-joined into paragraphs, page numbers and running page headers/footers dropped, then
structure recovered from the text.

With poppler, each page is also laid out as text (`pdftotext -layout`); pages where a table
is found there (see `pdf_tables`) are read from the layout, the table as its rows, the rest as
text lines. Other pages keep the plain reading order, which suits prose (and multi-column
pages) better. A table continued on the next page under a repeated header is one table."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from nianbao.checker.model import Block
from nianbao.checker.readers.pdf_tables import MIN_ROWS, PageTable, display_width, find_tables
from nianbao.checker.structure import UNNUMBERED_TITLES, blocks_from_lines

_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*(\d{1,3}|[IVXLC]{1,5})\s*[-–—]?\s*$")
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff\u00ad")
_SENTENCE_END = "。！？；;!?：:"
# A body line broken right before a number ("…三等奖" / "7 项。学校…") is not a heading.
_NUMBER_START = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\s*\S")
_ENDS_WITH_PAGE = re.compile(r"(?:\d|[.…·]\s*[IVXLC]{1,5})\s*$")
_PAGE = object()  # page break marker between items


def _run(exe: str, args: list[str], data: bytes) -> list[str] | None:
    try:
        done = subprocess.run(  # noqa: S603 - fixed executable, no shell, input on stdin
            [exe, *args, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace").split("\f")


def _pdftotext(data: bytes) -> tuple[list[str], list[str] | None] | None:
    """Pages in reading order and laid out, via poppler's pdftotext when installed (several
    times faster than pypdf); both runs go in parallel."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    with ThreadPoolExecutor(max_workers=2) as pool:
        plain = pool.submit(_run, exe, [], data)
        layout = pool.submit(_run, exe, ["-layout"], data)
        pages, laid = plain.result(), layout.result()
    if pages is None:
        return None
    if laid is not None and len(laid) != len(pages):
        laid = None
    return pages, laid


def _pypdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def _text_lines(text: str) -> list[str]:
    return [
        line for line in text.translate(_INVISIBLE).splitlines() if not _PAGE_NUMBER.match(line)
    ]


def _page_items(plain: str, laid: str | None) -> list[str | PageTable]:
    if laid is not None and ("序号" in laid or "指标" in laid or "项目" in laid
                             or "名称" in laid or "单位" in laid or "编号" in laid):  # fmt: skip
        lines = laid.translate(_INVISIBLE).splitlines()
        tables = find_tables(lines, min_rows=1)
        if tables:
            items: list[str | PageTable] = []
            at = 0
            for table in tables:
                items.extend(_layout_text(lines[at : table.start]))
                items.append(table)
                table.source = _layout_text(lines[table.start : table.end])
                at = table.end
            items.extend(_layout_text(lines[at:]))
            return items
    return list(_text_lines(plain))


def _layout_text(lines: list[str]) -> list[str]:
    return [re.sub(r"\s{2,}", " ", line.strip()) for line in lines if not _PAGE_NUMBER.match(line)]


def _furniture(pages: list[list[str | PageTable]]) -> set[str]:
    """Running headers/footers: the same first or last line on many pages."""
    counts: Counter[str] = Counter()
    for items in pages:
        texts = [re.sub(r"\s+", "", it) for it in items if isinstance(it, str) and it.strip()]
        ends = {t for t in (texts[:1] + texts[-1:]) if t}
        counts.update(ends)
    # Short documents (an excerpt of a few pages) repeat their header fewer times.
    need = max(2 if len(pages) <= 8 else 3, len(pages) // 4)
    return {t for t, n in counts.items() if n >= need}


def _strip_furniture(items: list[str | PageTable], furniture: set[str]) -> list[str | PageTable]:
    if not furniture:
        return items
    texts = [i for i, it in enumerate(items) if isinstance(it, str) and it.strip()]
    drop = {i for i in (texts[:1] + texts[-1:]) if re.sub(r"\s+", "", items[i]) in furniture}
    return [it for i, it in enumerate(items) if i not in drop]


def _same_header(a: PageTable, b: PageTable) -> bool:
    return [re.sub(r"\s+", "", h) for h in a.header] == [re.sub(r"\s+", "", h) for h in b.header]


def _merge_continued(items: list) -> list:
    """A table that goes on after a page break under the same header is one table; a table
    of a single row that does not continue is left as text."""
    out: list = []
    for it in items:
        if isinstance(it, PageTable):
            k = len(out) - 1
            breaks = 0
            while k >= 0 and (out[k] is _PAGE or isinstance(out[k], str) and not out[k].strip()):
                breaks += out[k] is _PAGE
                k -= 1
            if (
                k >= 0
                and breaks == 1
                and isinstance(out[k], PageTable)
                and _same_header(out[k], it)
            ):
                out[k].rows.extend(it.rows)
                out[k].data_rows += it.data_rows
                continue
        out.append(it)
    final: list = []
    for it in out:
        if isinstance(it, PageTable) and it.data_rows < MIN_ROWS:
            final.extend(it.source)
        else:
            final.append(it)
    return final


def _body_width(lines: list[str]) -> float:
    widths = sorted(w for line in lines if (w := display_width(line.strip())) >= 20)
    return widths[int(len(widths) * 0.75)] if widths else 0.0


def _lines(items: list) -> list[str]:
    texts = [it for it in items if isinstance(it, str)]
    full = 0.8 * _body_width(texts)
    lines: list[str] = []
    last = -1  # index of the last text line (-1 after a table)
    for it in items:
        if it is _PAGE:
            continue
        if isinstance(it, PageTable):
            lines.append("")
            lines.extend("\t".join(row) for row in (it.header, *it.rows))
            lines.append("")
            last = -1
            continue
        line = it.strip()
        if not line:
            lines.append(line)
            continue
        if (
            last >= 0
            and full
            and (
                _NUMBER_START.match(line)
                and "。" in line
                or re.sub(r"\s+", "", line) in UNNUMBERED_TITLES
                and not _ENDS_WITH_PAGE.search(lines[last])  # a 目录 line is not prose
            )
            and lines[last][-1:] not in _SENTENCE_END
            and display_width(lines[last]) >= full
        ):
            lines[last] += line  # a wrapped body line, not a heading
            continue
        lines.append(line)
        last = len(lines) - 1
    return lines


def read_pdf(data: bytes) -> list[Block]:
    found = _pdftotext(data)
    if found is None:
        plain, laid = _pypdf(data), None
    else:
        plain, laid = found
    pages = [
        _page_items(text, laid[i] if laid is not None else None) for i, text in enumerate(plain)
    ]
    furniture = _furniture(pages)
    items: list = []
    for page in pages:
        items.extend(_strip_furniture(page, furniture))
        items.append(_PAGE)
    return blocks_from_lines(_lines(_merge_continued(items)), join_wrapped=True)
