"""Building the document model of a stored report (年报文档组装): framework parts become
chapters, sections/cases/figures/tables become blocks in their order, the six data tables
(附表1–6) come last and the signed 内容真实性责任声明 is the first page. Also the report as
Markdown text, which the report checker reads."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils import timezone

from nianbao.core.exceptions import ApplicationError
from nianbao.core.text import strip_typed_number
from nianbao.cycles.models import ReportKind
from nianbao.documents.appendix import appendix_tables
from nianbao.documents.markdown_blocks import markdown_blocks
from nianbao.documents.model import (
    Attachment,
    Case,
    Chapter,
    ChartSeries,
    ChartSpec,
    DataTable,
    Figure,
    Heading,
    Paragraph,
    ReportDocument,
    TableBlock,
    number_items,
    resolve_references,
)
from nianbao.indicators.selectors import report_catalog, report_values
from nianbao.reports.models import AuthenticityDeclaration

__all__ = [
    "build_report_document",
    "chart_spec_for",
    "item_blocks",
    "part_items",
    "report_markdown",
]

_RANK = {"section": 0, "case": 1, "figure": 2, "table": 3}


def part_items(report) -> dict[str, list[tuple[str, object]]]:
    """Items of every framework part in display order: (kind, model instance)."""
    by_part: dict[str, list[tuple[str, object]]] = {}
    for kind, qs in (
        ("section", report.sections.all()),
        ("case", report.cases.all()),
        ("figure", report.figures.all()),
        ("table", report.tables.all()),
    ):
        for item in qs:
            by_part.setdefault(item.part_code, []).append((kind, item))
    for items in by_part.values():
        items.sort(key=lambda pair: (pair[1].order, _RANK[pair[0]], pair[1].pk))
    return by_part


def _values_and_catalog(report):
    """(values, catalog) for school/city/province reports; (None, None) when there are none."""
    if report.kind == ReportKind.ENTERPRISE:
        return None, None
    try:
        return report_values(report), report_catalog(report)
    except (ApplicationError, ImportError):
        return None, None


def _number(value) -> float:
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return 0.0


def chart_spec_for(chart: dict, values: dict | None, catalog) -> ChartSpec:
    """A chart over the report's own data values: {"kind", "codes", "title"} → ChartSpec."""
    codes = [c for c in chart.get("codes", []) if c]
    indicators = getattr(catalog, "indicators", {}) if catalog is not None else {}
    names = tuple(getattr(indicators.get(c), "name", c) for c in codes)
    units = {getattr(indicators.get(c), "unit", "") for c in codes}
    series = ChartSeries(
        name=chart.get("series_name") or "本年度",
        values=tuple(_number((values or {}).get(c)) for c in codes),
    )
    return ChartSpec(
        kind=chart.get("kind", "bar"),
        categories=names,
        series=(series,),
        title=chart.get("title", ""),
        unit=units.pop() if len(units) == 1 else "",
    )


def _read(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


def item_blocks(kind: str, item, values, catalog) -> list:
    if kind == "case":
        paragraphs = tuple(p.strip() for p in item.body.split("\n") if p.strip())
        return [Case(key=item.key, title=strip_typed_number(item.title), body=paragraphs)]
    if kind == "figure":
        if item.image:
            return [
                Figure(
                    item.key, item.caption, image=_read(item.image), source_note=item.source_note
                )
            ]
        return [
            Figure(
                item.key,
                item.caption,
                chart=chart_spec_for(item.chart or {}, values, catalog),
                source_note=item.source_note or "数据来源：本校数据表",
            )
        ]
    if kind == "table":
        width = len(item.columns)
        rows = tuple(tuple(str(c) for c in (r + [""] * width)[:width]) for r in item.rows)
        return [TableBlock(item.key, item.caption, tuple(item.columns), rows, item.source_note)]
    blocks: list = []
    # Titles saved before numbering was stripped at input may still carry "1.1 ".
    if item.title.strip():
        blocks.append(Heading(2, strip_typed_number(item.title)))
    blocks.extend(markdown_blocks(item.body))
    return blocks


def _appendix(report, values, catalog) -> tuple[DataTable, ...]:
    if catalog is None:
        return ()
    return appendix_tables(catalog, values or {}, year=report.cycle.year)


def _declaration(report) -> Attachment | None:
    declaration = getattr(report, "declaration", None)
    if declaration is None:
        return None
    return Attachment(declaration.filename, _read(declaration.file), declaration.media_type)


def build_report_document(report, *, include_declaration: bool = True) -> ReportDocument:
    """The whole report as a `ReportDocument`, ready for `render_docx` / `render_pdf`."""

    values, catalog = _values_and_catalog(report)
    items = part_items(report)
    chapters = []
    for part in report.cycle.framework.parts(report.kind):
        blocks: list = []
        for kind, item in items.get(part.code, []):
            blocks.extend(item_blocks(kind, item, values, catalog))
        chapters.append(Chapter(title=part.name, blocks=tuple(blocks)))
    declaration = None
    if include_declaration:
        try:
            declaration = _declaration(report)
        except AuthenticityDeclaration.DoesNotExist:
            declaration = None
    organisation = report.organisation
    return ReportDocument(
        title=f"《{report.title}》",
        organisation_name=organisation.name,
        year_label=f"{report.cycle.year}年度",
        kind=report.kind,
        organisation_code=organisation.code,
        date_label=timezone.localdate().strftime("%Y年%m月"),
        declaration=declaration,
        chapters=tuple(chapters),
        appendix=_appendix(report, values, catalog),
    )


def _pipe(cells) -> str:
    return "| " + " | ".join(str(c).replace("|", "／") for c in cells) + " |"


def report_markdown(doc: ReportDocument) -> str:
    """The document as Markdown with numbered headings, captions and resolved references: what
    the report checker reads for an in-platform report."""
    numbering = number_items(doc)
    out = [doc.title, ""]

    def text(s: str) -> str:
        return resolve_references(s, numbering)

    for ci, chapter in enumerate(doc.chapters):
        label = numbering.chapters.get(ci, "")
        out += [f"# {label} {chapter.title}".replace("#  ", "# "), ""]
        for bi, block in enumerate(chapter.blocks):
            if isinstance(block, Heading):
                marks = "#" * block.level
                out += [f"{marks} {numbering.headings.get((ci, bi), '')} {block.text}", ""]
            elif isinstance(block, Paragraph):
                out += [text(block.text), ""]
            elif isinstance(block, Case):
                out += [f"{numbering.label('case', block.key)} {block.title}", ""]
                out += [p for para in block.body for p in (text(para), "")]
            elif isinstance(block, Figure):
                out += [f"{numbering.label('fig', block.key)} {block.caption}", ""]
            elif isinstance(block, TableBlock):
                out += [f"{numbering.label('table', block.key)} {block.caption}", ""]
                out.append(_pipe(block.columns))
                out.append(_pipe(["---"] * len(block.columns)))
                out += [_pipe(r) for r in block.rows]
                out.append("")
    for table in doc.appendix:
        out += [f"{table.label} {table.title}", ""]
        header = ["序号", "指标", "单位", *table.columns]
        out += [_pipe(header), _pipe(["---"] * len(header))]
        out += [
            _pipe([r.seq, ("其中：" if r.depth else "") + r.name, r.unit, *r.values])
            for r in table.rows
        ]
        out.append("")
    return "\n".join(out)
