"""Charts: SVG drawing (geometry read back from the SVG), PNG rasterisation, determinism,
CJK font, bad input."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
import typst
from PIL import Image

from nianbao.documents import chart_svg, charts
from nianbao.documents.model import ChartSeries, ChartSpec, DocumentError

YEARS = ("2023年", "2024年", "2025年")
NS = {"s": "http://www.w3.org/2000/svg"}


def _spec(kind, series=None, **kwargs) -> ChartSpec:
    series = series or (
        ChartSeries("高职", (10.0, 12.5, 14.0)),
        ChartSeries("中职", (8.0, 9.0, 7.0)),
    )
    return ChartSpec(kind, YEARS, series, title="在校生人数", unit="人", **kwargs)


def _svg(spec) -> ET.Element:
    return ET.fromstring(charts.render_svg(spec))


def _texts(root) -> list[str]:
    return [t.text for t in root.iter(f"{{{NS['s']}}}text")]


@pytest.mark.parametrize("kind", ["bar", "grouped_bar", "line", "pie"])
def test_every_kind_renders_a_png_of_the_requested_size(kind):
    png = charts.render_chart(_spec(kind, width_cm=10.0, height_cm=5.0))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    # 150 dpi: 10 cm ≈ 591 px, 5 cm ≈ 295 px
    assert abs(image.width - 591) <= 2 and abs(image.height - 295) <= 2


def test_png_is_not_blank():
    image = Image.open(io.BytesIO(charts.render_chart(_spec("grouped_bar")))).convert("L")
    dark = sum(1 for p in image.get_flattened_data() if p < 128)
    assert dark > 0.02 * image.width * image.height  # bars, axes and labels are drawn


def test_bar_heights_are_proportional_to_the_values_from_a_zero_baseline():
    spec = ChartSpec("bar", ("甲", "乙", "丙"), (ChartSeries("人数", (100.0, 250.0, 50.0)),))
    rects = _svg(spec).findall("s:rect", NS)
    heights = [float(r.get("height")) for r in rects]
    assert len(heights) == 3
    assert heights[1] / heights[0] == pytest.approx(2.5, rel=1e-3)
    assert heights[2] / heights[0] == pytest.approx(0.5, rel=1e-3)
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in rects}
    assert len(bottoms) == 1  # all bars stand on the same baseline
    assert {"100", "250", "50"} <= set(_texts(_svg(spec)))


def test_negative_bars_hang_below_the_zero_line():
    spec = ChartSpec("bar", ("甲", "乙"), (ChartSeries("增减", (30.0, -10.0)),))
    up, down = _svg(spec).findall("s:rect", NS)
    assert float(up.get("y")) + float(up.get("height")) == pytest.approx(
        float(down.get("y")), abs=0.02
    )


def test_grouped_bars_draw_every_series_with_a_legend():
    root = _svg(_spec("grouped_bar"))
    rects = root.findall("s:rect", NS)
    assert len(rects) == 6 + 2  # 3 categories × 2 series, plus 2 legend swatches
    assert {"高职", "中职", "单位：人", *YEARS} <= set(_texts(root))


def test_line_points_rise_and_fall_with_the_values():
    spec = ChartSpec("line", YEARS, (ChartSeries("人数", (5.0, 9.0, 7.0)),))
    root = _svg(spec)
    points = root.find("s:polyline", NS).get("points").split()
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[1] < ys[2] < ys[0]  # SVG y grows downwards
    assert "人数" not in _texts(root)  # one series: no legend
    labels = {t.text: float(t.get("y")) for t in root.iter(f"{{{NS['s']}}}text")}
    assert labels["9"] < ys[1]  # above the peak
    assert labels["5"] > ys[0] and labels["7"] > ys[2]  # below the ends lower than their neighbour


def test_pie_slices_and_percentages():
    spec = ChartSpec("pie", ("公办", "民办"), (ChartSeries("所", (39.0, 11.0)),))
    root = _svg(spec)
    assert len(root.findall("s:path", NS)) == 2
    assert {"78.0%", "22.0%", "公办", "民办"} <= set(_texts(root))
    thin = ChartSpec("pie", ("一产", "二产", "三产"), (ChartSeries("%", (2.6, 26.6, 70.8)),))
    assert {"一产 2.6%", "26.6%", "70.8%"} <= set(_texts(_svg(thin)))
    whole = ChartSpec("pie", ("公办", "民办"), (ChartSeries("所", (5.0, 0.0)),))
    assert len(_svg(whole).findall("s:circle", NS)) == 1


def test_text_is_escaped():
    spec = ChartSpec("bar", ("A<B&C",), (ChartSeries("x", (1.0,)),), title='"标题"')
    assert "A<B&C" in _texts(_svg(spec))


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 14, [0, 5, 10, 15]),
        (0, 47530, [0, 10000, 20000, 30000, 40000, 50000]),
        (7000, 8900, [7000, 7500, 8000, 8500, 9000]),
        (0, 1.1, [0, 0.25, 0.5, 0.75, 1.0, 1.25]),
        (-10, 30, [-10, 0, 10, 20, 30]),
    ],
)
def test_axis_ticks_are_round_numbers_covering_the_data(low, high, expected):
    ticks, _ = chart_svg._ticks(low, high)
    assert ticks == pytest.approx(expected)


def test_tick_labels_show_the_decimals_the_step_needs():
    assert chart_svg._ticks(0, 1.1)[1] == 2
    assert chart_svg._ticks(0, 9)[1] == 0


def test_same_spec_gives_identical_bytes_and_different_data_does_not():
    assert charts.render_pngs([_spec("bar")]) == charts.render_pngs([_spec("bar")])
    other = _spec("bar", series=(ChartSeries("高职", (1.0, 2.0, 3.0)),))
    assert charts.render_pngs([other]) != charts.render_pngs([_spec("bar")])
    assert charts.render_svg(other) != charts.render_svg(_spec("bar"))


def test_the_chart_font_is_the_cjk_font_typst_is_given():
    fonts = typst.Fonts(include_system_fonts=False, font_paths=charts.chart_font_dirs())
    assert chart_svg.FONT_FAMILY in fonts.families()
    assert re.search(r'font-family="Noto Sans CJK SC"', charts.render_svg(_spec("bar")).decode())


def test_missing_cjk_font_warns_and_still_renders(monkeypatch):
    monkeypatch.setattr(charts, "cjk_font_dirs", lambda: ())
    charts._warn_missing_font.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="fonts-noto-cjk"):
            png = charts.render_pngs([_spec("line")])[0]
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        charts._warn_missing_font.cache_clear()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (ChartSpec("bar", YEARS, (ChartSeries("高职", (1.0, 2.0)),), title="图A"), "有 2 个值"),
        (ChartSpec("line", YEARS, (), title="图B"), "没有数据系列"),
        (ChartSpec("pie", YEARS, (ChartSeries("人", (1.0, -2.0, 3.0)),), title="图C"), "非负数"),
        (ChartSpec("pie", YEARS, (ChartSeries("人", (0.0, 0.0, 0.0)),), title="图D"), "合计大于 0"),
        (ChartSpec("bar", YEARS, (ChartSeries("人", (1.0, float("nan"), 3.0)),)), "无效数值"),
    ],
)
def test_inconsistent_chart_data_is_refused_in_chinese(spec, message):
    with pytest.raises(DocumentError, match=message):
        charts.render_chart(spec)


def test_prerendered_charts_are_drawn_once_per_content_and_served_from_the_cache(monkeypatch):
    specs = [_spec("bar", series=(ChartSeries("高职", (float(i), 2.0, 3.0)),)) for i in range(9)]
    charts.prerender_charts([*specs, *specs])
    assert all(spec in charts._drawn for spec in specs)
    monkeypatch.setattr(charts, "render_pngs", lambda todo: pytest.fail("drawn again"))
    for spec in specs:
        assert charts.render_chart(spec)[:8] == b"\x89PNG\r\n\x1a\n"
    charts.prerender_charts(specs)
