"""Writing a region report (撰写工具): the figures, catalogs and unique keys shared while the
chapters are written, and the charts and tables every chapter draws from the aggregates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

from nianbao.aggregation.engine import Aggregate
from nianbao.aggregation.narrative import change, number
from nianbao.aggregation.selectors import RegionFigures
from nianbao.documents.model import Block, ChartSeries, ChartSpec, Figure, Paragraph, TableBlock
from nianbao.indicators.catalog import Catalog, load_catalog
from nianbao.indicators.formatting import display_value

__all__ = ["LEVEL_NAMES", "SCHOOL_NOUN", "Writer", "row_name", "short_name", "unit_label"]

LEVEL_NAMES = {"higher": "高职", "secondary": "中职"}
SCHOOL_NOUN = {"higher": "高职院校", "secondary": "中职学校"}


class Writer:
    """Shared state while the chapters are written: figures, catalogs and unique keys."""

    def __init__(self, figures: RegionFigures) -> None:
        self.f = figures
        self.catalogs: dict[str, Catalog] = {
            level: load_catalog(figures.indicator_edition, level) for level in figures.levels()
        }
        self.where = "全省" if figures.kind == "province" else "全市"
        self.keys: Counter[str] = Counter()

    def key(self, stem: str) -> str:
        self.keys[stem] += 1
        return f"{stem}-{self.keys[stem]}"

    def spec(self, level: str, code: str):
        return self.catalogs[level].indicators[code]

    def now(self, level: str) -> Aggregate:
        return self.f.current[level]

    def before(self, level: str) -> Aggregate | None:
        return self.f.years.get(self.f.year - 1, {}).get(level)

    def previous(self, level: str, code: str, city: str | None = None):
        """Last year's value over the schools counted this year, so that a school missing
        from this year's count never reads as a fall (the whole region when not computed)."""
        if city is not None:
            agg = self.f.city_comparable.get(city, {}).get(level)
            return agg.values.get(code) if agg else None
        agg = self.f.comparable.get(level)
        if agg is not None:
            return agg.values.get(code)
        return self.value(level, code, year=self.f.year - 1)

    def value(self, level: str, code: str, *, year: int | None = None):
        agg = self.f.years.get(year or self.f.year, {}).get(level)
        return agg.values.get(code) if agg else None

    def fact(
        self, level: str, code: str, template: str = "{name}为 {value}，{change}。"
    ) -> str | None:
        """“全日制在校生人数为 40,118 人，比上年增长 5.32%。” (the change is left out when missing)."""
        spec = self.spec(level, code)
        now = self.value(level, code)
        text = number(now, spec)
        if text is None:
            return None
        moved = change(now, self.previous(level, code), spec)
        name = row_name(self.catalogs[level], spec)
        if moved is None:
            return f"{name}为 {text}。"
        return template.format(name=name, value=text, change=moved)

    # --- charts ---------------------------------------------------------------------------

    def trend(self, level: str, code: str) -> Figure | None:
        """Five-year trend of one indicator (折线图), when at least three years have data."""
        spec = self.spec(level, code)
        points = [
            (year, by_level[level].values.get(code))
            for year, by_level in sorted(self.f.years.items())
        ]
        points = [(y, v) for y, v in points if isinstance(v, Decimal)]
        if len(points) < 3:
            return None
        unit = "%" if spec.value_type == "percent" else spec.unit
        chart = ChartSpec(
            kind="line",
            categories=tuple(f"{y}年" for y, _ in points),
            series=(ChartSeries(spec.name, tuple(float(v) for _, v in points)),),
            unit=unit,
        )
        first, last = points[0][0], points[-1][0]
        caption = f"{first}—{last}年{SCHOOL_NOUN[level]}{short_name(spec)}（单位：{unit}）"
        source = self.years_source(level, [y for y, _ in points])
        return Figure(self.key("trend"), caption, chart=chart, source_note=source)

    def city_bars(self, level: str, code: str) -> Figure | None:
        """Year-on-year bars by city (分地市柱状图), province only."""
        if self.f.kind != "province":
            return None
        spec = self.spec(level, code)
        cities = [c for c, by_level in self.f.cities.items() if level in by_level]
        before = self.f.year - 1
        previous = self._previous_cities(level)
        now_values = [self.f.cities[c][level].values.get(code) for c in cities]
        if not cities or not any(isinstance(v, Decimal) for v in now_values):
            return None
        series = [ChartSeries(f"{self.f.year}年", tuple(as_float(v) for v in now_values))]
        if previous:
            series.insert(
                0,
                ChartSeries(
                    f"{before}年", tuple(as_float(previous.get(c, {}).get(code)) for c in cities)
                ),
            )
        unit = "%" if spec.value_type == "percent" else spec.unit
        chart = ChartSpec(
            kind="grouped_bar" if len(series) > 1 else "bar",
            categories=tuple(cities),
            series=tuple(series),
            unit=unit,
            height_cm=7.5,
        )
        caption = f"各地市{SCHOOL_NOUN[level]}{short_name(spec)}同口径比较（单位：{unit}）"
        return Figure(self.key("bars"), caption, chart=chart, source_note=self.source(level))

    def _previous_cities(self, level: str) -> dict[str, Mapping]:
        """Last year by city over the schools counted this year (like for like)."""
        cities = self.f.city_comparable or self.f.city_years.get(self.f.year - 1, {})
        return {city: by[level].values for city, by in cities.items() if level in by}

    def pie(self, caption: str, parts: Sequence[tuple[str, Decimal | int | None]]) -> Figure | None:
        usable = [(name, float(v)) for name, v in parts if v is not None and float(v) > 0]
        if len(usable) < 2:
            return None
        chart = ChartSpec(
            kind="pie",
            categories=tuple(n for n, _ in usable),
            series=(ChartSeries("占比", tuple(v for _, v in usable)),),
            height_cm=7.0,
            width_cm=12.0,
        )
        return Figure(self.key("pie"), caption, chart=chart, width_cm=11.0)

    def source(self, level: str) -> str:
        return f"数据来源：{self.f.region_name}{SCHOOL_NOUN[level]}质量年报数据表（{self.now(level).coverage.label}）"

    def years_source(self, level: str, years: Sequence[int]) -> str:
        """The source of a figure or table over several years. A year whose reports are not all
        in is named: its totals do not compare with complete years (the text compares like
        with like)."""
        partial = []
        for year in years:
            aggregate = self.f.years.get(year, {}).get(level)
            if aggregate and aggregate.coverage.reporting < aggregate.coverage.expected:
                partial.append(f"{year}年")
        if not partial:
            return self.source(level)
        return (
            f"{self.source(level)}。注：{'、'.join(partial)}尚有学校未报送，合计数与其他年份"
            "不可直接比较；正文中与上年的增减按同口径计算"
        )

    # --- tables ---------------------------------------------------------------------------

    def city_years_table(self, level: str, code: str) -> list[Block]:
        """One indicator by city over the years (province): 各地市近五年. Used once per level:
        the checker keys such a table's cells by city and year, not by the captioned quantity."""
        if self.f.kind != "province" or len(self.f.city_years) < 2:
            return []
        spec = self.spec(level, code)
        years = sorted(self.f.city_years)
        rows = []
        for city in self.f.cities:
            cells = [
                display_value(spec, self.f.city_years[y].get(city, {}).get(level).values.get(code))
                if self.f.city_years[y].get(city, {}).get(level)
                else ""
                for y in years
            ]
            rows.append((city, *cells))
        table = TableBlock(
            self.key("table"),
            f"{years[0]}—{years[-1]}年各地市{SCHOOL_NOUN[level]}{short_name(spec)}（单位：{unit_label(spec)}）",
            ("地市", *(f"{y}年" for y in years)),
            tuple(rows),
            source_note=self.years_source(level, years),
        )
        return [Paragraph(f"各地市近年{short_name(spec)}见[[table:{table.key}]]。"), table]

    def city_table(self, level: str, heading: str, codes: Sequence[str]) -> TableBlock | None:
        """Indicators by city for the province; for a city, the same over the last years."""
        specs = [self.spec(level, c) for c in codes if c in self.catalogs[level].indicators]
        if self.f.kind == "province":
            rows = [
                (city, *(display_value(s, by_level[level].values.get(s.code)) for s in specs))
                for city, by_level in self.f.cities.items()
                if level in by_level
            ]
            first = "地市"
            caption = f"{self.f.year}年各地市{SCHOOL_NOUN[level]}{heading}情况"
        else:
            rows = [
                (
                    f"{year}年",
                    *(display_value(s, by_level[level].values.get(s.code)) for s in specs),
                )
                for year, by_level in sorted(self.f.years.items())
            ]
            first = "年度"
            caption = f"{self.f.region_name}{SCHOOL_NOUN[level]}{heading}情况（近年）"
        if not rows or not specs:
            return None
        catalog = self.catalogs[level]
        columns = (first, *(f"{row_name(catalog, s)}（{unit_label(s)}）" for s in specs))
        return TableBlock(
            self.key("table"), caption, columns, tuple(rows), source_note=self.source(level)
        )


def row_name(catalog: Catalog, spec) -> str:
    """A row name that stands on its own: when other rows share the name (国家级数量, 专业数量),
    a 其中 row names its parent and a top-level row its table, so no two rows of the report
    read as the same quantity."""
    names = Counter(s.name for s in catalog)
    if names[spec.name] < 2:
        return spec.name
    if spec.parent:
        return f"{spec.name}（{catalog.indicators[spec.parent].name}）"
    return f"{spec.name}（{catalog.table(spec.table).name}）"


def short_name(spec) -> str:
    """The indicator's name without its bracketed note, so captions fit one line of a list."""
    return spec.name.split("（")[0]


def unit_label(spec) -> str:
    return "%" if spec.value_type == "percent" else (spec.unit if spec.unit != ":" else "x:1")


def as_float(value) -> float:
    return float(value) if isinstance(value, Decimal) else 0.0
