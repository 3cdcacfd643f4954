"""Charts (统计图) for report figures: SVG for the PDF, PNG for Word.

The SVG is written by `chart_svg`; the PDF embeds it as vector graphics. Word gets PNG made
from the same SVG by Typst (resvg), every chart of a document in one Typst run, so an 80-chart
report costs one rasterisation pass, not 80 plotting-library figures (ADR 0003). Results are
cached by content: the DOCX and PDF exports of one report share them, and the same spec always
gives the same bytes.
"""

from __future__ import annotations

import functools
import tempfile
import threading
import warnings
from collections.abc import Iterable
from pathlib import Path

import typst

from nianbao.documents.chart_svg import chart_svg
from nianbao.documents.fonts import cjk_font_dirs
from nianbao.documents.model import ChartSpec, DocumentError

__all__ = ["clear_cache", "prerender_charts", "render_chart", "render_pngs", "render_svg"]

_PPI = 150  # sharp in print at the 14 cm width of a figure
_CACHE_SIZE = 512

_drawn: dict[ChartSpec, bytes] = {}  # PNG by content, oldest first
_lock = threading.Lock()


@functools.lru_cache(maxsize=_CACHE_SIZE)
def render_svg(spec: ChartSpec) -> bytes:
    """The chart as SVG bytes (UTF-8)."""
    return chart_svg(spec).encode("utf-8")


def render_chart(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes, from the cache when the document's charts were drawn together."""
    with _lock:
        cached = _drawn.get(spec)
    return cached if cached is not None else render_pngs([spec])[0]


def prerender_charts(specs: Iterable[ChartSpec]) -> None:
    """Rasterise the charts not cached yet in one Typst run and keep them in the cache.
    Identical specs (same content) are drawn once."""
    with _lock:
        todo = list(dict.fromkeys(s for s in specs if s not in _drawn))
    if not todo:
        return
    pngs = render_pngs(todo)
    with _lock:
        for spec, png in zip(todo, pngs, strict=True):
            _drawn[spec] = png
        while len(_drawn) > _CACHE_SIZE:
            _drawn.pop(next(iter(_drawn)))


def clear_cache() -> None:
    """Forget every drawn chart (benchmarks measure from cold)."""
    with _lock:
        _drawn.clear()
    render_svg.cache_clear()


def render_pngs(specs: list[ChartSpec]) -> list[bytes]:
    """PNG bytes for each spec, in order, without the cache: one page per chart, one Typst run.
    Inconsistent data is refused while the SVG is written (`chart_svg`)."""
    with tempfile.TemporaryDirectory(prefix="nianbao-charts-") as scratch:
        root = Path(scratch)
        pages = []
        for i, spec in enumerate(specs):
            (root / f"c{i}.svg").write_bytes(render_svg(spec))
            pages.append(
                f"#page(width: {spec.width_cm}cm, height: {spec.height_cm}cm)"
                f'[#image("c{i}.svg", width: 100%, height: 100%)]'
            )
        (root / "charts.typ").write_text("#set page(margin: 0pt)\n" + "\n".join(pages))
        try:
            out = typst.compile(
                str(root / "charts.typ"),
                root=str(root),
                format="png",
                ppi=_PPI,
                font_paths=chart_font_dirs(),
            )
        except typst.TypstError as exc:  # a drawing bug, not a user mistake
            raise DocumentError(f"统计图绘制失败：{exc.message}") from exc
    return out if isinstance(out, list) else [out]


def chart_font_dirs() -> list[str]:
    """Directories of the CJK fonts; without them a warning is issued (once per process)."""
    dirs = [str(d) for d in cjk_font_dirs()]
    if not dirs:
        _warn_missing_font()
    return dirs


@functools.cache
def _warn_missing_font() -> None:
    warnings.warn(
        "未找到 Noto Sans CJK 字体（Debian 软件包 fonts-noto-cjk），图表中的中文可能无法显示",
        RuntimeWarning,
        stacklevel=4,
    )
