"""Metric names (指标名): the alias file `catalog/checker/metric_aliases.yaml` resolves synonyms to
one metric; the indicator catalogs give the indicator code of a metric when they know its name
exactly (a narrower name such as 境外办学在校生 is not 在校生)."""

from __future__ import annotations

import re
from functools import cache

import yaml

from nianbao.indicators.catalog import available_catalogs, load_catalog
from nianbao.paths import CATALOG_DIR

__all__ = ["aliases", "indicator_code", "normalize_metric", "qualified_name"]

ALIAS_FILE = CATALOG_DIR / "checker" / "metric_aliases.yaml"
_SUFFIX = re.compile(r"(总人数|总数|总量|规模|人数|数量|总额|总值|总计|合计|数)$")


@cache
def aliases() -> dict[str, str]:
    try:
        data = yaml.safe_load(ALIAS_FILE.read_text(encoding="utf-8")) or {}
    except OSError:
        return {}
    return {str(k): str(v) for k, v in (data.get("aliases") or {}).items()}


def normalize_metric(name: str) -> str:
    """One name per measure: no 其中, quotes or suffixes such as 总数/人数, synonyms resolved."""
    name = re.sub(r"^其中[:：]?", "", name.strip())
    name = re.sub(r"[\s“”\"《》]", "", name)
    name = aliases().get(name, name)
    while len(name) > 2 and (m := _SUFFIX.search(name)) and len(name) - len(m.group()) >= 2:
        name = name[: m.start()]
    return aliases().get(name, name)


@cache
def _codes() -> dict[tuple[str, str], str]:
    """(metric, level) -> indicator code, from every catalog (newest edition first)."""

    out: dict[tuple[str, str], str] = {}
    for edition, level in sorted(available_catalogs(), reverse=True):
        catalog = load_catalog(edition, level)
        for code, spec in catalog.indicators.items():
            out.setdefault((qualified_name(catalog.indicators, spec), level), code)
    return out


def qualified_name(indicators: dict, spec) -> str:
    """A 其中 row's name means nothing alone (国家级数量, 在校生数 of 在国外开办学校): it is
    known as "parent/child", the way a table's later 其中 rows are labelled."""
    name = normalize_metric(spec.name)
    parent = indicators.get(spec.parent) if spec.parent else None
    return f"{normalize_metric(parent.name)}/{name}" if parent is not None else name


def indicator_code(metric: str, level: str | None) -> str:
    """The catalog's indicator code for a normalised metric of a level, or ""."""
    codes = _codes()
    if level in {"higher", "secondary"}:
        return codes.get((metric, level), "")
    found = {c for (m, _), c in codes.items() if m == metric}
    return found.pop() if len(found) == 1 else ""
