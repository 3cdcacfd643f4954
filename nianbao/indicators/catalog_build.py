"""Building a `Catalog` from the text of a catalog file, with every check the loader makes.

Two passes: `_Reader` walks the YAML tree into rows in display order (nested `children:`,
out-of-line `parent:`, survey companions), then `_check_*` functions validate references,
units, sums and aggregates over the whole file, so forward references (e.g. a weight defined
in a later table) work.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from nianbao.indicators.catalog_expr import ExpressionError, expression_codes
from nianbao.indicators.catalog_spec import (
    AGGREGATE_KINDS,
    CHILDREN_SUM,
    DEFAULT_DECIMALS,
    LEVELS,
    NUMERIC_TYPES,
    SURVEY_METHODS,
    TABLES,
    UNITS_BY_TYPE,
    Catalog,
    CatalogError,
    IndicatorSpec,
    TableSpec,
)
from nianbao.indicators.catalog_yaml import LineDict, YamlLineError, read_yaml

__all__ = ["build_catalog"]

_CODE = re.compile(r"[a-z][a-z0-9_]*")
_ROOT_KEYS = {"edition", "level", "name", "tables"}
_TABLE_KEYS = {"code", "number", "name", "indicators"}
_INDICATOR_KEYS = {
    "code", "seq", "name", "display_name", "unit", "value_type", "children_sum", "children",
    "parent", "definition", "aggregate", "row_of", "choices", "decimals", "survey",
}  # fmt: skip


def build_catalog(text: str, filename: str) -> Catalog:
    """Parse and check catalog text; `filename` only names the file in error messages."""
    try:
        root = read_yaml(text)
    except YamlLineError as exc:
        raise CatalogError(_where(filename, exc.line) + str(exc)) from None
    reader = _Reader(filename)
    catalog = reader.read(root)
    specs = {spec.code: spec for table in catalog.tables for spec in table.indicators}
    _check_rows(reader, specs)
    _check_aggregates(reader, specs)
    return _finish(catalog)


def _where(filename: str, line: int) -> str:
    return f"{filename} 第 {line} 行：" if line else f"{filename}："


class _Reader:
    """Turns the YAML tree into IndicatorSpecs in display order (first pass)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.specs: dict[str, IndicatorSpec] = {}
        self.table_codes: set[str] = set()
        self.declared_children_sum: set[str] = set()

    def fail(self, line: int, message: str) -> CatalogError:
        return CatalogError(_where(self.filename, line) + message)

    def read(self, root: Any) -> Catalog:
        if not isinstance(root, LineDict):
            raise self.fail(0, "文件应是一个映射（edition、level、tables）")
        self._unknown_keys(root, _ROOT_KEYS, "文件顶层")
        for key in ("edition", "level", "tables"):
            if key not in root:
                raise self.fail(root.line, f"缺少“{key}”")
        level = str(root["level"])
        if level not in LEVELS:
            raise self.fail(root.line_of("level"), f"未知的学校层次“{level}”")
        if not isinstance(root["tables"], list) or not root["tables"]:
            raise self.fail(root.line_of("tables"), "tables 应为非空列表")
        tables = tuple(self._table(item) for item in root["tables"])
        return Catalog(
            edition=str(root["edition"]), level=level, name=str(root.get("name", "")), tables=tables
        )

    def _unknown_keys(self, mapping: LineDict, allowed: set[str], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                raise self.fail(mapping.line_of(key), f"{where}有未知的键“{key}”")

    def _table(self, item: Any) -> TableSpec:
        if not isinstance(item, LineDict):
            raise self.fail(0, "tables 的每一项应是映射")
        self._unknown_keys(item, _TABLE_KEYS, "数据表")
        code = item.get("code")
        if code not in TABLES:
            raise self.fail(
                item.line_of("code"), f"数据表代码“{code}”不在六张表之中：{'、'.join(TABLES)}"
            )
        if code in self.table_codes:
            raise self.fail(item.line_of("code"), f"数据表 {code} 重复")
        self.table_codes.add(code)
        if item.get("number") != TABLES[code]:
            raise self.fail(
                item.line_of("number"),
                f"数据表 {code} 应为附表 {TABLES[code]}，写的是“{item.get('number')}”",
            )
        if not item.get("name"):
            raise self.fail(item.line, f"数据表 {code} 缺少名称 name")
        rows: list[IndicatorSpec] = []
        self._rows(item.get("indicators"), code, None, 0, rows, item.line)
        if not rows:
            raise self.fail(item.line, f"数据表 {code} 没有指标")
        return TableSpec(
            code=code, number=TABLES[code], name=str(item["name"]), indicators=tuple(rows)
        )

    def _rows(
        self, items: Any, table: str, parent: str | None, depth: int, out: list, line: int
    ) -> None:
        if items is None:
            return
        if not isinstance(items, list):
            raise self.fail(line, "indicators/children 应为列表")
        for item in items:
            self._row(item, table, parent, depth, out)

    def _row(self, item: Any, table: str, parent: str | None, depth: int, out: list) -> None:
        if not isinstance(item, LineDict):
            raise self.fail(0, f"数据表 {table} 中有一项不是映射")
        self._unknown_keys(item, _INDICATOR_KEYS, "指标")
        line = item.line
        code = item.get("code")
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            raise self.fail(
                item.line_of("code"), f"指标代码“{code}”无效：应为小写英文、数字和下划线"
            )
        if "parent" in item:
            if parent is not None:
                raise self.fail(
                    item.line_of("parent"), f"指标代码 {code}：嵌套在 children 中时不能再写 parent"
                )
            parent = item["parent"]
            owner = self.specs.get(parent)
            if owner is None or owner.table != table:
                raise self.fail(
                    item.line_of("parent"),
                    f"指标代码 {code} 的上级“{parent}”须是本表中排在前面的指标",
                )
            depth = owner.depth + 1
        spec = self._spec(item, code, table, parent, depth)
        self._add(spec, item.line_of("code"))
        out.append(spec)
        if spec.survey:
            for companion in _survey_companions(spec):
                self._add(companion, line)
                out.append(companion)
        self._rows(item.get("children"), table, code, depth + 1, out, item.line_of("children"))

    def _add(self, spec: IndicatorSpec, line: int) -> None:
        if spec.code in self.specs or spec.code in TABLES:
            raise self.fail(line, f"指标代码 {spec.code} 重复")
        self.specs[spec.code] = spec

    def _spec(
        self, item: LineDict, code: str, table: str, parent: str | None, depth: int
    ) -> IndicatorSpec:
        line = item.line
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise self.fail(line, f"指标代码 {code} 缺少名称 name")
        value_type = item.get("value_type")
        if value_type not in UNITS_BY_TYPE:
            raise self.fail(
                item.line_of("value_type"), f"指标代码 {code}：未知的数值类型“{value_type}”"
            )
        unit = item.get("unit")
        if unit is None or (unit == "" and value_type in NUMERIC_TYPES):
            raise self.fail(line, f"指标代码 {code} 缺少单位 unit")
        unit = str(unit)
        if unit not in UNITS_BY_TYPE[value_type]:
            raise self.fail(
                item.line_of("unit"), f"指标代码 {code}：数值类型 {value_type} 不能使用单位“{unit}”"
            )
        seq = item.get("seq")
        if seq is not None and (not isinstance(seq, int) or isinstance(seq, bool) or seq < 1):
            raise self.fail(item.line_of("seq"), f"指标代码 {code}：序号 seq 应为正整数")
        if seq is not None and parent is not None:
            raise self.fail(item.line_of("seq"), f"指标代码 {code}：其中项不能有序号 seq")
        decimals = item.get("decimals", DEFAULT_DECIMALS.get(value_type, 0))
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
            raise self.fail(item.line_of("decimals"), f"指标代码 {code}：decimals 应为 0～6 的整数")
        children_sum = item.get("children_sum", "none")
        if "children_sum" in item:
            self.declared_children_sum.add(code)
        if children_sum not in CHILDREN_SUM:
            raise self.fail(
                item.line_of("children_sum"),
                f"指标代码 {code}：children_sum 应为 {'、'.join(CHILDREN_SUM)}，写的是“{children_sum}”",
            )
        choices = item.get("choices") or ()
        if value_type == "choice" and not choices:
            raise self.fail(line, f"指标代码 {code}：选择题须列出 choices")
        survey = item.get("survey", False)
        if survey not in (True, False):
            raise self.fail(item.line_of("survey"), f"指标代码 {code}：survey 应为 true 或 false")
        if survey and value_type != "percent":
            raise self.fail(
                item.line_of("survey"), f"指标代码 {code}：只有百分比指标可以是满意度调查项"
            )
        if "row_of" in item and (parent is not None or item.get("children")):
            raise self.fail(
                item.line_of("row_of"), f"指标代码 {code}：row_of 行不能是其中项，也不能有其中项"
            )
        aggregate = str(item.get("aggregate", "none" if value_type not in NUMERIC_TYPES else ""))
        display_name = item.get("display_name", name)
        return IndicatorSpec(
            code=code,
            table=table,
            seq=seq,
            name=name.strip(),
            unit=unit,
            value_type=value_type,
            parent=parent,
            depth=depth,
            children_sum=children_sum,
            definition=str(item.get("definition", "")).strip(),
            aggregate=aggregate.strip(),
            row_of=item.get("row_of"),
            choices=tuple(str(c) for c in choices),
            decimals=decimals,
            display_name=str(display_name),
            survey=bool(survey),
            line=line,
        )


def _survey_companions(spec: IndicatorSpec) -> tuple[IndicatorSpec, IndicatorSpec]:
    common = {
        "table": spec.table,
        "seq": None,
        "depth": spec.depth,
        "survey_of": spec.code,
        "line": spec.line,
    }
    respondents = IndicatorSpec(
        code=f"{spec.code}_respondents",
        name="调查人次",
        unit="人次",
        value_type="count",
        aggregate="sum",
        definition=f"“{spec.name}”调查的有效样本人次。",
        display_name="调查人次",
        **common,
    )
    method = IndicatorSpec(
        code=f"{spec.code}_method",
        name="调查方式",
        unit="",
        value_type="choice",
        choices=SURVEY_METHODS,
        definition=f"“{spec.name}”调查采用的方式。",
        display_name="调查方式",
        **common,
    )
    return respondents, method


def _check_rows(reader: _Reader, specs: dict[str, IndicatorSpec]) -> None:
    """References, children sums and units (second pass)."""
    children: dict[str, list[str]] = {}
    order = list(specs)
    for spec in specs.values():
        if spec.row_of is not None:
            target = specs.get(spec.row_of)
            if target is None or order.index(spec.row_of) > order.index(spec.code):
                raise reader.fail(
                    spec.line, f"指标代码 {spec.code} 的 row_of 指向未知或靠后的指标“{spec.row_of}”"
                )
            if target.row_of is not None or target.table != spec.table:
                raise reader.fail(spec.line, f"指标代码 {spec.code} 的 row_of 须指向本表的第一值行")
        if spec.parent is not None:
            children.setdefault(spec.parent, []).append(spec.code)
    for code, spec in specs.items():
        kids = children.get(code, [])
        # "none" is the default, so a parent must state its children_sum explicitly.
        if kids and code not in reader.declared_children_sum:
            raise reader.fail(spec.line, f"指标代码 {code} 有其中项，须声明 children_sum")
        if not kids and spec.children_sum != "none":
            raise reader.fail(
                spec.line, f"指标代码 {code} 声明了 children_sum: {spec.children_sum}，但没有其中项"
            )
        if spec.children_sum in ("exhaustive", "subset"):
            _check_child_units(reader, spec, [specs[k] for k in kids])


def _check_child_units(reader: _Reader, parent: IndicatorSpec, kids: list[IndicatorSpec]) -> None:
    if not parent.is_numeric:
        raise reader.fail(
            parent.line,
            f"指标代码 {parent.code} 不是数值，不能声明 children_sum: {parent.children_sum}",
        )
    units = {kid.unit for kid in kids}
    if parent.children_sum == "exhaustive" and len(units) > 1:
        raise reader.fail(
            parent.line,
            f"指标代码 {parent.code} 声明 children_sum: exhaustive，但其中项单位不同（{'、'.join(sorted(units))}），不能相加",
        )
    for kid in kids:
        if kid.unit != parent.unit or kid.value_type != parent.value_type:
            raise reader.fail(
                kid.line,
                f"指标代码 {kid.code} 的单位“{kid.unit}”与上级 {parent.code} 的单位“{parent.unit}”不一致，"
                f"不能作为 {parent.children_sum} 其中项",
            )


def _check_aggregates(reader: _Reader, specs: dict[str, IndicatorSpec]) -> None:
    for spec in specs.values():
        kind, _, arg = spec.aggregate.partition(":")
        arg = arg.strip()
        where = f"指标代码 {spec.code}"
        if not spec.aggregate:
            raise reader.fail(spec.line, f"{where} 缺少汇总方式 aggregate")
        if kind not in AGGREGATE_KINDS:
            raise reader.fail(spec.line, f"{where}：未知的汇总方式“{spec.aggregate}”")
        if not spec.is_numeric and kind != "none":
            raise reader.fail(spec.line, f"{where} 不是数值，汇总方式只能是 none")
        if kind in ("weighted", "recompute") and not arg:
            raise reader.fail(spec.line, f"{where}：汇总方式 {kind} 须写明“{kind}:…”")
        if kind not in ("weighted", "recompute") and arg:
            raise reader.fail(spec.line, f"{where}：汇总方式 {kind} 不带参数")
        if kind == "sum" and spec.value_type in ("percent", "ratio"):
            raise reader.fail(
                spec.line,
                f"{where} 是{'百分比' if spec.value_type == 'percent' else '比值'}，不能按 sum 相加汇总",
            )
        if kind == "weighted":
            weight = specs.get(arg)
            if weight is None:
                raise reader.fail(spec.line, f"{where} 的加权依据“{arg}”不是已知指标代码")
            if weight.value_type not in ("count", "decimal", "amount"):
                raise reader.fail(spec.line, f"{where} 的加权依据 {arg} 应为数量")
        if kind == "recompute":
            try:
                codes = expression_codes(arg)
            except ExpressionError as exc:
                raise reader.fail(spec.line, f"{where}：{exc}") from None
            for code in codes:
                if code not in specs or not specs[code].is_numeric:
                    raise reader.fail(spec.line, f"{where} 的重算表达式含未知指标代码“{code}”")


def _finish(catalog: Catalog) -> Catalog:
    """Fill in `children` and `label` now that the whole file is known."""
    kids: dict[str, list[str]] = {}
    for spec in catalog.indicators.values():
        if spec.parent is not None:
            kids.setdefault(spec.parent, []).append(spec.code)
    tables = []
    for table in catalog.tables:
        rows = []
        for spec in table.indicators:
            label = spec.display_name
            if spec.parent is not None and spec.depth == 1 and kids[spec.parent][0] == spec.code:
                label = "其中：" + label
            rows.append(replace(spec, children=tuple(kids.get(spec.code, ())), label=label))
        tables.append(replace(table, indicators=tuple(rows)))
    return Catalog(
        edition=catalog.edition, level=catalog.level, name=catalog.name, tables=tuple(tables)
    )
