"""Charts (统计图) drawn as SVG: bar, grouped bar, line and pie.

A report chart is a few dozen shapes, so it is written out directly instead of going through a
plotting library: 80 charts take milliseconds (ADR 0003). Pure Python, no Django. Lengths are in
points; text widths are estimated (CJK one em, digits and Latin about half), which is all the
layout needs: labels are anchored at their centre or end, never measured to the pixel.
"""

from __future__ import annotations

import math
from dataclasses import replace
from xml.sax.saxutils import escape, quoteattr

from nianbao.documents.model import ChartSpec, DocumentError

__all__ = ["COLOURS", "FONT_FAMILY", "chart_svg", "validate_chart"]

# Muted palette close to what printed government reports use.
COLOURS = ("#2f5597", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5")
FONT_FAMILY = "Noto Sans CJK SC"
_PT_PER_CM = 72 / 2.54
_TEXT = "#262626"
_AXIS = "#595959"
_GRID = "#d0d0d0"
_TICK_SIZE = 8.0
_VALUE_SIZE = 7.0
_INSIDE_FROM = 0.06  # pie slices at least this share carry their percentage inside


def validate_chart(spec: ChartSpec) -> None:
    """Refuse inconsistent data with a Chinese message naming the chart."""
    if not spec.series:
        raise DocumentError(f"图表“{spec.title}”没有数据系列")
    for series in spec.series:
        if len(series.values) != len(spec.categories):
            raise DocumentError(
                f"图表“{spec.title}”的数据系列“{series.name}”有 {len(series.values)} 个值，"
                f"但分类有 {len(spec.categories)} 个"
            )
        if not all(math.isfinite(v) for v in series.values):
            raise DocumentError(f"图表“{spec.title}”的数据系列“{series.name}”含有无效数值")
    if spec.kind == "pie":
        values = spec.series[0].values
        if any(v < 0 for v in values) or sum(values) <= 0:
            raise DocumentError(f"饼图“{spec.title}”的数值必须为非负数且合计大于 0")
    elif spec.kind not in _PLOTS:
        raise DocumentError(f"不支持的图表类型：{spec.kind}")


def chart_svg(spec: ChartSpec) -> str:
    """The chart as an SVG document of `spec.width_cm` × `spec.height_cm`."""
    validate_chart(spec)
    canvas = _Canvas(spec.width_cm * _PT_PER_CM, spec.height_cm * _PT_PER_CM)
    top = 4.0
    if spec.title:
        canvas.text(canvas.width / 2, 13, spec.title, size=10, anchor="middle")
        top = 20.0
    if spec.kind == "pie":
        _draw_pie(canvas, spec, top)
    else:
        _PLOTS[spec.kind](canvas, spec, top)
    return canvas.svg()


def format_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def text_width(text: str, size: float) -> float:
    """Estimated advance width: CJK and full-width forms one em, narrow punctuation less."""
    em = 0.0
    for char in text:
        if ord(char) >= 0x2E80:
            em += 1.0
        elif char in ",.:;'|!il ":
            em += 0.3
        else:
            em += 0.58
    return em * size


class _Canvas:
    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(self, x, y, text, *, size, anchor="start", rotate=0.0, fill=_TEXT) -> None:
        turn = f' transform="rotate({rotate:g} {x:.2f} {y:.2f})"' if rotate else ""
        self.add(
            f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size:g}" text-anchor="{anchor}" '
            f'fill="{fill}"{turn}>{escape(text)}</text>'
        )

    def line(self, x1, y1, x2, y2, *, stroke=_AXIS, width=0.8, dash="") -> None:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(
            f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" '
            f'stroke="{stroke}" stroke-width="{width:g}"{dashes}/>'
        )

    def rect(self, x, y, w, h, *, fill) -> None:
        self.add(f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="{fill}"/>')

    def svg(self) -> str:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width:.2f}pt" '
            f'height="{self.height:.2f}pt" viewBox="0 0 {self.width:.2f} {self.height:.2f}" '
            f"font-family={quoteattr(FONT_FAMILY)}>"
        )
        return "\n".join([head, *self.parts, "</svg>"])


# --- axes charts ------------------------------------------------------------------------------


def _ticks(low: float, high: float, count: int = 5) -> tuple[list[float], int]:
    """'Nice' tick values (steps 1, 2, 2.5, 5 × 10ⁿ) covering low..high, and their decimals."""
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * 0.999)
    start = math.floor(low / step + 1e-9) * step
    end = math.ceil(high / step - 1e-9) * step
    ticks = [start + i * step for i in range(round((end - start) / step) + 1)]
    decimals = 0
    while decimals < 4 and abs(round(step, decimals) - step) > 1e-9 * step:
        decimals += 1  # 2.5 needs one place, 0.25 two
    return ticks, decimals


