"""PDF renderer for annual reports (年报 PDF 导出) via Typst.

The document is turned into JSON (`data.json`) plus image files in a scratch directory next
to the template; the template reads the JSON, so user text is never parsed as Typst markup.
A declaration given as PDF is inserted after the cover with pypdf.
"""

from __future__ import annotations

import io
import json
import tempfile
import warnings
from importlib import resources
from pathlib import Path

import typst
from docx.image.image import Image as DocxImage
from pypdf import PdfReader, PdfWriter

from nianbao.documents.charts import render_svg
from nianbao.documents.fonts import cjk_font_dirs
from nianbao.documents.model import (
    Case,
    DocumentError,
    Figure,
    Heading,
    Numbering,
    Paragraph,
    ReportDocument,
    TableBlock,
    number_items,
)
from nianbao.documents.render.inline import inline_runs
from nianbao.documents.render.layout import (
    appendix_alignments,
    appendix_widths_cm,
    column_alignment,
    table_shares,
)

__all__ = ["render_pdf"]

_MAX_IMAGE_HEIGHT_CM = 18.0
_TEMPLATE = "report.typ"


def render_pdf(doc: ReportDocument) -> bytes:
    """Render `doc` as PDF and return its bytes."""
    numbering = number_items(doc)
    font_dirs = list(cjk_font_dirs())
    if not font_dirs:
        warnings.warn(
            "未找到 Noto CJK 字体（Debian 软件包 fonts-noto-cjk），PDF 中的中文将无法显示",
            RuntimeWarning,
            stacklevel=2,
        )
    with tempfile.TemporaryDirectory(prefix="nianbao-pdf-") as scratch:
        root = Path(scratch)
        images = _ImageStore(root)
        payload = _payload(doc, numbering, images)
        (root / "data.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        template = resources.files("nianbao.documents").joinpath("typst", _TEMPLATE)
        (root / "main.typ").write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
        try:
            pdf = typst.compile(str(root / "main.typ"), root=str(root), font_paths=font_dirs)
        except typst.TypstError as exc:  # a template or data bug, not a user mistake
            raise DocumentError(f"PDF 排版失败：{exc.message}") from exc
    assert isinstance(pdf, bytes)
    if doc.declaration is not None and doc.declaration.is_pdf:
        pdf = _insert_pdf_pages(pdf, doc.declaration.content, after_page=1)
    return pdf


class _ImageStore:
    """Writes images into the scratch root and returns their names for the template."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0
        self.names: dict[bytes, str] = {}

    def add(self, data: bytes) -> str:
        if data in self.names:  # the same photo used twice is stored once
            return self.names[data]
        self.count += 1
        suffix = (
            ".jpg" if data[:3] == b"\xff\xd8\xff" else ".svg" if data[:4] == b"<svg" else ".png"
        )
        name = f"img{self.count}{suffix}"
        (self.root / name).write_bytes(data)
        self.names[data] = name
        return name


def _fit_width(data: bytes, width_cm: float, key: str) -> float:
    """Narrow a tall image so that it never exceeds the usable page height."""
    try:
        image = DocxImage.from_blob(data)
    except Exception as exc:  # python-docx raises several types for unreadable images
        raise DocumentError(f"无法识别的图片格式（仅支持 PNG/JPG）：{key}（{exc}）")
    ratio = image.px_height / max(image.px_width, 1)
    return min(width_cm, _MAX_IMAGE_HEIGHT_CM / ratio) if ratio else width_cm


def _payload(doc: ReportDocument, numbering: Numbering, images: _ImageStore) -> dict:
    declaration_image = None
    if doc.declaration is not None and not doc.declaration.is_pdf:
        _fit_width(doc.declaration.content, 1, "内容真实性责任声明")
        declaration_image = images.add(doc.declaration.content)
    chapters = []
    for ci, chapter in enumerate(doc.chapters):
        number = numbering.chapters[ci]
        blocks = [
            _block(block, numbering, images, numbering.headings.get((ci, bi), ""))
            for bi, block in enumerate(chapter.blocks)
        ]
        title = f"{number} {chapter.title}" if number else chapter.title
        chapters.append({"title": title, "blocks": blocks})
    counts = {"图": 0, "表": 0, "案例": 0}
    for key in numbering.items:
        counts[{"fig": "图", "table": "表", "case": "案例"}[key.split(":", 1)[0]]] += 1
    appendix = []
    for table in doc.appendix:
        for row in table.rows:
            if len(row.values) != len(table.columns):
                raise DocumentError(
                    f"{table.label}“{row.name}”一行有 {len(row.values)} 个值，"
                    f"表头有 {len(table.columns)} 个数据列"
                )
        appendix.append(
            {
                "label": table.label,
                "title": table.title,
                "name_line": doc.name_line,
                "group_line": f"{table.group}：" if table.opens_group else None,
                "grouped": bool(table.group),
                "columns": ["序号", "指标", "单位", *table.columns],
                "rows": [[r.seq, r.name, r.unit, *r.values] for r in table.display_rows()],
                "depths": [r.depth for r in table.rows],
                "widths": appendix_widths_cm(table),
                "aligns": appendix_alignments(table),
            }
        )
    return {
        "meta": {
            "title": doc.title,
            "subtitle": doc.subtitle,
            "running_title": doc.running_title,
            "organisation": doc.organisation_name,
            "year_label": doc.year_label,
            "date_label": doc.date_label,
            "declaration_image": declaration_image,
        },
        "counts": counts,
        "front": chapters[: doc.front_count],
        "chapters": chapters[doc.front_count :],
        "appendix_title": doc.appendix_title,
        "appendix": appendix,
    }


def _block(block, numbering: Numbering, images: _ImageStore, heading_label: str) -> dict:
    if isinstance(block, Heading):
        return {
            "type": "heading",
            "level": block.level,
            "text": f"{heading_label} {block.text}".strip(),
        }
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "runs": inline_runs(block.text, numbering)}
    if isinstance(block, Figure):
        key = f"fig:{block.key}"
        if block.image is not None:
            image, width_cm = images.add(block.image), _fit_width(block.image, block.width_cm, key)
        elif block.chart is not None:  # vector: the chart's SVG, at its own proportions
            chart = block.chart
            image = images.add(render_svg(chart))
            width_cm = min(block.width_cm, _MAX_IMAGE_HEIGHT_CM * chart.width_cm / chart.height_cm)
        else:
            raise DocumentError(f"图“{block.caption}”（{key}）既没有图片也没有图表数据")
        return {
            "type": "figure",
            "label": numbering.items[key],
            "caption": block.caption,
            "image": image,
            "width_cm": width_cm,
            "source": block.source_note,
        }
    if isinstance(block, TableBlock):
        key = f"table:{block.key}"
        for row in block.rows:
            if len(row) != len(block.columns):
                raise DocumentError(
                    f"表“{block.caption}”（{key}）有一行是 {len(row)} 列，"
                    f"表头是 {len(block.columns)} 列"
                )
        columns = list(block.columns)
        return {
            "type": "table",
            "label": numbering.items[key],
            "caption": block.caption,
            "columns": columns,
            "rows": [list(row) for row in block.rows],
            # 0 = auto width (序号), otherwise a share of the remaining width.
            "widths": table_shares(block),
            "aligns": [
                "center" if name == "序号" else column_alignment([r[i] for r in block.rows])
                for i, name in enumerate(columns)
            ],
            "source": block.source_note,
        }
    if isinstance(block, Case):
        return {
            "type": "case",
            "label": numbering.items[f"case:{block.key}"],
            "title": block.title,
            "body": [inline_runs(text, numbering) for text in block.body],
        }
    raise DocumentError(f"不支持的内容块类型：{type(block).__name__}")


def _insert_pdf_pages(pdf: bytes, attachment: bytes, *, after_page: int) -> bytes:
    """Insert every page of `attachment` after page `after_page` (1-based) of `pdf`."""
    try:
        extra = PdfReader(io.BytesIO(attachment))
        pages = list(extra.pages)
    except Exception as exc:  # pypdf raises many types for broken files
        raise DocumentError(f"内容真实性责任声明 PDF 无法读取：{exc}")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for offset, page in enumerate(pages):
        writer.insert_page(page, after_page + offset)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
