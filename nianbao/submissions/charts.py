"""Statistical charts (统计图) while writing: the indicators a writer can pick, each labelled so
that no two read alike, and a quick preview of a chart from the report's own values (the
figure itself is drawn by the document renderer when the report is exported)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from nianbao.core.exceptions import ApplicationError
from nianbao.cycles.models import ReportKind
from nianbao.indicators.formatting import display_value
from nianbao.indicators.selectors import report_catalog, report_values
from nianbao.submissions.services.authoring import CHART_KINDS

__all__ = ["chart_data", "chart_preview", "indicator_choices", "indicator_label"]

def chart_data(report):
    """(values, catalog) of a report with data tables; (None, None) for enterprise reports."""
    if report.kind == ReportKind.ENTERPRISE:
        return None, None
    try:
        return report_values(report), report_catalog(report)
    except ApplicationError:
        return None, None


def _plain(spec) -> str:
    return f"{spec.name}（{spec.unit}）" if spec.unit else spec.name


def indicator_label(catalog, code: str) -> str:
    """A label that tells this indicator from every other: a 其中 row or a survey's 调查人次
    names the row it belongs to, and a name still shared says which table it is in."""
    spec = catalog.indicators.get(code)
    if spec is None:
        return "（已不在指标目录中的指标）"
    names = [_plain(spec)]
    owner = spec.parent or spec.row_of
    if owner is None and code.endswith(("_respondents", "_method")):
        owner = code.rsplit("_", 1)[0]
    while owner in catalog.indicators and len(names) < 4:
        names.insert(0, catalog.indicators[owner].name)
        owner_spec = catalog.indicators[owner]
        owner = owner_spec.parent or owner_spec.row_of
    return " · ".join(names)


def indicator_choices(catalog, values: dict | None) -> list[tuple[str, str, str]]:
    """(code, label, value shown in the preview) for every numeric indicator, labels unique."""
    numeric = [
        (code, spec)
        for code, spec in catalog.indicators.items()
        if spec.value_type not in ("text", "choice")
    ]
    labels = {code: indicator_label(catalog, code) for code, _ in numeric}
    tables = {t.code: f"附表{t.number}" for t in catalog.tables}
    seen = Counter(labels.values())
    for code, spec in numeric:
        if seen[labels[code]] > 1:
            labels[code] = f"{labels[code]} · {tables.get(spec.table, '')}"
    seen = Counter(labels.values())
    for code, _ in numeric:
        if seen[labels[code]] > 1:  # still alike: number them in display order
            seen[labels[code]] -= 1
            labels[code] = f"{labels[code]}（{seen[labels[code]] + 1}）"
    values = values or {}
    return [
        (code, labels[code], _number(values.get(code))) for code, spec in numeric
    ]


def _number(value) -> str:
    return format(value.normalize(), "f") if isinstance(value, Decimal) else ""


def chart_preview(chart: dict, values: dict | None, catalog) -> dict:
    """Rows of (label, value text, bar width in %) for a quick look at a stored chart."""
    codes = [c for c in chart.get("codes", []) if c]
    values = values or {}
    rows = []
    numbers = [values.get(c) for c in codes]
    top = max((abs(v) for v in numbers if isinstance(v, Decimal)), default=Decimal(0))
    for code, value in zip(codes, numbers, strict=True):
        spec = catalog.indicators.get(code) if catalog is not None else None
        label = indicator_label(catalog, code) if catalog is not None else "指标"
        width = float(abs(value) / top * 100) if isinstance(value, Decimal) and top else 0.0
        if value is None:
            shown = "未填"
        elif spec is not None:
            shown = f"{display_value(spec, value)}{spec.unit or ''}"
        else:
            shown = "—"
        rows.append({"label": label, "value": shown, "width": round(width, 1)})
    return {"kind": CHART_KINDS.get(chart.get("kind", ""), "统计图"), "rows": rows}