class _Plot:
    """The plotting area of an axes chart, with its value → y mapping."""

    def __init__(self, canvas: _Canvas, spec: ChartSpec, top: float, *, zero_based: bool) -> None:
        values = [v for s in spec.series for v in s.values]
        low, high = min(values), max(values)
        if zero_based:
            low, high = min(low, 0.0), max(high, 0.0)
        else:  # a trend keeps its shape: the axis hugs the data with some air
            pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
            low, high = low - pad, high + pad
            if min(values) >= 0:
                low = max(low, 0.0)
        self.ticks, decimals = _ticks(low, high + (high - low) * 0.08)  # room for value labels
        self.labels = [f"{t:,.{decimals}f}" for t in self.ticks]
        self.rotated = len(spec.categories) > 6
        longest = max(text_width(c, _TICK_SIZE) for c in spec.categories)
        bottom = longest * 0.5 + 12 if self.rotated else _TICK_SIZE + 8
        legend = len(spec.series) > 1
        self.left = (
            max(text_width(t, _TICK_SIZE) for t in self.labels) + 8 + (14 if spec.unit else 0)
        )
        self.right = canvas.width - 6
        self.top = top + (14 if legend else 4)
        self.bottom = canvas.height - bottom
        self.legend_y = top + 5 if legend else None

    def y(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return self.bottom - (value - low) / (high - low) * (self.bottom - self.top)

    def slot(self, count: int) -> float:
        return (self.right - self.left) / count


def _axes(canvas: _Canvas, plot: _Plot, spec: ChartSpec) -> None:
    for tick, label in zip(plot.ticks, plot.labels, strict=True):
        y = plot.y(tick)
        if tick != plot.ticks[0]:
            canvas.line(plot.left, y, plot.right, y, stroke=_GRID, width=0.5, dash="1.5 1.5")
        canvas.text(plot.left - 4, y + _TICK_SIZE * 0.35, label, size=_TICK_SIZE, anchor="end")
    canvas.line(plot.left, plot.top, plot.left, plot.bottom)
    baseline = plot.y(0.0) if plot.ticks[0] < 0 < plot.ticks[-1] else plot.bottom
    canvas.line(plot.left, baseline, plot.right, baseline)
    slot = plot.slot(len(spec.categories))
    for i, category in enumerate(spec.categories):
        x = plot.left + slot * (i + 0.5)
        if plot.rotated:
            y = plot.bottom + _TICK_SIZE + 2
            canvas.text(x + 3, y, category, size=_TICK_SIZE, anchor="end", rotate=-30)
        else:
            canvas.text(x, plot.bottom + _TICK_SIZE + 3, category, size=_TICK_SIZE, anchor="middle")
    if spec.unit:
        x, y = 8.0, (plot.top + plot.bottom) / 2
        canvas.text(x, y, f"单位：{spec.unit}", size=_TICK_SIZE, anchor="middle", rotate=-90)


def _legend(canvas: _Canvas, plot: _Plot, spec: ChartSpec, *, marker: str) -> None:
    if plot.legend_y is None:
        return
    gap, swatch = 12.0, 10.0
    widths = [swatch + 3 + text_width(s.name, _TICK_SIZE) for s in spec.series]
    x = (plot.left + plot.right - sum(widths) - gap * (len(widths) - 1)) / 2
    y = plot.legend_y
    for i, (series, width) in enumerate(zip(spec.series, widths, strict=True)):
        colour = COLOURS[i % len(COLOURS)]
        if marker == "line":
            canvas.line(x, y, x + swatch, y, stroke=colour, width=1.4)
            canvas.add(f'<circle cx="{x + swatch / 2:.2f}" cy="{y:.2f}" r="1.8" fill="{colour}"/>')
        else:
            canvas.rect(x, y - 3.5, swatch, 7, fill=colour)
        canvas.text(x + swatch + 3, y + _TICK_SIZE * 0.35, series.name, size=_TICK_SIZE)
        x += width + gap


def _draw_bars(canvas: _Canvas, spec: ChartSpec, top: float) -> None:
    series = spec.series if spec.kind == "grouped_bar" else spec.series[:1]
    shown = replace(spec, series=series)
    plot = _Plot(canvas, shown, top, zero_based=True)
    _axes(canvas, plot, shown)
    slot = plot.slot(len(spec.categories))
    width = slot * (0.6 if len(series) == 1 else 0.8) / len(series)
    # More labels than this overlap on a 15 cm chart.
    labelled = len(series) == 1 or len(series) * len(spec.categories) <= 12
    size = _VALUE_SIZE if len(series) == 1 else 6.0
    zero = plot.y(0.0)
    for si, s in enumerate(series):
        colour = COLOURS[si % len(COLOURS)]
        for ci, value in enumerate(s.values):
            x = plot.left + slot * (ci + 0.5) - width * len(series) / 2 + width * si
            y = plot.y(value)
            canvas.rect(x, min(y, zero), width, abs(zero - y), fill=colour)
            if labelled:
                label_y = y - 2 if value >= 0 else y + size + 1
                canvas.text(
                    x + width / 2, label_y, format_number(value), size=size, anchor="middle"
                )
    _legend(canvas, plot, shown, marker="bar")


def _draw_line(canvas: _Canvas, spec: ChartSpec, top: float) -> None:
    plot = _Plot(canvas, spec, top, zero_based=False)
    _axes(canvas, plot, spec)
    slot = plot.slot(len(spec.categories))
    for si, s in enumerate(spec.series):
        colour = COLOURS[si % len(COLOURS)]
        points = [(plot.left + slot * (i + 0.5), plot.y(v)) for i, v in enumerate(s.values)]
        path = " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
        canvas.add(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.4"/>')
        for i, ((x, y), value) in enumerate(zip(points, s.values, strict=True)):
            canvas.add(f'<circle cx="{x:.2f}" cy="{y:.2f}" r="2" fill="{colour}"/>')
            # Below a low point (its neighbours are higher), above otherwise: off the line.
            neighbours = s.values[max(i - 1, 0) : i] + s.values[i + 1 : i + 2]
            below = all(n > value for n in neighbours)
            label_y = y + _VALUE_SIZE + 3 if below else y - 4
            canvas.text(x, label_y, format_number(value), size=_VALUE_SIZE, anchor="middle")
    _legend(canvas, plot, spec, marker="line")


# --- pie --------------------------------------------------------------------------------------


def _draw_pie(canvas: _Canvas, spec: ChartSpec, top: float) -> None:
    values = spec.series[0].values
    total = sum(values)
    cx, cy = canvas.width / 2, (top + canvas.height) / 2
    radius = min(canvas.height - top, canvas.width) * 0.36
    angle = 90.0  # start at twelve o'clock, clockwise like the printed reports
    for i, (category, value) in enumerate(zip(spec.categories, values, strict=True)):
        if value <= 0:
            continue
        share = value / total
        sweep = share * 360
        colour = COLOURS[i % len(COLOURS)]
        if share >= 0.9999:
            canvas.add(f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="{radius:.2f}" fill="{colour}"/>')
        else:
            x1, y1 = _polar(cx, cy, radius, angle)
            x2, y2 = _polar(cx, cy, radius, angle - sweep)
            large = 1 if sweep > 180 else 0
            canvas.add(
                f'<path d="M{cx:.2f},{cy:.2f} L{x1:.2f},{y1:.2f} '
                f'A{radius:.2f},{radius:.2f} 0 {large} 1 {x2:.2f},{y2:.2f} Z" '
                f'fill="{colour}" stroke="#ffffff" stroke-width="0.8"/>'
            )
        middle = angle - sweep / 2
        percent = f"{share * 100:.1f}%"
        label = category
        if share >= _INSIDE_FROM:
            px, py = _polar(cx, cy, radius * 0.62, middle)
            canvas.text(px, py + 3, percent, size=8, anchor="middle", fill="#ffffff")
        else:  # a thin slice has no room inside: the share goes next to the name
            label = f"{category} {percent}"
        lx, ly = _polar(cx, cy, radius * 1.12, middle)
        side = "start" if math.cos(math.radians(middle)) >= 0 else "end"
        if abs(math.cos(math.radians(middle))) < 0.15:
            side = "middle"
        canvas.text(lx, ly + 3, label, size=8, anchor=side)
        angle -= sweep


def _polar(cx: float, cy: float, radius: float, degrees: float) -> tuple[float, float]:
    return cx + radius * math.cos(math.radians(degrees)), cy - radius * math.sin(
        math.radians(degrees)
    )


_PLOTS = {"bar": _draw_bars, "grouped_bar": _draw_bars, "line": _draw_line}
