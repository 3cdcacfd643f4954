"""Tables recovered from a PDF page laid out as text (`pdftotext -layout`): a header row
(序号/指标/单位/年份…) defines the columns; the rows below split on gaps of two or more spaces
and their cells go to the header's columns by display position (CJK characters are two columns
wide). A name wrapped onto lines of its own is joined back into its row.

Precision comes first: a region becomes a table only under a header row with a known column
name and with at least two rows holding numbers whose cells fall inside the header's columns;
anything else stays text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["MIN_ROWS", "Cell", "PageTable", "display_width", "find_tables", "split_cells"]

_GAP = re.compile(r"\S+(?: \S+)*")  # cells are separated by runs of 2+ spaces
_NUMBER = re.compile(r"^[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*[%‰]?$")
_SEQ = re.compile(r"^\d{1,3}[.、]?$")
_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年")
_HEADER_WORDS = re.compile(r"^(?:序号|编号|指标|项目|名称|单位|内容|类别|类型|指标名称|项目名称)$")
_LABEL_WORDS = re.compile(r"指标|项目|名称|内容|类别|类型")
_SEQ_WORDS = {"序号", "编号"}
_SENTENCE = re.compile(r"[。；！？]")
_HEADER_HINT = re.compile(r"序号|编号|指标|项目|名称|单位")
MIN_ROWS = 2


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    start: int  # display column of the first character
    end: int  # display column after the last character

    @property
    def center(self) -> float:
        return (self.start + self.end) / 2


@dataclass(slots=True)
class PageTable:
    """A table found on one page: lines [start, end) of the page, header texts, body rows."""

    start: int
    end: int
    header: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    data_rows: int = 0  # rows holding numbers
    source: list[str] = field(default_factory=list)  # the lines as text, if it stays text


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def split_cells(line: str, wide: bool = False) -> list[Cell]:
    """Cells of a layout line with their positions: character columns, or with `wide` display
    columns (CJK characters two wide)."""
    if not wide or line.isascii():
        return [Cell(m.group(), m.start(), m.end()) for m in _GAP.finditer(line)]
    offsets = [0]
    for ch in line:
        offsets.append(offsets[-1] + _char_width(ch))
    return [Cell(m.group(), offsets[m.start()], offsets[m.end()]) for m in _GAP.finditer(line)]


def _numeric(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(" ", "")))


@dataclass(slots=True)
class _Columns:
    header: list[Cell]
    label: int
    seq: int | None
    bounds: list[tuple[float, float]]  # zone of each column (label column: anything left)

    @classmethod
    def from_header(cls, cells: list[Cell]) -> _Columns | None:
        if len(cells) < 3 or any(_numeric(c.text) for c in cells):
            return None
        compact = [re.sub(r"\s+", "", c.text) for c in cells]
        if not any(_HEADER_WORDS.match(t) for t in compact):
            return None
        if any(len(t) > 12 or _SENTENCE.search(t) for t in compact):
            return None
        seq = 0 if compact[0] in _SEQ_WORDS else None
        label = next((i for i, t in enumerate(compact) if _LABEL_WORDS.search(t) and i != seq),
                     None)  # fmt: skip
        if label is None:
            label = 1 if seq == 0 else 0
        if label > 1:  # the name column comes first (after 序号)
            return None
        centers = [c.center for c in cells]
        bounds = []
        for i in range(len(cells)):
            lo = (centers[i - 1] + centers[i]) / 2 if i else float("-inf")
            hi = (centers[i] + centers[i + 1]) / 2 if i + 1 < len(cells) else float("inf")
            bounds.append((lo, hi))
        return cls(cells, label, seq, bounds)

    def assign(self, cells: list[Cell]) -> list[int] | None:
        """Column of each cell (monotonic, least distance to the header's centres), or None
        when the cells do not fit the columns."""
        n, m = len(cells), len(self.header)
        if n == 0 or n > m:
            return None
        inf = float("inf")

        def cost(i: int, j: int) -> float:
            cell = cells[i]
            if j == self.seq and not _SEQ.match(cell.text):
                return inf
            if j == self.label:
                # Names are left-aligned and long: anything starting before the next column.
                hi = self.bounds[j][1]
                return 0.0 if cell.start < hi else inf
            lo, hi = self.bounds[j]
            c = cell.center
            if not lo - 2 <= c <= hi + 2:
                return inf
            return abs(c - self.header[j].center)

        # best[i][j]: cells[:i+1] placed with cell i in column j
        best = [[inf] * m for _ in range(n)]
        back = [[-1] * m for _ in range(n)]
        for j in range(m):
            best[0][j] = cost(0, j)
        for i in range(1, n):
            run, arg = inf, -1
            for j in range(m):
                if j > 0 and best[i - 1][j - 1] < run:
                    run, arg = best[i - 1][j - 1], j - 1
                if run < inf:
                    c = cost(i, j)
                    if c < inf:
                        best[i][j] = run + c
                        back[i][j] = arg
        j = min(range(m), key=lambda k: best[n - 1][k])
        if best[n - 1][j] == inf:
            return None
        out = [0] * n
        for i in range(n - 1, -1, -1):
            out[i] = j
            j = back[i][j]
        return out


@dataclass(slots=True)
class _Row:
    cells: list[str]
    prefix: list[str] = field(default_factory=list)
    suffix: list[str] = field(default_factory=list)


def _header_line(line: str, wide: bool = False) -> _Columns | None:
    if "  " not in line.strip():
        return None
    return _Columns.from_header(split_cells(line, wide))


def find_tables(lines: list[str], min_rows: int = MIN_ROWS) -> list[PageTable]:
    """Tables among the lines of one page laid out by `pdftotext -layout`, with at least
    `min_rows` rows holding numbers (a caller joining tables across pages may ask for fewer and
    keep short ones only when they continue). Poppler places each character on one column of
    its grid; a layout giving CJK characters two columns is tried as well, and the reading
    that keeps more rows wins."""
    tables: list[PageTable] = []
    i = 0
    while i < len(lines):
        found = None
        if _HEADER_HINT.search(lines[i]):
            for wide in (False, True):
                cols = _header_line(lines[i], wide)
                table = _read_table(lines, i, cols, wide, min_rows) if cols is not None else None
                if table is not None and (found is None or len(table.rows) > len(found.rows)):
                    found = table
        if found is None:
            i += 1
            continue
        tables.append(found)
        i = found.end
    return tables


def _read_table(
    lines: list[str], start: int, cols: _Columns, wide: bool, min_rows: int
) -> PageTable | None:
    m = len(cols.header)
    header = [c.text for c in cols.header]
    items: list[_Row | str] = []  # rows and name fragments, in order
    data_rows = 0
    blank = 0
    end = start + 1
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            blank += 1
            if blank > 1:
                break
            i += 1
            continue
        if _HEADER_HINT.search(line) and _header_line(line, wide) is not None:
            break  # the next table's header
        cells = split_cells(line, wide)
        placed = cols.assign(cells)
        if placed is None:
            break
        row = [""] * m
        for cell, j in zip(cells, placed, strict=True):
            row[j] = cell.text
        values = [row[j] for j in range(m) if j not in (cols.label, cols.seq)]
        has_number = any(_numeric(v) for v in values if v)
        only_label = all(j == cols.label for j in placed)
        if only_label:
            text = row[cols.label]
            if _SENTENCE.search(text) or display_width(text) > 60:
                break  # prose below the table
            items.append(text)
        elif has_number:
            items.append(_Row(row))
            data_rows += 1
        elif data_rows == 0 and not any(row[j] for j in (cols.seq, cols.label) if j is not None):
            # A header wrapped onto a second line ("比例" / "（%）").
            header = [h + t for h, t in zip(header, row, strict=True)]
        elif any(_numeric(v) for v in row if v) or not any(values):
            break
        else:
            items.append(_Row(row))  # a row of text values (调查方式 only, for instance)
        blank = 0
        i += 1
        end = i
    while items and isinstance(items[-1], str):
        items.pop()  # trailing text lines belong to the text after the table
        end = _back_to(lines, end)
    if data_rows < max(1, min_rows):
        return None
    rows = _join_fragments(items, cols.label)
    return PageTable(start, end, tuple(header), rows, data_rows)


def _back_to(lines: list[str], end: int) -> int:
    """The end of the region after dropping its last non-blank line."""
    end -= 1
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    return end


def _join_fragments(items: list[_Row | str], label: int) -> list[tuple[str, ...]]:
    """Put wrapped name lines back into their rows. With vertically centred cells the row's
    own line has no name and the name's lines sit above and below it; with top-aligned cells
    the continuation lines follow the row."""
    centred = False
    for k, it in enumerate(items):
        if (
            isinstance(it, _Row)
            and not it.cells[label]
            and 0 < k < len(items) - 1
            and isinstance(items[k - 1], str)
            and isinstance(items[k + 1], str)
        ):
            centred = True
    out: list[_Row] = []
    gap: list[str] = []
    for it in items:
        if isinstance(it, str):
            gap.append(it)
            continue
        if gap:
            prev = out[-1] if out else None
            if centred:
                take = len(prev.prefix) if prev is not None and prev.prefix else 0
                if prev is not None and take:
                    prev.suffix.extend(gap[:take])
                    gap = gap[take:]
                if gap and not it.cells[label]:
                    it.prefix.extend(gap)
                elif gap and prev is not None:
                    prev.suffix.extend(gap)
                elif gap:
                    out.extend(_Row(_name_row(g, it, label)) for g in gap)
            elif prev is not None:
                prev.suffix.extend(gap)
            else:
                out.extend(_Row(_name_row(g, it, label)) for g in gap)
            gap = []
        out.append(it)
    if gap and out:
        out[-1].suffix.extend(gap)
    result = []
    for r in out:
        cells = list(r.cells)
        if r.prefix or r.suffix:
            cells[label] = "".join([*r.prefix, cells[label], *r.suffix])
        result.append(tuple(cells))
    return result


def _name_row(text: str, like: _Row, label: int) -> list[str]:
    cells = [""] * len(like.cells)
    cells[label] = text
    return cells
