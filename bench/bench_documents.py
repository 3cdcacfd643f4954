"""Benchmark the document renderers: time and page count for the sample school report and the
demo province's generated provincial report (seeded into a temporary database when needed).

Run: .venv/bin/python bench/bench_documents.py

Charts are drawn once and cached (the DOCX and PDF exports of one report share them), so chart
drawing is timed on its own. Typst memoises across compilations in one process; the second
PDF time shows that effect.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_region_report import demo_provincial_document  # noqa: E402
from docx import Document  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from nianbao.demo.samples import sample_school_report  # noqa: E402
from nianbao.documents import charts  # noqa: E402
from nianbao.documents.model import Figure  # noqa: E402
from nianbao.documents.render import render_docx, render_pdf  # noqa: E402


def _timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def _draw_all(specs) -> None:
    for spec in specs:
        charts.render_svg(spec)
    charts.prerender_charts(specs)


def main() -> None:
    print("文档渲染基准")
    samples = (("学校年报", sample_school_report()), ("省级年报", demo_provincial_document()))
    for label, doc in samples:
        figures = [b for c in doc.chapters for b in c.blocks if isinstance(b, Figure)]
        specs = [f.chart for f in figures if f.chart is not None]
        charts.clear_cache()
        _, chart_time = _timed(_draw_all, specs)
        docx, docx_time = _timed(render_docx, doc)
        pdf, pdf_time = _timed(render_pdf, doc)
        _, pdf_again = _timed(render_pdf, doc)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        chapters = sum(
            1 for p in Document(io.BytesIO(docx)).paragraphs if p.style.name == "Heading 1"
        )
        print(f"{label}：{len(doc.chapters)} 章，{len(figures)} 幅图（其中统计图 {len(specs)} 幅）")
        print(f"  统计图（SVG+PNG） {chart_time:6.2f} 秒")
        print(
            f"  DOCX              {docx_time:6.2f} 秒  {len(docx) / 1e6:4.1f} MB  {chapters} 个一级标题"
        )
        print(f"  PDF               {pdf_time:6.2f} 秒  {len(pdf) / 1e6:4.1f} MB  {pages} 页")
        print(f"  PDF（同进程再次） {pdf_again:6.2f} 秒")


if __name__ == "__main__":
    main()
