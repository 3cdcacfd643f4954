"""Charts (统计图) for report figures: bar, grouped bar, line and pie as PNG bytes.

Uses matplotlib's object API with the Agg canvas (no pyplot global state, so it is safe in
worker threads). CJK labels use Noto Sans CJK found by file path; without it a warning is
issued and the default font is used. The same spec always gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import multiprocessing
import os
import warnings
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402

from nianbao.documents.fonts import find_cjk_font  # noqa: E402
from nianbao.documents.model import ChartSpec, DocumentError  # noqa: E402

__all__ = ["prerender_charts", "render_chart"]

# Muted palette close to what printed government reports use.
_COLOURS = ("#2f5597", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5")
_DPI = 150  # sharp in print at the 14 cm width of a figure; a third fewer pixels than 200
# Below this many new charts, starting worker processes costs more than it saves.
_PARALLEL_FROM = 8


@functools.cache
def _font_family() -> str | None:
    path = find_cjk_font("sans", "regular")
    if path is None:
        warnings.warn(
            "未找到 Noto Sans CJK 字体（Debian 软件包 fonts-noto-cjk），图表中的中文可能无法显示",
            RuntimeWarning,
            stacklevel=3,
        )
        return None
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def _validate(spec: ChartSpec) -> None:
    if not spec.series:
        raise DocumentError(f"图表“{spec.title}”没有数据系列")
    for series in spec.series:
        if len(series.values) != len(spec.categories):
            raise DocumentError(
                f"图表“{spec.title}”的数据系列“{series.name}”有 {len(series.values)} 个值，"
                f"但分类有 {len(spec.categories)} 个"
            )


def _format_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def render_chart(spec: ChartSpec) -> bytes:
    """Draw `spec` and return PNG bytes (cached: the DOCX and PDF exports share charts)."""
    _validate(spec)
    if spec in _drawn:
        return _drawn[spec]
    return _render_cached(spec)


@functools.lru_cache(maxsize=512)
def _render_cached(spec: ChartSpec) -> bytes:
    return render_png(spec)


def prerender_charts(specs: Iterable[ChartSpec]) -> None:
    """Draw the charts not drawn yet in parallel worker processes and keep them in the cache,
    so that a long report's 50+ charts take a fraction of the time one after another takes.
    Identical specs (same content) are drawn once."""
    todo = list(dict.fromkeys(s for s in specs if s not in _drawn))
    for spec in todo:
        _validate(spec)
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) < _PARALLEL_FROM or workers < 2:
        return
    # forkserver, not fork: the web and task workers are multi-threaded, and forking a
    # threaded process can deadlock the child. The server imports this module once.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for spec, png in zip(todo, pool.map(render_png, todo, chunksize=4), strict=True):
                _store(spec, png)
    except (BrokenProcessPool, OSError):
        return  # no worker processes here: `render_chart` draws each chart when asked


_drawn: dict[ChartSpec, bytes] = {}  # charts drawn by the workers, by content


def _store(spec: ChartSpec, png: bytes) -> None:
    _drawn[spec] = png
    if len(_drawn) > 512:
        _drawn.pop(next(iter(_drawn)))


def render_png(spec: ChartSpec) -> bytes:
    """Draw `spec` without the cache."""
    _validate(spec)
    family = _font_family()
    rc = {
        "font.family": [family] if family else ["DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.hashsalt": "nianbao",
    }
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        if family is None:  # one warning above is enough, not one per missing glyph
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig = MplFigure(figsize=(spec.width_cm / 2.54, spec.height_cm / 2.54), dpi=_DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        _DRAW[spec.kind](ax, spec)
        if spec.title:
            ax.set_title(spec.title, fontsize=10)
        # Fixed margins instead of tight_layout, which draws the figure twice.
        bottom = 0.24 if len(spec.categories) > 6 else 0.13
        if spec.kind == "pie":
            fig.subplots_adjust(left=0.02, right=0.98, top=0.96, bottom=0.04)
        else:
            top = 0.84 if spec.title or len(spec.series) > 1 else 0.95  # room for the legend
            fig.subplots_adjust(left=0.12, right=0.98, top=top, bottom=bottom)
        buffer = io.BytesIO()
        # No metadata: keeps the bytes identical for the same input.
        fig.savefig(
            buffer,
            format="png",
            dpi=_DPI,
            metadata={"Software": None},
            pil_kwargs={"compress_level": 1},  # zlib level 1: a fraction of the time, ~1.3× bytes
        )
    return buffer.getvalue()


def _style_axes(ax, spec: ChartSpec) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    ax.grid(axis="y", linestyle=":", linewidth=0.6, alpha=0.7)
    ax.set_axisbelow(True)
    if spec.unit:
        ax.set_ylabel(f"单位：{spec.unit}", fontsize=8)
    if len(spec.categories) > 6:
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")


def _legend(ax, spec: ChartSpec) -> None:
    # Above the plot in one row: placing it at "best" searches every data point and is slow.
    ax.legend(
        fontsize=8,
        frameon=False,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=len(spec.series),
    )


def _draw_bar(ax, spec: ChartSpec) -> None:
    values = spec.series[0].values
    x = range(len(spec.categories))
    bars = ax.bar(x, values, color=_COLOURS[0], width=0.6)
    ax.bar_label(bars, labels=[_format_number(v) for v in values], fontsize=7, padding=2)
    ax.set_xticks(list(x), spec.categories)
    _style_axes(ax, spec)


def _draw_grouped_bar(ax, spec: ChartSpec) -> None:
    count = len(spec.series)
    width = 0.8 / count
    for i, series in enumerate(spec.series):
        offsets = [c - 0.4 + width * (i + 0.5) for c in range(len(spec.categories))]
        bars = ax.bar(offsets, series.values, width=width, label=series.name, color=_COLOURS[i % 7])
        if count * len(spec.categories) <= 12:  # more labels than that overlap
            ax.bar_label(bars, labels=[_format_number(v) for v in series.values], fontsize=6)
    ax.set_xticks(list(range(len(spec.categories))), spec.categories)
    _legend(ax, spec)
    _style_axes(ax, spec)


def _draw_line(ax, spec: ChartSpec) -> None:
    x = list(range(len(spec.categories)))
    for i, series in enumerate(spec.series):
        ax.plot(
            x, series.values, marker="o", markersize=3, label=series.name, color=_COLOURS[i % 7]
        )
        for xi, value in zip(x, series.values, strict=True):
            ax.annotate(
                _format_number(value),
                (xi, value),
                textcoords="offset points",
                xytext=(0, 4),
                ha="center",
                fontsize=7,
            )
    ax.set_xticks(x, spec.categories)
    if len(spec.series) > 1:
        _legend(ax, spec)
    _style_axes(ax, spec)


def _draw_pie(ax, spec: ChartSpec) -> None:
    values = spec.series[0].values
    if any(v < 0 for v in values) or sum(values) <= 0:
        raise DocumentError(f"饼图“{spec.title}”的数值必须为非负数且合计大于 0")
    ax.pie(
        values,
        labels=spec.categories,
        autopct="%1.1f%%",
        startangle=90,
        counterclock=False,
        colors=[_COLOURS[i % 7] for i in range(len(values))],
        textprops={"fontsize": 8},
        wedgeprops={"linewidth": 0.8, "edgecolor": "white"},
    )
    ax.axis("equal")


_DRAW = {
    "bar": _draw_bar,
    "grouped_bar": _draw_grouped_bar,
    "line": _draw_line,
    "pie": _draw_pie,
}
