"""Charts: PNG output for every kind, determinism, CJK font fallback, bad input."""

import io

import pytest
from PIL import Image

from nianbao.documents import charts
from nianbao.documents.model import ChartSeries, ChartSpec, DocumentError

YEARS = ("2023年", "2024年", "2025年")


def _spec(kind, series=None, **kwargs) -> ChartSpec:
    series = series or (
        ChartSeries("高职", (10.0, 12.5, 14.0)),
        ChartSeries("中职", (8.0, 9.0, 7.0)),
    )
    return ChartSpec(kind, YEARS, series, title="在校生人数", unit="人", **kwargs)


@pytest.mark.parametrize("kind", ["bar", "grouped_bar", "line", "pie"])
def test_every_kind_renders_a_png_of_the_requested_size(kind):
    png = charts.render_chart(_spec(kind, width_cm=10.0, height_cm=5.0))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    # 150 dpi: 10 cm ≈ 591 px, 5 cm ≈ 295 px
    assert abs(image.width - 591) <= 2 and abs(image.height - 295) <= 2


def test_same_spec_gives_identical_bytes_and_different_data_does_not():
    assert charts.render_png(_spec("bar")) == charts.render_png(_spec("bar"))
    other = _spec("bar", series=(ChartSeries("高职", (1.0, 2.0, 3.0)),))
    assert charts.render_png(other) != charts.render_png(_spec("bar"))


def test_cjk_labels_use_a_cjk_font():
    assert charts._font_family() is not None
    assert "CJK" in charts._font_family()


def test_missing_cjk_font_warns_and_still_renders(monkeypatch):
    monkeypatch.setattr(charts, "find_cjk_font", lambda *a, **k: None)
    charts._font_family.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="fonts-noto-cjk"):
            png = charts.render_png(_spec("line"))
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        charts._font_family.cache_clear()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (ChartSpec("bar", YEARS, (ChartSeries("高职", (1.0, 2.0)),), title="图A"), "有 2 个值"),
        (ChartSpec("line", YEARS, (), title="图B"), "没有数据系列"),
        (ChartSpec("pie", YEARS, (ChartSeries("人", (1.0, -2.0, 3.0)),), title="图C"), "非负数"),
        (ChartSpec("pie", YEARS, (ChartSeries("人", (0.0, 0.0, 0.0)),), title="图D"), "合计大于 0"),
    ],
)
def test_inconsistent_chart_data_is_refused_in_chinese(spec, message):
    with pytest.raises(DocumentError, match=message):
        charts.render_chart(spec)


def test_prerendered_charts_are_drawn_once_per_content_and_served_from_the_cache():
    specs = [_spec("bar", series=(ChartSeries("高职", (float(i), 2.0, 3.0)),)) for i in range(9)]
    charts.prerender_charts([*specs, *specs])
    for spec in specs:
        assert charts.render_chart(spec) == charts.render_png(spec)
    assert all(spec in charts._drawn for spec in specs)
