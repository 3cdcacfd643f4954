"""Metric names (指标名): the alias file `catalog/checker/metric_aliases.yaml` resolves synonyms to
one metric; the indicator catalogs give the indicator code of a metric when they know its name
exactly (a narrower name such as 境外办学在校生 is not 在校生)."""

from __future__ import annotations

import re
from functools import cache

import yaml

from nianbao.paths import CATALOG_DIR

__all__ = ["aliases", "indicator_code", "normalize_metric"]

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
    from nianbao.indicators.catalog import available_catalogs, load_catalog

    out: dict[tuple[str, str], str] = {}
    for edition, level in sorted(available_catalogs(), reverse=True):
        for code, spec in load_catalog(edition, level).indicators.items():
            out.setdefault((normalize_metric(spec.name), level), code)
    return out


def indicator_code(metric: str, level: str | None) -> str:
    """The catalog's indicator code for a normalised metric of a level, or ""."""
    codes = _codes()
    if level in {"higher", "secondary"}:
        return codes.get((metric, level), "")
    found = {c for (m, _), c in codes.items() if m == metric}
    return found.pop() if len(found) == 1 else ""
