"""Run a rule set over one school or many (执行校验).

A rule set is compiled once per catalog into closures (see `scalar`); each school's values are
converted to floats once and every rule is a closure call over that plain dict. Findings (and
their messages) are only built for rules that fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .catalog_view import is_numeric
from .findings import Finding, Severity
from .formatting import BLANK, UNDEFINED, Placeholder, format_number
from .peers import EMPTY, PeerStats
from .rules import (
    NEVER_SKIP,
    SKIP_IF_ALL_MISSING,
    SKIP_IF_ANY_MISSING,
    TREAT_MISSING_AS_ZERO,
    RuleInstance,
    RuleSet,
)
from .scalar import UNDECIDED, compile_scalar
from .syntax import CUR, PREV, Logic, refs, walk


class CompiledRule:
    """A rule instance with its closure and missing-value handling baked in."""

    __slots__ = ("inst", "fn", "never_skip", "placeholders")

    def __init__(self, inst: RuleInstance) -> None:
        self.inst = inst
        self.never_skip = inst.missing == NEVER_SKIP
        zero = inst.missing in (TREAT_MISSING_AS_ZERO, SKIP_IF_ALL_MISSING)
        fn = compile_scalar(inst.node, zero_fill=zero)
        operands = refs(inst.node)
        cur = tuple(r.code for r in operands if r.source == CUR)
        prev = tuple(r.code for r in operands if r.source == PREV)
        if inst.missing == SKIP_IF_ALL_MISSING:
            fn = _skip_if_all(fn, cur, prev)
        elif inst.missing == SKIP_IF_ANY_MISSING and any(
            isinstance(n, Logic) for n in walk(inst.node)
        ):
            # `and`/`or` may decide without reading every operand; the strategy says skip anyway.
            fn = _skip_if_any(fn, cur, prev)
        self.fn = fn
        self.placeholders = [
            (p, compile_scalar(p.node)) for p in inst.message if isinstance(p, Placeholder)
        ]

    def outcome(self, cur: dict, prev: dict, peers: PeerStats) -> str:
        """`pass`, `fail` or `skip` (used by truth tables)."""
        try:
            ok = self.fn(cur, prev, peers)
        except UNDECIDED:
            return "fail" if self.never_skip else "skip"
        return "pass" if ok else "fail"

    def finding(self, cur: dict, prev: dict, peers: PeerStats) -> Finding:
        numbers: dict[str, str] = {}
        for p, fn in self.placeholders:
            try:
                numbers[p.key] = format_number(fn(cur, prev, peers), p.unit, p.decimals)
            except KeyError:
                numbers[p.key] = BLANK
            except (ZeroDivisionError, ValueError, OverflowError):
                numbers[p.key] = UNDEFINED
        parts = [part if isinstance(part, str) else numbers[part.key] for part in self.inst.message]
        inst = self.inst
        return Finding(
            inst.rule_id, inst.kind, inst.severity, "".join(parts), inst.indicators, numbers
        )


def _skip_if_all(fn, cur, prev):
    def wrapped(c, p, s):
        for k in cur:
            if k in c:
                return fn(c, p, s)
        for k in prev:
            if k in p:
                return fn(c, p, s)
        raise KeyError("all operands missing")

    return wrapped


def _skip_if_any(fn, cur, prev):
    def wrapped(c, p, s):
        for k in cur:
            if k not in c:
                raise KeyError(k)
        for k in prev:
            if k not in p:
                raise KeyError(k)
        return fn(c, p, s)

    return wrapped


class CompiledRuleSet:
    """A rule set compiled against its catalog; reuse it for every school of that catalog."""

    def __init__(self, catalog: Any, ruleset: RuleSet) -> None:
        self.catalog = catalog
        self.ruleset = ruleset
        inds = catalog.indicators
        self.numeric = tuple(c for c, s in inds.items() if is_numeric(s))
        self.numeric_set = frozenset(self.numeric)
        self.choices = {c: tuple(s.choices) for c, s in inds.items() if getattr(s, "choices", None)}
        self.names = {c: s.name for c, s in inds.items()}
        self.rules = [CompiledRule(i) for i in ruleset.rules]
        by_id = {d.id: d for d in ruleset.definitions}
        tr = by_id.get(f"{ruleset.prefix}-type_range")
        self.type_severity = tr.instances[0].severity if tr and tr.instances else Severity.ERROR

    def floats(self, values: Mapping[str, Any] | None, errors: list | None = None) -> dict:
        """Numeric values as floats; blanks left out; unreadable values reported in `errors`."""
        out: dict[str, float] = {}
        if not values:
            return out
        numeric = self.numeric_set
        for code, v in values.items():
            if v is None or code not in numeric or v == "":
                continue
            try:
                f = float(v)
            except (TypeError, ValueError):
                if errors is not None:
                    errors.append(code)
                continue
            if f - f != 0:  # NaN or infinity
                if errors is not None:
                    errors.append(code)
                continue
            out[code] = f
        return out

    def validate(
        self,
        values: Mapping[str, Any],
        prev_values: Mapping[str, Any] | None = None,
        peers: PeerStats | None = None,
    ) -> list[Finding]:
        bad: list[str] = []
        cur = self.floats(values, bad)
        prev = self.floats(prev_values)
        peers = peers or EMPTY
        out = [self.type_finding(code, values[code]) for code in bad]
        for code, allowed in self.choices.items():
            v = values.get(code)
            if v not in (None, "") and v not in allowed:
                out.append(self.choice_finding(code, v, allowed))
        for rule in self.rules:
            try:
                if rule.fn(cur, prev, peers):
                    continue
            except UNDECIDED:
                if not rule.never_skip:
                    continue
            out.append(rule.finding(cur, prev, peers))
        return out

    def type_finding(self, code: str, raw: Any) -> Finding:
        message = f"「{self.names[code]}」应填写数值，填报内容为“{raw}”。"
        return self._input_finding(code, message, str(raw))

    def choice_finding(self, code: str, raw: Any, allowed: tuple) -> Finding:
        options = "、".join(allowed)
        message = f"「{self.names[code]}」只能选择 {options}，填报内容为“{raw}”。"
        return self._input_finding(code, message, str(raw))

    def _input_finding(self, code: str, message: str, raw: str) -> Finding:
        rule_id = f"{self.ruleset.prefix}-TR/{code}"
        return Finding(rule_id, "type_range", self.type_severity, message, (code,), {code: raw})


_CACHE: dict[tuple[int, int], tuple[Any, RuleSet, CompiledRuleSet]] = {}


def compile_ruleset(catalog: Any, ruleset: RuleSet) -> CompiledRuleSet:
    """The compiled form of `ruleset` for `catalog` (cached per catalog and rule set object)."""
    key = (id(catalog), id(ruleset))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is catalog and hit[1] is ruleset:
        return hit[2]
    compiled = CompiledRuleSet(catalog, ruleset)
    _CACHE[key] = (catalog, ruleset, compiled)
    return compiled


def validate(
    catalog: Any,
    ruleset: RuleSet,
    values: Mapping[str, Any],
    *,
    prev_values: Mapping[str, Any] | None = None,
    peers: PeerStats | None = None,
) -> list[Finding]:
    """Findings for one school's values (all six tables in one flat dict)."""
    return compile_ruleset(catalog, ruleset).validate(values, prev_values, peers)


def validate_many(
    catalog: Any,
    ruleset: RuleSet,
    values_by_school: Mapping[str, Mapping[str, Any]],
    *,
    prev_by_school: Mapping[str, Mapping[str, Any]] | None = None,
    peers: PeerStats | None = None,
) -> dict[str, list[Finding]]:
    """Findings per school for many schools of one level, compiling the rule set once."""
    compiled = compile_ruleset(catalog, ruleset)
    prev_by_school = prev_by_school or {}
    return {
        school: compiled.validate(values, prev_by_school.get(school), peers)
        for school, values in values_by_school.items()
    }
