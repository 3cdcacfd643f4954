"""Document model of the report checker (年报体检): an ordered list of blocks, each with a
location that is both readable and machine-usable, and the findings the rules produce."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Block",
    "Caption",
    "Document",
    "Finding",
    "Heading",
    "ListEntry",
    "Location",
    "Paragraph",
    "Severity",
    "Table",
]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Heading:
    """章节标题. `ordinal` holds the parsed number (1, 2) for "1.2" or (3,) for "第三章"/"三、";
    `dotted` tells a full dotted number from a Chinese ordinal that only numbers its own level."""

    level: int
    text: str
    number: str = ""
    ordinal: tuple[int, ...] = ()
    dotted: bool = False

    @property
    def title(self) -> str:
        return self.text[len(self.number) :].strip() if self.number else self.text


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Caption:
    """图/表/案例 caption in the body, e.g. kind "图", number (4, 2), title."""

    kind: str
    number: tuple[int, ...]
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class ListEntry:
    """An entry of 目录/图目录/表目录/案例目录 (`list_kind` is "目录" for the table of contents)."""

    list_kind: str
    kind: str
    number: tuple[int, ...]
    title: str
    text: str
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""

    @property
    def text(self) -> str:
        return "\n".join("\t".join(r) for r in self.rows)


Block = Heading | Paragraph | Caption | ListEntry | Table


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is: heading path plus paragraph number, or table/row/column.

    `block` indexes `Document.blocks`; `table` is 1-based among the document's tables; `row`
    and `col` are 1-based; `paragraph` is 1-based within the innermost heading."""

    block: int
    path: tuple[str, ...] = ()
    paragraph: int | None = None
    table: int | None = None
    table_caption: str = ""
    row: int | None = None
    col: int | None = None

    @property
    def label(self) -> str:
        head = " > ".join(self.path) if self.path else "（文首）"
        if self.table is not None:
            name = self.table_caption or f"第{self.table}个表格"
            where = name
            if self.row is not None:
                where += f" 第{self.row}行"
            if self.col is not None:
                where += f"第{self.col}列"
            return f"{head} · {where}"
        if self.paragraph is not None:
            return f"{head} · 第{self.paragraph}段"
        return head

    def with_cell(self, row: int | None, col: int | None = None) -> Location:
        return Location(
            self.block, self.path, self.paragraph, self.table, self.table_caption, row, col
        )

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "block": self.block,
            "path": list(self.path),
            "paragraph": self.paragraph,
            "table": self.table,
            "table_caption": self.table_caption or None,
            "row": self.row,
            "col": self.col,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a rule: stable `code`, severity, Chinese message, place, excerpt and
    every number involved as written."""

    code: str
    severity: Severity
    message: str
    location: Location
    excerpt: str = ""
    values: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.to_dict(),
            "excerpt": self.excerpt,
            "values": list(self.values),
        }


@dataclass
class Document:
    """A report as ordered blocks. Locations are computed once on creation."""

    blocks: list[Block]
    source: str = ""
    locations: list[Location] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.locations = []
        path: list[tuple[int, str]] = []
        paragraph = 0
        tables = 0
        for index, block in enumerate(self.blocks):
            if isinstance(block, Heading):
                while path and path[-1][0] >= block.level:
                    path.pop()
                path.append((block.level, block.text))
                paragraph = 0
                self.locations.append(Location(index, tuple(t for _, t in path)))
                continue
            heads = tuple(t for _, t in path)
            if isinstance(block, Table):
                tables += 1
                self.locations.append(
                    Location(index, heads, table=tables, table_caption=block.caption)
                )
                continue
            paragraph += 1
            self.locations.append(Location(index, heads, paragraph=paragraph))

    def headings(self) -> list[tuple[int, Heading]]:
        return [(i, b) for i, b in enumerate(self.blocks) if isinstance(b, Heading)]

    def tables(self) -> list[tuple[int, Table]]:
        return [(i, b) for i, b in enumerate(self.blocks) if isinstance(b, Table)]

    def text_blocks(self) -> list[tuple[int, Paragraph | Caption]]:
        return [(i, b) for i, b in enumerate(self.blocks) if isinstance(b, Paragraph | Caption)]
