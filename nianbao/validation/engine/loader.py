"""Line-aware loader for `catalog/rules/<edition>/<level>.yaml` (校验规则文件).

A bad file is refused with a Chinese message naming the file and line (and the column for
expression errors): unknown indicator code, parse error, missing truth-table cases, unknown kind,
severity or missing-value strategy, duplicate rule id.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from nianbao.paths import CATALOG_DIR

from .catalog_view import is_numeric, names_of, select, units_of
from .findings import Severity
from .formatting import parse_template, substitute_names
from .generate import generate
from .kinds import PARAM_KINDS, expand_params, fill_params
from .parser import ExpressionError, parse
from .rules import (
    EXPECTATIONS,
    GENERATED_KINDS,
    KINDS,
    SKIP_IF_ANY_MISSING,
    STRATEGIES,
    Case,
    RuleDef,
    RuleInstance,
    RuleSet,
)
from .syntax import refs

RULES_DIR = CATALOG_DIR / "rules"
_ID_RE = re.compile(r"^[A-Z]+(?:-[A-Z0-9]+)+$")
_RULE_KEYS = {
    "id", "kind", "severity", "expr", "message", "indicators", "missing", "cases",
    "for_each", "exclude", "params", "title",
}  # fmt: skip
_CASE_KEYS = {"values", "prev", "peers", "expect", "target", "numbers", "note"}


class RuleFileError(ValueError):
    """A rules file that cannot be used; the message is Chinese and names file and line."""


class _LDict(dict):
    line: int = 0
    key_marks: dict


class _LList(list):
    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    pass


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _LDict:
    loader.flatten_mapping(node)
    d = _LDict(loader.construct_pairs(node, deep=True))
    d.line = node.start_mark.line + 1
    d.key_marks = {
        k.value: (v.start_mark.line + 1, v.start_mark.column + 1, getattr(v, "style", None))
        for k, v in node.value
    }
    return d


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> _LList:
    seq = _LList(loader.construct_sequence(node, deep=True))
    seq.line = node.start_mark.line + 1
    seq.item_lines = [n.start_mark.line + 1 for n in node.value]
    return seq


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


@cache
def load_ruleset(edition: str, level: str) -> RuleSet:
    """The rule set of an edition and level, bound to its indicator catalog (cached)."""
    from nianbao.indicators.catalog import load_catalog

    return load_ruleset_file(
        RULES_DIR / str(edition) / f"{level}.yaml", load_catalog(edition, level)
    )


def load_ruleset_file(path: Path | str, catalog: Any) -> RuleSet:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleFileError(f"{path.name}：无法读取校验规则文件（{exc.strerror}）") from None
    return load_ruleset_text(text, catalog, name=path.name)


def load_ruleset_text(text: str, catalog: Any, *, name: str = "rules.yaml") -> RuleSet:
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise RuleFileError(f"{name} 第 {line} 行：YAML 格式错误（{exc.problem}）") from None
    return _Builder(catalog, name).build(doc)


class _Builder:
    def __init__(self, catalog: Any, name: str) -> None:
        self.catalog = catalog
        self.name = name
        self.units = units_of(catalog)
        self.names = names_of(catalog)

    def fail(self, line: int, message: str) -> RuleFileError:
        return RuleFileError(f"{self.name} 第 {line} 行：{message}")

    def build(self, doc: Any) -> RuleSet:
        if not isinstance(doc, _LDict):
            raise self.fail(1, "文件应为映射（edition、level、generated、rules）")
        for key in ("edition", "level", "prefix"):
            if key not in doc:
                raise self.fail(doc.line, f"缺少字段 {key}")
        if str(doc["level"]) != str(getattr(self.catalog, "level", doc["level"])):
            raise self.fail(doc.key_marks["level"][0], "level 与指标目录不一致")
        prefix = str(doc["prefix"])
        defs: list[RuleDef] = []
        generated = doc.get("generated") or _LDict()
        for kind in GENERATED_KINDS:
            if kind not in generated:
                raise self.fail(getattr(generated, "line", doc.line), f"generated 中缺少 {kind}")
        for kind, spec in generated.items():
            line = generated.key_marks[kind][0]
            if kind not in GENERATED_KINDS:
                raise self.fail(line, f"未知的生成规则类型 {kind}")
            defs.append(self.generated(prefix, kind, spec, line))
        seen: dict[str, int] = {}
        rules = doc.get("rules") or _LList()
        if not isinstance(rules, _LList):
            raise self.fail(doc.key_marks["rules"][0], "rules 应为列表")
        for raw, line in zip(rules, rules.item_lines, strict=True):
            d = self.rule(raw, line)
            if d.id in seen:
                raise self.fail(line, f"规则编号 {d.id} 重复（第 {seen[d.id]} 行已定义）")
            seen[d.id] = line
            defs.append(d)
        return RuleSet(
            str(doc["edition"]), str(doc["level"]), tuple(defs), self.catalog, self.name, prefix
        )

    def generated(self, prefix: str, kind: str, spec: Any, line: int) -> RuleDef:
        if not isinstance(spec, _LDict):
            raise self.fail(line, f"generated.{kind} 应为映射")
        severity = self.severity(spec, spec.get("severity", "error"))
        exclude = self.codes(spec, "exclude", spec.get("exclude", []))
        instances = generate(self.catalog, prefix, kind, severity=severity, exclude=exclude)
        cases = self.cases(spec, instances, line, f"generated.{kind}")
        return RuleDef(f"{prefix}-{kind}", kind, line, cases, tuple(instances), generated=True)

    def rule(self, raw: Any, line: int) -> RuleDef:
        if not isinstance(raw, _LDict):
            raise self.fail(line, "规则应为映射")
        unknown = set(raw) - _RULE_KEYS
        if unknown:
            key = sorted(unknown)[0]
            raise self.fail(raw.key_marks[key][0], f"未知字段 {key}")
        for key in ("id", "kind", "severity"):
            if key not in raw:
                raise self.fail(line, f"规则缺少字段 {key}")
        rule_id = str(raw["id"])
        if not _ID_RE.match(rule_id):
            raise self.fail(raw.key_marks["id"][0], f"规则编号 {rule_id} 格式不对（如 H-SC-003）")
        kind = raw["kind"]
        if kind not in KINDS:
            raise self.fail(
                raw.key_marks["kind"][0], f"未知的规则类型 {kind}（可用：{'、'.join(KINDS)}）"
            )
        severity = self.severity(raw, raw["severity"])
        missing = raw.get("missing", SKIP_IF_ANY_MISSING)
        if missing not in STRATEGIES:
            raise self.fail(
                raw.key_marks["missing"][0],
                f"未知的缺失值策略 {missing}（可用：{'、'.join(STRATEGIES)}）",
            )
        expr, message, params = self.expr_and_message(raw, kind, line)
        targets = self.targets(raw, kind)
        if "$" in expr and targets is None:
            raise self.fail(line, "表达式含 $，需用 for_each 指定适用的指标")
        instances = []
        for target in targets or [None]:
            instances.append(
                self.instance(raw, rule_id, kind, severity, missing, expr, message, target)
            )
        cases = self.cases(raw, instances, line)
        return RuleDef(rule_id, kind, line, cases, tuple(instances))

    def expr_and_message(self, raw: _LDict, kind: str, line: int) -> tuple[str, str, dict]:
        params: dict = {}
        if "expr" in raw:
            expr, message = str(raw["expr"]), raw.get("message")
            if "params" in raw:
                raise self.fail(raw.key_marks["params"][0], "已写 expr 时不能再给 params")
        elif kind in PARAM_KINDS:
            try:
                expr, message, params = expand_params(kind, dict(raw.get("params") or {}))
            except KeyError as exc:
                raise self.fail(
                    raw.key_marks["params"][0], f"{kind} 不支持参数 {exc.args[0]}"
                ) from None
            except (TypeError, ValueError) as exc:
                raise self.fail(raw.key_marks["params"][0], f"参数错误：{exc}") from None
            message = raw.get("message", message)
        else:
            raise self.fail(line, "规则缺少 expr")
        if not message:
            raise self.fail(line, "规则缺少 message（中文提示模板）")
        return expr, fill_params(str(message), params), params

    def targets(self, raw: _LDict, kind: str) -> list[str] | None:
        if "for_each" not in raw:
            return None
        items = raw["for_each"]
        items = [items] if isinstance(items, str) else items
        line = raw.key_marks["for_each"][0]
        out: list[str] = []
        for sel in items:
            try:
                found = select(self.catalog, str(sel))
            except KeyError:
                raise self.fail(
                    line, f"无法识别的指标选择器 {sel}（可用 type:、unit:、table:）"
                ) from None
            if not found:
                raise self.fail(line, f"for_each 中的 {sel} 没有匹配任何指标（未知指标代码？）")
            out.extend(c for c in found if c not in out and is_numeric(self.catalog.indicators[c]))
        excluded = self.codes(raw, "exclude", raw.get("exclude", []))
        return [c for c in out if c not in excluded]

    def instance(
        self, raw, rule_id, kind, severity, missing, expr, message, target
    ) -> RuleInstance:
        line, col, style = raw.key_marks.get("expr", (raw.line, 1, None))
        if target is not None:
            expr = expr.replace("$", target)
            message = message.replace("$", target)
        try:
            node = parse(expr)
        except ExpressionError as exc:
            raise self.expr_error(line, col, style, expr, exc) from None
        for ref in refs(node):
            spec = self.catalog.indicators.get(ref.code)
            if spec is None:
                raise self.fail(line, f"表达式中有未知指标代码 {ref.code}")
            if not is_numeric(spec):
                raise self.fail(line, f"指标 {ref.code} 不是数值型，不能参与计算")
        mline = raw.key_marks.get("message", (raw.line,))[0]
        try:
            text = substitute_names(message, self.names)
            template = parse_template(text, self.units)
        except KeyError as exc:
            raise self.fail(mline, f"提示模板中有未知指标代码 {exc.args[0]}") from None
        except ExpressionError as exc:
            raise self.fail(mline, f"提示模板占位符错误：{exc.message}") from None
        for part in template:
            if not isinstance(part, str):
                for ref in refs(part.node):
                    if ref.code not in self.catalog.indicators:
                        raise self.fail(mline, f"提示模板中有未知指标代码 {ref.code}")
        if "indicators" in raw:
            indicators = self.codes(raw, "indicators", raw["indicators"])
            if target is not None and target not in indicators:
                indicators = [target, *indicators]
        else:
            indicators = list(dict.fromkeys(r.code for r in refs(node)))
        return RuleInstance(
            rule_id=rule_id if target is None else f"{rule_id}/{target}",
            kind=kind,
            severity=severity,
            expr=expr,
            node=node,
            message=template,
            indicators=tuple(indicators),
            missing=missing,
            target=target,
        )

    def expr_error(self, line, col, style, expr, exc: ExpressionError) -> RuleFileError:
        before = expr[: exc.pos]
        if style in ("|", ">") or "\n" in before:
            line = line + (1 if style in ("|", ">") else 0) + before.count("\n")
            col = exc.pos - before.rfind("\n")
        else:
            col = col + exc.pos + (1 if style in ("'", '"') else 0)
        return RuleFileError(f"{self.name} 第 {line} 行第 {col} 列：表达式错误：{exc.message}")

    def severity(self, raw: _LDict, value: Any) -> Severity:
        try:
            return Severity(value)
        except ValueError:
            line = raw.key_marks.get("severity", (raw.line,))[0]
            raise self.fail(line, f"未知的严重程度 {value}（可用：error、warning、info）") from None

    def codes(self, raw: _LDict, key: str, value: Any) -> list[str]:
        value = [value] if isinstance(value, str) else list(value or [])
        for code in value:
            if code not in self.catalog.indicators:
                raise self.fail(raw.key_marks[key][0], f"{key} 中有未知指标代码 {code}")
        return value

    def cases(
        self, raw: _LDict, instances: list[RuleInstance], line: int, label: str = "规则"
    ) -> tuple[Case, ...]:
        rows = raw.get("cases")
        if not rows:
            raise self.fail(line, f"{label}没有真值表用例（cases），每条规则都必须附带用例")
        out = []
        targets = {i.target for i in instances}
        for row, rline in zip(rows, rows.item_lines, strict=True):
            if not isinstance(row, _LDict):
                raise self.fail(rline, "用例应为映射")
            unknown = set(row) - _CASE_KEYS
            if unknown:
                raise self.fail(rline, f"用例中有未知字段 {sorted(unknown)[0]}")
            expect = row.get("expect", "fail")
            if expect not in EXPECTATIONS:
                raise self.fail(rline, f"expect 只能是 pass、fail 或 skip，而不是 {expect}")
            target = row.get("target")
            if target is not None and target not in targets:
                raise self.fail(rline, f"用例的 target: {target} 不是本规则适用的指标")
            values = self.case_values(row, "values", rline)
            prev = self.case_values(row, "prev", rline)
            peers = dict(row.get("peers") or {})
            for code in peers:
                if code not in self.catalog.indicators:
                    raise self.fail(rline, f"用例中有未知指标代码 {code}")
            numbers = {str(k): str(v) for k, v in (row.get("numbers") or {}).items()}
            out.append(
                Case(rline, values, prev, peers, expect, target, numbers, str(row.get("note", "")))
            )
        return tuple(out)

    def case_values(self, row: _LDict, key: str, line: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for code, v in (row.get(key) or {}).items():
            if code not in self.catalog.indicators:
                raise self.fail(line, f"用例中有未知指标代码 {code}")
            # Numbers become Decimal, the type real submissions carry.
            numeric = isinstance(v, int | float) and not isinstance(v, bool)
            out[code] = Decimal(str(v)) if numeric else v
        return out
